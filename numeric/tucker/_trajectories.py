"""Quantum trajectories in the permutation-symmetric basis (Zhang, Zhang & Mølmer, NJP 20, 112001).

Each trajectory is a pure state |psi> of one total-spin block j.  Jumps: the collective
sqrt(Gamma) J_- (stays in j) and single-particle decay, which in the degeneracy-weighted
representation R_j acts as gamma_s sum_k A_k R A_k^dagger with

    A_0  = sqrt((N/2+1)/(2j(j+1))) J_-                                   (j -> j)
    A_-  |j,m> = sqrt((N/2+j+1)/(2j(2j+1)) (j+m)(j+m-1)) |j-1, m-1>        (j -> j-1)
    A_+  |j,m> = sqrt((N/2-j)/(2(j+1)(2j+1)) (j-m+1)(j-m+2)) |j+1, m-1>    (j -> j+1)

(the rates of the permutation-invariant Liouvillian, numeric.tucker._permutational), with
sum_k A_k^dagger A_k = N/2 + J_z.  Between jumps psi evolves with
H_eff = H - i/2 (Gamma J_+J_- + gamma_s (N/2 + J_z)); a jump happens when |psi|^2 falls
below a uniform random number (waiting-time method).
"""

from __future__ import annotations

import time

import numpy as np
import scipy.linalg as sla

from numeric._result import Convergence, ParameterError, Result

from ._spin import SpinMoments, check_N, check_rate, css_minus_x, jplus, jz_diag, wineland_xi2

__all__ = ["trajectories"]


def _block_ops(j, N, Gamma, chi, Omega, gs):
    jp = jplus(j).toarray()
    jm = jp.T.copy()
    jz = np.diag(jz_diag(j))
    K = jp @ jm
    H = chi * K + 0.5 * Omega * (jp + jm)
    Heff = H - 0.5j * (Gamma * K + gs * (N / 2 * np.eye(jz.shape[0]) + jz))
    return jp, jm, jz, Heff


def _moments(psi, jp, jz):
    jx = 0.5 * (jp + jp.T)
    jy = -0.5j * (jp - jp.T)
    ops = (jx, jy, jz)
    v = [o @ psi for o in ops]
    mean = np.array([np.vdot(psi, w).real for w in v])
    second = np.array([[np.vdot(v[a], v[b]).real for b in range(3)] for a in range(3)])
    return mean, second


def trajectories(N: int, Gamma: float, chi: float, upsilon: float, gamma_s: float, times,
                 ntraj: int = 100, dt: float | None = None, seed: int = 0, batches: int = 10) -> Result:
    """Monte-Carlo wave functions in the symmetric basis; averages, statistical errors, samples.

    Returns
    -------
    Result with ``xi2``, ``xi2_err`` (batch standard error), ``jz``, ``neff`` of the ensemble
    average, plus ``xi2_traj`` and ``neff_traj`` (each trajectory's own conditional xi^2 and
    N_eff = 2 j, for Fig. 2(b)).

    Notes
    -----
    No-jump evolution is exact (dense propagator exp(-i H_eff dt) per visited j); jump times
    are resolved to the step ``dt`` (default 0.02/|H_eff|), a truncation reported as
    convergence by the norm lost per step.  Dense blocks: practical for N <~ 200.
    """
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma)
    gamma_s = check_rate("gamma_s", gamma_s)
    times = np.asarray(times, float)
    if times.ndim != 1 or times.size == 0 or np.any(np.diff(times) < 0) or times[0] < 0:
        raise ParameterError("times", "a nondecreasing 1-d array of times >= 0", times)
    if ntraj < batches or ntraj % batches:
        raise ParameterError("ntraj", f"a positive multiple of batches={batches}", ntraj)
    Omega = 0.5 * N * upsilon * float(np.hypot(Gamma, 2 * chi))
    scale = Gamma * N**2 / 4 + abs(chi) * N**2 / 4 + Omega * N / 2 + gamma_s * N
    dt = float(dt) if dt is not None else 0.02 / scale
    rng = np.random.default_rng(seed)
    cache: dict = {}

    def block(j):
        if j not in cache:
            jp, jm, jz, Heff = _block_ops(j, N, Gamma, chi, Omega, gamma_s)
            cache[j] = (jp, jm, jz, sla.expm(-1j * Heff * dt))
        return cache[j]

    nt = times.size
    means = np.zeros((ntraj, nt, 3))
    seconds = np.zeros((ntraj, nt, 3, 3))
    jtraj = np.zeros((ntraj, nt))
    max_loss = 0.0
    for k in range(ntraj):
        j = N / 2
        psi = css_minus_x(j).astype(complex)
        r = rng.random()
        t = 0.0
        for it, tout in enumerate(times):
            while t < tout - 1e-15:
                jp, jm, jz, U = block(j)
                n0 = np.vdot(psi, psi).real
                psi = U @ psi
                t += dt
                n1 = np.vdot(psi, psi).real
                max_loss = max(max_loss, (n0 - n1) / n0)
                if n1 <= r:
                    psi /= np.sqrt(n1)
                    m = jz_diag(j)
                    cands = [(j, np.sqrt(Gamma) * (jm @ psi))]
                    if gamma_s > 0 and j > 0:
                        cands.append((j, np.sqrt(gamma_s * (N / 2 + 1) / (2 * j * (j + 1))) * (jm @ psi)))
                        if j >= 1:
                            c = np.sqrt(gamma_s * (N / 2 + j + 1) / (2 * j * (2 * j + 1))
                                        * np.maximum((j + m) * (j + m - 1), 0))
                            cands.append((j - 1, (c * psi)[2:]))
                    if gamma_s > 0 and j < N / 2:
                        c = np.sqrt(gamma_s * (N / 2 - j) / (2 * (j + 1) * (2 * j + 1))
                                    * (j - m + 1) * (j - m + 2))
                        new = np.zeros(int(round(2 * j)) + 3, complex)
                        new[: m.size] = c * psi     # |j,m> -> |j+1,m-1>: index m-1+j+1 = m+j
                        cands.append((j + 1, new))
                    w = np.array([np.vdot(v, v).real for _, v in cands])
                    pick = rng.choice(len(cands), p=w / w.sum())
                    j, psi = cands[pick][0], cands[pick][1] / np.sqrt(w[pick])
                    r = rng.random()
            jp, jm, jz, U = block(j)
            phi = psi / np.linalg.norm(psi)
            means[k, it], seconds[k, it] = _moments(phi, jp, jz)
            jtraj[k, it] = j
    mom = SpinMoments(means.mean(0), seconds.mean(0))
    xi2 = np.atleast_1d(wineland_xi2(N, mom))
    b = ntraj // batches
    xb = np.array([np.atleast_1d(wineland_xi2(N, SpinMoments(means[i * b:(i + 1) * b].mean(0),
                                                           seconds[i * b:(i + 1) * b].mean(0))))
                   for i in range(batches)])
    err = xb.std(0, ddof=1) / np.sqrt(batches)
    per = np.array([np.atleast_1d(wineland_xi2(N, SpinMoments(means[k], seconds[k]))) for k in range(ntraj)])
    obs = {"xi2": xi2, "xi2_err": err, "jz": mom.mean[:, 2] / (N / 2),
           "neff": 2 * np.sqrt(0.25 + mom.j2) - 1, "mean": mom.mean, "second": mom.second,
           "xi2_traj": per, "neff_traj": 2 * jtraj}
    conv = (Convergence("trajectories", ntraj, float(np.max(err)), np.inf,
                        f"batch standard error of xi^2 ({batches} batches)"),
            Convergence("jump-time step", dt, max_loss, 0.05, "largest norm fraction lost in one step"))
    return Result("trajectories", dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon, gamma_s=gamma_s),
                  times, obs, conv, time.perf_counter() - t0,
                  "MCWF in the permutation-symmetric basis (dense block propagators)")
