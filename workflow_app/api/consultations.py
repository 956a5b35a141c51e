"""C2 and C6 as later levels read them: the consulted agencies' opinions of a dossier and the
Central Committee's returns flagged late."""

from marshmallow import Schema, fields

from ..services.consultation import late_returns, opinions_of
from ..services.dossiers import get_dossier
from . import bp
from .context import use_case
from .schemas import UtcDateTime


class AgencyOpinionOut(Schema):
    agency = fields.String(metadata={"description": "khóa cơ quan được lấy ý kiến"})
    title = fields.String(metadata={"description": "tên việc, kèm tên cơ quan"})
    opinion = fields.String(
        allow_none=True,
        metadata={
            "enum": ["agree", "agree_with_notes", "disagree", None],
            "description": "None: chưa trả lời, hoặc hết hạn không trả lời (timed_out)",
        },
    )
    letter_number = fields.String(allow_none=True)
    letter_date = fields.String(allow_none=True)
    content = fields.String(allow_none=True)
    due_at = UtcDateTime(allow_none=True)
    answered_at = UtcDateTime(allow_none=True)
    timed_out = fields.Boolean()
    open = fields.Boolean(metadata={"description": "còn chờ cơ quan trả lời"})


class LateReturnOut(Schema):
    received_at = fields.String()
    return_by = fields.String()
    returned_at = fields.String()
    return_letter_date = fields.String(allow_none=True)


class ConsultationsOut(Schema):
    opinions = fields.List(fields.Nested(AgencyOpinionOut))
    late_returns = fields.List(fields.Nested(LateReturnOut))


CONSULTATIONS_OUT = ConsultationsOut()


@bp.get("/dossiers/<int:dossier_id>/consultations")
def get_consultations(dossier_id: int):
    with use_case() as ctx:
        dossier = get_dossier(ctx, dossier_id)
        return CONSULTATIONS_OUT.dump(
            {
                "opinions": opinions_of(ctx, dossier.id),
                "late_returns": late_returns(ctx, dossier.id),
            }
        )
