"""One catalogue for every refusal: a stable code -> an HTTP status and a message in the
caller's language. Both edges (api/, web/) render refusals here; the domain and services
only name codes (see domain/errors.py). Texts are Vietnamese msgids translated by the same
Flask-Babel .po files as the pages.
"""

from .catalogue import CATALOGUE, FIELD_PROBLEMS, Message
from .render import details_for, field_text, message_for, status_for, text_for

__all__ = [
    "CATALOGUE",
    "FIELD_PROBLEMS",
    "Message",
    "details_for",
    "field_text",
    "message_for",
    "status_for",
    "text_for",
]
