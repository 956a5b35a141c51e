"""Selection sittings at a capped level (S1-S5): who waits, a preview, the sitting, its
minutes. The level's reviewers hold a sitting; its ranking decides who takes the slots."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..domain.roles import ROLE_KEY
from ..domain.selection import REASONS
from ..domain.vocabulary import AWARD_FORMS, INTEGER_MAX
from ..services.selection import reading
from ..services.selection import sittings as service
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime, at_least, at_most, database_id


class CandidateQuery(RequestSchema):
    round = fields.String(required=True, validate=validate.Length(min=1, max=32))
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    level = fields.String(required=True, validate=validate.Regexp(ROLE_KEY))
    jurisdiction = fields.String(load_default=None)


class CandidateNomineeOut(Schema):
    name = fields.String()
    kind = fields.String()
    sex = fields.String(allow_none=True)
    staff_total = fields.Integer(allow_none=True)
    women_total = fields.Integer(allow_none=True)


class CandidateOut(Schema):
    dossier_id = fields.Integer()
    nominee = fields.Nested(CandidateNomineeOut)
    unit = fields.String()
    proposed_at = UtcDateTime()


class CandidatesOut(Schema):
    jurisdiction = fields.String()
    round = fields.String()
    award_form = fields.String()
    level = fields.String()
    cap = fields.Integer(allow_none=True, metadata={"description": "null: không giới hạn (Q4)"})
    used = fields.Integer()
    threshold_percent = fields.Float()
    lower_award_form = fields.String(
        allow_none=True,
        metadata={"description": "S4: hình thức thấp hơn của chính cấp này; null: không có"},
    )
    items = fields.List(fields.Nested(CandidateOut))


def _count(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=[at_least(0), at_most(INTEGER_MAX)], **kwargs)


class VoteIn(RequestSchema):
    dossier_id = database_id(required=True, strict=True)
    votes_for = _count(required=True)


class SittingIn(RequestSchema):
    round = fields.String(required=True, validate=validate.Length(min=1, max=32))
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    level = fields.String(required=True, validate=validate.Regexp(ROLE_KEY))
    jurisdiction = fields.String(load_default=None, allow_none=True)
    held_on = fields.Date(required=True)
    members_total = _count(required=True)
    members_present = _count(required=True)
    votes = fields.List(
        fields.Nested(VoteIn), required=True, validate=validate.Length(min=1, max=1000)
    )
    order = fields.List(
        database_id(strict=True),
        load_default=list,
        validate=validate.Length(max=1000),
        metadata={"description": "Thứ tự của Hội đồng (S3), dùng khi bằng phiếu"},
    )
    lower_award = fields.List(
        database_id(strict=True),
        load_default=list,
        validate=validate.Length(max=1000),
        metadata={
            "description": "S4: hồ sơ không được chọn mà cấp này tặng hình thức thấp hơn của "
            "mình thay thế (lower_award_form của danh sách chờ)"
        },
    )


class RankingOut(Schema):
    dossier_id = fields.Integer()
    nominee = fields.Nested(CandidateNomineeOut, allow_none=True)
    votes_for = fields.Integer()
    rank = fields.Integer()
    share = fields.Float(metadata={"description": "votes_for / members_total"})
    selected = fields.Boolean()
    reason = fields.String(metadata={"enum": list(REASONS)})
    lower_award_form = fields.String(
        allow_none=True, metadata={"description": "S4: hình thức thấp hơn được tặng thay thế"}
    )


class PreviewOut(Schema):
    cap = fields.Integer(allow_none=True)
    used = fields.Integer()
    threshold_percent = fields.Float()
    ranking = fields.List(fields.Nested(RankingOut))


class SittingOut(Schema):
    id = fields.Integer()
    jurisdiction = fields.String()
    round = fields.String()
    award_form = fields.String()
    level = fields.String()
    held_on = fields.Date()
    members_total = fields.Integer()
    members_present = fields.Integer()
    threshold_percent = fields.Float()
    cap = fields.Integer(allow_none=True)
    used_before = fields.Integer()
    held_by = fields.String()
    created_at = UtcDateTime()
    ranking = fields.List(fields.Nested(RankingOut))


CANDIDATE_QUERY, SITTING_IN = CandidateQuery(), SittingIn()


def sitting_input(body: dict) -> service.SittingInput:
    """The request as the service takes it: votes in the order entered."""
    return service.SittingInput(
        round=body["round"],
        award_form=body["award_form"],
        level=body["level"],
        held_on=body["held_on"],
        members_total=body["members_total"],
        members_present=body["members_present"],
        votes=[(v["dossier_id"], v["votes_for"]) for v in body["votes"]],
        order=body["order"],
        jurisdiction=body["jurisdiction"],
        lower_award=body["lower_award"],
    )


@bp.get("/selections/candidates")
def selection_candidates():
    query = CANDIDATE_QUERY.load(request.args)
    with use_case() as ctx:
        found = reading.candidates(
            ctx, query["round"], query["award_form"], query["level"], query["jurisdiction"]
        )
        return CandidatesOut().dump(found)


@bp.post("/selections/preview")
def preview_selection():
    body = SITTING_IN.load(request.get_json() or {})
    with use_case() as ctx:
        return PreviewOut().dump(service.preview(ctx, sitting_input(body)))


@bp.post("/selections")
def hold_selection():
    body = SITTING_IN.load(request.get_json() or {})
    with use_case() as ctx:
        sitting = service.hold_sitting(ctx, sitting_input(body))
        return SittingOut().dump(reading.get_sitting(ctx, sitting.id)), 201


@bp.get("/selections/<int:sitting_id>")
def get_selection(sitting_id: int):
    with use_case() as ctx:
        return SittingOut().dump(reading.get_sitting(ctx, sitting_id))


OPERATIONS: list = [
    (
        "get",
        "/selections/candidates",
        "Hồ sơ đang chờ phiên xét chọn của một cấp có chỉ tiêu (S1): cap, used, danh sách",
        None,
        200,
        CandidatesOut,
        (401, 403, 422),
    ),
    (
        "post",
        "/selections/preview",
        "Xem trước thứ hạng của phiên xét chọn (S2-S4), không thay đổi gì",
        SittingIn,
        200,
        PreviewOut,
        (401, 403, 409, 422),
    ),
    (
        "post",
        "/selections",
        "Phiên xét chọn (S1-S5): xếp hạng theo tỷ lệ phiếu trên tổng số thành viên, ưu tiên "
        "S3 khi bằng phiếu; hồ sơ được chọn giữ suất và lên cấp trên, hồ sơ khác kết thúc "
        "'not_selected'. 409 khi có hồ sơ không còn chờ, còn hồ sơ chờ chưa nhập phiếu, "
        "hoặc phiên khác đã dùng hết suất; khi đó không có gì thay đổi",
        SittingIn,
        201,
        SittingOut,
        (401, 403, 409, 422),
    ),
    (
        "get",
        "/selections/{id}",
        "Phiên xét chọn và thứ hạng (biên bản, S5)",
        None,
        200,
        SittingOut,
        (401, 404),
    ),
]
QUERY_SCHEMAS = {("get", "/selections/candidates"): CandidateQuery}
