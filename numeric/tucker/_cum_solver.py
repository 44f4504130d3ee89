"""Fast second-order cumulant dynamics of tucker2020 and its minimum transient squeezing (Fig. 3).

The Gaussian-closed moment equations of Eq. (1) are derived symbolically in
``derive.tucker`` (scaled variables m = 2<J>/N and O(1) pair cumulants c, exact
Jacobian) and emitted as the numba kernel :mod:`numeric.tucker._cum_kernel`; this module
integrates them with ``scipy.integrate.odeint`` (LSODA: Adams while the mean field
oscillates in the normal phase, BDF near the superradiant fixed point, the whole step loop
in Fortran) and evaluates xi^2 and N_eff.  Rates in any common unit (Gamma = 1 in the
claims), times in its inverse.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.integrate import odeint

from numeric._result import Convergence, ParameterError, Result

from .. import _resources
from ._cum_kernel import tucker_jac, tucker_rhs
from ._spin import check_N, check_rate

__all__ = [
    "cumulant_dynamics",
    "cumulant_observables",
    "MinSqueezing",
    "min_transient_squeezing",
    "scaled_css",
    "transient_minimum",
]


def scaled_css(direction=(-1.0, 0.0, 0.0)) -> np.ndarray:
    """Kernel state of the coherent spin state along ``direction``: m = n, c = 0 (a product state)."""
    n = np.asarray(direction, float)
    if n.shape != (3,) or not np.all(np.isfinite(n)) or np.linalg.norm(n) == 0:
        raise ParameterError("direction", "a finite nonzero 3-vector", direction)
    y = np.zeros(9)
    y[:3] = n / np.linalg.norm(n)
    return y


def _params(N, Gamma, chi, upsilon, gamma_s) -> np.ndarray:
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma, positive=True)
    chi = check_rate("chi", chi)
    gamma_s = check_rate("gamma_s", gamma_s)
    if not (np.isfinite(upsilon) and upsilon >= 0):
        raise ParameterError("upsilon", "a finite number >= 0", upsilon)
    return np.array([float(N), Gamma, chi, 0.5 * N * upsilon * np.hypot(Gamma, 2 * chi), gamma_s])


def cumulant_observables(Y: np.ndarray, N: float) -> dict[str, np.ndarray]:
    """xi^2, N_eff, <J_z>/(N/2), <J> and Cov(J) from kernel states ``Y`` (shape (..., 9)).

    Notes
    -----
    Cov(J_a, J_b) = (N/4)(delta_ab - m_a m_b + c_ab), so in the plane orthogonal to m the
    matrix of N Var(J.n)/|<J>|^2 is (1 + c_perp)/|m|^2 and xi^2 is its smaller eigenvalue
    (Eq. (4), minimum over n_perp in closed form); <J^2> = (N/4)(3 - |m|^2 + tr c) + N^2|m|^2/4.
    """
    Y = np.asarray(Y, float)
    m, c = Y[..., :3], Y[..., 3:]
    C = np.stack(
        [
            np.stack([c[..., 0], c[..., 1], c[..., 2]], -1),
            np.stack([c[..., 1], c[..., 3], c[..., 4]], -1),
            np.stack([c[..., 2], c[..., 4], c[..., 5]], -1),
        ],
        -2,
    )
    m2 = np.sum(m * m, -1)
    n = m / np.sqrt(m2)[..., None]
    # orthonormal e1, e2 perpendicular to n (trial axis = the smallest component of n)
    trial = np.eye(3)[np.argmin(np.abs(n), -1)]
    e1 = np.cross(n, trial)
    e1 /= np.linalg.norm(e1, axis=-1)[..., None]
    e2 = np.cross(n, e1)
    a = 1 + np.einsum("...i,...ij,...j->...", e1, C, e1)
    b = np.einsum("...i,...ij,...j->...", e1, C, e2)
    d = 1 + np.einsum("...i,...ij,...j->...", e2, C, e2)
    lam = 0.5 * (a + d) - np.sqrt(0.25 * (a - d) ** 2 + b * b)
    j2 = 0.25 * N * (3 - m2 + c[..., 0] + c[..., 3] + c[..., 5]) + 0.25 * N * N * m2
    eye = np.eye(3)
    cov = 0.25 * N * (eye - m[..., :, None] * m[..., None, :] + C)
    # a Gaussian closure can leave the physical state space (negative variances); flag it
    physical = (np.linalg.eigvalsh(eye - m[..., :, None] * m[..., None, :] + C)[..., 0] > -1e-9) & (
        lam > 0
    )
    return {
        "xi2": lam / m2,
        "neff": 2 * np.sqrt(0.25 + j2) - 1,
        "jz": m[..., 2],
        "mean": 0.5 * N * m,
        "cov": cov,
        "physical": physical,
    }


def _integrate(y0, times, p, rtol, atol):
    Y, info = odeint(
        tucker_rhs,
        y0,
        times,
        args=(p,),
        Dfun=tucker_jac,
        rtol=rtol,
        atol=atol,
        mxstep=10**8,
        full_output=True,
        tfirst=True,
    )
    if info["message"] != "Integration successful." or not np.all(np.isfinite(Y)):
        raise RuntimeError(f"cumulant integration failed: {info['message']}")
    return Y


def cumulant_dynamics(
    N: int,
    Gamma: float,
    chi: float,
    upsilon: float,
    gamma_s: float,
    times,
    direction=(-1.0, 0.0, 0.0),
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> Result:
    """Second-order cumulant dynamics of Eq. (1) from the CSS along ``direction``.

    Parameters
    ----------
    N, Gamma, chi, upsilon, gamma_s
        Atom number, collective decay, exchange, Upsilon/Upsilon_c (Omega = N Upsilon / 2,
        Upsilon_c = sqrt(Gamma^2 + 4 chi^2)) and single-particle relaxation rate.
    times
        Nondecreasing times >= 0 (starting the integration at 0).
    direction
        Bloch vector of the initial coherent spin state (default -x, as in Figs. 2 and 3(a)).

    Returns
    -------
    Result
        observables ``xi2``, ``neff``, ``jz`` (= <J_z>/(N/2)), ``mean`` (<J>), ``cov``
        (Cov(J)) and ``state`` (the kernel variables); convergence: ODE tolerance (re-solve at
        rtol/10, max relative change of xi^2).

    Notes
    -----
    Gaussian closure (third joint cumulants of distinct sites dropped): an approximation, exact
    for product states and validated against the exact permutation-invariant solver.  The
    default tolerance is tight because after squeezing is lost (normal phase) the mean field
    oscillates at frequency ~ N Upsilon for ~1/gamma_s, and the phase error accumulates: at
    N = 10^4, gamma_s = Gamma, 0 <= Gamma t <= 2 the rtol/10 change of xi^2 is 3e-3 at rtol = 1e-8
    and 3e-5 at 1e-10 (linear in rtol, as it should be).
    """
    _resources.estimate(
        "tucker.cumulant", N, Gamma, chi, upsilon, gamma_s, times
    )  # refuse before allocating
    t0 = time.perf_counter()
    p = _params(N, Gamma, chi, upsilon, gamma_s)
    times = np.asarray(times, float)
    if times.ndim != 1 or times.size == 0 or np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ParameterError("times", "a nonempty nondecreasing 1-d array of times >= 0", times)
    y0 = scaled_css(direction)
    grid = times if times[0] == 0 else np.concatenate([[0.0], times])
    Y = _integrate(y0, grid, p, rtol, atol)[-times.size :]
    Y2 = _integrate(y0, grid, p, rtol / 10, atol / 10)[-times.size :]
    obs = cumulant_observables(Y, p[0])
    x2 = cumulant_observables(Y2, p[0])["xi2"]
    err = float(np.max(np.abs(obs["xi2"] - x2) / np.abs(x2)))
    obs["state"] = Y
    conv = (Convergence("ODE tolerance", rtol, err, 1e-4, "max_t |xi2(rtol) - xi2(rtol/10)|/xi2"),)
    return Result(
        "tucker.cumulant_dynamics",
        dict(
            N=int(p[0]),
            Gamma=p[1],
            chi=p[2],
            upsilon=upsilon,
            gamma_s=p[4],
            direction=tuple(y0[:3]),
        ),
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        "second-order cumulants (scaled variables, numba kernel + exact Jacobian), odeint LSODA",
        {"closure": "Gaussian (cumulant order 2): an approximation, validated against pi_dynamics"},
    )


@dataclass(frozen=True, slots=True)
class MinSqueezing:
    """Minimum transient squeezing of one run (see :func:`min_transient_squeezing`).

    ``xi2`` the minimum, ``t`` its time, ``xi2_initial``/``t_initial`` the excluded initial
    collective minimum (NaN if none was excluded), ``t_start`` where the search began, ``t_end`` where the integration stopped and ``stop`` why
    (``"normal phase"``, ``"stationary"``, ``"closure failure"`` or ``"window"``), ``xi2_end``
    the value there, ``drift`` the relative decrease of xi^2 over the last chunk (1/(2 gamma_s))
    when the window ended the search with xi^2 within 5 % of the minimum (else 0: the minimum
    lies inside the window).
    """

    xi2: float
    t: float
    xi2_initial: float
    t_initial: float
    t_start: float
    t_end: float
    stop: str
    xi2_end: float
    drift: float = 0.0


def transient_minimum(times, xi2, rate_c: float, tau_c: float = 10.0) -> tuple[float, float, float]:
    """(min xi^2, its time, the excluded initial minimum) of a sampled series.

    The criterion of :func:`min_transient_squeezing` applied to given samples (for exact
    solvers' series, so a cumulant value can be compared): skip the first local minimum if it
    lies at ``rate_c`` t <= ``tau_c`` (``rate_c`` = N Upsilon_c, the collective rate) and the rise
    to the next local maximum; take the minimum of the rest.  The excluded value is NaN when
    nothing is excluded.
    """
    t = np.asarray(times, float)
    x = np.asarray(xi2, float)
    if t.shape != x.shape or t.ndim != 1 or t.size < 3:
        raise ParameterError("times, xi2", "1-d arrays of equal length >= 3", (t.shape, x.shape))
    loc = np.nonzero((x[1:-1] < x[:-2]) & (x[1:-1] <= x[2:]))[0]
    if loc.size and t[loc[0] + 1] * rate_c <= tau_c:
        i_min = int(loc[0]) + 1
        loc = np.nonzero((x[i_min + 1 : -1] >= x[i_min:-2]) & (x[i_min + 1 : -1] > x[i_min + 2 :]))[
            0
        ]
        i_max = i_min + 1 + int(loc[0]) if loc.size else x.size - 1
        excluded = float(x[i_min])
    else:
        i_max, excluded = 0, float("nan")
    k = i_max + int(np.argmin(x[i_max:]))
    return float(x[k]), float(t[k]), excluded


def _chunk_min(y0, t_a, t_b, p, n, rtol, atol):
    ts = np.linspace(t_a, t_b, n)
    Y = _integrate(y0, ts, p, rtol, atol)
    return ts, Y, cumulant_observables(Y, p[0])


def _scan_transient(p, y0, rtol, atol, T_max, f_normal, stat_tol, n_chunk, tau_c=10.0):
    """One pass of the minimum search (see min_transient_squeezing); returns a MinSqueezing."""
    N, gs = p[0], p[4]
    Nc = N * p[3] / (0.5 * N * np.hypot(p[1], 2 * p[2]))  # N_c = 2 Omega / Upsilon_c
    rate_c = N * np.hypot(p[1], 2 * p[2])  # collective rate N Upsilon_c
    # 1) the initial collective minimum: resolved on the collective time scale 1/(N Upsilon_c)
    t_a, y = 0.0, y0
    xs, ts = [], []
    i_min = i_max = None
    t_c = 8.0 / rate_c
    while i_max is None:
        tt, Y, o = _chunk_min(y, t_a, min(t_a + t_c, T_max), p, 400, rtol, atol)
        xo = np.where(o["physical"], o["xi2"], np.inf)  # unphysical samples never count
        xs += list(xo[1:] if xs else xo)
        ts += list(tt[1:] if ts else tt)
        x = np.asarray(xs)
        if i_min is None:
            loc = np.nonzero((x[1:-1] < x[:-2]) & (x[1:-1] <= x[2:]))[0]
            if loc.size and ts[loc[0] + 1] * rate_c <= tau_c:
                i_min = int(loc[0]) + 1
        if i_min is not None:
            loc = np.nonzero(
                (x[i_min + 1 : -1] >= x[i_min:-2]) & (x[i_min + 1 : -1] > x[i_min + 2 :])
            )[0]
            i_max = i_min + 1 + int(loc[0]) if loc.size else None
        t_a, y = tt[-1], Y[-1]
        if i_min is None and (t_a * rate_c > tau_c or t_a >= T_max):
            i_min = i_max = -1  # no initial collective minimum: nothing is excluded
        elif i_max is None and (t_a * rate_c > 400 or t_a >= T_max):
            i_max = len(xs) - 1  # xi^2 settles monotonically after the initial minimum
    if i_min < 0:
        x_init, t_init, i_max = float("nan"), float("nan"), 0
    else:
        x_init, t_init = xs[i_min], ts[i_min]
    best_x, best_t = min(zip(xs[i_max:], ts[i_max:], strict=True))
    t_start = ts[i_max]
    # 2) the slow transient, on the single-particle time scale, chunk by chunk
    # chunks of at most 20/(n_chunk gamma_s) = 1/(2 gamma_s) by default (independent of the window,
    # so a longer window only appends chunks), starting 8x finer
    dt_max = (20.0 / n_chunk) / gs if gs > 0 else T_max / n_chunk
    dt = dt_max / 8
    stop, x_end, drift = "window", xs[-1], 0.0
    while t_a < T_max:
        t_b = min(t_a + dt, T_max)
        tt, Y, o = _chunk_min(y, t_a, t_b, p, 400, rtol, atol)
        xv = np.where(o["physical"], o["xi2"], np.inf)
        k = int(np.argmin(xv))
        if xv[k] < best_x:
            best_x, best_t = float(o["xi2"][k]), float(tt[k])
            # refine between the neighbouring samples (the sampled minimum can miss a fast dip)
            ka, kb = max(k - 1, 0), min(k + 1, tt.size - 1)
            if kb > ka:
                t2, _, o2 = _chunk_min(Y[ka], tt[ka], tt[kb], p, 200, rtol, atol)
                x2 = np.where(o2["physical"], o2["xi2"], np.inf)
                j = int(np.argmin(x2))
                if x2[j] < best_x:
                    best_x, best_t = float(o2["xi2"][j]), float(t2[j])
        drift = max(0.0, float(o["xi2"][0] - o["xi2"][-1])) / abs(float(o["xi2"][-1]))
        t_a, y, x_end = tt[-1], Y[-1], float(o["xi2"][-1])
        dt = min(dt * 2, dt_max)
        if not np.all(o["physical"]):
            stop = "closure failure"
            break
        if o["neff"][-1] < f_normal * Nc:
            stop = "normal phase"
            break
        f = tucker_rhs(0.0, y, p)
        scale = gs if gs > 0 else 1.0 / T_max
        if np.max(np.abs(f)) < stat_tol * scale:
            stop = "stationary"
            break
    # the window matters only if xi^2 was still falling at its end and is near the minimum there
    open_end = stop == "window" and x_end < 1.05 * best_x
    return MinSqueezing(
        float(best_x),
        float(best_t),
        float(x_init),
        float(t_init),
        float(t_start),
        float(t_a),
        stop,
        float(x_end),
        drift if open_end else 0.0,
    )


def min_transient_squeezing(
    N: int,
    Gamma: float,
    chi: float,
    upsilon: float,
    gamma_s: float,
    direction=(-1.0, 0.0, 0.0),
    *,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    T: float | None = None,
    K_max: float = 20.0,
    f_normal: float = 0.75,
    stat_tol: float = 1e-4,
    n_chunk: int = 40,
    check: bool = True,
) -> Result:
    """Minimum transient squeezing after the initial collective minimum (tucker2020 Fig. 3).

    Criterion (the paper: "the minimum squeezing obtained in the transient dynamics, after the
    initial collective minimum")::

        t_1 = first local minimum of xi^2(t), if N Upsilon_c t_1 <= 10
              (the initial collective minimum: N Upsilon_c t_1 = 1.6-2 from the CSS along -x)
        t_2 = first local maximum of xi^2(t) after t_1
        xi2_min = min_{t_2 <= t <= t_end} xi^2(t)

    If xi^2 has no local minimum within N Upsilon_c t <= 10 (e.g. Fig. 3(b) at chi = 0: the
    CSS starts at the mean-field fixed point), nothing is excluded (t_2 = 0).  If xi^2 has no
    maximum after t_1 within N Upsilon_c t <= 400 (it settles monotonically), t_2 is that
    time (or the window end, if sooner).  The window ends at t_end, the first of: the normal phase is reached
    after the transient (N_eff(t) < f_normal N_c with N_c = 2 Omega / Upsilon_c: the paper's
    mechanism, squeezing is lost once N_eff crosses N_c and N_eff keeps decreasing),
    stationarity (max |dy/dt| < stat_tol gamma_s), the closure leaving the physical state
    space (a negative eigenvalue of Cov(J): "closure failure", such samples never count),
    or t = T (default K_max / gamma_s; T is required when gamma_s = 0).

    Returns
    -------
    Result
        observables ``xi2_min``, ``t_min``, ``xi2_initial``, ``t_initial``, ``t_start``,
        ``t_end`` (arrays of length 1) and ``extra['stop']``; convergence: ODE tolerance
        (rerun at rtol/10, relative change of xi2_min <= 1e-3) and the window (if it ended the
        search, xi^2 must have stopped falling: relative drop over the last 1/(2 gamma_s) <= 1e-3;
        after a closure failure the minimum must lie in the first half of the window).

    Notes
    -----
    For Upsilon > Upsilon_c the collective (gamma_s = 0) dynamics oscillate, and dips after the
    first maximum (N Upsilon_c t ~ 10-20) count as transient squeezing under this criterion;
    ``t_min`` tells them apart from the slow (t ~ 1/gamma_s) transient.
    """
    t0 = time.perf_counter()
    p = _params(N, Gamma, chi, upsilon, gamma_s)
    y0 = scaled_css(direction)
    if T is None:
        if p[4] == 0:
            raise ParameterError("T", "a positive window when gamma_s = 0", T)
        T = K_max / p[4]
    if not (np.isfinite(T) and T > 0):
        raise ParameterError("T", "a finite positive time", T)
    ms = _scan_transient(p, y0, rtol, atol, T, f_normal, stat_tol, n_chunk)
    conv = []
    if check:
        m2 = _scan_transient(p, y0, rtol / 10, atol / 10, T, f_normal, stat_tol, n_chunk)
        conv.append(
            Convergence(
                "ODE tolerance",
                rtol,
                abs(ms.xi2 - m2.xi2) / m2.xi2,
                1e-3,
                "relative change of xi2_min at rtol/10",
            )
        )
    # the window is converged unless xi^2 was still falling when it ended (relative drop over the
    # last chunk > 1e-3), or the closure failed before the minimum was safely past
    if ms.stop == "closure failure":
        err, tol = (0.0 if ms.t < 0.5 * ms.t_end else 1.0), 0.5
    else:
        err, tol = ms.drift, 1e-3
    conv.append(
        Convergence(
            "time window",
            ms.t_end,
            err,
            tol,
            f"stopped by {ms.stop} at t = {ms.t_end:.4g}; minimum at t = {ms.t:.4g}",
        )
    )
    obs = {
        k: np.array([getattr(ms, k)])
        for k in ("xi2", "t", "xi2_initial", "t_initial", "t_start", "t_end", "xi2_end")
    }
    obs = {("xi2_min" if k == "xi2" else "t_min" if k == "t" else k): v for k, v in obs.items()}
    return Result(
        "tucker.min_transient_squeezing",
        dict(
            N=int(p[0]),
            Gamma=p[1],
            chi=p[2],
            upsilon=upsilon,
            gamma_s=p[4],
            direction=tuple(y0[:3]),
        ),
        np.array([ms.t]),
        obs,
        tuple(conv),
        time.perf_counter() - t0,
        "second-order cumulants, odeint LSODA, chunked window with stopping rules",
        {"stop": ms.stop, "record": ms},
    )
