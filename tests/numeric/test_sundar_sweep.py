"""Fast sector route of sundar2023 Eq. (1): site sweep and window eigenpairs against independent routes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import eigh_tridiagonal

from numeric import _resources
from numeric.sundar import _eigen, evolve, ramsey, sector_hamiltonian
from numeric.sundar._dynamics import _S1M, _S1P, _S2M, _S21
from numeric.sundar._forms import (
    form_amplitudes,
    form_linear_moments,
    form_pair_moments,
    sector_forms,
)
from numeric.sundar._moments import linear_moments
from numeric.sundar._opcount import evolve_operation_count
from numeric.sundar._sector import checked_propagator
from numeric.sundar._sweep import moments_from_sweep, sweep_moments

_OPS = (_S1M, _S21, _S1P, _S2M)


def test_site_sweep_moments_equal_the_quadratic_form_route():
    # independent route: the m x m forms (blocked QR) of numeric.sundar._forms on the same eigenpairs
    N = 8000
    t = np.linspace(0.0, 10.0 / N, 23)
    prop, _ = checked_propagator(N, 1.0, None, float(t[-1]), K=2600)
    S = sweep_moments(prop.vectors, prop.energies, prop.overlaps, t, prop.M, _OPS)
    pair, lin = moments_from_sweep(S, prop.M, _OPS)
    f = sector_forms(prop)
    a = form_amplitudes(f, t)
    ref = form_pair_moments(f, a)
    # the Gram forms sum K terms of size up to K (k) and K^2 (k^2) for each of m^2 pairs: their
    # absolute rounding floor is ~eps K m and eps K^2 m (<k> at t = 0 is ~1e-8, not 0, from the
    # energy window's missing weight 1e-14 spread over the sites)
    eps, K, m = np.finfo(float).eps, prop.K, prop.energies.size
    np.testing.assert_allclose(pair[0], ref[0], rtol=1e-11, atol=20 * eps * K * m)
    np.testing.assert_allclose(pair[1], ref[1], rtol=1e-9, atol=20 * eps * K * K * m)
    for (wA, wB), (mean, var) in zip(_OPS, lin, strict=True):
        m_ref, v_ref = form_linear_moments(f, a, wA, wB, ref)
        np.testing.assert_allclose(mean, m_ref, rtol=1e-11, atol=1e-9)
        np.testing.assert_allclose(var, v_ref, rtol=1e-10)


def test_site_sweep_equals_state_vector_moments_of_the_sector():
    # independent route: the state c(t) = V a(t) formed in full and the moments of _moments.py
    N = 6000
    t = np.array([0.0, 1.0, 4.0, 9.0]) / N
    prop, _ = checked_propagator(N, 1.0, None, float(t[-1]))
    c = (np.exp(-1j * np.outer(t, prop.energies)) * prop.overlaps) @ prop.vectors.T
    S = sweep_moments(prop.vectors, prop.energies, prop.overlaps, t, prop.M, _OPS)
    _, lin = moments_from_sweep(S, prop.M, _OPS)
    for (wA, wB), (_, var) in zip(_OPS, lin, strict=True):
        np.testing.assert_allclose(var, linear_moments(c, prop.M, wA, wB)[1], rtol=1e-10)


def test_window_eigenpairs_equal_lapack_bisection_and_inverse_iteration():
    # independent route: LAPACK dstebz + dstein (scipy eigh_tridiagonal, select="v")
    N = 12000
    M = N // 2
    d, e = sector_hamiltonian(N, 1.0, None, 3300)
    lo, hi = -20.0 * M, 20.0 * M
    w, V = eigh_tridiagonal(d, e, select="v", select_range=(lo, hi), lapack_driver="stebz")
    r = _eigen.window_eigenpairs(d, e, lo, hi)
    assert r.method.startswith("multisection")
    eps_norm = np.finfo(float).eps * r.norm
    np.testing.assert_allclose(r.values, w, rtol=0, atol=8 * eps_norm)
    overlap = np.abs(np.sum(V * r.vectors, axis=0))
    np.testing.assert_allclose(overlap, 1.0, atol=1e-10)
    assert r.orthogonality < 1e-10 and r.residual < 64 * eps_norm


def test_window_eigenpairs_fall_back_to_full_bisection_when_the_fast_check_fails(monkeypatch):
    # a residual floor of zero cannot be met: the slow route must run and still be right
    N = 12000
    M = N // 2
    d, e = sector_hamiltonian(N, 1.0, None, 3300)
    monkeypatch.setattr(_eigen, "_RES_FLOOR", 0.0)
    r = _eigen.window_eigenpairs(d, e, -20.0 * M, 20.0 * M)
    assert "fast route failed" in r.method
    w = eigh_tridiagonal(d, e, eigvals_only=True, select="v", select_range=(-20.0 * M, 20.0 * M))
    np.testing.assert_allclose(r.values, w, rtol=0, atol=8 * np.finfo(float).eps * r.norm)


def test_ramsey_on_the_sweep_route_equals_the_forms_route():
    # independent route: more times than 10 m forces the forms route on the same problem
    N = 6000
    t_few = np.linspace(0.0, 6.0 / N, 7)
    few = ramsey(N, 1.0, t_few, 0.3, "difference")
    assert "one sweep" in few.method
    t_many = np.linspace(0.0, 6.0 / N, 6 * 300 + 1)
    many = ramsey(N, 1.0, t_many, 0.3, "difference")
    assert "quadratic forms" in many.method
    idx = np.searchsorted(t_many, t_few)
    np.testing.assert_allclose(t_many[idx], t_few, rtol=1e-12)
    for k in ("var_O", "slope", "dphi2"):
        np.testing.assert_allclose(few[k], many[k][idx], rtol=1e-9, atol=1e-12)


def test_convergence_reports_eigenpair_residual_and_phase_error():
    N = 8000
    r = evolve(N, 1.0, np.linspace(0.0, 12.0 / N, 9))
    names = {c.truncation: c for c in r.convergence}
    assert {"eigenpair residual", "eigenvalue phase error"} <= set(names)
    assert r.converged
    # the phase bound is the residual times t_max (rad)
    assert names["eigenvalue phase error"].error < 1e-6


def test_resource_estimate_uses_the_sizes_the_solver_uses_and_refuses_beyond_budget():
    # independent route: the K and m the solver reports for the benchmark window
    N = 20000
    t = np.linspace(0.0, 16.0 / N, 200)
    r = evolve(N, 1.0, t)
    est = _resources.estimate("sundar.sector", N, t, check=False)
    c = evolve_operation_count(N, 1.0, float(t[-1]), t.size)
    assert (c.K, c.m) == (r.extra["K"], r.extra["n_eigenvectors"])
    # the estimate approximates the turning point by M/2 + 12 M^(1/3) + 100 (no O(M) pass)
    K_est = float(est.dominant.split()[0].lstrip("~"))
    assert K_est == pytest.approx(c.K, rel=0.02)
    # the N = 1e6 benchmark call (measured 3-4 s CPU on 2 cores) fits the default 60 s budget,
    # N = 1e7 (measured ~52 s CPU) does not fit a 10 s one
    big = _resources.estimate("sundar.sector", 10**6, t * 20000 / 10**6, check=False)
    assert 1.5 < big.seconds < 8.0
    with _resources.budget(max_seconds=10.0), pytest.raises(_resources.ResourceError):
        evolve(10**7, 1.0, t * 20000 / 10**7)
