"""Public observables of numeric: one spin ladder, coherent spin states, squeezing, QFI/CFI, N_eff."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import (
    classical_fisher,
    coherent_spin_state,
    effective_atom_number,
    jplus_ladder,
    kitagawa_ueda_xi2,
    qfi_eig,
    qfi_pure,
    spin_block,
    spin_operators,
    wineland_xi2,
)


def _moments(psi, N):
    ops = spin_operators(N)
    J = [ops.jx, ops.jy, ops.jz_matrix()]
    mean = np.array([np.vdot(psi, A @ psi).real for A in J])
    second = np.array(
        [[np.vdot(psi, 0.5 * (A @ (B @ psi) + B @ (A @ psi))).real for B in J] for A in J]
    )
    return mean, second


def test_one_ladder_gives_the_angular_momentum_algebra_for_integer_and_half_integer_spin():
    # identities: [J_+, J_-] = 2 J_z, J^2 = j (j + 1)
    for j in (0.5, 1.0, 3.5, 6.0):
        s = spin_block(j)
        comm = (s.jp @ s.jm - s.jm @ s.jp).toarray()
        np.testing.assert_allclose(comm, 2 * np.diag(s.jz), atol=1e-12)
        J2 = (s.jx @ s.jx + s.jy @ s.jy).toarray() + np.diag(s.jz**2)
        np.testing.assert_allclose(J2, j * (j + 1) * np.eye(s.m.size), atol=1e-12)
    assert jplus_ladder(0.0).size == 0


@pytest.mark.parametrize(
    "N,theta,phi", [(1, 0.3, 0.2), (8, 1.2, -2.0), (31, np.pi / 2, np.pi), (200, 2.9, 0.7)]
)
def test_coherent_spin_state_points_along_its_direction_and_has_unit_squeezing(N, theta, phi):
    # identities: <J> = (N/2) n, a coherent spin state has xi_R^2 = xi_S^2 = 1
    psi = coherent_spin_state(N, theta, phi)
    assert abs(np.linalg.norm(psi) - 1) < 1e-12
    mean, second = _moments(psi, N)
    n = np.array([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)])
    np.testing.assert_allclose(mean, N / 2 * n, atol=1e-10 * N)
    assert abs(wineland_xi2(N, mean, second) - 1) < 1e-10
    assert abs(kitagawa_ueda_xi2(N, mean, second) - 1) < 1e-10


@pytest.mark.parametrize("N", [10, 40])
def test_one_axis_twisted_state_follows_the_kitagawa_ueda_closed_form(N):
    # independent: Kitagawa & Ueda, PRA 47, 5138 (1993), Eqs. (8)-(10): for exp(-i mu J_z^2 / 2)|CSS x>,
    # xi_S^2 = 1 + (N-1)/4 [A - sqrt(A^2 + B^2)], A = 1 - cos^{N-2} mu, B = 4 sin(mu/2) cos^{N-2}(mu/2),
    # and |<J>| = (N/2) cos^{N-1}(mu/2)
    psi0 = coherent_spin_state(N, np.pi / 2, 0.0)
    m = spin_operators(N).m
    for mu in (0.02, 0.1, 0.3):
        psi = np.exp(-0.5j * mu * m**2) * psi0
        mean, second = _moments(psi, N)
        A = 1 - np.cos(mu) ** (N - 2)
        B = 4 * np.sin(mu / 2) * np.cos(mu / 2) ** (N - 2)
        xs = 1 + (N - 1) / 4 * (A - np.sqrt(A**2 + B**2))
        length = N / 2 * np.cos(mu / 2) ** (N - 1)
        assert abs(kitagawa_ueda_xi2(N, mean, second) - xs) < 1e-10
        assert abs(wineland_xi2(N, mean, second) - xs * (N / 2 / length) ** 2) < 1e-9
        assert kitagawa_ueda_xi2(N, mean, second) < 1


def test_squeezing_parameters_broadcast_over_a_time_axis_and_refuse_bad_shapes():
    N = 6
    rows = [_moments(coherent_spin_state(N, th, 0.4), N) for th in (0.3, 1.0, 2.0)]
    mean, second = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    np.testing.assert_allclose(wineland_xi2(N, mean, second), 1.0, atol=1e-12)
    assert np.isinf(wineland_xi2(N, np.zeros(3), np.eye(3)))
    with pytest.raises(ValueError, match="mean, second"):
        wineland_xi2(N, np.zeros(3), np.zeros(3))


@pytest.mark.parametrize("theta", [0.0, 0.4, np.pi / 2, 2.5])
def test_qfi_of_a_coherent_spin_state_for_a_J_z_rotation_is_N_sin_squared_theta(theta):
    # textbook: F_Q = 4 Var(J_z) = N sin^2(theta); the same from the pure- and mixed-state formulas
    N = 12
    psi = coherent_spin_state(N, theta, 0.3)
    Jz = spin_operators(N).jz_matrix()
    assert abs(qfi_pure(psi, Jz) - N * np.sin(theta) ** 2) < 1e-10
    assert abs(qfi_eig(np.outer(psi, psi.conj()), Jz) - N * np.sin(theta) ** 2) < 1e-9


def test_fisher_of_a_css_and_a_ghz_state_give_the_standard_and_heisenberg_limits_of_n_eff():
    # textbook: CSS along x, phase about y, J_z read-out: F = F_Q = N (N_eff = 1); GHZ along z, J_z: F_Q = N^2
    N = 9
    psi = coherent_spin_state(N, np.pi / 2, 0.0)
    rho = np.outer(psi, psi.conj())
    F = float(classical_fisher(rho, 0.0, "x", generator="y"))
    assert abs(F - N) < 1e-9
    assert abs(effective_atom_number(qfi_eig(rho, spin_operators(N).jy), N) - 1) < 1e-9
    ghz = np.zeros(N + 1)
    ghz[[0, N]] = 2**-0.5
    assert abs(effective_atom_number(qfi_pure(ghz, spin_operators(N).jz_matrix()), N) - N) < 1e-10


def test_docstring_examples_of_the_public_spin_and_dicke_modules_run():
    import doctest

    from numeric import _observables, _pi_dicke, _spin

    for mod in (_spin, _pi_dicke, _observables):
        assert doctest.testmod(mod).failed == 0
