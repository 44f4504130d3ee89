"""Metrology quantities (CFI, Bell correlator, Husimi Q, Mandel Q) against independent routes."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import scipy.linalg as sla

from numeric import ParameterError
from numeric._qfi import qfi_eig
from numeric._spin import css_amplitudes, spin_operators
from numeric.metrology import (
    bell_correlator,
    classical_fisher,
    classical_fisher_basis,
    husimi_q,
    mandel_q,
)
from numeric.sharma._lossy import atomic_state_lossy, bell_lossy, tau_Q


def _random_state(N, rank, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(N + 1, rank)) + 1j * rng.normal(size=(N + 1, rank))
    r = A @ A.conj().T
    return r / np.trace(r).real


def _fd_fisher(rho, vartheta, axis, h=1e-5):
    """Finite-difference route: explicit expm rotations, central difference in theta."""
    ops = spin_operators(rho.shape[0] - 1)
    V = sla.expm(1j * vartheta * ops.axis(axis).toarray())
    Jy = ops.jy.toarray()

    def p(th):
        U = sla.expm(-1j * th * Jy)
        return np.real(np.diag(V @ U @ rho @ U.conj().T @ V.conj().T))

    dp = (p(h) - p(-h)) / (2 * h)
    return float(np.sum(dp**2 / p(0.0)))


# ---------------------------------------------------------------- classical Fisher information


@pytest.mark.parametrize("axis", ["x", "y", "z"])
def test_cfi_matches_finite_difference_of_explicitly_rotated_probabilities(axis):
    """Independent route: p_m(theta) from scipy expm rotations, central differences."""
    rho = _random_state(8, 3, seed=1)
    th = np.array([0.3, 1.2, 2.9])
    got = classical_fisher(rho, th, axis)
    ref = [_fd_fisher(rho, v, axis) for v in th]
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_cfi_never_exceeds_qfi_on_random_states_and_angles():
    """Braunstein-Caves: F <= F_Q for every measurement (QFI from numeric._qfi.qfi_eig)."""
    th = np.linspace(-np.pi, np.pi, 41)
    for seed in range(4):
        N = 6 + seed
        rho = _random_state(N, 1 + seed, seed)
        fq = qfi_eig(rho, spin_operators(N).jy)
        for axis in "xyz":
            assert np.all(classical_fisher(rho, th, axis) <= fq * (1 + 1e-10))


def test_css_gives_shot_noise_cfi_N_for_unrotated_readout():
    """Textbook: the CSS along x tilted about y shifts <J_z> by N/2 theta with variance N/4,
    so F = N at vartheta = 0 (and for any rotation about z); at vartheta = pi/2 about x the
    shift is turned into J_y and F = 0."""
    N = 20
    c = css_amplitudes(N)
    rho = np.outer(c, c)
    assert classical_fisher(rho, 0.0, "x") == pytest.approx(N, rel=1e-12)
    np.testing.assert_allclose(classical_fisher(rho, [0.0, 1.0, 2.0], "z"), N, rtol=1e-12)
    assert classical_fisher(rho, np.pi / 2, "x") < 1e-10


def test_pure_state_measured_in_sld_eigenbasis_saturates_qfi():
    """Braunstein-Caves 1994: for a pure state the eigenbasis of the SLD
    L = 2 d_theta rho = -2i[G, rho] is an optimal measurement, F = F_Q = 4 Var G."""
    N = 6
    rng = np.random.default_rng(5)
    psi = rng.normal(size=N + 1) + 1j * rng.normal(size=N + 1)
    psi /= np.linalg.norm(psi)
    rho = np.outer(psi, psi.conj())
    Jy = spin_operators(N).jy.toarray()
    L = -2j * (Jy @ rho - rho @ Jy)
    _, basis = np.linalg.eigh(L)
    fq = 4 * (np.vdot(psi, Jy @ Jy @ psi).real - np.vdot(psi, Jy @ psi).real ** 2)
    assert classical_fisher_basis(rho, basis, "y") == pytest.approx(fq, rel=1e-9)


@pytest.mark.parametrize("phase", [0.0, np.pi / 2])
def test_ghz_along_y_reaches_heisenberg_limit_including_zero_probability_outcomes(phase):
    """Textbook: (|+N/2>_y + e^{i phase}|-N/2>_y)/sqrt2 has F_Q = N^2 for J_y, and the J_z
    readout gives p_m ~ 1 + cos(N theta + psi_m), whose Fisher information is N^2 exactly.
    With phase 0 some p_m vanish at theta = 0; their continuous limit 2 p_m'' must count."""
    N = 8
    w, V = np.linalg.eigh(spin_operators(N).jy.toarray())
    psi = (V[:, -1] + np.exp(1j * phase) * V[:, 0]) / np.sqrt(2)
    rho = np.outer(psi, psi.conj())
    assert qfi_eig(rho, spin_operators(N).jy) == pytest.approx(N**2, rel=1e-10)
    assert classical_fisher(rho, 0.0, "x") == pytest.approx(N**2, rel=1e-8)


def test_cfi_rejects_unknown_axis():
    with pytest.raises(ParameterError):
        classical_fisher(np.eye(3) / 3, 0.1, "w")


# ---------------------------------------------------------------- Bell correlator


def _bell_bruteforce(rho, dps=60):
    """Q_N from the definition: Tr[rho (J_z + i J_y)^N] with mpmath matrix powers."""
    N = rho.shape[0] - 1
    ops = spin_operators(N)
    with mp.workdps(dps):
        Jp = mp.matrix((np.diag(ops.m) + 1j * ops.jy.toarray()).tolist())
        P = Jp**N
        R = mp.matrix(np.asarray(rho).tolist())
        tr = sum((R * P)[i, i] for i in range(N + 1))
        EN = abs(tr) ** 2
        return float(mp.log(mp.mpf(2) ** N * EN / mp.factorial(N) ** 2))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bell_single_element_formula_matches_matrix_power_definition(seed):
    """Independent route: the definition E_N = |Tr[rho J_+^N]|^2 by mpmath matrix powers."""
    N = 4 + 2 * seed
    rho = _random_state(N, 2, seed)
    assert bell_correlator(rho).value == pytest.approx(_bell_bruteforce(rho), abs=1e-9)
    mrho = mp.matrix(rho.tolist())
    assert bell_correlator(mrho).value == pytest.approx(_bell_bruteforce(rho), abs=1e-9)


@pytest.mark.parametrize("N", [10, 50, 1000, 2000])
def test_bell_textbook_values_ghz_and_css_along_z(N):
    """Textbook: GHZ along x has Q_N = (N-2) ln 2 (the maximum); the coherent state along z,
    |m = N/2>, has Q_N = -N ln 2 (|<+x|N/2>|^2 = 2^-N) -- far below zero for N = 2000."""
    rho_z = np.zeros((N + 1, N + 1))
    rho_z[N, N] = 1.0
    bz = bell_correlator(rho_z)
    assert bz.resolved and bz.value == pytest.approx(-N * math.log(2), rel=1e-12)
    if N <= 50:  # build GHZ_x from the CSS amplitudes: |+-x> = C_m (+-1)^k
        c = css_amplitudes(N)
        sgn = np.where(np.arange(N + 1) % 2 == 0, 1.0, -1.0)
        ghz = (c + c * sgn) / np.sqrt(2)
        assert bell_correlator(np.outer(ghz, ghz)).value == pytest.approx(
            (N - 2) * math.log(2), abs=1e-10
        )


def test_bell_of_css_along_x_is_exactly_minus_infinity():
    """E_N = N!^2 |<+x|+x><+x|-x>|^2 = 0 for the paper's initial state."""
    c = css_amplitudes(12)
    b = bell_correlator(np.outer(c, c))
    assert b.value == -math.inf or not b.resolved


def test_bell_lossy_extended_precision_agrees_with_double_where_resolved_and_bruteforce():
    """Independent routes: double-precision element of the closed-form rho_A (where its
    round-off floor resolves it) and the mpmath matrix-power definition at N = 8."""
    N, eta, kappa = 8, 3.0, 0.7
    t = np.array([0.05, 0.2, 0.5])
    got = bell_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=0.3)
    assert got.converged
    rho = atomic_state_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=0.3)
    for q, r in zip(got["bell"], rho, strict=True):
        assert q == pytest.approx(_bell_bruteforce(r), abs=1e-8)
        assert q == pytest.approx(bell_correlator(r).value, abs=1e-8)


def test_bell_lossy_resolves_deeply_negative_values_double_precision_cannot():
    """At N = 50 and t = tau_Q/4 (kappa tau_Q = 1, Fig. 2d), Q_N ~ -49: the double-precision
    element sits below its round-off floor (flagged unresolved), the mpmath evaluation
    resolves it; raising the working precision by 40 digits changes nothing (independent
    check of the precision)."""
    N = 50
    tq = tau_Q(N, 1.0, 320.0)
    t = np.array([0.25 * tq])
    a = bell_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=1 / tq)
    b = bell_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=1 / tq, dps=85)
    assert a.converged and a["resolved"][0] == 1.0
    assert a["bell"][0] == pytest.approx(b["bell"][0], abs=1e-10)
    rho = atomic_state_lossy(N, 1.0, 1.0, 1.0, 320.0, t[0], kappa=1 / tq)
    dbl = bell_correlator(rho)
    assert not dbl.resolved and dbl.value >= a["bell"][0]  # an upper bound, as documented


# ---------------------------------------------------------------- Husimi Q


def test_husimi_normalisation_over_the_sphere():
    """(N+1)/(4 pi) int Q dOmega = Tr rho, by Gauss-Legendre in cos(theta) (exact for the
    degree-N polynomial) and a uniform phi grid with more than 2N+1 points."""
    N = 16
    rho = _random_state(N, 4, seed=3)
    x, w = np.polynomial.legendre.leggauss(N + 2)
    th = np.arccos(x)
    ph = np.linspace(0, 2 * np.pi, 2 * N + 3, endpoint=False)
    Q = husimi_q(rho, th[:, None], ph[None, :])
    integral = np.sum(w[:, None] * Q) * (2 * np.pi / ph.size)
    assert (N + 1) / (4 * np.pi) * integral == pytest.approx(1.0, rel=1e-12)


def test_husimi_of_css_along_x_is_cos_half_angle_power():
    """Textbook: |<theta,phi|+x>|^2 = ((1 + sin(theta) cos(phi))/2)^N (absolute round-off
    ~1e-16 of the double sum is the accuracy floor)."""
    N = 30
    c = css_amplitudes(N)
    th, ph = np.meshgrid(np.linspace(0, np.pi, 13), np.linspace(-np.pi, np.pi, 17), indexing="ij")
    Q = husimi_q(np.outer(c, c), th, ph)
    np.testing.assert_allclose(Q, ((1 + np.sin(th) * np.cos(ph)) / 2) ** N, rtol=1e-11, atol=1e-15)


def test_husimi_large_N_does_not_overflow():
    """N = 2000: amplitudes are built in log space; Q of |+x> at the pole is 2^-2000 ~ 0."""
    N = 2000
    c = css_amplitudes(N)
    Q = husimi_q(np.outer(c, c), np.array([np.pi / 2, 0.0]), np.array([0.0, 0.0]))
    assert np.all(np.isfinite(Q)) and Q[0] == pytest.approx(1.0, rel=1e-10) and Q[1] < 1e-300


# ---------------------------------------------------------------- Mandel Q


def test_mandel_q_of_coherent_and_fock_statistics():
    """Textbook: Poisson (coherent) <n^2> = n + n^2 gives Q = 0; a Fock state |n> gives -1."""
    nb = np.array([0.5, 3.0, 40.0])
    np.testing.assert_allclose(mandel_q(nb, nb + nb**2), 0.0, atol=1e-14)
    np.testing.assert_allclose(mandel_q(nb, nb**2), -1.0)
    with pytest.raises(ParameterError):
        mandel_q(0.0, 0.0)
