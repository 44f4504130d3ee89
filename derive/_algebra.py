"""Operator algebra of a :class:`~derive.Model`: canonical ordering, commutators, equations of motion.

The elementary operators are those a model declares: collective spins ``S^+, S^-, S^z``
(:class:`~derive.SpinOp`), boson modes ``a, a^dag`` (:class:`~sympy.physics.quantum.boson.BosonOp`)
and transitions ``|i><j|`` of few-level systems (:class:`~derive.Transition`).  Operators of
different degrees of freedom commute, so a product is first sorted by degree of freedom (name
order, stable inside one) and then brought to a canonical form inside each:

* spins: ``S^+`` left, ``S^z`` middle, ``S^-`` right, using ``[S^z, S^+-] = +-S^+-`` and
  ``[S^+, S^-] = 2 S^z``;
* bosons: normal order, with the rules of :mod:`derive._operators` (``[a, a^dag] = 1``);
* transitions: the exact product ``|i><j| |k><l| = delta_jk |i><l|``, and on request the
  completeness relation ``sum_i |i><i| = 1`` to eliminate one projector.

Since the canonical form is unique, ``[A, B]`` is the canonical form of ``AB - BA`` and an
operator identity holds when the difference orders to zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from ._model import Jump, Levels, LocalJump, ModelError, SpinOp, Transition
from ._operators import normal_order as _boson_order

__all__ = [
    "coefficients",
    "commutator",
    "dof_of",
    "equation_of_motion",
    "factors",
    "normal_order",
    "operators_equal",
]

Elementary = SpinOp | BosonOp | Transition

_RANK = {"p": 0, "z": 1, "m": 2}
# [p, q] = c * r for the out-of-order pairs (rank p > rank q)
_SPIN_COMM = {("z", "p"): (1, "p"), ("m", "p"): (-2, "z"), ("m", "z"): (1, "m")}


def dof_of(op: Elementary) -> str:
    """The name of the degree of freedom an elementary operator acts on."""
    if isinstance(op, SpinOp):
        return op.ensemble
    if isinstance(op, Transition):
        return op.system
    if isinstance(op, BosonOp):
        return str(op.name)
    raise ModelError(f"{op!r} is not an elementary operator (SpinOp, BosonOp, Transition)")


def factors(term: sp.Expr) -> tuple[sp.Expr, list[Elementary]]:
    """Split a monomial into its c-number coefficient and its ordered elementary factors."""
    c, nc = sp.sympify(term).args_cnc()
    ops: list[Elementary] = []
    for f in nc:
        base, exp = (f.base, f.exp) if isinstance(f, sp.Pow) else (f, sp.Integer(1))
        if not isinstance(base, (SpinOp, BosonOp, Transition)):
            raise ModelError(f"{base} is not an elementary operator (SpinOp, BosonOp, Transition)")
        if not (exp.is_Integer and exp > 0):
            raise ModelError(f"operator powers must be positive integers, got {f}")
        ops.extend([base] * int(exp))
    return sp.Mul(*c), ops


@cache
def _spin_order(ops: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """Canonical (``+ z -``) form of a product of one ensemble's components, as (word, coeff)."""
    for i in range(len(ops) - 1):
        p, q = ops[i], ops[i + 1]
        if _RANK[p] > _RANK[q]:
            out: Counter = Counter()
            for w, c in _spin_order(ops[:i] + (q, p) + ops[i + 2 :]):
                out[w] += c
            k, r = _SPIN_COMM[(p, q)]
            for w, c in _spin_order(ops[:i] + (r,) + ops[i + 2 :]):
                out[w] += k * c
            return tuple((w, c) for w, c in out.items() if c)
    return ((ops, 1),)


def _order_spin(ops: list[SpinOp]) -> sp.Expr:
    name = ops[0].args[0]
    words = _spin_order(tuple(str(o.args[1]) for o in ops))
    return sp.Add(*[c * sp.Mul(*[SpinOp(name, x) for x in w]) for w, c in words])


def _order_transitions(ops: list[Transition], eliminate: Mapping[str, tuple[str, ...]]) -> sp.Expr:
    i, j = ops[0].levels
    for o in ops[1:]:
        k, l_ = o.levels
        if j != k:
            return sp.Integer(0)
        j = l_
    name = ops[0].system
    if name in eliminate and i == j == eliminate[name][0]:
        return 1 - sp.Add(*[Transition(name, x, x) for x in eliminate[name][1] if x != i])
    return Transition(name, i, j)


def _eliminate_map(
    eliminate: Iterable[tuple[Levels, str]] | Mapping[Levels, str],
) -> dict[str, tuple[str, tuple[str, ...]]]:
    items = eliminate.items() if isinstance(eliminate, Mapping) else eliminate
    out = {}
    for lev, label in items:
        if label not in lev.labels:
            raise ModelError(f"level {label!r} is not one of {lev.labels} of {lev.name}")
        out[lev.name] = (label, tuple(lev.labels))
    return out


def _order_monomial(ops: list[Elementary], elim: Mapping) -> sp.Expr:
    groups: dict[str, list[Elementary]] = {}
    for o in ops:
        groups.setdefault(dof_of(o), []).append(o)
    out = sp.Integer(1)
    for name in sorted(groups):
        g = groups[name]
        if isinstance(g[0], SpinOp):
            part = _order_spin(g)
        elif isinstance(g[0], Transition):
            part = _order_transitions(g, elim)
        else:
            part = _boson_order(sp.Mul(*g))
        if part == 0:
            return sp.Integer(0)
        out = sp.expand(out * part)
    return out


def normal_order(
    expr: sp.Expr, *, eliminate: Iterable[tuple[Levels, str]] | Mapping[Levels, str] = ()
) -> sp.Expr:
    """Canonical form of an operator polynomial: equal operators have equal canonical forms.

    Parameters
    ----------
    expr
        A polynomial in the elementary operators of a model with c-number coefficients.
    eliminate
        ``(levels, label)`` pairs: replace the projector ``|label><label|`` of that few-level
        system by ``1 - sum_{i != label} |i><i|`` (completeness).

    Returns
    -------
    sympy.Expr
        Expanded sum of canonical monomials: degrees of freedom in name order; spins
        ``(S^+)^k (S^z)^l (S^-)^m``; bosons normal ordered; at most one transition per system.

    Notes
    -----
    Exact: only the commutation relations of the collective spin (su(2), any ``N``), the
    canonical boson commutator and the product rule of transition operators are used.  The
    collective spin size is not imposed (``(S^+)^{N+1} = 0`` is not used).

    Examples
    --------
    >>> from derive import SpinOp, Transition
    >>> Sp, Sm = SpinOp("S", "p"), SpinOp("S", "m")
    >>> normal_order(Sm * Sp)
    S_S^+*S_S^- - 2*S_S^z
    >>> normal_order(Transition("q", "g", "e") * Transition("q", "e", "g"))
    |g><g|_q
    """
    elim = _eliminate_map(eliminate)
    out = sp.Integer(0)
    for t in sp.Add.make_args(sp.expand(sp.sympify(expr))):
        c, ops = factors(t)
        out += c * (_order_monomial(ops, elim) if ops else sp.Integer(1))
    return sp.expand(out)


def commutator(a: sp.Expr, b: sp.Expr, **kw) -> sp.Expr:
    """``[a, b] = ab - ba`` in canonical form (keywords go to :func:`normal_order`).

    Examples
    --------
    >>> from derive import SpinOp
    >>> commutator(SpinOp("S", "p"), SpinOp("S", "m"))
    2*S_S^z
    """
    a, b = sp.sympify(a), sp.sympify(b)
    return normal_order(a * b - b * a, **kw)


def operators_equal(a: sp.Expr, b: sp.Expr, **kw) -> bool:
    """True when ``a - b`` orders to zero (c-number coefficients simplified)."""
    return all(
        sp.simplify(c) == 0
        for c in coefficients(normal_order(sp.sympify(a) - sp.sympify(b), **kw)).values()
    )


def coefficients(expr: sp.Expr) -> dict[sp.Expr, sp.Expr]:
    """``{operator monomial: c-number coefficient}`` of an expanded (canonical) expression."""
    out: dict[sp.Expr, sp.Expr] = {}
    for t in sp.Add.make_args(sp.expand(expr)):
        if t == 0:
            continue
        c, nc = t.args_cnc()
        key = sp.Mul(*nc)
        out[key] = out.get(key, sp.Integer(0)) + sp.Mul(*c)
    return out


_LOCAL = {  # one-site adjoint dissipator D^dag[c](x) for c = sigma^kind, on S^+-, S^z
    "-": {"p": lambda s, n: -s / 2, "m": lambda s, n: -s / 2, "z": lambda s, n: -(s + n / 2)},
    "+": {"p": lambda s, n: -s / 2, "m": lambda s, n: -s / 2, "z": lambda s, n: n / 2 - s},
    "z": {"p": lambda s, n: -2 * s, "m": lambda s, n: -2 * s, "z": lambda s, n: sp.Integer(0)},
}


def _local_term(term: sp.Expr, lj: LocalJump, size: sp.Expr) -> sp.Expr:
    c, ops = factors(term)
    mine = [k for k, o in enumerate(ops) if isinstance(o, SpinOp) and o.ensemble == lj.ensemble]
    if not mine:
        return sp.Integer(0)
    if len(mine) > 1:
        raise ModelError(
            f"local jump {lj.name or lj.kind} on {lj.ensemble}: moments of degree "
            f"{len(mine)} in one ensemble are not expressible through collective "
            "operators by this algebra (use derive.cumulants for per-site moments)"
        )
    k = mine[0]
    o = ops[k]
    new = _LOCAL[lj.kind][str(o.args[1])](o, sp.sympify(size))
    return c * sp.Mul(*ops[:k]) * new * sp.Mul(*ops[k + 1 :])


def equation_of_motion(
    op: sp.Expr,
    hamiltonian: sp.Expr,
    jumps: Iterable[Jump | tuple[sp.Expr, sp.Expr]] = (),
    *,
    local_jumps: Iterable[LocalJump] = (),
    sizes: Mapping[str, sp.Expr] | None = None,
    **kw,
) -> sp.Expr:
    """Operator ``D`` with ``d<O>/dt = <D>``: the adjoint Lindblad generator applied to ``O``.

    Parameters
    ----------
    op
        The operator ``O``.
    hamiltonian
        ``H`` (``hbar = 1``).
    jumps
        :class:`~derive.Jump` records or ``(L, rate)`` pairs: ``rate * D[L]``.
    local_jumps, sizes
        Per-atom jumps ``rate * sum_i D[sigma_i^kind]`` on spin ensembles, and the ensemble
        sizes (``{name: N}``) they need; only monomials of degree <= 1 in that ensemble.
    **kw
        Passed to :func:`normal_order` (``eliminate``).

    Returns
    -------
    sympy.Expr
        ``i[H, O] + sum_k rate_k (L_k^dag O L_k - {L_k^dag L_k, O}/2)``, canonical.

    Notes
    -----
    Exact (the Heisenberg picture of the Lindblad master equation with ``D[L] rho = L rho
    L^dag - {L^dag L, rho}/2``); no closure is made here.

    Examples
    --------
    A driven lossy cavity, ``H = Delta a^dag a + eta (a + a^dag)``:

    >>> from derive import Boson
    >>> d, eta, k = sp.symbols("Delta eta kappa", real=True)
    >>> c = Boson("a")
    >>> equation_of_motion(c.a, d * c.n + eta * (c.a + c.ad), [(c.a, k)])
    -I*Delta*a - I*eta - kappa*a/2
    """
    o = sp.sympify(op)
    h = sp.sympify(hamiltonian)
    out = sp.I * (h * o - o * h)
    for j in jumps:
        L, rate = (j.operator, j.rate) if isinstance(j, Jump) else j
        L = sp.sympify(L)
        Ld = Dagger(L)
        out += rate * (Ld * o * L - (Ld * L * o + o * Ld * L) / 2)
    result = normal_order(out, **kw)
    local = tuple(local_jumps)
    if local:
        sizes = dict(sizes or {})
        ordered = normal_order(o, **kw)
        for lj in local:
            if lj.ensemble not in sizes:
                raise ModelError(f"local jump on {lj.ensemble}: give its size in sizes=")
            result += lj.rate * sp.Add(
                *[_local_term(t, lj, sizes[lj.ensemble]) for t in sp.Add.make_args(ordered)]
            )
        result = normal_order(result, **kw)
    return result
