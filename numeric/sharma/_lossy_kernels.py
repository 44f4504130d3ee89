"""Segment integrals of the lossy cavity field: phi1, phi2 and the pair integrals b, d.

On a segment of length ``tau`` with constant pump the field amplitude of sector m is
``alpha_m(tau) = alpha_0 e^{-x} - eta tau phi1(x)`` with ``x = (i omega_m + kappa/2) tau``,
and the loss exponent of the pair (m, m') needs (``y = x_{m'}^*``)

    phi1(x) = (1 - e^{-x})/x = int_0^1 e^{-xs} ds,
    phi2(x) = (x - 1 + e^{-x})/x^2 = int_0^1 (1-s) e^{-xs} ds,
    b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds,
    d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds.

All are entire functions; their closed forms have removable singularities at ``x = 0``,
``y = 0`` and ``x + y = 0`` (a resonant sector ``omega_m = 0``, the diagonal ``m' = m``
without loss, and ``t -> 0``).  Every function here picks, entry by entry, the algebraic
form whose denominator is largest, and the (double) Taylor series where all denominators
are small, so the relative accuracy is a few ulp / ``_SMALL`` everywhere.

Notes
-----
Vectorised over arbitrary broadcast shapes (the lossy solver evaluates all times and
pairs (m, m') in one call).  The double series are summed in the power basis,
``sum_j (-x)^j [c (-y)^k]_j``, one small real-by-complex matrix product, instead of a
nested Horner loop: the cost is O(n) array operations rather than O(n^2).  Checked against
mpmath quadrature of the defining integrals and against the mpmath twin used by the Bell
correlator (tests/numeric/test_sharma_lossy_kernels.py).
"""

from __future__ import annotations

from math import factorial

import numpy as np

__all__: list[str] = []

# Below this modulus the b/d functions are summed as double Taylor series; above it the
# closed forms lose at most a factor ~1/_SMALL of relative accuracy.
_SMALL = 0.25
# Series length.  The series branches see |x|, |y| < 0.5, where the omitted terms are
# below 0.5^24/24! ~ 1e-31 of the leading one.
_NTAYLOR = 24
# phi1 / phi2 switch to their series below this modulus (closed form loses < 1 digit above).
_PHI_SMALL = 0.5


def _phi1(x: np.ndarray) -> np.ndarray:
    """(1 - e^{-x})/x for complex x, accurate also for |x| -> 0."""
    x = np.asarray(x, dtype=complex)
    out = np.empty_like(x)
    small = np.abs(x) < _PHI_SMALL
    xs = x[small]
    acc = np.zeros_like(xs)
    for k in range(_NTAYLOR, -1, -1):  # sum_k (-x)^k/(k+1)!
        acc = acc * (-xs) / (k + 2) + 1.0
    out[small] = acc
    xl = x[~small]
    out[~small] = (1.0 - np.exp(-xl)) / xl
    return out


def _phi2(x: np.ndarray) -> np.ndarray:
    """(x - 1 + e^{-x})/x^2 = int_0^1 (1-s) e^{-xs} ds, accurate also for |x| -> 0."""
    x = np.asarray(x, dtype=complex)
    out = np.empty_like(x)
    small = np.abs(x) < _PHI_SMALL
    xs = x[small]
    acc = np.zeros_like(xs)
    for k in range(_NTAYLOR, -1, -1):  # sum_k (-x)^k/(k+2)!
        acc = acc * (-xs) / (k + 3) + 1.0
    out[small] = acc / 2.0
    xl = x[~small]
    out[~small] = (xl - 1.0 + np.exp(-xl)) / xl**2
    return out


def _powers(u: np.ndarray, n: int) -> np.ndarray:
    """Rows (-u)^0 .. (-u)^{n-1} of the 1-d array u."""
    p = np.empty((n, u.size), dtype=complex)
    p[0] = 1.0
    for j in range(1, n):
        p[j] = p[j - 1] * (-u)
    return p


def _taylor2(x: np.ndarray, y: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """sum_{j,k} coef[j,k] (-x)^j (-y)^k for 1-d arrays x, y of equal length."""
    n = coef.shape[0]
    return np.einsum("jm,jm->m", _powers(x, n), coef @ _powers(y, n))


def _coef_b() -> np.ndarray:
    """b(x, y) = sum_{j,k} (-x)^j (-y)^k / (j! (k+1)! (j+k+2))."""
    n = _NTAYLOR
    return np.array([[1.0 / (factorial(j) * factorial(k + 1) * (j + k + 2)) for k in range(n)]
                     for j in range(n)])


def _coef_d() -> np.ndarray:
    """d(x, y) = sum_{j,k} (-x)^j (-y)^k / ((j+1)! (k+1)! (j+k+3))."""
    n = _NTAYLOR
    return np.array([[1.0 / (factorial(j + 1) * factorial(k + 1) * (j + k + 3)) for k in range(n)]
                     for j in range(n)])


_COEF_B = _coef_b()
_COEF_D = _coef_d()


def _fill_taylor(out: np.ndarray, mask: np.ndarray, x: np.ndarray, y: np.ndarray,
                 coef: np.ndarray) -> None:
    """Overwrite ``out[mask]`` by the double series at the broadcast x, y."""
    if mask.any():
        xb = np.broadcast_to(x, out.shape)[mask]
        yb = np.broadcast_to(y, out.shape)[mask]
        out[mask] = _taylor2(xb, yb, coef)


def _pair_integrals(x: np.ndarray, y: np.ndarray):
    """phi1(x+y), b(x, y), b(y, x) and d(x, y) for broadcasting x, y.

    ``b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds`` has two exact forms,
    ``[phi1(x) - phi1(x+y)]/y`` and ``[phi1(x) - e^{-x} phi1(y)]/(x+y)``; the one with the
    larger denominator is used (relative accuracy loss at most ~1/_SMALL), the double
    Taylor series when both denominators are below ``_SMALL``.  Likewise
    ``d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds = [phi2(x) - b(y, x)]/y = [phi2(y) - b(x, y)]/x``.
    Only ``phi1(x+y)`` is a transcendental function of both arguments; the rest is
    evaluated on the (smaller) broadcast factors.
    """
    x = np.asarray(x, dtype=complex)
    y = np.asarray(y, dtype=complex)
    shape = np.broadcast(x, y).shape
    p1x, p1y = _phi1(x), _phi1(y)
    ex, ey = np.exp(-x), np.exp(-y)
    s = x + y
    p1s = _phi1(s)
    ax, ay, as_ = np.abs(x), np.abs(y), np.abs(s)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        bxy = np.where(ay >= as_, (p1x - p1s) / y, (p1x - ex * p1y) / s)
        byx = np.where(ax >= as_, (p1y - p1s) / x, (p1y - ey * p1x) / s)
        _fill_taylor(bxy, np.maximum(ay, as_) < _SMALL, x, y, _COEF_B)
        _fill_taylor(byx, np.maximum(ax, as_) < _SMALL, y, x, _COEF_B)
        d = np.where(ay >= ax, (_phi2(x) - byx) / y, (_phi2(y) - bxy) / x)
        _fill_taylor(d, np.maximum(ax, ay) < _SMALL, x, y, _COEF_D)
    return np.broadcast_to(p1s, shape), bxy, byx, d


def _b(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds (see :func:`_pair_integrals`)."""
    return _pair_integrals(x, y)[1]


def _d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds (see :func:`_pair_integrals`)."""
    return _pair_integrals(x, y)[3]
