"""Permutation-invariant (Dicke |j,m,m'>) solver with single-particle relaxation."""

from __future__ import annotations

import numpy as np
import qutip as qt
from qutip import piqs

from numeric.tucker import collective_dynamics, pi_dynamics, pi_steady_state


def _site(op, i, N):
    ops = [qt.qeye(2)] * N
    ops[i] = op
    return qt.tensor(ops)


def test_dicke_basis_dynamics_matches_full_2_to_the_N_master_equation():
    # independent route: brute-force mesolve on the full 2^N Hilbert space, N = 4
    N, G, chi, u, gs = 4, 1.0, 0.4, 0.8, 0.7
    Om = 0.5 * N * u * np.hypot(G, 2 * chi)
    sm = [_site(qt.sigmam(), i, N) for i in range(N)]
    sz = [_site(qt.sigmaz(), i, N) for i in range(N)]
    Jm = sum(sm)
    Jp = Jm.dag()
    Jx, Jy, Jz = (Jp + Jm) / 2, (Jp - Jm) / 2j, sum(sz) / 2
    one = (qt.basis(2, 0) - qt.basis(2, 1)).unit()  # qutip basis(2,0) is spin up: along -x
    t = np.linspace(0, 1.5, 7)
    out = qt.mesolve(
        chi * Jp * Jm + Om * Jx,
        qt.tensor([one] * N),
        t,
        [np.sqrt(G) * Jm] + [np.sqrt(gs) * s for s in sm],
        e_ops=[Jz, Jx, Jx * Jx, Jx * Jx + Jy * Jy + Jz * Jz],
        options={"atol": 1e-11, "rtol": 1e-11},
    )
    r = pi_dynamics(N, G, chi, u, gs, t)
    assert np.max(np.abs(r["mean"][:, 2] - out.expect[0])) < 1e-7
    assert np.max(np.abs(r["mean"][:, 0] - out.expect[1])) < 1e-7
    assert np.max(np.abs(r["second"][:, 0, 0] - out.expect[2])) < 1e-7
    # N_eff from <J^2>: the degeneracy weighting of the j blocks enters here
    neff = 2 * np.sqrt(0.25 + np.real(out.expect[3])) - 1
    assert np.max(np.abs(r["neff"] - neff)) < 1e-6
    assert r.converged


def test_dicke_basis_dynamics_matches_qutip_piqs_from_the_ground_state():
    # independent route: QuTiP PIQS Liouvillian + mesolve (N = 7, odd N has j = 1/2 blocks)
    N, G, chi, u, gs = 7, 1.0, 0.3, 0.9, 2.0
    Om = 0.5 * N * u * np.hypot(G, 2 * chi)
    system = piqs.Dicke(N, emission=gs, collective_emission=G)
    jx, jy, jz = piqs.jspin(N)
    jp = piqs.jspin(N, "+")
    system.hamiltonian = chi * jp * jp.dag() + Om * jx
    L = system.liouvillian()
    rho0 = piqs.dicke(N, N / 2, -N / 2)
    t = np.linspace(0, 1.0, 6)
    out = qt.mesolve(L, rho0, t, e_ops=[jz, jx, jy * jy], options={"atol": 1e-11, "rtol": 1e-11})
    ground = np.zeros((N + 1, N + 1))
    ground[0, 0] = 1.0  # m = -N/2 in our m-ascending symmetric block
    r = pi_dynamics(N, G, chi, u, gs, t, rho0=ground)
    assert np.max(np.abs(r["mean"][:, 2] - out.expect[0])) < 1e-7
    assert np.max(np.abs(r["mean"][:, 0] - out.expect[1])) < 1e-7
    assert np.max(np.abs(r["second"][:, 1, 1] - out.expect[2])) < 1e-7


def test_dicke_basis_solver_reduces_to_symmetric_subspace_when_gamma_s_is_zero():
    t = np.linspace(0, 0.4, 5)
    a = pi_dynamics(10, 1.0, 0.5, 0.9, 0.0, t)
    b = collective_dynamics(10, 1.0, 0.5, 0.9, t)
    assert np.max(np.abs(a["xi2"] - b["xi2"])) < 1e-9


def test_permutation_invariant_steady_state_matches_full_space_qutip_steadystate():
    # independent route: qutip.steadystate on the full 2^N space (unique steady state), N = 4
    N, G, chi, u, gs = 4, 1.0, 0.3, 0.5, 1.0
    Om = 0.5 * N * u * np.hypot(G, 2 * chi)
    sm = [_site(qt.sigmam(), i, N) for i in range(N)]
    Jm = sum(sm)
    Jz = sum(_site(qt.sigmaz(), i, N) for i in range(N)) / 2
    rho = qt.steadystate(
        chi * Jm.dag() * Jm + Om * (Jm + Jm.dag()) / 2,
        [np.sqrt(G) * Jm] + [np.sqrt(gs) * s for s in sm],
    )
    r = pi_steady_state(N, G, chi, u, gs)
    assert abs(float(r["jz"]) - qt.expect(Jz, rho) / (N / 2)) < 1e-8
    assert r.converged
