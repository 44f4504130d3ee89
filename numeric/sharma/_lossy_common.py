"""Parameters, J_z grid, coherent-spin-state amplitudes and pump segments of the lossy solvers.

Shared by the double-precision solver (:mod:`._lossy`) and its mpmath twin for the Bell
correlator (:mod:`._lossy_bell`).
"""

from __future__ import annotations

import math

import numpy as np

from .._result import ParameterError
from .._spin import gammaln

__all__: list[str] = []


def _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off) -> int:
    if isinstance(N, bool) or not float(N).is_integer() or int(N) < 1:
        raise ParameterError("N", "a positive integer", N)
    for name, v in (("U", U), ("W0", W0), ("Delta_c", Delta_c), ("eta", eta)):
        if not np.isfinite(float(v)):
            raise ParameterError(name, "a finite real number", v)
    if not (np.isfinite(float(kappa)) and float(kappa) >= 0):
        raise ParameterError("kappa", "a finite number >= 0", kappa)
    if not (np.isfinite(float(alpha2)) and float(alpha2) >= 0):
        raise ParameterError("alpha2", "a finite number >= 0", alpha2)
    if pump_off is not None and not (np.isfinite(float(pump_off)) and float(pump_off) >= 0):
        raise ParameterError("pump_off", "None or a time >= 0", pump_off)
    return int(N)


def _times(t) -> np.ndarray:
    tt = np.atleast_1d(np.asarray(t, dtype=float))
    if tt.ndim != 1 or not np.all(np.isfinite(tt)) or np.any(tt < 0):
        raise ParameterError("t", "finite times >= 0", t)
    return tt


def _m_values(N: int) -> np.ndarray:
    return np.arange(N + 1) - N / 2.0


def _log_css(N: int) -> np.ndarray:
    """ln C_m for the coherent spin state along +x: C_m = sqrt(binom(N, N/2+m)) / 2^{N/2}.

    Bitwise even in m -> -m (the two ``gammaln`` terms are added first; addition commutes)
    and renormalised so that ``sum C_m^2 = 1`` to round-off: ``gammaln(N+1) ~ N ln N``
    carries a common absolute round-off ~1e-16 N ln N into every ``ln C_m``.
    """
    k = np.arange(N + 1, dtype=float)
    lc = 0.5 * (gammaln(N + 1.0) - (gammaln(k + 1.0) + gammaln(N - k + 1.0)))
    lc -= 0.5 * N * np.log(2.0)
    w = np.exp(2.0 * lc)
    # exact sum of the weights above 1e-40 of the largest (the rest is < N 1e-40 relative)
    return lc - 0.5 * math.log(math.fsum(w[w > 1e-40 * w.max()].tolist()))


def _segments(t: float, eta: float, pump_off: float | None) -> list[tuple[float, float]]:
    """(duration, pump) of the piecewise-constant pump on [0, t] (one time)."""
    if pump_off is None or t <= pump_off:
        return [(t, eta)]
    return [(pump_off, eta), (t - pump_off, 0.0)]


def _segment_table(
    tt: np.ndarray, eta: float, pump_off: float | None
) -> list[tuple[np.ndarray, float]]:
    """(durations over all times, pump) of each constant-pump segment.

    The same segments as :func:`_segments`, stacked over the times ``tt``: a time before
    the switch-off has a second segment of zero duration, which contributes nothing
    (every segment term carries a factor of its duration, and ``e^{-0} = 1``).
    """
    if pump_off is None or not np.any(tt > pump_off):
        return [(tt, float(eta))]
    return [(np.minimum(tt, pump_off), float(eta)), (np.maximum(tt - pump_off, 0.0), 0.0)]
