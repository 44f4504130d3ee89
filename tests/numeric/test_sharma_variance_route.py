"""The default QFI route of sharma2025: F_Q = 4<J_y^2> on the mirror half of the Dicke window.

Independent routes: the eigen formula (5) of the same solvers (``method="eig"``, a different
algorithm on the dense / Gram / parity-block state), the brute-force Lindblad / Schrödinger
evolution on atoms (x) Fock space, and the full-range complex numpy sum of rho[k, k+2].
Tolerances: both routes are exact, so they differ by round-off only; with ``F_Q`` obtained
from ``N(N+1)/2 - 2 Re<J_+^2>`` (terms ~N^2 cancelling down to F_Q >= N at t = 0) the
round-off is ~1e-16 N relative, 1e-10 leaves three decades of margin at N <= 2000.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from numeric import ParameterError
from numeric._resources import estimate
from numeric._spin import css_amplitudes, dicke_m
from numeric.sharma import (
    _lossless,
    _lossy,
    evolve_atom_cavity,
    qfi_lossless,
    qfi_lossy,
    qfi_operation_count,
    tau_Q,
)
from numeric.sharma._lossless import _offdiag, photon_amplitudes
from numeric.sharma._variance import (
    PARITY_TOL,
    css_even,
    dicke_window,
    lossless_moments,
    parity_defect,
    window_rows,
)

# (N, U, W0, Delta_c, eta, alpha2): pumped, odd N, omega_m = 0 at m = +-1, coherent field,
# both, U = 0, a Dicke window narrower than N + 1
LOSSLESS = [
    (40, 1.0, 1.0, 1.0, 60.0, 0.0),
    (41, 0.7, 0.4, -0.3, 30.0, 0.0),
    (30, 1.0, 1.0, 2.0, 40.0, 0.0),
    (50, 1.0, 1.0, 1.0, 0.0, 40.0),
    (21, 0.5, 0.8, 1.3, 20.0, 2.0),
    (60, 0.0, 0.3, 0.5, 30.0, 0.0),
    (800, 1.0, 1.0, 1.0, 320.0, 0.0),
]


def _is_variance(r) -> bool:
    return "4<J_y^2>" in r.method


@pytest.mark.parametrize("case", LOSSLESS)
def test_default_lossless_route_is_the_variance_route_and_equals_the_eigen_formula(case):
    N, U, W0, Dc, eta, a2 = case
    t = np.linspace(0.0, 0.06, 7)
    auto = qfi_lossless(N, U, W0, Dc, eta, t, alpha2=a2)
    eig = qfi_lossless(N, U, W0, Dc, eta, t, alpha2=a2, method="eig")
    assert _is_variance(auto) and auto.converged
    parity = [c for c in auto.convergence if c.truncation.startswith("reflection parity")]
    assert len(parity) == 1 and parity[0].error <= PARITY_TOL
    np.testing.assert_allclose(auto["qfi"], eig["qfi"], rtol=1e-10)
    np.testing.assert_allclose(auto["nbar"], eig["nbar"], rtol=1e-10, atol=1e-300)
    assert np.any(auto["qfi"] > 1.5 * N)  # entangled: a nontrivial comparison


@pytest.mark.parametrize(
    "N,eta,alpha2,pump_off,kappa_tq",
    [
        (10, 320.0, 0.0, None, 1.0),
        (11, 320.0, 0.0, 0.7, 1.0),
        (50, 320.0, 0.0, None, 0.3),
        (31, 0.0, 5.0, None, 2.0),
        (300, 320.0, 0.0, None, 1.0),
    ],
)
def test_default_lossy_route_is_the_variance_route_and_equals_the_eigen_formula(
    N, eta, alpha2, pump_off, kappa_tq
):
    tq = tau_Q(N, 1.0, 320.0)
    t = np.linspace(0.0, 2.0 * tq, 9)
    kw = dict(
        kappa=kappa_tq / tq, alpha2=alpha2, pump_off=None if pump_off is None else pump_off * tq
    )
    auto = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, **kw)
    eig = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, method="eig", **kw)
    assert _is_variance(auto) and auto.converged
    np.testing.assert_allclose(auto["qfi"], eig["qfi"], rtol=1e-10)
    np.testing.assert_allclose(auto["nbar"], eig["nbar"], rtol=1e-12, atol=1e-300)
    assert np.any(auto["qfi"] > 1.2 * N)


@pytest.mark.parametrize("N", [5, pytest.param(6, marks=pytest.mark.slow)])
def test_default_route_matches_brute_force_atom_fock_evolution(N):
    """Independent route: Schrödinger (kappa = 0) and Lindblad (kappa > 0) evolution on
    atoms (x) Fock space with its own converged photon cutoff, Eq. (5) on the ptrace."""
    t = np.array([0.0, 0.2, 0.5])
    ref = evolve_atom_cavity(N, 1.0, 0.7, 0.5, 2.5, t, tol=1e-10)
    assert ref.converged
    np.testing.assert_allclose(qfi_lossless(N, 1.0, 0.7, 0.5, 2.5, t)["qfi"], ref["qfi"], rtol=1e-8)
    ref = evolve_atom_cavity(N, 1.0, 0.7, 0.5, 2.5, t, kappa=0.9, tol=1e-8)
    assert ref.converged
    got = qfi_lossy(N, 1.0, 0.7, 0.5, 2.5, t, kappa=0.9)
    assert _is_variance(got)
    assert np.max(np.abs(got["qfi"] - ref["qfi"])) < 1e-6


def _asymmetric(N):
    C = css_amplitudes(N) * (1.0 + 0.2 * dicke_m(N) / N)  # an odd part of ~10 %
    return C / np.linalg.norm(C)


def test_a_state_without_reflection_parity_falls_back_to_eig_and_variance_is_refused(monkeypatch):
    """Deliberately wrong input: amplitudes with an odd part.  The run-time check must see
    it, "auto" must run Eq. (5) (equal to the eig route on the same amplitudes) and
    "variance" must refuse."""
    N, t = 24, np.linspace(0.0, 0.05, 4)
    C = _asymmetric(N)
    assert parity_defect(C) > 1e3 * PARITY_TOL
    monkeypatch.setattr(_lossless, "css_even", lambda n: C)
    monkeypatch.setattr(_lossless, "css_amplitudes", lambda n: C)
    auto = qfi_lossless(N, 1.0, 1.0, 1.0, 60.0, t)
    eig = qfi_lossless(N, 1.0, 1.0, 1.0, 60.0, t, method="eig")
    assert not _is_variance(auto) and "Eq. (5)" in auto.method
    np.testing.assert_array_equal(auto["qfi"], eig["qfi"])
    # the variance formula would be wrong here: Tr[(rho J_y)^2] != 0
    assert np.max(np.abs(eig["tr_rhojy_sq"])) > 1e-3
    assert np.max(np.abs(eig["qfi_4jy2"] - eig["qfi"]) / eig["qfi"]) > 1e-3
    with pytest.raises(ParameterError, match="method"):
        qfi_lossless(N, 1.0, 1.0, 1.0, 60.0, t, method="variance")


def test_lossy_state_without_reflection_parity_falls_back_to_eig(monkeypatch):
    N = 12
    tq = tau_Q(N, 1.0, 320.0)
    t = np.linspace(0.0, 2.0 * tq, 4)
    lc = np.log(_asymmetric(N))
    monkeypatch.setattr(_lossy, "_log_css", lambda n: lc)
    auto = qfi_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=1.0 / tq)
    assert not _is_variance(auto) and "eigen formula" in auto.method
    with pytest.raises(ParameterError, match="method"):
        qfi_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=1.0 / tq, method="variance")


def _full_re_jp2(C, alpha, phase, N):
    """Re<J_+^2> over all N+1 rows in complex numpy (no window, no mirror)."""
    j, m = N / 2, dicke_m(N)
    c2 = np.sqrt((j - m[:-2]) * (j + m[:-2] + 1) * (j - m[:-2] - 1) * (j + m[:-2] + 2))
    return (_offdiag(C * np.exp(1j * phase), alpha, 2) @ c2).real


def test_mirror_half_kernel_equals_the_full_complex_sum_and_needs_the_parity():
    """Independent route: the complex full-range sum of rho[k, k+2].  Feeding the kernel an
    odd part (deliberately wrong input) must make the mirror-half sum disagree."""
    N, U, W0, Dc, eta = 400, 1.0, 1.0, 1.0, 320.0
    t = np.array([0.0, 0.004, 0.01, 0.02])
    amps = photon_amplitudes(N, U, W0, Dc, eta, t)
    j, m = N / 2, dicke_m(N)
    c2 = np.sqrt((j - m[:-2]) * (j + m[:-2] + 1) * (j - m[:-2] - 1) * (j + m[:-2] + 2))
    scale = j * (j + 1)
    for C, agrees in ((css_even(N), True), (_asymmetric(N), False)):
        ref = _full_re_jp2(C, amps.alpha, amps.phase, N)
        got, nbar = lossless_moments(m, C, c2, U, W0, Dc, eta, 0.0, t)
        err = np.max(np.abs(got - ref)) / scale
        assert (err < 1e-12) == agrees, err
        nref = np.abs(amps.alpha) ** 2 @ C**2
        assert (np.max(np.abs(nbar - nref) / np.maximum(nref, 1.0)) < 1e-12) == agrees


def test_dicke_window_error_is_within_the_reported_bound():
    """Independent route: the full-range sum (all N+1 rows).  N = 1500: the window keeps
    ~470 rows; the reported bound N(N+2)w/2 must cover the difference (plus round-off)."""
    N, t = 1500, np.array([0.002, 0.006, 0.012])
    r = qfi_lossless(N, 1.0, 1.0, 1.0, 320.0, t)
    window = r.convergence[0]
    assert window.truncation.startswith("Dicke window") and window.value < N / 2
    k0, k1, w = dicke_window(css_even(N))
    assert window.error == w and 0 < w < 1e-32
    lo, hi = window_rows(k0, k1, N)
    assert (lo, hi) == (k0 - 2, k1 + 2)
    C = css_even(N)
    amps = photon_amplitudes(N, 1.0, 1.0, 1.0, 320.0, t)
    jz2 = float(np.sum(C**2 * dicke_m(N) ** 2))
    full = 2.0 * ((N / 2) * (N / 2 + 1) - jz2) - 2.0 * _full_re_jp2(C, amps.alpha, amps.phase, N)
    bound = 0.5 * N * (N + 2) * w
    assert np.all(np.abs(r["qfi"] - full) <= bound + 1e-13 * N * N)


def test_operation_counts_scale_as_the_routes_do():
    """Scaling from the algorithms: the variance routes touch ~sqrt(N) rows per time (O(N)
    once), the lossy eigen route (W/2)^3 per time with W ~ sqrt(N), i.e. N^1.5."""
    T = 10**4  # per-time work dominates the O(N) term
    for lossy in (False, True):
        a = qfi_operation_count(10**6, T, "auto", lossy)
        b = qfi_operation_count(4 * 10**6, T, "auto", lossy)
        assert 1.9 < b / a < 2.2
        assert qfi_operation_count(10**6, 2 * T, "variance", lossy) > 1.8 * a
    e1 = qfi_operation_count(10**4, 10, "eig", True)
    e2 = qfi_operation_count(4 * 10**4, 10, "eig", True)
    assert 7.0 < e2 / e1 < 8.5
    assert qfi_operation_count(1000, 200, "eig", True) > 100 * qfi_operation_count(
        1000, 200, "auto", True
    )
    with pytest.raises(ValueError, match="method"):
        qfi_operation_count(10, 1, "svd")


@pytest.mark.parametrize(
    "call,kind,kw",
    [
        (lambda t: qfi_lossless(10**5, 1.0, 1.0, 1.0, 320.0, t), "auto", {}),
        (lambda t: qfi_lossy(20000, 1.0, 1.0, 1.0, 320.0, t, kappa=1.0), "auto", dict(lossy=True)),
        (lambda t: qfi_lossless(300, 1.0, 1.0, 1.0, 320.0, t, method="eig"), "eig", {}),
    ],
)
def test_memory_estimate_is_within_a_factor_two_of_the_measured_peak(call, kind, kw):
    """Independent measurement: tracemalloc's peak of the call itself (numpy allocations)."""
    t = np.linspace(0.0, 0.01, 20)
    call(t[:2])  # compiled kernels loaded outside the measurement
    tracemalloc.start()
    try:
        r = call(t)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    N = int(r.params["N"])
    est = estimate("sharma.qfi", N, t, method=kind, eta=320.0, check=False, **kw)
    fixed = 1e7 if kw.get("lossy") else 0.0  # numba start-up allowance in the estimate
    ratio = (est.bytes - fixed) / peak
    print(f"{kind} N = {N}: estimate / measured peak = {ratio:.2f}")
    assert 0.5 < ratio < 2.0, (est, peak)
