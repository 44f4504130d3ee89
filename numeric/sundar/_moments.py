"""Moments of collective spin operators in the S_A^z + S_B^z = 0 sector, without cancellation.

For a linear operator ``O = w_A . J_A + w_B . J_B`` (J = standard spin operators of
length j = M/2, M = N/2) and a sector state ``sum_k c_k |m_A = -j+k, m_B = j-k>``:

* ``<O> = (w_A^z - w_B^z)(<k> - j)`` — the transverse parts leave the sector;
* ``(Delta O)^2 = || (O - <O>) psi ||^2`` is the sum of three orthogonal pieces,
  living in the sectors 0 and +-1::

      sector 0 : (w_A^z - w_B^z)^2 sum_k (k - <k>)^2 |c_k|^2
      sector +1: 1/4 sum_k B_k |a_A c_k + a_B c_{k+1}|^2,   a = w^x - i w^y
      sector -1: 1/4 sum_k B_k |b_A c_{k+1} + b_B c_k|^2,   b = w^x + i w^y

  with ``B_k = (M - k)(k + 1)`` (the product of the J^+ matrix elements).

Squeezing means that ``a_A c_k + a_B c_{k+1}`` nearly cancels; computing the
amplitude difference first and squaring afterwards loses only a few digits of the
(already small) difference, whereas the textbook route ``<O^2> - <O>^2`` from
separately accumulated second moments cancels terms of order N n to leave a
result of order N / n.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pair_moments", "linear_moments", "SPIN_B_FRAME"]

# S_B = (-J_B^x, -J_B^y, J_B^z): the paper's sign convention S_B^+ = -J_B^+.
SPIN_B_FRAME = np.array([-1.0, -1.0, 1.0])


def pair_moments(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of the pair number k (k = n_eA = n_gB) for amplitudes c of shape (T, K)."""
    p = np.abs(c) ** 2
    k = np.arange(c.shape[1], dtype=float)
    norm = p.sum(axis=1)
    mean = (p @ k) / norm
    var = np.einsum("tk,tk->t", p, (k[None, :] - mean[:, None]) ** 2) / norm
    return mean, var


def linear_moments(
    c: np.ndarray, M: int, wA: np.ndarray, wB: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of ``wA . J_A + wB . J_B`` in the sector states ``c`` (shape (T, K)).

    ``wA``, ``wB`` are real 3-vectors in the *standard* spin frame (convert the
    paper's S_B components with :data:`SPIN_B_FRAME`), or arrays of shape (T, 3).
    """
    T, K = c.shape
    wA = np.broadcast_to(np.asarray(wA, dtype=float), (T, 3))
    wB = np.broadcast_to(np.asarray(wB, dtype=float), (T, 3))
    kbar, vark = pair_moments(c)
    norm = np.sum(np.abs(c) ** 2, axis=1)
    j = M / 2.0
    dz = wA[:, 2] - wB[:, 2]
    mean = dz * (kbar - j)
    var0 = dz**2 * vark
    k = np.arange(K - 1, dtype=float)
    Bk = (M - k) * (k + 1.0)
    aA = (wA[:, 0] - 1j * wA[:, 1])[:, None]
    aB = (wB[:, 0] - 1j * wB[:, 1])[:, None]
    bA = (wA[:, 0] + 1j * wA[:, 1])[:, None]
    bB = (wB[:, 0] + 1j * wB[:, 1])[:, None]
    lo, hi = c[:, :-1], c[:, 1:]
    plus = 0.25 * (np.abs(aA * lo + aB * hi) ** 2 @ Bk)
    minus = 0.25 * (np.abs(bA * hi + bB * lo) ** 2 @ Bk)
    return mean, var0 + (plus + minus) / norm
