"""Quantum trajectories in the permutation-symmetric (Dicke) basis (Zhang, Zhang & Mølmer, NJP 20, 112001).

Each trajectory is a pure state |psi> of one total-spin block j.  The permutation-invariant
master equation for the degeneracy-weighted blocks R_j (``_permutational``; Shammah et al.,
PRA 98, 063815 (2018)) has the Lindblad form

    dR/dt = -i[H, R] - {K, R}/2 + Gamma J_- R J_+ + gamma_s sum_k A_k R A_k^dagger,
    K = Gamma J_+J_- + gamma_s (N/2 + J_z),

with the single-particle-decay jump operators (read off the PIQS emission coefficients)

    A_0  = sqrt((N/2+1)/(2j(j+1))) J_-                                   (j -> j)
    A_-  |j,m> = sqrt((N/2+j+1)/(2j(2j+1)) (j+m)(j+m-1)) |j-1, m-1>        (j -> j-1)
    A_+  |j,m> = sqrt((N/2-j)/(2(j+1)(2j+1)) (j-m+1)(j-m+2)) |j+1, m-1>    (j -> j+1)

and sum_k A_k^dagger A_k = N/2 + J_z, so it is unravelled by standard quantum jumps on the
direct sum of blocks: <O> = sum_j tr(R_j O_j) = the trajectory average of <psi|O|psi>, and each
trajectory has <J^2> = j(j+1), i.e. N_eff = 2j.  The no-jump evolution and the waiting times
are computed by :mod:`numeric.tucker._traj_kernel` (compiled; the state is held in the Dicke basis
of a frame aligned with its mean spin, Taylor steps on the support of psi).
"""

from __future__ import annotations

import time

import numpy as np

from numeric._pi_kernels import channel_prefactors
from numeric._result import Convergence, ParameterError, Result

from .. import _resources
from ._permutational import _spin_moments
from ._spin import check_N, check_rate, wineland_xi2
from ._traj_kernel import TAYLOR_TOL, TRIM, run_trajectory

__all__ = ["trajectories", "jump_operators"]


def jump_operators(N: int, j: float, gamma_s: float) -> dict[str, tuple[float, np.ndarray]]:
    """Single-particle-decay jump operators of block j as dense matrices (target j, matrix).

    For tests: sum_k A_k R A_k^dagger must reproduce the PIQS emission feeding terms and
    sum_k A_k^dagger A_k = N/2 + J_z.
    """
    m = np.arange(-j, j + 0.5, 1.0)[: int(round(2 * j)) + 1]
    d = m.size
    out = {}
    cs = channel_prefactors(float(N), float(j))[0]  # j -> j (rates of numeric._pi_kernels)
    if j > 0:
        c = np.sqrt(gamma_s * cs * (j + m[1:]) * (j - m[1:] + 1))
        out["A0"] = (j, np.diag(c, 1))  # <m-1| A |m>
    if j >= 1:
        cu = channel_prefactors(float(N), float(j) - 1.0)[1]  # target j - 1 fed from J = j
        c = np.sqrt(gamma_s * cu * (j + m) * (j + m - 1))
        A = np.zeros((d - 2, d))
        A[np.arange(d - 2), np.arange(2, d)] = c[2:]  # |j,m> -> |j-1, m-1>: k -> k-2
        out["A-"] = (j - 1, A)
    if j < N / 2:
        cd = channel_prefactors(float(N), float(j) + 1.0)[2]  # target j + 1 fed from J = j
        c = np.sqrt(gamma_s * cd * (j - m + 1) * (j - m + 2))
        A = np.zeros((d + 2, d))
        A[np.arange(d), np.arange(d)] = c  # |j,m> -> |j+1, m-1>: k -> k
        out["A+"] = (j + 1, A)
    return out


def _stderr_jackknife(N: int, raw: np.ndarray) -> np.ndarray:
    """Jackknife standard error of the ensemble xi^2(t) from per-trajectory raw moments (n, T, 7)."""
    n = raw.shape[0]
    tot = raw.sum(0)
    loo = (tot[None] - raw) / (n - 1)
    _, mom = _spin_moments(loo)
    x = wineland_xi2(N, mom)  # (n, T)
    return np.sqrt((n - 1) / n * np.sum((x - x.mean(0)) ** 2, axis=0))


def _stderr_batches(N: int, raw: np.ndarray, batches: int) -> np.ndarray:
    b = raw.shape[0] // batches
    _, mom = _spin_moments(raw[: b * batches].reshape(batches, b, *raw.shape[1:]).mean(1))
    x = wineland_xi2(N, mom)
    return x.std(0, ddof=1) / np.sqrt(batches)


def trajectories(
    N: int,
    Gamma: float,
    chi: float,
    upsilon: float,
    gamma_s: float,
    times,
    ntraj: int = 100,
    seed: int = 0,
    batches: int | None = None,
    progress: bool | None = None,
) -> Result:
    """Quantum-jump trajectories of the driven collective spin with single-particle decay.

    Parameters
    ----------
    N : number of spins; Gamma, chi, gamma_s : rates (any unit, times in its inverse).
    upsilon : Upsilon/Upsilon_c, Omega = N upsilon sqrt(Gamma^2 + 4 chi^2)/2.
    times : nondecreasing output times >= 0; the initial state is the CSS along -x.
    ntraj : number of trajectories (>= 2); seed : base seed (trajectory k uses seed + k).
    batches : if given, the statistical error is the batch-means standard error over this many
        batches; otherwise the jackknife standard error over trajectories.
    progress : tqdm bar over trajectories (default: when stderr is a terminal).

    Returns
    -------
    Result with ensemble ``xi2`` and its standard error ``xi2_err``, ``jz`` and ``jz_err``,
    ``neff`` (from the ensemble <J^2>), ``mean``, ``second``, and per trajectory ``xi2_traj``
    (its conditional xi^2) and ``neff_traj`` (= 2j, Fig. 2(b)).  ``extra`` holds the jump
    counts and the per-trajectory wall times.

    Notes
    -----
    Exact unravelling of the permutation-invariant master equation; the only statistical error
    is the finite number of trajectories, reported as convergence (max standard error of xi^2
    over the grid).  Numerical truncations, also reported: the Taylor series per step (last
    term below 1e-13 of |psi|), amplitudes below 1e-12 of the largest cut at the edges of the
    support, jump times solved to |Delta||psi||^2| <= 1e-8 relative.  Cost per trajectory ~ (number of
    collective jumps ~ Gamma <J+J-> t) x (Taylor degree ~ 10) x (support width ~ 100 levels of the
    frame aligned with the mean spin, independent of N for near-coherent states).
    Fig. 2(b) (N = 2000, t in [0, 0.4]/Gamma, ~2e5 collective jumps): ~15-20 s per trajectory.
    """
    _resources.estimate(
        "tucker.trajectories", N, Gamma, chi, upsilon, gamma_s, times, ntraj=ntraj
    )  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma)
    gamma_s = check_rate("gamma_s", gamma_s)
    times = np.asarray(times, float)
    if (
        times.ndim != 1
        or times.size == 0
        or np.any(np.diff(times) < 0)
        or times[0] < 0
        or not np.all(np.isfinite(times))
    ):
        raise ParameterError("times", "a nondecreasing 1-d array of finite times >= 0", times)
    if isinstance(ntraj, bool) or int(ntraj) != ntraj or ntraj < 2:
        raise ParameterError("ntraj", "an integer >= 2", ntraj)
    ntraj = int(ntraj)
    if batches is not None and (int(batches) < 2 or ntraj % int(batches)):
        raise ParameterError("batches", f"an integer >= 2 dividing ntraj={ntraj}", batches)
    Omega = 0.5 * N * upsilon * float(np.hypot(Gamma, 2 * chi))
    # frame whose z axis is -x (x' = z, y' = y): the initial CSS is |N/2, N/2> there
    R0 = np.array([[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    nt = times.size
    raw = np.zeros((ntraj, nt, 7), complex)
    jt = np.zeros((ntraj, nt))
    stats = np.zeros((ntraj, 10))
    walls = np.zeros(ntraj)
    it = range(ntraj)
    try:
        from tqdm.auto import tqdm

        it = tqdm(
            it,
            desc=f"trajectories N={N}",
            unit="traj",
            disable=progress is False if progress is not None else None,
            leave=False,
        )
    except ImportError:  # tqdm is optional for the numerics
        pass
    for k in it:
        tk = time.perf_counter()
        run_trajectory(
            float(N),
            Gamma,
            float(chi),
            Omega,
            gamma_s,
            R0,
            times,
            int(seed) + k,
            raw[k],
            jt[k],
            stats[k],
        )
        walls[k] = time.perf_counter() - tk
    _, mom = _spin_moments(raw.mean(0))
    xi2 = np.atleast_1d(wineland_xi2(N, mom))
    err = (
        _stderr_batches(N, raw, int(batches)) if batches is not None else _stderr_jackknife(N, raw)
    )
    _, per = _spin_moments(raw)
    xi2_traj = wineland_xi2(N, per)
    jz_k = per.mean[..., 2] / (N / 2)
    jz_err = jz_k.std(0, ddof=1) / np.sqrt(ntraj)
    obs = {
        "xi2": xi2,
        "xi2_err": err,
        "jz": mom.mean[:, 2] / (N / 2),
        "jz_err": jz_err,
        "neff": 2 * np.sqrt(0.25 + mom.j2) - 1,
        "mean": mom.mean,
        "second": mom.second,
        "xi2_traj": xi2_traj,
        "neff_traj": 2 * jt,
    }
    how = "batch means" if batches is not None else "jackknife"
    conv = (
        Convergence(
            "trajectories",
            ntraj,
            float(np.max(err)),
            np.inf,
            f"standard error of the ensemble xi^2 ({how} over {ntraj} trajectories), "
            "statistical, reported not bounded",
        ),
        Convergence(
            "Taylor truncation",
            TAYLOR_TOL,
            float(stats[:, 4].max()),
            1e-12,
            "largest last Taylor term / |psi|_inf over all steps",
        ),
        Convergence(
            "jump times",
            ntraj,
            float(stats[:, 5].max()),
            1e-7,
            "largest relative miss of ||psi||^2 = r at the jump times",
        ),
        Convergence(
            "support trim",
            TRIM,
            TRIM,
            1e-12,
            "amplitudes below this fraction of the largest are cut at the edges of the support",
        ),
    )
    extra = {
        "collective_jumps": stats[:, 0].copy(),
        "j_down_jumps": stats[:, 1].copy(),
        "j_up_jumps": stats[:, 2].copy(),
        "taylor_steps": stats[:, 3].copy(),
        "mean_support": stats[:, 6] / np.maximum(stats[:, 3], 1),
        "mean_taylor_degree": stats[:, 7] / np.maximum(stats[:, 3], 1),
        "newton_per_jump": stats[:, 8] / np.maximum(stats[:, :3].sum(1), 1),
        "frame_realignments": stats[:, 9].copy(),
        "wall_s": walls,
    }
    return Result(
        "trajectories",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon, gamma_s=gamma_s),
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        "quantum jumps in the Dicke basis (compiled Taylor no-jump evolution, "
        "waiting-time jump search)",
        extra,
    )
