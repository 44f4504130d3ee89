"""Eq. (4) and the effective-size definitions of tucker2020 as derived closed forms.

* Wineland xi^2 = N min_{n perp <J>} Var(J.n) / |<J>|^2.  With e1, e2 an orthonormal basis
  of the plane perpendicular to <J> and C the 2x2 projected covariance (a, b; b, c),
  Var(J.n) = n^T C n on the unit circle, minimised by the smaller eigenvalue:
  xi^2 = N (a + c - sqrt((a - c)^2 + 4 b^2)) / (2 |<J>|^2).
* N_eff: <J^2> = j(j+1) solved for 2j gives N_eff = 2 sqrt(1/4 + <J^2>) - 1.
* N_c: Upsilon_eff = 2 Omega / N_eff reaches Upsilon_c when N_eff = N_c = 2 Omega / Upsilon_c.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from derive import Derivation, Step

from ._model import N, Omega, Upsilon

__all__ = [
    "xi2_derivation",
    "neff_derivation",
    "eq4_derivation",
    "a_",
    "b_",
    "c_",
    "Jabs2",
    "J2",
    "Neff",
    "Upsilon_c",
]

a_, b_, c_ = sp.symbols("a b c", real=True)
Jabs2 = sp.Symbol("J_abs2", positive=True)
J2 = sp.Symbol("J2", nonnegative=True)
Neff = sp.Symbol("N_eff", positive=True)
Upsilon_c = sp.Symbol("Upsilon_c", positive=True)
_phi = sp.Symbol("phi", real=True)


@cache
def xi2_derivation() -> Derivation:
    """Minimisation over n_perp in Eq. (4) done as the smallest eigenvalue of the projected covariance."""
    n = sp.Matrix([sp.cos(_phi), sp.sin(_phi)])
    C = sp.Matrix([[a_, b_], [b_, c_]])
    var = sp.expand((n.T * C * n)[0])
    dvar = sp.simplify(sp.diff(var, _phi))
    lam_min = (a_ + c_ - sp.sqrt((a_ - c_) ** 2 + 4 * b_**2)) / 2
    # check: lam_min is an eigenvalue of C
    charcheck = sp.simplify((C - lam_min * sp.eye(2)).det())
    xi2 = N * lam_min / Jabs2
    steps = (
        Step(
            "variance along n = cos(phi) e1 + sin(phi) e2", var, "n perpendicular to <J>, |n| = 1"
        ),
        Step("stationarity d Var / d phi", dvar, "extremum over the unit circle"),
        Step("min over phi = smaller eigenvalue of C", lam_min, "Rayleigh quotient"),
        Step("det(C - lambda_min) = 0", charcheck, "identity (zero)"),
        Step("xi^2", xi2, "Eq. (4)", label="Eq. (4)"),
    )
    return Derivation(
        "Wineland squeezing parameter, Eq. (4)",
        steps,
        xi2,
        (N, a_, b_, c_, Jabs2),
        ("<J> != 0",),
        (),
    )


@cache
def neff_derivation() -> Derivation:
    """N_eff = 2 sqrt(1/4 + <J^2>) - 1 and the crossing condition N_eff = N_c."""
    j = sp.Symbol("j", nonnegative=True)
    jsol = [
        s
        for s in sp.solve(sp.Eq(j * (j + 1), J2), j)
        if s.could_extract_minus_sign() is False or s.subs(J2, 1) > 0
    ][0]
    neff = sp.simplify(2 * jsol)
    printed = 2 * sp.sqrt(sp.Rational(1, 4) + J2) - 1
    nc = sp.solve(sp.Eq(2 * Omega / Neff, Upsilon_c), Neff)[0]
    steps = (
        Step("<J^2> = j(j+1) solved for j >= 0", jsol, "exact"),
        Step("N_eff = 2 j", neff, "definition", label="N_eff", printed=printed),
        Step(
            "Upsilon_eff = 2 Omega / N_eff equals Upsilon_c at",
            nc,
            "solve",
            label="N_c",
            printed=2 * Omega / Upsilon_c,
        ),
        Step(
            "with Omega = N Upsilon / 2", nc.subs(Omega, N * Upsilon / 2), "definition of Upsilon"
        ),
    )
    return Derivation("Effective spin number and its critical value", steps, neff, (J2,), (), ())


@cache
def eq4_derivation() -> Derivation:
    """Eq. (4) (xi^2) with N_eff and N_c: one record for the claim registry."""
    a, b = xi2_derivation(), neff_derivation()
    return Derivation(
        "Eq. (4) squeezing, effective and critical spin numbers",
        a.steps + b.steps,
        a.result,
        a.parameters,
        ("<J> != 0",),
        (),
    )
