"""Quantum trajectories in the permutation-symmetric basis (statistical checks)."""

from __future__ import annotations

import numpy as np

from numeric.tucker import pi_dynamics, trajectories


def test_trajectories_reproduce_independent_single_spin_decay():
    # textbook: independent decay from the CSS along -x, <sigma_z> = -1 + e^{-gt},
    # <sigma_x> = -e^{-gt/2}, <J^2> = 3N/4 + N(N-1)/4 (<sigma_x>^2 + <sigma_z>^2)
    N, g = 4, 1.0
    t = np.linspace(0, 1.5, 4)
    r = trajectories(N, 0.0, 0.0, 0.0, g, t, ntraj=400, seed=4)
    sz, sx = -1 + np.exp(-g * t), -np.exp(-g * t / 2)
    j2 = 3 * N / 4 + N * (N - 1) / 4 * (sx**2 + sz**2)
    assert np.max(np.abs(r["jz"] - sz)) < 0.05
    assert np.max(np.abs(r["mean"][:, 0] / (N / 2) - sx)) < 0.05
    assert np.max(np.abs(r["neff"] - (2 * np.sqrt(0.25 + j2) - 1))) < 0.1
    # every trajectory lives in one j block: N_eff = 2j is an integer of the parity of N
    assert np.all(np.mod(r["neff_traj"], 2) == 0)


def test_trajectory_average_agrees_with_exact_dicke_solver_within_statistical_error():
    N, t = 6, np.linspace(0, 0.8, 3)
    r = trajectories(N, 1.0, 0.3, 0.9, 2.0, t, ntraj=100, seed=7)
    e = pi_dynamics(N, 1.0, 0.3, 0.9, 2.0, t)
    assert np.all(np.abs(r["xi2"] - e["xi2"]) <= 4 * r["xi2_err"] + 0.02)
    assert np.max(np.abs(r["jz"] - e["jz"])) < 0.06
