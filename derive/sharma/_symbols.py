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


def crossover_shape(f: sp.Basic) -> sp.Basic:
    """``N/2 (1 + f) + N^2/2 (1 - f)`` kept unexpanded: the shape of Eqs. (8), (B34) and the OAT
    baseline, the QFI between the shot-noise (f = 1) and Heisenberg (f = 0) limits."""
    return sp.Add(
        sp.Mul(N / 2, 1 + f, evaluate=False),
        sp.Mul(N**2 / 2, 1 - f, evaluate=False),
        evaluate=False,
    )
