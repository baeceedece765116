"""A small, safe evaluator for the expressions of rule packs (``completed <= planned``).

User text is parsed with :mod:`ast` and only an allow-listed set of nodes is
accepted (names, decimal literals, ``+ - * /``, unary minus, comparisons,
``and``/``or``/``not``, ``abs``/``min``/``max``); nothing is ever passed to
``eval``. Evaluation is vectorised: every name is bound to a column of exact
:class:`~fractions.Fraction` intervals (one row per place the rule applies), so
one walk of the tree checks a rule in every file at once.

A comparison is *violated* only when it fails for every reading of the figures
within their stated precision (plus the rule's tolerance): where the precision
leaves room, the evaluator abstains.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING

from .errors import AircheckError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

FUNCTIONS = frozenset({"abs", "min", "max"})
#: The dimension of a bare number: it takes the dimension of what it meets (``a <= 3``).
ANY = "*"
_COMPARE = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class ExpressionError(AircheckError):
    """An expression that is not in the allowed language; column is 1-based in the text."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed, checked expression and the figure names it uses, in order of appearance."""

    source: str
    tree: ast.Expression
    names: tuple[str, ...]

    @property
    def is_check(self) -> bool:
        """True when the top node yields a truth value (a comparison or a boolean)."""
        return isinstance(self.tree.body, (ast.Compare, ast.BoolOp)) or (
            isinstance(self.tree.body, ast.UnaryOp) and isinstance(self.tree.body.op, ast.Not)
        )


def parse(source: str) -> Expression:
    """Parse *source* and reject every node outside the allowed language."""
    text = source.strip()
    if not text:
        raise ExpressionError("empty expression", zh="表达式是空的")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(
            f"not a valid expression: {exc.msg}",
            zh=f"不是有效的表达式：{exc.msg}",
            column=exc.offset or None,
        ) from None
    names: list[str] = []
    for node in ast.walk(tree):
        _allow(node, text)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in names:
            names.append(node.id)
    return Expression(text, tree, tuple(names))


def _allow(node: ast.AST, text: str) -> None:
    ok = isinstance(
        node,
        (
            ast.Expression,
            ast.Name,
            ast.Load,
            ast.BinOp,
            ast.UnaryOp,
            ast.USub,
            ast.UAdd,
            ast.Not,
            ast.Compare,
            ast.BoolOp,
            ast.And,
            ast.Or,
            *_COMPARE,
            *_ARITH,
        ),
    )
    if isinstance(node, ast.Constant):
        ok = isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        segment = ast.get_source_segment(text, node) or ""
        if ok and not re.fullmatch(
            r"\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?", segment
        ):
            raise ExpressionError(
                f"{segment!r}: write numbers in decimal, such as 100 or 0.5",
                zh=f"{segment!r}：数字请用十进制书写，例如 100 或 0.5",
                column=node.col_offset + 1,
            )
    if isinstance(node, ast.BinOp):
        ok = isinstance(node.op, _ARITH)
    if isinstance(node, ast.Call):
        ok = (
            isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and not node.keywords
            and len(node.args) >= 1
            and (node.func.id != "abs" or len(node.args) == 1)
        )
    if not ok:
        what = type(node).__name__
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            what = f"function {node.func.id}()"
        column = getattr(node, "col_offset", None)
        raise ExpressionError(
            f"{what} is not allowed in an expression: use figure names, numbers, + - * /, "
            "comparisons, and/or/not, abs(), min(), max()",
            zh=f"表达式中不允许使用 {what}：只能用数字名称、数值、+ - * /、比较、"
            "and/or/not、abs()、min()、max()",
            column=column + 1 if column is not None else None,
        )


@dataclass(slots=True)
class Interval:
    """Columns of exact intervals: value as stated, lowest and highest reading, dimension.

    ``unknown`` marks rows where the value cannot be decided (a missing figure,
    a division by an interval that holds zero, mixed dimensions); ``step`` is the
    stated step of a bare figure (None once arithmetic has been applied), so two
    figures stated to the same step compare as stated (rounding is monotone).
    """

    value: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    dim: np.ndarray
    unknown: np.ndarray
    step: np.ndarray | None = None


def scalar(value: Fraction | None) -> np.ndarray:
    """A 0-d object array of one exact value: ``np.where`` broadcasts it like the bare
    Fraction (numpy's type stubs refuse a Fraction there, not numpy)."""
    import numpy as np

    return np.array(value, dtype=object)


def constant(value: Fraction, rows: int) -> Interval:
    import numpy as np

    col = np.full(rows, value, dtype=object)
    return Interval(
        col, col.copy(), col.copy(), np.full(rows, ANY, dtype=object), np.zeros(rows, bool)
    )


def evaluate(
    expr: Expression, env: dict[str, Interval], rows: int, tolerance: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(decided, violated) per row for a check expression over *env*.

    *tolerance* is a per-row absolute slack (Fractions, in the base unit) added
    to every comparison.
    """
    import numpy as np

    if not expr.is_check:
        raise ExpressionError(
            f"{expr.source!r} is not a check: it needs a comparison such as <=",
            zh=f"{expr.source!r} 不是检查条件：需要一个比较，例如 <=",
        )
    ev = _Evaluator(expr.source, env, rows, tolerance)
    violated, unknown = ev.truth(expr.tree.body)
    return ~unknown, violated & ~unknown & np.ones(rows, bool)


class _Evaluator:
    def __init__(
        self, source: str, env: dict[str, Interval], rows: int, tolerance: np.ndarray
    ) -> None:
        self.source = source
        self.env = env
        self.rows = rows
        self.tolerance = tolerance

    # -- truth: (violated for certain, undecided) ---------------------------
    def truth(self, node: ast.AST) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        if isinstance(node, ast.Compare):
            violated = np.zeros(self.rows, bool)
            unknown = np.zeros(self.rows, bool)
            left = self.value(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = self.value(right_node)
                v, u = self.compare(op, left, right)
                violated |= v & ~u
                unknown |= u
                left = right
            return violated, unknown & ~violated
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(v) for v in node.values]
            if isinstance(node.op, ast.And):  # fails if any part surely fails
                violated = np.logical_or.reduce([v for v, _ in parts])
                unknown = np.logical_or.reduce([u for _, u in parts]) & ~violated
            else:  # fails only if every part surely fails
                violated = np.logical_and.reduce([v for v, _ in parts])
                unknown = ~violated & np.logical_or.reduce([u for _, u in parts])
            return violated, unknown
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            # "not a < b" is "a >= b": only comparisons may be negated
            inner = node.operand
            if isinstance(inner, ast.Compare) and len(inner.ops) == 1:
                flipped = {
                    ast.Lt: ast.GtE,
                    ast.LtE: ast.Gt,
                    ast.Gt: ast.LtE,
                    ast.GtE: ast.Lt,
                    ast.Eq: ast.NotEq,
                    ast.NotEq: ast.Eq,
                }[type(inner.ops[0])]()
                return self.truth(ast.Compare(inner.left, [flipped], inner.comparators))
        shown = ast.get_source_segment(self.source, node)
        raise ExpressionError(
            f"{shown!r} is a number where a check is needed",
            zh=f"{shown!r} 是一个数值，而此处需要检查条件",
        )

    def compare(self, op: ast.cmpop, a: Interval, b: Interval) -> tuple[np.ndarray, np.ndarray]:
        """Rows where ``a op b`` fails for every reading, and rows that cannot be decided."""
        import numpy as np

        unknown = a.unknown | b.unknown | ~_same(a.dim, b.dim)
        tol = self.tolerance
        if a.step is not None and b.step is not None:
            as_stated = np.array([x == y for x, y in zip(a.step, b.step)], dtype=bool)
        else:
            as_stated = np.zeros(self.rows, bool)
        a_lo = np.where(as_stated, a.value, a.lo)
        a_hi = np.where(as_stated, a.value, a.hi)
        b_lo = np.where(as_stated, b.value, b.lo)
        b_hi = np.where(as_stated, b.value, b.hi)
        if isinstance(op, ast.LtE):
            bad = a_lo > b_hi + tol
        elif isinstance(op, ast.Lt):
            bad = a_lo >= b_hi + tol
        elif isinstance(op, ast.GtE):
            bad = a_hi < b_lo - tol
        elif isinstance(op, ast.Gt):
            bad = a_hi <= b_lo - tol
        elif isinstance(op, ast.Eq):
            bad = (a_lo > b_hi + tol) | (b_lo > a_hi + tol)
        else:  # NotEq: fails only when both are the same exact point
            bad = (a_lo == a_hi) & (b_lo == b_hi) & (a_lo == b_lo) & (tol == 0)
        return np.asarray(bad, dtype=bool), unknown

    # -- numbers --------------------------------------------------------------
    def value(self, node: ast.AST) -> Interval:
        import numpy as np

        if isinstance(node, ast.Name):
            if node.id not in self.env:
                raise ExpressionError(
                    f"unknown figure name {node.id!r}", zh=f"未知的数字名称 {node.id!r}"
                )
            return self.env[node.id]
        if isinstance(node, ast.Constant):
            segment = ast.get_source_segment(self.source, node) or repr(node.value)
            try:
                exact = Fraction(Decimal(segment.replace("_", "")))
            except (InvalidOperation, ValueError):
                raise ExpressionError(
                    f"not a decimal number: {segment!r}", zh=f"不是十进制数：{segment!r}"
                ) from None
            return constant(exact, self.rows)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.value(node.operand)
            if isinstance(node.op, ast.UAdd):
                return inner
            return Interval(-inner.value, -inner.hi, -inner.lo, inner.dim, inner.unknown)
        if isinstance(node, ast.BinOp):
            return self.binary(node.op, self.value(node.left), self.value(node.right))
        if isinstance(node, ast.Call):
            args = [self.value(a) for a in node.args]
            name = node.func.id  # type: ignore[attr-defined]
            if name == "abs":
                x = args[0]
                lo = np.where(x.lo >= 0, x.lo, np.where(x.hi <= 0, -x.hi, scalar(Fraction(0))))
                hi = np.maximum(abs(x.lo), abs(x.hi))
                return Interval(abs(x.value), lo, hi, x.dim, x.unknown)
            pick = np.minimum if name == "min" else np.maximum
            out = args[0]
            for x in args[1:]:
                out = Interval(
                    pick(out.value, x.value),
                    pick(out.lo, x.lo),
                    pick(out.hi, x.hi),
                    _pick(out.dim, x.dim),
                    out.unknown | x.unknown | ~_same(out.dim, x.dim),
                )
            return out
        shown = ast.get_source_segment(self.source, node)
        raise ExpressionError(
            f"{shown!r} is a check where a number is needed",
            zh=f"{shown!r} 是检查条件，而此处需要一个数值",
        )

    def binary(self, op: ast.operator, a: Interval, b: Interval) -> Interval:
        import numpy as np

        unknown = a.unknown | b.unknown
        if isinstance(op, (ast.Add, ast.Sub)):
            unknown = unknown | ~_same(a.dim, b.dim)
            dim = _pick(a.dim, b.dim)
            if isinstance(op, ast.Add):
                return Interval(a.value + b.value, a.lo + b.lo, a.hi + b.hi, dim, unknown)
            return Interval(a.value - b.value, a.lo - b.hi, a.hi - b.lo, dim, unknown)
        if isinstance(op, ast.Div):
            zero = (b.lo <= 0) & (b.hi >= 0)
            unknown = unknown | zero
            one = Fraction(1)
            safe_lo = np.where(zero, scalar(one), b.lo)
            safe_hi = np.where(zero, scalar(one), b.hi)
            safe_value = np.where(b.value == 0, scalar(one), b.value)
            b = Interval(one / safe_value, one / safe_hi, one / safe_lo, b.dim, b.unknown)
            dim = np.array([_divide(x, y) for x, y in zip(a.dim, b.dim)], dtype=object)
        else:
            dim = np.array([_multiply(x, y) for x, y in zip(a.dim, b.dim)], dtype=object)
        products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        lo = np.minimum.reduce(products)
        hi = np.maximum.reduce(products)
        return Interval(a.value * b.value, lo, hi, dim, unknown)


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows whose dimensions may be added or compared (a bare number fits any)."""
    import numpy as np

    return np.asarray((a == b) | (a == ANY) | (b == ANY), dtype=bool)


def _pick(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.where(a == ANY, b, a)


def _multiply(a: str, b: str) -> str:
    a, b = ("" if a == ANY else a), ("" if b == ANY else b)
    return b if a == "" else a if b == "" else f"{a}*{b}"


def _divide(top: str, bottom: str) -> str:
    """The dimension of a quotient: 亩/亩 is a plain number."""
    top, bottom = ("" if top == ANY else top), ("" if bottom == ANY else bottom)
    if bottom == "":
        return top
    if top == bottom:
        return ""
    return f"{top}/{bottom}" if top else f"1/{bottom}"
