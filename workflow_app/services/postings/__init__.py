"""Public posting of state-level candidates (P1-P3): the queue the chain's posting step fills
(`candidates`) and the postings, comments and closing timer (`board`)."""

from .board import (
    PostedDossier,
    PublicCandidate,
    add_comment,
    close_posting,
    dossiers_named,
    fire_due_postings,
    get_posting,
    jurisdiction_name,
    list_postings,
    may_run,
    open_posting,
    public_candidates,
    resolve_comment,
    waiting_for_posting,
)
from .candidates import refuse_while_posted, take_posting_requests

__all__ = [
    "PostedDossier",
    "PublicCandidate",
    "add_comment",
    "close_posting",
    "dossiers_named",
    "fire_due_postings",
    "get_posting",
    "jurisdiction_name",
    "list_postings",
    "may_run",
    "open_posting",
    "public_candidates",
    "refuse_while_posted",
    "resolve_comment",
    "take_posting_requests",
    "waiting_for_posting",
]
