"""A ready task's inbox title: an instance of a multi-instance step says which one it is."""

from __future__ import annotations

from ..domain.consultation import instance_label, instance_title
from ..engine.engine import ReadyTask
from ..persistence.models import ProcessInstance
from .context import ServiceContext
from .process_models import parsed_model


def task_title(ctx: ServiceContext, instance: ProcessInstance, task: ReadyTask) -> str:
    """The step's title; for one instance of a multi-instance step, followed by the option
    the reviewer chose it from (C2: "Ý kiến của cơ quan được lấy ý kiến: Công an Thành phố")."""
    if task.instance_key is None:
        return task.info.title
    forms = parsed_model(ctx, instance.version).forms
    return instance_title(task.info.title, instance_label(forms, task.instance_key))
