"""The exact sundar2023 ``eval`` quantities as plain functions of numbers (no sympy, no derive).

``qderive eval sundar.xi2 ...`` imports this module alone, so an exact evaluation pays for the
solver it calls and nothing else; :mod:`verify.claims.sundar` registers these functions.
"""

from __future__ import annotations

import numpy as np

from numeric import ParameterError


def nbar_q(N, chi, t, delta=None):
    """Exact mean pair number n(t) of Eq. (1)."""
    from numeric.sundar import evolve

    return np.asarray(evolve(int(N), chi, t, delta)["nbar"])


def xi2_q(N, chi, t, delta=None):
    """Exact squeezing xi^2(t) of Eq. (1)."""
    from numeric.sundar import evolve

    return np.asarray(evolve(int(N), chi, t, delta)["xi2"])


def xi2min_q(N):
    """Minimum over t of the exact xi^2 at delta = N chi/2."""
    from numeric.sundar import xi2_minimum

    r = xi2_minimum(int(N))
    if not all(c.converged for c in r["convergence"]):
        raise ParameterError("N", "small enough for a converged truncation", N)
    return {"xi2_min": r["xi2_min"], "tau": r["tau"], "nbar": r["nbar"]}


def dphi2_q(N, chi, t, phi=0.0, protocol="difference"):
    """Exact Ramsey phase variance (Delta phi)^2(t)."""
    from numeric.sundar import ramsey

    return np.asarray(ramsey(int(N), chi, t, phi, protocol)["dphi2"])
