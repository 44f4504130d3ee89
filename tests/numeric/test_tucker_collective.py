"""Collective (gamma_s = 0) solvers of tucker2020 against independent routes."""

from __future__ import annotations

import numpy as np
import pytest
import qutip as qt

from numeric import ParameterError
from numeric.tucker import (
    analytic_steady_state,
    collective_dynamics,
    collective_steady_state,
    css_minus_x,
    moments_from_matrix,
    wineland_xi2,
)


@pytest.mark.parametrize("N,chi,u", [(4, 0.0, 0.9), (20, 0.7, 0.5), (60, 0.3, 1.3)])
def test_analytic_cooperative_fluorescence_state_equals_sparse_lu_steady_state(N, chi, u):
    # independent route: sparse LU of the (N+1)^2 Liouvillian with the trace condition
    a = analytic_steady_state(N, 1.0, chi, u)
    b = collective_steady_state(N, 1.0, chi, u)
    assert abs(float(a["jz"]) - float(b["jz"])) < 1e-10
    assert abs(float(a["xi2"]) / float(b["xi2"]) - 1) < 1e-9
    assert b.converged


def test_collective_steady_state_matches_qutip_steadystate():
    # independent route: QuTiP spin-j matrices and qutip.steadystate
    N, G, chi, u = 6, 1.3, 0.4, 0.8
    j = N / 2
    Jm, Jx, Jz = qt.jmat(j, "-"), qt.jmat(j, "x"), qt.jmat(j, "z")
    Om = 0.5 * N * u * np.hypot(G, 2 * chi)
    rho = qt.steadystate(chi * Jm.dag() * Jm + Om * Jx, [np.sqrt(G) * Jm])
    r = collective_steady_state(N, G, chi, u)
    assert abs(float(r["jz"]) - qt.expect(Jz, rho) / j) < 1e-9


def test_collective_dynamics_matches_qutip_mesolve_from_css_along_minus_x():
    N, G, chi, u = 8, 1.0, 0.5, 0.9
    j = N / 2
    Jm, Jx, Jy, Jz = (qt.jmat(j, a) for a in "-xyz")
    Om = 0.5 * N * u * np.hypot(G, 2 * chi)
    # CSS along -x: lowest eigenvector of J_x (independent of numeric.tucker.css)
    w, v = np.linalg.eigh(Jx.full())
    psi = qt.Qobj(v[:, 0])
    t = np.linspace(0, 0.5, 6)
    out = qt.mesolve(
        chi * Jm.dag() * Jm + Om * Jx,
        psi,
        t,
        [np.sqrt(G) * Jm],
        e_ops=[Jx, Jz, Jy * Jy],
        options={"atol": 1e-11, "rtol": 1e-11},
    )
    r = collective_dynamics(N, G, chi, u, t)
    # qutip's jmat orders m descending: compare basis-independent expectation values
    assert np.max(np.abs(r["mean"][:, 0] - out.expect[0])) < 1e-7
    assert np.max(np.abs(r["mean"][:, 2] - out.expect[1])) < 1e-7
    assert np.max(np.abs(r["second"][:, 1, 1] - out.expect[2])) < 1e-7
    assert np.allclose(r["neff"], N)


def test_coherent_spin_state_has_xi2_one_and_points_along_minus_x():
    # textbook: a CSS has Var_perp = N/4 and |<J>| = N/2, so xi^2 = 1
    for N in (1, 10, 501):
        psi = css_minus_x(N / 2)
        mom = moments_from_matrix(np.outer(psi, psi.conj()), N / 2)
        assert np.allclose(mom.mean, [-N / 2, 0, 0], atol=1e-9 * N)
        assert abs(wineland_xi2(N, mom) - 1) < 1e-9


def test_analytic_steady_state_reaches_mean_field_at_large_N():
    # Eq. (3) mean field: <J_z>/(N/2) = -sqrt(1 - u^2) below threshold (independent derivation)
    r = analytic_steady_state(20000, 1.0, 0.5, 0.6)
    assert abs(float(r["jz"]) + 0.8) < 1e-3


def test_bad_spin_number_is_rejected_with_a_named_parameter():
    with pytest.raises(ParameterError, match="N must be"):
        analytic_steady_state(0, 1.0, 0.0, 0.5)


def test_full_analytic_density_matrix_equals_sparse_lu_steady_state_entry_by_entry():
    # independent route: sparse LU of the (N+1)^2 Liouvillian (every entry, not just moments)
    from numeric.tucker import analytic_density_matrix

    rho = analytic_density_matrix(40, 1.0, 0.4, 0.8)
    ref = collective_steady_state(40, 1.0, 0.4, 0.8).extra["rho"]
    assert np.max(np.abs(rho - ref)) < 1e-12


def test_analytic_steady_state_is_the_kernel_of_the_liouvillian_at_large_N():
    # independent check where LU is too costly: |L rho| of the closed form under the sparse
    # master equation (a different code path: kron-built Liouvillian), N = 400
    from numeric.tucker import steady_state_residual

    assert steady_state_residual(400, 1.0, 0.3, 0.95) < 1e-12


def test_collective_dynamics_on_a_uniform_grid_equals_stepping_through_a_nonuniform_one():
    """The one-call uniform-grid propagation and the step-by-step route (both expm_multiply) agree."""
    import numpy as np

    from numeric.tucker import collective_dynamics

    t = np.linspace(0.0, 0.3, 16)
    uni = collective_dynamics(30, 1.0, 0.3, 0.9, t)
    sub = t[[0, 1, 3, 4, 9, 15]]  # nonuniform: stepped time by time
    non = collective_dynamics(30, 1.0, 0.3, 0.9, sub)
    np.testing.assert_allclose(non["xi2"], uni["xi2"][[0, 1, 3, 4, 9, 15]], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(non["jz"], uni["jz"][[0, 1, 3, 4, 9, 15]], rtol=1e-10, atol=1e-12)
