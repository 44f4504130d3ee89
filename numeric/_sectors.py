"""Conserved quantities that are diagonal in the product basis cut it into sectors.

When every conserved operator ``Q`` of a spec is diagonal in the built product basis (e.g.
``S_A^z + S_B^z`` for two spin ensembles, ``a^dag a + S^z`` for Tavis–Cummings), each basis
state carries a tuple of eigenvalues and ``H`` only connects states with equal tuples.  A state
supported on one sector stays there under ``H`` and under every jump that commutes with ``Q``;
a jump that changes ``Q`` (cavity loss lowers ``a^dag a + S^z``) moves it to another sector, and
then the full space must be kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._result import ParameterError

__all__ = ["Sector", "coherence_blocks", "find_sector"]


@dataclass(frozen=True, slots=True)
class Sector:
    """The basis states of one sector, or why none is used.

    Parameters
    ----------
    index
        Indices of the sector's basis states in the full basis (``None``: use the full space).
    values
        ``(name, eigenvalue)`` of each conserved quantity in the sector.
    reason
        Why the sector is (or is not) used, for the Result.
    """

    index: np.ndarray | None
    values: tuple[tuple[str, float], ...]
    reason: str

    @property
    def size(self) -> int | None:
        return None if self.index is None else int(self.index.size)


def _labels(system) -> tuple[np.ndarray | None, str]:
    if not system.conserved:
        return None, "no conserved quantity declared"
    cols = []
    for name, Q in system.conserved:
        coo = Q.tocoo()
        off = coo.row != coo.col
        if np.any(np.abs(coo.data[off]) > 1e-12):
            return None, f"conserved {name!r} is not diagonal in the product basis"
        q = Q.diagonal()
        if np.abs(q.imag).max(initial=0.0) > 1e-12:
            return None, f"conserved {name!r} is not Hermitian"
        cols.append(np.round(q.real * 1e8) / 1e8)
    return np.stack(cols, axis=1), ""


def _connects(M: sp.spmatrix, labels: np.ndarray) -> bool:
    """Whether ``M`` has an element between states of different sectors."""
    coo = M.tocoo()
    keep = np.abs(coo.data) > 1e-14
    return bool(np.any(labels[coo.row[keep]] != labels[coo.col[keep]]))


def find_sector(
    system,
    vector: np.ndarray | None = None,
    matrix: np.ndarray | None = None,
    *,
    support_tol: float = 1e-14,
) -> Sector:
    """The sector a state lives in, if the system's conserved quantities allow one.

    Parameters
    ----------
    system
        A built :class:`~numeric._system.System`.
    vector, matrix
        The initial state, pure or density matrix.
    support_tol
        Amplitudes (or diagonal elements) at or below this count as outside the support.

    Returns
    -------
    Sector
        With ``index`` set when the state lies in one sector and every jump maps that sector
        into itself; otherwise ``index`` is ``None`` and ``reason`` says why.

    Raises
    ------
    ParameterError
        A declared conserved quantity that does not commute with ``H`` (diagonal ``Q`` with
        ``H`` connecting different eigenvalues): the spec is wrong.

    Notes
    -----
    Exact: restricting to an invariant subspace is no approximation.  Eigenvalues are compared
    after rounding to 1e-8.
    """
    lab, why = _labels(system)
    if lab is None:
        return Sector(None, (), why)
    _, key = np.unique(lab, axis=0, return_inverse=True)
    key = key.ravel()
    if _connects(system.H, key):
        raise ParameterError(
            "conserved quantities", "operators commuting with H", [n for n, _ in system.conserved]
        )
    for name, c in system.c_ops:
        if _connects(c, key):
            return Sector(None, (), f"jump {name!r} changes a conserved quantity: full space kept")
    if system.local_jumps:
        return Sector(None, (), "local jumps not built in this basis: full space kept")
    if vector is not None:
        support = np.nonzero(np.abs(vector) > support_tol)[0]
    elif matrix is not None:
        support = np.nonzero(np.abs(np.diagonal(matrix)) > support_tol)[0]
    else:
        return Sector(None, (), "no initial state")
    ks = np.unique(key[support])
    if ks.size != 1:
        return Sector(None, (), f"initial state spans {ks.size} sectors: full space kept")
    index = np.nonzero(key == ks[0])[0]
    if matrix is not None:
        outside = np.setdiff1d(np.arange(key.size), index)
        if outside.size and np.abs(matrix[np.ix_(outside, index)]).max() > support_tol:
            return Sector(None, (), "density matrix has coherences out of one sector")
    values = tuple((n, float(lab[index[0], i])) for i, (n, _) in enumerate(system.conserved))
    return Sector(
        index, values, f"sector {dict(values)} of size {index.size} (full space {key.size})"
    )


def coherence_blocks(
    system, matrix: np.ndarray, *, support_tol: float = 1e-14
) -> tuple[np.ndarray | None, str]:
    """Entries ``(i, j)`` of rho that a Lindblad evolution can reach, when jumps shift ``Q``.

    Parameters
    ----------
    system
        A built :class:`~numeric._system.System` with diagonal conserved quantities.
    matrix
        The initial density matrix.
    support_tol
        Entries at or below this count as zero.

    Returns
    -------
    index, reason
        Row-major indices ``i * d + j`` of the kept entries of ``vec(rho)`` (``None`` if no
        reduction applies) and a sentence for the Result.

    Notes
    -----
    Exact (a weak symmetry).  If ``H`` commutes with ``Q`` and every jump ``L_k`` changes ``Q``
    by a fixed amount ``c_k`` (cavity loss: ``c = -1``), the Liouvillian maps an entry
    ``|i><j|`` with ``q_i - q_j = delta`` only to entries with the same ``delta``: ``-i[H, .]``
    and the anticommutator keep it, ``L . L^dag`` shifts ``q_i`` and ``q_j`` alike.  A state
    block diagonal in ``Q`` (``delta = 0``, e.g. a Dicke state times vacuum) thus keeps only
    ``sum_q n_q^2`` of the ``d^2`` entries.
    """
    lab, why = _labels(system)
    if lab is None:
        return None, why
    for name, c in system.c_ops:
        coo = c.tocoo()
        keep = np.abs(coo.data) > 1e-14
        shift = lab[coo.row[keep]] - lab[coo.col[keep]]
        if shift.size and np.any(np.abs(shift - shift[0]) > 1e-8):
            return None, f"jump {name!r} does not shift the conserved quantities uniformly"
    if system.local_jumps:
        return None, "local jumps not built in this basis"
    rows, cols = np.nonzero(np.abs(matrix) > support_tol)
    deltas = np.unique(np.round(lab[rows] - lab[cols], 8), axis=0)
    d = lab.shape[0]
    keep = np.zeros((d, d), dtype=bool)
    for delta in deltas:
        diff = lab[:, None, :] - lab[None, :, :]
        keep |= np.all(np.abs(diff - delta) < 1e-8, axis=2)
    index = np.flatnonzero(keep)
    return index, (
        f"coherence blocks q_i - q_j in {[tuple(x) for x in deltas]}: "
        f"{index.size} of {d * d} density-matrix entries (jumps shift Q uniformly)"
    )
