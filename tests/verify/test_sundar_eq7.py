"""sundar2023 Eq. (7): the derived optimum over t and Delta against independent numerical optimisations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from verify.claims.sundar_fig3 import best_time, detuning_opt, eq7, eq7_printed, linear_optimum


def test_optimal_noise_balance_r_equals_one_minimises_the_tau_optimised_sensitivity():
    # independent route: brute numerical minimisation of g(r) = (r + sqrt((1-r)^2+1))/sqrt(r)
    # (min over tau of the leading-order xi^2 at fixed eps_Gamma eps_gamma tau, in units of sqrt(P))
    from derive.sundar import eq7_derivation

    d = eq7_derivation()
    res = minimize_scalar(
        lambda r: (r + np.sqrt((1 - r) ** 2 + 1)) / np.sqrt(r),
        bounds=(0.05, 5),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert float(d.step("r_opt").expr) == pytest.approx(res.x, abs=1e-6)
    assert res.fun == pytest.approx(2.0, abs=1e-10)


def test_leading_log_eq7_is_the_large_N_limit_of_the_numerically_optimised_linearised_sensitivity():
    # independent route: Nelder-Mead over (tau, Delta) of the full linearised closed form (no
    # leading-log steps); the leading-log form and the printed detuning must be its N -> infinity
    # limit, while the printed sensitivity tends to 1/sqrt(2) of it
    C = 10.0
    errs, printed = [], []
    for N in (1e20, 1e80):
        o = linear_optimum(N, C)
        errs.append(abs(eq7(N, C) * N**1.5 / o["N32_dphi2"] - 1))
        printed.append(eq7_printed(N, C) * N**1.5 / o["N32_dphi2"])
        assert o["x"] / detuning_opt(N, C) == pytest.approx(1.0, abs=0.06)
    assert errs[1] < errs[0] < 0.04 and errs[1] < 0.015
    assert abs(printed[1] - 1 / np.sqrt(2)) < 0.012


def test_printed_eq7_lies_below_the_cumulant_minimum_over_time_at_its_own_detuning():
    # independent route: the second-order cumulant equations (derived separately in derive.cumulants),
    # N = 1e4, C = 10, Delta = the printed optimum: min over t of (Delta phi)^2 vs printed and derived
    N, C = 10**4, 10.0
    d, _ = best_time(N, C, detuning_opt(N, C), n=200)
    assert d > 1.2 * eq7_printed(N, C)
    assert abs(d / eq7(N, C) - 1) < 0.12
