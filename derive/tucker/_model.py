"""Symbols and the master equation of tucker2020 (Eqs. (1)-(2)) in one place.

d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho + gamma_s sum_i L[sigma_i^-] rho,
Upsilon = 2 Omega / N.  Rates are angular frequencies in one common unit.
"""

from __future__ import annotations

import sympy as sp

from derive.cumulants import local, spin_operators

__all__ = ["Gamma", "chi", "Omega", "Upsilon", "gamma_s", "N", "g", "model_operators"]

from ..models.tucker import MODEL

Gamma, chi, Omega, Upsilon, gamma_s, N = MODEL.symbols(
    "Gamma", "chi", "Omega", "Upsilon", "gamma_s", "N"
)
g = MODEL.symbol("g_s")
"""gamma_s/N: the single-particle rate in the collective time tau = N t / 2."""


def model_operators():
    """(H, collective jumps, local jumps, sizes) of Eq. (1) for ``derive.cumulants``."""
    J = spin_operators("a")
    H = J["+"] * J["-"] * chi + J["x"] * Omega
    sigma_minus = local("a", {"x": sp.Rational(1, 2), "y": -sp.I / 2})
    return H, [(Gamma, J["-"])], [(gamma_s, sigma_minus)], {"a": N}
