"""sharma2025: N atoms in a double well, pumped cavity (paper Eqs. (1)-(3), (A17), (10)).

``H_eff = -Delta_c a^dag a - i eta (a^dag - a) - J J_x + U J_z^2 + 2 W0 a^dag a J_z^2``
(the renormalised detuning ``Delta_c - W0 (N^2/2 - N)`` absorbed into ``Delta_c``), photon
loss ``kappa D[a]``.  The atoms are a collective spin N/2 in the Schwinger representation
``J_z = (n_1 - n_2)/2``, ``J_+ = b_1^dag b_2``.  With ``J = 0``, ``J_z`` is conserved.
"""

from __future__ import annotations

import sympy as sp

from .._model import Boson, Conserved, Jump, Model, Parameter, SpinEnsemble

__all__ = ["MODEL", "atoms", "cavity"]

N = Parameter.size("N", "number of atoms", symbol=sp.Symbol("N", positive=True))
U = Parameter.real(
    "U", "bare on-site interaction", unit="rate", symbol=sp.Symbol("U", positive=True), lower=0.0
)
W0 = Parameter.real(
    "W0",
    "photon-induced on-site interaction per photon",
    unit="rate",
    symbol=sp.Symbol("W0", positive=True),
    lower=0.0,
)
Delta_c = Parameter.real("Delta_c", "cavity detuning as it appears in H_eff", unit="rate")
eta = Parameter.rate("eta", "pump strength", symbol=sp.Symbol("eta", positive=True))
J = Parameter.real("J", "tunnelling amplitude between the wells", unit="rate", default=0.0)
kappa = Parameter.rate("kappa", "photon loss rate (energy)", default=0.0)
alpha2 = Parameter.rate(
    "alpha2",
    "initial coherent photon number |alpha|^2",
    unit="dimensionless",
    symbol=sp.Symbol("alpha2", positive=True),
    default=0.0,
)
t = Parameter.time(symbol=sp.Symbol("t", positive=True))
tau_Q = Parameter.time(
    "tau_Q", "QFI crossover time, Eq. (9)", symbol=sp.Symbol("tau_Q", positive=True)
)

atoms = SpinEnsemble("J", N.symbol)
cavity = Boson("a")

MODEL = Model(
    "sharma2025",
    (N, U, W0, Delta_c, eta, J, kappa, alpha2, t, tau_Q),
    (atoms, cavity),
    hamiltonian=(
        -Delta_c.symbol * cavity.n
        - sp.I * eta.symbol * (cavity.ad - cavity.a)
        - J.symbol * atoms.Sx
        + U.symbol * atoms.Sz**2
        + 2 * W0.symbol * cavity.n * atoms.Sz**2
    ),
    jumps=(Jump(cavity.a, kappa.symbol, "photon loss"),),
    conserved=(Conserved("J_z (J = 0 only)", atoms.Sz),),
    conventions=(
        "J_z = (n_1 - n_2)/2, J_+ = b_1^dag b_2 (Eq. (A17)); initial state the CSS along +x",
        "frame rotating at the pump frequency; Delta_c includes -W0 (N^2/2 - N)",
        "J_z is conserved only at J = 0",
    ),
    frame="rotating at the pump frequency",
    notes="sharma2025 Eqs. (3), (A17), (10)",
)
