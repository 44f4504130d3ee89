"""tucker2020: driven collective spin with collective and single-particle decay (Eqs. (1)-(2)).

``d rho/dt = -i[chi J_+J_- + Omega J_x, rho] + Gamma D[J_-] rho + gamma_s sum_i D[sigma_i^-] rho``,
``Upsilon = 2 Omega / N``; rates are angular frequencies in one common unit.  The cavity
behind ``chi`` and ``Gamma`` (coupling ``g``, loss ``kappa``, detuning ``Delta_c``) is eliminated
in ``derive.tucker``.
"""

from __future__ import annotations

import sympy as sp

from .._model import Jump, LocalJump, Model, Parameter, SpinEnsemble

__all__ = ["MODEL", "J"]

N = Parameter.size("N", "number of atoms", symbol=sp.Symbol("N", positive=True))
Gamma = Parameter.rate("Gamma", "collective decay rate (the rate unit)", positive=True)
chi = Parameter.real("chi", "exchange interaction")
Omega = Parameter.rate("Omega", "collective drive Rabi frequency", positive=True)
Upsilon = Parameter.rate("Upsilon", "scaled drive 2 Omega/N", positive=True)
gamma_s = Parameter.rate("gamma_s", "single-particle relaxation rate", default=0.0)
g_s = Parameter.rate("g_s", "gamma_s/N, the single-particle rate in the collective time N t/2")
g = Parameter.rate("g", "half the single-photon Rabi frequency", positive=True)
kappa = Parameter.rate("kappa", "cavity energy decay rate", positive=True)
Delta_c = Parameter.real(
    "Delta_c",
    "atom-cavity detuning omega_a - omega_c (sundar2023's Delta = omega_c - omega_a has the "
    "opposite sign; sharma2025's Delta_c is the pump-cavity detuning: different quantities)",
)
t = Parameter.time()

J = SpinEnsemble("J", N.symbol)

MODEL = Model(
    "tucker2020",
    (N, Gamma, chi, Omega, Upsilon, gamma_s, g_s, g, kappa, Delta_c, t),
    (J,),
    hamiltonian=chi.symbol * J.Sp * J.Sm + Omega.symbol * J.Sx,
    jumps=(Jump(J.Sm, Gamma.symbol, "collective decay"),),
    local_jumps=(LocalJump("J", "-", gamma_s.symbol, "single-particle relaxation"),),
    conventions=(
        "Upsilon = 2 Omega / N; Upsilon_c = Gamma (critical drive)",
        "initial state: all atoms in the ground state",
    ),
    frame="rotating at the drive frequency",
    notes="tucker2020 Eqs. (1)-(2)",
)
