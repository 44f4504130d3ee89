"""Sector observables at all times in one sweep over the sites (no m x m forms).

The sector state is ``c(t) = V a(t)`` (V: K x m window eigenvectors, a_n(t) = <E_n|0>
exp(-i E_n t)).  For a few hundred times it is cheaper to form c(t) block by block of sites
(one real GEMM ``V_block [Re a, Im a]``, 4 m flops per site and time) and accumulate the
moments of :mod:`._moments` on the fly than to build the quadratic forms of :mod:`._forms`
(a QR of a K x 2m matrix, ~8 K m^2 flops, at a fraction of GEMM speed).  The moments are the
stable ones of :mod:`._moments`: squeezed variances as sums of ``B_k |alpha c_k + beta
c_(k+1)|^2`` (norms of amplitude differences, never differences of large second moments).
Blocks of sites run in parallel threads (GEMM on one BLAS thread each, numba kernels
without the GIL); nothing of size K x (times) is stored.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from numba import njit

from ._blas import single_thread_blas

__all__ = ["moments_from_sweep", "sweep_flops", "sweep_moments"]

_ROWS = 4096  # sites per GEMM block (block of c: 4096 x 2T doubles)


@njit(cache=True, nogil=True)
def _accumulate(C, k0, n_pair, T, M, coef, out):
    """Add the moments of rows k0 .. k0+n_pair-1 of one block of c (pairs use row + 1).

    ``C`` is (rows, 2T): Re c in columns :T, Im c in T:.  ``coef`` (n_ops, 4) complex holds
    (a_A, a_B, b_A, b_B) of every linear operator; ``out`` (3 + n_ops, T) accumulates
    sum |c|^2, sum k |c|^2, sum k^2 |c|^2 and sum B_k (|a_A c_k + a_B c_k+1|^2 + |b_B c_k +
    b_A c_k+1|^2) per operator.  The pair sums run over the first ``n_pair`` rows only.
    """
    rows = C.shape[0]
    n_ops = coef.shape[0]
    for r in range(rows):
        k = k0 + r
        fk = float(k)
        if r < n_pair:
            for t in range(T):
                p = C[r, t] * C[r, t] + C[r, T + t] * C[r, T + t]
                out[0, t] += p
                out[1, t] += fk * p
                out[2, t] += fk * fk * p
        if r < n_pair and r + 1 < rows:
            Bk = (M - fk) * (fk + 1.0)
            for o in range(n_ops):
                aA = coef[o, 0]
                aB = coef[o, 1]
                bA = coef[o, 2]
                bB = coef[o, 3]
                for t in range(T):
                    c0 = complex(C[r, t], C[r, T + t])
                    c1 = complex(C[r + 1, t], C[r + 1, T + t])
                    u = aA * c0 + aB * c1
                    v = bB * c0 + bA * c1
                    out[3 + o, t] += Bk * (
                        u.real * u.real + u.imag * u.imag + v.real * v.real + v.imag * v.imag
                    )


def _chunk(V, A, s, e, K, T, M, coef):
    out = np.zeros((3 + coef.shape[0], T))
    for b0 in range(s, e, _ROWS):
        b1 = min(e, b0 + _ROWS)
        top = min(K, b1 + 1)  # one extra row for the pair (k, k+1)
        C = np.ascontiguousarray(V[b0:top] @ A)
        _accumulate(C, b0, b1 - b0, T, M, coef, out)
    return out


def sweep_moments(
    V: np.ndarray, energies: np.ndarray, overlaps: np.ndarray, times: np.ndarray, M: int, ops
) -> np.ndarray:
    """Moments of the sector state at every time, shape (3 + len(ops), T).

    Rows: sum_k |c_k|^2, sum_k k |c_k|^2, sum_k k^2 |c_k|^2, then for every linear operator
    ``(wA, wB)`` (standard frame, constant 3-vectors) the transverse part
    ``sum_k B_k (|a_A c_k + a_B c_(k+1)|^2 + |b_B c_k + b_A c_(k+1)|^2)`` with
    ``a = w^x - i w^y``, ``b = w^x + i w^y``, ``B_k = (M - k)(k + 1)`` (see :mod:`._moments`;
    c_K = 0 beyond the truncation).
    """
    K, m = V.shape
    times = np.asarray(times, dtype=float)
    T = times.size
    ph = np.exp(-1j * np.outer(energies, times)) * overlaps[:, None]  # (m, T)
    A = np.ascontiguousarray(np.hstack([ph.real, ph.imag]))
    coef = np.array(
        [
            [wA[0] - 1j * wA[1], wB[0] - 1j * wB[1], wA[0] + 1j * wA[1], wB[0] + 1j * wB[1]]
            for wA, wB in ops
        ],
        dtype=complex,
    ).reshape(len(ops), 4)
    nthr = max(1, min(numba.get_num_threads(), -(-K // _ROWS)))
    edges = np.linspace(0, K, nthr + 1).astype(int)
    with single_thread_blas():
        if nthr == 1:
            parts = [_chunk(V, A, 0, K, K, T, M, coef)]
        else:
            with ThreadPoolExecutor(nthr) as ex:
                parts = list(
                    ex.map(
                        lambda i: _chunk(V, A, edges[i], edges[i + 1], K, T, M, coef), range(nthr)
                    )
                )
    return np.sum(parts, axis=0)


def moments_from_sweep(S: np.ndarray, M: int, ops) -> tuple[tuple, list]:
    """``(kbar, var_k, norm)`` and ``[(mean, var)]`` per operator from :func:`sweep_moments` rows."""
    norm = S[0]
    kbar = S[1] / norm
    vark = np.maximum(S[2] / norm - kbar**2, 0.0)
    lin = []
    for o, (wA, wB) in enumerate(ops):
        dz = wA[2] - wB[2]
        lin.append((dz * (kbar - M / 2.0), dz**2 * vark + 0.25 * S[3 + o] / norm))
    return (kbar, vark, norm), lin


def sweep_flops(K: int, m: int, T: int, n_ops: int) -> float:
    """Floating-point operations of :func:`sweep_moments`: GEMM 4 K m T, moments ~(6 + 20 n_ops) K T."""
    return 4.0 * K * m * T + (6.0 + 20.0 * n_ops) * K * T
