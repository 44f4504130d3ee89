"""Reflection parity m -> -m: the even/odd blocks of rho_A and the QFI (Eq. (5)) on them.

``P|m> = |-m>`` commutes with ``H_eff`` and the photon loss of sharma2025 (``J_z`` enters
only as ``J_z^2``) and ``P J_y P = -J_y``.  In the basis (even, odd) of P the generator is
``J_y = [[0, X], [X^dag, 0]]``; a state without even-odd coherences is block diagonal,
and its eigen formula (5) needs only the two (half-size) blocks:

    F_Q = 4 sum_{i in e, j in o} (l_i - m_j)^2 / (l_i + m_j) |(V_e^dag X V_o)_ij|^2.

For the model's states (initial CSS, which is even) the odd block vanishes too.

Notes
-----
Nothing here assumes the parity: the callers check that the even-odd block (and the odd
block) are at round-off level before using these formulas, and report it.  Vectorised
over a leading (time) axis: one stacked ``eigh`` per call.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps

__all__: list[str] = []

# A block whose largest entry is below this fraction of the state's is round-off.
ROUNDOFF = 1e-13


def parity_basis(N: int, k0: int = 0):
    """Even and odd basis vectors of the Dicke indices k0 <= k <= N - k0, and J_y's X.

    Even basis: |0> (N even) and (|m> + |-m>)/sqrt2, m > 0; odd basis: (|m> - |-m>)/sqrt2.
    Returns ``(pos, mirror, has_zero, Pe, Po, X)``: ``pos`` the Dicke indices with m > 0,
    ``mirror = N - pos``, ``Pe``/``Po`` sparse rows of the basis vectors (over all N+1
    indices), and ``X = Pe J_y Po^T`` (dense).
    """
    k = np.arange(N + 1)
    pos = k[(k > N / 2) & (k <= N - k0)]
    mirror = N - pos
    has_zero = N % 2 == 0
    off = 1 if has_zero else 0
    r2 = 1 / np.sqrt(2)
    i = np.arange(pos.size)
    rows_e = np.concatenate(([0] if has_zero else [], i + off, i + off)).astype(int)
    cols_e = np.concatenate(([N // 2] if has_zero else [], pos, mirror)).astype(int)
    vals_e = np.concatenate(([1.0] if has_zero else [], np.full(2 * pos.size, r2)))
    Pe = sps.csr_matrix((vals_e, (rows_e, cols_e)), shape=(pos.size + off, N + 1))
    Po = sps.csr_matrix(
        (
            np.concatenate((np.full(pos.size, r2), np.full(pos.size, -r2))),
            (np.concatenate((i, i)), np.concatenate((pos, mirror))),
        ),
        shape=(pos.size, N + 1),
    )
    j = N / 2
    mm = np.arange(N + 1) - N / 2.0
    up = np.sqrt((j - mm[:-1]) * (j + mm[:-1] + 1))  # <m+1|J_+|m>
    Jp = sps.diags(up, -1)
    Jy = (Jp - Jp.T) / 2j
    X = (Pe @ Jy @ Po.T).toarray()
    return pos, mirror, has_zero, Pe, Po, X


def herm(a: np.ndarray) -> np.ndarray:
    """Hermitian part of (a stack of) square matrices."""
    return 0.5 * (a + np.conj(np.swapaxes(a, -1, -2)))


def qfi_blocks(re: np.ndarray, ro: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (5) for generator J_y from the even and odd blocks (stacked over times).

    Returns (F_Q, smallest eigenvalue) per time.  Where the odd block is below round-off
    (``ROUNDOFF`` of the even one) its eigenvalues are exactly zero and ``V_o = 1``.
    """
    T, no = ro.shape[0], ro.shape[1]
    le, Ve = np.linalg.eigh(herm(re))
    lo = np.zeros((T, no))
    M = np.conj(np.swapaxes(Ve, -1, -2)) @ X
    if no:
        big = np.max(np.abs(ro), axis=(1, 2)) > ROUNDOFF * np.max(np.abs(re), axis=(1, 2))
        if big.any():
            lo[big], Vo = np.linalg.eigh(herm(ro[big]))
            M[big] = M[big] @ Vo
    lmin = np.minimum(le.min(axis=1, initial=np.inf), lo.min(axis=1, initial=np.inf))
    le = np.clip(le, 0.0, None)
    lo = np.clip(lo, 0.0, None)
    den = le[:, :, None] + lo[:, None, :]
    num = (le[:, :, None] - lo[:, None, :]) ** 2
    w = np.divide(num, den, out=np.zeros_like(den), where=den > 0)
    return 4.0 * np.sum(w * (M.real**2 + M.imag**2), axis=(1, 2)), lmin
