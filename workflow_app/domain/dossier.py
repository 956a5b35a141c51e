"""Dossier rules: statuses and their transitions, required documents, eligibility."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Conflict, Invalid, MissingDocuments, problem

# X1: a dossier in one of these blocks another for the same nominee and round.
LIVE_STATUSES = frozenset({"draft", "in_progress", "on_hold", "returned", "approved"})
OPEN_STATUSES = frozenset({"in_progress", "on_hold", "returned"})
# X2: the statuses a hold stops where they stand (a draft is stopped when it is submitted).
HOLDABLE_STATUSES = ("in_progress", "returned")
FINAL_STATUSES = frozenset({"approved", "rejected", "excluded", "withdrawn"})

# Which status may follow which; anything else is a conflict with the current state.
TRANSITIONS = {
    "draft": {"in_progress", "on_hold", "withdrawn"},
    "in_progress": {
        "in_progress",
        "returned",
        "on_hold",
        "approved",
        "rejected",
        "excluded",
        "withdrawn",
    },
    "returned": {"in_progress", "returned", "on_hold", "rejected", "excluded", "withdrawn"},
    "on_hold": {"in_progress", "returned", "excluded", "withdrawn"},
}

# D1-D3 always; D4 only where an initiative is claimed.
REQUIRED_DOCUMENTS = ("to-trinh", "bien-ban", "bao-cao-thanh-tich")
INITIATIVE_DOCUMENT = "xac-nhan-sang-kien"

DOCUMENT_KINDS = (*REQUIRED_DOCUMENTS, INITIATIVE_DOCUMENT)


def check_transition(current: str, new: str) -> None:
    """Refuse a status change the lifecycle does not allow."""
    if new not in TRANSITIONS.get(current, set()):
        raise Conflict("status_transition", current=current, new=new)


def missing_documents(present_kinds: Iterable[str], claims_initiative: bool) -> list[str]:
    """The document kinds a dossier still needs before it can leave the unit (D1-D4)."""
    required = list(REQUIRED_DOCUMENTS)
    if claims_initiative:
        required.append(INITIATIVE_DOCUMENT)
    present = set(present_kinds)
    return [kind for kind in required if kind not in present]


def check_documents_complete(present_kinds: Iterable[str], claims_initiative: bool) -> None:
    """Raise Invalid naming each missing document (a dossier cannot leave the unit without)."""
    missing = missing_documents(present_kinds, claims_initiative)
    if missing:
        missing_named = {kind: problem("missing_document", kind=kind) for kind in missing}
        raise MissingDocuments(details={"missing_documents": missing_named})


def check_award_eligibility(round_: str, award_form: str, nominee_kind: str) -> None:
    """C8: the Labour Order is considered only at tong-ket-2030, and only for collectives."""
    if award_form != "huan-chuong-lao-dong":
        return
    if round_ != "tong-ket-2030" or nominee_kind != "collective":
        raise Invalid("labour_order_only_2030_collectives", details={"award_form": "C8"})


def status_after_step(completed: bool, outcome: str | None, decision: str | None) -> str:
    """The one place a step's result becomes a dossier status: an ended workflow is approved
    only if its BPMN says so; a live one is returned when the step sent it back."""
    if completed:
        return "approved" if outcome == "approved" else "rejected"
    return "returned" if decision == "return" else "in_progress"
