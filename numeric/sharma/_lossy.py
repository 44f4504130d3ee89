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
the default ``qfi_lossy(method="auto")`` after a run-time parity check, O(sqrt N) per
time on the mirror half of the Dicke window; see :mod:`._variance`).

Notes
-----
Exact for the model's master equation (10) with ``J = 0`` (no truncation: the field stays
a superposition of coherent states).  The photon number is
``n(t) = sum_m C_m^2 |alpha_m(t)|^2``.  Checked against QuTiP ``mesolve`` and the
brute-force Lindblad evolution on atoms (x) Fock space, against ``solve_ivp`` of (L1)-(L2),
and, at kappa = 0, against the displacement-operator closed form (6)-(7)
(tests/numeric/test_sharma_lossy.py).  The Bell correlator needs entries beyond double
precision: :func:`bell_lossy` (:mod:`._lossy_bell`) evaluates the same formulas in mpmath.

*Cost.* Everything is evaluated for all output times at once (in chunks of at most
``_CHUNK`` entries of the (time, m, m') array): the pair terms of every entry are summed
in one compiled loop (:func:`._lossy_kernels._accumulate_pairs`, numba, cached on disk),
and the eigen formula uses one stacked ``eigh`` per chunk.  Dicke rows whose total CSS weight ``sum C_m^2`` is below 1e-32 are
left out of the eigen formula (``|m| >~ 6 sqrt(N)``; nothing is dropped for N <~ 100;
the dropped weight is reported in ``convergence``).
"""

from __future__ import annotations

import sys
import time as _time

import numpy as np
from tqdm import tqdm

from .. import _resources
from .._result import Convergence, ParameterError, Result
from ._lossy_bell import bell_lossy
from ._lossy_common import _log_css, _m_values, _segment_table, _times, _validate
from ._lossy_kernels import (  # noqa: F401  (_b, _d, _pair_integrals, _phi1, _phi2: old import path)
    _accumulate_pairs,
    _b,
    _d,
    _pair_integrals,
    _phi1,
    _phi2,
    _phi_pieces,
)
from ._parity import parity_basis, qfi_blocks
from ._variance import PARITY_TOL, dicke_window, parity_defect, window_rows

__all__ = [
    "atomic_state_lossy",
    "bell_lossy",
    "log_rho_entries",
    "photon_amplitudes_lossy",
    "qfi_lossy",
    "tau_Q",
]

# Entries of the (time, m, m') array evaluated at once: a handful of complex arrays of
# this size (4 MiB each) are alive per chunk.
_CHUNK = 1 << 18
# Dicke rows whose total CSS weight is below this are left out of the eigen formula.
_DICKE_TAIL = 1e-32


# ---------------------------------------------------------------- closed-form state


def _rates(N: int, W0: float, Delta_c: float, kappa: float) -> np.ndarray:
    """z_m = i omega_m + kappa/2 with omega_m = -Delta_c + 2 W0 m^2."""
    m = _m_values(N)
    return 1j * (-Delta_c + 2 * W0 * m**2) + kappa / 2


def _evolve(z, alpha0, segs, kappa, r, c):
    """Field amplitudes alpha_m(t) and the segment integrals of the exponent, all times.

    ``segs`` is a :func:`_segment_table` (durations over the T times, pump); ``r`` and
    ``c`` are index arrays (broadcast together to a shape S) selecting the entries
    (m, m').  Returns (alpha, shape (T, N+1); G, shape (T,) + S) with
    ``G = sum_seg eta (I1_m + I1_m'^*) + kappa I2_{mm'}`` (summed by the compiled
    :func:`._lossy_kernels._accumulate_pairs`).
    """
    rb, cb = np.broadcast_arrays(np.asarray(r, dtype=np.int64), np.asarray(c, dtype=np.int64))
    shape = rb.shape
    rr, cc = np.ascontiguousarray(rb).ravel(), np.ascontiguousarray(cb).ravel()
    T = segs[0][0].size
    alpha = np.full((T, z.size), alpha0, dtype=complex)
    G = np.zeros((T, rr.size), dtype=complex)
    for tau, e in segs:
        tcol = tau[:, None]
        x = tcol * z[None, :]
        p1, p2, ex = _phi_pieces(x)
        I1 = alpha * tcol * p1 - e * tcol**2 * p2
        if rr.size and (e != 0.0 or kappa > 0.0):
            _accumulate_pairs(
                G,
                x,
                p1,
                p2,
                ex,
                I1,
                alpha,
                np.ascontiguousarray(tau),
                float(e),
                float(kappa),
                rr,
                cc,
            )
        alpha = alpha * ex - e * tcol * p1
    return alpha, G.reshape((T,) + shape)


def _log_rho(N, U, W0, Delta_c, eta, tt, kappa, alpha2, pump_off, r, c, rows=slice(None), lc=None):
    """ln rho_A[r, c] at the times tt (shape (T,) + S) and alpha_m(t) (shape (T, N+1)).

    ``rows`` restricts the sectors evaluated to a slice of the Dicke indices; ``r``, ``c``
    then index into that slice (and alpha has its length).  ``lc``: :func:`_log_css` of N
    when the caller has it already.
    """
    m = _m_values(N)[rows]
    alpha, G = _evolve(
        _rates(N, W0, Delta_c, kappa)[rows],
        np.sqrt(alpha2),
        _segment_table(tt, eta, pump_off),
        kappa,
        r,
        c,
    )
    lc = (_log_css(N) if lc is None else lc)[rows]
    tb = tt.reshape((-1,) + (1,) * (G.ndim - 1))
    L = (
        G
        - alpha2
        - 1j * U * (m[r] ** 2 - m[c] ** 2) * tb
        + alpha[:, r] * np.conj(alpha)[:, c]
        + lc[r]
        + lc[c]
    )
    return L, alpha


def _time_chunks(n_times: int, per_time: int, desc: str):
    """Slices of the time axis holding at most ~_CHUNK entries each (tqdm when long)."""
    step = max(1, _CHUNK // max(per_time, 1))
    chunks = [slice(i, min(i + step, n_times)) for i in range(0, n_times, step)]
    if len(chunks) >= 20 and sys.stderr.isatty():
        return tqdm(chunks, desc=desc)
    return chunks


def photon_amplitudes_lossy(
    N: int,
    W0: float,
    Delta_c: float,
    eta: float,
    t,
    *,
    kappa: float = 0.0,
    alpha2: float = 0.0,
    pump_off: float | None = None,
) -> np.ndarray:
    """Coherent amplitude alpha_m(t) of the cavity field conditioned on J_z = m.

    Solves ``alpha_m' = -(i omega_m + kappa/2) alpha_m - eta(t)`` in closed form, with
    ``omega_m = -Delta_c + 2 W0 m^2`` and ``alpha_m(0) = sqrt(alpha2)``.

    Returns
    -------
    ndarray, shape (len(t), N+1)
        Rows are times, columns ``m = -N/2 .. N/2``.
    """
    _resources.estimate("sharma.amplitudes", N, t)  # refuse before allocating
    N = _validate(N, 0.0, W0, Delta_c, eta, kappa, alpha2, pump_off)
    tt = _times(t)
    none = np.arange(0)
    alpha, _ = _evolve(
        _rates(N, W0, Delta_c, kappa),
        np.sqrt(alpha2),
        _segment_table(tt, eta, pump_off),
        0.0,
        none,
        none,
    )
    return alpha


def log_rho_entries(
    N: int,
    U: float,
    W0: float,
    Delta_c: float,
    eta: float,
    t: float,
    r,
    c,
    *,
    kappa: float,
    alpha2: float = 0.0,
    pump_off: float | None = None,
) -> np.ndarray:
    """ln rho_A[r, c] at one time t (r, c: Dicke indices k = m + N/2, broadcast together).

    The logarithm keeps entries far below the double-precision range (the Bell
    correlator needs them for large N).
    """
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    tt = _times(float(t))
    L, _ = _log_rho(
        N,
        U,
        W0,
        Delta_c,
        eta,
        tt,
        kappa,
        alpha2,
        pump_off,
        np.asarray(r, dtype=int),
        np.asarray(c, dtype=int),
    )
    return L[0]


def atomic_state_lossy(
    N: int,
    U: float,
    W0: float,
    Delta_c: float,
    eta: float,
    t,
    *,
    kappa: float,
    alpha2: float = 0.0,
    pump_off: float | None = None,
) -> np.ndarray:
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
    _resources.estimate("sharma.state", N, t, lossy=True)  # refuse before allocating
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    scalar = np.ndim(t) == 0
    tt = _times(t)
    k = np.arange(N + 1)
    out = np.empty((tt.size, N + 1, N + 1), dtype=complex)
    for sl in _time_chunks(tt.size, (N + 1) ** 2, "atomic_state_lossy"):
        L, _ = _log_rho(
            N, U, W0, Delta_c, eta, tt[sl], kappa, alpha2, pump_off, k[:, None], k[None, :]
        )
        out[sl] = np.exp(L)
    return out[0] if scalar else out


# ---------------------------------------------------------------- QFI by parity blocks


def _dicke_window(N: int) -> tuple[int, float]:
    """First Dicke index k0 kept (rows k0..N-k0) and the CSS weight left outside.

    Rows are dropped symmetrically from both tails while their total weight stays below
    ``_DICKE_TAIL``; one more row is kept on each side, so that J_y (tridiagonal) maps
    the retained support into the window.
    """
    cum = np.cumsum(np.exp(2.0 * _log_css(N)))  # light tail first: tiny terms summed first
    s = int(np.searchsorted(cum, 0.5 * _DICKE_TAIL, side="right"))
    k0 = max(s - 1, 0)
    return k0, (2.0 * float(cum[k0 - 1]) if k0 > 0 else 0.0)


def _parity_maps(N: int, k0: int = 0):
    """Index sets and the J_y coupling X between the even and odd reflection sectors
    (Dicke indices k0 <= k <= N - k0; see :func:`._parity.parity_basis`)."""
    pos, mirror, has_zero, _, _, X = parity_basis(N, k0)
    return pos, mirror, has_zero, X


def _blocks(R: np.ndarray, pos, mirror, zero, has_zero):
    """Even and odd blocks of rho (stacked over times) from its rows with m >= 0.

    ``R[t, row, col]``: rows are the zero row (if any) then ``pos``; ``pos``, ``mirror``
    and ``zero`` are column positions in R.  Uses rho[-m, m'] = rho[m, m'] (entries depend
    on m^2) and hermiticity.
    """
    off = 1 if has_zero else 0
    Rp = R[:, off:]
    A = Rp[:, :, pos]
    B = Rp[:, :, mirror]
    ro = A - B
    core = A + B
    if not has_zero:
        return core, ro
    top = np.sqrt(2) * 0.5 * (R[:, 0, pos] + R[:, 0, mirror])
    n = pos.size
    re = np.empty((R.shape[0], n + 1, n + 1), dtype=complex)
    re[:, 0, 0] = R[:, 0, zero]
    re[:, 0, 1:] = top
    re[:, 1:, 0] = np.conj(top)
    re[:, 1:, 1:] = core
    return re, ro


def tau_Q(N: float, W0: float, eta: float) -> float:
    """Entanglement time of Eq. (9): tau_Q = (9 / (4 N W0^2 eta^4))^(1/6)."""
    return (9.0 / (4.0 * N * W0**2 * eta**4)) ** (1.0 / 6.0)


def qfi_lossy(
    N: int,
    U: float,
    W0: float,
    Delta_c: float,
    eta: float,
    t,
    *,
    kappa: float,
    alpha2: float = 0.0,
    pump_off: float | None = None,
    method: str = "auto",
) -> Result:
    """Exact QFI (generator J_y) and photon number of the lossy cavity-assisted junction.

    Evaluates the closed-form rho_A(t) of master equation (10) with ``J = 0`` and its
    quantum Fisher information.

    Parameters
    ----------
    N, U, W0, Delta_c, eta, t, kappa, alpha2, pump_off
        As in :func:`atomic_state_lossy`; ``t`` is a time or 1-d array of times.
    method
        ``"auto"`` (default): ``"variance"`` when the reflection parity of the state is
        verified at run time (reported in ``convergence``), else ``"eig"``.
        ``"eig"``: the eigen formula (5), on the two reflection-parity blocks of rho_A.
        ``"variance"``: ``F_Q = 4 <J_y^2>``, which needs only the entries
        ``rho_A[m, m+2]`` on the Dicke window (O(sqrt N) per time) and is exact here (see
        Notes); refused where the parity check fails.

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
    With ``method="eig"`` the Dicke rows of total CSS weight below 1e-32 (``|m| >~
    6 sqrt(N)``, none for N <~ 100) are left out; the weight dropped is reported in
    ``convergence``.  All times are evaluated together (stacked ``eigh``).

    ``method="variance"`` (and ``"auto"``) checks the parity at run time
    (:func:`._variance.parity_defect` of the CSS amplitudes and of ``omega_m`` on the
    window), evaluates only the rows of the 1e-32 Dicke window plus two on each side, and
    of those only the pairs ``(m, m+2)`` in the lower half (the mirror pair is the complex
    conjugate): ``|dF_Q| <= N(N+2) w/2`` for the dropped weight ``w`` (reported).
    """
    # refuse before allocating
    _resources.estimate("sharma.qfi", N, t, method=method, lossy=True, eta=eta, alpha2=alpha2)
    t0 = _time.perf_counter()
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    if method not in ("auto", "eig", "variance"):
        raise ParameterError("method", "'auto', 'eig' or 'variance'", method)
    tt = _times(t)
    lc = _log_css(N)
    params = {
        "N": N,
        "U": U,
        "W0": W0,
        "Delta_c": Delta_c,
        "eta": eta,
        "kappa": kappa,
        "alpha2": alpha2,
        "pump_off": "never" if pump_off is None else pump_off,
    }
    how = "coherent-state blocks of master equation (10), closed form; "
    if method != "eig":
        C = np.exp(lc)
        window = dicke_window(C)
        lo, hi = window_rows(window[0], window[1], N)
        delta = parity_defect(C, -Delta_c + 2.0 * W0 * _m_values(N)[lo:hi] ** 2)
        if delta <= PARITY_TOL:
            obs, conv = _qfi_variance(
                N, U, W0, Delta_c, eta, tt, kappa, alpha2, pump_off, lc, window, delta
            )
            how += (
                f"QFI = 4<J_y^2> (reflection parity checked at run time, defect {delta:.1e}), "
                "O(sqrt N) Dicke window rows per time"
            )
            return Result("sharma.qfi_lossy", params, tt, obs, conv, _time.perf_counter() - t0, how)
        if method == "variance":
            raise ParameterError(
                "method",
                "'eig' or 'auto' unless the initial atomic state has definite m -> -m parity",
                method,
            )
    qfi = np.empty(tt.size)
    nbar = np.empty(tt.size)
    var4 = np.empty(tt.size)
    trace_err, neg, odd = 0.0, 0.0, 0.0
    k0, dropped = _dicke_window(N)
    pos, mirror, has_zero, X = _parity_maps(N, k0)
    rows = np.concatenate(([N // 2] if has_zero else [], pos)).astype(int)
    cols = np.arange(k0, N - k0 + 1)
    XX = X @ X.conj().T
    XtX = X.conj().T @ X
    per_time = rows.size * cols.size
    for sl in _time_chunks(tt.size, per_time, "qfi_lossy"):
        L, alpha = _log_rho(
            N,
            U,
            W0,
            Delta_c,
            eta,
            tt[sl],
            kappa,
            alpha2,
            pump_off,
            rows[:, None],
            cols[None, :],
            lc=lc,
        )
        re, ro = _blocks(np.exp(L), pos - k0, mirror - k0, N // 2 - k0, has_zero)
        qfi[sl], lmin = qfi_blocks(re, ro, X)
        var4[sl] = 4.0 * np.real(np.sum(re * XX.T, axis=(1, 2)) + np.sum(ro * XtX.T, axis=(1, 2)))
        tr = np.real(np.trace(re, axis1=1, axis2=2) + np.trace(ro, axis1=1, axis2=2))
        trace_err = max(trace_err, float(np.max(np.abs(tr - 1.0))))
        neg = max(neg, float(np.max(-lmin)))
        odd = max(odd, float(np.max(np.abs(ro), initial=0.0)))
        nbar[sl] = (alpha.real**2 + alpha.imag**2) @ np.exp(2 * lc)
    conv = (
        Convergence(
            "trace defect (round-off)",
            float(N),
            trace_err,
            1e-10,
            "closed form, no truncation: |Tr rho_A - 1| on the Dicke window, max over times",
        ),
        Convergence(
            "negative eigenvalue (round-off)",
            float(N),
            neg,
            1e-10,
            "closed form: -min eigenvalue of rho_A, max over times",
        ),
        Convergence(
            "odd-parity block (round-off)",
            float(N),
            odd,
            1e-12,
            "max |rho_A[m,m'] - rho_A[m,-m']|; zero in exact arithmetic",
        ),
        Convergence(
            "Dicke window of the CSS",
            float(N + 1 - 2 * k0),
            dropped,
            _DICKE_TAIL,
            "sum of C_m^2 over the dropped |m| tails bounds ||rho_A - rho_window||",
        ),
    )
    how += "QFI by eigen formula (5) on reflection-parity blocks"
    obs = {"qfi": qfi, "nbar": nbar, "four_var_jy": var4}
    return Result("sharma.qfi_lossy", params, tt, obs, conv, _time.perf_counter() - t0, how)


def _qfi_variance(N, U, W0, Delta_c, eta, tt, kappa, alpha2, pump_off, lc, window, delta):
    """4<J_y^2> and n(t) from the lower half of the Dicke window (parity checked by the caller).

    Rows ``lo..hi-1`` (:func:`._variance.window_rows`) are symmetric about m = 0: row
    ``W-1-r`` equals row ``r`` and pair ``(W-3-p, W-1-p)`` is the conjugate of ``(p, p+2)``,
    so only pairs ``p <= (W-3)/2`` and rows ``<= (W-1)/2 + 2`` are evaluated.
    """
    k0, k1, dropped = window
    lo, hi = window_rows(k0, k1, N)
    W = hi - lo
    j = N / 2
    m_all = _m_values(N)
    p_all = np.exp(2 * lc)
    jz2 = float(np.sum(p_all * m_all**2))  # conserved: all rows, once
    hp = (W - 3) // 2 if W >= 3 else -1  # last pair evaluated
    hr = (W - 1) // 2  # last row counted
    R = max(hr, hp + 2) + 1
    rows = slice(lo, lo + R)
    p = np.arange(hp + 1)
    m = m_all[lo : lo + R]
    c2 = np.sqrt((j - m[p]) * (j + m[p] + 1) * (j - m[p] - 1) * (j + m[p] + 2))
    c2 *= np.where(2 * p == W - 3, 1.0, 2.0)  # the self-mirror pair counts once
    r = np.arange(hr + 1)
    pw = np.zeros(R)
    pw[: hr + 1] = p_all[lo : lo + hr + 1] * np.where(2 * r == W - 1, 1.0, 2.0)
    qfi = np.empty(tt.size)
    nbar = np.empty(tt.size)
    for sl in _time_chunks(tt.size, max(p.size, R), "qfi_lossy"):
        L, alpha = _log_rho(
            N, U, W0, Delta_c, eta, tt[sl], kappa, alpha2, pump_off, p, p + 2, rows=rows, lc=lc
        )
        jp2 = np.exp(L).real @ c2 if p.size else 0.0
        qfi[sl] = 2.0 * (j * (j + 1) - jz2) - 2.0 * jp2
        nbar[sl] = (alpha.real**2 + alpha.imag**2) @ pw
    dq = 0.5 * N * (N + 2) * dropped
    dn = dropped * (np.sqrt(alpha2) + abs(eta) * float(np.max(tt))) ** 2
    conv = (
        Convergence(
            "Dicke window of the CSS",
            float(k1 - k0),
            dropped,
            _DICKE_TAIL,
            f"CSS weight of the dropped |m| tails (rows {lo}..{hi - 1} evaluated); "
            f"|dF_Q| <= N(N+2)w/2 = {dq:.1e}, |dn| <= w (|alpha0| + eta t)^2 = {dn:.1e}",
        ),
        Convergence(
            "reflection parity m -> -m (precondition of F_Q = 4<J_y^2>)",
            float(N),
            delta,
            PARITY_TOL,
            f"odd part of C_m plus mirror defect of omega_m; rho_A is even to this accuracy, "
            f"so <J_y> = 0 and |Tr[(rho J_y)^2]| <= (delta N)^2 = {(delta * N) ** 2:.1e}",
        ),
    )
    return {"qfi": qfi, "nbar": nbar, "four_var_jy": qfi}, conv
