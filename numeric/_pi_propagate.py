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

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sps
from numba import njit, types
from numba.extending import overload
from scipy.sparse.linalg import _expm_multiply as _em  # m*, s selection (same as expm_multiply)

from ._pi_kernels import apply_driven, block_moments
from ._pi_symmetry import apply_driven_x, block_moments_x, real_frame, to_x

__all__ = [
    "PiOperationCount",
    "pi_applications_model",
    "pi_operation_count",
    "pi_stencil_nonzeros",
    "propagate_moments",
    "taylor_parameters",
]

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


def _apply(mf, P, mu, x, out):
    """out = (L - mu) x; compiled only (see the overload below)."""
    raise NotImplementedError


@overload(_apply, jit_options={"cache": True})
def _apply_impl(mf, P, mu, x, out):
    # P = (indptr, indices, data, phys, js, offsets); matrix-free (mf) or CSR; the real frame
    # kernel for a real x. Resolved at compile time by the dtype (no function-typed arguments,
    # which numba cannot cache).
    if isinstance(x.dtype, types.Complex):

        def impl(mf, P, mu, x, out):
            if mf:
                apply_driven(P[3], P[4], P[5], mu, x, out)
            else:
                _matvec(P[0], P[1], P[2], mu, x, out)

    else:

        def impl(mf, P, mu, x, out):
            if mf:
                apply_driven_x(P[3], P[4], P[5], mu, x, out)
            else:
                _matvec(P[0], P[1], P[2], mu, x, out)

    return impl


def _moments(v, js, offsets, out):
    """block_moments of a complex vector, block_moments_x of a real frame vector."""
    raise NotImplementedError


@overload(_moments, jit_options={"cache": True})
def _moments_impl(v, js, offsets, out):
    if isinstance(v.dtype, types.Complex):
        return lambda v, js, offsets, out: block_moments(v, js, offsets, out)
    return lambda v, js, offsets, out: block_moments_x(v, js, offsets, out)


@njit(cache=True)
def _infnorm(x):
    m = 0.0
    for i in range(x.size):
        a = abs(x[i].real) + abs(x[i].imag)
        if a > m:
            m = a
    return m


@njit(cache=True, fastmath=True)
def _taylor_segment(
    mf,
    P,
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
                _apply(mf, P, mu, K[p - 1], tmp)
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
        _moments(F, js, offsets, moms[row0 + k])
    # leave the last output in X0 for the next segment
    for i in range(n):
        X0[i] = F[i]
    return high_p


@njit(cache=True, fastmath=True)
def _substeps(mf, P, mu, h, m_star, s, X, tmp, tol):
    # X <- exp(h (A - mu)) X in s substeps of Taylor degree <= m_star (algorithm 3.2)
    n = X.size
    eta = np.exp(h * mu / s)
    B = X.copy()
    used = 0
    for _ in range(s):
        c1 = _infnorm(B)
        for p in range(1, m_star + 1):
            _apply(mf, P, mu, B, tmp)
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
    real: bool = True,
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
    in this basis, e.g. PIQS's in the tests).  ``real`` (default) propagates the real frame
    vector of :mod:`numeric._pi_symmetry` whenever ``U^dag L U`` is real (for ``phys``: chi = delta
    = 0), half the numbers and real arithmetic; otherwise, or with ``real=False``, the complex
    vector.

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
    block_moments(np.asarray(v0, complex), js, offsets, moms[0])
    if q == 0:
        return moms, 0
    dims = np.rint(2 * np.asarray(js) + 1).astype(np.int64)
    mf = phys is not None
    if real and mf:
        real = phys[2] == 0 and phys[4] == 0  # driven Dicke: the frame is real iff chi = delta = 0
    elif real:
        Lr = real_frame(L, js, dims)
        real = Lr is not None
    if real:
        # the real frame: X = Re r + Im r, L' = U^dag L U real (numeric._pi_symmetry)
        X = to_x(v0, js, dims)
        mu = mu.real
        M = L if mf else Lr
        M.sort_indices()
    else:
        X = np.array(v0, dtype=complex, copy=True)
        M = L
        if mf:
            mu = mu.real  # tr L is real (the Hamiltonian terms cancel in the trace): Hermiticity
    ph = np.array(phys if mf else np.zeros(8), dtype=float)
    data = M.data.real.copy() if real else M.data
    P = (M.indptr.astype(np.int64), M.indices.astype(np.int64), data, ph, js, offsets)
    # parameters for one output interval first: when it needs >= 2 substeps, the whole interval
    # q h needs >= q of them, and the rule below (q <= s) is decided without estimating
    # the norms of powers of the (much larger) L q h
    m1, s1 = taylor_parameters(L, h, mu)
    m_star, s = (m1, q * s1) if s1 >= 2 else taylor_parameters(L, q * h, mu)
    tmp = np.empty(n, X.dtype)
    matvecs = 0
    if q <= s:
        # several substeps per output interval, with the parameters of one interval
        for k in range(q):
            matvecs += _substeps(mf, P, mu, h, m1, s1, X, tmp, _TOL)
            (block_moments_x if real else block_moments)(X, js, offsets, moms[k + 1])
        return moms, matvecs
    d = q // s
    K = np.empty((m_star + 1, n), X.dtype)
    F = np.empty(n, X.dtype)
    row = 0
    while row < q:
        npts = min(d, q - row)
        matvecs += _taylor_segment(
            mf, P, mu, h, m_star, X, npts, K, 0, F, tmp, js, offsets, moms, row, _TOL
        )
        row += npts
    return moms, matvecs


@dataclass(frozen=True, slots=True)
class PiOperationCount:
    """Operation count of the permutation-invariant propagation (the cost floor of the algorithm).

    Attributes
    ----------
    N
        Atom number.
    unknowns
        Real numbers per state (``sum_j (2j+1)^2``: the real frame X, or the m <= m' half of the
        complex blocks, 2 reals each).
    nonzeros
        Terms of the kernel stencil per application (every coefficient the kernel multiplies,
        zeros at the block edges included).
    ops_per_application
        ``2 nonzeros`` (one multiply, one add per term, real arithmetic) ``+ 6 unknowns`` (the
        Taylor update: scale, accumulate, two max-norms).
    applications
        Liouvillian products (measured: ``Result.extra["matvecs"]``, or the a-priori model).
    ops
        ``applications x ops_per_application``.
    floor_seconds
        ``ops / rate`` (default 1e8 operations per second and core).
    """

    N: int
    unknowns: int
    nonzeros: int
    ops_per_application: int
    applications: int
    ops: float
    floor_seconds: float


def pi_stencil_nonzeros(N: int, kinds: tuple[bool, bool, bool] = (True, False, False)) -> int:
    """Terms per application of the driven-Dicke kernel with local (emission, pumping, dephasing).

    Notes
    -----
    Per block of dimension d: diagonal d^2, ``[J_+ - J_-, X]`` 4 d (d - 1), collective (and
    same-j emission) sandwich (d - 1)^2; per local kind present: the neighbour blocks j + 1
    (d^2 terms) and j - 1 ((d - 2)^2), plus (d - 1)^2 for same-j pumping (same-j dephasing
    is diagonal). Exact count of the multiply-adds of :func:`numeric._pi_symmetry.apply_driven_x`.
    """
    dims = np.arange(N + 1, 0, -2, dtype=np.int64)
    tot = 0
    for b, d in enumerate(dims):
        tot += d * d + 4 * d * (d - 1) + (d - 1) ** 2
        for k, on in enumerate(kinds):
            if not on:
                continue
            tot += d * d if b > 0 else 0
            tot += (d - 2) ** 2 if d > 2 else 0
            tot += (d - 1) ** 2 if k == 1 else 0
    return int(tot)


def pi_applications_model(N: int, Gamma: float, Omega: float, gamma_s: float, t: float) -> int:
    """A-priori number of Liouvillian products on [0, t]: ``2 ||L||_1 t`` (measured 1.8-2.4).

    Notes
    -----
    ``||L||_1 ~ Gamma N^2/2 + Omega N + 2 gamma_s N`` (the collective decay, the drive commutator
    and the local emission at the centre of the j = N/2 block; 1.02x the exact 1-norm at N = 100).
    Measured products / (||L||_1 t) at 200 outputs on [0, 2], Upsilon/Upsilon_c = 0.9,
    Gamma = gamma_s = 1: 1.82 (N = 20), 2.35 (40), 1.91 (80).
    """
    norm = Gamma * N * N / 2 + abs(Omega) * N + 2 * gamma_s * N
    return int(math.ceil(2.0 * norm * t))


def pi_operation_count(
    N: int,
    applications: int,
    *,
    kinds: tuple[bool, bool, bool] = (True, False, False),
    rate: float = 1e8,
) -> PiOperationCount:
    """Operation count and its time floor at ``rate`` operations per second (one core).

    Parameters
    ----------
    N
        Atom number.
    applications
        Number of Liouvillian products (``Result.extra["matvecs"]`` of :func:`numeric.pi_evolve`,
        or :func:`pi_applications_model`).
    kinds
        Which local processes are present (emission, pumping, dephasing).
    rate
        Operations per second and core of the floor (1e8 by convention).

    Notes
    -----
    The complex route does the same count: half the entries (m <= m'), each term a real
    coefficient times a complex number (2 multiplies, 2 adds).

    Examples
    --------
    >>> c = pi_operation_count(2, 10)
    >>> c.unknowns, c.nonzeros
    (10, 40)
    """
    n = int(sum(d * d for d in range(N + 1, 0, -2)))
    nnz = pi_stencil_nonzeros(N, kinds)
    per = 2 * nnz + 6 * n
    ops = float(applications) * per
    return PiOperationCount(N, n, nnz, per, int(applications), ops, ops / rate)
