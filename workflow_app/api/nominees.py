"""Nominees: POST /nominees, GET /nominees?citizen_id=, GET /nominees/{id}."""

from flask import request

from ..domain.nominee import Identity
from ..services.nominees import create_nominee, find_nominees, get_nominee
from . import bp
from .context import use_case
from .paging import decode_cursor, page
from .schemas import NomineeIn, NomineeOut, NomineeQuery

# Schema instances are built once: constructing one per request costs more than using it.
NOMINEE_IN = NomineeIn()
NOMINEE_OUT = NomineeOut()
NOMINEE_QUERY = NomineeQuery()


@bp.post("/nominees")
def post_nominee():
    body = NOMINEE_IN.load(request.get_json() or {})
    identity = Identity(
        sex=body["sex"],
        citizen_id=body["citizen_id"],
        staff_total=body["staff_total"],
        women_total=body["women_total"],
        category=body["category"],
    )
    with use_case() as ctx:
        nominee = create_nominee(
            ctx, body["kind"], body["name"], body["unit"], body["external_ref"], identity
        )
        return NOMINEE_OUT.dump(nominee), 201


@bp.get("/nominees")
def list_nominees():
    """E2: is this person already registered? Within what the caller may see."""
    query = NOMINEE_QUERY.load(request.args)
    with use_case() as ctx:
        found = find_nominees(
            ctx,
            citizen_id=query.get("citizen_id"),
            limit=query["limit"],
            after_id=decode_cursor(query.get("cursor")),
        )
        return page(found, query["limit"], NOMINEE_OUT.dump)


@bp.get("/nominees/<int:nominee_id>")
def get_nominee_view(nominee_id: int):
    with use_case() as ctx:
        return NOMINEE_OUT.dump(get_nominee(ctx, nominee_id))
