"""QuTiP interop: states, operators and results to and from ``qutip.Qobj``, in QuTiP's basis order.

:mod:`numeric` orders the collective-spin basis ``k = 0..N`` as ``m = k - N/2`` (m
ASCENDING, :mod:`numeric._spin`); QuTiP's ``jmat``, ``spin_state`` and ``spin_coherent``
order it ``m = j, j-1, ..., -j`` (m DESCENDING).  Bosonic (Fock) factors are ``n = 0, 1, ...``
in both.  The permutation between the two orders is built in exactly one place,
:func:`_spin_permutation`, and is its own inverse, so every conversion in either direction
goes through it.

PIQS (``qutip.piqs``) stores a permutation-invariant state as a block-diagonal matrix of the
degeneracy-weighted blocks ``R_j`` (``Tr rho = sum_j tr R_j``), blocks ordered ``j = N/2,
N/2 - 1, ...`` and each block m descending; :mod:`numeric._pi_dicke` keeps the same ``R_j``,
in the same block order, flattened row-major with m ascending.

qutip is imported inside the functions: it is a test and benchmark dependency, not a runtime one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sps

from ._pi_dicke import dicke_basis
from ._result import ParameterError, Result

__all__ = ["as_state", "from_qobj", "to_qobj"]


def _qutip():
    try:
        import qutip
    except ImportError as exc:  # pragma: no cover - qutip is a test dependency
        raise ImportError("QuTiP interop needs qutip (pip install 'qderive[test]')") from exc
    return qutip


def _spin_permutation(dims: Sequence[int], spin: Sequence[bool]) -> np.ndarray:
    """Index map between numeric's order and QuTiP's on a tensor product (an involution).

    Factor ``i`` of dimension ``dims[i]`` is reversed (m ascending <-> m descending) where
    ``spin[i]``; Fock factors keep their order.  ``x_qutip = x_numeric[perm]`` and
    ``x_numeric = x_qutip[perm]``.
    """
    grids = np.meshgrid(
        *[np.arange(d)[::-1] if s else np.arange(d) for d, s in zip(dims, spin, strict=True)],
        indexing="ij",
    )
    return np.ravel_multi_index(tuple(g.ravel() for g in grids), tuple(dims))


def _factors(
    n: int, dims: Sequence[int] | None, spin: Sequence[bool] | None
) -> tuple[list[int], list[bool]]:
    dims = [n] if dims is None else [int(d) for d in dims]
    if int(np.prod(dims)) != n:
        raise ParameterError("dims", f"subsystem dimensions whose product is {n}", dims)
    spin = [True] * len(dims) if spin is None else [bool(s) for s in spin]
    if len(spin) != len(dims):
        raise ParameterError("spin", f"one flag per subsystem ({len(dims)})", spin)
    return dims, spin


def _n_atoms_of_pi_size(size: int) -> int | None:
    """The N whose permutation-invariant Dicke vector has ``size`` entries, if any."""
    N = 1
    while True:
        s = dicke_basis(N).size
        if s == size:
            return N
        if s > size:
            return None
        N += 1


def _dicke_blocks_to_matrix(N: int, v: np.ndarray) -> np.ndarray:
    b = dicke_basis(N)
    nds = int(b.dims.sum())
    out = np.zeros((nds, nds), complex)
    start = 0
    for k, d in enumerate(b.dims):
        d = int(d)
        p = _spin_permutation([d], [True])
        out[start : start + d, start : start + d] = b.block(v, k)[np.ix_(p, p)]
        start += d
    return out


def _dicke_matrix_to_blocks(N: int, M: np.ndarray) -> np.ndarray:
    b = dicke_basis(N)
    v = np.zeros(b.size, complex)
    start = 0
    for k, d in enumerate(b.dims):
        d = int(d)
        p = _spin_permutation([d], [True])
        v[b.offsets[k] : b.offsets[k + 1]] = M[start : start + d, start : start + d][
            np.ix_(p, p)
        ].ravel()
        start += d
    return v


def to_qobj(
    x: Any,
    *,
    basis: str = "spin",
    dims: Sequence[int] | None = None,
    spin: Sequence[bool] | None = None,
    N: int | None = None,
):
    """A numeric state, operator or :class:`Result` as a QuTiP object, in QuTiP's basis order.

    Parameters
    ----------
    x
        A ket (1-d), a density matrix or operator (2-d array or scipy sparse matrix) in
        numeric's basis, or a :class:`Result` (becomes a ``qutip.solver.Result``).
    basis
        ``"spin"``: the collective-spin basis (``k = m + N/2``, m ascending), possibly
        tensored with Fock factors (``dims``, ``spin``).  ``"dicke"``: a
        permutation-invariant Dicke vector of :mod:`numeric._pi_dicke` (blocks ``R_j``),
        which becomes PIQS's block-diagonal density matrix.
    dims
        Subsystem dimensions of a tensor product, in numeric's factor order (default: one factor).
    spin
        Per factor, True for a collective spin (reversed), False for a Fock mode (default: all spin).
    N
        Atom number of a Dicke vector (default: inferred from its size).

    Returns
    -------
    qutip.Qobj or qutip.solver.Result

    Examples
    --------
    >>> import qutip
    >>> from numeric import coherent_spin_state
    >>> psi = to_qobj(coherent_spin_state(4, 0.0, 0.0))       # m = +2: first in QuTiP's order
    >>> float(qutip.expect(qutip.jmat(2, "z"), psi))
    2.0
    """
    qutip = _qutip()
    if isinstance(x, Result):
        return _result_to_qutip(x, basis=basis, dims=dims, spin=spin, N=N)
    if basis == "dicke":
        v = np.asarray(x, complex).ravel()
        n = N if N is not None else _n_atoms_of_pi_size(v.size)
        if n is None or dicke_basis(n).size != v.size:
            raise ParameterError(
                "x", "a permutation-invariant Dicke vector (size of dicke_basis(N))", v.shape
            )
        return qutip.Qobj(_dicke_blocks_to_matrix(n, v))
    if basis != "spin":
        raise ParameterError("basis", "'spin' or 'dicke'", basis)
    if sps.issparse(x):
        x = x.toarray()
    a = np.asarray(x, complex)
    if a.ndim == 1 or (a.ndim == 2 and 1 in a.shape and a.shape[0] != a.shape[1]):
        a = a.ravel()
        fd, fs = _factors(a.size, dims, spin)
        return qutip.Qobj(a[_spin_permutation(fd, fs)][:, None], dims=[fd, [1] * len(fd)])
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ParameterError("x", "a ket, a square matrix or a Result", a.shape)
    fd, fs = _factors(a.shape[0], dims, spin)
    p = _spin_permutation(fd, fs)
    return qutip.Qobj(a[np.ix_(p, p)], dims=[fd, fd])


def from_qobj(q: Any, *, basis: str = "spin", spin: Sequence[bool] | None = None) -> Any:
    """A QuTiP object as numeric arrays (or a :class:`Result`), in numeric's basis order.

    Parameters
    ----------
    q
        A ``qutip.Qobj`` (ket, bra, density matrix or operator) or a ``qutip.solver.Result``.
    basis
        ``"spin"``: QuTiP's ``jmat`` order (m descending), tensored with Fock factors as
        the Qobj's ``dims`` say; ``"dicke"``: a PIQS block-diagonal Dicke-basis density matrix,
        returned as the permutation-invariant vector of :mod:`numeric._pi_dicke`.
    spin
        Per tensor factor of ``q.dims``, True for a collective spin (default: all).

    Returns
    -------
    ndarray or Result
        A 1-d ket, a 2-d matrix, a Dicke vector, or a :class:`Result`.

    Examples
    --------
    >>> import qutip
    >>> from_qobj(qutip.spin_state(1, -1)).real.tolist()      # m = -1: first in numeric's order
    [1.0, 0.0, 0.0]
    """
    qutip = _qutip()
    if isinstance(q, qutip.solver.Result):
        return _result_from_qutip(q, basis=basis, spin=spin)
    if not isinstance(q, qutip.Qobj):
        raise ParameterError("q", "a qutip.Qobj or qutip.solver.Result", type(q).__name__)
    a = q.full()
    if basis == "dicke":
        nds = a.shape[0]
        N = next((n for n in range(1, 4 * nds + 2) if int(dicke_basis(n).dims.sum()) == nds), None)
        if N is None or a.shape != (nds, nds):
            raise ParameterError(
                "q", "a PIQS Dicke-basis density matrix (num_dicke_states(N) square)", a.shape
            )
        return _dicke_matrix_to_blocks(N, a)
    if basis != "spin":
        raise ParameterError("basis", "'spin' or 'dicke'", basis)
    if q.isket or q.isbra:
        fd = [int(d) for d in (q.dims[0] if q.isket else q.dims[1])]
        fd, fs = _factors(a.size, fd, spin)
        return a.ravel()[_spin_permutation(fd, fs)]
    fd, fs = _factors(a.shape[0], [int(d) for d in q.dims[0]], spin)
    p = _spin_permutation(fd, fs)
    return a[np.ix_(p, p)]


def as_state(x: Any, *, basis: str = "spin") -> Any:
    """A solver's initial state as numeric expects it: a ``Qobj`` is converted, anything else passes.

    Public solvers call this at their entry, so a QuTiP state (in QuTiP's m-descending order)
    can be handed over directly.

    Examples
    --------
    >>> import qutip
    >>> as_state(qutip.spin_coherent(1, 0.0, 0.0)).round(12).real.tolist()
    [0.0, 0.0, 1.0]
    >>> as_state([1.0, 0.0])
    [1.0, 0.0]
    """
    mod = type(x).__module__ or ""
    if mod.startswith("qutip") and type(x).__name__ == "Qobj":
        return from_qobj(x, basis=basis)
    return x


def _result_to_qutip(r: Result, *, basis: str, dims, spin, N):
    _qutip()
    from qutip.solver.result import Result as QResult

    states = r.extra.get("states")
    opts = {
        "store_states": states is not None,
        "store_final_state": False,
        "keep_runs_results": False,
        "normalize_output": False,
        "progress_bar": "",
        "progress_kwargs": {},
    }
    out = QResult({}, opts, solver=f"numeric.{r.solver}")
    out.times = [float(t) for t in np.atleast_1d(r.times)]
    out.e_data = {name: list(np.atleast_1d(v)) for name, v in r.observables.items()}
    if states is not None:
        out.states = [to_qobj(s, basis=basis, dims=dims, spin=spin, N=N) for s in states]
    out.stats["method"] = r.method
    out.stats["run time"] = r.elapsed
    return out


def _result_from_qutip(q, *, basis: str, spin) -> Result:
    states = [from_qobj(s, basis=basis, spin=spin) for s in (q.states or [])]
    extra: dict[str, object] = {"states": states} if states else {}
    obs = {str(k): np.asarray(v) for k, v in q.e_data.items()}
    return Result(
        solver=f"qutip.{q.solver or 'solver'}",
        params={},
        times=np.asarray(q.times, float),
        observables=obs,
        elapsed=float(q.stats.get("run time", 0.0) or 0.0),
        method=str(q.stats.get("method", "QuTiP")),
        extra=extra,
    )
