"""What each user chose to be mailed about (issue 18); every notice is on until turned off."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import or_
from sqlalchemy.orm import Session

from ...domain.errors import Invalid, problem
from ...persistence.models import NotificationPreference, User

# The profile page's checkboxes, in its order.
CHOICES = ("task_offered", "task_assigned", "daily_digest", "unit_dossiers")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def wants(choice: str):
    """SQL: the user (outer-joined to their preferences) kept `choice` on."""
    column = getattr(NotificationPreference, choice)
    return or_(NotificationPreference.user_id.is_(None), column.is_(True))


def preferences_of(session: Session, user_id: int) -> dict:
    """The user's address and choices, for the profile page."""
    user = session.get(User, user_id)
    row = session.get(NotificationPreference, user_id)
    chosen = {c: (getattr(row, c) if row else True) for c in CHOICES}
    return {"email": user.email or "", **chosen}


def save_preferences(session: Session, user_id: int, email: str, chosen: Mapping) -> None:
    """Store the user's address (empty: no mail at all) and which notices they want."""
    email = email.strip()
    if email and (len(email) > 320 or not EMAIL.match(email)):
        raise Invalid("invalid_profile", details={"email": problem("email_format")})
    session.get(User, user_id).email = email or None
    row = session.get(NotificationPreference, user_id)
    if row is None:
        row = NotificationPreference(user_id=user_id)
        session.add(row)
    for choice in CHOICES:
        setattr(row, choice, bool(chosen.get(choice)))
