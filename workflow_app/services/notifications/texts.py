"""The mails' words: plain text, Vietnamese first, English for users who chose it.

Mail is written by the worker, outside any request, so its texts live here rather than in
the web catalogue; each kind has a subject and a body in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

OUTCOMES = {
    "vi": {
        "returned": "bị trả lại",
        "approved": "được phê duyệt",
        "rejected": "không được phê duyệt",
        "not_selected": "không được Hội đồng chọn",
        "excluded": "bị loại do quá hạn",
    },
    "en": {
        "returned": "was returned",
        "approved": "was approved",
        "rejected": "was rejected",
        "not_selected": "was not selected by the council",
        "excluded": "was excluded as late",
    },
}

SUBJECTS = {
    "vi": {
        "task_offered": "[Thi đua] Việc mới: {title} - {dossier}",
        "task_assigned": "[Thi đua] Bạn được giao việc: {title} - {dossier}",
        "report_task_offered": "[Thi đua] Báo cáo năm: {title} - {report}",
        "digest": "[Thi đua] Việc đến hạn và quá hạn ngày {day}",
        "dossier": "[Thi đua] Hồ sơ {dossier} {outcome}",
    },
    "en": {
        "task_offered": "[Awards] New task: {title} - {dossier}",
        "task_assigned": "[Awards] Task assigned to you: {title} - {dossier}",
        "report_task_offered": "[Awards] Yearly report: {title} - {report}",
        "digest": "[Awards] Tasks due and overdue on {day}",
        "dossier": "[Awards] Dossier {dossier} {outcome}",
    },
}

BODIES = {
    "vi": {
        "task_offered": (
            "Kính gửi {name},\n\nHồ sơ {dossier} đang chờ bước “{title}” của bạn.\n"
            "{due}Mở việc: {link}\n"
        ),
        "task_assigned": (
            "Kính gửi {name},\n\n{by}giao cho bạn bước “{title}” của hồ sơ {dossier}.\n"
            "{note}{due}Mở việc: {link}\n"
        ),
        "report_task_offered": (
            "Kính gửi {name},\n\nBáo cáo {report} đang chờ bước “{title}” của bạn.\n"
            "Mở báo cáo: {link}\n"
        ),
        "digest": "Kính gửi {name},\n\nCác việc đến hạn hoặc quá hạn của bạn:\n\n{lines}\n",
        "dossier": (
            "Kính gửi {name},\n\nHồ sơ {dossier} của đơn vị {outcome}.\n{reason}Xem hồ sơ: {link}\n"
        ),
        "due": "Hạn xử lý: {due}\n",
        "by": "{who} đã ",
        "by_nobody": "Đã ",
        "reason": "Lý do: {reason}\n",
        "note": "Ghi chú: {note}\n",
        "overdue": "QUÁ HẠN",
        "due_soon": "đến hạn",
        "footer": "\n--\nThư tự động. Chọn loại thư muốn nhận tại {profile}\n",
    },
    "en": {
        "task_offered": (
            "Dear {name},\n\nDossier {dossier} is waiting for your step “{title}”.\n"
            "{due}Open the task: {link}\n"
        ),
        "task_assigned": (
            "Dear {name},\n\n{by}assigned you the step “{title}” of dossier {dossier}.\n"
            "{note}{due}Open the task: {link}\n"
        ),
        "report_task_offered": (
            "Dear {name},\n\nThe yearly report {report} is waiting for your step “{title}”.\n"
            "Open the report: {link}\n"
        ),
        "digest": "Dear {name},\n\nYour tasks due or overdue:\n\n{lines}\n",
        "dossier": (
            "Dear {name},\n\nYour unit's dossier {dossier} {outcome}.\n{reason}"
            "See the dossier: {link}\n"
        ),
        "due": "Due: {due}\n",
        "by": "{who} ",
        "by_nobody": "Someone ",
        "reason": "Reason: {reason}\n",
        "note": "Note: {note}\n",
        "overdue": "OVERDUE",
        "due_soon": "due",
        "footer": "\n--\nAutomatic mail. Choose which mail you get at {profile}\n",
    },
}


@dataclass(frozen=True)
class MailFacts:
    """What a mail speaks of, read by the worker when it writes the mail."""

    kind: str
    locale: str
    name: str  # the recipient's display name
    base_url: str
    params: dict
    dossier: str = ""  # "HS-12 - Nguyễn Văn A"
    dossier_id: int | None = None
    task_id: int | None = None
    due_at: datetime | None = None
    timezone: str = "Asia/Ho_Chi_Minh"  # times are stored in UTC, read in local time


def _words(locale: str) -> tuple[dict, dict]:
    lang = locale if locale in BODIES else "vi"
    return SUBJECTS[lang], BODIES[lang]


def _when(moment: datetime | str | None, timezone: str) -> str:
    """A stored (naive UTC) time as the reader's clock shows it."""
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))
    return f"{local:%d/%m/%Y %H:%M}"


def compose(facts: MailFacts) -> tuple[str, str]:
    """The subject and plain-text body of one mail."""
    subjects, words = _words(facts.locale)
    kind = "dossier" if facts.kind.startswith("dossier_") else facts.kind
    fields = {
        "name": facts.name,
        "dossier": facts.dossier,
        "title": facts.params.get("title", ""),
        "link": _link(facts),
        "due": words["due"].format(due=_when(facts.due_at, facts.timezone)) if facts.due_at else "",
        "day": facts.params.get("day", ""),
        "report": facts.params.get("report", ""),
        **_kind_fields(facts, words),
    }
    body = words[kind].format(**fields) + words["footer"].format(
        profile=f"{facts.base_url}/profile"
    )
    return subjects[kind].format(**fields)[:300], body


def _kind_fields(facts: MailFacts, words: dict) -> dict:
    params = facts.params
    if facts.kind == "task_assigned":
        who, note = params.get("assigned_by"), params.get("note")
        return {
            "by": words["by"].format(who=who) if who else words["by_nobody"],
            "note": words["note"].format(note=note) if note else "",
        }
    if facts.kind == "digest":
        return {"lines": "\n".join(_digest_line(item, facts, words) for item in params["tasks"])}
    if facts.kind.startswith("dossier_"):
        lang = facts.locale if facts.locale in OUTCOMES else "vi"
        reason = params.get("reason") or ""
        return {
            "outcome": OUTCOMES[lang][params["outcome"]],
            "reason": words["reason"].format(reason=reason) if reason else "",
        }
    return {}


def _digest_line(item: dict, facts: MailFacts, words: dict) -> str:
    state = words["overdue"] if item["overdue"] else words["due_soon"]
    return (
        f"- [{state} {_when(item['due_at'], facts.timezone)}] {item['title']} - {item['dossier']}\n"
        f"  {facts.base_url}/tasks/{item['task_id']}"
    )


def _link(facts: MailFacts) -> str:
    if facts.params.get("path"):  # a page of its own (a yearly report)
        return f"{facts.base_url}{facts.params['path']}"
    if facts.task_id is not None and facts.kind.startswith("task_"):
        return f"{facts.base_url}/tasks/{facts.task_id}"
    if facts.dossier_id is not None:
        return f"{facts.base_url}/dossiers/{facts.dossier_id}"
    return f"{facts.base_url}/"
