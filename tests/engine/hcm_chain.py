"""The HCMC chain as engine tests drive it: its parsed model, a dossier's start data, the
decisions each step takes, and completing a ready task by name without the database."""

from __future__ import annotations

from pathlib import Path

from tests.factories import APPROVE, COUNCIL_PASSED
from workflow_app.engine.specs import ParsedModel, parse_model
from workflow_app.services.process_models import read_bundle

ROOT = Path(__file__).resolve().parents[2]
START = {
    "dossier_id": 1,
    "jurisdiction": "hcm",
    "unit": "hcm-thpt-le-quy-don",
    "round": "annual-2025",
    "award_form": "giay-khen-so",
    "nominee_kind": "individual",
    "claims_initiative": False,
}
COUNCIL = COUNCIL_PASSED
RETURN = {"decision": "return", "reason": "Bổ sung hồ sơ"}

__all__ = [
    "APPROVE",
    "COUNCIL",
    "RETURN",
    "ROOT",
    "START",
    "complete",
    "hcm_model",
    "select_if_waiting",
]
# S1: what the app sends a proposal where no sitting is needed (no cap at the level, Q4).
NO_CAP_SELECTION = {"selected": True, "reason": "no_cap", "sitting_id": None}


def hcm_model(files: dict[str, str] | None = None) -> ParsedModel:
    """The bundled HCMC model, or its files with some replaced."""
    bundle = read_bundle(ROOT, "hcm")
    return parse_model({**bundle.files, **(files or {})}, bundle.process_id)


def complete(engine, model, step, name: str, data: dict, save: bool = False):
    """Complete the ready task `name` of what the last step left (in memory, or its state)."""
    [task] = [t for t in step.ready_tasks if t.info.id == name]
    instance = step.state if save else step.workflow
    return engine.complete(model, instance, task.spiff_id, data, save=save)


def select_if_waiting(engine, model, step, save: bool = False):
    """S1: after an approval at a capped step the workflow waits for its sitting; deliver the
    decision the app sends where no cap applies, or return the step as it is."""
    if "selection_decided" not in step.waiting_for:
        return step
    instance = step.state if save else step.workflow
    return engine.send_message(model, instance, "selection_decided", NO_CAP_SELECTION, save=save)
