"""Guards that refuse, before it runs, a single operation too big for a script's budget.

A timer cannot stop one long C call: `"a" * 3 * 10**9` allocates 3 GB and `10 ** 10 ** 7`
computes for seconds before Python looks at a signal again. So the restricted compiler
rewrites `*`, `**`, `<<`, `+` and `%` into calls of guards (`_mul_`, `_pow_`...), and
`pow`, `range`, `sum` and the padding, replacing and joining methods of strings are handed to
scripts wrapped. Each guard estimates the size of the result and raises BudgetSpent when it
would exceed the memory budget (or, for integers, the size the CPU budget can compute).
"""

from __future__ import annotations

import ast
import builtins
import operator
import re
from collections.abc import Callable

from RestrictedPython.transformer import RestrictingNodeTransformer

from .budget import CPU, MEMORY, BudgetSpent, ScriptLimits

# About the largest integer product or power computed in well under a second (2**21 bits is
# ~630,000 digits; multiplying two of them takes ~0.15 s here, 10**10**7 needs 33 million).
MAX_INT_BITS = 1 << 21
_BYTES_PER_RANGE_ITEM = 40  # a list of large ints: pointer + int object
_GUARDED_OPERATORS = {
    ast.Mult: "_mul_",
    ast.Pow: "_pow_",
    ast.LShift: "_lshift_",
    ast.Add: "_add_",
    ast.Mod: "_mod_",
}
_SCALARS = frozenset({int, float, bool, complex})  # `+` on these never builds a large value
_FORMAT_WIDTH = re.compile(rb"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class BudgetedTransformer(RestrictingNodeTransformer):
    """RestrictedPython's policy, with the operators that can build huge values guarded."""

    def visit_BinOp(self, node: ast.BinOp):
        node = self.node_contents_visit(node)
        guard = _GUARDED_OPERATORS.get(type(node.op))
        if guard is None:
            return node
        name = ast.copy_location(ast.Name(guard, ast.Load()), node)
        return ast.copy_location(ast.Call(name, [node.left, node.right], []), node)


def _item_bytes(value) -> int:
    """Bytes per item of a sequence a guard may see repeated or joined."""
    if isinstance(value, str):
        return 1 if value.isascii() else 4
    if isinstance(value, (bytes, bytearray)):
        return 1
    return 8  # a list or tuple holds pointers


def _is_sequence(value) -> bool:
    return isinstance(value, (str, bytes, bytearray, list, tuple))


class Guards:
    """The guard functions of one budget, bound to its limits."""

    def __init__(self, limits: ScriptLimits):
        self.limits = limits

    def _refuse(self, resource_name: str):
        raise BudgetSpent(resource_name, self.limits.describe(resource_name))

    def _check_bytes(self, size: int) -> None:
        if size > self.limits.memory_bytes:
            self._refuse(MEMORY)

    def _check_bits(self, bits: int) -> None:
        if bits > MAX_INT_BITS:
            self._refuse(CPU)

    def _check_repeat(self, sequence, times) -> None:
        if _is_sequence(sequence) and isinstance(times, int) and times > 0:
            self._check_bytes(len(sequence) * times * _item_bytes(sequence))

    # --- operators ------------------------------------------------------------------------

    def mul(self, left, right):
        if type(left) is float or type(right) is float:
            return left * right
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                self._refuse(CPU)
        elif _is_sequence(left) or _is_sequence(right):
            self._check_repeat(left, right)
            self._check_repeat(right, left)
        return left * right

    def power(self, base, exponent, modulus=None):
        if modulus is None and isinstance(base, int) and isinstance(exponent, int):
            if exponent > 0 and abs(base) > 1:
                self._check_bits(exponent * base.bit_length())
        return builtins.pow(base, exponent, modulus)

    def lshift(self, value, shift):
        if isinstance(value, int) and isinstance(shift, int) and value and shift > 0:
            self._check_bits(value.bit_length() + shift)
        return value << shift

    def add(self, left, right):
        if type(left) in _SCALARS:
            return left + right
        if _is_sequence(left) and _is_sequence(right):
            self._check_bytes((len(left) + len(right)) * _item_bytes(left))
        return left + right

    def mod(self, left, right):
        if isinstance(left, (str, bytes)):
            self._check_format(left, right)
        return left % right

    def _check_format(self, template, args) -> None:
        """`"%999999999d" % 1` pads in C: refuse widths over the budget."""
        raw = template.encode("utf-8", "replace") if isinstance(template, str) else template
        values = args if isinstance(args, tuple) else (args,)
        for width, precision in _FORMAT_WIDTH.findall(raw):
            for number in (width, precision):
                if number.isdigit():
                    self._check_bytes(int(number))
                elif number == b"*":
                    self._check_bytes(max((v for v in values if isinstance(v, int)), default=0))

    def inplace(self, op: str, target, value):
        """`x op= y` on a name, as RestrictedPython rewrites it."""
        guarded = {"*=": self.mul, "**=": self.power, "<<=": self.lshift, "+=": self.add}
        if op in guarded:
            return guarded[op](target, value)
        if op == "%=":
            return self.mod(target, value)
        return _INPLACE[op](target, value)

    # --- builtins and methods -------------------------------------------------------------

    def range(self, *args):
        span = range(*args)
        try:
            length = len(span)
        except OverflowError:
            length = None
        if length is None or length * _BYTES_PER_RANGE_ITEM > self.limits.memory_bytes:
            self._refuse(MEMORY)
        return span

    def sum(self, iterable, /, start=0):
        """Numbers add up in C; lists and tuples through the `+` guard, step by step."""
        if isinstance(start, (int, float, complex)):
            return builtins.sum(iterable, start)
        total = start
        for item in iterable:
            total = self.add(total, item)
        return total

    def method(self, obj, name: str, method: Callable) -> Callable:
        """The method scripts get for obj.name: wrapped when it can grow obj past the budget."""
        check = _METHOD_CHECKS.get(name)
        if check is None or not isinstance(obj, (str, bytes, bytearray, list)):
            return method

        def guarded(*args, **kwargs):
            check(self, obj, *args, **kwargs)
            return method(*args, **kwargs)

        return guarded


def _padding(guards: Guards, obj, width=0, *args, **kwargs) -> None:
    if isinstance(width, int):
        guards._check_bytes(width * _item_bytes(obj))


def _expandtabs(guards: Guards, obj, tabsize=8, **kwargs) -> None:
    if isinstance(tabsize, int):
        tab = "\t" if isinstance(obj, str) else b"\t"
        guards._check_bytes(len(obj) + obj.count(tab) * tabsize)


def _replace(guards: Guards, obj, old=None, new=None, count=-1, *args, **kwargs) -> None:
    if _is_sequence(old) and _is_sequence(new) and len(new) > len(old):
        found = obj.count(old) if old else len(obj) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        guards._check_bytes((len(obj) + found * (len(new) - len(old))) * _item_bytes(obj))


def _join(guards: Guards, obj, iterable=(), *args, **kwargs) -> None:
    if isinstance(iterable, (list, tuple)):
        parts = [len(part) for part in iterable if _is_sequence(part)]
        total = builtins.sum(parts) + len(obj) * max(len(iterable) - 1, 0)
        guards._check_bytes(total * _item_bytes(obj))


def _extend(guards: Guards, obj, iterable=(), *args, **kwargs) -> None:
    if hasattr(iterable, "__len__"):
        guards._check_bytes((len(obj) + len(iterable)) * 8)


_METHOD_CHECKS = {
    "ljust": _padding,
    "rjust": _padding,
    "center": _padding,
    "zfill": _padding,
    "expandtabs": _expandtabs,
    "replace": _replace,
    "join": _join,
    "extend": _extend,
}
_INPLACE = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
    "**=": operator.ipow,
    "@=": operator.imatmul,
    "<<=": operator.ilshift,
    ">>=": operator.irshift,
    "&=": operator.iand,
    "|=": operator.ior,
    "^=": operator.ixor,
}


def operator_guards(guards: Guards) -> dict[str, Callable]:
    """The names the transformer's calls refer to, bound to one budget."""
    return {
        "_mul_": guards.mul,
        "_pow_": guards.power,
        "_lshift_": guards.lshift,
        "_add_": guards.add,
        "_mod_": guards.mod,
        "_inplacevar_": guards.inplace,
    }


def guarded_builtins(guards: Guards) -> dict[str, Callable]:
    """Builtins that can build or walk huge values in one C call, wrapped."""
    return {"pow": guards.power, "range": guards.range, "sum": guards.sum}
