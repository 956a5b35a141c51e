"""SQLAlchemy models, one module per aggregate; import them all here for Alembic."""

from .base import Base
from .dossier import Document, Dossier, Nominee
from .history import HistoryEvent
from .organisation import Jurisdiction, RoleGrant, Unit, User
from .process import HumanTask, ModelFile, ProcessInstance, ProcessModel, ProcessModelVersion

__all__ = [
    "Base",
    "Document",
    "Dossier",
    "HistoryEvent",
    "HumanTask",
    "Jurisdiction",
    "ModelFile",
    "Nominee",
    "ProcessInstance",
    "ProcessModel",
    "ProcessModelVersion",
    "RoleGrant",
    "Unit",
    "User",
]
