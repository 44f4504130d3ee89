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

from functools import cache

import numpy as np
import scipy.sparse as sps

from .._pi_dicke import DickeBasis, LocalRates, _left, _right, dicke_basis, local_dissipator
from .._spin import spin_block

__all__ = [
    "EnsembleSpace",
    "ensemble_space",
    "individual_decay",
    "two_ensemble_liouvillian",
    "joint_moments",
]

#: Block index map of one ensemble of n atoms (blocks j = n/2, n/2 - 1, ...): :class:`numeric.DickeBasis`.
EnsembleSpace = DickeBasis


def ensemble_space(n: int) -> DickeBasis:
    """The permutation-invariant Dicke basis of one ensemble of n atoms (:func:`numeric.dicke_basis`)."""
    return dicke_basis(n)


def _spin(j: float) -> dict[str, np.ndarray]:
    """Standard spin-j matrices in the basis m = -j .. j (ascending), from :func:`numeric.spin_block`."""
    s = spin_block(j)
    return {
        "1": np.eye(s.m.size),
        "+": s.jp.toarray().real,
        "-": s.jm.toarray().real,
        "z": np.diag(s.m),
        "x": s.jx.toarray(),
        "y": s.jy.toarray(),
    }


def _block_ops(sp_: DickeBasis, word: str) -> list[np.ndarray]:
    """Per block, the product of single-letter operators in ``word`` (e.g. '+-' = J^+ J^-)."""
    out = []
    for j in sp_.js:
        s = _spin(float(j))
        X = np.eye(s["1"].shape[0], dtype=complex)
        for ch in word:
            X = X @ s[ch]
        out.append(X)
    return out


def left(sp_: DickeBasis, word: str) -> sps.csr_matrix:
    """Superoperator R -> X R of one ensemble, X the collective operator ``word``."""
    return _left([sps.csr_matrix(X) for X in _block_ops(sp_, word)])


def right(sp_: DickeBasis, word: str) -> sps.csr_matrix:
    """Superoperator R -> R X of one ensemble (row-major vectorisation)."""
    return _right([sps.csr_matrix(X) for X in _block_ops(sp_, word)])


def trace_functional(sp_: DickeBasis, word: str) -> np.ndarray:
    """Row vector t with t . R = sum_j tr(X_j R_j) for the collective operator ``word``."""
    return np.concatenate([X.T.ravel() for X in _block_ops(sp_, word)])


def individual_decay(sp_: DickeBasis, gamma: float) -> sps.csr_matrix:
    """gamma sum_i D[sigma_i^-] on one ensemble's blocks R_j = d_j rho_j (:func:`numeric.local_dissipator`)."""
    return local_dissipator(sp_.N, LocalRates(emission=gamma)).astype(complex)


def two_ensemble_liouvillian(
    N: int, chi: float, delta: float, Gamma: float, gamma: float
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
        lL = kr(lm, one) - kr(one, lm)  # left by L = J_A^- - J_B^-
        rLd = kr(rp, one) - kr(one, rp)  # right by L^dag
        Lv = Lv + Gamma * (lL @ rLd - 0.5 * lSS - 0.5 * rSS)
    if gamma > 0:
        D = individual_decay(sp_, gamma)
        Lv = Lv + kr(D, one) + kr(one, D)
    rho0 = np.zeros(s * s, complex)
    d0 = int(sp_.dims[0])
    iA = sp_.index(0, 0, 0)  # A: j = n/2, m = m' = -j (all in g)
    iB = sp_.index(0, d0 - 1, d0 - 1)  # B: j = n/2, m = m' = +j (all in e)
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
    W = T @ v.reshape(s, s) @ T.T  # W[a, b] = <X_a (x) Y_b>
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
            second[3 + i, 3 + k] = (
                0.5 * (W[0, idx[ax[i] + ax[k]]] + W[0, idx[ax[k] + ax[i]]]) / tr
            ).real
            second[i, 3 + k] = second[3 + k, i] = (W[idx[ax[i]], idx[ax[k]]] / tr).real
    frame = np.array([1.0, 1.0, 1.0, -1.0, -1.0, 1.0])
    return float(tr), mean * frame, second * np.outer(frame, frame)
