"""Scaling fits: exponent and prefactor with standard errors, compared with a derived exponent."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from verify.sweep import ScalingLaw, fit_power_law, scaling_sweep


def test_pure_power_law_is_fitted_exactly():
    N = np.geomspace(10, 1e4, 7)
    fit = fit_power_law(N, 3.0 * N ** (-1 / 6), expected=-1 / 6, expected_prefactor=3.0)
    assert fit.exponent == pytest.approx(-1 / 6, abs=1e-12)
    assert fit.prefactor == pytest.approx(3.0, rel=1e-11)
    assert fit.exponent_err < 1e-12 and fit.decades == pytest.approx(3.0)
    np.testing.assert_allclose(fit.local_exponents, -1 / 6, atol=1e-12)
    assert fit.agrees


def test_standard_errors_equal_the_least_squares_covariance_of_numpy_polyfit():
    # independent route: np.polyfit's scaled covariance of the straight-line fit in log-log
    rng = np.random.default_rng(7)
    N = np.geomspace(8, 2048, 9)
    y = 0.7 * N**0.5 * np.exp(rng.normal(0, 0.05, N.size))
    fit = fit_power_law(N, y)
    (b, lnA), cov = np.polyfit(np.log(N), np.log(y), 1, cov=True)
    assert fit.exponent == pytest.approx(b, rel=1e-12)
    assert fit.exponent_err == pytest.approx(np.sqrt(cov[0, 0]), rel=1e-9)
    assert fit.prefactor == pytest.approx(np.exp(lnA), rel=1e-12)
    assert fit.prefactor_err == pytest.approx(np.exp(lnA) * np.sqrt(cov[1, 1]), rel=1e-9)


def test_heisenberg_law_with_shot_noise_correction_agrees_only_within_the_finite_N_allowance():
    # F = N (N + 1) / 2 (Eq. (8) of sharma2025 at f = 0): between N1 and N2 the secant slope of
    # ln F against ln N is 1 + ln((N2 + 1)/(N1 + 1)) / ln(N2/N1), i.e. 2 - O(1/N)
    N = np.geomspace(10, 1000, 9)
    F = N / 2 + N**2 / 2
    fit = fit_power_law(N, F, expected=2.0, exponent_tol=0.05)
    secant = 1 + np.log((N[1:] + 1) / (N[:-1] + 1)) / np.log(N[1:] / N[:-1])
    np.testing.assert_allclose(fit.local_exponents, secant, rtol=1e-12)
    assert 2 - fit.local_exponents[-1] < 2 / N[-2]
    assert 1.95 < fit.exponent < 2.0 and fit.agrees
    assert not fit_power_law(N, F, expected=2.0).agrees  # no allowance: the 1/N bias shows
    assert not fit_power_law(N, F, expected=1.5, exponent_tol=0.05).agrees


@pytest.mark.parametrize("y", [[1.0, -1.0, 2.0], [1.0, 0.0, 2.0], [1.0, np.nan, 2.0]])
def test_a_power_law_fit_refuses_data_that_cannot_follow_one(y):
    with pytest.raises(ParameterError):
        fit_power_law([10, 100, 1000], y)


def _tau(N, W0=1.0):
    """tau_Q-like law (9 / (4 N W0^2))^(1/6) (1 + 1/N), with a 1/N correction."""
    return (9 / (4 * N * W0**2)) ** (1 / 6) * (1 + 1 / N)


def test_scaling_sweep_stores_each_N_and_compares_with_the_derived_exponent(tmp_path):
    law = ScalingLaw(
        "test.tau",
        "tau",
        _tau,
        exponent=lambda: -1 / 6,
        prefactor=(9 / 4) ** (1 / 6),
        N="10:10000:7:log",
        fixed={"W0": 1.0},
        exponent_tol=0.01,
    )
    fit, out = scaling_sweep(law, store=tmp_path / "c.sqlite", scheduler="serial", progress=False)
    assert out.computed == 7 and fit.N == (10, 32, 100, 316, 1000, 3162, 10000)
    assert fit.agrees and fit.expected == pytest.approx(-1 / 6)
    assert abs(fit.local_exponents[-1] + 1 / 6) < 1e-3  # the correction dies off as 1/N
    fit2, out2 = scaling_sweep(law, "10:10000:7:log", store=tmp_path / "c.sqlite", progress=False)
    assert out2.reused == 7 and fit2.exponent == fit.exponent
    paths = fit2.save(tmp_path / "out")
    assert paths["png"].stat().st_size > 1000 and '"agrees": true' in paths["json"].read_text()


@pytest.mark.slow
def test_sharma_eq8_late_time_qfi_scales_as_heisenberg_n_squared(tmp_path):
    # expected exponent from sympy: lim ln F / ln N of the derived Eq. (8) at t = 1.5 tau_Q (= 2);
    # data from the exact QFI of the exact lossless state
    fit, out = scaling_sweep(
        "sharma.eq8", "10:160:5:log", store=tmp_path / "c.sqlite", progress=False
    )
    assert out.ok and fit.expected == 2.0 and fit.expected_prefactor == pytest.approx(0.5, abs=1e-9)
    assert fit.agrees and abs(fit.exponent - 2.0) < 0.05
