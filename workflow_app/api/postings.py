"""Public posting (P1-P3): the dossiers waiting to be posted, postings, and the public's
comments with their resolution."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..domain.posting import (
    COMMENT_CHANNELS,
    MAX_AUTHOR,
    MAX_REASON,
    MAX_TEXT,
    MAX_URL,
    POSTING_STATUSES,
    RESOLUTIONS,
)
from ..domain.vocabulary import HOLD_KINDS
from ..services import postings as service
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime, database_id


class PostingQuery(RequestSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(POSTING_STATUSES))


class CommentOut(Schema):
    id = fields.Integer()
    dossier_id = fields.Integer()
    author = fields.String()
    channel = fields.String(metadata={"enum": list(COMMENT_CHANNELS)})
    text = fields.String()
    logged_by = fields.String()
    logged_at = UtcDateTime()
    resolution = fields.String(
        allow_none=True, metadata={"enum": list(RESOLUTIONS), "description": "null: chưa xử lý"}
    )
    reason = fields.String(allow_none=True)
    hold_id = fields.Integer(allow_none=True)
    resolved_by = fields.String(allow_none=True)
    resolved_at = UtcDateTime(allow_none=True)


class PostingOut(Schema):
    id = fields.Integer()
    jurisdiction = fields.String(attribute="jurisdiction_id")
    lane = fields.String()
    status = fields.String(metadata={"enum": list(POSTING_STATUSES)})
    dossier_ids = fields.List(fields.Integer())
    starts_on = fields.Date()
    ends_on = fields.Date(metadata={"description": "P1: ngày cuối, sau 10 ngày làm việc"})
    channel_url = fields.String()
    opened_by = fields.String()
    opened_at = UtcDateTime()
    closed_at = UtcDateTime(allow_none=True)
    comments = fields.List(fields.Nested(CommentOut))


class PostingsOut(Schema):
    items = fields.List(fields.Nested(PostingOut))
    next_cursor = fields.String(allow_none=True)


class WaitingOut(Schema):
    dossier_id = fields.Integer()
    jurisdiction = fields.String(attribute="jurisdiction_id")
    lane = fields.String()
    requested_at = UtcDateTime()


class WaitingListOut(Schema):
    items = fields.List(fields.Nested(WaitingOut))
    next_cursor = fields.String(allow_none=True)


class PostingIn(RequestSchema):
    dossier_ids = fields.List(
        database_id(strict=True), required=True, validate=validate.Length(min=1, max=500)
    )
    channel_url = fields.String(required=True, validate=validate.Length(min=1, max=MAX_URL))
    starts_on = fields.Date(
        load_default=None, metadata={"description": "Mặc định: hôm nay"}, allow_none=True
    )


class CommentIn(RequestSchema):
    dossier_id = database_id(
        load_default=None,
        strict=True,
        allow_none=True,
        metadata={"description": "Bắt buộc khi đợt công khai có nhiều hồ sơ"},
    )
    author = fields.String(required=True, validate=validate.Length(min=1, max=MAX_AUTHOR))
    channel = fields.String(required=True, validate=validate.OneOf(COMMENT_CHANNELS))
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class ResolveIn(RequestSchema):
    resolution = fields.String(required=True, validate=validate.OneOf(RESOLUTIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))
    hold_kind = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={"description": f"Khi resolution = hold; mặc định complaint ({HOLD_KINDS})"},
    )


POSTING_QUERY, POSTING_IN, COMMENT_IN, RESOLVE_IN = (
    PostingQuery(),
    PostingIn(),
    CommentIn(),
    ResolveIn(),
)


@bp.get("/postings")
def list_postings():
    query = POSTING_QUERY.load(request.args)
    with use_case() as ctx:
        items = service.list_postings(ctx, query["status"])
        return PostingsOut().dump({"items": items, "next_cursor": None})


@bp.get("/postings/candidates")
def posting_candidates():
    with use_case() as ctx:
        items = service.waiting_for_posting(ctx)
        return WaitingListOut().dump({"items": items, "next_cursor": None})


@bp.post("/postings")
def open_posting():
    body = POSTING_IN.load(request.get_json() or {})
    with use_case() as ctx:
        posting = service.open_posting(
            ctx, body["dossier_ids"], body["channel_url"], body["starts_on"]
        )
        return PostingOut().dump(posting), 201


@bp.get("/postings/<int:posting_id>")
def get_posting(posting_id: int):
    with use_case() as ctx:
        return PostingOut().dump(service.get_posting(ctx, posting_id))


@bp.post("/postings/<int:posting_id>/comments")
def add_comment(posting_id: int):
    body = COMMENT_IN.load(request.get_json() or {})
    with use_case() as ctx:
        comment = service.add_comment(
            ctx, posting_id, body["author"], body["channel"], body["text"], body["dossier_id"]
        )
        return CommentOut().dump(comment), 201


@bp.post("/postings/<int:posting_id>/comments/<int:comment_id>/resolve")
def resolve_comment(posting_id: int, comment_id: int):
    body = RESOLVE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        comment = service.resolve_comment(
            ctx, posting_id, comment_id, body["resolution"], body["reason"], body["hold_kind"]
        )
        return CommentOut().dump(comment)


OPERATIONS: list = [
    (
        "get",
        "/postings",
        "Các đợt công khai lấy ý kiến (P1-P3) của địa phương tôi được xem; status: open, closed",
        None,
        200,
        PostingsOut,
        (401, 422),
    ),
    (
        "get",
        "/postings/candidates",
        "Hồ sơ đã qua bước công khai của quy trình, đang chờ được đưa vào một đợt công khai (P1)",
        None,
        200,
        WaitingListOut,
        (401,),
    ),
    (
        "post",
        "/postings",
        "Mở đợt công khai (P1): các hồ sơ đang chờ, trang công khai, ngày bắt đầu; ngày kết "
        "thúc sau 10 ngày làm việc theo lịch nghỉ của địa phương",
        PostingIn,
        201,
        PostingOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/postings/{id}",
        "Đợt công khai, các hồ sơ và các ý kiến góp ý",
        None,
        200,
        PostingOut,
        (401, 404),
    ),
    (
        "post",
        "/postings/{id}/comments",
        "Ghi một ý kiến góp ý nhận được trong thời gian công khai (P2): ai, qua kênh nào, nội "
        "dung; 409 khi đợt đã kết thúc",
        CommentIn,
        201,
        CommentOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "post",
        "/postings/{id}/comments/{cid}/resolve",
        "Xử lý ý kiến (P2): dismissed kèm lý do, hoặc hold (mở vướng mắc X2, mặc định "
        "complaint, với đối tượng của hồ sơ); 409 khi đã xử lý",
        ResolveIn,
        200,
        CommentOut,
        (401, 403, 404, 409, 422),
    ),
]
QUERY_SCHEMAS = {("get", "/postings"): PostingQuery}
