"""Where each role's work is (issue 18): the page a user lands on after signing in, and which
lanes come before a reviewer's own, so an empty inbox can show what will reach it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

AUDITOR_HOME, ADMIN_HOME, INBOX_HOME = "audit", "admin", "inbox"


def home_for(roles: Iterable[str]) -> str:
    """Reviewers and units work in the inbox; someone who only audits lands on Kiểm tra, and
    someone who only administers on Quản trị (a reviewer who also audits keeps the inbox)."""
    held = set(roles)
    if held - {"admin", "auditor"}:
        return INBOX_HOME
    if "auditor" in held and "admin" not in held:
        return AUDITOR_HOME
    return ADMIN_HOME if "admin" in held else INBOX_HOME


def lanes_before(order: Mapping[str, int], lane: str) -> set[str]:
    """The lanes a dossier passes before it reaches `lane`: those of a lower level."""
    mine = order.get(lane)
    if mine is None:
        return set()
    return {other for other, level in order.items() if level < mine}
