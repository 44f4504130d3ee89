"""N identical two-level atoms in the permutation-invariant Dicke basis |j, m, m'> (cost ~N^3, not 4^N).

A permutation-invariant state is block diagonal in the total spin j,
``rho = (+)_j rho_j (x) 1_{d_j}``, with ``d_j = N! (2j+1) / ((N/2+j+1)! (N/2-j)!)`` copies of each
block (Schur-Weyl; Chase & Geremia, PRA 78, 052101 (2008); Shammah et al., PRA 98, 063815 (2018),
QuTiP PIQS).  The stored block is the degeneracy-weighted ``R_j = d_j rho_j``, so that
``Tr rho = sum_j tr R_j`` and ``<O> = sum_j tr(R_j O_j)`` for a collective operator O: the
degeneracy enters exactly once, through R_j.  Blocks are ordered ``j = N/2, N/2 - 1, ..., 0 or 1/2``,
each row-major in ``m, m'`` ascending; ``sum_j (2j+1)^2 ~ N^3/6`` unknowns.

The master equation ``d rho/dt = -i[H, rho] + sum_k D[L_k] rho + sum_kind gamma_kind sum_i D[A_i]``
(``D[L] rho = L rho L^dag - {L^dag L, rho}/2``) is kept in this basis when H and the L_k are
collective (any polynomial of J_x, J_y, J_z, given per j block) and the local jumps are
``A = sigma^-`` (emission), ``sigma^+`` (pumping), ``sigma^z`` (Pauli, dephasing); the rates of the
local processes are tabulated once, in :mod:`numeric._pi_kernels`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.special import gammaln

from ._observables import SpinMoments, kitagawa_ueda_xi2, wineland_xi2
from ._pi_kernels import block_moments, local_terms
from ._pi_krylov import krylov_moments
from ._pi_propagate import propagate_moments
from ._pi_symmetry import block_moments_x, from_x, real_frame, to_x
from ._result import Convergence, ParameterError, Result
from ._spin import check_atom_number, spin_block

__all__ = [
    "DickeBasis",
    "DrivenDicke",
    "LocalRates",
    "dicke_basis",
    "driven_dicke",
    "local_dissipator",
    "pi_evolve",
    "pi_expect",
    "pi_liouvillian",
    "pi_moments",
    "pi_steady_state",
]

BlockOperator = Callable[[float], object] | Sequence[object]


@dataclass(frozen=True, slots=True, eq=False)
class DickeBasis:
    """Index map of the permutation-invariant blocks ``R_j`` of N two-level atoms.

    Attributes
    ----------
    N
        Atom number.
    js
        Total spins ``N/2, N/2 - 1, ..., 0 or 1/2`` (block order).
    dims
        Block dimensions ``2j + 1``.
    offsets
        Start of each block in the state vector (``offsets[-1]`` is the size).
    degeneracy
        ``d_j``, the number of copies of each spin-j irrep.
    """

    N: int
    js: np.ndarray
    dims: np.ndarray
    offsets: np.ndarray
    degeneracy: np.ndarray

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    @property
    def n(self) -> int:
        """Alias of ``N`` (the atom number of one ensemble)."""
        return self.N

    def index(self, b: int, a: int, c: int) -> int:
        """Vector index of ``R_{j_b}(m = -j + a, m' = -j + c)``."""
        return int(self.offsets[b] + a * self.dims[b] + c)

    def block(self, v: np.ndarray, b: int) -> np.ndarray:
        """The block ``R_{j_b}`` of a state vector, as a (2j+1, 2j+1) view."""
        d = int(self.dims[b])
        return np.asarray(v)[self.offsets[b] : self.offsets[b] + d * d].reshape(d, d)

    def embed_symmetric(self, rho: np.ndarray) -> np.ndarray:
        """State vector of a density matrix (or ket) of the symmetric subspace j = N/2 (``d_{N/2} = 1``)."""
        rho = np.asarray(rho, complex)
        if rho.ndim == 1:
            rho = np.outer(rho, rho.conj())
        if rho.shape != (self.N + 1, self.N + 1):
            raise ParameterError(
                "rho",
                f"a ({self.N + 1}, {self.N + 1}) matrix or a ket of the j = N/2 block",
                rho.shape,
            )
        v = np.zeros(self.size, complex)
        v[: (self.N + 1) ** 2] = rho.ravel()
        return v

    def symmetric_part(self, v: np.ndarray) -> np.ndarray:
        """The j = N/2 block of a state vector as an (N+1, N+1) matrix (m ascending)."""
        return self.block(v, 0).copy()

    def trace_vector(self) -> np.ndarray:
        """Row vector t with ``t . v = Tr rho = sum_j tr R_j``."""
        t = np.zeros(self.size)
        for b, d in enumerate(self.dims):
            t[self.offsets[b] + np.arange(d) * (d + 1)] = 1.0
        return t


@cache
def dicke_basis(N: int) -> DickeBasis:
    """The permutation-invariant Dicke basis of N two-level atoms (cached per N).

    Notes
    -----
    ``d_j`` is evaluated in log space (``gammaln``); it is only needed to turn ``R_j`` into
    ``rho_j``, never in the dynamics.

    Examples
    --------
    >>> b = dicke_basis(3)
    >>> b.js.tolist(), b.size, b.degeneracy.round(12).tolist()
    ([1.5, 0.5], 20, [1.0, 2.0])
    """
    N = check_atom_number(N)
    js = np.arange(N / 2, -0.25, -1.0)
    dims = np.rint(2 * js + 1).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(dims**2)]).astype(np.int64)
    deg = np.exp(gammaln(N + 1) - gammaln(N / 2 + js + 2) - gammaln(N / 2 - js + 1)) * (2 * js + 1)
    for a in (js, dims, offsets, deg):
        a.setflags(write=False)
    return DickeBasis(N, js, dims, offsets, deg)


def _rate(name: str, value: object) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(name, "a finite number >= 0", value) from None
    if not np.isfinite(v) or v < 0:
        raise ParameterError(name, "a finite number >= 0", value)
    return v


@dataclass(frozen=True, slots=True)
class LocalRates:
    """Rates of the local processes ``gamma sum_i D[A_i]``, one per kind.

    Attributes
    ----------
    emission
        ``A = sigma^-`` (single-atom decay, T1).
    pumping
        ``A = sigma^+`` (incoherent single-atom pumping).
    dephasing
        ``A = sigma^z`` with the Pauli matrix (eigenvalues +-1): single-atom coherences decay at
        ``2 gamma``. QuTiP PIQS's ``dephasing`` is 4 times this rate (it uses ``sigma^z/2``).
    """

    emission: float = 0.0
    pumping: float = 0.0
    dephasing: float = 0.0

    def __post_init__(self) -> None:
        for k in ("emission", "pumping", "dephasing"):
            object.__setattr__(self, k, _rate(k, getattr(self, k)))

    def array(self) -> np.ndarray:
        return np.array([self.emission, self.pumping, self.dephasing])

    @property
    def any(self) -> bool:
        return bool(self.emission or self.pumping or self.dephasing)


def _blocks(basis: DickeBasis, op: BlockOperator, name: str) -> list[sps.csr_matrix]:
    if callable(op):
        mats = [op(float(j)) for j in basis.js]
    else:
        mats = list(op)
        if len(mats) != len(basis.js):
            raise ParameterError(
                name,
                f"a function of j or a sequence of {len(basis.js)} block matrices",
                f"{len(mats)} blocks",
            )
    out = []
    for d, X in zip(basis.dims, mats, strict=True):
        X = sps.csr_matrix(X, dtype=complex)
        if X.shape != (d, d):
            raise ParameterError(
                name, f"a ({d}, {d}) matrix on the block j = {(d - 1) / 2:g}", X.shape
            )
        out.append(X)
    return out


def _left(blocks) -> sps.csr_matrix:
    return sps.block_diag([sps.kron(X, sps.identity(X.shape[0])) for X in blocks], format="csr")


def _right(blocks) -> sps.csr_matrix:
    return sps.block_diag([sps.kron(sps.identity(X.shape[0]), X.T) for X in blocks], format="csr")


def local_dissipator(N: int, local: LocalRates) -> sps.csr_matrix:
    """The superoperator of ``sum_kind gamma_kind sum_i D[A_i]`` on the blocks ``R_j`` (real CSR).

    Notes
    -----
    Exact: the rates of the table in :mod:`numeric._pi_kernels` (Shammah et al. 2018, Table I, in
    double precision), each feeding a block from itself and its two neighbours ``j +- 1``.
    """
    basis = dicke_basis(N)
    r, c, v = local_terms(float(basis.N), basis.js.astype(float), basis.offsets, local.array())
    return sps.csr_matrix((v, (r, c)), shape=(basis.size, basis.size))


def pi_liouvillian(
    N: int,
    hamiltonian: BlockOperator | None = None,
    jumps: Sequence[BlockOperator] = (),
    local: LocalRates | None = None,
) -> sps.csr_matrix:
    """The Liouvillian of a permutation-invariant master equation in the Dicke basis, as CSR.

    Parameters
    ----------
    N
        Atom number.
    hamiltonian
        A collective Hamiltonian: a function ``j -> (2j+1, 2j+1) matrix`` (m ascending; build it from
        :func:`numeric.spin_block`), or the sequence of its blocks in :class:`DickeBasis` order.
    jumps
        Collective jump operators ``L_k`` (rates included, e.g. ``sqrt(Gamma) J_-``), each given like
        ``hamiltonian``; each contributes ``D[L_k]``.
    local
        Rates of the local emission, pumping and dephasing.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``L`` with ``d v/dt = L v`` for the state vector ``v`` of the blocks ``R_j``.

    Notes
    -----
    Exact for any N. A collective operator acts within each j block, so ``-i[H, .]`` and ``D[L_k]``
    are block diagonal (row-major ``vec(A R B) = (A (x) B^T) vec R``); the local jumps connect ``j``
    to ``j +- 1``. The Hamiltonian and jumps must be collective (functions of ``J_a`` only);
    nothing checks it. Nonzeros ~ 10 per unknown for tridiagonal ``H`` and ``L_k``.

    Examples
    --------
    >>> L = pi_liouvillian(2, local=LocalRates(emission=1.0))
    >>> L.shape
    (10, 10)
    """
    basis = dicke_basis(N)
    L = sps.csr_matrix((basis.size, basis.size), dtype=complex)
    if hamiltonian is not None:
        H = _blocks(basis, hamiltonian, "hamiltonian")
        L = L - 1j * (_left(H) - _right(H))
    for k, op in enumerate(jumps):
        Ls = _blocks(basis, op, f"jumps[{k}]")
        LdL = [(X.conj().T @ X).tocsr() for X in Ls]
        sandwich = sps.block_diag([sps.kron(X, X.conj()) for X in Ls], format="csr")
        L = L + sandwich - 0.5 * (_left(LdL) + _right(LdL))
    if local is not None and local.any:
        L = L + local_dissipator(N, local)
    L = L.tocsr()
    L.sum_duplicates()
    return L


@dataclass(frozen=True, slots=True, eq=False)
class DrivenDicke:
    """The driven-Dicke Liouvillian with local jumps, as CSR and as parameters of the compiled kernel.

    ``H = chi J_+ J_- + Omega J_x + delta J_z``, collective jump ``sqrt(Gamma) J_-``, local rates
    ``local``. ``kernel`` is the parameter array of :func:`numeric._pi_kernels.apply_driven`, which
    applies the same operator matrix-free (at N = 40: ~2x faster than the CSR product with local
    emission only, ~1.4x with all three local kinds).
    """

    basis: DickeBasis
    matrix: sps.csr_matrix
    kernel: np.ndarray


def driven_dicke(
    N: int,
    *,
    chi: float = 0.0,
    Omega: float = 0.0,
    delta: float = 0.0,
    Gamma: float = 0.0,
    local: LocalRates | None = None,
) -> DrivenDicke:
    """The Liouvillian of ``chi J+J- + Omega J_x + delta J_z``, ``Gamma D[J_-]`` and local jumps.

    Notes
    -----
    The common model of driven collective decay (superradiant lasers, cooperative resonance
    fluorescence, tucker2020); exact. Any other collective H or jump goes through
    :func:`pi_liouvillian`.
    """
    Gamma = _rate("Gamma", Gamma)
    local = local or LocalRates()
    chi, Omega, delta = float(chi), float(Omega), float(delta)

    def ham(j: float):
        s = spin_block(j)
        H = chi * (s.jp @ s.jm) + Omega * s.jx
        return H + delta * sps.diags(s.jz) if delta else H

    def jm(j: float):
        return np.sqrt(Gamma) * spin_block(j).jm

    L = pi_liouvillian(N, ham, [jm] if Gamma > 0 else [], local)
    basis = dicke_basis(N)
    kernel = np.array(
        [basis.N, Gamma, chi, Omega, delta, local.emission, local.pumping, local.dephasing]
    )
    return DrivenDicke(basis, L, kernel)


def pi_expect(N: int, v: np.ndarray, op: BlockOperator) -> complex:
    """``<O> = sum_j tr(R_j O_j)`` of a collective operator O (given per block, like the Hamiltonian).

    Notes
    -----
    Not divided by the trace. Exact.
    """
    basis = dicke_basis(N)
    v = np.asarray(v)
    return complex(
        sum(X.multiply(basis.block(v, b).T).sum() for b, X in enumerate(_blocks(basis, op, "op")))
    )


def _moments_from_raw(raw: np.ndarray) -> tuple[np.ndarray, SpinMoments]:
    """Trace and SpinMoments (normalised by the trace) from the raw block sums (..., 7)."""
    raw = np.asarray(raw)
    T0, Z1, Z2, PM, P1, PZ, P2 = (raw[..., k] for k in range(7))
    tr = T0.real
    mean = np.stack([P1.real, P1.imag, Z1.real], axis=-1) / tr[..., None]
    s = np.empty(raw.shape[:-1] + (3, 3))
    s[..., 0, 0] = 0.5 * (P2.real + PM.real)
    s[..., 1, 1] = 0.5 * (PM.real - P2.real)
    s[..., 2, 2] = Z2.real
    s[..., 0, 1] = s[..., 1, 0] = 0.5 * P2.imag
    s[..., 0, 2] = s[..., 2, 0] = PZ.real
    s[..., 1, 2] = s[..., 2, 1] = PZ.imag
    return tr, SpinMoments(mean, s / tr[..., None, None])


def pi_moments(N: int, v: np.ndarray) -> tuple[float, SpinMoments]:
    """Trace and collective moments ``<J_a>``, ``<{J_a, J_b}>/2`` (divided by the trace) of a state vector.

    Notes
    -----
    Exact, compiled, one pass over the bands ``|m - m'| <= 2`` of every block.
    """
    basis = dicke_basis(N)
    raw = np.zeros(7, complex)
    block_moments(np.asarray(v, complex), basis.js, basis.offsets, raw)
    tr, mom = _moments_from_raw(raw)
    return float(tr), mom


def _check_times(times) -> np.ndarray:
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ParameterError("times", "a nonempty nondecreasing 1-d array of times >= 0", times)
    return times


def _initial_vector(basis: DickeBasis, rho0) -> np.ndarray:
    rho0 = np.asarray(rho0, complex)
    if rho0.ndim == 1 and rho0.size == basis.size:
        return rho0.copy()
    if rho0.ndim == 2:
        if rho0.shape != (basis.N + 1,) * 2 or not np.allclose(rho0, rho0.conj().T, atol=1e-12):
            raise ParameterError(
                "rho0",
                f"a Hermitian ({basis.N + 1}, {basis.N + 1}) matrix of the j = N/2 "
                f"block, a ket, or a Dicke-basis vector of size {basis.size}",
                rho0.shape,
            )
        rho0 = 0.5 * (rho0 + rho0.conj().T)
    return basis.embed_symmetric(rho0)


def _observables(N: int, tr: np.ndarray, mom: SpinMoments) -> dict[str, np.ndarray]:
    return {
        "trace": tr,
        "mean": mom.mean,
        "second": mom.second,
        "xi2": np.asarray(wineland_xi2(N, mom.mean, mom.second)),
        "xi2_ku": np.asarray(kitagawa_ueda_xi2(N, mom.mean, mom.second)),
    }


def pi_evolve(
    N: int,
    L: sps.spmatrix | DrivenDicke,
    rho0,
    times,
    *,
    store_states: bool = False,
    method: str = "krylov",
) -> Result:
    """Exact time evolution ``v(t) = exp(L t) v(0)`` in the permutation-invariant Dicke basis.

    Parameters
    ----------
    N
        Atom number.
    L
        The Liouvillian (:func:`pi_liouvillian`) or a :class:`DrivenDicke` (matrix-free kernel).
    rho0
        A state of the symmetric subspace (an (N+1)-ket or (N+1, N+1) density matrix, m ascending) or
        a Dicke-basis vector of size ``dicke_basis(N).size``.
    times
        Nondecreasing times >= 0.
    store_states
        Keep the state vectors (``extra["states"]``, shape ``(len(times), size)``).
    method
        ``"krylov"`` (default): a :class:`DrivenDicke` with a real frame on a uniform grid is
        propagated by the adaptive Krylov integrator of :mod:`numeric._pi_krylov` (its summed a
        posteriori error estimate is reported as convergence); ``"taylor"``: always the
        Al-Mohy-Higham Taylor route below.

    Returns
    -------
    Result
        ``trace``, ``mean`` (<J_a>), ``second`` (<{J_a, J_b}>/2), ``xi2`` (Wineland), ``xi2_ku``
        (Kitagawa-Ueda) over ``times``.

    Notes
    -----
    Exact up to the Taylor truncation of Al-Mohy & Higham (tolerance 2^-53, the rule of
    ``scipy.sparse.linalg.expm_multiply``). A uniform grid without stored states runs compiled
    (:func:`numeric._pi_propagate.propagate_moments`, matrix-free for a :class:`DrivenDicke`); a
    non-uniform grid or ``store_states`` is propagated interval by interval with scipy's
    ``expm_multiply``. When ``U^dag L U`` is real (:mod:`numeric._pi_symmetry`: no Hamiltonian
    term diagonal in J_z, e.g. ``Omega J_x`` with collective decay and any local jumps) both run
    in the real frame (half the numbers, real arithmetic; equal to the complex route to
    round-off); otherwise the complex vector. Cost ~ (N^3/6 unknowns) x (Taylor terms ~ 2 ||L||_1
    t), see :func:`numeric._pi_propagate.pi_operation_count`; ``extra["matvecs"]`` counts the
    Liouvillian products of the compiled route (0 for scipy's). The trace drift over the grid is
    reported as convergence.
    """
    t0 = time.perf_counter()
    if method not in ("krylov", "taylor"):
        raise ParameterError("method", '"krylov" or "taylor"', method)
    basis = dicke_basis(N)
    kernel = None
    if isinstance(L, DrivenDicke):
        L, kernel = L.matrix, L.kernel
    L = sps.csr_matrix(L, dtype=complex)
    if L.shape != (basis.size, basis.size):
        raise ParameterError("L", f"a ({basis.size}, {basis.size}) Liouvillian", L.shape)
    times = _check_times(times)
    v = _initial_vector(basis, rho0)
    if times[0] > 0:
        v = spla.expm_multiply(L.tocsc() * times[0], v)
    steps = np.diff(times)
    uniform = times.size == 1 or (steps[0] > 0 and np.allclose(steps, steps[0], rtol=1e-12, atol=0))
    extra: dict[str, object] = {}
    dims = basis.dims.astype(np.int64)
    if uniform and not store_states:
        h = float(steps[0]) if times.size > 1 else 0.0
        real = kernel is None or (kernel[2] == 0 and kernel[4] == 0)
        if method == "krylov" and kernel is not None and real and times.size > 1:
            # adaptive Krylov (numeric._pi_krylov): ~3x fewer products than the Taylor route
            anorm = float(abs(L).sum(axis=0).max())
            x0 = to_x(v, basis.js, dims)
            raw, kinfo = krylov_moments(
                kernel, x0, h, times.size - 1, basis.js, basis.offsets, anorm
            )
            extra["krylov"] = kinfo
            extra["matvecs"] = kinfo["products"]
            conv_k = Convergence(
                "Krylov (Arnoldi) exponential",
                kinfo["m"],
                kinfo["error_estimate"],
                1.2 * kinfo["tol"] * float(times[-1] - times[0]) + kinfo["roundoff_floor"],
                "sum of Expokit a posteriori local error estimates (2-norm of the real frame "
                f"vector), local tolerance {kinfo['tol']:g} per unit time, {kinfo['steps']} "
                f"steps, {kinfo['rejections']} rejected; tolerance = 1.2 tol x span (Expokit accepts "
                "a step at 1.2 t_step tol) + the summed round-off floor steps x ||L||_1 eps = "
                f"{kinfo['roundoff_floor']:.2g} (each step's estimate is at least that floor), "
                "every step's truncation estimate below its local tolerance: "
                f"{kinfo['converged']}",
            )
            how = (
                f"compiled matrix-free adaptive Krylov (Expokit expv, m <= {kinfo['m']}), "
                f"real frame (numeric._pi_symmetry), {kinfo['products']} Liouvillian products"
            )
            return _pi_result(basis, times, raw, extra, how, t0, (conv_k,))
        raw, nmv = propagate_moments(L, v, h, times.size - 1, basis.js, basis.offsets, phys=kernel)
        frame = (
            "real frame (numeric._pi_symmetry)"
            if real and (kernel is not None or real_frame(L, basis.js, dims) is not None)
            else "complex"
        )
        how = (
            f"compiled {'matrix-free' if kernel is not None else 'CSR'} Al-Mohy-Higham Taylor, "
            f"{frame}, {nmv} Liouvillian products"
        )
    else:
        raw = np.zeros((times.size, 7), complex)
        states = np.empty((times.size, basis.size), complex) if store_states else None
        Lr = real_frame(L, basis.js, dims)
        nmv = 0
        if Lr is not None:
            # the real frame: half the numbers, real sparse products (numeric._pi_symmetry)
            Lc, x, mom = Lr.tocsc(), to_x(v, basis.js, dims), block_moments_x
        else:
            Lc, x, mom = L.tocsc(), v, block_moments
        for k, dt in enumerate(np.concatenate([[0.0], steps])):
            if dt > 0:
                x = spla.expm_multiply(Lc * dt, x)
            mom(x, basis.js, basis.offsets, raw[k])
            if states is not None:
                states[k] = from_x(x, basis.js, dims, basis.offsets) if Lr is not None else x
        if states is not None:
            extra["states"] = states
        how = "scipy expm_multiply per interval" + (", real frame" if Lr is not None else "")
    extra["matvecs"] = nmv
    return _pi_result(basis, times, raw, extra, how, t0)


def _pi_result(basis, times, raw, extra, how, t0, more=()) -> Result:
    """The Result of a propagation: observables from the raw block moments, the trace drift check."""
    tr, mom = _moments_from_raw(raw)
    drift = float(np.max(np.abs(tr - 1)))
    conv = (
        Convergence("trace drift", times.size, drift, 1e-8, "|sum_j tr R_j(t) - 1| over the grid"),
        *more,
    )
    return Result(
        "pi_evolve",
        {"N": basis.N},
        times,
        _observables(basis.N, tr, mom),
        conv,
        time.perf_counter() - t0,
        f"permutation-invariant Dicke basis, {basis.size} unknowns, {how}",
        extra,
    )


def pi_steady_state(N: int, L: sps.spmatrix | DrivenDicke) -> Result:
    """Steady state ``L v = 0``, ``Tr rho = 1`` in the permutation-invariant Dicke basis, by sparse LU.

    Returns
    -------
    Result
        The observables of :func:`pi_evolve` (scalars) and ``extra["state"]``, the state vector.

    Notes
    -----
    Exact if the steady state is unique; the first equation is replaced by the trace condition
    ``sum_j tr R_j = 1``. The relative residual ``|L v| / (|L|_1 |v|)`` is reported as convergence.
    Sparse LU fill-in grows like the square of the unknowns (N ~ 40 takes seconds).
    """
    t0 = time.perf_counter()
    basis = dicke_basis(N)
    if isinstance(L, DrivenDicke):
        L = L.matrix
    L0 = sps.csr_matrix(L, dtype=complex)
    keep = np.ones(basis.size)
    keep[0] = 0.0
    trace_row = sps.csr_matrix(basis.trace_vector()[None, :])
    A = (
        sps.diags(keep) @ L0 + sps.vstack([trace_row, sps.csr_matrix((basis.size - 1, basis.size))])
    ).tocsc()
    rhs = np.zeros(basis.size, complex)
    rhs[0] = 1
    v = spla.spsolve(A, rhs)
    res = float(np.linalg.norm(L0 @ v) / (spla.norm(L0, 1) * np.linalg.norm(v)))
    raw = np.zeros(7, complex)
    block_moments(v, basis.js, basis.offsets, raw)
    tr, mom = _moments_from_raw(raw)
    return Result(
        "pi_steady_state",
        {"N": basis.N},
        np.array([]),
        _observables(basis.N, tr, mom),
        (Convergence("sparse LU residual", basis.size, res, 1e-10, "|L v| / (|L|_1 |v|)"),),
        time.perf_counter() - t0,
        "sparse LU of the permutation-invariant Liouvillian",
        {"state": v},
    )
