"""What every use case receives: its session (one transaction), who acts, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain.access import Actor
from ..engine.engine import WorkflowEngine


@dataclass
class ServiceContext:
    session: Session
    actor: Actor | None  # None: the system itself (timers, imports)
    now: datetime  # injected, so tests move time without sleeping
    engine: WorkflowEngine
    upload_dir: Path

    @property
    def actor_name(self) -> str:
        return self.actor.username if self.actor else "system"

    @property
    def actor_id(self) -> int | None:
        return self.actor.user_id if self.actor else None
