"""Finding a nominee by name the way reviewers type it, and how many tasks an inbox shows.

Reviewers often type without accents ("tran van minh" for "Trần Văn Minh"), so names are
compared folded: Vietnamese đ/Đ become d, every other accent (tone and vowel marks) goes,
letters are lower-cased and runs of spaces become one. The inbox stores each task's folded
nominee name and folds the search text the same way.

An inbox counts its tasks only up to a cap: "1.000+" tells a reviewer as much as an exact
550.000 would, and counting stops after the cap, so a count is always a read of what is
committed (right under concurrent completions) without walking a whole lane.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

COUNT_CAP = 1000
_D_STROKE = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d"})  # Ð: a look-alike often typed for Đ


def fold_name(text: str | None) -> str:
    """ "Trần  Văn Minh" -> "tran van minh": no accents, lower case, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


@dataclass(frozen=True)
class CappedCount:
    """A count of at most COUNT_CAP, and whether there are more (shown as "1.000+")."""

    value: int
    more: bool = False

    @classmethod
    def of(cls, counted: int) -> CappedCount:
        """From a count that stopped at COUNT_CAP + 1 rows."""
        return cls(min(counted, COUNT_CAP), counted > COUNT_CAP)
