"""Eq. (1) -> Eq. (2) (Schwinger bosons, four-wave mixing) -> Eq. (3) (undepleted pumps)."""

from __future__ import annotations

from functools import cache

import sympy as sp
from sympy.physics.quantum import Dagger

from .._derivation import Derivation, PaperForm, Step
from .._operators import commutator, normal_order
from .._regime import much_less
from ._symbols import N, a_eA, a_eB, a_gA, a_gB, chi, delta, nbar, spin_ops

__all__ = [
    "fwm_derivation",
    "upa_derivation",
    "printed_eq2",
    "corrected_eq2",
    "eq1_bosonic",
    "monomials",
]


def eq1_bosonic() -> sp.Expr:
    """Eq. (1) with S_alpha^+- replaced by Schwinger bosons (exact substitution, not yet ordered)."""
    S = spin_ops()
    return chi * (S["SA+"] + S["SB+"]) * (S["SA-"] + S["SB-"]) + delta * (S["SBz"] - S["SAz"])


def _n(a):
    return Dagger(a) * a


def printed_eq2() -> sp.Expr:
    """Eq. (2) exactly as printed: first factor a_gA^dag a_gA + a_eB^dag a_gB."""
    return chi * (Dagger(a_gA) * a_gA + Dagger(a_eB) * a_gB) * (
        Dagger(a_gA) * a_eA + Dagger(a_gB) * a_eB
    ) + delta / 2 * (_n(a_gA) + _n(a_eB) - _n(a_eA) - _n(a_gB))


def corrected_eq2() -> sp.Expr:
    """Eq. (2) with the first factor S^+ = a_eA^dag a_gA + a_eB^dag a_gB."""
    return chi * (Dagger(a_eA) * a_gA + Dagger(a_eB) * a_gB) * (
        Dagger(a_gA) * a_eA + Dagger(a_gB) * a_eB
    ) + delta / 2 * (_n(a_gA) + _n(a_eB) - _n(a_eA) - _n(a_gB))


def monomials(expr: sp.Expr) -> dict[sp.Expr, sp.Expr]:
    """Normal-ordered monomial -> coefficient (for a term-by-term comparison)."""
    out: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(normal_order(expr)):
        c, nc = term.args_cnc()
        key = sp.Mul(*nc)
        out[key] = sp.simplify(out.get(key, 0) + sp.Mul(*c))
    return {k: v for k, v in out.items() if v != 0}


_H_FWM = sp.Symbol(r"H_{\mathrm{FWM}}", commutative=False)
_H2 = sp.Symbol(r"H_{(2)}", commutative=False)
_H_UPA = sp.Symbol(r"H_{\mathrm{UPA}}", commutative=False)
_H_TMS = sp.Symbol(r"H_{\mathrm{TMS}}", commutative=False)


@cache
def fwm_derivation() -> Derivation:
    """Schwinger-boson (four-wave-mixing) form Eq. (2) of the spin Hamiltonian Eq. (1).

    Notes
    -----
    Exact operator identity: substitute S_alpha^+ = a_e,alpha^dag a_g,alpha and
    S_alpha^z = (n_e,alpha - n_g,alpha)/2, then normal order.  The printed Eq. (2)
    is compared term by term (both normal ordered).
    """
    h1 = eq1_bosonic()
    h_no = normal_order(h1)
    pr = normal_order(printed_eq2())
    herm = normal_order(printed_eq2() - Dagger(printed_eq2()))
    steps = (
        Step(
            "Eq. (1) in Schwinger bosons",
            h1,
            r"exact: $S_\alpha^+ = a_{e\alpha}^\dagger a_{g\alpha}$,"
            r" $S_\alpha^z = (n_{e\alpha} - n_{g\alpha})/2$ (the paper's definition, which absorbs"
            r" the sign $S_B^+ = -\sum |e,B\rangle\langle g,B|$)",
            lhs=_H_FWM,
        ),
        Step(
            r"normal-ordered $H_{\mathrm{FWM}}$",
            h_no,
            r"exact: $[a, a^\dagger] = 1$, distinct modes commute",
            lhs=_H_FWM,
            label="Eq. (2)",
            printed=pr,
        ),
        Step(
            "anti-Hermitian part of the printed Eq. (2)",
            herm,
            "exact; a Hamiltonian must give zero",
            lhs=_H2 - sp.Symbol(r"H_{(2)}^\dagger", commutative=False),
        ),
        Step(
            "corrected Eq. (2)",
            normal_order(corrected_eq2()),
            r"exact: first factor $a_{eA}^\dagger a_{gA} + a_{eB}^\dagger a_{gB} = S^+$",
            lhs=_H_FWM,
        ),
    )
    return Derivation(
        "Schwinger-boson (four-wave-mixing) form of Eq. (1)",
        steps,
        h_no,
        (chi, delta),
        ("two collective spins built from four bosonic modes",),
    )


@cache
def upa_derivation() -> Derivation:
    """Undepleted-pump approximation Eq. (3): H_TMS = (N chi/2)(a_eA^dag a_gB^dag + h.c.) at delta = N chi/2.

    Notes
    -----
    Conservation laws used: the atom number of each ensemble, n_g,alpha + n_e,alpha = N/2
    (the Casimir of each collective spin; [H, n_g,alpha + n_e,alpha] = 0 is verified), lets
    the Zeeman term be written as N delta/2 - delta (n_eA + n_gB) exactly.  The pumps
    a_gA, a_eB -> sqrt(N/2) (leading order in 1/N) in the chi term then give
    (N chi/2 - delta)(n_eA + n_gB): resonance at delta = N chi/2.  Without per-ensemble
    conservation (pumps replaced in the Zeeman term as well) one would find
    (N chi/2 - delta/2)(n_eA + n_gB) and resonance at delta = N chi.  Conservation of
    S_A^z + S_B^z alone does not fix the shift.
    """
    h = normal_order(corrected_eq2())
    nA = Dagger(a_gA) * a_gA + Dagger(a_eA) * a_eA
    nB = Dagger(a_gB) * a_gB + Dagger(a_eB) * a_eB
    cons = sp.simplify(commutator(h, nA)) + sp.simplify(commutator(h, nB))
    # Zeeman term with per-ensemble conservation
    zee = delta / 2 * ((N / 2 - _n(a_eA)) + (N / 2 - _n(a_gB)) - _n(a_eA) - _n(a_gB))
    hchi = sp.expand(h - sp.expand(delta / 2 * (_n(a_gA) + _n(a_eB) - _n(a_eA) - _n(a_gB))))
    P = sp.sqrt(N / 2)
    pump = {a_gA: P, Dagger(a_gA): P, a_eB: P, Dagger(a_eB): P}
    hchi_upa = sp.expand(hchi.xreplace(pump))
    h_upa = sp.expand(hchi_upa + sp.expand(zee))
    # keep the terms of leading order in N (drop O(chi) one-body shifts and c-numbers)
    lead = sp.Add(
        *[
            tm
            for tm in sp.Add.make_args(h_upa)
            if not tm.is_commutative
            and sp.degree(sp.Mul(*tm.args_cnc()[0]), N) >= 1
            or (not tm.is_commutative and tm.has(delta))
        ]
    )
    lead = sp.expand(lead)
    res = sp.expand(lead.subs(delta, N * chi / 2))
    naive = sp.expand(hchi_upa + sp.expand(delta / 2 * (N - _n(a_eA) - _n(a_gB))))
    naive_shift = sp.expand(
        sp.Add(
            *[
                tm
                for tm in sp.Add.make_args(naive)
                if tm.args_cnc()[1] == [Dagger(a_eA), a_eA]
                and sp.degree(sp.Mul(*tm.args_cnc()[0]), N) >= 1
                or tm.args_cnc()[1] == [Dagger(a_eA), a_eA]
                and tm.has(delta)
            ]
        )
    )
    printed = normal_order(N * chi / 2 * (Dagger(a_eA) * Dagger(a_gB) + a_gB * a_eA))
    steps = (
        Step(
            "per-ensemble atom numbers are conserved",
            cons,
            r"exact: $[H_{\mathrm{FWM}}, n_{gA} + n_{eA}] = [H_{\mathrm{FWM}}, n_{gB} + n_{eB}] = 0$",
            lhs=sp.Symbol(r"[H_{\mathrm{FWM}}, n_A] + [H_{\mathrm{FWM}}, n_B]"),
        ),
        Step(
            r"Zeeman term with $n_{gA} = N/2 - n_{eA}$, $n_{eB} = N/2 - n_{gB}$",
            sp.expand(zee),
            r"exact within the initial ensemble populations $N/2$, $N/2$",
            lhs=sp.Symbol(r"H_\delta", commutative=False),
        ),
        Step(
            r"pumps $a_{gA}, a_{eB} \to \sqrt{N/2}$ in the $\chi$ term",
            hchi_upa,
            r"undepleted pumps: $n_{eA} + n_{gB} \ll N$",
            lhs=sp.Symbol(r"H_\chi", commutative=False),
        ),
        Step(
            "leading order in N",
            lead,
            r"drop the $O(\chi)$ one-body shifts (relative order $1/N$) and c-numbers",
            lhs=_H_UPA,
        ),
        Step(
            "mean-field shift with naive pump replacement in the Zeeman term",
            naive_shift,
            r"for contrast: cancels only at $\delta = N\chi$",
            lhs=sp.Symbol(r"H_{\mathrm{shift}}", commutative=False),
        ),
        Step(
            r"$H_{\mathrm{TMS}}$ at $\delta = N\chi/2$",
            res,
            r"resonance: the mean-field shift $N\chi/2$ cancels",
            lhs=_H_TMS,
            label="Eq. (3)",
            printed=printed,
        ),
    )
    return Derivation(
        "undepleted-pump approximation of Eq. (2)",
        steps,
        res,
        (N, chi),
        (r"initial state: $A$ in $g$, $B$ in $e$, $N/2$ atoms each",),
        (much_less(nbar, N, "pair number much below the pump population"),),
        PaperForm(
            _H_TMS,
            sp.Mul(
                N * chi / 2,
                sp.Add(Dagger(a_eA) * Dagger(a_gB), a_eA * a_gB, evaluate=False),
                evaluate=False,
            ),
        ),
    )
