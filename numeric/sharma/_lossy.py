"""Exact atomic state of the cavity-assisted Josephson junction with photon loss (J = 0).

With tunnelling off, ``J_z`` is conserved by ``H_eff`` and by the loss ``kappa D[a]``, so
every block ``rho_{mm'} = <m|rho|m'>`` (an operator on the photon space) evolves on its
own, and a coherent-state ansatz closes it exactly.  The atomic state follows from a
handful of elementary functions; nothing is truncated.

Derivation
----------
At fixed ``m`` the photon Hamiltonian is ``H_m = omega_m a^dag a - i eta (a^dag - a) + U m^2``
with ``omega_m = -Delta_c + 2 W0 m^2``.  The block obeys

    d rho_{mm'}/dt = -i (H_m rho_{mm'} - rho_{mm'} H_{m'}) + kappa D[a] rho_{mm'}.

Write ``rho_{mm'} = c(t) ||alpha_m>> <<alpha_m'||`` with unnormalised coherent states
``||alpha>> = exp(alpha a^dag)|0>`` (so ``a||alpha>> = alpha||alpha>>``,
``a^dag||alpha>> = d_alpha ||alpha>>`` and ``d/dt ||alpha>> = alpha' a^dag ||alpha>>``).  Matching
the terms proportional to ``a^dag rho``, ``rho a`` and ``rho`` gives

    alpha_m' = -(i omega_m + kappa/2) alpha_m - eta,                                (L1)
    c'/c    = eta (alpha_m + alpha_m'^*) - i U (m^2 - m'^2) + kappa alpha_m alpha_m'^*,  (L2)

with ``c(0) = exp(-|alpha_0|^2)`` for an initial coherent field ``|alpha_0>`` (vacuum:
``alpha_0 = 0``).  Since ``Tr ||a>><<b|| = exp(b^* a)``, tracing out the photons gives

    rho_A[m, m'] = C_m C_m' exp(L_{mm'}),
    L_{mm'} = -|alpha_0|^2 - i U (m^2 - m'^2) t + alpha_m'^*(t) alpha_m(t)
              + int_0^t [eta(s) (alpha_m + alpha_m'^*) + kappa alpha_m alpha_m'^*] ds.

For ``m = m'`` the real part of ``L`` vanishes identically (d|alpha|^2/dt cancels the
integrand), so ``rho_A[m, m] = C_m^2``: the populations of ``J_z`` never change.  The loss
enters only through ``kappa alpha_m alpha_m'^*``, the decoherence factor
``exp(kappa int (alpha_m alpha_m'^* - (|alpha_m|^2 + |alpha_m'|^2)/2))`` of the normalised form.

On a time segment of length ``tau`` with constant pump ``eta``, ``z_m = i omega_m + kappa/2``,
``x = z_m tau`` and ``y = z_m'^* tau``:

    alpha_m(tau)            = alpha_0 e^{-x} - eta tau phi1(x),
    int alpha_m             = alpha_0 tau phi1(x) - eta tau^2 phi2(x),
    int alpha_m alpha_m'^*  = alpha_0 alpha_0'^* tau phi1(x+y) - eta alpha_0 tau^2 b(x, y)
                              - eta alpha_0'^* tau^2 b(y, x) + eta^2 tau^3 d(x, y),

where ``phi1(x) = (1 - e^{-x})/x``, ``phi2(x) = (x - 1 + e^{-x})/x^2``,
``b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds`` and ``d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds``.
They are evaluated from whichever algebraic form has no cancellation, and by their
double Taylor series when all arguments are small, so resonances (``omega_m = 0``) and
``t -> 0`` are exact too.  A pump switched off at ``pump_off`` is a second segment with
``eta = 0`` starting from ``alpha_m(pump_off)``.

Every entry depends on m, m' only through m^2, m'^2, so rho_A is even under the
reflection ``m -> -m`` whatever kappa and the pump history: ``<J_y> = 0`` and
``Tr[(rho_A J_y)^2] = 0``, hence Eq. (5) equals ``4 <J_y^2>`` (used by
``qfi_lossy(method="variance")``, O(N) per time).

Notes
-----
Exact for the model's master equation (10) with ``J = 0`` (no truncation: the field stays
a superposition of coherent states).  The photon number is
``n(t) = sum_m C_m^2 |alpha_m(t)|^2``.  Checked against QuTiP ``mesolve`` and the
brute-force Lindblad evolution on atoms (x) Fock space, against ``solve_ivp`` of (L1)-(L2),
and, at kappa = 0, against the displacement-operator closed form (6)-(7)
(tests/numeric/test_sharma_lossy.py).  The Bell correlator needs entries beyond double
precision: :func:`bell_lossy` evaluates the same formulas in mpmath.
"""

from __future__ import annotations

import functools
import sys
import time as _time
from math import factorial

import mpmath as mp
import numpy as np
import scipy.linalg as sla
import scipy.sparse as sps
from scipy.special import gammaln
from tqdm import tqdm

from .._result import Convergence, ParameterError, Result

__all__ = ["atomic_state_lossy", "bell_lossy", "log_rho_entries", "photon_amplitudes_lossy",
           "qfi_lossy", "tau_Q"]

# Below this modulus the phi-type functions are summed as Taylor series; above it the
# closed forms lose at most a factor ~1/_SMALL of relative accuracy.
_SMALL = 0.25
_NTAYLOR = 24


# ---------------------------------------------------------------- elementary functions

def _phi1(x: np.ndarray) -> np.ndarray:
    """(1 - e^{-x})/x for complex x, accurate also for |x| -> 0."""
    x = np.asarray(x, dtype=complex)
    out = np.empty_like(x)
    small = np.abs(x) < 0.5
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
    small = np.abs(x) < 0.5
    xs = x[small]
    acc = np.zeros_like(xs)
    for k in range(_NTAYLOR, -1, -1):  # sum_k (-x)^k/(k+2)!
        acc = acc * (-xs) / (k + 3) + 1.0
    out[small] = acc / 2.0
    xl = x[~small]
    out[~small] = (xl - 1.0 + np.exp(-xl)) / xl**2
    return out


def _taylor2(x: np.ndarray, y: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """sum_{j,k} coef[j,k] (-x)^j (-y)^k (Horner in both variables)."""
    acc = np.zeros(np.broadcast(x, y).shape, dtype=complex)
    for j in range(coef.shape[0] - 1, -1, -1):
        inner = np.zeros_like(acc)
        for k in range(coef.shape[1] - 1, -1, -1):
            inner = inner * (-y) + coef[j, k]
        acc = acc * (-x) + inner
    return acc


def _coef_b() -> np.ndarray:
    n = _NTAYLOR
    return np.array([[1.0 / (factorial(j) * factorial(k + 1) * (j + k + 2)) for k in range(n)]
                     for j in range(n)])


def _coef_d() -> np.ndarray:
    n = _NTAYLOR
    return np.array([[1.0 / (factorial(j + 1) * factorial(k + 1) * (j + k + 3)) for k in range(n)]
                     for j in range(n)])


_COEF_B = _coef_b()
_COEF_D = _coef_d()


def _pair_integrals(x: np.ndarray, y: np.ndarray):
    """phi1(x+y), b(x, y), b(y, x) and d(x, y) for broadcasting x, y.

    ``b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds`` has two exact forms,
    ``[phi1(x) - phi1(x+y)]/y`` and ``[phi1(x) - e^{-x} phi1(y)]/(x+y)``; the one with the
    larger denominator is used (relative accuracy loss at most ~1/_SMALL), the double
    Taylor series when both denominators are below ``_SMALL``.  Likewise
    ``d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds = [phi2(x) - b(y, x)]/y = [phi2(y) - b(x, y)]/x``.
    Only ``phi1(x+y)`` is a transcendental function of both arguments; the rest is
    evaluated on the 1-d factors and broadcast.
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
        tay_bxy = np.maximum(ay, as_) < _SMALL
        tay_byx = np.maximum(ax, as_) < _SMALL
        if tay_bxy.any():
            xb, yb = np.broadcast_to(x, shape)[tay_bxy], np.broadcast_to(y, shape)[tay_bxy]
            bxy[tay_bxy] = _taylor2(xb, yb, _COEF_B)
        if tay_byx.any():
            xb, yb = np.broadcast_to(x, shape)[tay_byx], np.broadcast_to(y, shape)[tay_byx]
            byx[tay_byx] = _taylor2(yb, xb, _COEF_B)
        d = np.where(ay >= ax, (_phi2(x) - byx) / y, (_phi2(y) - bxy) / x)
        tay_d = np.maximum(ax, ay) < _SMALL
        if tay_d.any():
            xb, yb = np.broadcast_to(x, shape)[tay_d], np.broadcast_to(y, shape)[tay_d]
            d[tay_d] = _taylor2(xb, yb, _COEF_D)
    return np.broadcast_to(p1s, shape), bxy, byx, d


def _b(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """b(x, y) = int_0^1 e^{-xs} s phi1(ys) ds (see :func:`_pair_integrals`)."""
    return _pair_integrals(x, y)[1]


def _d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d(x, y) = int_0^1 s^2 phi1(xs) phi1(ys) ds (see :func:`_pair_integrals`)."""
    return _pair_integrals(x, y)[3]


# ---------------------------------------------------------------- model pieces

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
    """ln C_m for the coherent spin state along +x: C_m = sqrt(binom(N, N/2+m)) / 2^{N/2}."""
    k = np.arange(N + 1)
    return 0.5 * (gammaln(N + 1) - gammaln(k + 1) - gammaln(N - k + 1)) - 0.5 * N * np.log(2.0)


def _segments(t: float, eta: float, pump_off: float | None) -> list[tuple[float, float]]:
    """(duration, pump) of the piecewise-constant pump on [0, t]."""
    if pump_off is None or t <= pump_off:
        return [(t, eta)]
    return [(pump_off, eta), (t - pump_off, 0.0)]


def _evolve(z, alpha0, segs, kappa, r, c):
    """Field amplitudes alpha_m(t) and the segment integrals of the exponent.

    ``r`` and ``c`` are index arrays (broadcast against each other) selecting the
    entries (m, m') wanted.  Returns (alpha_t [all m], G[r, c]) with
    ``G = sum_seg eta (I1_m + I1_m'^*) + kappa I2_{mm'}``.
    """
    alpha = np.full(z.shape, alpha0, dtype=complex)
    G = np.zeros(np.broadcast(r, c).shape, dtype=complex)
    for tau, e in segs:
        if tau == 0.0:
            continue
        x = z * tau
        p1 = _phi1(x)
        if e != 0.0:
            I1 = alpha * tau * p1 - e * tau**2 * _phi2(x)
            G += e * (I1[r] + np.conj(I1)[c])
        if kappa > 0.0:
            xr, yc = x[r], np.conj(x)[c]
            ar, ac = alpha[r], np.conj(alpha)[c]
            p1s, bxy, byx, dxy = _pair_integrals(xr, yc)
            I2 = ar * ac * tau * p1s
            if e != 0.0:
                I2 = I2 - e * tau**2 * (ar * bxy + ac * byx) + e**2 * tau**3 * dxy
            G += kappa * I2
        alpha = alpha * np.exp(-x) - e * tau * p1
    return alpha, G


def photon_amplitudes_lossy(N: int, W0: float, Delta_c: float, eta: float, t, *, kappa: float = 0.0,
                      alpha2: float = 0.0, pump_off: float | None = None) -> np.ndarray:
    """Coherent amplitude alpha_m(t) of the cavity field conditioned on J_z = m.

    Solves ``alpha_m' = -(i omega_m + kappa/2) alpha_m - eta(t)`` in closed form, with
    ``omega_m = -Delta_c + 2 W0 m^2`` and ``alpha_m(0) = sqrt(alpha2)``.

    Returns
    -------
    ndarray, shape (len(t), N+1)
        Rows are times, columns ``m = -N/2 .. N/2``.
    """
    N = _validate(N, 0.0, W0, Delta_c, eta, kappa, alpha2, pump_off)
    tt = _times(t)
    m = _m_values(N)
    z = 1j * (-Delta_c + 2 * W0 * m**2) + kappa / 2
    out = np.empty((tt.size, N + 1), dtype=complex)
    for i, ti in enumerate(tt):
        out[i], _ = _evolve(z, np.sqrt(alpha2), _segments(ti, eta, pump_off), 0.0,
                            np.arange(0), np.arange(0))
    return out


def _rho_entries(N, U, W0, Delta_c, eta, t, kappa, alpha2, pump_off, r, c):
    """Entries rho_A[r, c] at time t (r, c broadcasting index arrays) and alpha_m(t)."""
    m = _m_values(N)
    z = 1j * (-Delta_c + 2 * W0 * m**2) + kappa / 2
    alpha, G = _evolve(z, np.sqrt(alpha2), _segments(t, eta, pump_off), kappa, r, c)
    lc = _log_css(N)
    L = (G - alpha2 - 1j * U * (m[r] ** 2 - m[c] ** 2) * t
         + alpha[r] * np.conj(alpha)[c] + lc[r] + lc[c])
    return np.exp(L), alpha


def log_rho_entries(N: int, U: float, W0: float, Delta_c: float, eta: float, t: float, r, c, *,
                    kappa: float, alpha2: float = 0.0, pump_off: float | None = None) -> np.ndarray:
    """ln rho_A[r, c] at one time t (r, c: Dicke indices k = m + N/2, broadcast together).

    The logarithm keeps entries far below the double-precision range (the Bell
    correlator needs them for large N).
    """
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    m = _m_values(N)
    r = np.asarray(r, dtype=int)
    c = np.asarray(c, dtype=int)
    z = 1j * (-Delta_c + 2 * W0 * m**2) + kappa / 2
    alpha, G = _evolve(z, np.sqrt(alpha2), _segments(float(t), eta, pump_off), kappa, r, c)
    lc = _log_css(N)
    return (G - alpha2 - 1j * U * (m[r] ** 2 - m[c] ** 2) * t
            + alpha[r] * np.conj(alpha)[c] + lc[r] + lc[c])


def atomic_state_lossy(N: int, U: float, W0: float, Delta_c: float, eta: float, t, *,
                       kappa: float, alpha2: float = 0.0,
                       pump_off: float | None = None) -> np.ndarray:
    """Exact reduced atomic state rho_A(t) with photon loss, in the J_z basis (m = -N/2..N/2).

    Parameters
    ----------
    N
        Number of atoms (initial coherent spin state along +x).
    U, W0, Delta_c, eta
        Bare interaction, photon-induced interaction per photon, cavity detuning, pump.
    t
        A time (returns an (N+1, N+1) matrix) or a 1-d array of times (returns
        (len(t), N+1, N+1)).
    kappa
        Photon loss rate of Eq. (10).
    alpha2
        Mean photon number |alpha|^2 of an initial coherent field (0: vacuum).
    pump_off
        Time at which the pump is switched off (None: never).

    Notes
    -----
    Exact for master equation (10) with ``J = 0``; see the module docstring for the
    derivation.  For ``kappa = 0`` it reduces to the lossless closed form (6)-(7), (D1)-(D2).
    """
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    scalar = np.ndim(t) == 0
    tt = _times(t)
    k = np.arange(N + 1)
    out = np.empty((tt.size, N + 1, N + 1), dtype=complex)
    for i, ti in enumerate(tt):
        out[i], _ = _rho_entries(N, U, W0, Delta_c, eta, ti, kappa, alpha2, pump_off,
                                 k[:, None], k[None, :])
    return out[0] if scalar else out


# ---------------------------------------------------------------- QFI by parity blocks

def _parity_maps(N: int):
    """Index sets and the J_y coupling X between the even and odd reflection sectors.

    Even basis: |0> (N even) and (|m> + |-m>)/sqrt2; odd basis: (|m> - |-m>)/sqrt2, m > 0.
    J_y is odd under m -> -m, so in the basis (even, odd) it is [[0, X], [X^dag, 0]].
    """
    k = np.arange(N + 1)
    pos = k[k > N / 2]
    mirror = N - pos
    has_zero = N % 2 == 0
    off = 1 if has_zero else 0
    r2 = 1 / np.sqrt(2)
    i = np.arange(pos.size)
    rows_e = np.concatenate(([0] if has_zero else [], i + off, i + off)).astype(int)
    cols_e = np.concatenate(([N // 2] if has_zero else [], pos, mirror)).astype(int)
    vals_e = np.concatenate(([1.0] if has_zero else [], np.full(2 * pos.size, r2)))
    Pe = sps.csr_matrix((vals_e, (rows_e, cols_e)), shape=(pos.size + off, N + 1))
    Po = sps.csr_matrix((np.concatenate((np.full(pos.size, r2), np.full(pos.size, -r2))),
                         (np.concatenate((i, i)), np.concatenate((pos, mirror)))),
                        shape=(pos.size, N + 1))
    j = N / 2
    mm = _m_values(N)
    up = np.sqrt((j - mm[:-1]) * (j + mm[:-1] + 1))  # <m+1|J_+|m>
    Jp = sps.diags(up, -1)
    Jy = (Jp - Jp.T) / 2j
    X = (Pe @ Jy @ Po.T).toarray()
    return pos, mirror, has_zero, X


def _blocks(R: np.ndarray, N: int, pos, mirror, has_zero):
    """Even and odd blocks of rho from its rows with m >= 0 (zero row first, if any)."""
    off = 1 if has_zero else 0
    Rp = R[off:]
    A = Rp[:, pos]
    B = Rp[:, mirror]
    ro = A - B
    core = A + B
    if not has_zero:
        return core, ro
    top = np.sqrt(2) * 0.5 * (R[0, pos] + R[0, mirror])
    re = np.empty((pos.size + 1, pos.size + 1), dtype=complex)
    re[0, 0] = R[0, N // 2]
    re[0, 1:] = top
    re[1:, 0] = np.conj(top)
    re[1:, 1:] = core
    return re, ro


def _qfi_blocks(re: np.ndarray, ro: np.ndarray, X: np.ndarray) -> tuple[float, float]:
    """Eq. (5) for generator J_y from the parity blocks; also the smallest eigenvalue.

    Only even-odd pairs couple: F_Q = 4 sum_{i in e, j in o} (l_i - m_j)^2/(l_i + m_j) |M_ij|^2,
    M = V_e^dag X V_o.
    """
    le, Ve = sla.eigh((re + re.conj().T) / 2)
    # the odd block vanishes in exact arithmetic (see qfi_lossy Notes); only diagonalise it
    # when it is above round-off, otherwise its eigenvalues are exactly zero
    if ro.size and np.max(np.abs(ro)) > 1e-13 * np.max(np.abs(re)):
        lo, Vo = sla.eigh((ro + ro.conj().T) / 2)
    else:
        lo, Vo = np.zeros(ro.shape[0]), np.eye(ro.shape[0])
    lmin = float(min(le.min(initial=np.inf), lo.min(initial=np.inf)))
    le = np.clip(le, 0.0, None)
    lo = np.clip(lo, 0.0, None)
    M = Ve.conj().T @ (X @ Vo)
    den = le[:, None] + lo[None, :]
    num = (le[:, None] - lo[None, :]) ** 2
    w = np.divide(num, den, out=np.zeros_like(den), where=den > 0)
    return float(4.0 * np.sum(w * np.abs(M) ** 2)), lmin


def tau_Q(N: float, W0: float, eta: float) -> float:
    """Entanglement time of Eq. (9): tau_Q = (9 / (4 N W0^2 eta^4))^(1/6)."""
    return (9.0 / (4.0 * N * W0**2 * eta**4)) ** (1.0 / 6.0)


def qfi_lossy(N: int, U: float, W0: float, Delta_c: float, eta: float, t, *, kappa: float,
              alpha2: float = 0.0, pump_off: float | None = None,
              method: str = "eig") -> Result:
    """Exact QFI (generator J_y) and photon number of the lossy cavity-assisted junction.

    Evaluates the closed-form rho_A(t) of master equation (10) with ``J = 0`` and its
    quantum Fisher information.

    Parameters
    ----------
    N, U, W0, Delta_c, eta, t, kappa, alpha2, pump_off
        As in :func:`atomic_state_lossy`; ``t`` is a time or 1-d array of times.
    method
        ``"eig"`` (default): the eigen formula (5), on the two reflection-parity blocks of
        rho_A.  ``"variance"``: ``F_Q = 4 <J_y^2>``, which needs only the entries
        ``rho_A[m, m+2]`` (O(N) per time) and is exact here (see Notes).

    Returns
    -------
    Result
        Observables ``qfi``, ``nbar`` (mean photon number) and ``four_var_jy``
        (``4 Var J_y``, the upper bound (B2)).

    Notes
    -----
    Exact (no truncation).  Every entry ``rho_A[m, m']`` depends on m and m' only through
    ``m^2`` and ``m'^2`` (``omega_m``, ``C_m`` and the loss integrals do), so
    ``rho_A[m, m'] = rho_A[m, -m']``: the odd block of rho_A vanishes, rho_A lives in the
    even sector of the reflection ``m -> -m``, and ``J_y`` (odd) maps it into the odd
    sector.  Hence ``<J_y> = 0``, ``Tr[(rho J_y)^2] = 0`` (condition (B5)) and Eq. (5)
    equals ``4 <J_y^2>`` for every kappa and pump history.  ``method="eig"`` does not use
    this: it builds both blocks and reports the size of the odd one in ``convergence``.
    """
    t0 = _time.perf_counter()
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    if method not in ("eig", "variance"):
        raise ParameterError("method", "'eig' or 'variance'", method)
    tt = _times(t)
    p_m = np.exp(2 * _log_css(N))
    j = N / 2
    m = _m_values(N)
    jz2 = float(np.sum(p_m * m**2))
    c2 = np.sqrt((j - m[:-2]) * (j + m[:-2] + 1) * (j - m[:-2] - 1) * (j + m[:-2] + 2))
    k = np.arange(N + 1)
    qfi = np.empty(tt.size)
    nbar = np.empty(tt.size)
    var4 = np.empty(tt.size)
    trace_err, neg, odd = 0.0, 0.0, 0.0
    if method == "eig":
        pos, mirror, has_zero, X = _parity_maps(N)
        rows = np.concatenate(([N // 2] if has_zero else [], pos)).astype(int)
        XX = X @ X.conj().T
        XtX = X.conj().T @ X
    it = tt if tt.size < 50 or not sys.stderr.isatty() else tqdm(tt, desc="qfi_lossy")
    for i, ti in enumerate(it):
        if method == "eig":
            R, alpha = _rho_entries(N, U, W0, Delta_c, eta, ti, kappa, alpha2, pump_off,
                                    rows[:, None], k[None, :])
            re, ro = _blocks(R, N, pos, mirror, has_zero)
            qfi[i], lmin = _qfi_blocks(re, ro, X)
            var4[i] = 4.0 * np.real(np.sum(re * XX.T) + np.sum(ro * XtX.T))
            trace_err = max(trace_err, abs(np.real(np.trace(re) + np.trace(ro)) - 1.0))
            neg = max(neg, -lmin)
            odd = max(odd, float(np.max(np.abs(ro), initial=0.0)))
        else:
            d2, alpha = _rho_entries(N, U, W0, Delta_c, eta, ti, kappa, alpha2, pump_off,
                                     k[:-2], k[2:])
            jp2 = np.sum(d2 * c2)
            var4[i] = 4.0 * (0.5 * (j * (j + 1) - jz2) - 0.5 * jp2.real)
            qfi[i] = var4[i]
        nbar[i] = float(np.sum(p_m * np.abs(alpha) ** 2))
    if method == "eig":
        conv = (Convergence("trace defect (round-off)", float(N), trace_err, 1e-10,
                            "closed form, no truncation: |Tr rho_A - 1|, max over times"),
                Convergence("negative eigenvalue (round-off)", float(N), neg, 1e-10,
                            "closed form: -min eigenvalue of rho_A, max over times"),
                Convergence("odd-parity block (round-off)", float(N), odd, 1e-12,
                            "max |rho_A[m,m'] - rho_A[m,-m']|; zero in exact arithmetic"))
        how = "QFI by eigen formula (5) on reflection-parity blocks"
    else:
        conv = ()
        how = "QFI = 4<J_y^2> (parity-proved, O(N) per time)"
    return Result("sharma.qfi_lossy",
                  {"N": N, "U": U, "W0": W0, "Delta_c": Delta_c, "eta": eta, "kappa": kappa,
                   "alpha2": alpha2, "pump_off": "never" if pump_off is None else pump_off},
                  tt, {"qfi": qfi, "nbar": nbar, "four_var_jy": var4}, conv,
                  _time.perf_counter() - t0,
                  "coherent-state blocks of master equation (10), closed form; " + how)


# ---------------------------------------------------------------- extended precision (Bell)

# In mpmath the closed forms are used down to this argument size; the at most ~7 digits
# they lose to cancellation are covered by _MP_GUARD extra working digits.
_MP_SMALL = 1e-6
_MP_GUARD = 12

def _mp_phi1(x):
    if abs(x) < 0.5:
        acc, term, k = mp.mpc(0), mp.mpc(1), 0
        while abs(term) > mp.eps * 1e-3:
            acc += term
            k += 1
            term = term * (-x) / (k + 1)
        return acc
    return -mp.expm1(-x) / x


def _mp_phi2(x):
    if abs(x) < 0.5:
        acc, term, k = mp.mpc(0), mp.mpf(0.5), 0
        while abs(term) > mp.eps * 1e-3:
            acc += term
            k += 1
            term = term * (-x) / (k + 2)
        return acc
    return (x - 1 + mp.exp(-x)) / x**2


@functools.lru_cache(maxsize=8)
def _mp_factorials(prec: int) -> tuple:
    with mp.workprec(prec):
        return tuple(mp.factorial(i) for i in range(400))


def _mp_taylor2(x, y, which):
    """Double series of b (which='b') or d (which='d'), summed by total degree."""
    fj = _mp_factorials(mp.mp.prec)
    px, py = [mp.mpc(1)], [mp.mpc(1)]
    acc, n = mp.mpc(0), 0
    while True:
        if n > 0:
            px.append(px[-1] * (-x))
            py.append(py[-1] * (-y))
        deg = mp.mpc(0)
        for j in range(n + 1):
            k = n - j
            den = (fj[j] * fj[k + 1] * (n + 2)) if which == "b" else (fj[j + 1] * fj[k + 1] * (n + 3))
            deg += px[j] * py[k] / den
        acc += deg
        if n > 3 and abs(deg) < mp.eps * 1e-3 * max(abs(acc), mp.eps):
            return acc
        n += 1


def _mp_pair(x, y, p1x, p1y, ex, ey, p2x, p2y):
    """mpmath twin of :func:`_pair_integrals` for scalars: phi1(x+y), b(x,y), b(y,x), d(x,y).

    The single-argument pieces (phi1, phi2, e^{-x}) come precomputed.
    """
    s = x + y
    p1s = _mp_phi1(s)
    ax, ay, as_ = abs(x), abs(y), abs(s)

    def b(u, v, p1u, p1v, eu, av):
        if max(av, as_) < _MP_SMALL:
            return _mp_taylor2(u, v, "b")
        return (p1u - p1s) / v if av >= as_ else (p1u - eu * p1v) / s

    bxy = b(x, y, p1x, p1y, ex, ay)
    byx = b(y, x, p1y, p1x, ey, ax)
    if max(ax, ay) < _MP_SMALL:
        d = _mp_taylor2(x, y, "d")
    else:
        d = (p2x - byx) / y if ay >= ax else (p2y - bxy) / x
    return p1s, bxy, byx, d


def _mp_sector(m, W0, Delta_c, segs, kappa, alpha2):
    """Per-sector pieces in mpmath: per segment (x, phi1, phi2, e^{-x}, alpha_start, I1)."""
    z = mp.mpc(kappa / 2, -Delta_c + 2 * W0 * m * m)
    a = mp.mpc(mp.sqrt(alpha2))
    out = []
    for tau, e in segs:
        tau = mp.mpf(tau)
        x = z * tau
        p1, p2, ex = _mp_phi1(x), _mp_phi2(x), mp.exp(-x)
        I1 = a * tau * p1 - e * tau**2 * p2
        out.append((x, p1, p2, ex, a, I1))
        a = a * ex - e * tau * p1
    return out, a


def _mp_log_rho(sm, sp_, am, ap, m, mp_, U, segs, kappa, alpha2, t, logc_m, logc_mp):
    """ln rho_A[m, m'] in mpmath (same formula as :func:`_evolve`, scalar)."""
    G = mp.mpc(0)
    for (tau, e), (x, p1x, p2x, ex, a, I1), (xq, p1q, p2q, eq, aq, I1q) in zip(segs, sm, sp_, strict=True):
        if tau == 0:
            continue
        tau = mp.mpf(tau)
        if e != 0:
            G += e * (I1 + mp.conj(I1q))
        if kappa > 0:
            y = mp.conj(xq)
            p1s, bxy, byx, dxy = _mp_pair(x, y, p1x, mp.conj(p1q), ex, mp.conj(eq), p2x,
                                          mp.conj(p2q))
            aqc = mp.conj(aq)
            I2 = a * aqc * tau * p1s
            if e != 0:
                I2 += -e * tau**2 * (a * bxy + aqc * byx) + e**2 * tau**3 * dxy
            G += kappa * I2
    return (G - alpha2 - mp.mpc(0, U * (m * m - mp_ * mp_) * t) + am * mp.conj(ap)
            + logc_m + logc_mp)


def bell_lossy(N: int, U: float, W0: float, Delta_c: float, eta: float, t, *, kappa: float,
               alpha2: float = 0.0, pump_off: float | None = None,
               dps: int | None = None) -> Result:
    """Bell correlator Q_N(t) of the exact lossy (or lossless) atomic state, to any depth.

    ``Q_N = N ln 2 + 2 ln|<+x|rho_A|-x>|`` (see :mod:`numeric.metrology._bell`).  The
    element is a sum of O(1) terms that cancel down to ``2^{-N/2} e^{Q_N/2}``, so for
    large N or very negative Q_N double precision cannot resolve it; here every entry of
    rho_A is evaluated from the closed form in mpmath at ``dps`` digits (default
    ``0.31 N + 30``, enough for Q_N >= -N ln 2 - 100) and summed exactly.

    Returns
    -------
    Result
        Observable ``bell`` (Q_N; an upper bound where unresolved) and ``resolved``
        (1.0 / 0.0); ``convergence`` reports the precision against the round-off floor.

    Notes
    -----
    Uses the exact symmetries of rho_A (entries depend on m^2, m'^2; Hermitian), so only
    the pairs ``0 <= m <= m'`` are evaluated.  For odd N the element vanishes
    identically (``P|-x> = -|-x>`` for the mode swap P, which leaves rho_A invariant), so
    ``Q_N = -inf`` exactly.
    """
    t0 = _time.perf_counter()
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    tt = _times(t)
    if dps is None:
        dps = int(0.31 * N) + 30
    out = np.empty(tt.size)
    res = np.empty(tt.size)
    worst_ratio = 0.0
    if N % 2 == 1:
        out[:] = -np.inf
        res[:] = 1.0
        conv = ()
    else:
        with mp.workdps(dps + _MP_GUARD):
            ms = list(range(0, N // 2 + 1))
            logc = [mp.log(mp.binomial(N, N // 2 + m)) / 2 - N * mp.log(2) / 2 for m in ms]
            sgn = [1 if (m + N // 2) % 2 == 0 else -1 for m in ms]
            mult = [1 if m == 0 else 2 for m in ms]
            for i, ti in enumerate(tt):
                if ti == 0.0:  # rho_A(0) = |+x><+x|: the element is exactly <+x|-x> = 0
                    out[i], res[i] = -np.inf, 1.0
                    continue
                segs = _segments(float(ti), eta, pump_off)
                sec = [_mp_sector(m, W0, Delta_c, segs, kappa, alpha2) for m in ms]
                acc, tot = mp.mpc(0), mp.mpf(0)
                for a_, m in enumerate(ms):
                    for b_ in range(a_, len(ms)):
                        mq = ms[b_]
                        L = _mp_log_rho(sec[a_][0], sec[b_][0], sec[a_][1], sec[b_][1], m, mq,
                                        U, segs, kappa, alpha2, ti, logc[a_], logc[b_])
                        # C_k C_k' rho_kk' = exp(L + log C_k + log C_k')
                        v = mp.exp(L + logc[a_] + logc[b_]) * mult[a_] * mult[b_]
                        term = v * sgn[b_]
                        if b_ != a_:
                            term += mp.conj(v) * sgn[a_]
                        acc += term
                        tot += 2 * abs(v)
                el = abs(acc)
                floor = 4 * mp.mpf(10) ** (-dps) * tot  # entries good to dps digits
                ok = el > 1e4 * floor
                res[i] = float(ok)
                worst_ratio = max(worst_ratio, float(floor / el) if el > 0 else np.inf)
                le = mp.log(el if ok else el + floor)
                out[i] = float(N * mp.log(2) + 2 * le)
        conv = (Convergence("working precision (digits)", float(dps), worst_ratio, 1e-4,
                            "round-off floor / |<+x|rho|-x>|, max over times"),)
    return Result("sharma.bell_lossy",
                  {"N": N, "U": U, "W0": W0, "Delta_c": Delta_c, "eta": eta, "kappa": kappa,
                   "alpha2": alpha2, "pump_off": "never" if pump_off is None else pump_off},
                  tt, {"bell": out, "resolved": res}, conv, _time.perf_counter() - t0,
                  f"closed-form rho_A entries in mpmath at {dps} digits; Q_N from <+x|rho|-x>")
