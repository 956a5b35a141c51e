"""The nominee name an inbox task carries folded (issue 15), so the inbox's name search needs
neither a join to nominees nor the accents the reviewer may leave out."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from ..domain.name_search import fold_name
from ..persistence.models import Dossier, FoldedName
from .context import ServiceContext

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def folded_nominee(ctx: ServiceContext, dossier: Dossier) -> str:
    """The dossier's nominee name as the inbox searches it ("tran van minh"), recorded among
    the searchable names; a name already there (or added by a concurrent step) is kept."""
    folded = fold_name(dossier.nominee.name)
    if folded:
        insert = _INSERTS[ctx.session.get_bind().dialect.name](FoldedName)
        with ctx.session.no_autoflush:  # the step's own changes are flushed once, at commit
            ctx.session.execute(insert.values(folded=folded).on_conflict_do_nothing())
    return folded
