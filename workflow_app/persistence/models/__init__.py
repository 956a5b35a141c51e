"""SQLAlchemy models, one module per aggregate; import them all here for Alembic."""

from .audit import AuditCheckpoint
from .auth import LoginAttempt
from .base import Base
from .calendar import Holiday
from .decision import (
    AwardCoefficient,
    BaseSalary,
    Decision,
    DecisionAwardee,
    PaperTemplate,
    SigningCredential,
    TrustedRoot,
)
from .dossier import Document, Dossier, Nominee
from .history import HistoryEvent
from .hold import Hold, HoldKind
from .inbox_view import InboxColumns, InboxView
from .name_search import FoldedName
from .notification import NotificationPreference, OutboxMail
from .organisation import Jurisdiction, RoleGrant, Unit, User
from .posting import Posting, PostingCandidate, PostingComment
from .process import HumanTask, ModelFile, ProcessInstance, ProcessModel, ProcessModelVersion
from .quota import QuotaCap, QuotaSlot
from .reorganisation import DossierMove, JurisdictionMerge
from .report import ReportDuty, ReportEvent, ReportTarget, ReportTask, YearlyReport
from .role import Role
from .round import RoundDeadline
from .rule_set import DossierReceipt, RuleSet
from .selection import SelectionProposal, SelectionSitting, SittingCandidate
from .settings import SettingChange

__all__ = [
    "AuditCheckpoint",
    "AwardCoefficient",
    "BaseSalary",
    "Decision",
    "DecisionAwardee",
    "PaperTemplate",
    "SigningCredential",
    "TrustedRoot",
    "Base",
    "Document",
    "FoldedName",
    "DossierReceipt",
    "Dossier",
    "DossierMove",
    "HistoryEvent",
    "Holiday",
    "Hold",
    "HoldKind",
    "HumanTask",
    "InboxColumns",
    "InboxView",
    "Jurisdiction",
    "JurisdictionMerge",
    "LoginAttempt",
    "ModelFile",
    "Nominee",
    "NotificationPreference",
    "OutboxMail",
    "Posting",
    "PostingCandidate",
    "PostingComment",
    "ProcessInstance",
    "ProcessModel",
    "ProcessModelVersion",
    "QuotaCap",
    "QuotaSlot",
    "ReportDuty",
    "ReportEvent",
    "ReportTarget",
    "ReportTask",
    "Role",
    "RoleGrant",
    "RoundDeadline",
    "RuleSet",
    "SelectionProposal",
    "SelectionSitting",
    "SettingChange",
    "SittingCandidate",
    "Unit",
    "User",
    "YearlyReport",
]
