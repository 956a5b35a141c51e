"""Dossier rules: statuses and their transitions, required documents, the Labour Order's class."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Conflict, MissingDocuments, problem

# X1: a dossier in one of these blocks another for the same nominee and round.
LIVE_STATUSES = frozenset({"draft", "in_progress", "on_hold", "returned", "approved"})
OPEN_STATUSES = frozenset({"in_progress", "on_hold", "returned"})
# X2: the statuses a hold stops where they stand (a draft is stopped when it is submitted).
HOLDABLE_STATUSES = ("in_progress", "returned")
# S4: `not_selected` (outside the quota of a sitting) ends the dossier for that award form
# and round without a rejection for cause; it is not live (X1), so the nominee may be
# nominated again (for example for a lower form).
FINAL_STATUSES = frozenset({"approved", "rejected", "not_selected", "excluded", "withdrawn"})

# Which status may follow which; anything else is a conflict with the current state.
TRANSITIONS = {
    "draft": {"in_progress", "on_hold", "withdrawn"},
    "in_progress": {
        "in_progress",
        "returned",
        "on_hold",
        "approved",
        "rejected",
        "not_selected",
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


# E3: the Huân chương Lao động has three classes (hạng Nhất, Nhì, Ba); a dossier for it
# proposes one, and no other award form has classes.
LABOUR_ORDER = "huan-chuong-lao-dong"
LABOUR_ORDER_CLASSES = (1, 2, 3)


def labour_order_class_problem(award_form: str, labour_order_class: int | None):
    """E3: the class is required for the Labour Order and refused for any other form."""
    if award_form == LABOUR_ORDER:
        if labour_order_class is None:
            return problem("required")
        if labour_order_class not in LABOUR_ORDER_CLASSES:
            return problem("one_of", choices=LABOUR_ORDER_CLASSES)
    elif labour_order_class is not None:
        return problem("only_labour_order")
    return None


def status_after_step(completed: bool, outcome: str | None, decision: str | None) -> str:
    """The one place a step's result becomes a dossier status: an ended workflow is approved
    (or not selected within the quota, S4) only if its BPMN says so; a live one is returned
    when the step sent it back."""
    if completed:
        return outcome if outcome in ("approved", "not_selected") else "rejected"
    return "returned" if decision == "return" else "in_progress"
