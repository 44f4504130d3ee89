"""Brute-force reference: Eq. (1) on the full product space of two collective spins.

Dimension (N/2 + 1)^2; operators are built from standard spin matrices with the
paper's sign convention S_B^+- = -J_B^+-, the state is propagated with
``scipy.sparse.linalg.expm_multiply`` and the Ramsey pulses are applied as matrix
exponentials of the full generators.  Meant for small N (checks and benchmarks).
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import expm_multiply

from .. import _resources
from .._result import Result
from .._spin import jplus_ladder
from ._sector import check_N

__all__ = ["product_space_evolve", "spin_matrices"]


def spin_matrices(j: float) -> tuple[sps.csr_matrix, sps.csr_matrix, sps.csr_matrix]:
    """Standard (J^+, J^-, J^z) of spin j in the basis m = -j .. j."""
    m = np.arange(-j, j + 1)
    jp = sps.diags(jplus_ladder(j), -1, shape=(m.size, m.size), format="csr")
    return jp, jp.T.tocsr(), sps.diags(m, 0, format="csr")


def _ops(N: int):
    j = N / 4
    jp, jm, jz = spin_matrices(j)
    one = sps.identity(jz.shape[0], format="csr")
    A = {
        "+": sps.kron(jp, one, "csr"),
        "-": sps.kron(jm, one, "csr"),
        "z": sps.kron(jz, one, "csr"),
    }
    B = {
        "+": -sps.kron(one, jp, "csr"),
        "-": -sps.kron(one, jm, "csr"),
        "z": sps.kron(one, jz, "csr"),
    }
    for S in (A, B):
        S["x"] = (S["+"] + S["-"]) / 2
        S["y"] = (S["+"] - S["-"]) / 2j
    return A, B


def product_space_evolve(
    N: int,
    chi: float,
    t,
    delta: float | None = None,
    phi: float = 0.0,
    protocol: str = "difference",
) -> Result:
    """Brute-force n, xi^2 and Ramsey (Delta phi)^2 on the (N/2+1)^2 product space.

    Returns
    -------
    Result
        observables ``nbar``, ``xi2``, ``var_S2p``, ``mean_S3m``, ``signal``, ``slope``,
        ``var_O``, ``dphi2`` (the slope from the exact commutator i<[G, O]>).
    """
    _resources.estimate("sundar.product", N, t)  # refuse before allocating
    from scipy.linalg import expm

    t0 = time.perf_counter()
    N = check_N(N)
    delta = chi * N / 2 if delta is None else delta
    A, B = _ops(N)
    Sp, Sm = A["+"] + B["+"], A["-"] + B["-"]
    H = chi * (Sp @ Sm) + delta * (B["z"] - A["z"])
    dim = int(round(N / 2)) + 1
    psi0 = np.zeros(dim * dim, complex)
    psi0[0 * dim + dim - 1] = 1.0  # m_A = -j (index 0), m_B = +j (index dim-1)
    times = np.atleast_1d(np.asarray(t, dtype=float))
    order = np.argsort(times)
    states = np.empty((len(times), dim * dim), complex)
    psi, tprev = psi0, 0.0
    for i in order:
        psi = expm_multiply(-1j * H * (times[i] - tprev), psi)
        tprev = times[i]
        states[i] = psi
    if protocol == "difference":
        G1, G2, G3 = B["y"] + A["x"], B["z"] - A["z"], B["x"] + A["y"]
        Oread = B["z"] - A["z"]
    else:
        G1, G2, G3 = B["y"] - A["x"], B["z"] + A["z"], B["x"] - A["y"]
        Oread = B["z"] + A["z"]
    U1 = expm(-1j * np.pi / 2 * G1.toarray())
    U2 = expm(-1j * phi * G2.toarray())
    U3 = expm(-1j * np.pi / 2 * G3.toarray())
    O3 = U3.conj().T @ Oread.toarray() @ U3
    Od = U2.conj().T @ O3 @ U2
    dO = U2.conj().T @ (1j * (G2.toarray() @ O3 - O3 @ G2.toarray())) @ U2

    def ev(op, v):
        return np.real(np.vdot(v, op @ v))

    nA_e = A["z"] + N / 4 * sps.identity(dim * dim)  # n_eA = S_A^z + N/4
    nB_g = N / 4 * sps.identity(dim * dim) - B["z"]  # n_gB = N/4 - S_B^z
    S1m = B["x"] - A["y"]
    S2p = B["y"] + A["x"]
    obs = {
        k: np.empty(len(times))
        for k in ("nbar", "xi2", "var_S2p", "mean_S3m", "signal", "slope", "var_O", "dphi2")
    }
    # every operator formed once (a dense Od @ Od per time cost 2 d^3 flops: 1 s per time at N = 80)
    n_op = (nA_e + nB_g).tocsr()
    S1m2, S2p2, S3m = (S1m @ S1m).tocsr(), (S2p @ S2p).tocsr(), (B["z"] - A["z"]).tocsr()
    for i, v in enumerate(states):
        obs["nbar"][i] = ev(n_op, v)
        obs["xi2"][i] = 4 / N * (ev(S1m2, v) - ev(S1m, v) ** 2)
        obs["var_S2p"][i] = ev(S2p2, v) - ev(S2p, v) ** 2
        obs["mean_S3m"][i] = ev(S3m, v)
        w = U1 @ v
        x = Od @ w  # Od Hermitian: <Od^2> = ||Od w||^2
        m1 = float(np.real(np.vdot(w, x)))
        obs["signal"][i] = m1
        obs["var_O"][i] = float(np.real(np.vdot(x, x))) - m1**2
        obs["slope"][i] = ev(dO, w)
        obs["dphi2"][i] = obs["var_O"][i] / obs["slope"][i] ** 2
    return Result(
        "sundar.product_space_evolve",
        {"N": N, "chi": chi, "delta": delta, "phi": phi, "protocol": protocol},
        times,
        obs,
        (),
        time.perf_counter() - t0,
        f"brute force on the {dim}^2 product space (expm_multiply)",
    )
