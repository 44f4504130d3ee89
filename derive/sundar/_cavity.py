"""Cavity elimination for sundar2023: chi ~ -g_F^2/Delta and Gamma ~ g_F^2 kappa/Delta^2.

Frame rotating at the atomic frequency, Delta = omega_c - omega_a (the paper's convention),
single-photon Rabi frequency 2 g_F with g_F = g_0 sqrt(F/(F+1)) (Clebsch-Gordan factor of the
stretched pi transitions of the quartet).  H = Delta c^dag c + g_F (c^dag S^- + S^+ c), cavity
loss kappa D[c] (kappa = power decay rate).  Then i dc/dt = (Delta - i kappa/2) c + g_F S^-, and
the shared mechanism ``derive._elimination`` gives H_eff = g_F^2 Re(-1/A) S^+ S^- (the chi term of
Eq. (1)) and the collective dissipator g_F^2 2 Im(1/A) D[S^-] (the jump sqrt(Gamma)(S_A^- + S_B^-)).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, Step
from .._elimination import eliminate_fast_mode
from .._operators import boson
from .._regime import much_greater

__all__ = ["cavity_derivation", "g0", "F", "kappa", "Delta"]

from ..models.sundar import MODEL

g0, F, kappa, Delta, _N, _gamma = MODEL.symbols("g_0", "F", "kappa", "Delta", "N", "gamma_s")


@cache
def cavity_derivation() -> Derivation:
    """chi and Gamma of the far-detuned cavity (full Lorentzians and the limit |Delta| >> kappa)."""
    gF = g0 * sp.sqrt(F / (F + 1))
    c = boson("c")
    Sm = sp.Symbol("S^-", commutative=False)
    A = Delta - sp.I * kappa / 2
    el = eliminate_fast_mode(
        c,
        A * c + gF * Sm,
        {},
        slow_rates=(gF * sp.sqrt(_N), _gamma),
        text="far-detuned cavity: |Delta - i kappa/2| >> g_F sqrt(N), gamma_s",
    )
    chi_full = sp.simplify(gF**2 * el.shift)
    gam_full = sp.simplify(gF**2 * el.rate)
    eps = sp.Symbol("epsilon", positive=True)  # kappa/Delta
    chi_lim = sp.simplify(sp.series(chi_full.subs(kappa, eps * Delta), eps, 0, 1).removeO())
    gam_lim = sp.simplify(
        sp.series(gam_full.subs(kappa, eps * Delta), eps, 0, 2).removeO().subs(eps, kappa / Delta)
    )
    A_s, c_ss = sp.Symbol("A"), sp.Symbol("c_ss")
    chi_s, gam_s = sp.Symbol("chi"), sp.Symbol("Gamma")
    steps = (
        Step(
            r"$i\,\dot c = (\Delta - i\kappa/2)\, c + g_F S^-$",
            el.coefficient,
            r"Heisenberg-Langevin equation of the cavity field, noise dropped; $A$ is the"
            r" coefficient of $c$",
            lhs=A_s,
        ),
        Step(
            r"stationary field $c_{ss}$",
            el.stationary,
            r"adiabatic elimination, $|A| \gg$ the slow rates",
            lhs=c_ss,
        ),
        Step(
            "chi, full Lorentzian",
            chi_full,
            r"coherent part $g_F^2 \operatorname{Re}(-1/A)$",
            lhs=chi_s,
        ),
        Step(
            "Gamma, full Lorentzian",
            gam_full,
            r"dissipative part $2 g_F^2 \operatorname{Im}(1/A)$",
            lhs=gam_s,
        ),
        Step(
            r"$\chi$, $|\Delta| \gg \kappa$",
            chi_lim,
            r"leading order in $\kappa/\Delta$",
            label="chi",
            printed=-(g0**2) * F / (F + 1) / Delta,
            lhs=chi_s,
        ),
        Step(
            r"$\Gamma$, $|\Delta| \gg \kappa$",
            gam_lim,
            r"leading order in $\kappa/\Delta$",
            label="Gamma",
            printed=g0**2 * F / (F + 1) * kappa / Delta**2,
            lhs=gam_s,
        ),
    )
    return Derivation(
        r"far-detuned cavity elimination: $\chi$ and $\Gamma$",
        steps,
        sp.ImmutableMatrix([chi_lim, gam_lim]),
        (g0, F, kappa, Delta),
        (
            r"$\Delta = \omega_c - \omega_a$",
            r"single-photon Rabi frequency $2 g_F = 2 g_0 \sqrt{F/(F+1)}$",
            r"$\kappa$ is the power decay rate",
        ),
        el.regime + (much_greater(sp.Abs(Delta), kappa, "dispersive limit"),),
    )
