"""Public posting of state-level candidates (P1-P3, Decree 98/2023 Art. 46.2, kept by Decree
152/2025): who must be posted, for how long, and when a posted dossier may move on.

Pure: dates and facts come from the caller; the calendar is the jurisdiction's days off.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .errors import REQUIRED, Conflict, Invalid, problem
from .working_days import add_working_days

# P1: forms the law posts whatever a jurisdiction's switch says (a Huân chương; the state
# honorary titles are not award forms of this movement). Other forms are posted where the
# jurisdiction's `public_posting` decision table switches them on.
POSTED_BY_LAW = frozenset({"huan-chuong-lao-dong"})

# How a comment reached the reviewers (P2: who, how, what).
COMMENT_CHANNELS = ("portal", "email", "letter", "phone", "in-person", "press")
RESOLUTIONS = ("dismissed", "hold")
# P2: a comment kept for verification opens an X2(e) hold by default.
DEFAULT_HOLD_KIND = "complaint"

POSTING_STATUSES = ("open", "closed")
MAX_URL, MAX_AUTHOR, MAX_TEXT, MAX_REASON = 500, 200, 4000, 2000


def posting_length_days(on: date | None = None) -> int:
    """P1: the working days a posting lasts under the rule set in force `on` that day. One
    home for the number: the rule sets (R1) can answer here once they carry it."""
    return 10


def needs_posting(award_form: str, switched_on: bool) -> bool:
    """P1: the law posts a Huân chương; a jurisdiction may switch posting on for other forms."""
    return award_form in POSTED_BY_LAW or bool(switched_on)


def posting_ends_on(starts_on: date, holidays: Collection[date], days: int | None = None) -> date:
    """P1: the last day of the posting, `days` working days after it starts (weekends and
    the jurisdiction's days off skipped)."""
    days = posting_length_days(starts_on) if days is None else days
    start = datetime.combine(starts_on, datetime.min.time())
    return add_working_days(start, days, holidays).date()


def period_over(ends_on: date, today: date) -> bool:
    """The posting runs through its end date; it is over the day after."""
    return today > ends_on


def is_posted(starts_on: date, ends_on: date, status: str, today: date) -> bool:
    """Is a posting visible to the public today (P1)?"""
    return status == "open" and starts_on <= today <= ends_on


@dataclass(frozen=True)
class PostingFacts:
    """What P3 looks at for one dossier: its posting (if any) and its unresolved comments."""

    posting_id: int | None
    ends_on: date | None
    unresolved: int
    closed: bool = False  # closed by the timer runner once its period was over


def check_may_move_on(facts: PostingFacts, today: date) -> None:
    """P3: a dossier that must be posted moves on only after the period ends and every
    comment on it is resolved."""
    if facts.posting_id is None or facts.ends_on is None:
        raise Conflict("posting_required")
    if not (facts.closed or period_over(facts.ends_on, today)):
        raise Conflict(
            "posting_open", ends_on=facts.ends_on.strftime("%d/%m/%Y"), posting=facts.posting_id
        )
    if facts.unresolved:
        raise Conflict(
            "posting_comments_unresolved", count=facts.unresolved, posting=facts.posting_id
        )


def check_opening(starts_on: date, requested_on: Iterable[date], today: date) -> None:
    """A posting starts no earlier than the day its candidates were put forward (it cannot
    have run before there was a list) and not more than 30 days ahead."""
    earliest = max(requested_on, default=today)
    if starts_on < earliest:
        raise Invalid(
            "invalid_posting",
            details={
                "starts_on": problem("posting_start_too_early", earliest=earliest.isoformat())
            },
        )
    if (starts_on - today).days > 30:
        raise Invalid(
            "invalid_posting", details={"starts_on": problem("posting_start_too_late", days=30)}
        )


def check_url(url: str) -> str:
    """The channel the list is published on: an http(s) address."""
    url = (url or "").strip()
    if not url:
        raise Invalid("invalid_posting", details={"channel_url": REQUIRED})
    if len(url) > MAX_URL or not url.lower().startswith(("http://", "https://")):
        raise Invalid("invalid_posting", details={"channel_url": problem("not_a_url")})
    return url


def check_comment(author: str, channel: str, text: str) -> tuple[str, str, str]:
    """P2: who, how and what are all recorded."""
    details = {}
    author, text = (author or "").strip(), (text or "").strip()
    if not author or len(author) > MAX_AUTHOR:
        details["author"] = problem("required_max", max=MAX_AUTHOR)
    if channel not in COMMENT_CHANNELS:
        details["channel"] = problem("one_of", choices=", ".join(COMMENT_CHANNELS))
    if not text or len(text) > MAX_TEXT:
        details["text"] = problem("required_max", max=MAX_TEXT)
    if details:
        raise Invalid("invalid_comment", details=details)
    return author, channel, text


def check_resolution(resolution: str, reason: str, already: str | None) -> str:
    """P2: a comment is resolved once, by dismissal with a reason or by opening a hold."""
    if already:
        raise Conflict("comment_resolved", resolution=already)
    details = {}
    if resolution not in RESOLUTIONS:
        details["resolution"] = problem("one_of", choices=", ".join(RESOLUTIONS))
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        details["reason"] = problem("required_max", max=MAX_REASON)
    if details:
        raise Invalid("invalid_resolution", details=details)
    return reason
