"""The real frame of the permutation-invariant Liouvillian: an anti-unitary symmetry halves the work.

In each block write ``rho_{ac} = i^(a - c) r_{ac}`` (``a, c = m + j, m' + j``), i.e. ``r = U^dag rho U``
with the collective rotation ``U = diag(i^a) = exp(i pi (J_z + j)/2)``. The Liouvillian becomes
``L' = U^dag L U`` (same sparsity, entries multiplied by ``i^k``, so the same 1-norms of all powers):

- ``U^dag J_x U = J_y``, ``U^dag J_- U = i J_-``: ``-i[Omega J_x, .]`` turns into
  ``-(Omega/2)[J_+ - J_-, .]`` and ``D[J_-]`` into itself, both real;
- local emission, pumping and dephasing are covariant under collective z rotations (they connect
  ``(a, c)`` only to entries with the same ``a - c``): unchanged, real;
- a Hamiltonian term diagonal in ``J_z`` (``chi J_+J_-``, ``delta J_z``) gives ``-i(E_a - E_c)``:
  imaginary, the frame is not real.

So ``L'`` is real exactly when ``U^dag (-i H) U`` and the ``U^dag L_k U`` (up to a phase each) are
real: equivalently the anti-unitary ``Theta rho = P rho^* P``, ``P = exp(i pi J_z)``, commutes with L
(``P H^* P = -H``, ``P L_k^* P = e^(i phi) L_k``). :func:`real_frame` tests the entries of
``L'`` themselves, so any CSR Liouvillian is classified, not only the driven Dicke model.

``r`` is Hermitian (``rho`` is), so ``A = Re r`` is symmetric and ``B = Im r`` antisymmetric, and a
real ``L'`` maps each to its own kind. The single real matrix ``X = A + B`` (d^2 reals per block, half
the 2 d^2 of the complex blocks) therefore carries the whole state: ``A = (X + X^T)/2``,
``B = (X - X^T)/2``, and ``X(t) = exp(L' t) X(0)`` is propagated with real arithmetic and no mirror.
Initial states invariant under Theta (Dicke states, CSS along +-y) have ``B = 0``; the CSS along
-x has both parts (it is mapped by Theta to the CSS along +x), so no further halving there.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps
from numba import njit

from ._pi_kernels import channel_prefactors

__all__ = ["apply_driven_x", "block_moments_x", "from_x", "real_frame", "to_x"]

#: Relative size of an imaginary part of U^dag L U still counted as zero (entries are products of
#: exact phases i^k with double numbers: a broken symmetry shows at O(1) of the rate, not 1e-13).
REAL_TOL = 1e-13


def _phase_exponents(js: np.ndarray, dims: np.ndarray) -> np.ndarray:
    """``a - c`` (mod 4) of every vector index (row-major blocks)."""
    out = []
    for d in dims:
        a = np.arange(int(d))
        out.append(((a[:, None] - a[None, :]) % 4).ravel())
    return np.concatenate(out).astype(np.int64)


def real_frame(L: sps.csr_matrix, js: np.ndarray, dims: np.ndarray) -> sps.csr_matrix | None:
    """``L' = U^dag L U`` as a real CSR matrix, or None when it is not real (symmetry broken).

    Notes
    -----
    ``(U^dag L U)_{(ac),(a'c')} = i^((a' - c') - (a - c)) L_{(ac),(a'c')}``. Refused when some
    ``|Im L'| > REAL_TOL max|L|``.
    """
    L = sps.csr_matrix(L, dtype=complex)
    k = _phase_exponents(js, dims)
    coo = L.tocoo()
    ph = (1j) ** ((k[coo.col] - k[coo.row]) % 4)
    vals = coo.data * ph
    scale = float(np.max(np.abs(vals))) if vals.size else 0.0
    if vals.size and float(np.max(np.abs(vals.imag))) > REAL_TOL * scale:
        return None
    return sps.csr_matrix((vals.real.copy(), (coo.row, coo.col)), shape=L.shape)


def to_x(v: np.ndarray, js: np.ndarray, dims: np.ndarray) -> np.ndarray:
    """The real vector X = Re r + Im r of a Hermitian block vector (complex, row-major)."""
    k = _phase_exponents(js, dims)
    r = np.asarray(v, complex) * (1j) ** ((-k) % 4)
    return (r.real + r.imag).copy()


def from_x(x: np.ndarray, js: np.ndarray, dims: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The complex block vector rho of a real vector X (inverse of :func:`to_x`)."""
    out = np.empty(x.size, complex)
    for b, d in enumerate(dims):
        d = int(d)
        X = np.asarray(x[offsets[b] : offsets[b] + d * d]).reshape(d, d)
        r = 0.5 * (X + X.T) + 0.5j * (X - X.T)
        a = np.arange(d)
        out[offsets[b] : offsets[b] + d * d] = (r * (1j) ** ((a[:, None] - a[None, :]) % 4)).ravel()
    return out


@njit(cache=True)
def block_moments_x(x, js, offsets, out):
    """``_pi_kernels.block_moments`` of the state whose real frame vector is x."""
    for q in range(7):
        out[q] = 0.0
    for b in range(js.size):
        j = js[b]
        d = int(round(2 * j)) + 1
        off = offsets[b]
        for a in range(d):
            m = -j + a
            rmm = x[off + a * d + a]
            out[0] += rmm
            out[1] += m * rmm
            out[2] += m * m * rmm
            out[3] += (j * (j + 1) - m * m) * rmm
            if a < d - 1:
                u, w = x[off + a * d + a + 1], x[off + (a + 1) * d + a]
                r1 = complex(0.5 * (u - w), -0.5 * (u + w))  # rho_{a, a+1} = -i r = B - i A
                cp = np.sqrt(j * (j + 1) - m * (m + 1))
                out[4] += cp * r1
                out[5] += (m + 0.5) * cp * r1
            if a < d - 2:
                u, w = x[off + a * d + a + 2], x[off + (a + 2) * d + a]
                r2 = complex(-0.5 * (u + w), -0.5 * (u - w))  # rho_{a, a+2} = -r
                cp2 = np.sqrt((j * (j + 1) - m * (m + 1)) * (j * (j + 1) - (m + 1) * (m + 2)))
                out[6] += cp2 * r2


@njit(cache=True, fastmath=True)
def apply_driven_x(p, js, offsets, mu, x, out):
    """out = (L' - mu) x in the real frame, for the driven-Dicke model with chi = delta = 0.

    ``p`` as in :func:`numeric._pi_kernels.apply_driven` (``p[2] = p[4] = 0`` required, not
    checked). Row by row: every term is a contiguous stream over the columns of one block row
    (this row, the rows a -+ 1, the rows of the blocks j +- 1), vectorisable, no mirror writes.
    """
    N, Gamma, Omega = p[0], p[1], p[3]
    ge, gp, gd = p[5], p[6], p[7]
    c0 = -0.5 * (ge + gp) * N - gd * N - mu
    c1 = -0.5 * (ge - gp)
    hO = 0.5 * Omega
    nb = js.size
    dmax = int(round(2 * js[0])) + 1
    m = np.empty(dmax)
    da = np.empty(dmax)
    cpp = np.zeros(dmax)
    cpm = np.zeros(dmax)
    ue = np.zeros(dmax)
    up = np.zeros(dmax)
    ud = np.zeros(dmax)
    de = np.zeros(dmax)
    dp = np.zeros(dmax)
    dd = np.zeros(dmax)
    row = np.empty(dmax)  # a fresh buffer: LLVM knows it does not alias x, and vectorises
    for b in range(nb):
        j = js[b]
        d = int(round(2 * j)) + 1
        off = offsets[b]
        jj = j * (j + 1)
        cs, cu, cd = channel_prefactors(N, j)
        for a in range(d):
            m[a] = -j + a
            da[a] = -0.5 * Gamma * (jj - m[a] * (m[a] - 1)) + c1 * m[a] + 0.5 * c0
            cpp[a] = np.sqrt(max(jj - m[a] * (m[a] + 1), 0.0))
            cpm[a] = np.sqrt(max(jj - (m[a] - 1) * m[a], 0.0))
        have_up = b > 0
        have_dn = b < nb - 1
        offu = offsets[b - 1] if have_up else 0
        offd = offsets[b + 1] if have_dn else 0
        dJ = d + 2
        dJd = d - 2
        for a in range(d):
            M = m[a]
            if have_up:
                J = j + 1
                ue[a] = np.sqrt(max((J + M + 1) * (J + M), 0.0))
                up[a] = np.sqrt(max((J - M + 1) * (J - M), 0.0))
                ud[a] = 2.0 * np.sqrt(max(J * J - M * M, 0.0))
            if have_dn:
                J = j - 1
                de[a] = np.sqrt(max((J - M) * (J - M + 1), 0.0))
                dp[a] = np.sqrt(max((J + M) * (J + M + 1), 0.0))
                dd[a] = 2.0 * np.sqrt(max((J + 1) * (J + 1) - M * M, 0.0))
        cje = Gamma + ge * cs
        cjp = gp * cs
        cjd = 4.0 * gd * cs
        more = gp != 0.0 or gd != 0.0
        fu0, fu1, fu2 = ge * cu, gp * cu, gd * cu
        fd0, fd1, fd2 = ge * cd, gp * cd, gd * cd
        for a in range(d):
            ra = off + a * d
            inner = 2 <= a <= d - 3
            nbd = 4 if inner else d
            for q in range(nbd):
                # guarded entries: the whole row at the block edges, else columns 0, 1, d-2, d-1
                c = q if (not inner or q < 2) else d - 4 + q
                acc = (da[a] + da[c] + cjd * m[a] * m[c]) * x[ra + c]
                if c > 0:
                    acc -= hO * cpm[c] * x[ra + c - 1]
                if c < d - 1:
                    acc += hO * cpp[c] * x[ra + c + 1]
                if a > 0:
                    acc -= hO * cpm[a] * x[ra - d + c]
                    if c > 0:
                        acc += cjp * cpm[a] * cpm[c] * x[ra - d + c - 1]
                if a < d - 1:
                    acc += hO * cpp[a] * x[ra + d + c]
                    if c < d - 1:
                        acc += cje * cpp[a] * cpp[c] * x[ra + d + c + 1]
                if have_up:
                    acc += fu0 * ue[a] * ue[c] * x[offu + (a + 2) * dJ + c + 2]
                    acc += fu1 * up[a] * up[c] * x[offu + a * dJ + c]
                    acc += fu2 * ud[a] * ud[c] * x[offu + (a + 1) * dJ + c + 1]
                if have_dn:
                    if a < d - 2 and c < d - 2:
                        acc += fd0 * de[a] * de[c] * x[offd + a * dJd + c]
                    if a >= 2 and c >= 2:
                        acc += fd1 * dp[a] * dp[c] * x[offd + (a - 2) * dJd + c - 2]
                    if 1 <= a < d - 1 and 1 <= c < d - 1:
                        acc += fd2 * dd[a] * dd[c] * x[offd + (a - 1) * dJd + c - 1]
                out[ra + c] = acc
            if not inner:
                continue
            # interior: every neighbour exists, one fused branch-free pass over the row
            fa = -hO * cpm[a]
            fb = hO * cpp[a]
            fs = cje * cpp[a]
            ru = offu + (a + 2) * dJ + 2 if have_up else ra
            rd = offd + a * dJd if have_dn else ra
            eu = fu0 * ue[a] if have_up else 0.0
            ed = fd0 * de[a] if have_dn else 0.0
            mda = da[a]
            for c in range(2, d - 2):
                row[c] = (
                    (mda + da[c]) * x[ra + c]
                    - hO * cpm[c] * x[ra + c - 1]
                    + hO * cpp[c] * x[ra + c + 1]
                    + fa * x[ra - d + c]
                    + fb * x[ra + d + c]
                    + fs * cpp[c] * x[ra + d + c + 1]
                    + eu * ue[c] * x[ru + c]
                    + ed * de[c] * x[rd + c]
                )
            if more:
                fp = cjp * cpm[a]
                md = cjd * m[a]
                rup = offu + a * dJ if have_up else ra
                rud = offu + (a + 1) * dJ + 1 if have_up else ra
                rdp = offd + (a - 2) * dJd - 2 if have_dn else ra
                rdd = offd + (a - 1) * dJd - 1 if have_dn else ra
                pu, du = (fu1 * up[a], fu2 * ud[a]) if have_up else (0.0, 0.0)
                pd, ddd = (fd1 * dp[a], fd2 * dd[a]) if have_dn else (0.0, 0.0)
                for c in range(2, d - 2):
                    row[c] += (
                        md * m[c] * x[ra + c]
                        + fp * cpm[c] * x[ra - d + c - 1]
                        + pu * up[c] * x[rup + c]
                        + du * ud[c] * x[rud + c]
                        + pd * dp[c] * x[rdp + c]
                        + ddd * dd[c] * x[rdd + c]
                    )
            for c in range(2, d - 2):
                out[ra + c] = row[c]
