"""Quantum Fisher information routines (numeric/_qfi.py)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sla

from numeric._qfi import qfi_eig, qfi_factor, qfi_pure, qfi_variance, tr_rho_g_squared
from numeric._spin import reflection, spin_operators


def _random_state(rng, d, rank):
    A = rng.normal(size=(d, rank)) + 1j * rng.normal(size=(d, rank))
    rho = A @ A.conj().T
    return rho / np.trace(rho).real, A / np.sqrt(np.trace(rho).real)


def _random_hermitian(rng, d):
    X = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    return 0.5 * (X + X.conj().T)


def _bures_qfi(rho, G, dtheta=1e-3):
    # F_Q = 8 (1 - sqrt F(rho, rho_theta)) / theta^2 + O(theta^2), Uhlmann fidelity
    U = sla.expm(-1j * dtheta * G)
    sigma = U @ rho @ U.conj().T
    s = sla.sqrtm(rho)
    fid = np.trace(sla.sqrtm(s @ sigma @ s)).real
    return 8.0 * (1.0 - fid) / dtheta**2


def test_pure_state_qfi_equals_four_variance_by_every_route():
    rng = np.random.default_rng(0)
    G = _random_hermitian(rng, 7)
    psi = rng.normal(size=7) + 1j * rng.normal(size=7)
    psi /= np.linalg.norm(psi)
    rho = np.outer(psi, psi.conj())
    ref = qfi_pure(psi, G)
    assert np.isclose(qfi_eig(rho, G), ref, rtol=1e-10)
    assert np.isclose(qfi_variance(rho, G), ref, rtol=1e-10)
    assert np.isclose(qfi_factor(psi[:, None], G), ref, rtol=1e-10)


@pytest.mark.parametrize("seed", range(4))
def test_mixed_state_qfi_matches_bures_fidelity_and_is_below_four_variance(seed):
    rng = np.random.default_rng(seed)
    rho, _ = _random_state(rng, 6, 6)
    G = _random_hermitian(rng, 6)
    F = qfi_eig(rho, G)
    assert np.isclose(F, _bures_qfi(rho, G), rtol=1e-4)
    assert F < qfi_variance(rho, G) - 1e-6  # strict for a generic mixed state (B2)


def test_qfi_is_convex_in_the_state():
    rng = np.random.default_rng(5)
    G = _random_hermitian(rng, 5)
    r1, _ = _random_state(rng, 5, 2)
    r2, _ = _random_state(rng, 5, 3)
    p = 0.3
    assert (
        qfi_eig(p * r1 + (1 - p) * r2, G) <= p * qfi_eig(r1, G) + (1 - p) * qfi_eig(r2, G) + 1e-12
    )


def test_qfi_is_invariant_under_joint_unitaries_and_under_unitaries_commuting_with_G():
    rng = np.random.default_rng(7)
    rho, _ = _random_state(rng, 6, 3)
    G = _random_hermitian(rng, 6)
    V = sla.expm(1j * _random_hermitian(rng, 6))
    F = qfi_eig(rho, G)
    assert np.isclose(qfi_eig(V @ rho @ V.conj().T, V @ G @ V.conj().T), F, rtol=1e-10)
    W = sla.expm(0.7j * G @ G - 0.3j * G)  # [W, G] = 0: the QFI cannot change
    assert np.isclose(qfi_eig(W @ rho @ W.conj().T, G), F, rtol=1e-10)
    # a unitary that does not commute with G generically changes it
    assert not np.isclose(qfi_eig(V @ rho @ V.conj().T, G), F, rtol=1e-3)


@pytest.mark.parametrize("rank", [1, 2, 4])
def test_thin_factor_route_equals_dense_eigen_formula_for_rank_deficient_states(rank):
    rng = np.random.default_rng(rank)
    rho, A = _random_state(rng, 12, rank)
    G = spin_operators(11).jy
    assert np.isclose(qfi_factor(A, G), qfi_eig(rho, G), rtol=1e-10)


def test_zero_eigenvalues_give_finite_qfi():
    G = spin_operators(5).jy
    rho = np.zeros((6, 6), complex)
    rho[0, 0] = 1.0  # pure Dicke state |m=-j>, 5 exact zero eigenvalues
    F = qfi_eig(rho, G)
    # pure |j,-j>: 4 <J_y^2> = 2 (j(j+1) - j^2) = 2j = N (textbook)
    assert np.isfinite(F)
    assert np.isclose(F, 5.0, rtol=1e-12)


def test_variance_formula_is_exact_iff_tr_rho_g_rho_g_vanishes():
    # (B3)-(B5): rho supported on one parity sector of m -> -m  =>  Tr[(rho J_y)^2] = 0
    N = 6
    rng = np.random.default_rng(11)
    jy, P = spin_operators(N).jy, reflection(N).toarray()
    even = 0.5 * (np.eye(N + 1) + P)
    A = even @ (rng.normal(size=(N + 1, 3)) + 1j * rng.normal(size=(N + 1, 3)))
    rho = A @ A.conj().T
    rho /= np.trace(rho).real
    assert abs(tr_rho_g_squared(rho, jy)) < 1e-14
    assert np.isclose(qfi_eig(rho, jy), qfi_variance(rho, jy), rtol=1e-12)
    generic, _ = _random_state(rng, N + 1, 3)
    assert tr_rho_g_squared(generic, jy) > 1e-3
