"""Open sundar2023: second-order cumulant equations (derived symbolically) vs the exact Lindblad solver."""

from __future__ import annotations

import numpy as np
import pytest

from derive.sundar._cumulant import sundar_cumulant_system
from numeric.sundar._cumulant import cumulant_evolve
from numeric.sundar._open import open_evolve


@pytest.fixture(scope="module")
def cumulants():
    return sundar_cumulant_system(2)


def _run(c, N, Gamma, gamma, times, phi):
    return cumulant_evolve(c.rhs_vector, c.moments, c.names, N, 1.0, Gamma, gamma, times, phi=phi)


def test_gaussian_closure_error_is_third_order_in_time_against_exact_lindblad_at_N8(cumulants):
    """The closure drops third cumulants, which vanish at t = 0 for the product state: the error of
    xi^2 and (Delta phi)^2 against the exact 2^N Lindblad solution must grow like t^3."""
    times = np.array([0.01, 0.02, 0.04])
    r = _run(cumulants, 8, 0.1, 0.3, times, 0.2)
    e = open_evolve(8, 1.0, 0.1, 0.3, times, phi=0.2)
    for key in ("xi2", "dphi2", "nbar"):
        err = np.abs(r[key] / e[key] - 1)
        assert err[0] < 1e-4
        # doubling t multiplies a t^3 error by ~8 (between 4 and 16 allows the next order)
        assert np.all((err[1:] / err[:-1] > 4) & (err[1:] / err[:-1] < 16))
    assert r.converged


def test_cumulants_track_exact_collective_decay_in_the_upa_window_at_N12(cumulants):
    """Gamma > 0, gamma = 0: exact solver on the symmetric (N/2+1)^2 space; agreement to 3e-3 up to n ~ 0.1."""
    times = np.array([0.01, 0.03])
    r = _run(cumulants, 12, 0.1, 0.0, times, 0.2)
    e = open_evolve(12, 1.0, 0.1, 0.0, times, phi=0.2)
    assert np.allclose(r["xi2"], e["xi2"], rtol=3e-3)
    assert np.allclose(r["dphi2"], e["dphi2"], rtol=3e-3)
    assert np.allclose(r["nbar"], e["nbar"], rtol=3e-3)


def test_cumulants_reproduce_two_mode_squeezing_exp_minus_Nchi_t_at_large_N(cumulants):
    """N = 10^5, lossless, n << sqrt(N): the UPA result xi^2 = e^{-N chi t} (textbook TMS) must hold."""
    N = 100_000
    times = np.array([1.0, 2.0, 3.0]) / N
    r = _run(cumulants, N, 0.0, 0.0, times, 0.0)
    assert np.allclose(r["xi2"], np.exp(-N * times), rtol=5e-3)
    assert np.allclose(r["nbar"], 2 * np.sinh(N * times / 2) ** 2, rtol=5e-3)


def test_linearised_drift_without_noise_is_two_mode_squeezing_with_rates_plus_minus_g():
    """Gamma = gamma = 0: the drift of (x_a, p_a, x_b, p_b) must have eigenvalues +-g twice (textbook TMS)."""
    import sympy as sp

    from derive.sundar._decoherence import Gamma, _g, gamma_s, linearised_noise_matrices

    A, D = linearised_noise_matrices()
    A0 = A.subs({Gamma: 0, gamma_s: 0})
    assert sorted(A0.eigenvals(multiple=True), key=str) == sorted([_g, _g, -_g, -_g], key=str)
    assert D.subs({Gamma: 0, gamma_s: 0}) == sp.zeros(4, 4)


def test_linearised_collective_decay_matches_cumulants_at_N_1e7(cumulants):
    """gamma = 0: the derived xi^2(tau) = e^{-tau} + eps (1 - e^{-tau}) + eps^2 sinh^2(tau/2), eps = Gamma/(2 chi),
    against the independently derived second-order cumulant equations at N = 10^7 (n << sqrt N): < 1 %."""
    from derive import compile_expr
    from derive.sundar._decoherence import _tau, epsilon, xi2_linear

    N, Gamma = 10**7, 0.02
    tau = np.linspace(1.0, 8.0, 15)
    lin = compile_expr(xi2_linear(), (epsilon, _tau))(epsilon=Gamma / 2, tau=tau)
    r = _run(cumulants, N, Gamma, 0.0, tau / N, 0.0)
    assert np.max(np.abs(r["xi2"] / lin - 1)) < 1e-2
    # the minimum is 2 eps at e^tau = 2/eps (leading order)
    assert abs(np.min(r["xi2"]) / (2 * Gamma / 2) - 1) < 2e-2


def test_pump_depletion_closed_form_matches_cumulants_with_spontaneous_emission_at_N_1e7(cumulants):
    """gamma > 0: the derived xi2_depletion (shrinking B spin) against the cumulant equations, N = 10^7,
    eps_gamma = 1e-3 (and eps = 2e-3 with Gamma): agreement to 3 % for tau <= 7 and 2 % at the minimum."""
    from derive import compile_expr
    from derive.sundar._decoherence import _tau, epsilon, epsilon_g, xi2_depletion

    N = 10**7
    f = compile_expr(xi2_depletion(), (epsilon, epsilon_g, _tau))
    tau = np.linspace(1.0, 7.0, 13)
    for Gamma, gamma in ((0.002, 2e3), (0.0, 1e4)):
        eps, eg = (Gamma * N / 2 + gamma) / N, gamma / N
        closed = f(epsilon=eps, epsilon_gamma=eg, tau=tau)
        r = _run(cumulants, N, Gamma, gamma, tau / N, 0.0)
        assert np.max(np.abs(r["xi2"] / closed - 1)) < 3e-2
        assert abs(np.min(r["xi2"]) / np.min(closed) - 1) < 2e-2
