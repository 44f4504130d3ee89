"""Bad-cavity elimination for tucker2020: chi and Gamma from atoms coupled to a lossy, detuned mode.

Frame rotating at the atomic frequency; Delta_c = omega_a - omega_c (the convention under which
the printed signs hold; with Delta_c = omega_c - omega_a chi changes sign).
H = -Delta_c a^dag a + g (a^dag J_- + a J_+) (2g = single-photon Rabi frequency), cavity
loss kappa D[a] (kappa = energy decay rate, FWHM linewidth).  Then i da/dt = A a + g J_- with
A = -Delta_c - i kappa/2, and the shared mechanism ``derive._elimination`` gives
H_eff = g^2 Re(-1/A) J_+ J_-, dissipator g^2 2 Im(1/A) D[J_-].
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from derive import Derivation, PaperForm, Step, much_greater
from derive._elimination import eliminate_fast_mode
from derive._operators import boson

__all__ = [
    "g_c",
    "kappa",
    "Delta_c",
    "cavity_elimination",
    "ae_derivation",
    "ae_combined_derivation",
    "CHI_PRINTED",
    "GAMMA_PRINTED",
]

from derive.models.tucker import MODEL

g_c, kappa, Delta_c, _N, _gamma_s = MODEL.symbols("g", "kappa", "Delta_c", "N", "gamma_s")

CHI_PRINTED = 4 * g_c**2 * Delta_c / (4 * Delta_c**2 + kappa**2)
GAMMA_PRINTED = 4 * g_c**2 * kappa / (4 * Delta_c**2 + kappa**2)


def cavity_elimination():
    """The elimination record of the cavity mode (shared mechanism)."""
    a = boson("a")
    Jm = sp.Symbol("J_-", commutative=False)
    A = -Delta_c - sp.I * kappa / 2
    return eliminate_fast_mode(
        a,
        A * a + g_c * Jm,
        {},
        slow_rates=(g_c * sp.sqrt(_N), _gamma_s),
        text="bad cavity: kappa >> g sqrt(N), kappa >> gamma_s",
    )


@cache
def ae_derivation() -> tuple[Derivation, Derivation]:
    """(chi derivation, Gamma derivation) compared with the printed forms."""
    el = cavity_elimination()
    chi = sp.simplify(g_c**2 * el.shift)
    Gam = sp.simplify(g_c**2 * el.rate)
    regime = (
        much_greater(kappa, g_c * sp.sqrt(_N), "bad cavity: field follows the spins"),
        much_greater(kappa, _gamma_s, "cavity faster than single-particle relaxation"),
    )
    common = (
        Step(
            r"Heisenberg--Langevin equation of the cavity field",
            el.coefficient,
            "Heisenberg--Langevin, noise dropped",
            lhs=sp.I * sp.Derivative(sp.Function("a")(sp.Symbol("t")), sp.Symbol("t")),
        ),
        Step(
            r"stationary field $a_{ss} = -g J_-/A$",
            el.stationary,
            r"adiabatic elimination, $|A| \gg$ slow rates",
            lhs=sp.Symbol("a_{ss}"),
        ),
    )
    d_chi = Derivation(
        "Cavity-mediated exchange chi",
        common
        + (
            Step(
                r"coherent part $g^2 \operatorname{Re}(-1/A)$",
                chi,
                "effective-operator formalism",
                lhs=sp.Symbol("chi"),
                label="chi",
                printed=CHI_PRINTED,
            ),
        ),
        chi,
        (g_c, kappa, Delta_c),
        (
            r"$\Delta_c = \omega_a - \omega_c$",
            r"$H = g(a^\dagger J_- + a J_+)$",
            r"$\kappa$ = field-energy decay rate",
        ),
        regime,
        paper_form=PaperForm(sp.Symbol("chi"), CHI_PRINTED),
    )
    d_gam = Derivation(
        "Cavity-mediated collective decay Gamma",
        common
        + (
            Step(
                r"dissipative part $2 g^2 \operatorname{Im}(1/A)$",
                Gam,
                "effective-operator formalism",
                lhs=sp.Symbol("Gamma"),
                label="Gamma",
                printed=GAMMA_PRINTED,
            ),
        ),
        Gam,
        (g_c, kappa, Delta_c),
        (r"$\kappa$ = field-energy decay rate",),
        regime,
        paper_form=PaperForm(sp.Symbol("Gamma"), GAMMA_PRINTED),
    )
    return d_chi, d_gam


@cache
def ae_combined_derivation() -> Derivation:
    """chi and Gamma together (result: the vector (chi, Gamma)), for the claim registry."""
    d_chi, d_gam = ae_derivation()
    res = sp.ImmutableMatrix([d_chi.result, d_gam.result])
    return Derivation(
        "Bad-cavity elimination: chi and Gamma",
        d_chi.steps + d_gam.steps[-1:],
        res,
        (g_c, kappa, Delta_c),
        d_chi.assumptions,
        d_chi.regime,
    )
