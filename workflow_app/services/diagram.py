"""The process picture of a dossier: its pinned BPMN, and the steps to highlight."""

from __future__ import annotations

from sqlalchemy import select

from ..persistence.models import HistoryEvent, ModelFile, ProcessInstance
from .context import ServiceContext
from .roles import LANE_NAME


def pinned_bpmn(ctx: ServiceContext, dossier_id: int) -> str | None:
    """The BPMN file of the version the dossier's instance is pinned to (None: not started)."""
    instance = ctx.session.scalar(
        select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
    )
    if instance is None:
        return None
    files = ctx.session.scalars(
        select(ModelFile).where(
            ModelFile.version_id == instance.version_id, ModelFile.kind == "bpmn"
        )
    ).all()
    process_id = instance.version.process_id
    fallback = files[0] if files else None
    chosen = next((f for f in files if f'id="{process_id}"' in f.content), fallback)
    return chosen.content if chosen else None


def diagram_markers(events: list[HistoryEvent], open_tasks: list[dict]) -> dict[str, list[str]]:
    """Completed user tasks (from `task_completed` events) and the steps open now."""
    done = []
    for event in events:
        if event.type == "task_completed" and event.task and event.task not in done:
            done.append(event.task)
    current = [t["name"] for t in open_tasks]
    return {"done": [name for name in done if name not in current], "current": current}


def lane_keys(xml: str | None) -> list[str]:
    """The lane names of a BPMN file: role keys, which pages show as the roles' names."""
    return sorted(set(LANE_NAME.findall(xml or "")))
