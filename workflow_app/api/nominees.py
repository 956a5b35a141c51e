"""Nominees: POST /nominees, GET /nominees/{id}."""

from flask import request

from ..services.nominees import create_nominee, get_nominee
from . import bp
from .context import use_case
from .schemas import NomineeIn, NomineeOut

# Schema instances are built once: constructing one per request costs more than using it.
NOMINEE_IN = NomineeIn()
NOMINEE_OUT = NomineeOut()


@bp.post("/nominees")
def post_nominee():
    body = NOMINEE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        nominee = create_nominee(
            ctx, body["kind"], body["name"], body["unit"], body["external_ref"]
        )
        return NOMINEE_OUT.dump(nominee), 201


@bp.get("/nominees/<int:nominee_id>")
def get_nominee_view(nominee_id: int):
    with use_case() as ctx:
        return NOMINEE_OUT.dump(get_nominee(ctx, nominee_id))
