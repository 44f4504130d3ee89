"""Sector observables as small quadratic forms in the eigenbasis of the (truncated) sector.

The sector state is ``c(t) = V a(t)`` with ``a_n(t) = <E_n|0> exp(-i E_n t)`` (m window
eigenvectors, m ~ 100, K up to ~N/4 sites).  Every observable the solver reports is a
quadratic form in c, so it is a quadratic form in the m amplitudes a(t) with an m x m
matrix computed once; after that each time costs O(m^2) instead of O(K m) plus O(K)
moment sums (the old route), and nothing of size K x (times) is ever stored.

Precision.  The squeezed variance is ``1/4 ||D (alpha_A V_lo + alpha_B V_hi) a||^2`` with
``D = diag(sqrt(B_k))`` (see :mod:`._moments`); its columns have norms ~ M while the
result is ~ sqrt(N/n), so a Gram matrix would lose ~ M^2/sqrt(N) digits.  Instead the
real matrix ``[D V_lo, D V_hi]`` (K x 2m) is QR-factorised (blocked, R only) and
``||R [alpha_A a; alpha_B a]||`` is evaluated: backward stable, relative error ~ eps M n / N,
the same as the norm of the amplitude difference.  ``<k>`` and ``<k^2>`` use Gram matrices
(relative error ~ eps m M/sqrt(N) and eps m M^2/N, i.e. < 1e-8 at N = 10^7).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._blas import single_thread_blas

__all__ = [
    "SectorForms",
    "sector_forms",
    "form_amplitudes",
    "form_pair_moments",
    "form_linear_moments",
]

_BLOCK = 1 << 16  # rows per block of the blocked QR / Gram sums (memory ~ 2m x 2^16 doubles)


@dataclass(frozen=True, slots=True)
class SectorForms:
    """m x m matrices of the sector observables in the eigenbasis (see module docstring)."""

    M: int
    energies: np.ndarray
    overlaps: np.ndarray
    gram: np.ndarray  # V^T V
    gram_k: np.ndarray  # V^T diag(k) V
    gram_k2: np.ndarray  # V^T diag(k^2) V
    R: np.ndarray  # R factor (2m x 2m) of [sqrt(B) V_lo, sqrt(B) V_hi]


def sector_forms(prop) -> SectorForms:
    """Build the forms of a :class:`._sector.SectorPropagator` (blocked over sites)."""
    V = prop.vectors
    K, m = V.shape
    M = prop.M
    gram = np.zeros((m, m))
    gk = np.zeros((m, m))
    gk2 = np.zeros((m, m))
    R = np.zeros((0, 2 * m))
    with single_thread_blas():
        for s in range(0, K, _BLOCK):
            e = min(K, s + _BLOCK)
            Vb = np.ascontiguousarray(V[s:e])
            kV = np.arange(s, e, dtype=float)[:, None] * Vb
            gram += Vb.T @ Vb
            gk += Vb.T @ kV
            gk2 += kV.T @ kV
            # rows k = s .. min(e, K-1)-1 of D V_lo and D V_hi (c_K = 0 beyond the truncation)
            e1 = min(e, K - 1)
            if e1 > s:
                kk = np.arange(s, e1, dtype=float)
                sb = np.sqrt((M - kk) * (kk + 1.0))[:, None]
                blk = np.hstack([sb * V[s:e1], sb * V[s + 1 : e1 + 1]])
                R = np.linalg.qr(np.vstack([R, blk]), mode="r")
    if R.shape[0] < 2 * m:
        R = np.vstack([R, np.zeros((2 * m - R.shape[0], 2 * m))])
    return SectorForms(M, prop.energies, prop.overlaps, gram, gk, gk2, R)


def form_amplitudes(f: SectorForms, times: np.ndarray) -> np.ndarray:
    """Eigenbasis amplitudes a(t), shape (T, m)."""
    return np.exp(-1j * np.outer(times, f.energies)) * f.overlaps[None, :]


def _quad(a: np.ndarray, G: np.ndarray) -> np.ndarray:
    return np.real(np.einsum("ti,ij,tj->t", a.conj(), G, a))


def form_pair_moments(f: SectorForms, a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and variance of the pair number k, and the norm of the (window) state."""
    norm = _quad(a, f.gram)
    kbar = _quad(a, f.gram_k) / norm
    vark = np.maximum(_quad(a, f.gram_k2) / norm - kbar**2, 0.0)
    return kbar, vark, norm


def form_linear_moments(
    f: SectorForms, a: np.ndarray, wA: np.ndarray, wB: np.ndarray, pair: tuple | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of ``wA . J_A + wB . J_B`` (standard frame, as :func:`._moments.linear_moments`)."""
    T, m = a.shape
    wA = np.broadcast_to(np.asarray(wA, dtype=float), (T, 3))
    wB = np.broadcast_to(np.asarray(wB, dtype=float), (T, 3))
    kbar, vark, norm = form_pair_moments(f, a) if pair is None else pair
    dz = wA[:, 2] - wB[:, 2]
    mean = dz * (kbar - f.M / 2.0)
    var0 = dz**2 * vark
    R1a = a @ f.R[:, :m].T  # (T, 2m): R [a; 0]
    R2a = a @ f.R[:, m:].T  # (T, 2m): R [0; a]
    aA = (wA[:, 0] - 1j * wA[:, 1])[:, None]
    aB = (wB[:, 0] - 1j * wB[:, 1])[:, None]
    bA = (wA[:, 0] + 1j * wA[:, 1])[:, None]
    bB = (wB[:, 0] + 1j * wB[:, 1])[:, None]
    plus = 0.25 * np.sum(np.abs(aA * R1a + aB * R2a) ** 2, axis=1)
    minus = 0.25 * np.sum(np.abs(bB * R1a + bA * R2a) ** 2, axis=1)
    return mean, var0 + (plus + minus) / norm
