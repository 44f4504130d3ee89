"""Moment equations of permutation-symmetric spin ensembles, closed at a given cumulant order.

For N_s identical spin-1/2 of each species s, permutation symmetry makes every expectation of
a product of Pauli operators on distinct sites depend only on the multiset of
(species, Pauli) labels.  The Heisenberg equation of such a moment,

    d<M>/dt = <i[H, M]> + sum_k <L_k^+ M L_k - {L_k^+ L_k, M}/2>
              + sum_s gamma_s-terms sum_i <c_i^+ M c_i - {c_i^+ c_i, M}/2>,

is evaluated exactly by resolving every summation index into "one of the labelled sites"
or "a fresh site" (with the falling-factorial multiplicity), reducing each site's Pauli
product, and then closing moments of more than ``order`` sites by setting their joint
cumulants to zero (order 1: mean field; order 2: Gaussian / second-order cumulants).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

from ._algebra import Op, Term, dagger, pauli, pauli_product

__all__ = ["moment_symbol", "expectation", "close", "CumulantSystem", "derive_moment_equations"]

_P = ("x", "y", "z")


def moment_symbol(key: tuple[tuple[str, str], ...]) -> sp.Symbol:
    """The real symbol of the distinct-site moment with sorted labels ``key``."""
    return sp.Symbol("M_" + "_".join(s + p for s, p in key), real=True)


def _set_partitions(items: list) -> list[list[list]]:
    if not items:
        return [[]]
    return (
        [list(map(list, p)) for p in multiset_partitions(list(items))]
        if len(set(items)) == len(items)
        else []
    )


def _falling(n: sp.Expr, k: int) -> sp.Expr:
    out = sp.Integer(1)
    for r in range(k):
        out *= n - r
    return out


def expectation(op: Op, sizes: dict[str, sp.Symbol]) -> sp.Expr:
    """<op> in terms of distinct-site moment symbols (exact, no closure)."""
    total = sp.Integer(0)
    for t in op.terms:
        labelled = {}
        dummies = []
        for s, spc, _ in t.factors:
            if isinstance(s, str):
                if s not in [d for d, _ in dummies]:
                    dummies.append((s, spc))
            else:
                labelled[s] = spc
        choices = [
            [("lab", site) for site, sl in labelled.items() if sl == spc] + [("fresh", None)]
            for _, spc in dummies
        ]
        for pick in itertools.product(*choices):
            fresh = [k for k, c in enumerate(pick) if c[0] == "fresh"]
            for part in _set_partitions(fresh):
                # blocks must be single-species
                if any(len({dummies[k][1] for k in blk}) > 1 for blk in part):
                    continue
                assign = {}
                for k, c in enumerate(pick):
                    if c[0] == "lab":
                        assign[dummies[k][0]] = c[1]
                for b, blk in enumerate(part):
                    for k in blk:
                        assign[dummies[k][0]] = ("f", b)
                mult = sp.Integer(1)
                for spc, n in sizes.items():
                    nf = sum(1 for blk in part if dummies[blk[0]][1] == spc)
                    kl = sum(1 for sl in labelled.values() if sl == spc)
                    mult *= _falling(n - kl, nf)
                # reduce the ordered product site by site
                per_site: dict = {}
                coeff = t.coeff * mult
                for s, spc, p in t.factors:
                    site = assign.get(s, s) if isinstance(s, str) else s
                    cur_sp, cur_p = per_site.get(site, (spc, "1"))
                    c, newp = pauli_product(cur_p, p)
                    coeff *= c
                    per_site[site] = (spc, newp)
                key = tuple(sorted((spc, p) for spc, p in per_site.values() if p != "1"))
                total += coeff * (moment_symbol(key) if key else 1)
    return sp.expand(total)


def _key_of(sym: sp.Symbol) -> tuple[tuple[str, str], ...]:
    body = sym.name[2:]
    return tuple((lab[:-1], lab[-1]) for lab in body.split("_"))


def _cumulant(key: tuple, order: int) -> sp.Expr:
    """Joint cumulant of distinct-site labels ``key`` in terms of moments (zero above ``order``)."""
    if len(key) > order:
        return sp.Integer(0)
    idx = list(range(len(key)))
    out = sp.Integer(0)
    for part in multiset_partitions(idx):
        k = len(part)
        term = (-1) ** (k - 1) * sp.factorial(k - 1)
        for blk in part:
            term *= moment_symbol(tuple(sorted(key[i] for i in blk)))
        out += term
    return out


def close(expr: sp.Expr, order: int) -> sp.Expr:
    """Replace moments of more than ``order`` sites by their cumulant expansion truncated at ``order``."""
    reps = {}
    for sym in expr.free_symbols:
        if sym.name.startswith("M_"):
            key = _key_of(sym)
            if len(key) > order:
                idx = list(range(len(key)))
                val = sp.Integer(0)
                for part in multiset_partitions(idx):
                    if any(len(b) > order for b in part):
                        continue
                    term = sp.Integer(1)
                    for blk in part:
                        term *= _cumulant(tuple(sorted(key[i] for i in blk)), order)
                    val += term
                reps[sym] = sp.expand(val)
    return sp.expand(expr.xreplace(reps)) if reps else expr


def _moment_keys(species: tuple[str, ...], order: int) -> list[tuple]:
    labels = [(s, p) for s in species for p in _P]
    keys = []
    for k in range(1, order + 1):
        for combo in itertools.combinations_with_replacement(labels, k):
            keys.append(tuple(sorted(combo)))
    return sorted(set(keys), key=lambda k: (len(k), k))


def _moment_op(key: tuple) -> Op:
    op = Op([Term(sp.Integer(1), ())])
    for site, (spc, p) in enumerate(key, start=1):
        op = op.mul_shared(pauli(site, spc, p))
    return op


@dataclass(frozen=True)
class CumulantSystem:
    """Closed moment equations d y/dt = f(y; parameters) of a permutation-symmetric ensemble.

    ``variables`` are the distinct-site moments <sigma^a_1 ...> (real), ``rhs`` their time
    derivatives after closure at ``order``; ``sizes`` the species sizes (symbols).
    """

    variables: tuple[sp.Symbol, ...]
    rhs: tuple[sp.Expr, ...]
    order: int
    sizes: dict = field(default_factory=dict)

    def equation(self, var: sp.Symbol) -> sp.Expr:
        return self.rhs[self.variables.index(var)]

    def parameters(self) -> tuple[sp.Symbol, ...]:
        """The non-moment free symbols, sorted by name."""
        syms = set().union(*(e.free_symbols for e in self.rhs)) - set(self.variables)
        return tuple(sorted(syms, key=lambda s: s.name))


def derive_moment_equations(
    H: Op,
    collective_jumps: list[tuple[sp.Expr, Op]],
    local_jumps: list[tuple[sp.Expr, dict]],
    sizes: dict[str, sp.Symbol],
    order: int = 2,
    keys: list[tuple] | None = None,
) -> CumulantSystem:
    """Derive the closed moment equations from H and the jump operators.

    Parameters
    ----------
    H : collective Hamiltonian (an :class:`Op`, Hermitian).
    collective_jumps : (rate, L) pairs, dissipator rate * D[L] with L a collective Op.
    local_jumps : (rate, c) pairs, rate * sum_i D[c_i] with c from :func:`local`.
    sizes : species -> number of spins (sympy symbol).
    order : 1 (mean field, product states) or 2 (Gaussian: third cumulants dropped).
    keys : optional subset of moments (sorted ((species, pauli), ...) tuples) to derive
        equations for; default all moments of up to ``order`` sites.

    Notes
    -----
    Exact Heisenberg equations before closure; the closure is the only approximation,
    and its accuracy is a property of the state (checked against exact solvers by the caller).
    """
    species = tuple(sizes)
    if keys is None:
        keys = _moment_keys(species, order)
    keys = [tuple(sorted(k)) for k in keys]
    variables = tuple(moment_symbol(k) for k in keys)
    rhs = []
    for key in keys:
        M = _moment_op(key)
        d = (H * M - M * H) * sp.I
        for rate, L in collective_jumps:
            Ld = dagger(L)
            LdL = Ld * L
            d = (
                d
                + (Ld * M * L - (LdL * M) * sp.Rational(1, 2) - (M * LdL) * sp.Rational(1, 2))
                * rate
            )
        for rate, c in local_jumps:
            spc = c["species"]
            ci = Op([Term(v, (("loc", spc, p),)) for p, v in c["components"].items()])
            cdi = Op(
                [Term(sp.conjugate(v), (("loc", spc, p),)) for p, v in c["components"].items()]
            )
            cdc = cdi.mul_shared(ci)
            d = (
                d
                + (
                    cdi.mul_shared(M).mul_shared(ci)
                    - cdc.mul_shared(M) * sp.Rational(1, 2)
                    - M.mul_shared(cdc) * sp.Rational(1, 2)
                )
                * rate
            )
        e = close(expectation(d, sizes), order)
        e = sp.expand(e)
        re, im = e.as_real_imag()
        if sp.simplify(im) != 0:
            raise ValueError(f"moment equation of {key} is not real: imaginary part {im}")
        rhs.append(sp.expand(re))
    return CumulantSystem(variables, tuple(rhs), order, dict(sizes))
