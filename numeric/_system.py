"""A model spec as sparse operators in a stated product basis.

The spec protocol
-----------------
:func:`build` reads a model spec by attribute names only (duck typing; :mod:`numeric` never
imports :mod:`derive`).  The schema is ``derive/_spec.py``; what is read here:

- ``spec.name``; ``spec.dofs``: items with ``kind`` (``"spin"``, ``"boson"``, ``"levels"``),
  ``name``, ``size`` (atoms, Fock cutoff — 0 lets the solver choose — or level count) and
  ``labels`` (levels only);
- ``spec.hamiltonian``: terms with ``coeff`` (complex) and ``factors``, a tuple of
  ``(dof name, op, power)`` in operator order; ops are ``"+"``, ``"-"``, ``"z"`` (spin),
  ``"a"``, ``"ad"`` (boson) and ``"i,j"`` = ``|i><j|`` (levels);
- ``spec.jumps``: items with ``name``, ``rate`` and ``operator`` (terms), the dissipator
  ``rate * D[L]``; ``spec.local_jumps``: items with ``name``, ``dof``, ``kind`` (``"-"``,
  ``"+"``, ``"z"``) and ``rate``, i.e. ``rate * sum_i D[sigma_i^kind]`` on a spin ensemble;
- ``spec.conserved`` and ``spec.observables``: ``(name, terms)`` pairs; ``spec.params``:
  ``(name, value)`` pairs.

The basis
---------
Tensor factors in ``spec.dofs`` order, the first the most significant (``kron(A, B)``).  A
spin of N atoms lives in its symmetric (N+1)-dimensional subspace, index ``k = 0..N`` is
``m = k - N/2`` (:func:`numeric.spin_operators`); a spin listed in ``atoms=`` is instead the
2^N product of its atoms (:mod:`numeric._bruteforce_atoms`).  A boson keeps Fock states
``0..cutoff-1``; levels are in label order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import scipy.sparse as sp

from . import _bruteforce_atoms as _atoms
from ._result import ParameterError
from ._spin import spin_operators

__all__ = ["System", "available_memory", "build", "liouvillian_bytes"]


@dataclass(frozen=True, slots=True)
class Dof:
    """One built degree of freedom: its kind, name, dimension and what it was built from."""

    kind: str
    name: str
    size: int
    dim: int
    labels: tuple[str, ...] = ()
    atoms: bool = False


@dataclass(frozen=True, slots=True)
class System:
    """A spec built into sparse matrices in one product basis.

    Parameters
    ----------
    name
        The spec's name.
    dofs
        The built degrees of freedom, in tensor order.
    basis
        One line per degree of freedom saying what its basis index means.
    H
        The Hamiltonian, complex CSR, Hermitian (checked).
    c_ops
        ``(name, sqrt(rate) * L)`` for every collective jump and, for spins built atom by
        atom, one per atom and local jump.
    observables
        ``(name, matrix)`` for every observable of the spec.
    conserved
        ``(name, matrix)`` for every conserved quantity of the spec.
    local_jumps
        ``(name, dof, kind, rate)`` of local jumps on spins kept symmetric: not representable
        in this basis (a solver must route them elsewhere).
    params
        The spec's parameter values.

    Notes
    -----
    A Fock cutoff truncates ``a`` to ``0..cutoff-1``: ``a a^dag`` is wrong on the top
    level, which is why solvers converge the cutoff rather than trust one.
    """

    name: str
    dofs: tuple[Dof, ...]
    basis: tuple[str, ...]
    H: sp.csr_matrix
    c_ops: tuple[tuple[str, sp.csr_matrix], ...]
    observables: tuple[tuple[str, sp.csr_matrix], ...]
    conserved: tuple[tuple[str, sp.csr_matrix], ...]
    local_jumps: tuple[tuple[str, str, str, float], ...] = ()
    params: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def dims(self) -> tuple[int, ...]:
        return tuple(d.dim for d in self.dofs)

    @property
    def dim(self) -> int:
        return int(np.prod(self.dims))

    @property
    def cutoffs(self) -> dict[str, int]:
        return {d.name: d.dim for d in self.dofs if d.kind == "boson"}

    def dof(self, name: str) -> Dof:
        for d in self.dofs:
            if d.name == name:
                return d
        raise ParameterError("dof", f"one of {[d.name for d in self.dofs]}", name)

    def embed(self, name: str, op: sp.spmatrix) -> sp.csr_matrix:
        """``op`` acting on degree of freedom ``name``, identity on the others."""
        self.dof(name)
        return _embed(self.dofs, name, op)


def _boson(n: int) -> dict[str, sp.csr_matrix]:
    a = sp.diags(
        np.sqrt(np.arange(1, n, dtype=float)), 1, shape=(n, n), format="csr", dtype=complex
    )
    return {"a": a, "ad": a.conj().T.tocsr()}


def _elementary(d: Dof, op: str, cache: dict) -> sp.csr_matrix:
    key = (d.name, op)
    if key in cache:
        return cache[key]
    if d.kind == "spin":
        if d.atoms:
            table = _atoms.atom_operators(d.size)
        else:
            s = spin_operators(d.size)
            table = {"+": s.jp, "-": s.jm, "z": s.jz_matrix().astype(complex)}
        if op not in table:
            raise ParameterError(f"op on spin {d.name!r}", "one of '+', '-', 'z'", op)
        m = table[op]
    elif d.kind == "boson":
        table = _boson(d.dim)
        if op not in table:
            raise ParameterError(f"op on boson {d.name!r}", "one of 'a', 'ad'", op)
        m = table[op]
    else:
        parts = [p.strip() for p in op.split(",")]
        if len(parts) != 2 or not set(parts) <= set(d.labels):
            raise ParameterError(f"op on levels {d.name!r}", f"'i,j' with i, j in {d.labels}", op)
        i, j = (d.labels.index(p) for p in parts)
        m = sp.csr_matrix(([1.0 + 0j], ([i], [j])), shape=(d.dim, d.dim))
    cache[key] = m
    return m


def _terms(terms: Iterable, dofs: tuple[Dof, ...], cache: dict, what: str) -> sp.csr_matrix:
    """Sum of ``coeff * prod(factors)``; factors on different dofs commute, so group them."""
    index = {d.name: i for i, d in enumerate(dofs)}
    dim = int(np.prod([d.dim for d in dofs]))
    total = sp.csr_matrix((dim, dim), dtype=complex)
    for t in terms:
        local: list[sp.csr_matrix | None] = [None] * len(dofs)
        for name, op, power in t.factors:
            if name not in index:
                raise ParameterError(f"dof in {what}", f"one of {list(index)}", name)
            if int(power) < 0:
                raise ParameterError(f"power in {what}", "a non-negative integer", power)
            i = index[name]
            m = _elementary(dofs[i], op, cache)
            for _ in range(int(power)):
                local[i] = m if local[i] is None else (local[i] @ m).tocsr()
        out = sp.identity(1, dtype=complex, format="csr")
        for d, m in zip(dofs, local, strict=True):
            out = sp.kron(
                out,
                sp.identity(d.dim, dtype=complex, format="csr") if m is None else m,
                format="csr",
            )
        total = total + complex(t.coeff) * out
    total = total.tocsr()
    total.eliminate_zeros()
    return total


def available_memory() -> int:
    """Bytes of memory available now (``MemAvailable`` of /proc/meminfo, else ``os.sysconf``)."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def liouvillian_bytes(H: sp.spmatrix, c_ops: Iterable[sp.spmatrix]) -> int:
    """Upper estimate of the sparse Liouvillian's size: ``nnz * 16`` bytes.

    Notes
    -----
    ``nnz <= 2 d nnz(H) + sum_k [nnz(L_k)^2 + 2 d nnz(L_k^dag L_k)]`` for the row-major
    vectorisation ``-i(H x 1 - 1 x H^T) + sum_k [L x L^* - (L^dag L x 1 + 1 x (L^dag L)^T)/2]``.
    """
    d = H.shape[0]
    nnz = 2 * d * max(H.nnz, d)
    for c in c_ops:
        nnz += c.nnz**2 + 2 * d * (c.conj().T @ c).nnz
    return int(nnz) * 16


def build(
    spec: object,
    cutoffs: Mapping[str, int] | None = None,
    *,
    atoms: Iterable[str] = (),
    max_memory: float | None = None,
) -> System:
    """Build a spec's Hamiltonian, collapse operators, observables and conserved quantities.

    Parameters
    ----------
    spec
        A model spec (see the module docstring; schema in ``derive/_spec.py``).
    cutoffs
        Fock cutoff (number of Fock states) per boson name; overrides the spec's ``size``.
        Required for every boson whose spec size is 0.
    atoms
        Names of spin ensembles to build atom by atom (2^N states, local jumps included)
        instead of in the symmetric subspace.
    max_memory
        Bytes the Liouvillian may take; default the memory available now.

    Returns
    -------
    System
        The operators in the stated basis.

    Raises
    ------
    ParameterError
        A negative rate, a non-Hermitian H, an unknown dof or op, a boson without cutoff, or a
        Liouvillian (for a spec with jumps) larger than ``max_memory``, with the estimate.

    Notes
    -----
    Exact up to the Fock cutoff; every operator is a sparse Kronecker product (no loop over
    basis states).  Local jumps on a spin kept symmetric are recorded in
    ``System.local_jumps`` but not built: the symmetric subspace is not closed under them.
    """
    cutoffs = dict(cutoffs or {})
    atoms = set(atoms)
    dofs = []
    basis = []
    for d in spec.dofs:
        kind, name, size = d.kind, d.name, int(d.size)
        if kind == "spin":
            if size < 1:
                raise ParameterError(f"size of spin {name!r}", "a positive atom number", size)
            full = name in atoms
            dim = 2**size if full else size + 1
            basis.append(
                f"{name}: {size} atoms, 2^N product, atom 0 most significant, bit 1 = e"
                if full
                else f"{name}: symmetric Dicke |N/2, m>, index k -> m = k - {size}/2"
            )
            dofs.append(Dof(kind, name, size, dim, (), full))
        elif kind == "boson":
            n = int(cutoffs.get(name, size))
            if n < 1:
                raise ParameterError(
                    f"cutoff of boson {name!r}",
                    "a positive integer (spec size 0 means the solver chooses it)",
                    n,
                )
            basis.append(f"{name}: Fock n = 0..{n - 1}")
            dofs.append(Dof(kind, name, size, n))
        elif kind == "levels":
            labels = tuple(d.labels)
            if len(labels) != size or len(set(labels)) != size:
                raise ParameterError(
                    f"labels of levels {name!r}", f"{size} distinct labels", labels
                )
            basis.append(f"{name}: levels {', '.join(labels)}")
            dofs.append(Dof(kind, name, size, size, labels))
        else:
            raise ParameterError(f"kind of dof {name!r}", "'spin', 'boson' or 'levels'", kind)
    dofs = tuple(dofs)
    unknown = atoms - {d.name for d in dofs if d.kind == "spin"}
    if unknown:
        raise ParameterError("atoms", "names of spin dofs", sorted(unknown))
    cache: dict = {}
    H = _terms(spec.hamiltonian, dofs, cache, "hamiltonian")
    if H.nnz and abs(H - H.conj().T).max() > 1e-12 * max(abs(H).max(), 1.0):
        raise ParameterError(
            "hamiltonian", "Hermitian (H = H^dag)", f"|H - H^dag| = {abs(H - H.conj().T).max():.3g}"
        )
    c_ops = []
    for j in spec.jumps:
        if not float(j.rate) >= 0:
            raise ParameterError(f"rate of jump {j.name!r}", "a non-negative number", j.rate)
        L = _terms(j.operator, dofs, cache, f"jump {j.name!r}")
        c_ops.append((j.name, (np.sqrt(float(j.rate)) * L).tocsr()))
    local = []
    for lj in spec.local_jumps:
        if not float(lj.rate) >= 0:
            raise ParameterError(
                f"rate of local jump {lj.name!r}", "a non-negative number", lj.rate
            )
        d = next((x for x in dofs if x.name == lj.dof and x.kind == "spin"), None)
        if d is None:
            raise ParameterError(f"dof of local jump {lj.name!r}", "a spin dof", lj.dof)
        if lj.kind not in ("-", "+", "z"):
            raise ParameterError(f"kind of local jump {lj.name!r}", "one of '-', '+', 'z'", lj.kind)
        if d.atoms:
            for i, c in enumerate(_atoms.local_collapse(d.size, lj.kind, float(lj.rate))):
                c_ops.append((f"{lj.name}[{i}]", _embed(dofs, d.name, c)))
        else:
            local.append((lj.name, lj.dof, lj.kind, float(lj.rate)))
    if spec.jumps or spec.local_jumps:
        need = liouvillian_bytes(H, [c for _, c in c_ops])
        what = "Liouvillian"
    else:
        need = 16 * 4 * max(H.nnz, H.shape[0])
        what = "Hamiltonian"
    limit = available_memory() if max_memory is None else float(max_memory)
    if need > limit:
        raise ParameterError(
            "Hilbert space",
            f"a {what} that fits in {limit / 2**30:.2f} GiB (dims {[d.dim for d in dofs]})",
            f"estimate {need / 2**30:.2f} GiB",
        )
    obs = tuple((n, _terms(t, dofs, cache, f"observable {n!r}")) for n, t in spec.observables)
    cons = tuple((n, _terms(t, dofs, cache, f"conserved {n!r}")) for n, t in spec.conserved)
    return System(
        name=spec.name,
        dofs=dofs,
        basis=tuple(basis),
        H=H,
        c_ops=tuple(c_ops),
        observables=obs,
        conserved=cons,
        local_jumps=tuple(local),
        params=dict(spec.params),
    )


def _embed(dofs: tuple[Dof, ...], name: str, op: sp.spmatrix) -> sp.csr_matrix:
    out = sp.identity(1, dtype=complex, format="csr")
    for d in dofs:
        out = sp.kron(
            out, op if d.name == name else sp.identity(d.dim, dtype=complex), format="csr"
        )
    return out
