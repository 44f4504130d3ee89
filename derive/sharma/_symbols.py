"""sharma2025 symbols, taken from the model :data:`derive.models.sharma2025` (declared once there).

The names are the keyword names the numeric solvers and ``qderive eval`` use:
``N, U, W0, Delta_c, eta, t, kappa, alpha2``.
"""

from __future__ import annotations

import sympy as sp

from ..models.sharma import MODEL

N, U, W0, Delta_c, eta, t, alpha2, kappa, tau_Q = MODEL.symbols(
    "N", "U", "W0", "Delta_c", "eta", "t", "alpha2", "kappa", "tau_Q"
)
m = sp.Symbol("m", real=True)
omega = sp.Symbol("omega", real=True, nonzero=True)
