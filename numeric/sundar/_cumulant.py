"""Second-order cumulant dynamics of open sundar2023, integrated from compiled moment equations.

The equations are derived and compiled on the symbolic side (``derive.sundar`` with
``derive.cumulants``, two species A and B); this module only integrates them with
``scipy.integrate.solve_ivp`` and turns the moments into n, xi^2 and the Ramsey
(Delta phi)^2, so it never imports sympy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import numpy as np
from scipy.integrate import solve_ivp

from .. import _resources
from .._result import Convergence, ParameterError, Result
from ._open import accepts_old_names, moment_observables
from ._sector import check_N

__all__ = ["cumulant_evolve", "initial_moments"]


def initial_moments(names: Sequence[str]) -> np.ndarray:
    """Distinct-site Pauli moments of the product state "A all in g, B all in e".

    A product state has <sigma^a_1 sigma^b_2 ...> = n_a n_b ... with n_A = (0, 0, -1),
    n_B = (0, 0, 1) (names like ``M_Az``, ``M_Az_Bz``).
    """
    n = {"A": {"x": 0.0, "y": 0.0, "z": -1.0}, "B": {"x": 0.0, "y": 0.0, "z": 1.0}}
    return np.array(
        [np.prod([n[lab[:-1]][lab[-1]] for lab in name[2:].split("_")]) for name in names]
    )


@accepts_old_names(gamma="gamma_s")
def cumulant_evolve(
    rhs_vector: Callable,
    moments: Callable,
    names: Sequence[str],
    N: int,
    chi: float,
    Gamma: float,
    gamma_s: float,
    t,
    phi: float = 0.0,
    protocol: str = "difference",
    delta: float | None = None,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    method: str = "LSODA",
    check: bool = True,
) -> Result:
    """n, xi^2 and (Delta phi)^2 from the second-order cumulant equations.

    Parameters
    ----------
    rhs_vector, moments, names
        The compiled system (``derive.sundar.sundar_cumulant_system()``): d y/dt as a function
        of (chi, delta, Gamma, gamma_s, N, y) and the paper-frame spin moments of (N, y).
    N, chi, Gamma, gamma_s, delta
        Model parameters (delta defaults to N chi / 2); ``gamma=`` is accepted for ``gamma_s``.
    t, phi, protocol
        Times, Ramsey phase and protocol.

    Notes
    -----
    Gaussian closure (third joint cumulants dropped): an approximation, validated against the
    exact solver (:func:`open_evolve`) at small N.  The ODE tolerance is checked by re-solving at
    rtol/10 and reporting the relative change of (Delta phi)^2 and xi^2; ``check=False`` skips
    that second solve (inner loops of optimisations, which re-check their optimum) and reports
    the tolerance as unchecked (error = inf, so the Result is not ``converged``).
    """
    _resources.estimate("sundar.cumulant", N, chi, Gamma, gamma_s, t)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    for name, v, nonneg in (
        ("chi", chi, False),
        ("Gamma", Gamma, True),
        ("gamma_s", gamma_s, True),
        ("phi", phi, False),
    ):
        if not math.isfinite(float(v)) or (nonneg and v < 0):
            raise ParameterError(name, "a finite number" + (" >= 0" if nonneg else ""), v)
    delta = chi * N / 2 if delta is None else float(delta)
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if times.ndim != 1 or np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ParameterError("t", "a nondecreasing 1-d array of times >= 0", t)
    p = {
        "chi": float(chi),
        "delta": delta,
        "Gamma": float(Gamma),
        "gamma_s": float(gamma_s),
        "N": float(N),
    }
    y0 = initial_moments(names)

    def f(_t, y):
        return np.ravel(rhs_vector(**p, y=y[:, None]))

    def run(rt, at):
        if times[-1] == 0:
            return np.repeat(y0[:, None], len(times), axis=1)
        sol = solve_ivp(
            f, (0.0, float(times[-1])), y0, method=method, t_eval=times, rtol=rt, atol=at
        )
        if not sol.success:
            raise RuntimeError(f"cumulant integration failed: {sol.message}")
        return sol.y

    def observables(Y):
        mean = np.empty((Y.shape[1], 6))
        second = np.empty((Y.shape[1], 6, 6))
        for k in range(Y.shape[1]):
            mean[k], second[k] = moments(N=float(N), y=Y[:, k : k + 1])
        cov = second - mean[:, :, None] * mean[:, None, :]
        return moment_observables(N, mean, cov, phi, protocol)

    obs = observables(run(rtol, atol))
    if not check:
        conv = (
            Convergence("ODE tolerance", rtol, float("inf"), 1e-5, "not checked (check=False)"),
        )
        return Result(
            "sundar.cumulant_evolve",
            {**p, "phi": phi, "protocol": protocol},
            times,
            obs,
            conv,
            time.perf_counter() - t0,
            f"second-order cumulant equations, solve_ivp {method}",
            {"closure": "Gaussian (cumulant order 2)"},
        )
    ref = observables(run(rtol / 10, atol / 10))
    err = 0.0
    for key in ("xi2", "dphi2"):
        a, b = obs[key], ref[key]
        ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
        if np.any(ok):
            err = max(err, float(np.max(np.abs(a[ok] - b[ok]) / np.abs(b[ok]))))
    conv = (
        Convergence(
            "ODE tolerance", rtol, err, 1e-5, "max relative change of xi2, dphi2 at rtol/10"
        ),
    )
    return Result(
        "sundar.cumulant_evolve",
        {**p, "phi": phi, "protocol": protocol},
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        f"second-order cumulant equations (derive.cumulants), solve_ivp {method}",
        {
            "closure": "Gaussian (cumulant order 2): an approximation, validated against open_evolve "
            "at small N"
        },
    )
