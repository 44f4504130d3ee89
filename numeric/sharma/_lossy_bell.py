"""Bell correlator Q_N of the exact lossy atomic state in extended precision (mpmath).

``Q_N = N ln 2 + 2 ln|<+x|rho_A|-x>|`` needs the element ``<+x|rho_A|-x>``, a sum of
O(1) terms that cancel down to ``2^{-N/2} e^{Q_N/2}``: for large N or very negative
Q_N double precision cannot resolve it.  Here every entry of rho_A is evaluated from the
same closed form as :mod:`._lossy` (coherent-state blocks of master equation (10),
segment integrals of :mod:`._lossy_kernels`) in mpmath, and summed exactly.

Notes
-----
Exact for master equation (10) with ``J = 0``.  The precision certifies itself: every
time is evaluated at two working precisions (d and 2d digits, d doubled until the two
Q_N agree to ``BELL_TOL``); the digits used and the last difference are reported in
``convergence``, besides the round-off floor of the sum.  Every input is converted to
mpmath before any arithmetic: an earlier version formed the phase ``U (m^2 - m'^2) t``
in doubles, an error of ~1e-16 per entry that no working precision could remove and
that made Q_N wrong by ~28 nats at N = 50, eta = 320, t = 0.002 (issue #13).
"""

from __future__ import annotations

import functools
import time as _time
import warnings

import mpmath as mp
import numpy as np

from .. import _resources
from .._result import Convergence, ParameterError, Result
from ._lossy_common import _times, _validate

__all__ = ["bell_lossy"]

# In mpmath the closed forms are used down to this argument size; the at most ~7 digits
# they lose to cancellation are covered by _MP_GUARD extra working digits.
_MP_SMALL = 1e-6
_MP_GUARD = 12
# Agreement (nats) of Q_N required between two precision levels: far below any
# physical resolution of Q_N (which is O(1)..O(N)) and ~1e7 above double round-off of
# the reported float.
BELL_TOL = 1e-6


def _mp_phi1(x):
    """(1 - e^{-x})/x; mpmath's expm1 has no cancellation for small (complex) x."""
    if x == 0:
        return mp.mpc(1)
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
            den = (
                (fj[j] * fj[k + 1] * (n + 2)) if which == "b" else (fj[j + 1] * fj[k + 1] * (n + 3))
            )
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


def _mp_segments(t, eta, pump_off) -> list:
    """(duration, pump) of the piecewise-constant pump on [0, t], in mpmath.

    Same segments as :func:`._lossy_common._segments`, but the second duration
    ``t - pump_off`` is formed in working precision: a double-precision difference would
    shift the cavity phases by ~1e-16 relative to the exact ``t`` used in the U phase.
    """
    t, eta = mp.mpf(t), mp.mpf(eta)
    if pump_off is None or t <= mp.mpf(pump_off):
        return [(t, eta)]
    return [(mp.mpf(pump_off), eta), (t - mp.mpf(pump_off), mp.mpf(0))]


def _mp_sector(m, W0, Delta_c, segs, kappa, alpha2):
    """Per-sector pieces in mpmath: per segment (x, phi1, phi2, e^{-x}, alpha_start, I1).

    All arithmetic is in working precision (``W0``, ``Delta_c``, ``kappa`` are converted
    first): ``2 W0 m^2`` formed in doubles is rounded for W0 not a dyadic number.
    """
    z = mp.mpc(mp.mpf(kappa) / 2, -mp.mpf(Delta_c) + 2 * mp.mpf(W0) * m * m)
    a = mp.mpc(mp.sqrt(mp.mpf(alpha2)))
    out = []
    for tau, e in segs:
        x = z * tau
        p1, p2, ex = _mp_phi1(x), _mp_phi2(x), mp.exp(-x)
        I1 = a * tau * p1 - e * tau**2 * p2
        out.append((x, p1, p2, ex, a, I1))
        a = a * ex - e * tau * p1
    return out, a


def _mp_log_rho(sm, sp_, am, ap, m, mp_, U, segs, kappa, alpha2, t, logc_m, logc_mp):
    """ln rho_A[m, m'] in mpmath (same formula as :func:`_evolve`, scalar; mp inputs)."""
    G = mp.mpc(0)
    for (tau, e), (x, p1x, p2x, ex, a, I1), (xq, p1q, p2q, eq, aq, I1q) in zip(
        segs, sm, sp_, strict=True
    ):
        if tau == 0:
            continue
        if e != 0:
            G += e * (I1 + mp.conj(I1q))
        if kappa > 0:
            y = mp.conj(xq)
            p1s, bxy, byx, dxy = _mp_pair(
                x, y, p1x, mp.conj(p1q), ex, mp.conj(eq), p2x, mp.conj(p2q)
            )
            aqc = mp.conj(aq)
            I2 = a * aqc * tau * p1s
            if e != 0:
                I2 += -e * tau**2 * (a * bxy + aqc * byx) + e**2 * tau**3 * dxy
            G += kappa * I2
    return G - alpha2 - mp.mpc(0, U * (m * m - mp_ * mp_) * t) + am * mp.conj(ap) + logc_m + logc_mp


def _element(N, U, W0, Delta_c, eta, ti, kappa, alpha2, pump_off, dps):
    """``(ln|<+x|rho_A|-x>|, sum of |terms|, |element| <= floor)`` at ``dps`` digits.

    Returns mpmath numbers of the working precision ``dps + _MP_GUARD``; the caller
    compares two precision levels.  Every input is converted to mpmath first.
    """
    with mp.workdps(dps + _MP_GUARD):
        Um, km, a2 = mp.mpf(U), mp.mpf(kappa), mp.mpf(alpha2)
        tm = mp.mpf(ti)
        ms = list(range(0, N // 2 + 1))
        logc = [mp.log(mp.binomial(N, N // 2 + m)) / 2 - N * mp.log(2) / 2 for m in ms]
        sgn = [1 if (m + N // 2) % 2 == 0 else -1 for m in ms]
        mult = [1 if m == 0 else 2 for m in ms]
        segs = _mp_segments(ti, eta, pump_off)
        sec = [_mp_sector(m, W0, Delta_c, segs, km, a2) for m in ms]
        if km == 0:
            # without loss ln rho_A[m, m'] = P_m + conj(P_m') + alpha_m conj(alpha_m'): the
            # pump and U terms of _mp_log_rho separate (U, t, ln C real), same formula
            P = [
                sum((e * pc[5] for (_tau, e), pc in zip(segs, sc[0], strict=True)), mp.mpc(0))
                - mp.mpc(0, Um * m * m * tm)
                + lc
                - a2 / 2
                for m, sc, lc in zip(ms, sec, logc, strict=True)
            ]
        acc, tot = mp.mpc(0), mp.mpf(0)
        for a_, m in enumerate(ms):
            for b_ in range(a_, len(ms)):
                mq = ms[b_]
                if km == 0:
                    L = P[a_] + mp.conj(P[b_]) + sec[a_][1] * mp.conj(sec[b_][1])
                else:
                    L = _mp_log_rho(
                        sec[a_][0],
                        sec[b_][0],
                        sec[a_][1],
                        sec[b_][1],
                        m,
                        mq,
                        Um,
                        segs,
                        km,
                        a2,
                        tm,
                        logc[a_],
                        logc[b_],
                    )
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
        le = mp.log(el if ok else el + floor)
        return le, tot, el, floor, ok


def bell_lossy(
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
    dps: int | None = None,
    max_dps: int | None = None,
    tol: float = BELL_TOL,
) -> Result:
    """Bell correlator Q_N(t) of the exact lossy (or lossless) atomic state, to any depth.

    ``Q_N = N ln 2 + 2 ln|<+x|rho_A|-x>|`` (see :mod:`numeric.metrology._bell`).  The
    element is a sum of O(1) terms that cancel down to ``2^{-N/2} e^{Q_N/2}``, so for
    large N or very negative Q_N double precision cannot resolve it; here every entry of
    rho_A is evaluated from the closed form in mpmath and summed exactly.

    Parameters
    ----------
    dps
        Starting working precision (decimal digits; default ``0.31 N + 30``).
    max_dps
        Highest precision the certification may use (default ``max(8 dps, 400)``).
    tol
        Agreement required of Q_N (nats) between two precision levels.

    Returns
    -------
    Result
        Observable ``bell`` (Q_N; an upper bound where unresolved), ``resolved``
        (1.0 / 0.0) and ``digits`` (the precision of the reported value).
        ``convergence`` reports the precision certification (largest change of Q_N
        between the last two levels, against ``tol``) and the round-off floor.

    Notes
    -----
    *Precision that certifies itself.*  Each time is evaluated at ``dps`` and at ``2 dps``
    digits; while the two Q_N differ by more than ``tol`` the precision is doubled again
    (up to ``max_dps``).  The value of the higher level is reported, with the digits used
    and the difference.  Pass ``max_dps = 2 dps`` to test a fixed precision: a level too
    low is then reported as not converged instead of being raised.

    Uses the exact symmetries of rho_A (entries depend on m^2, m'^2; Hermitian), so only
    the pairs ``0 <= m <= m'`` are evaluated.  For odd N the element vanishes
    identically (``P|-x> = -|-x>`` for the mode swap P, which leaves rho_A invariant), so
    ``Q_N = -inf`` exactly.
    """
    _resources.estimate("sharma.bell", N, t)  # refuse before allocating
    t0 = _time.perf_counter()
    N = _validate(N, U, W0, Delta_c, eta, kappa, alpha2, pump_off)
    tt = _times(t)
    if dps is None:
        dps = int(0.31 * N) + 30
    dps = int(dps)
    if dps < 1:
        raise ParameterError("dps", "an integer >= 1", dps)
    if max_dps is None:
        max_dps = max(8 * dps, 400)
    max_dps = int(max_dps)
    if max_dps < 2 * dps:
        raise ParameterError("max_dps", f"an integer >= 2 dps = {2 * dps}", max_dps)
    if not (np.isfinite(tol) and tol > 0):
        raise ParameterError("tol", "a finite number > 0", tol)
    out = np.empty(tt.size)
    res = np.empty(tt.size)
    digits = np.full(tt.size, float(dps))
    worst_ratio, worst_change, top = 0.0, 0.0, dps
    if N % 2 == 1:
        out[:] = -np.inf
        res[:] = 1.0
        conv = ()
        warnings.warn(
            f"Q_N = -inf exactly for odd N = {N}: E_N = |Tr rho J_+^N|^2 vanishes by "
            "symmetry (the mode swap P leaves rho_A invariant, P|-x> = -|-x>)",
            stacklevel=2,
        )
    else:
        args = (N, U, W0, Delta_c, eta)
        for i, ti in enumerate(tt):
            if ti == 0.0:  # rho_A(0) = |+x><+x|: the element is exactly <+x|-x> = 0
                out[i], res[i] = -np.inf, 1.0
                warnings.warn(
                    "Q_N = -inf exactly at t = 0: rho_A(0) = |+x><+x| and <+x|-x> = 0, so E_N = 0",
                    stacklevel=2,
                )
                continue
            d = dps
            lo = _element(*args, float(ti), kappa, alpha2, pump_off, d)
            while True:
                hi = _element(*args, float(ti), kappa, alpha2, pump_off, 2 * d)
                q_lo = float(N * mp.log(2) + 2 * lo[0])
                q_hi = float(N * mp.log(2) + 2 * hi[0])
                change = abs(q_hi - q_lo) if np.isfinite(q_lo) and np.isfinite(q_hi) else np.inf
                if (change <= tol and lo[4] and hi[4]) or 4 * d > max_dps:
                    break
                d, lo = 2 * d, hi
            le, _tot, el, floor, ok = hi
            out[i] = q_hi
            res[i] = float(ok and change <= tol)
            digits[i] = 2 * d
            top = max(top, 2 * d)
            worst_change = max(worst_change, change)
            worst_ratio = max(worst_ratio, float(floor / el) if el > 0 else np.inf)
        conv = (
            Convergence(
                "working precision (digits)",
                float(top),
                worst_change,
                tol,
                "|Q_N(2d digits) - Q_N(d digits)| at the last two levels, max over times "
                f"(start {dps} digits, doubled until agreement, at most {max_dps})",
            ),
            Convergence(
                "round-off floor",
                float(top),
                worst_ratio,
                1e-4,
                "round-off floor / |<+x|rho|-x>| at the reported level, max over times",
            ),
        )
    return Result(
        "sharma.bell_lossy",
        {
            "N": N,
            "U": U,
            "W0": W0,
            "Delta_c": Delta_c,
            "eta": eta,
            "kappa": kappa,
            "alpha2": alpha2,
            "pump_off": "never" if pump_off is None else pump_off,
        },
        tt,
        {"bell": out, "resolved": res, "digits": digits},
        conv,
        _time.perf_counter() - t0,
        f"closed-form rho_A entries in mpmath, certified by doubling the precision "
        f"(start {dps}, up to {int(digits.max())} digits); Q_N from <+x|rho|-x>",
    )
