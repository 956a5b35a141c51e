"""SQLAlchemy models, one module per aggregate; import them all here for Alembic."""

from .auth import LoginAttempt
from .base import Base
from .calendar import Holiday
from .dossier import Document, Dossier, Nominee
from .history import HistoryEvent
from .hold import Hold, HoldKind
from .organisation import Jurisdiction, RoleGrant, Unit, User
from .process import HumanTask, ModelFile, ProcessInstance, ProcessModel, ProcessModelVersion
from .quota import QuotaCap, QuotaSlot
from .round import RoundDeadline
from .selection import SelectionProposal, SelectionSitting, SittingCandidate
from .settings import SettingChange

__all__ = [
    "Base",
    "Document",
    "Dossier",
    "HistoryEvent",
    "Holiday",
    "Hold",
    "HoldKind",
    "HumanTask",
    "Jurisdiction",
    "LoginAttempt",
    "ModelFile",
    "Nominee",
    "ProcessInstance",
    "ProcessModel",
    "ProcessModelVersion",
    "QuotaCap",
    "QuotaSlot",
    "RoleGrant",
    "RoundDeadline",
    "SelectionProposal",
    "SelectionSitting",
    "SettingChange",
    "SittingCandidate",
    "Unit",
    "User",
]
