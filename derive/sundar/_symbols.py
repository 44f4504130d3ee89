"""Symbols and operators of sundar2023, declared once with their assumptions.

Names match the keyword arguments of :mod:`numeric.sundar` and of the claims
(``N, chi, delta, t, phi, nbar``).
"""

from __future__ import annotations

import sympy as sp
from sympy.physics.quantum import Dagger

from .._operators import boson
from ..models.sundar import MODEL

N, chi, delta, t, phi, nbar = MODEL.symbols("N", "chi", "delta", "t", "phi", "nbar")
tau = sp.Symbol("tau", nonnegative=True)  # N chi t
g = sp.Symbol("g", positive=True)  # N chi / 2, the pair-production rate
s = sp.Symbol("s", nonnegative=True)  # integration time

# Schwinger bosons of the four levels |g,A>, |e,A>, |g,B>, |e,B>
a_gA, a_eA, a_gB, a_eB = (boson(n) for n in ("a_gA", "a_eA", "a_gB", "a_eB"))


def spin_ops() -> dict[str, sp.Expr]:
    """Collective spins through Schwinger bosons, S_alpha^+ = a_e,alpha^dag a_g,alpha (paper's definition)."""
    SAp = Dagger(a_eA) * a_gA
    SBp = Dagger(a_eB) * a_gB
    return {
        "SA+": SAp,
        "SA-": Dagger(SAp),
        "SB+": SBp,
        "SB-": Dagger(SBp),
        "SAz": (Dagger(a_eA) * a_eA - Dagger(a_gA) * a_gA) / 2,
        "SBz": (Dagger(a_eB) * a_eB - Dagger(a_gB) * a_gB) / 2,
    }
