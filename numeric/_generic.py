"""Generic exact solvers of any model spec, chosen by structure: Schrödinger, Lindblad, steady state.

Every solver takes a spec (the protocol of :mod:`numeric._system`, schema ``derive/_spec.py``),
an initial state (a product spec of :mod:`numeric._product_state` or an array in the built basis)
and a time grid; it returns a :class:`~numeric.Result` whose observables are the expectation
values of every ``spec.observables`` operator (Hermitian ones real, others complex) and whose
``convergence`` holds one entry per Fock cutoff and one for the integrator.

Fock cutoffs.  A boson of spec ``size`` 0 gets a cutoff guessed from the initial state and the
drive, and the whole solve is repeated with every such cutoff raised by ~1.5x until each
observable changes by less than ``tol`` (relative to its largest magnitude) and the top Fock
level holds less than ``tol`` of population.  A boson of fixed size is reported with the
population of its top level as the error.
"""

from __future__ import annotations

import math
import time as _time
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from . import _kernels as K
from ._bruteforce_atoms import MAX_ATOMS
from ._product_state import PreparedState, prepare_state
from ._result import Convergence, ParameterError, Result
from ._sectors import Sector, coherence_blocks, find_sector
from ._system import System, build

__all__ = ["mesolve", "sesolve", "solve", "steadystate"]

BRUTE_FORCE_ATOMS = 8
"""Largest N for which local jumps are solved atom by atom (2^N states) by :func:`solve`."""

CHECK_DIM = 2000
"""Hilbert dimensions up to which the integrator is re-run at 10x tighter tolerance."""


def _times(times: Sequence[float] | np.ndarray) -> np.ndarray:
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)) or np.any(np.diff(t) < 0):
        raise ParameterError(
            "times", "a non-empty non-decreasing 1-d grid of finite numbers", times
        )
    return t


def _from_qutip(state):
    """A QuTiP ``Qobj`` state converted to numeric's basis order; anything else unchanged."""
    if type(state).__name__ != "Qobj":  # qutip is imported only when it is already in use
        return state
    from ._qutip import as_state

    return as_state(state)


def _hermitian(op: sp.spmatrix) -> bool:
    return not op.nnz or abs(op - op.conj().T).max() <= 1e-12 * max(abs(op).max(), 1.0)


def _guess_cutoff(spec, name: str, state) -> int:
    """Fock cutoff to start from: the initial photons, a linear drive's steady amplitude, and
    the excitations of spins that exchange quanta with this mode."""
    n_est = 0.0
    if isinstance(state, Mapping) and isinstance(state.get(name), tuple):
        tag, *args = state[name]
        if tag == "fock":
            n_est = float(args[0])
        elif tag == "coherent":
            n_est = abs(complex(args[0])) ** 2
    drive = detune = 0.0
    for t in spec.hamiltonian:
        f = tuple(t.factors)
        if len(f) == 1 and f[0][0] == name and int(f[0][2]) == 1:
            drive = max(drive, abs(complex(t.coeff)))
        elif f == ((name, "ad", 1), (name, "a", 1)):
            detune += abs(complex(t.coeff))
    loss = sum(
        float(j.rate) * abs(complex(j.operator[0].coeff)) ** 2
        for j in spec.jumps
        if len(j.operator) == 1 and tuple(j.operator[0].factors) == ((name, "a", 1),)
    )
    if drive:
        scale = math.hypot(detune, loss / 2)
        n_est = max(n_est, (drive / scale) ** 2 if scale else 50.0)
    coupled = {
        fac[0]
        for t in spec.hamiltonian
        for fac in t.factors
        if any(g[0] == name for g in t.factors)
    }
    for d in spec.dofs:
        if d.kind == "spin" and d.name in coupled:
            s = (
                state.get(d.name, "ground")
                if isinstance(state, Mapping)
                else "ground"
                if state is None
                else "excited"
            )
            n_est += 0.0 if s == "ground" else float(d.size)
    return int(max(4, math.ceil(2 * n_est + 6)))


def _top_projector(system: System, name: str) -> sp.csr_matrix:
    n = system.dof(name).dim
    return system.embed(name, sp.csr_matrix(([1.0 + 0j], ([n - 1], [n - 1])), shape=(n, n)))


def _restrict(M: sp.spmatrix, idx: np.ndarray | None) -> sp.csr_matrix:
    return M.tocsr() if idx is None else M.tocsr()[idx][:, idx].tocsr()


def _rel_change(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]) -> float:
    err = 0.0
    for k in a:
        x, y = np.asarray(a[k]), np.asarray(b[k])
        scale = max(np.abs(x).max(initial=0.0), np.abs(y).max(initial=0.0))
        diff = np.abs(x - y).max(initial=0.0)
        err = max(err, diff / scale if scale > 1e-12 else diff)
    return float(err)


class _Run:
    """One solve at fixed cutoffs: observables, top-level populations, integrator evidence."""

    __slots__ = ("obs", "top", "state", "method", "conv", "sector", "system", "extra", "kept")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def _solve_fixed(
    system: System,
    prep: PreparedState | None,
    times: np.ndarray,
    *,
    dynamics: str,
    check: bool | None,
    use_sectors: bool,
) -> _Run:
    """Evolve (or find the steady state of) one built system."""
    names = [n for n, _ in system.observables]
    bosons = [d.name for d in system.dofs if d.kind == "boson"]
    ops = [op for _, op in system.observables] + [_top_projector(system, b) for b in bosons]
    if system.local_jumps:
        lj = system.local_jumps[0]
        raise ParameterError(
            f"local jump {lj[0]!r} on spin {lj[1]!r}",
            "solved atom by atom (build with atoms=) or by the permutation-invariant solver",
            "the symmetric subspace, which it leaves",
        )
    sector = Sector(None, (), "sectors not requested")
    if use_sectors and prep is not None:
        sector = find_sector(system, prep.vector, prep.matrix)
    idx = sector.index
    H = _restrict(system.H, idx)
    c_ops = [_restrict(c, idx) for _, c in system.c_ops]
    ops_r = [_restrict(op, idx) for op in ops]
    d = H.shape[0]
    check_arg = check
    check = d <= CHECK_DIM if check is None else check
    if dynamics == "steady":
        L = K.liouvillian(H, c_ops)
        rho, resid = K.steady(L, d)
        vals = np.array([[np.sum(op.multiply(rho.T))] for op in ops_r]).reshape(len(ops_r), 1)
        conv = Convergence(
            "steady-state residual ||L rho||",
            d,
            resid,
            1e-8,
            "sparse LU (SuperLU) with row 0 replaced by Tr rho = 1",
        )
        state, method = rho, "sparse LU of the Liouvillian with the trace constraint"
    elif dynamics == "pure":
        psi = prep.vector if idx is None else prep.vector[idx]
        vals, state, method, err = K.evolve_pure(H, psi, times, ops_r)
        conv = Convergence(
            "time step",
            times.size,
            err,
            1e-8,
            "||psi(t_end) - exp(-iH(t_end - t0)) psi(t0)|| (one direct step)"
            if "expm" in method
            else "eigen-residual |HV - VE| * t_end",
        )
    else:
        rho0 = prep.density()
        rho0 = rho0 if idx is None else rho0[np.ix_(idx, idx)]
        L = K.liouvillian(H, c_ops)
        keep = None
        if use_sectors and idx is None and system.conserved:
            keep, why = coherence_blocks(system, rho0)
            if keep is not None:
                sector = Sector(None, sector.values, f"{sector.reason}; {why}")
        vals, state, method = K.evolve_density(L, rho0, times, ops_r, keep=keep)
        d = d if keep is None else int(np.sqrt(keep.size))
        check = d <= CHECK_DIM if check_arg is None else check_arg
        if check:
            ivp = "solve_ivp" in method
            if "dense one-step" in method:
                v2, _, _ = K.evolve_density(L, rho0, times, ops_r, ivp="halfstep", keep=keep)
                note = "vs two half steps expm(L dt/2)^2 (separate scaling and squaring)"
            elif ivp:
                v2, _, _ = K.evolve_density(
                    L, rho0, times, ops_r, rtol=1e-11, atol=1e-13, keep=keep
                )
                note = "re-solved at rtol 1e-11, atol 1e-13 (10x tighter)"
            else:
                v2, _, _ = K.evolve_density(L, rho0, times, ops_r, ivp="stiff", keep=keep)
                note = "vs solve_ivp BDF (exact sparse Jacobian) rtol 1e-10 on the same grid"
            err = float(np.abs(vals - v2).max(initial=0.0))
            conv = Convergence(
                "time step" if not ivp else "ODE rtol",
                1e-10 if ivp else times.size,
                err,
                1e-7,
                note,
            )
        else:
            conv = Convergence(
                "time step",
                times.size,
                float("nan"),
                1e-7,
                (
                    "not checked (check=False); "
                    if check_arg is False
                    else f"not checked (dimension {d} > {CHECK_DIM}); "
                )
                + "expm_multiply works to double precision",
            )
    if idx is not None and state is not None:
        full = system.dim
        if state.ndim == 1:
            s = np.zeros(full, dtype=complex)
            s[idx] = state
        else:
            s = np.zeros((full, full), dtype=complex)
            s[np.ix_(idx, idx)] = state
        state = s
    obs = {}
    for i, (n, op) in enumerate(system.observables):
        v = vals[i] if dynamics != "steady" else vals[i, 0]
        obs[n] = np.real(v).copy() if _hermitian(op) else np.asarray(v).copy()
    top = {b: float(np.abs(vals[len(names) + j]).max()) for j, b in enumerate(bosons)}
    return _Run(
        obs=obs,
        top=top,
        state=state,
        method=method,
        conv=conv,
        sector=sector,
        system=system,
        kept=None if dynamics != "density" or keep is None else keep.size,
    )


def _converged_run(
    spec,
    state,
    times,
    *,
    dynamics: str,
    cutoffs,
    tol: float,
    check,
    atoms,
    max_memory,
    use_sectors: bool,
    max_cutoff: int,
) -> tuple[_Run, list, dict]:
    """Solve at rising Fock cutoffs until the observables and top populations converge."""
    fixed = dict(cutoffs or {})
    auto = [
        d.name for d in spec.dofs if d.kind == "boson" and int(d.size) == 0 and d.name not in fixed
    ]
    info: dict = {}
    is_array = isinstance(state, np.ndarray | sp.spmatrix)
    if auto and is_array:
        if len(auto) > 1:
            raise ParameterError(
                "state", "a product spec when several cutoffs are chosen by the solver", "an array"
            )
        others = 1
        for d in spec.dofs:
            if d.name != auto[0]:
                s = int(fixed.get(d.name, d.size))
                others *= (2**s if d.name in atoms else s + 1) if d.kind == "spin" else s
        fixed[auto[0]] = state.shape[0] // others
        info["cutoff_fixed"] = "initial state given as an array: the cutoff cannot be raised"
        auto = []

    def run(cut):
        system = build(spec, {**fixed, **cut}, atoms=atoms, max_memory=max_memory)
        prep = None if dynamics == "steady" else prepare_state(system, state)
        r = _solve_fixed(
            system, prep, times, dynamics=dynamics, check=check, use_sectors=use_sectors
        )
        r.extra = {"lost_norm": 0.0 if prep is None else prep.lost_norm}
        return r

    if not auto:
        r = run({})
        conv = [
            Convergence(
                f"photon cutoff {b}",
                c,
                r.top[b],
                tol,
                "cutoff fixed; error = largest population of the top Fock level"
                + (f" ({info['cutoff_fixed']})" if "cutoff_fixed" in info else ""),
            )
            for b, c in r.system.cutoffs.items()
        ]
        return r, conv, info
    cut = {b: min(max_cutoff, _guess_cutoff(spec, b, state)) for b in auto}
    start = dict(cut)
    prev, prev_cut, err = None, dict(cut), math.inf
    history = []
    stop = ""
    while True:
        try:
            r = run(cut)
        except ParameterError as exc:
            if prev is None or "Hilbert space" not in str(exc):
                raise
            stop = f"; not raised beyond {prev_cut}: {exc}"
            r, cut = prev, prev_cut
            break
        top = max(r.top[b] for b in auto)
        change = _rel_change(r.obs, prev.obs) if prev is not None else math.inf
        err = max(change, top)
        history.append((dict(cut), err))
        if prev is not None and err <= tol:
            break
        if all(c >= max_cutoff for c in cut.values()):
            stop = f"; stopped at max_cutoff {max_cutoff}"
            break
        prev, prev_cut = r, dict(cut)
        cut = {b: min(max_cutoff, max(c + 2, math.ceil(1.5 * c))) for b, c in cut.items()}
    conv = []
    for b in auto:
        note = (
            f"raised x1.5 from {start[b]}; error = max(relative change of the observables "
            f"from the previous cutoff, top-level population {r.top[b]:.1e}); "
            f"all solver-chosen cutoffs raised together{stop}"
        )
        conv.append(Convergence(f"photon cutoff {b}", cut[b], err, tol, note))
    for b, c in r.system.cutoffs.items():
        if b not in auto:
            conv.append(
                Convergence(
                    f"photon cutoff {b}",
                    c,
                    r.top[b],
                    tol,
                    "cutoff fixed; error = largest population of the top level",
                )
            )
    info["cutoff_history"] = tuple(history)
    return r, conv, info


def _result(
    solver: str,
    spec,
    times,
    r: _Run,
    conv: list,
    info: dict,
    t0: float,
    keep_states: bool,
    route: str,
) -> Result:
    extra = {
        "route": route,
        "dims": r.system.dims,
        "basis": r.system.basis,
        "cutoffs": r.system.cutoffs,
        "sector": r.sector.reason,
        "sector_size": r.sector.size,
        "integrator": r.method,
        **info,
    }
    if r.kept is not None:
        extra["density_entries"] = r.kept
    if r.extra and r.extra.get("lost_norm"):
        extra["coherent_state_norm_lost_to_cutoff"] = r.extra["lost_norm"]
    if keep_states:
        extra["state"] = r.state
    return Result(
        solver=solver,
        params=dict(spec.params),
        times=times,
        observables=r.obs,
        convergence=tuple(conv) + (r.conv,),
        elapsed=_time.perf_counter() - t0,
        method=f"{route}: {r.method}",
        extra=extra,
    )


def sesolve(
    spec,
    state,
    times,
    *,
    cutoffs: Mapping[str, int] | None = None,
    tol: float = 1e-8,
    keep_states: bool = False,
    sectors: bool = True,
    check: bool | None = None,
    max_memory: float | None = None,
    max_cutoff: int = 400,
) -> Result:
    """Schrödinger evolution ``i d|psi>/dt = H|psi>`` of a spec without jumps.

    Parameters
    ----------
    spec
        A model spec (protocol in :mod:`numeric._system`, schema ``derive/_spec.py``).
    state
        The state at ``times[0]``: a product spec (:mod:`numeric._product_state`) or a vector in
        the built basis.
    times
        Non-decreasing time grid.
    cutoffs
        Fock cutoffs per boson (override the spec's size).
    tol
        Target of the Fock-cutoff convergence.
    keep_states
        Put the final state (full basis) in ``Result.extra["state"]``.
    sectors
        Evolve only the conserved-quantity sector of the initial state when there is one.
    check
        Check the integrator (default: for dimensions up to 2000).
    max_memory
        Memory limit in bytes for the operators (default: available memory).
    max_cutoff
        Largest Fock cutoff tried.

    Returns
    -------
    Result
        Observables over ``times``; convergence of every Fock cutoff and of the propagator.

    Notes
    -----
    Exact up to the Fock cutoff: dense ``eigh`` for (sector) dimensions up to 600, else
    ``scipy.sparse.linalg.expm_multiply`` (one call for a uniform grid).  A density matrix as
    ``state`` is sent to :func:`mesolve`.
    """
    t0 = _time.perf_counter()
    state = _from_qutip(state)
    times = _times(times)
    if spec.jumps or spec.local_jumps:
        raise ParameterError(
            "spec",
            "a spec without jumps for sesolve (use mesolve or solve)",
            [j.name for j in spec.jumps] + [j.name for j in spec.local_jumps],
        )
    if isinstance(state, np.ndarray) and state.ndim == 2:
        return mesolve(
            spec,
            state,
            times,
            cutoffs=cutoffs,
            tol=tol,
            keep_states=keep_states,
            sectors=sectors,
            check=check,
            max_memory=max_memory,
            max_cutoff=max_cutoff,
        )
    r, conv, info = _converged_run(
        spec,
        state,
        times,
        dynamics="pure",
        cutoffs=cutoffs,
        tol=tol,
        check=check,
        atoms=(),
        max_memory=max_memory,
        use_sectors=sectors,
        max_cutoff=max_cutoff,
    )
    return _result("sesolve", spec, times, r, conv, info, t0, keep_states, "Schrödinger")


def mesolve(
    spec,
    state,
    times,
    *,
    cutoffs: Mapping[str, int] | None = None,
    tol: float = 1e-8,
    keep_states: bool = False,
    sectors: bool = True,
    check: bool | None = None,
    atoms: Sequence[str] = (),
    max_memory: float | None = None,
    max_cutoff: int = 400,
) -> Result:
    """Lindblad evolution ``d rho/dt = -i[H, rho] + sum_k rate_k D[L_k] rho`` of a spec.

    Parameters
    ----------
    spec, state, times, cutoffs, tol, keep_states, sectors, check, max_memory, max_cutoff
        As for :func:`sesolve`; ``state`` may also be a density matrix.
    atoms
        Spin ensembles to build atom by atom (2^N states), needed for local jumps.

    Returns
    -------
    Result
        Observables over ``times``; convergence of every Fock cutoff and of the integrator.

    Notes
    -----
    The Liouvillian is built as a sparse matrix (row-major vectorisation).  A uniform grid is
    propagated by ``expm_multiply`` (one call per memory chunk), and the integrator is checked
    against ``solve_ivp`` (DOP853, rtol 1e-10) for dimensions up to 2000; a non-uniform grid is
    integrated by ``solve_ivp`` and checked at 10x tighter tolerances.  Sectors are used only when
    every jump commutes with the conserved quantities (cavity loss does not).
    """
    t0 = _time.perf_counter()
    state = _from_qutip(state)
    times = _times(times)
    r, conv, info = _converged_run(
        spec,
        state,
        times,
        dynamics="density",
        cutoffs=cutoffs,
        tol=tol,
        check=check,
        atoms=tuple(atoms),
        max_memory=max_memory,
        use_sectors=sectors,
        max_cutoff=max_cutoff,
    )
    route = "Lindblad" + (f", atoms of {', '.join(atoms)} one by one (2^N)" if atoms else "")
    return _result("mesolve", spec, times, r, conv, info, t0, keep_states, route)


def steadystate(
    spec,
    *,
    cutoffs: Mapping[str, int] | None = None,
    tol: float = 1e-8,
    keep_states: bool = False,
    atoms: Sequence[str] = (),
    max_memory: float | None = None,
    max_cutoff: int = 400,
) -> Result:
    """The steady state ``L rho = 0, Tr rho = 1`` of a spec's Lindblad equation.

    Parameters
    ----------
    spec, cutoffs, tol, keep_states, atoms, max_memory, max_cutoff
        As for :func:`mesolve`.

    Returns
    -------
    Result
        Scalar observables, ``times`` empty, a convergence entry for the residual
        ``||L rho||`` and one per Fock cutoff.

    Notes
    -----
    Sparse LU of the Liouvillian with one row replaced by the trace.  Assumes a unique steady
    state: a strong symmetry (a conserved quantity every jump commutes with) makes it
    non-unique, and then the LU is singular or the residual large.
    """
    t0 = _time.perf_counter()
    r, conv, info = _converged_run(
        spec,
        None,
        np.zeros(0),
        dynamics="steady",
        cutoffs=cutoffs,
        tol=tol,
        check=False,
        atoms=tuple(atoms),
        max_memory=max_memory,
        use_sectors=False,
        max_cutoff=max_cutoff,
    )
    if not np.isfinite(r.conv.error):
        raise ParameterError(
            "spec",
            "a Liouvillian with a unique steady state",
            "a singular one (conserved quantities?)",
        )
    return _result("steadystate", spec, np.zeros(0), r, conv, info, t0, keep_states, "steady state")


def _spin_terms(terms, table: Mapping[str, sp.spmatrix], dim: int) -> sp.csr_matrix:
    out = sp.csr_matrix((dim, dim), dtype=complex)
    for t in terms:
        m = sp.identity(dim, dtype=complex, format="csr")
        for _, op, power in t.factors:
            for _ in range(int(power)):
                m = m @ table[op]
        out = out + complex(t.coeff) * m
    return out.tocsr()


def _pi_route(spec, state, times, *, keep_states: bool = False, **options) -> Result:
    """A single spin ensemble with local jumps in the permutation-invariant Dicke basis."""
    from . import _pi_dicke as pi
    from ._spin import spin_block

    t0 = _time.perf_counter()
    times = _times(times)
    system = build(spec, max_memory=options.get("max_memory"))  # validates rates, H, ops
    prep = prepare_state(system, state)
    N = int(spec.dofs[0].size)

    def block(terms, scale=1.0):
        def f(j):
            b = spin_block(j)
            table = {"+": b.jp, "-": b.jm, "z": b.jz_matrix()}
            return scale * _spin_terms(terms, table, int(round(2 * j)) + 1)

        return f

    rates = {"-": 0.0, "+": 0.0, "z": 0.0}
    for lj in spec.local_jumps:
        rates[lj.kind] += float(lj.rate)
    L = pi.pi_liouvillian(
        N,
        hamiltonian=block(spec.hamiltonian),
        jumps=[block(j.operator, math.sqrt(float(j.rate))) for j in spec.jumps],
        local=pi.LocalRates(emission=rates["-"], pumping=rates["+"], dephasing=rates["z"]),
    )
    rho0 = prep.vector if prep.vector is not None else prep.matrix
    res = pi.pi_evolve(N, L, rho0, times, store_states=True)
    states = res.extra["states"]
    obs = {}
    for (name, terms), (_, op) in zip(spec.observables, system.observables, strict=True):
        v = np.array([pi.pi_expect(N, x, block(terms)) for x in states])
        obs[name] = v.real.copy() if _hermitian(op) else v
    extra = {
        "route": "permutation-invariant Dicke basis",
        "dims": (N + 1,),
        "basis": system.basis,
        "cutoffs": {},
        "sector": "not used",
        "sector_size": None,
        "integrator": res.method,
        "pi_unknowns": int(states.shape[1]),
    }
    if keep_states:
        extra["state"] = states[-1]
        extra["state_basis"] = "permutation-invariant Dicke blocks R_j (numeric._pi_dicke)"
    return Result(
        solver="solve",
        params=dict(spec.params),
        times=times,
        observables=obs,
        convergence=res.convergence,
        elapsed=_time.perf_counter() - t0,
        method=f"permutation-invariant Dicke basis: {res.method}",
        extra=extra,
    )


def solve(spec, state, times, **options) -> Result:
    """Evolve a spec with the exact solver its structure calls for.

    Parameters
    ----------
    spec, state, times
        As for :func:`mesolve`.
    **options
        Passed on to the chosen solver.

    Returns
    -------
    Result
        ``Result.extra["route"]`` says which solver ran.

    Raises
    ------
    ParameterError
        Local jumps on an ensemble of more than 8 atoms together with other degrees of freedom:
        neither the permutation-invariant solver (one spin only) nor atom-by-atom (2^N) applies.

    Notes
    -----
    No jumps: :func:`sesolve`.  Collective jumps: :func:`mesolve`.  Local jumps on a spin that
    is the only degree of freedom: the permutation-invariant Dicke basis
    (:mod:`numeric._pi_dicke`, ~N^3/6 unknowns, any N); with other degrees of freedom, atom by
    atom (2^N states) for N <= 8.
    """
    if not spec.local_jumps:
        if not spec.jumps and not (isinstance(state, np.ndarray) and state.ndim == 2):
            return sesolve(spec, state, times, **options)
        return mesolve(spec, state, times, **options)
    spins = sorted({lj.dof for lj in spec.local_jumps})
    if len(spec.dofs) == 1 and spec.dofs[0].kind == "spin":
        try:
            from . import _pi_dicke  # noqa: F401
        except ImportError:
            pass
        else:
            return _pi_route(spec, state, times, **options)
    big = (
        [s for s in spins if int(spec.dof(s).size) > BRUTE_FORCE_ATOMS]
        if hasattr(spec, "dof")
        else [d.name for d in spec.dofs if d.name in spins and int(d.size) > BRUTE_FORCE_ATOMS]
    )
    if big:
        what = (
            "the permutation-invariant solver (numeric._pi_dicke) is not available"
            if len(spec.dofs) == 1
            else "the permutation-invariant solver takes a spin as the only degree of freedom"
        )
        raise ParameterError(
            f"atom number of {big}",
            f"<= {BRUTE_FORCE_ATOMS} for local jumps solved atom by atom ({what})",
            [int(d.size) for d in spec.dofs if d.name in big],
        )
    assert BRUTE_FORCE_ATOMS <= MAX_ATOMS
    return mesolve(spec, state, times, atoms=spins, **options)
