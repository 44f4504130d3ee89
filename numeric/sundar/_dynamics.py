"""Exact pair production, squeezing and Ramsey sensitivity of Eq. (1) (sundar2023)."""

from __future__ import annotations

import time

import numpy as np

from .. import _resources
from .._result import Result
from ._forms import form_amplitudes, form_linear_moments, form_pair_moments, sector_forms
from ._moments import SPIN_B_FRAME
from ._ramsey import heisenberg_readout
from ._sector import _check_real, check_N, checked_propagator, truncation_report
from ._sweep import moments_from_sweep, sweep_moments

__all__ = ["evolve", "ramsey", "xi2_minimum"]

# the site sweep costs 4 K m flops per time at GEMM speed, the forms ~14 K m^2 once with a
# QR running ~5x slower per flop (measured): sweep up to ~10 m times
_SWEEP_TIMES_PER_VECTOR = 10


def _times(t) -> np.ndarray:
    t = np.atleast_1d(np.asarray(t, dtype=float))
    if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
        from .._result import ParameterError

        raise ParameterError("t", "a 1-d array of finite times >= 0", t)
    return t


def _run(N, chi, times, delta, ops, finish, K=None):
    """Propagate with an automatically enlarged truncation until its error bound is negligible.

    ``ops`` lists the linear operators ``(wA, wB)`` (standard frame) whose mean and variance
    are needed; ``finish(pair, lin)`` turns ``pair = (kbar, var_k, norm)`` and ``lin =
    [(mean, var)]`` (arrays over times) into the observables.  Up to ~10 m times the moments
    come from one sweep over the sites (:mod:`._sweep`, 4 K m flops per time), beyond from the
    m x m quadratic forms (:mod:`._forms`, ~14 K m^2 flops once); the state itself
    (K x times) is never stored.  Returns the propagator, the observables, the truncation
    bound and the route taken.
    """
    t_max = float(times.max()) if times.size else 0.0
    prop, bound = checked_propagator(N, chi, delta, t_max, K)
    m = len(prop.energies)
    if times.size <= _SWEEP_TIMES_PER_VECTOR * max(m, 1):
        S = sweep_moments(prop.vectors, prop.energies, prop.overlaps, times, prop.M, ops)
        pair, lin = moments_from_sweep(S, prop.M, ops)
        route = f"moments of all {times.size} times in one sweep over the sites"
    else:
        forms = sector_forms(prop)
        a = form_amplitudes(forms, times)
        pair = form_pair_moments(forms, a)
        lin = [form_linear_moments(forms, a, wA, wB, pair) for wA, wB in ops]
        route = "moments from m x m quadratic forms in the eigenbasis"
    return prop, finish(pair, lin), bound, route


_S21 = (
    np.array([1.0, 0.0, 0.0]),
    np.array([0.0, 1.0, 0.0]) * SPIN_B_FRAME,
)  # S_{2,+} = S_B^y + S_A^x
_S1M = (
    np.array([0.0, -1.0, 0.0]),
    np.array([1.0, 0.0, 0.0]) * SPIN_B_FRAME,
)  # S_{1,-} = S_B^x - S_A^y
_S1P = (
    np.array([0.0, 1.0, 0.0]),
    np.array([1.0, 0.0, 0.0]) * SPIN_B_FRAME,
)  # S_{1,+} = S_B^x + S_A^y
_S2M = (
    np.array([-1.0, 0.0, 0.0]),
    np.array([0.0, 1.0, 0.0]) * SPIN_B_FRAME,
)  # S_{2,-} = S_B^y - S_A^x


def evolve(N: int, chi: float, t, delta: float | None = None, *, K: int | None = None) -> Result:
    """Exact pair number, squeezing and collective-spin moments of Eq. (1).

    Parameters
    ----------
    N
        Total atom number (positive, even); N/2 atoms per ensemble.
    chi
        Cavity-mediated coupling of Eq. (1).
    t
        Times (1-d array, >= 0).
    delta
        Zeeman splitting; default N chi / 2, which cancels the mean-field shift.
    K
        Force a sector truncation (default: chosen and checked automatically).

    Returns
    -------
    Result
        observables ``nbar`` (= <n_eA + n_gB> = 2<k>), ``xi2`` (= (4/N)(Delta S_{1,-})^2),
        ``var_S1m``, ``var_S2p``, ``var_S1p``, ``var_S2m``, ``mean_S3m`` (<S_B^z - S_A^z>),
        ``var_S3m``, ``var_k``.

    Notes
    -----
    Exact up to the checked truncations reported in ``convergence`` (sector sites kept,
    energy window).  The state of Eq. (1) never leaves the S_A^z + S_B^z = 0 sector, so
    transverse first moments vanish identically and second moments are computed as norms
    of amplitude differences (no catastrophic cancellation at N = 10^7).

    Examples
    --------
    >>> r = evolve(100, 1.0, [0.0, 0.01])
    >>> float(r["xi2"][0])
    1.0
    """
    _resources.estimate("sundar.sector", N, t)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    chi = _check_real("chi", chi)
    times = _times(t)
    M = N // 2

    names = ("S1m", "S2p", "S1p", "S2m")

    def finish(pair, lin):
        kbar, vark, _ = pair
        out = {"nbar": 2.0 * kbar, "var_k": vark, "mean_S3m": M - 2.0 * kbar, "var_S3m": 4.0 * vark}
        for name, (_, var) in zip(names, lin, strict=True):
            out["var_" + name] = var
        out["xi2"] = 4.0 / N * out["var_S1m"]
        return out

    prop, obs, bound, route = _run(N, chi, times, delta, (_S1M, _S21, _S1P, _S2M), finish, K)
    return Result(
        "sundar.evolve",
        {"N": N, "chi": chi, "delta": prop.delta},
        times,
        obs,
        truncation_report(prop, bound, float(times.max()) if times.size else 0.0),
        time.perf_counter() - t0,
        prop.method + "; " + route,
        {"K": prop.K, "n_eigenvectors": len(prop.energies)},
    )


def ramsey(
    N: int,
    chi: float,
    t,
    phi: float = 0.0,
    protocol: str = "difference",
    delta: float | None = None,
    *,
    K: int | None = None,
) -> Result:
    """Exact Ramsey sensitivity (Delta phi)^2 = (Delta O)^2 / (d<O>/dphi)^2 after Eq. (1).

    The pulses of Fig. 2 are applied exactly (as rotations of the read-out spin vector);
    mean, variance and phi-slope of the read-out are exact moments of the evolved state.

    Returns
    -------
    Result
        observables ``dphi2``, ``signal`` (<O>), ``slope`` (d<O>/dphi), ``var_O``, ``nbar``.
    """
    _resources.estimate("sundar.sector", N, t)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    chi = _check_real("chi", chi)
    phi = _check_real("phi", phi)
    times = _times(t)
    M = N // 2
    wA, wB, dwA, dwB = heisenberg_readout(protocol, phi)
    jA, jB = wA, wB * SPIN_B_FRAME
    djA, djB = dwA, dwB * SPIN_B_FRAME

    def finish(pair, lin):
        (mean, var), kbar = lin[0], pair[0]
        slope = (djA[2] - djB[2]) * (kbar - M / 2.0)
        with np.errstate(divide="ignore"):
            dphi2 = np.where(slope != 0, var / np.where(slope != 0, slope, 1.0) ** 2, np.inf)
        return {"dphi2": dphi2, "signal": mean, "slope": slope, "var_O": var, "nbar": 2.0 * kbar}

    prop, obs, bound, route = _run(N, chi, times, delta, ((jA, jB),), finish, K)
    return Result(
        "sundar.ramsey",
        {"N": N, "chi": chi, "delta": prop.delta, "phi": phi, "protocol": protocol},
        times,
        obs,
        truncation_report(prop, bound, float(times.max()) if times.size else 0.0),
        time.perf_counter() - t0,
        prop.method + f"; {route}; {protocol} Ramsey protocol as exact spin rotations",
        {"K": prop.K, "w_A": wA, "w_B": wB},
    )


def xi2_minimum(N: int, chi: float = 1.0, *, rtol: float = 1e-9) -> dict:
    """Minimum over t of the exact xi^2(t) with delta = N chi/2.

    Returns ``{"xi2_min", "tau" (= N chi t at the minimum), "nbar", "convergence"}``.
    The minimum is bracketed on a grid in tau = N chi t around the beyond-UPA estimate
    n = sqrt(N)/3^(1/4) and refined with bounded Brent minimisation (scipy).
    """
    _resources.estimate("sundar.sector", N, ())  # refuse before allocating
    from scipy.optimize import minimize_scalar

    N = check_N(N)
    chi = _check_real("chi", chi, positive=True)
    # beyond-UPA estimate of the optimum, n = sqrt(N)/18^(1/4) (derive.sundar.beyond_upa_derivation)
    nguess = max(np.sqrt(N) / 18**0.25, 0.5)
    tau_guess = 2.0 * np.arcsinh(np.sqrt(nguess / 2.0))
    taus = np.linspace(0.0, tau_guess + 1.5, 61)
    r = evolve(N, chi, taus / (N * chi))
    i = int(np.argmin(r["xi2"]))
    if i == len(taus) - 1:  # minimum beyond the grid: widen once
        taus = np.linspace(0.0, 2.0 * taus[-1], 81)
        r = evolve(N, chi, taus / (N * chi))
        i = int(np.argmin(r["xi2"]))
    lo, hi = taus[max(i - 1, 0)], taus[min(i + 1, len(taus) - 1)]
    prop, bound = checked_propagator(N, chi, None, hi / (N * chi))
    f = sector_forms(prop)

    def xi2(tau):
        a = form_amplitudes(f, np.array([tau / (N * chi)]))
        return float(4.0 / N * form_linear_moments(f, a, *_S1M)[1][0])

    res = minimize_scalar(
        xi2, bounds=(lo, hi), method="bounded", options={"xatol": rtol * max(hi, 1.0)}
    )
    a = form_amplitudes(f, np.array([res.x / (N * chi)]))
    kbar = form_pair_moments(f, a)[0]
    return {
        "xi2_min": float(res.fun),
        "tau": float(res.x),
        "nbar": float(2 * kbar[0]),
        "convergence": truncation_report(prop, bound) + r.convergence,
    }
