"""Initial states as product specs, rebuilt in a :class:`~numeric._system.System`'s basis at any cutoff.

A product spec maps a dof name to its factor state:

=====================  ==========================================================================
``"ground"``           spin: m = -N/2 (every atom in g); boson: vacuum; levels: first label
``"excited"``          spin: m = +N/2; levels: last label
``("fock", n)``        boson Fock state n
``("coherent", a)``    boson coherent state alpha (truncated at the cutoff, renormalised)
``("css", th, ph)``    coherent spin state, theta from +z: each atom cos(th/2)|e> + e^{i ph} sin(th/2)|g>
``("dicke", m)``       spin Dicke state |N/2, m>
a label string         levels: that level
=====================  ==========================================================================

A dof the mapping leaves out starts in ``"ground"``.  A numpy vector (pure state) or matrix
(density matrix) is taken as already in the built basis: it cannot be rebuilt at a higher cutoff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from . import _bruteforce_atoms as _atoms
from ._result import ParameterError

__all__ = ["PreparedState", "css_state", "prepare_state"]


@dataclass(frozen=True, slots=True)
class PreparedState:
    """A state in a system's basis: ``vector`` (pure) or ``matrix`` (density), never both.

    ``fixed`` says it came as an array (its basis, hence the cutoff, cannot change);
    ``lost_norm`` is the norm a coherent state lost to the Fock cutoff before renormalising.
    """

    vector: np.ndarray | None
    matrix: np.ndarray | None
    fixed: bool
    lost_norm: float = 0.0

    def density(self) -> np.ndarray:
        if self.matrix is not None:
            return self.matrix
        v = self.vector
        return np.outer(v, v.conj())


def css_state(N: int, theta: float, phi: float) -> np.ndarray:
    """Coherent spin state in the symmetric basis (index ``k`` = excited atoms, m = k - N/2).

    ``C_k = sqrt(binom(N, k)) cos(theta/2)^k (e^{i phi} sin(theta/2))^(N-k)``.

    Notes
    -----
    Log-space (``gammaln``) so that N in the tens of thousands neither overflows nor
    underflows before the amplitudes do.  theta = 0 is m = +N/2, theta = pi is m = -N/2.
    """
    k = np.arange(N + 1)
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        logamp = 0.5 * (gammaln(N + 1) - gammaln(k + 1) - gammaln(N - k + 1))
        logamp = logamp + np.where(k == 0, 0.0, k * np.log(abs(c)))
        logamp = logamp + np.where(k == N, 0.0, (N - k) * np.log(abs(s)))
    sign = np.sign(c) ** k * np.sign(s) ** (N - k) if c and s else 1.0
    amp = np.exp(logamp) * sign * np.exp(1j * phi * (N - k))
    return amp / np.linalg.norm(amp)


def _factor(d, spec) -> tuple[np.ndarray, float]:
    """The factor state of one built dof and the norm it lost to truncation."""
    vec = np.zeros(d.dim if d.kind != "spin" else d.size + 1, dtype=complex)
    tag = spec[0] if isinstance(spec, tuple) else spec
    args = spec[1:] if isinstance(spec, tuple) else ()
    lost = 0.0
    if d.kind == "spin":
        N = d.size
        if tag == "ground":
            vec[0] = 1
        elif tag == "excited":
            vec[N] = 1
        elif tag == "dicke" and len(args) == 1:
            k = float(args[0]) + N / 2
            if not (k.is_integer() and 0 <= k <= N):
                raise ParameterError(
                    f"Dicke m of {d.name!r}", f"in -{N}/2..{N}/2 in steps of 1", args[0]
                )
            vec[int(k)] = 1
        elif tag == "css" and len(args) == 2:
            vec = css_state(N, float(args[0]), float(args[1]))
        else:
            raise ParameterError(
                f"state of spin {d.name!r}",
                "'ground', 'excited', ('dicke', m) or ('css', theta, phi)",
                spec,
            )
        if d.atoms:
            vec = _atoms.symmetric_embedding(N) @ vec
    elif d.kind == "boson":
        if tag == "ground":
            vec[0] = 1
        elif tag == "fock" and len(args) == 1:
            n = int(args[0])
            if not 0 <= n < d.dim:
                raise ParameterError(
                    f"Fock n of {d.name!r}", f"in 0..{d.dim - 1} (the cutoff)", args[0]
                )
            vec[n] = 1
        elif tag == "coherent" and len(args) == 1:
            alpha = complex(args[0])
            n = np.arange(d.dim)
            with np.errstate(divide="ignore"):
                logabs = n * np.log(abs(alpha)) if alpha else np.where(n == 0, 0.0, -np.inf)
            vec = np.exp(-(abs(alpha) ** 2) / 2 + logabs - 0.5 * gammaln(n + 1)) * np.exp(
                1j * np.angle(alpha) * n
            )
            lost = max(0.0, 1.0 - float(np.vdot(vec, vec).real))
            vec = vec / np.linalg.norm(vec)
        else:
            raise ParameterError(
                f"state of boson {d.name!r}", "'ground', ('fock', n) or ('coherent', alpha)", spec
            )
    else:
        if tag == "ground":
            vec[0] = 1
        elif tag == "excited":
            vec[-1] = 1
        elif isinstance(spec, str) and spec in d.labels:
            vec[d.labels.index(spec)] = 1
        else:
            raise ParameterError(f"state of levels {d.name!r}", f"a label of {d.labels}", spec)
    return vec, lost


def symmetric_isometry(system) -> sp.csr_matrix:
    """Isometry from the basis with every spin symmetric to ``system``'s (atoms expanded)."""
    out = sp.identity(1, dtype=complex, format="csr")
    for d in system.dofs:
        f = (
            _atoms.symmetric_embedding(d.size)
            if d.atoms
            else sp.identity(d.dim, dtype=complex, format="csr")
        )
        out = sp.kron(out, f, format="csr")
    return out


def prepare_state(system, state: Mapping | np.ndarray) -> PreparedState:
    """The initial state in ``system``'s basis from a product spec or an array.

    An array may be given in the symmetric basis of a spin that ``system`` expands atom by
    atom; it is then embedded.  A density matrix must be Hermitian with unit trace.
    """
    if isinstance(state, np.ndarray | sp.spmatrix):
        a = state.toarray() if sp.issparse(state) else np.asarray(state, dtype=complex)
        sym_dim = int(np.prod([d.size + 1 if d.atoms else d.dim for d in system.dofs]))
        if a.shape[0] != system.dim and a.shape[0] == sym_dim:
            V = symmetric_isometry(system)
            a = V @ a if a.ndim == 1 else (V @ (V @ a).conj().T).conj().T
        if a.shape[0] != system.dim or a.ndim > 2 or (a.ndim == 2 and a.shape[1] != a.shape[0]):
            raise ParameterError(
                "state", f"a vector or square matrix of size {system.dim}", a.shape
            )
        if a.ndim == 1:
            nrm = np.linalg.norm(a)
            if not np.isclose(nrm, 1.0, atol=1e-10):
                raise ParameterError("state", "a normalised vector", f"norm {nrm:.6g}")
            return PreparedState(a.astype(complex), None, True)
        if abs(np.trace(a) - 1) > 1e-10 or abs(a - a.conj().T).max() > 1e-10:
            raise ParameterError(
                "state", "a Hermitian density matrix of unit trace", f"trace {np.trace(a):.6g}"
            )
        return PreparedState(None, a.astype(complex), True)
    if not isinstance(state, Mapping):
        raise ParameterError(
            "state", "a mapping dof name -> factor state, or a numpy array", type(state).__name__
        )
    names = {d.name for d in system.dofs}
    unknown = set(state) - names
    if unknown:
        raise ParameterError("state", f"keys among {sorted(names)}", sorted(unknown))
    vec = np.ones(1, dtype=complex)
    lost = 0.0
    for d in system.dofs:
        f, l_ = _factor(d, state.get(d.name, "ground"))
        vec = np.kron(vec, f)
        lost = max(lost, l_)
    return PreparedState(vec, None, False, lost)
