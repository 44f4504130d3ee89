"""sharma2025 symbols, declared once with their assumptions.

The names are the keyword names the numeric solvers and ``qderive eval`` use:
``N, U, W0, Delta_c, eta, t, kappa, alpha2``.
"""

from __future__ import annotations

import sympy as sp

N = sp.Symbol("N", positive=True)
U = sp.Symbol("U", positive=True)
W0 = sp.Symbol("W0", positive=True)
Delta_c = sp.Symbol("Delta_c", real=True)
eta = sp.Symbol("eta", positive=True)
t = sp.Symbol("t", positive=True)
alpha2 = sp.Symbol("alpha2", positive=True)
kappa = sp.Symbol("kappa", nonnegative=True)
m = sp.Symbol("m", real=True)
omega = sp.Symbol("omega", real=True, nonzero=True)
tau_Q = sp.Symbol("tau_Q", positive=True)
