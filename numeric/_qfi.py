"""Quantum Fisher information of a state for a unitary phase imprint exp(-i theta G).

All functions take the state as a dense matrix (or a factor / a ket) and the
generator ``G`` as a dense or scipy-sparse Hermitian matrix.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = [
    "qfi_eig",
    "qfi_factor",
    "qfi_pure",
    "qfi_variance",
    "tr_rho_g_squared",
]


def _apply(G, X: np.ndarray) -> np.ndarray:
    return G @ X if sp.issparse(G) else np.asarray(G) @ X


def _trace_prod(rho: np.ndarray, X) -> complex:
    """``Tr[rho X]`` without forming the product (X dense or sparse)."""
    if sp.issparse(X):
        return complex(X.multiply(rho.T).sum())
    return complex(np.sum(rho * np.asarray(X).T))


def _pair_sum(w: np.ndarray, Gt: np.ndarray) -> float:
    """``2 sum_ij (l_i - l_j)^2 / (l_i + l_j) |G_ij|^2`` over pairs with ``l_i + l_j > 0``."""
    s = w[:, None] + w[None, :]
    d2 = (w[:, None] - w[None, :]) ** 2
    ratio = np.divide(d2, s, out=np.zeros_like(s), where=s > 0)
    return float(2.0 * np.sum(ratio * np.abs(Gt) ** 2))


def qfi_eig(rho: np.ndarray, G) -> float:
    """QFI by the eigen-decomposition formula (sharma2025 Eq. (5); Braunstein & Caves 1994).

    ``F_Q = 2 sum_ij (l_i - l_j)^2/(l_i + l_j) |<i|G|j>|^2`` with
    ``rho = sum_i l_i |i><i|``.

    Notes
    -----
    Exact for any density matrix. Eigenvalues that come out slightly negative
    by round-off are set to zero; pairs with ``l_i + l_j = 0`` are skipped (their
    term is bounded by ``(l_i + l_j)|G_ij|^2`` and so vanishes). The
    round-off error is therefore of order ``eps * ||G||^2``.
    """
    rho = np.asarray(rho)
    w, V = np.linalg.eigh(0.5 * (rho + rho.conj().T))
    w = np.clip(w, 0.0, None)
    Gt = V.conj().T @ _apply(G, V)
    return _pair_sum(w, Gt)


def qfi_factor(A: np.ndarray, G) -> float:
    """QFI of ``rho = A A^dag`` from a thin factor ``A`` (shape ``d x r``, ``r < d``).

    The eigen formula (Eq. (5)) rewritten as
    ``F_Q = 4 Tr[rho G^2] - 8 sum_ij l_i l_j/(l_i + l_j) |<i|G|j>|^2``
    (the pairs with one partner in the kernel of rho are summed in closed form).
    The eigenpairs come from the r x r Gram matrix ``A^dag A = W diag(l) W^dag``
    (same non-zero spectrum as rho, eigenvectors ``A W_i / sqrt(l_i)``), so that
    ``l_i l_j |G_ij|^2 = |(W^dag A^dag G A W)_ij|^2`` needs no division by ``l_i``.

    Notes
    -----
    Cost ``O(d r^2)`` instead of ``O(d^3)``: the QFI of a mixed state of rank ``r``
    (an atomic state entangled with a photon mode occupying ``r`` Fock states) is
    cheap at large ``d``. Pairs with ``l_i + l_j < 64 eps l_max`` — pure round-off —
    are dropped; their true contribution is below ``2 * 64 eps l_max ||G||_F^2``.
    """
    A = np.asarray(A)
    w, W = np.linalg.eigh(A.conj().T @ A)
    w = np.clip(w, 0.0, None)
    GA = _apply(G, A)
    Xt = W.conj().T @ (A.conj().T @ GA) @ W
    s = w[:, None] + w[None, :]
    delta = 64.0 * np.finfo(float).eps * max(float(w.max()), 0.0)
    inv = np.divide(1.0, s, out=np.zeros_like(s), where=s > delta)
    return float(4.0 * np.sum(np.abs(GA) ** 2) - 8.0 * np.sum(inv * np.abs(Xt) ** 2))


def qfi_variance(rho: np.ndarray, G) -> float:
    """``4 (Tr[rho G^2] - Tr[rho G]^2)``, an upper bound on the QFI (sharma2025 Eq. (B2)).

    Notes
    -----
    Equal to the QFI if and only if ``Tr[(rho (G - <G>))^2] = 0`` (Eq. (B5)), in
    particular for pure states.
    """
    rho = np.asarray(rho)
    g1 = _trace_prod(rho, G).real
    g2 = _trace_prod(rho, G @ G).real
    return float(4.0 * (g2 - g1**2))


def qfi_pure(psi: np.ndarray, G) -> float:
    """QFI of a pure state: ``4 (<psi|G^2|psi> - <psi|G|psi>^2)``."""
    psi = np.asarray(psi)
    Gpsi = _apply(G, psi)
    norm = np.vdot(psi, psi).real
    g1 = np.vdot(psi, Gpsi).real / norm
    g2 = np.vdot(Gpsi, Gpsi).real / norm
    return float(4.0 * (g2 - g1**2))


def tr_rho_g_squared(rho: np.ndarray, G) -> float:
    """``Tr[(rho G)^2]`` — the left side of condition (B5) of sharma2025."""
    M = np.asarray(_apply(G.T, np.asarray(rho).T)).T  # rho @ G, G possibly sparse
    return float(np.sum(M * M.T).real)
