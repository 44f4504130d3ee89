"""Bell correlator Q_N of the exact lossy atomic state in extended precision (mpmath).

``Q_N = N ln 2 + 2 ln|<+x|rho_A|-x>|`` needs the element ``<+x|rho_A|-x>``, a sum of
O(1) terms that cancel down to ``2^{-N/2} e^{Q_N/2}``: for large N or very negative
Q_N double precision cannot resolve it.  Here every entry of rho_A is evaluated from the
same closed form as :mod:`._lossy` (coherent-state blocks of master equation (10),
segment integrals of :mod:`._lossy_kernels`) in mpmath at a working precision chosen
from N, and summed exactly.

Notes
-----
Exact for master equation (10) with ``J = 0``; the precision is checked against the
round-off floor of the sum and reported in ``convergence``.
"""

from __future__ import annotations

import functools
import time as _time
import warnings

import mpmath as mp
import numpy as np

from .. import _resources
from .._result import Convergence, Result
from ._lossy_common import _segments, _times, _validate

__all__ = ["bell_lossy"]

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
    for (tau, e), (x, p1x, p2x, ex, a, I1), (xq, p1q, p2q, eq, aq, I1q) in zip(
        segs, sm, sp_, strict=True
    ):
        if tau == 0:
            continue
        tau = mp.mpf(tau)
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
) -> Result:
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
    _resources.estimate("sharma.bell", N, t)  # refuse before allocating
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
        warnings.warn(
            f"Q_N = -inf exactly for odd N = {N}: E_N = |Tr rho J_+^N|^2 vanishes by "
            "symmetry (the mode swap P leaves rho_A invariant, P|-x> = -|-x>)",
            stacklevel=2,
        )
    else:
        with mp.workdps(dps + _MP_GUARD):
            ms = list(range(0, N // 2 + 1))
            logc = [mp.log(mp.binomial(N, N // 2 + m)) / 2 - N * mp.log(2) / 2 for m in ms]
            sgn = [1 if (m + N // 2) % 2 == 0 else -1 for m in ms]
            mult = [1 if m == 0 else 2 for m in ms]
            for i, ti in enumerate(tt):
                if ti == 0.0:  # rho_A(0) = |+x><+x|: the element is exactly <+x|-x> = 0
                    out[i], res[i] = -np.inf, 1.0
                    warnings.warn(
                        "Q_N = -inf exactly at t = 0: rho_A(0) = |+x><+x| and "
                        "<+x|-x> = 0, so E_N = 0",
                        stacklevel=2,
                    )
                    continue
                segs = _segments(float(ti), eta, pump_off)
                sec = [_mp_sector(m, W0, Delta_c, segs, kappa, alpha2) for m in ms]
                acc, tot = mp.mpc(0), mp.mpf(0)
                for a_, m in enumerate(ms):
                    for b_ in range(a_, len(ms)):
                        mq = ms[b_]
                        L = _mp_log_rho(
                            sec[a_][0],
                            sec[b_][0],
                            sec[a_][1],
                            sec[b_][1],
                            m,
                            mq,
                            U,
                            segs,
                            kappa,
                            alpha2,
                            ti,
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
                res[i] = float(ok)
                worst_ratio = max(worst_ratio, float(floor / el) if el > 0 else np.inf)
                le = mp.log(el if ok else el + floor)
                out[i] = float(N * mp.log(2) + 2 * le)
        conv = (
            Convergence(
                "working precision (digits)",
                float(dps),
                worst_ratio,
                1e-4,
                "round-off floor / |<+x|rho|-x>|, max over times",
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
        {"bell": out, "resolved": res},
        conv,
        _time.perf_counter() - t0,
        f"closed-form rho_A entries in mpmath at {dps} digits; Q_N from <+x|rho|-x>",
    )
