"""sundar2023: two ensembles of N/2 atoms exchanging pairs through a cavity (Eq. (1)).

``H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z)``, collective loss
``Gamma D[S_A^- + S_B^-]``, single-atom decay ``gamma_s`` on every atom (called ``gamma`` in
the paper; the name ``gamma_s`` is tucker2020's for the same rate, ``gamma`` stays accepted).  The paper's sign
convention ``S_B^+ = -J_B^+`` (J: standard spin operators) is applied here once: the
Hamiltonian and the jump are written in the standard operators of :class:`SpinEnsemble`.
``S_A^z + S_B^z`` is conserved by ``H`` (not by the jumps).
"""

from __future__ import annotations

import sympy as sp

from .._model import Conserved, Jump, LocalJump, Model, Parameter, SpinEnsemble

__all__ = ["MODEL", "A", "B"]

N = Parameter.size(
    "N", "total atom number (N/2 per ensemble)", even=True, symbol=sp.Symbol("N", positive=True)
)
chi = Parameter.rate("chi", "cavity-mediated pair coupling chi ~ g_F^2/|Delta|", positive=True)
delta = Parameter.real("delta", "Zeeman splitting (default N chi/2, the pair resonance)")
t = Parameter.time(symbol=sp.Symbol("t", nonnegative=True))
phi = Parameter.real("phi", "Ramsey phase", unit="rad", default=0.0)
nbar = Parameter.rate(
    "nbar", "pairs produced, sinh^2(N chi t/2)", unit="dimensionless", positive=True
)
Gamma = Parameter.rate("Gamma", "collective (cavity) decay rate", default=0.0)
gamma_s = Parameter.rate(
    "gamma_s",
    "single-atom spontaneous emission rate into free space (the paper's gamma)",
    default=0.0,
    aliases=("gamma",),
)
kappa = Parameter.rate("kappa", "cavity energy decay rate", positive=True)
Delta = Parameter.real(
    "Delta",
    "cavity detuning omega_c - omega_a (tucker2020's Delta_c = omega_a - omega_c has the "
    "opposite sign: a different quantity, so a different name)",
)
g_0 = Parameter.rate(
    "g_0",
    "single-photon coupling of the bare transition (half the vacuum Rabi frequency); the quartet's "
    "is g_F = g_0 sqrt(F/(F+1)), which plays the role of tucker2020's g (two-level coupling)",
    positive=True,
)
F = Parameter.rate(
    "F", "hyperfine quantum number of the quartet", unit="dimensionless", positive=True
)
C = Parameter.rate(
    "C", "single-atom cooperativity 4 g_F^2/(kappa gamma_s)", unit="dimensionless", positive=True
)

A = SpinEnsemble("A", N.symbol / 2)
B = SpinEnsemble("B", N.symbol / 2)

MODEL = Model(
    "sundar2023",
    (N, chi, delta, t, phi, nbar, Gamma, gamma_s, kappa, Delta, g_0, F, C),
    (A, B),
    hamiltonian=(chi.symbol * (A.Sp - B.Sp) * (A.Sm - B.Sm) + delta.symbol * (B.Sz - A.Sz)),
    jumps=(Jump(A.Sm - B.Sm, Gamma.symbol, "collective cavity decay"),),
    local_jumps=(
        LocalJump("A", "-", gamma_s.symbol, "spontaneous emission A"),
        LocalJump("B", "-", gamma_s.symbol, "spontaneous emission B"),
    ),
    conserved=(Conserved("S_A^z + S_B^z", A.Sz + B.Sz),),
    conventions=(
        "paper's S_B^+ = -J_B^+ (written here in standard operators J: S_B^+ -> -B.Sp)",
        "initial state: A all in g, B all in e",
        "Delta = omega_c - omega_a; frame rotating at the atomic frequency",
    ),
    frame="rotating at the atomic frequency",
    notes="sundar2023 Eq. (1); open system as in its Sec. on decoherence",
)
