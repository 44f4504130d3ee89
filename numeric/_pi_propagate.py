"""exp(L t) v on a uniform time grid, compiled: Al-Mohy & Higham's interval algorithm in numba.

scipy's ``expm_multiply(A, v, start, stop, num)`` (Al-Mohy & Higham, SIAM J. Sci. Comput.
33, 488 (2011), algorithm 5.2) spends most of its time, for the few-thousand-unknown
Liouvillians of the permutation-invariant solver, in Python overhead per Taylor term (a norm
per term, a sparse product dispatch per term) and it stores every output vector.  This module
runs the same algorithm with the same truncation parameters (degree m* and number of
segments s from scipy's own ``_fragment_3_1`` and 1-norm estimates, tolerance 2^-53, early
termination on the last two terms) in one numba loop, applies the Liouvillian either as its CSR
matrix or matrix-free (:func:`numeric._pi_kernels.apply_driven`; the CSR matrix then only feeds
the truncation parameters), and reduces each output vector to the collective moments on the fly,
so no trajectory of state vectors is stored.  ``taylor_parameters`` uses scipy's private
``_expm_multiply`` helpers so that the truncation rule is literally scipy's.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps
from numba import njit
from scipy.sparse.linalg import _expm_multiply as _em  # m*, s selection (same as expm_multiply)

from ._pi_kernels import apply_driven, block_moments

__all__ = ["taylor_parameters", "propagate_moments"]

_TOL = 2.0**-53


def taylor_parameters(A: sps.csr_matrix, t: float, mu: complex) -> tuple[int, int]:
    """Degree m* and segment count s of Al-Mohy & Higham for exp(t (A - mu)) (scipy's choice)."""
    B = (A - mu * sps.identity(A.shape[0], format="csr", dtype=A.dtype)).tocsr()
    norm1 = float(_em._exact_1_norm(B))
    if t * norm1 == 0:
        return 0, 1
    info = _em.LazyOperatorNormInfo(t * B, A_1_norm=t * norm1, ell=2)
    m_star, s = _em._fragment_3_1(info, 1, _TOL, ell=2)
    return int(m_star), int(s)


@njit(cache=True)
def _matvec(indptr, indices, data, mu, x, out):
    # out = (A - mu) x for CSR A
    n = indptr.size - 1
    for i in range(n):
        acc = -mu * x[i]
        for k in range(indptr[i], indptr[i + 1]):
            acc += data[k] * x[indices[k]]
        out[i] = acc


@njit(cache=True)
def _op(mf, indptr, indices, data, phys, js, offsets, mu, x, out):
    # out = (L - mu) x: matrix-free (mf) from the physical parameters, or CSR
    if mf:
        apply_driven(phys, js, offsets, mu, x, out)
    else:
        _matvec(indptr, indices, data, mu, x, out)


@njit(cache=True)
def _infnorm(x):
    m = 0.0
    for i in range(x.size):
        a = abs(x[i].real) + abs(x[i].imag)
        if a > m:
            m = a
    return m


@njit(cache=True)
def _taylor_segment(
    mf,
    indptr,
    indices,
    data,
    phys,
    mu,
    h,
    m_star,
    X0,
    npts,
    K,
    high,
    F,
    tmp,
    js,
    offsets,
    moms,
    row0,
    tol,
):
    # Taylor vectors K_p = h^p (A - mu)^p X0 / p! built lazily; F(k) = sum_p k^p K_p at k = 1..npts
    n = X0.size
    knorm = np.empty(m_star + 1)
    for i in range(n):
        K[0, i] = X0[i]
    knorm[0] = _infnorm(X0)
    high_p = 0
    for k in range(1, npts + 1):
        for i in range(n):
            F[i] = K[0, i]
        c1 = knorm[0]
        for p in range(1, m_star + 1):
            if p > high_p:
                _op(mf, indptr, indices, data, phys, js, offsets, mu, K[p - 1], tmp)
                kn = 0.0
                for i in range(n):
                    v = h * tmp[i] / p
                    K[p, i] = v
                    kn = max(kn, abs(v.real) + abs(v.imag))
                knorm[p] = kn
                high_p = p
            coeff = float(k) ** p
            fn = 0.0
            for i in range(n):
                v = F[i] + coeff * K[p, i]
                F[i] = v
                fn = max(fn, abs(v.real) + abs(v.imag))
            c2 = coeff * knorm[p]
            if c1 + c2 <= tol * fn:
                break
            c1 = c2
        scale = np.exp(k * h * mu)
        for i in range(n):
            F[i] *= scale
        block_moments(F, js, offsets, moms[row0 + k])
    # leave the last output in X0 for the next segment
    for i in range(n):
        X0[i] = F[i]
    return high_p


@njit(cache=True)
def _substeps(mf, indptr, indices, data, phys, js, offsets, mu, h, m_star, s, X, tmp, tol):
    # X <- exp(h (A - mu)) X in s substeps of Taylor degree <= m_star (algorithm 3.2)
    n = X.size
    eta = np.exp(h * mu / s)
    B = X.copy()
    used = 0
    for _ in range(s):
        c1 = _infnorm(B)
        for p in range(1, m_star + 1):
            _op(mf, indptr, indices, data, phys, js, offsets, mu, B, tmp)
            used += 1
            c2 = 0.0
            xn = 0.0
            f = h / (s * p)
            for i in range(n):
                v = f * tmp[i]
                B[i] = v
                c2 = max(c2, abs(v.real) + abs(v.imag))
                xv = X[i] + v
                X[i] = xv
                xn = max(xn, abs(xv.real) + abs(xv.imag))
            if c1 + c2 <= tol * xn:
                break
            c1 = c2
        for i in range(n):
            X[i] *= eta
            B[i] = X[i]
    return used


def propagate_moments(
    L: sps.csr_matrix,
    v0: np.ndarray,
    h: float,
    q: int,
    js: np.ndarray,
    offsets: np.ndarray,
    phys: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Moments of exp(L k h) v0, k = 0..q, for a permutation-invariant state vector.

    Returns
    -------
    moms : (q+1, 7) complex array of sum_j tr(R_j O) for O = 1, J_z, J_z^2, J^2 - J_z^2,
        J_+, (J_z J_+ + J_+ J_z)/2, J_+^2 (see ``_pi_kernels.block_moments``).
    matvecs : number of sparse products (cost measure).

    ``phys = (N, Gamma, chi, Omega, delta, g_em, g_pu, g_de)`` applies L matrix-free
    (:func:`numeric._pi_kernels.apply_driven`, the same operator as ``L``, which is then only used
    for the truncation parameters); without it the CSR ``L`` itself is applied (any Liouvillian
    in this basis, e.g. PIQS's in the tests).

    Notes
    -----
    Same truncation rule as ``scipy.sparse.linalg.expm_multiply`` with ``num = q + 1``: shift by
    mu = tr(L)/n, (m*, s) for the whole interval q h from the 1-norm estimates of powers of L,
    and Taylor terms until the last two are below 2^-53 of the sum (infinity norm).
    """
    L = sps.csr_matrix(L, dtype=complex)
    L.sort_indices()
    n = L.shape[0]
    mu = complex(L.diagonal().sum() / n)
    moms = np.zeros((q + 1, 7), complex)
    X = np.array(v0, dtype=complex, copy=True)
    block_moments(X, js, offsets, moms[0])
    if q == 0:
        return moms, 0
    m_star, s = taylor_parameters(L, q * h, mu)
    tmp = np.empty(n, complex)
    ip, ix, dt = L.indptr.astype(np.int64), L.indices.astype(np.int64), L.data
    mf = phys is not None
    if mf:
        mu = mu.real  # tr L is real (the Hamiltonian terms cancel in the trace): keeps Hermiticity
    ph = np.array(phys if mf else np.zeros(8), dtype=float)
    matvecs = 0
    if q <= s:
        # several substeps per output interval: parameters for one interval
        m1, s1 = taylor_parameters(L, h, mu)
        for k in range(q):
            matvecs += _substeps(mf, ip, ix, dt, ph, js, offsets, mu, h, m1, s1, X, tmp, _TOL)
            block_moments(X, js, offsets, moms[k + 1])
        return moms, matvecs
    d = q // s
    K = np.empty((m_star + 1, n), complex)
    F = np.empty(n, complex)
    row = 0
    while row < q:
        npts = min(d, q - row)
        matvecs += _taylor_segment(
            mf, ip, ix, dt, ph, mu, h, m_star, X, npts, K, 0, F, tmp, js, offsets, moms, row, _TOL
        )
        row += npts
    return moms, matvecs
