"""Quantum trajectories in the Dicke basis: jump operators from PIQS, averages vs exact solvers."""

from __future__ import annotations

import numpy as np
import pytest
from qutip import piqs

from numeric import ParameterError
from numeric.tucker import pi_dynamics, trajectories
from numeric.tucker._permutational import DickeSpace
from numeric.tucker._trajectories import jump_operators


def _blocks_to_piqs(space, blocks, nds):
    """Block-diagonal matrix in PIQS ordering (j = N/2 first, m descending) from our blocks."""
    M = np.zeros((nds, nds), complex)
    pos = 0
    for b, d in enumerate(space.dims):
        M[pos : pos + d, pos : pos + d] = blocks[b][::-1, ::-1]
        pos += d
    return M


def test_jump_operators_reproduce_the_piqs_single_particle_emission_dissipator():
    # independent route: PIQS Dicke(N, emission=gamma).lindbladian() (single-precision rates)
    N, gs = 7, 1.3
    space = DickeSpace(N)
    nds = piqs.num_dicke_states(N)
    rng = np.random.default_rng(3)
    blocks = []
    for d in space.dims:
        X = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        blocks.append(X @ X.conj().T)
    out = [np.zeros((d, d), complex) for d in space.dims]
    index = {float(j): b for b, j in enumerate(space.js)}
    for b, j in enumerate(space.js):
        m = np.arange(-j, j + 0.5)
        Kdiag = gs * (N / 2 + m)
        out[b] -= 0.5 * (Kdiag[:, None] + Kdiag[None, :]) * blocks[b]
        ops = jump_operators(N, j, gs)
        AdA = sum(A.conj().T @ A for _, A in ops.values())
        # completeness: sum_k A_k^dagger A_k = gamma_s (N/2 + J_z)
        assert np.allclose(AdA, np.diag(Kdiag), atol=1e-12 * N)
        for jt, A in ops.values():
            out[index[float(jt)]] += A @ blocks[b] @ A.conj().T
    L = piqs.Dicke(N, emission=gs).lindbladian().data.as_scipy()
    vec = _blocks_to_piqs(space, blocks, nds).ravel(order="F")
    ref = (L @ vec).reshape(nds, nds, order="F")
    ours = _blocks_to_piqs(space, out, nds)
    assert np.max(np.abs(ours - ref)) < 1e-6 * np.max(np.abs(ref))


def test_trajectory_average_agrees_with_exact_dicke_solver_within_three_standard_errors():
    # independent route: exact permutation-invariant master equation (pi_dynamics)
    N, t = 6, np.linspace(0, 0.8, 5)
    r = trajectories(N, 1.0, 0.3, 0.9, 2.0, t, ntraj=1500, seed=7, progress=False)
    e = pi_dynamics(N, 1.0, 0.3, 0.9, 2.0, t)
    k = slice(1, None)  # t = 0 is the deterministic initial state (zero error)
    assert np.all(np.abs(r["xi2"][k] - e["xi2"][k]) <= 3 * r["xi2_err"][k])
    assert np.all(np.abs(r["jz"][k] - e["jz"][k]) <= 3 * r["jz_err"][k])
    assert np.allclose(r["xi2"][0], 1) and np.allclose(r["jz"][0], 0, atol=1e-12)
    # every trajectory lives in one j block: N_eff = 2j, an integer of the parity of N
    assert np.all(np.mod(r["neff_traj"], 2) == 0) and np.all(r["neff_traj"] <= N)
    assert all(c.converged for c in r.convergence[1:])


def test_trajectories_reproduce_independent_single_spin_decay():
    # textbook: independent decay from the CSS along -x, <sigma_z> = -1 + e^{-gt}
    N, g = 4, 1.0
    t = np.linspace(0, 1.5, 4)
    r = trajectories(N, 0.0, 0.0, 0.0, g, t, ntraj=1000, seed=4, progress=False)
    sz = -1 + np.exp(-g * t)
    assert np.all(np.abs(r["jz"][1:] - sz[1:]) <= 3.5 * r["jz_err"][1:])
    assert np.max(r["jz_err"]) < 0.03


def test_trajectories_reject_bad_ensembles():
    with pytest.raises(ParameterError, match="ntraj"):
        trajectories(4, 1.0, 0.0, 0.9, 1.0, [0.0, 0.1], ntraj=1)
    with pytest.raises(ParameterError, match="batches"):
        trajectories(4, 1.0, 0.0, 0.9, 1.0, [0.0, 0.1], ntraj=10, batches=3)


def test_rotating_frame_trajectories_match_the_exact_solver_at_N_30():
    # independent route: exact permutation-invariant master equation; the trajectories re-align
    # their Dicke frame with the mean spin many times here (frame rotations + CG jump operators)
    N, t = 30, np.linspace(0, 0.3, 4)
    r = trajectories(N, 1.0, 0.0, 0.9, 4.0, t, ntraj=400, seed=11, progress=False)
    e = pi_dynamics(N, 1.0, 0.0, 0.9, 4.0, t)
    assert np.min(r.extra["frame_realignments"]) > 0
    k = slice(1, None)
    assert np.all(np.abs(r["xi2"][k] - e["xi2"][k]) <= 3 * r["xi2_err"][k])
    assert np.all(np.abs(r["jz"][k] - e["jz"][k]) <= 3 * r["jz_err"][k])
    neff = 2 * np.sqrt(0.25 + np.trace(e["second"], axis1=1, axis2=2)) - 1
    assert np.all(np.abs(r["neff"][k] - neff[k]) < 0.02 * N)
