"""Disciplinary holds (X2): place, clear, list."""

from flask import request

from ..services import holds as hold_service
from . import bp
from .context import use_case
from .schemas import HoldClearIn, HoldIn, HoldOut, HoldPage, HoldQuery

HOLD_IN = HoldIn()
HOLD_CLEAR_IN = HoldClearIn()
HOLD_OUT = HoldOut()
HOLD_PAGE = HoldPage()
HOLD_QUERY = HoldQuery()


@bp.post("/holds")
def place_hold():
    body = HOLD_IN.load(request.get_json() or {})
    with use_case() as ctx:
        hold = hold_service.place_hold(
            ctx, body["nominee_id"], body["kind"], body["reference"], body["note"]
        )
        return HOLD_OUT.dump(hold), 201


@bp.post("/holds/<int:hold_id>/clear")
def clear_hold(hold_id: int):
    body = HOLD_CLEAR_IN.load(request.get_json() or {})
    with use_case() as ctx:
        hold = hold_service.clear_hold(
            ctx, hold_id, body["reference"], body["outcome"], body["discipline_ended_on"]
        )
        return HOLD_OUT.dump(hold)


@bp.get("/holds")
def list_holds():
    query = HOLD_QUERY.load(request.args)
    with use_case() as ctx:
        holds = hold_service.list_holds(ctx, query["nominee_id"])
        return HOLD_PAGE.dump({"items": holds, "next_cursor": None})
