"""Permutation-symmetric (Dicke-basis) master equation for the two ensembles of sundar2023.

    d rho/dt = -i [H, rho] + Gamma D[S_A^- + S_B^-] rho + gamma sum_i D[sigma_i^-] rho,
    H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z),

N/2 atoms per ensemble, S_B^+- = -J_B^+- (J standard spin operators).  The dynamics and
the initial state (A all in g, B all in e) are invariant under permutations of the atoms
*within* each ensemble, so (Schur-Weyl, as in QuTiP's PIQS, Shammah et al., PRA 98,
063815 (2018)) the state is

    rho = (+)_{j_A, j_B} rho_{j_A j_B} (x) 1_{d_{j_A}} (x) 1_{d_{j_B}},

an operator on the spin-j_A (x) spin-j_B space for every pair of total spins, repeated on
the multiplicity spaces.  We store R = d_{j_A} d_{j_B} rho_{j_A j_B} (then
<O> = sum tr(R O) and the individual-decay rates conserve sum tr R).  The vector of one
ensemble is the list of its blocks R_j(m, m') (j = n/2, n/2 - 1, ..., row-major in
m, m' ascending); the joint vector is the tensor product of the two ensembles' index
spaces, so every term of the Liouvillian is a Kronecker product:

* left/right multiplication by a collective operator X_A (x) Y_B:
  ``kron(left_A(X), left_B(Y))``, ``kron(right_A(X), right_B(Y))`` with
  ``left(X) = (+)_j X_j (x) 1`` and ``right(X) = (+)_j 1 (x) X_j^T`` (row-major vec);
* the single-atom decay of ensemble A: ``kron(D_A, 1)`` with the PIQS superoperator D on one
  ensemble's blocks (j -> j, j +- 1), and the same for B.

Size: (sum_j (2j+1)^2)^2 unknowns, ~ (N^3/48)^2: 27 225 at N = 16, 207 025 at N = 24.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import scipy.sparse as sps

__all__ = ["EnsembleSpace", "ensemble_space", "individual_decay", "two_ensemble_liouvillian", "joint_moments"]


@dataclass(frozen=True)
class EnsembleSpace:
    """Block index map of one ensemble of n atoms (blocks j = n/2, n/2 - 1, ...)."""

    n: int
    js: np.ndarray
    dims: np.ndarray
    offsets: np.ndarray

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    def index(self, b: int, a: int, c: int) -> int:
        """Vector index of R_{j_b}(m = -j + a, m' = -j + c)."""
        return int(self.offsets[b] + a * self.dims[b] + c)


@cache
def ensemble_space(n: int) -> EnsembleSpace:
    js = np.arange(n / 2, -0.25, -1.0)
    dims = np.rint(2 * js + 1).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(dims**2)]).astype(np.int64)
    return EnsembleSpace(n, js, dims, offsets)


def _spin(j: float) -> dict[str, np.ndarray]:
    """Standard spin-j matrices in the basis m = -j .. j (ascending)."""
    m = np.arange(-j, j + 0.5)
    jp = np.diag(np.sqrt(j * (j + 1) - m[:-1] * (m[:-1] + 1)), -1)
    ops = {"1": np.eye(m.size), "+": jp, "-": jp.T.copy(), "z": np.diag(m)}
    ops["x"] = (ops["+"] + ops["-"]) / 2
    ops["y"] = (ops["+"] - ops["-"]) / 2j
    return ops


def _block_ops(sp_: EnsembleSpace, word: str) -> list[np.ndarray]:
    """Per block, the product of single-letter operators in ``word`` (e.g. '+-' = J^+ J^-)."""
    out = []
    for j in sp_.js:
        s = _spin(float(j))
        X = np.eye(s["1"].shape[0], dtype=complex)
        for ch in word:
            X = X @ s[ch]
        out.append(X)
    return out


def left(sp_: EnsembleSpace, word: str) -> sps.csr_matrix:
    """Superoperator R -> X R of one ensemble, X the collective operator ``word``."""
    return sps.block_diag([sps.kron(X, np.eye(X.shape[0])) for X in _block_ops(sp_, word)], format="csr")


def right(sp_: EnsembleSpace, word: str) -> sps.csr_matrix:
    """Superoperator R -> R X of one ensemble (row-major vectorisation)."""
    return sps.block_diag([sps.kron(np.eye(X.shape[0]), X.T) for X in _block_ops(sp_, word)], format="csr")


def trace_functional(sp_: EnsembleSpace, word: str) -> np.ndarray:
    """Row vector t with t . R = sum_j tr(X_j R_j) for the collective operator ``word``."""
    return np.concatenate([X.T.ravel() for X in _block_ops(sp_, word)])


def individual_decay(sp_: EnsembleSpace, gamma: float) -> sps.csr_matrix:
    """PIQS superoperator of gamma sum_i D[sigma_i^-] on one ensemble's blocks R_j = d_j rho_j.

    Rates of Shammah et al. (2018), Table I, for emission only: loss -gamma/2 (n + m + m')
    and feeding of (j, m, m') from (j, m+1, m'+1) and (j +- 1, m+1, m'+1).
    """
    n, half = sp_.n, sp_.n / 2.0
    rows, cols, vals = [], [], []
    nb = len(sp_.js)
    for b, j in enumerate(sp_.js):
        d = int(sp_.dims[b])
        for a in range(d):
            m = -j + a
            for c in range(d):
                mp = -j + c
                r = sp_.index(b, a, c)
                rows.append(r)
                cols.append(r)
                vals.append(-0.5 * gamma * (n + m + mp))
                if a < d - 1 and c < d - 1 and j > 0:
                    rows.append(r)
                    cols.append(sp_.index(b, a + 1, c + 1))
                    vals.append(0.5 * gamma * np.sqrt((j + m + 1) * (j - m) * (j + mp + 1) * (j - mp))
                                * (half + 1) / (j * (j + 1)))
                if b > 0:                                  # from J = j + 1, M = m + 1
                    J, M, Mp = j + 1, m + 1, mp + 1
                    rows.append(r)
                    cols.append(sp_.index(b - 1, int(round(M + J)), int(round(Mp + J))))
                    vals.append(0.5 * gamma * np.sqrt((J + M) * (J + M - 1) * (J + Mp) * (J + Mp - 1))
                                * (half + J + 1) / (J * (2 * J + 1)))
                if b < nb - 1:                             # from J = j - 1, M = m + 1 (|M|, |M'| <= J)
                    J, M, Mp = j - 1, m + 1, mp + 1
                    if max(abs(M), abs(Mp)) <= J + 1e-9:
                        rows.append(r)
                        cols.append(sp_.index(b + 1, int(round(M + J)), int(round(Mp + J))))
                        vals.append(0.5 * gamma * np.sqrt((J - M + 1) * (J - M + 2) * (J - Mp + 1) * (J - Mp + 2))
                                    * (half - J) / ((J + 1) * (2 * J + 1)))
    s = sp_.size
    return sps.csr_matrix((np.array(vals, complex), (rows, cols)), shape=(s, s))


def two_ensemble_liouvillian(N: int, chi: float, delta: float, Gamma: float, gamma: float
                             ) -> tuple[EnsembleSpace, sps.csr_matrix, np.ndarray]:
    """Joint Liouvillian (CSR) on the tensor product of the two ensembles' block spaces, and rho(0).

    The paper's sign S_B^+- = -J_B^+- enters the cross terms: S_A^+ + S_B^+ = J_A^+ - J_B^+.
    """
    sp_ = ensemble_space(N // 2)
    s = sp_.size
    one = sps.identity(s, format="csr", dtype=complex)
    kr = sps.kron

    def collective(side):
        f = left if side == "l" else right
        pm, p, m, z = f(sp_, "+-"), f(sp_, "+"), f(sp_, "-"), f(sp_, "z")
        # S^+ S^- = J_A^+J_A^- + J_B^+J_B^- - J_A^+ J_B^- - J_A^- J_B^+ (= L^dag L / Gamma)
        SpSm = kr(pm, one) + kr(one, pm) - kr(p, m) - kr(m, p)
        Zd = kr(one, z) - kr(z, one)
        return SpSm, Zd, p, m

    lSS, lZ, lp, lm = collective("l")
    rSS, rZ, rp, rm = collective("r")
    Lv = -1j * (chi * (lSS - rSS) + delta * (lZ - rZ))
    if Gamma > 0:
        lL = kr(lm, one) - kr(one, lm)                 # left by L = J_A^- - J_B^-
        rLd = kr(rp, one) - kr(one, rp)                # right by L^dag
        Lv = Lv + Gamma * (lL @ rLd - 0.5 * lSS - 0.5 * rSS)
    if gamma > 0:
        D = individual_decay(sp_, gamma)
        Lv = Lv + kr(D, one) + kr(one, D)
    rho0 = np.zeros(s * s, complex)
    d0 = int(sp_.dims[0])
    iA = sp_.index(0, 0, 0)                             # A: j = n/2, m = m' = -j (all in g)
    iB = sp_.index(0, d0 - 1, d0 - 1)                   # B: j = n/2, m = m' = +j (all in e)
    rho0[iA * s + iB] = 1.0
    return sp_, Lv.tocsr(), rho0


@cache
def _functionals(n: int) -> tuple[np.ndarray, tuple[str, ...]]:
    sp_ = ensemble_space(n)
    words = ("1", "x", "y", "z") + tuple(a + b for a in "xyz" for b in "xyz")
    return np.array([trace_functional(sp_, w) for w in words]), words


def joint_moments(N: int, v: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Trace, <S> (6) and symmetrised <S_i S_j> (6 x 6) in the paper frame.

    Order (S_A^x, S_A^y, S_A^z, S_B^x, S_B^y, S_B^z) with S_B^{x,y} = -J_B^{x,y}.
    """
    T, words = _functionals(N // 2)
    s = T.shape[1]
    W = T @ v.reshape(s, s) @ T.T                       # W[a, b] = <X_a (x) Y_b>
    idx = {w: i for i, w in enumerate(words)}
    tr = W[0, 0].real
    mean = np.empty(6)
    second = np.empty((6, 6))
    ax = "xyz"
    for i in range(3):
        mean[i] = (W[idx[ax[i]], 0] / tr).real
        mean[3 + i] = (W[0, idx[ax[i]]] / tr).real
        for k in range(3):
            second[i, k] = (0.5 * (W[idx[ax[i] + ax[k]], 0] + W[idx[ax[k] + ax[i]], 0]) / tr).real
            second[3 + i, 3 + k] = (0.5 * (W[0, idx[ax[i] + ax[k]]] + W[0, idx[ax[k] + ax[i]]]) / tr).real
            second[i, 3 + k] = second[3 + k, i] = (W[idx[ax[i]], idx[ax[k]]] / tr).real
    frame = np.array([1.0, 1.0, 1.0, -1.0, -1.0, 1.0])
    return float(tr), mean * frame, second * np.outer(frame, frame)
