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

from derive import Derivation, PaperForm, Step

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


_LAM_MIN = sp.Symbol(r"\min_{\mathbf{n}_\perp} \langle \Delta J_{\mathbf{n}_\perp}^2 \rangle")
_JABS = sp.Symbol(r"|\langle \mathbf{J} \rangle|", positive=True)
# Eq. (4) as printed: xi^2 = N min <Delta J_n^2> / |<J>|^2, the minimum being the smaller
# eigenvalue of the projected covariance [[a, b], [b, c]]
_XI2_PAPER = PaperForm(
    sp.Symbol("xi") ** 2,
    N * _LAM_MIN / _JABS**2,
    (
        sp.Eq(_LAM_MIN, (a_ + c_ - sp.sqrt((a_ - c_) ** 2 + 4 * b_**2)) / 2),
        sp.Eq(_JABS, sp.sqrt(Jabs2)),
    ),
)


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
            r"variance along $\mathbf{n} = \cos\phi\, \mathbf{e}_1 + \sin\phi\, \mathbf{e}_2$",
            var,
            r"$\mathbf{n} \perp \langle \mathbf{J} \rangle$, $|\mathbf{n}| = 1$",
            lhs=sp.Function("Var")(sp.Symbol("J_n")),
        ),
        Step(
            r"stationarity $d\,\mathrm{Var}/d\phi$",
            dvar,
            "extremum over the unit circle",
            lhs=sp.Derivative(sp.Function("Var")(sp.Symbol("J_n")), _phi),
        ),
        Step(
            r"minimum over $\phi$ = smaller eigenvalue of $C$",
            lam_min,
            "Rayleigh quotient",
            lhs=sp.Symbol("lambda_min"),
        ),
        Step(
            r"$\det(C - \lambda_{\min}) = 0$",
            charcheck,
            "identity (zero)",
            lhs=sp.Function("det")(sp.Symbol("C") - sp.Symbol("lambda_min")),
        ),
        Step(
            r"Wineland parameter $\xi^2$",
            xi2,
            "Eq. (4)",
            label="Eq. (4)",
            lhs=sp.Symbol("xi") ** 2,
        ),
    )
    return Derivation(
        "Wineland squeezing parameter, Eq. (4)",
        steps,
        xi2,
        (N, a_, b_, c_, Jabs2),
        (r"$\langle \mathbf{J} \rangle \neq 0$",),
        (),
        paper_form=_XI2_PAPER,
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
        Step(
            r"$\langle \mathbf{J}^2 \rangle = j(j+1)$ solved for $j \ge 0$",
            jsol,
            "exact",
            lhs=sp.Symbol("j"),
        ),
        Step(
            r"$N_{\mathrm{eff}} = 2 j$",
            neff,
            "definition",
            label="N_eff",
            printed=printed,
            lhs=Neff,
        ),
        Step(
            r"$\Upsilon_{\mathrm{eff}} = 2 \Omega / N_{\mathrm{eff}}$ equals $\Upsilon_c$ at",
            nc,
            "solve",
            lhs=sp.Symbol("N_c"),
            label="N_c",
            printed=2 * Omega / Upsilon_c,
        ),
        Step(
            r"with $\Omega = N \Upsilon / 2$",
            nc.subs(Omega, N * Upsilon / 2),
            r"definition of $\Upsilon$",
            lhs=sp.Symbol("N_c"),
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
        (r"$\langle \mathbf{J} \rangle \neq 0$",),
        (),
        paper_form=_XI2_PAPER,
    )
