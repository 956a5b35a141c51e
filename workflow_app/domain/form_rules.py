"""What a form (a JSON Schema file of a process-model version) may hold, so that loading and
validating it stays cheap whatever an administrator uploads: a bounded nesting depth and
patterns without nested quantifiers. Every walk is iterative: depth is the thing checked."""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse

# A form nests at most this many objects and arrays (the bundled forms use 5).
MAX_FORM_DEPTH = 32

_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT})


def too_deep(value: object, limit: int = MAX_FORM_DEPTH) -> bool:
    """Does the decoded JSON `value` nest more than `limit` objects and arrays?"""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _children(op, av) -> list:
    """The sub-patterns of one parsed regular-expression item."""
    if op in _REPEATS:
        return [av[2]]
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op == sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op == sre.ATOMIC_GROUP:
        return [av]
    if op == sre.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _varies(op, av) -> bool:
    """A quantifier whose count is not fixed (`+`, `*`, `?`, `{2,5}`): it can backtrack."""
    return op in _REPEATS and av[0] != av[1]


def _contains_varying_quantifier(items: list) -> bool:
    stack = list(items)
    while stack:
        op, av = stack.pop()
        if _varies(op, av):
            return True
        for child in _children(op, av):
            stack.extend(child)
    return False


def unsafe_pattern(pattern: str) -> bool:
    """A repeated group that itself holds a variable quantifier (`(a+)+`, `(\\w*,)*`) can
    backtrack for seconds on one field; such patterns are refused. A pattern Python cannot
    read is left to the schema check (it is no valid JSON Schema either)."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return False
    except RecursionError:  # groups nested beyond the parser's depth: refuse
        return True
    stack = list(parsed)
    while stack:
        op, av = stack.pop()
        if op in _REPEATS and av[1] > 1 and _contains_varying_quantifier(list(av[2])):
            return True
        for child in _children(op, av):
            stack.extend(child)
    return False
