"""Fast second-order cumulant solver of tucker2020 (numeric.tucker._cum_solver).

Independent routes: the exact permutation-invariant solver (pi_dynamics) at small N; the
brute-force Wineland minimisation of numeric.tucker.wineland_xi2 on the same moments; the
fixed-grid sampled dynamics for the adaptive minimum search; hand-made series for the criterion.
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from numeric.tucker import SpinMoments, pi_dynamics, wineland_xi2
from numeric.tucker._cum_solver import (
    cumulant_dynamics,
    cumulant_observables,
    min_transient_squeezing,
    transient_minimum,
)


def test_xi2_closed_form_equals_bruteforce_wineland_minimisation():
    rng = np.random.default_rng(1)
    N = 50.0
    for _ in range(5):
        m = rng.normal(size=3)
        m *= 0.8 / np.linalg.norm(m)
        c = rng.normal(scale=0.1, size=6)
        o = cumulant_observables(np.concatenate([m, c]), N)
        second = o["cov"] + np.outer(o["mean"], o["mean"])
        ref = wineland_xi2(int(N), SpinMoments(o["mean"], second))
        assert float(o["xi2"]) == pytest.approx(float(ref), rel=1e-10)


def test_early_dynamics_agrees_with_the_exact_permutation_invariant_solver():
    # within the first collective time the Gaussian closure is accurate: <J_z> and xi^2 to ~1e-3
    N, t = 20, np.linspace(0, 0.05, 6)
    c = cumulant_dynamics(N, 1.0, 0.5, 0.9, 1.0, t)
    e = pi_dynamics(N, 1.0, 0.5, 0.9, 1.0, t)
    assert np.max(np.abs(c["jz"] - e["jz"])) < 2e-3
    assert np.max(np.abs(c["xi2"] / e["xi2"] - 1)) < 1e-2
    assert c.converged


def test_minimum_transient_squeezing_matches_exact_solver_within_the_closure_error_at_N_20():
    # tucker.fig3 tolerance: 10 % relative; the closure underestimates the squeezing
    t = np.linspace(0, 1.5, 450)
    e = pi_dynamics(20, 1.0, 0.0, 0.9, 2.0, t)
    xe, _, _ = transient_minimum(t, e["xi2"], 20 * 0.9)
    xc = float(min_transient_squeezing(20, 1.0, 0.0, 0.9, 2.0, T=1.5)["xi2_min"][0])
    assert xe < xc < 1.1 * xe


def test_adaptive_minimum_search_equals_dense_sampling_at_N_10000():
    N, u, gs = 10_000, 0.9, 100.0
    r = min_transient_squeezing(N, 1.0, 0.0, u, gs)
    assert r.converged and r.extra["stop"] == "normal phase"
    t = np.concatenate([np.linspace(0, 20 / N, 2001)[:-1], np.linspace(20 / N, 3 / gs, 20000)])
    d = cumulant_dynamics(N, 1.0, 0.0, u, gs, t)
    x, tm, x0 = transient_minimum(t, d["xi2"], N * u)
    assert float(r["xi2_min"][0]) == pytest.approx(x, rel=1e-4)
    assert float(r["t_min"][0]) == pytest.approx(tm, rel=1e-2)
    assert float(r["xi2_initial"][0]) == pytest.approx(x0, rel=1e-3)


def test_transient_minimum_skips_the_initial_collective_dip():
    t = np.linspace(0, 10, 11)
    x = np.array([1.0, 0.3, 0.9, 0.8, 0.6, 0.4, 0.45, 0.7, 2.0, 3.0, 4.0])
    # first local minimum at t = 1 (rate_c t = 10 <= 10): excluded up to the maximum at t = 2
    assert transient_minimum(t, x, rate_c=10.0) == (0.4, 5.0, 0.3)
    # the same dip later than N Upsilon_c t = 10 is not an initial collective minimum: kept
    x2, t2, excluded = transient_minimum(t, x, rate_c=20.0)
    assert (x2, t2) == (0.3, 1.0) and np.isnan(excluded)


def test_bad_input_is_rejected():
    with pytest.raises(ParameterError):
        cumulant_dynamics(0, 1.0, 0.0, 0.9, 1.0, [0.0, 1.0])
    with pytest.raises(ParameterError):
        cumulant_dynamics(10, 1.0, 0.0, 0.9, 1.0, [1.0, 0.5])
    with pytest.raises(ParameterError):
        min_transient_squeezing(10, 1.0, 0.0, 0.9, 0.0)  # gamma_s = 0 needs a window T
    with pytest.raises(ParameterError):
        cumulant_dynamics(10, 1.0, 0.0, 0.9, 1.0, [0.0], direction=(0, 0, 0))
