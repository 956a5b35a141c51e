"""A dry run's result as people read it: where each sample stopped and what its steps did,
in the request's language. The service names codes (`reason`, notes, the refusal met on the
way); the sentences are made here, for the API and the admin page alike."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.errors import DomainError
from .codes_steps import DRY_RUN_TEXTS
from .render import details_for, fill, message_for

# What the service keeps for the edge only; never sent as it is.
_UNSHOWN = ("reason", "params", "refusal")


def shown_dry_run(result: Mapping) -> dict:
    """The service's dry-run result with every stop and note turned into text."""
    return {**result, "runs": [shown_run(run) for run in result["runs"]]}


def shown_run(run: Mapping) -> dict:
    path = [{**step, "notes": [note_text(n) for n in step["notes"]]} for step in run["path"]]
    return {**run, "path": path, "stopped": shown_stop(run["stopped"])}


def note_text(note: Mapping) -> str:
    """What a step did beside moving on (a quota slot taken or given back)."""
    return fill(DRY_RUN_TEXTS[note["code"]], **note.get("params", {}))


def shown_stop(stop: Mapping) -> dict:
    """Where a sample stopped, with its sentence, and the refusal's details as JSON."""
    shown = {key: value for key, value in stop.items() if key not in _UNSHOWN}
    message = fill(DRY_RUN_TEXTS[stop["reason"]], **stop.get("params", {}))
    refusal = stop.get("refusal")
    if refusal is not None:
        message = f"{message} {_refusal_text(refusal)}"
        shown["details"] = details_for(refusal)
    return {**shown, "message": message}


def _refusal_text(error: DomainError) -> str:
    """The refusal's sentence, and what the engine reported if a step of it failed."""
    engine = error.details.get("engine")
    return f"{message_for(error)} ({engine})" if engine else message_for(error)
