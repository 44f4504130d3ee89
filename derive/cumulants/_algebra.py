"""Pauli algebra of permutation-symmetric spin-1/2 ensembles with summed (collective) operators.

An operator is a sum of :class:`Term` s: a sympy coefficient times an ordered product of
single-site Pauli factors ``(site, species, p)`` with ``p`` in ``x, y, z``.  A ``site`` is
either a labelled site (an ``int``: the distinct sites of a moment) or a summation index
(a ``str``) running over all sites of its species.  Collective operators are sums over one
index (J_x = 1/2 sum_i x_i); products of collective operators carry several indices.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

__all__ = ["Term", "Op", "pauli", "collective", "local", "dagger"]

_EPS = {
    ("x", "y"): ("z", 1),
    ("y", "z"): ("x", 1),
    ("z", "x"): ("y", 1),
    ("y", "x"): ("z", -1),
    ("z", "y"): ("x", -1),
    ("x", "z"): ("y", -1),
}


def pauli_product(a: str, b: str) -> tuple[sp.Expr, str]:
    """sigma_a sigma_b = delta_ab + i eps_abc sigma_c (``'1'`` is the identity)."""
    if a == "1":
        return sp.Integer(1), b
    if b == "1":
        return sp.Integer(1), a
    if a == b:
        return sp.Integer(1), "1"
    c, s = _EPS[(a, b)]
    return sp.I * s, c


@dataclass(frozen=True)
class Term:
    """coeff * prod_k sigma^{p_k}_{site_k} (ordered product)."""

    coeff: sp.Expr
    factors: tuple[tuple[object, str, str], ...]  # (site, species, pauli)


class Op:
    """A sum of terms; supports +, -, * (operator product) and scalar multiplication."""

    _counter = itertools.count()

    def __init__(self, terms=()):
        self.terms = tuple(t for t in terms if t.coeff != 0)

    def __add__(self, other: Op) -> Op:
        return Op(self.terms + other.terms)

    def __sub__(self, other: Op) -> Op:
        return self + other * sp.Integer(-1)

    def mul_shared(self, other: Op) -> Op:
        """Operator product that keeps the summation indices of ``other`` (shared sums)."""
        return Op(
            Term(a.coeff * b.coeff, a.factors + b.factors) for a in self.terms for b in other.terms
        )

    def __mul__(self, other):
        if isinstance(other, Op):
            out = []
            for a in self.terms:
                for b in other.terms:
                    # summation indices of the two factors are independent: rename b's
                    ren = {}
                    for s, _, _ in b.factors:
                        if isinstance(s, str) and s not in ren:
                            ren[s] = f"i{next(Op._counter)}"
                    fb = tuple(
                        (ren.get(s, s) if isinstance(s, str) else s, sp_, p)
                        for s, sp_, p in b.factors
                    )
                    out.append(Term(a.coeff * b.coeff, a.factors + fb))
            return Op(out)
        c = sp.sympify(other)
        return Op(Term(t.coeff * c, t.factors) for t in self.terms)

    __rmul__ = __mul__

    def __neg__(self) -> Op:
        return self * sp.Integer(-1)


def pauli(site: int, species: str, p: str) -> Op:
    """A Pauli operator on a labelled site."""
    return Op([Term(sp.Integer(1), ((site, species, p),))])


def collective(species: str, components: dict[str, sp.Expr]) -> Op:
    """sum_i sum_p c_p sigma^p_i over all sites of ``species`` (e.g. J_- = sum_i (x_i - i y_i)/2)."""
    idx = f"i{next(Op._counter)}"
    return Op([Term(sp.sympify(c), ((idx, species, p),)) for p, c in components.items()])


def local(species: str, components: dict[str, sp.Expr]) -> dict:
    """A single-site jump operator c = sum_p c_p sigma^p, applied to every site of ``species``."""
    return {"species": species, "components": {p: sp.sympify(c) for p, c in components.items()}}


def dagger(op: Op) -> Op:
    """Hermitian conjugate: reverse the factor order, conjugate the coefficient (Paulis are Hermitian)."""
    return Op(Term(sp.conjugate(t.coeff), tuple(reversed(t.factors))) for t in op.terms)
