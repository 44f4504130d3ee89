"""Bosonic operator algebra: commutators, normal ordering, Heisenberg equations.

Operators are :class:`sympy.physics.quantum.boson.BosonOp` instances and their
daggers.  Different modes commute; each mode obeys ``[b, b^dag] = 1``.  Because
every elementary commutator is a c-number, the commutator of two monomials is the
double Leibniz sum ``[p1..pn, q1..qm] = sum_ij p1..p(i-1) q1..[pi,qj]..qm p(i+1)..pn``
and normal ordering is a bubble sort that emits the commutator at each swap.
A field operator at one point of space is represented by one mode (a lattice site
of unit volume), so local identities such as ``[Psi, Psi^dag Psi^dag Psi Psi] =
2 Psi^dag Psi Psi`` are exact.
"""

from __future__ import annotations

from functools import cache

import sympy as sp
from sympy.physics.quantum.boson import BosonOp

__all__ = ["boson", "commutator", "normal_order", "heisenberg", "operators_equal"]


def boson(name: str) -> BosonOp:
    """Annihilation operator of the bosonic mode ``name``."""
    return BosonOp(name)


def _factors(term: sp.Expr) -> tuple[sp.Expr, list[BosonOp]]:
    """Split a monomial into its c-number and the ordered list of boson factors."""
    c, nc = term.args_cnc()
    ops: list[BosonOp] = []
    for f in nc:
        base, exp = (f.base, f.exp) if isinstance(f, sp.Pow) else (f, sp.Integer(1))
        if not isinstance(base, BosonOp):
            raise TypeError(f"only boson operators are supported, got {base!r}")
        if not (exp.is_Integer and exp > 0):
            raise TypeError(f"boson powers must be positive integers, got {f}")
        ops.extend([base] * int(exp))
    return sp.Mul(*c), ops


def _elementary(p: BosonOp, q: BosonOp) -> int:
    """[p, q] for single boson factors: 1 for [b, b^dag], -1 for [b^dag, b], else 0."""
    if p.name != q.name or p.is_annihilation == q.is_annihilation:
        return 0
    return 1 if p.is_annihilation else -1


def _mono_commutator(p: list[BosonOp], q: list[BosonOp]) -> sp.Expr:
    out = sp.Integer(0)
    for i, pi in enumerate(p):
        for j, qj in enumerate(q):
            c = _elementary(pi, qj)
            if c:
                out += c * sp.Mul(*p[:i], *q[:j], *q[j + 1 :], *p[i + 1 :])
    return out


def commutator(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``[a, b] = ab - ba`` for polynomials in boson operators (expanded, not ordered)."""
    out = sp.Integer(0)
    for ta in sp.Add.make_args(sp.expand(a)):
        ca, pa = _factors(ta)
        if not pa:
            continue
        for tb in sp.Add.make_args(sp.expand(b)):
            cb, pb = _factors(tb)
            if pb:
                out += ca * cb * _mono_commutator(pa, pb)
    return sp.expand(out)


def _key(op: BosonOp) -> tuple[int, str]:
    return (0 if not op.is_annihilation else 1, str(op.name))


@cache
def _order_mono(ops: tuple[BosonOp, ...]) -> sp.Expr:
    for i in range(len(ops) - 1):
        p, q = ops[i], ops[i + 1]
        if _key(p) > _key(q):
            swapped = ops[:i] + (q, p) + ops[i + 2 :]
            c = _elementary(p, q)
            rest = _order_mono(ops[:i] + ops[i + 2 :]) * c if c else sp.Integer(0)
            return sp.expand(_order_mono(swapped) + rest)
    return sp.Mul(*ops)


def normal_order(expr: sp.Expr) -> sp.Expr:
    """Normal-ordered form: creators left of annihilators, modes sorted by name.

    Examples
    --------
    >>> from sympy.physics.quantum import Dagger
    >>> b = boson("b")
    >>> normal_order(b * Dagger(b) * b * Dagger(b))
    1 + 3*Dagger(b)*b + Dagger(b)**2*b**2
    """
    out = sp.Integer(0)
    for t in sp.Add.make_args(sp.expand(expr)):
        c, ops = _factors(t)
        out += c * _order_mono(tuple(ops))
    return sp.expand(out)


def heisenberg(op: sp.Expr, hamiltonian: sp.Expr) -> sp.Expr:
    """Right-hand side of ``i d(op)/dt = [op, H]``, normal ordered."""
    return normal_order(commutator(op, hamiltonian))


def operators_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """True when ``a - b`` normal-orders to zero (c-number coefficients simplified)."""
    diff = normal_order(sp.expand(a - b))
    return sp.simplify(diff) == 0
