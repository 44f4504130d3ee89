"""Exact sector solver of sundar2023 Eq. (1) against independent routes."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sps
from scipy.sparse.linalg import expm_multiply

from numeric import ParameterError
from numeric.sundar import evolve, product_space_evolve, ramsey, sector_hamiltonian
from numeric.sundar._moments import linear_moments
from numeric.sundar._sector import sector_propagator


@pytest.mark.parametrize("N", [8, 12])
def test_sector_dynamics_equals_product_space_bruteforce(N):
    # independent route: full (N/2+1)^2 two-spin space built from spin matrices, expm_multiply
    t = np.array([0.0, 0.07, 0.2, 0.45])
    ref = product_space_evolve(N, 1.0, t)
    r = evolve(N, 1.0, t)
    for k in ("nbar", "xi2", "var_S2p", "mean_S3m"):
        np.testing.assert_allclose(r[k], ref[k], rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("protocol", ["difference", "sum"])
@pytest.mark.parametrize("phi", [0.0, 0.37])
def test_ramsey_rotations_equal_bruteforce_pulse_sequence(protocol, phi):
    # independent route: pulses applied as expm of the full generators, slope from i<[G, O]>
    t = np.array([0.0, 0.1, 0.3])
    ref = product_space_evolve(10, 0.7, t, delta=2.0, phi=phi, protocol=protocol)
    r = ramsey(10, 0.7, t, phi, protocol, delta=2.0)
    for k in ("signal", "slope", "var_O", "dphi2"):
        np.testing.assert_allclose(r[k], ref[k], rtol=1e-9, atol=1e-11)


def test_squeezing_agrees_with_qutip_two_spin_evolution():
    # independent route: QuTiP jmat operators and sesolve
    qutip = pytest.importorskip("qutip")
    N, chi = 8, 1.0
    j = N / 4
    Jp, Jz = qutip.jmat(j, "+"), qutip.jmat(j, "z")
    one = qutip.qeye(int(2 * j + 1))
    SAp, SBp = qutip.tensor(Jp, one), -qutip.tensor(one, Jp)
    SAz, SBz = qutip.tensor(Jz, one), qutip.tensor(one, Jz)
    H = chi * (SAp + SBp) * (SAp + SBp).dag() + chi * N / 2 * (SBz - SAz)
    psi0 = qutip.tensor(qutip.basis(int(2 * j + 1), int(2 * j)), qutip.basis(int(2 * j + 1), 0))
    SAy = (SAp - SAp.dag()) / 2j
    SBx = (SBp + SBp.dag()) / 2
    S1m = SBx - SAy
    t = np.array([0.0, 0.1, 0.25])
    out = qutip.sesolve(H, psi0, t, e_ops=[S1m * S1m, S1m], options={"atol": 1e-12, "rtol": 1e-10})
    xi2_q = 4 / N * (np.real(out.expect[0]) - np.real(out.expect[1]) ** 2)
    np.testing.assert_allclose(evolve(N, chi, t)["xi2"], xi2_q, rtol=1e-7)


def test_windowed_truncated_sector_equals_full_sector_expm():
    # independent route: expm_multiply of the full (untruncated) tridiagonal sector matrix
    N = 6000
    tau = np.array([0.5, 2.0, 4.0])
    r = evolve(N, 1.0, tau / N, K=2600)  # > 2500 sites: energy-window eigenpairs
    assert r.converged and any(c.truncation == "energy window" for c in r.convergence)
    d, e = sector_hamiltonian(N, 1.0)
    H = sps.diags([e, d, e], [-1, 0, 1], format="csr") / (N / 2)
    psi = np.zeros(d.size, complex)
    psi[0] = 1
    c = np.array([expm_multiply(-1j * H * (x / 2), psi) for x in tau])
    k = np.arange(d.size)
    nbar = 2 * (np.abs(c) ** 2 @ k)
    np.testing.assert_allclose(r["nbar"], nbar, rtol=1e-8)
    S1m = np.array(
        [
            linear_moments(c[i : i + 1], N // 2, np.array([0, -1.0, 0]), np.array([-1.0, 0, 0]))[1][
                0
            ]
            for i in range(len(tau))
        ]
    )
    np.testing.assert_allclose(r["xi2"], 4 / N * S1m, rtol=1e-8)


def test_squeezed_variance_has_no_cancellation_at_large_N():
    # the norm-of-difference route vs <O^2> - <O>^2 in extended precision is not available, so
    # check the defining property instead: the xi^2 of the UPA vacuum-like state (tiny t) equals
    # e^{-N chi t} to the accuracy of the undepleted-pump expansion, O(n/N), at N = 2e6
    N = 2_000_000
    tau = np.array([1e-3, 0.5, 1.0])
    r = evolve(N, 1.0, tau / N)
    np.testing.assert_allclose(r["xi2"], np.exp(-tau), rtol=1e-5)
    assert r.converged


def test_pair_number_starts_as_tms_textbook_result():
    # textbook two-mode squeezing: n = 2 sinh^2(N chi t/2) while n << N
    N = 20000
    tau = np.linspace(0, 1.0, 5)
    np.testing.assert_allclose(
        evolve(N, 1.0, tau / N)["nbar"], 2 * np.sinh(tau / 2) ** 2, rtol=2e-4, atol=1e-14
    )


def test_linear_moments_of_the_initial_state_are_those_of_two_coherent_spins():
    # textbook: a spin-j coherent state along z has (Delta J_x)^2 = j/2 and <J_z> = +-j
    M = 50
    c = np.zeros((1, M + 1), complex)
    c[0, 0] = 1
    mean, var = linear_moments(c, M, np.array([1.0, 0, 0]), np.array([0, 0, 1.0]))
    assert mean[0] == pytest.approx(M / 2)
    assert var[0] == pytest.approx(M / 4)


def test_truncation_is_reported_and_enlarged_when_forced_too_small():
    prop, _ = sector_propagator(40000, 1.0, t_max=3.0 / 40000)
    assert prop.K < 20001
    r = evolve(40000, 1.0, [8.0 / 40000], K=300)  # forced small: the solver must enlarge K
    assert r.extra["K"] > 300 and r.converged


@pytest.mark.parametrize("bad", [7, 0, -4, 3.5, "x"])
def test_atom_number_must_be_positive_even(bad):
    with pytest.raises(ParameterError, match="N must be a positive even integer"):
        evolve(bad, 1.0, [0.0])


def test_late_time_depleted_state_on_turning_point_truncation_equals_full_sector_diagonalisation():
    # independent route: LAPACK eigh_tridiagonal of the *untruncated* N/2+1-site sector; at
    # N chi t = 12 the pumps are depleted (n ~ N/4) and the solver keeps only the classically
    # allowed sites of its energy window (~N/4 + margin), checked by the Duhamel bound
    from scipy.linalg import eigh_tridiagonal

    N = 4000
    tau = np.array([3.0, 8.0, 12.0])
    r = evolve(N, 1.0, tau / N)
    assert r.extra["K"] < N // 2 + 1 and r.converged
    d, e = sector_hamiltonian(N, 1.0)
    w, V = eigh_tridiagonal(d, e)
    c = (np.exp(-1j * np.outer(tau / N, w)) * V[0]) @ V.T
    np.testing.assert_allclose(r["nbar"], 2 * (np.abs(c) ** 2 @ np.arange(d.size)), rtol=1e-9)
    S1m = linear_moments(c, N // 2, np.array([0, -1.0, 0]), np.array([-1.0, 0, 0]))[1]
    np.testing.assert_allclose(r["xi2"], 4 / N * S1m, rtol=1e-8)


def test_pivoting_tridiagonal_elimination_solves_like_a_banded_lapack_solver():
    # independent route: scipy.linalg.solve_banded (LAPACK gbsv) on an indefinite system with
    # a tiny leading pivot (pivoting needed)
    from scipy.linalg import solve_banded

    from numeric.sundar._eigen import _gtsv_inplace

    rng = np.random.default_rng(3)
    n = 50
    d, e, b = rng.standard_normal(n), rng.standard_normal(n - 1), rng.standard_normal(n)
    d[0] = 1e-14
    ab = np.zeros((3, n))
    ab[0, 1:], ab[1], ab[2, :-1] = e, d, e
    x = b.copy()
    _gtsv_inplace(e, d.copy(), x, 1e-300)
    np.testing.assert_allclose(x, solve_banded((1, 1), ab, b), rtol=1e-10)
