"""Regimes of validity as explicit inequalities.

A closed form holds where a set of inequalities hold, most of them strong
("much less than").  A :class:`Condition` keeps both sides as sympy expressions,
so a regime can be printed, and turned into a numeric *margin* (lhs/rhs) that a
check or a regime map can evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Condition", "much_less", "much_greater"]

_RELATIONS = {"<<": r"\ll", ">>": r"\gg", "<": "<", ">": ">"}


@dataclass(frozen=True, slots=True)
class Condition:
    """An inequality ``lhs REL rhs`` with REL one of ``<<, >>, <, >``.

    The *margin* is ``lhs/rhs`` for ``<``/``<<`` and ``rhs/lhs`` for ``>``/``>>``,
    so the condition holds strongly where the margin is small.  ``threshold`` is
    the margin below which a check treats a strong inequality as satisfied.
    """

    lhs: sp.Expr
    relation: str
    rhs: sp.Expr
    text: str = ""
    threshold: float = 0.1

    def __post_init__(self) -> None:
        if self.relation not in _RELATIONS:
            raise ValueError(f"relation must be one of {sorted(_RELATIONS)}, got {self.relation!r}")

    @property
    def margin(self) -> sp.Expr:
        """The ratio that must be small for the condition to hold."""
        if self.relation in ("<<", "<"):
            return self.lhs / self.rhs
        return self.rhs / self.lhs

    def latex(self) -> str:
        return f"{sp.latex(self.lhs)} {_RELATIONS[self.relation]} {sp.latex(self.rhs)}"

    def __str__(self) -> str:
        return f"{sp.sstr(self.lhs)} {self.relation} {sp.sstr(self.rhs)}"


def much_less(lhs: sp.Expr, rhs: sp.Expr, text: str = "", threshold: float = 0.1) -> Condition:
    """``lhs << rhs``."""
    return Condition(sp.sympify(lhs), "<<", sp.sympify(rhs), text, threshold)


def much_greater(lhs: sp.Expr, rhs: sp.Expr, text: str = "", threshold: float = 0.1) -> Condition:
    """``lhs >> rhs``."""
    return Condition(sp.sympify(lhs), ">>", sp.sympify(rhs), text, threshold)
