"""Dossiers: create, list, read, documents, submit, withdraw, history, replay."""

from flask import current_app, request, send_file

from ..domain.errors import Invalid, problem
from ..services import dossiers as dossier_service
from ..services.documents import add_document, document_path, served_type
from ..services.history import dossier_events, verify_dossier_chain
from ..services.read_models import dossier_detail, dossier_details
from ..services.replay import replay_dossier
from . import bp
from .context import use_case
from .paging import decode_cursor, page
from .schemas import (
    DocumentIn,
    DocumentOut,
    DossierIn,
    DossierOut,
    DossierQuery,
    HistoryOut,
    ReplayOut,
    WithdrawIn,
)

# Schema instances are built once: constructing one per request costs more than using it.
DOCUMENT_IN = DocumentIn()
DOCUMENT_OUT = DocumentOut()
DOSSIER_IN = DossierIn()
DOSSIER_OUT = DossierOut()
DOSSIER_QUERY = DossierQuery()
HISTORY_OUT = HistoryOut()
REPLAY_OUT = ReplayOut()
WITHDRAW_IN = WithdrawIn()


@bp.post("/dossiers")
def post_dossier():
    body = DOSSIER_IN.load(request.get_json() or {})
    with use_case() as ctx:
        dossier = dossier_service.create_dossier(
            ctx,
            body["nominee_id"],
            body["round"],
            body["award_form"],
            body["achievement_summary"],
            body["claims_initiative"],
            body["labour_order_class"],
            (body["achievement_from"], body["achievement_to"]),
        )
        return DOSSIER_OUT.dump(dossier_detail(ctx, dossier)), 201


@bp.get("/dossiers")
def list_dossiers():
    query = DOSSIER_QUERY.load(request.args)
    with use_case() as ctx:
        found = dossier_service.list_dossiers(
            ctx,
            status=query.get("status"),
            round_=query.get("round"),
            award_form=query.get("award_form"),
            limit=query["limit"],
            after_id=decode_cursor(query.get("cursor")),
        )
        details = {detail["id"]: detail for detail in dossier_details(ctx, found)}
        return page(found, query["limit"], lambda d: DOSSIER_OUT.dump(details[d.id]))


@bp.get("/dossiers/<int:dossier_id>")
def get_dossier(dossier_id: int):
    with use_case() as ctx:
        dossier = dossier_service.get_dossier(ctx, dossier_id)
        return DOSSIER_OUT.dump(dossier_detail(ctx, dossier))


@bp.post("/dossiers/<int:dossier_id>/documents")
def post_document(dossier_id: int):
    body = DOCUMENT_IN.load(request.form)
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("file_missing", details={"file": problem("file_part_required")})
    with use_case() as ctx:
        document = add_document(
            ctx,
            dossier_id,
            body["kind"],
            upload.filename or "",
            upload.stream,
            upload.mimetype,
            max_bytes=_max_upload_bytes(),
        )
        return DOCUMENT_OUT.dump(document), 201


def _max_upload_bytes() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"]


@bp.get("/dossiers/<int:dossier_id>/documents/<int:document_id>")
def download_document(dossier_id: int, document_id: int):
    with use_case() as ctx:
        document, path = document_path(ctx, dossier_id, document_id)
    return send_file(
        path,
        mimetype=served_type(document.original_filename),
        as_attachment=True,
        download_name=document.original_filename,
    )


@bp.post("/dossiers/<int:dossier_id>/submit")
def submit(dossier_id: int):
    with use_case() as ctx:
        dossier = dossier_service.submit_dossier(ctx, dossier_id)
        return DOSSIER_OUT.dump(dossier_detail(ctx, dossier))


@bp.post("/dossiers/<int:dossier_id>/withdraw")
def withdraw(dossier_id: int):
    body = WITHDRAW_IN.load(request.get_json(silent=True) or {})
    with use_case() as ctx:
        dossier = dossier_service.withdraw_dossier(ctx, dossier_id, body["reason"])
        return DOSSIER_OUT.dump(dossier_detail(ctx, dossier))


@bp.get("/dossiers/<int:dossier_id>/history")
def history(dossier_id: int):
    with use_case() as ctx:
        dossier = dossier_service.get_dossier(ctx, dossier_id)
        broken = verify_dossier_chain(ctx.session, dossier)
        return HISTORY_OUT.dump(
            {
                "dossier_id": dossier.id,
                "verified": broken is None,
                "broken_at": broken.seq if broken else None,
                "events": dossier_events(ctx.session, dossier.id),
            }
        )


@bp.post("/dossiers/<int:dossier_id>/replay")
def replay(dossier_id: int):
    """Re-run the dossier's pinned model from its history and compare (X4); writes nothing."""
    with use_case() as ctx:
        dossier = dossier_service.get_dossier(ctx, dossier_id)
        return REPLAY_OUT.dump(replay_dossier(ctx, dossier))
