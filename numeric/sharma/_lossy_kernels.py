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
without loss, and ``t -> 0``).  Every entry is evaluated from the algebraic form whose
denominator is largest, or from the (double) Taylor series where all denominators are
small, so the relative accuracy is a few ulp / ``_SMALL`` everywhere.

Notes
-----
Compiled scalar kernels (numba, ``cache=True``): the lossy solver sums the pair terms of
every (time, m, m') entry in one loop (:func:`_accumulate_pairs`), with no temporaries.
The series are truncated where the omitted terms are below 1e-19 of the leading one
(:func:`_nterms`).  Checked against mpmath quadrature of the defining integrals and
against the mpmath twin used by the Bell correlator
(tests/numeric/test_sharma_lossy_kernels.py).
"""

from __future__ import annotations

from math import factorial

import numpy as np
from numba import njit

__all__: list[str] = []

# Below this modulus b and d are summed as double Taylor series; above it the closed
# forms lose at most a factor ~1/_SMALL of relative accuracy.
_SMALL = 0.25
# phi1 / phi2 switch to their series below this modulus (closed form loses < 1 digit above).
_PHI_SMALL = 0.5
# Longest series: the series branches see |x|, |y| < 0.5, where (2r)^n/n! < 1e-19 at n = 22.
_NTAYLOR = 24


def _coef_b() -> np.ndarray:
    """b(x, y) = sum_{j,k} (-x)^j (-y)^k / (j! (k+1)! (j+k+2))."""
    n = _NTAYLOR
    return np.array(
        [
            [1.0 / (factorial(j) * factorial(k + 1) * (j + k + 2)) for k in range(n)]
            for j in range(n)
        ]
    )


def _coef_d() -> np.ndarray:
    """d(x, y) = sum_{j,k} (-x)^j (-y)^k / ((j+1)! (k+1)! (j+k+3))."""
    n = _NTAYLOR
    return np.array(
        [
            [1.0 / (factorial(j + 1) * factorial(k + 1) * (j + k + 3)) for k in range(n)]
            for j in range(n)
        ]
    )


_COEF_B = _coef_b()
_COEF_D = _coef_d()


# ---------------------------------------------------------------- scalar kernels


@njit(cache=True)
def _nterms(r: float) -> int:
    """Series length for arguments of modulus <= r <= 0.5: (2r)^n/n! < 1e-19, plus one."""
    u = 2.0 * r
    term = 1.0
    n = 0
    while term >= 1e-19 and n < _NTAYLOR - 1:
        n += 1
        term *= u / n
    return n + 1


@njit(cache=True)
def _phi1_s(x: complex) -> complex:
    if abs(x) < _PHI_SMALL:
        acc = 0j
        for k in range(_nterms(abs(x)), -1, -1):  # sum_k (-x)^k/(k+1)!
            acc = acc * (-x) / (k + 2) + 1.0
        return acc
    return (1.0 - np.exp(-x)) / x


@njit(cache=True)
def _phi2_s(x: complex) -> complex:
    if abs(x) < _PHI_SMALL:
        acc = 0j
        for k in range(_nterms(abs(x)), -1, -1):  # sum_k (-x)^k/(k+2)!
            acc = acc * (-x) / (k + 3) + 1.0
        return acc / 2.0
    return (x - 1.0 + np.exp(-x)) / (x * x)


@njit(cache=True)
def _taylor2_s(x: complex, y: complex, coef: np.ndarray) -> complex:
    """sum_{j+k<n} coef[j,k] (-x)^j (-y)^k, nested Horner, n from the larger modulus."""
    n = _nterms(max(abs(x), abs(y)))
    acc = 0j
    for j in range(n - 1, -1, -1):
        inner = 0j
        for k in range(n - 1 - j, -1, -1):
            inner = inner * (-y) + coef[j, k]
        acc = acc * (-x) + inner
    return acc


@njit(cache=True)
def _pair_s(x, y, p1x, p1y, ex, ey, p2x, p2y):
    """phi1(x+y), b(x, y), b(y, x), d(x, y) from the single-argument pieces.

    ``b(x, y) = [phi1(x) - phi1(x+y)]/y = [phi1(x) - e^{-x} phi1(y)]/(x+y)`` and
    ``d(x, y) = [phi2(x) - b(y, x)]/y = [phi2(y) - b(x, y)]/x``: the form with the larger
    denominator, the double series when both are below ``_SMALL``.
    """
    s = x + y
    p1s = _phi1_s(s)
    ax, ay, as_ = abs(x), abs(y), abs(s)
    if max(ay, as_) < _SMALL:
        bxy = _taylor2_s(x, y, _COEF_B)
    elif ay >= as_:
        bxy = (p1x - p1s) / y
    else:
        bxy = (p1x - ex * p1y) / s
    if max(ax, as_) < _SMALL:
        byx = _taylor2_s(y, x, _COEF_B)
    elif ax >= as_:
        byx = (p1y - p1s) / x
    else:
        byx = (p1y - ey * p1x) / s
    if max(ax, ay) < _SMALL:
        d = _taylor2_s(x, y, _COEF_D)
    elif ay >= ax:
        d = (p2x - byx) / y
    else:
        d = (p2y - bxy) / x
    return p1s, bxy, byx, d


# ---------------------------------------------------------------- array kernels


@njit(cache=True)
def _phi12_array(x):
    """phi1, phi2 and e^{-x} of a 1-d complex array."""
    p1 = np.empty_like(x)
    p2 = np.empty_like(x)
    ex = np.empty_like(x)
    for i in range(x.size):
        p1[i] = _phi1_s(x[i])
        p2[i] = _phi2_s(x[i])
        ex[i] = np.exp(-x[i])
    return p1, p2, ex


@njit(cache=True)
def _pair_array(x, y):
    """_pair_s over two 1-d complex arrays of equal length."""
    n = x.size
    p1s = np.empty(n, np.complex128)
    bxy = np.empty(n, np.complex128)
    byx = np.empty(n, np.complex128)
    d = np.empty(n, np.complex128)
    for i in range(n):
        xi, yi = x[i], y[i]
        p1s[i], bxy[i], byx[i], d[i] = _pair_s(
            xi, yi, _phi1_s(xi), _phi1_s(yi), np.exp(-xi), np.exp(-yi), _phi2_s(xi), _phi2_s(yi)
        )
    return p1s, bxy, byx, d


@njit(cache=True)
def _accumulate_pairs(G, x, p1, p2, ex, I1, alpha, tau, e, kappa, rr, cc):
    """Add one segment's exponent to G[t, p] for the pairs (m, m') = (rr[p], cc[p]).

    ``G += eta (I1_m + I1_m'^*) + kappa I2_{mm'}`` with
    ``I2 = alpha_m alpha_m'^* tau phi1(x+y) - eta tau^2 (alpha_m b(x,y) + alpha_m'^* b(y,x))
    + eta^2 tau^3 d(x,y)``, ``x = x_m``, ``y = x_m'^*``; x, p1, p2, ex (= e^{-x}), I1 and
    alpha (at the segment start) are (time, m) arrays, tau the segment length per time.
    A zero-length segment contributes nothing.
    """
    T, P = G.shape
    for t in range(T):
        ta = tau[t]
        if ta == 0.0:
            continue
        for p in range(P):
            i = rr[p]
            j = cc[p]
            g = 0j
            if e != 0.0:
                g += e * (I1[t, i] + np.conj(I1[t, j]))
            if kappa > 0.0:
                p1s, bxy, byx, dxy = _pair_s(
                    x[t, i],
                    np.conj(x[t, j]),
                    p1[t, i],
                    np.conj(p1[t, j]),
                    ex[t, i],
                    np.conj(ex[t, j]),
                    p2[t, i],
                    np.conj(p2[t, j]),
                )
                ar = alpha[t, i]
                ac = np.conj(alpha[t, j])
                I2 = ar * ac * ta * p1s
                if e != 0.0:
                    I2 += -e * ta * ta * (ar * bxy + ac * byx) + e * e * ta * ta * ta * dxy
                g += kappa * I2
            G[t, p] += g


# ---------------------------------------------------------------- array API


def _phi_pieces(x: np.ndarray):
    """phi1(x), phi2(x), e^{-x} for any complex array (same shape)."""
    x = np.asarray(x, dtype=complex)
    p1, p2, ex = _phi12_array(np.ascontiguousarray(x).ravel())
    return p1.reshape(x.shape), p2.reshape(x.shape), ex.reshape(x.shape)


def _phi1(x: np.ndarray) -> np.ndarray:
    """(1 - e^{-x})/x for complex x, accurate also for |x| -> 0."""
    return _phi_pieces(x)[0]


def _phi2(x: np.ndarray) -> np.ndarray:
    """(x - 1 + e^{-x})/x^2 = int_0^1 (1-s) e^{-xs} ds, accurate also for |x| -> 0."""
    return _phi_pieces(x)[1]


def _pair_integrals(x: np.ndarray, y: np.ndarray):
    """phi1(x+y), b(x, y), b(y, x) and d(x, y) for broadcasting complex x, y."""
    xb, yb = np.broadcast_arrays(np.asarray(x, dtype=complex), np.asarray(y, dtype=complex))
    out = _pair_array(np.ascontiguousarray(xb).ravel(), np.ascontiguousarray(yb).ravel())
    return tuple(o.reshape(xb.shape) for o in out)


def _b(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds (see :func:`_pair_s`)."""
    return _pair_integrals(x, y)[1]


def _d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds (see :func:`_pair_s`)."""
    return _pair_integrals(x, y)[3]
