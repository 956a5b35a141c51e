"""Quota caps (Q1-Q4): see cap, used and holders; an admin sets a cap."""

from flask import request

from ..services import quotas as quota_service
from . import bp
from .context import use_case
from .schemas import QuotaIn, QuotaOut, QuotaPage, QuotaQuery

QUOTA_IN = QuotaIn()
QUOTA_OUT = QuotaOut()
QUOTA_PAGE = QuotaPage()
QUOTA_QUERY = QuotaQuery()


@bp.get("/quotas")
def list_quotas():
    query = QUOTA_QUERY.load(request.args)
    with use_case() as ctx:
        items = quota_service.quota_overview(ctx, query.get("round"))
        return QUOTA_PAGE.dump({"items": items, "next_cursor": None})


@bp.put("/quotas")
def put_quota():
    body = QUOTA_IN.load(request.get_json() or {})
    with use_case() as ctx:
        cap = quota_service.set_cap(
            ctx, body["round"], body["award_form"], body["level"], body["cap"], body["jurisdiction"]
        )
        row = quota_service.cap_at(
            ctx, cap.jurisdiction_id, body["round"], body["award_form"], body["level"]
        )
        return QUOTA_OUT.dump(row)
