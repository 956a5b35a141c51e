"""What a dossier needs to leave its unit: the one home of the submission preconditions,
used by a real submission and by a dry run alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .dossier import check_documents_complete
from .errors import Conflict
from .rounds import check_round_open


def check_submittable(
    status: str,
    document_kinds: Iterable[str],
    claims_initiative: bool,
    round_: str,
    deadline: datetime | None,
    at: datetime,
) -> None:
    """A draft, with its required documents (D1-D4), before its round's deadline (T1-T3)."""
    if status != "draft":
        raise Conflict("already_submitted", status=status)
    check_documents_complete(document_kinds, claims_initiative)
    check_round_open(round_, deadline, at)
