"""A spin ensemble of N two-level atoms as the full 2^N product space, with per-atom jumps.

This is the independent check of the permutation-invariant and symmetric-subspace routes: every
atom is its own two-level system, the collective operators are sums over atoms, and a local jump
is one collapse operator per atom.  Atom 0 is the most significant tensor factor; each atom's
basis is ``(g, e)`` (index 0 = ground), so the bit of atom ``i`` in a basis index is 1 when that
atom is excited and the number of excited atoms ``k`` labels the Dicke manifold ``m = k - N/2``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ._result import ParameterError
from ._spin import gammaln

__all__ = ["MAX_ATOMS", "atom_operators", "local_collapse", "symmetric_embedding"]

MAX_ATOMS = 10
"""Largest N built atom by atom (2^N states; the Liouvillian has 4^N rows)."""

_SIGMA = {
    "-": sp.csr_matrix(np.array([[0, 1], [0, 0]], dtype=complex)),  # |g><e|
    "+": sp.csr_matrix(np.array([[0, 0], [1, 0]], dtype=complex)),  # |e><g|
    "z": sp.csr_matrix(np.array([[-1, 0], [0, 1]], dtype=complex)),  # |e><e| - |g><g|
}


def _check(N: int) -> int:
    if not 1 <= int(N) <= MAX_ATOMS:
        raise ParameterError("N (atoms built one by one)", f"an integer in [1, {MAX_ATOMS}]", N)
    return int(N)


def _on_atom(op: sp.spmatrix, i: int, N: int) -> sp.csr_matrix:
    left = sp.identity(2**i, dtype=complex, format="csr")
    right = sp.identity(2 ** (N - i - 1), dtype=complex, format="csr")
    return sp.kron(sp.kron(left, op), right, format="csr")


def local_collapse(N: int, kind: str, rate: float) -> tuple[sp.csr_matrix, ...]:
    """``sqrt(rate) * sigma_i^kind`` for every atom ``i`` (``kind`` in ``"-"``, ``"+"``, ``"z"``).

    Notes
    -----
    ``sigma^z`` is the Pauli matrix (eigenvalues +-1), so ``rate * D[sigma^z]`` dephases the
    atomic coherence at ``2 * rate`` (the convention of ``derive/_spec.py``).
    """
    N = _check(N)
    if kind not in _SIGMA:
        raise ParameterError("local jump kind", "one of '-', '+', 'z'", kind)
    s = np.sqrt(rate)
    return tuple((s * _on_atom(_SIGMA[kind], i, N)).tocsr() for i in range(N))


def atom_operators(N: int) -> dict[str, sp.csr_matrix]:
    """Collective ``S^+``, ``S^-``, ``S^z`` of N atoms in the 2^N space, by spec op name.

    Notes
    -----
    ``S^z = sum_i sigma_i^z / 2`` and ``S^+ = sum_i sigma_i^+``: on the symmetric states these
    reproduce the Condon–Shortley ladder of :func:`numeric.spin_operators` exactly.
    """
    N = _check(N)
    k = np.array([bin(b).count("1") for b in range(2**N)], dtype=float)
    sz = sp.diags(k - N / 2, format="csr", dtype=complex)
    sp_ = sum(_on_atom(_SIGMA["+"], i, N) for i in range(N)).tocsr()
    return {"+": sp_, "-": sp_.conj().T.tocsr(), "z": sz}


def symmetric_embedding(N: int) -> sp.csr_matrix:
    """The isometry ``V`` (2^N x (N+1)) taking the symmetric Dicke state ``|N/2, m>`` to atoms.

    Column ``k`` is the normalised sum of the ``binom(N, k)`` basis states with ``k`` excited
    atoms, ``m = k - N/2``; ``V^dag S^a V`` is the symmetric-subspace ``S^a``.
    """
    N = _check(N)
    k = np.array([bin(b).count("1") for b in range(2**N)])
    logc = gammaln(N + 1) - gammaln(k + 1) - gammaln(N - k + 1)
    vals = np.exp(-0.5 * logc).astype(complex)
    return sp.csr_matrix((vals, (np.arange(2**N), k)), shape=(2**N, N + 1))
