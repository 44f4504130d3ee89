"""Propagators of the generic solvers on built sparse matrices (no spec, no validation).

Row-major vectorisation throughout: ``vec(A rho B) = (A x B^T) vec(rho)`` with
``vec(rho) = rho.reshape(-1)``, so ``Tr(op rho) = vec(op^T) . vec(rho)``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.integrate import solve_ivp
from scipy.sparse.linalg import expm_multiply, spsolve

__all__ = ["EIGH_DIM", "evolve_density", "evolve_pure", "liouvillian", "steady"]

EIGH_DIM = 600
"""Hilbert dimensions up to which a pure state is evolved by dense ``eigh``."""

_CHUNK_BYTES = 512 * 2**20


def liouvillian(H: sp.spmatrix, c_ops: list[sp.spmatrix]) -> sp.csr_matrix:
    """``L`` with ``d vec(rho)/dt = L vec(rho)``, row-major vectorisation."""
    d = H.shape[0]
    eye = sp.identity(d, dtype=complex, format="csr")
    L = -1j * (sp.kron(H, eye) - sp.kron(eye, H.T))
    for c in c_ops:
        cdc = (c.conj().T @ c).tocsr()
        L = L + sp.kron(c, c.conj()) - 0.5 * (sp.kron(cdc, eye) + sp.kron(eye, cdc.T))
    return L.tocsr()


def _uniform(times: np.ndarray) -> bool:
    if times.size < 3:
        return True
    dt = np.diff(times)
    return bool(np.allclose(dt, dt[0], rtol=1e-10, atol=0))


def _trace_rows(ops: list[sp.spmatrix], d: int) -> sp.csr_matrix:
    """Rows ``vec(op^T)`` so that ``W @ vec(rho) = [Tr(op rho) for op in ops]``."""
    rows = []
    for op in ops:
        c = op.tocoo()
        rows.append(
            sp.csr_matrix((c.data, (np.zeros_like(c.row), c.col * d + c.row)), shape=(1, d * d))
        )
    return sp.vstack(rows, format="csr") if rows else sp.csr_matrix((0, d * d), dtype=complex)


def _propagate_grid(A: sp.spmatrix, v: np.ndarray, times: np.ndarray, record) -> np.ndarray:
    """``exp(A (t - t0)) v`` on the grid, in chunks of one expm_multiply call each.

    Uniform grids go through ``expm_multiply(start, stop, num)``; other grids step from
    time to time.  ``record(i0, states)`` receives each chunk.  Returns the last state.
    """
    n = v.size
    if times.size == 1:
        record(0, v[None, :])
        return v
    if not _uniform(times):
        record(0, v[None, :])
        for i in range(1, times.size):
            v = expm_multiply(A * (times[i] - times[i - 1]), v)
            record(i, v[None, :])
        return v
    dt = times[1] - times[0]
    chunk = int(max(2, min(times.size, _CHUNK_BYTES // (16 * n))))
    i0 = 0
    while i0 < times.size - 1:
        k = min(chunk, times.size - i0)
        states = expm_multiply(A, v, start=0.0, stop=dt * (k - 1), num=k, endpoint=True)
        record(i0, states if i0 == 0 else states)
        v = states[-1]
        i0 += k - 1
    return v


def evolve_pure(
    H: sp.spmatrix, psi: np.ndarray, times: np.ndarray, ops: list[sp.spmatrix]
) -> tuple[np.ndarray, np.ndarray, str, float]:
    """``<psi(t)|op|psi(t)>`` for each op over the grid (state given at ``times[0]``).

    Returns the values ``(len(ops), len(times))``, the final state, the method and an error
    estimate of the propagation (eigen-residual times ``|t|``, or the change of the final
    state against one direct ``expm_multiply`` step).
    """
    d = H.shape[0]
    vals = np.zeros((len(ops), times.size), dtype=complex)
    tau = times - times[0]
    if d <= EIGH_DIM:
        E, V = np.linalg.eigh(H.toarray())
        c = V.conj().T @ psi
        states = (np.exp(-1j * np.outer(tau, E)) * c) @ V.T
        for i, op in enumerate(ops):
            vals[i] = np.einsum("ti,ti->t", states.conj(), (op @ states.T).T)
        resid = np.abs(H @ V - V * E).max() * max(abs(tau[-1]), 1.0)
        return vals, states[-1], "dense eigh (exact up to round-off)", float(resid)

    def record(i0, states):
        for i, op in enumerate(ops):
            vals[i, i0 : i0 + len(states)] = np.einsum("ti,ti->t", states.conj(), (op @ states.T).T)

    A = (-1j * H).tocsr()
    last = _propagate_grid(A, psi, times, record)
    direct = expm_multiply(A * tau[-1], psi) if tau[-1] else psi
    how = "uniform grid in one call" if _uniform(times) else "step by step"
    return vals, last, f"sparse expm_multiply ({how})", float(np.linalg.norm(last - direct))


def evolve_density(
    L: sp.spmatrix,
    rho: np.ndarray,
    times: np.ndarray,
    ops: list[sp.spmatrix],
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    ivp: bool | str | None = None,
    keep: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, str]:
    """``Tr(op rho(t))`` for each op over the grid under ``d vec(rho)/dt = L vec(rho)``.

    A uniform grid goes through ``expm_multiply`` (one call per memory chunk); a non-uniform
    grid (or ``ivp=True``) through ``solve_ivp`` (DOP853, ``rtol``, ``atol``; ``ivp="stiff"``: BDF with
    the exact sparse Jacobian); ``ivp="halfstep"`` is the dense half-step check of the dense route.  ``keep``
    restricts ``vec(rho)`` to an invariant set of entries (the others stay zero).
    """
    d = rho.shape[0]
    W = _trace_rows(ops, d)
    vals = np.zeros((len(ops), times.size), dtype=complex)
    v0 = rho.reshape(-1).astype(complex)
    if keep is not None:
        W, L, v0 = W[:, keep], L[keep][:, keep].tocsr(), v0[keep]

    def full(v):
        if keep is None:
            return v.reshape(d, d)
        out = np.zeros(d * d, dtype=complex)
        out[keep] = v
        return out.reshape(d, d)

    if ivp is None:
        ivp = not _uniform(times)
    if ivp == "halfstep" or (not ivp and times.size > 1 and L.shape[0] <= DENSE_MAX):
        return _evolve_dense(L, v0, times, W, full, halfstep=ivp == "halfstep")
    if ivp and times.size > 1:
        # an implicit method with the exact (sparse) Jacobian: decay ladders are stiff
        method = "BDF" if ivp == "stiff" else "DOP853"
        extra = {"jac": L} if method == "BDF" else {}
        sol = solve_ivp(
            lambda t, y: L @ y,
            (times[0], times[-1]),
            v0,
            method=method,
            t_eval=times,
            rtol=rtol,
            atol=atol,
            **extra,
        )
        if not sol.success:
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        vals[:] = W @ sol.y
        return vals, full(sol.y[:, -1]), f"solve_ivp {method} rtol={rtol:g} atol={atol:g}"

    def record(i0, states):
        vals[:, i0 : i0 + len(states)] = W @ states.T

    last = _propagate_grid(L, v0, times, record)
    return vals, full(last), "sparse expm_multiply of the Liouvillian (uniform grid)"


DENSE_MAX = 1100
"""Liouvillian dimensions up to which a uniform grid uses the dense one-step propagator."""


def _evolve_dense(L, v0, times, W, full, *, halfstep: bool):
    """Dense routes for small Liouvillians on a uniform grid: ``expm(L dt)`` applied step by step
    (scaling and squaring Padé, cost independent of ``||L|| t``), or — the check of the first —
    two half steps ``expm(L dt/2)^2`` (``halfstep``)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # small mat-vecs: threads only contend
        return _evolve_dense_serial(L.toarray(), v0, times, W, full, halfstep)


def _evolve_dense_serial(Ld, v0, times, W, full, halfstep):
    """The body of :func:`_evolve_dense` (run with single-threaded BLAS)."""
    import scipy.linalg as sla

    vals = np.zeros((W.shape[0], times.size), dtype=complex)
    dt = float(times[1] - times[0]) if times.size > 1 else 0.0
    if halfstep:  # the check: two half steps expm(L dt/2)^2 (a separate scaling-and-squaring path)
        half = sla.expm(Ld * (dt / 2))
        P = half @ half
        label = "dense half-step propagator expm(L dt/2)^2"
    else:
        P = sla.expm(Ld * dt)
        label = "dense one-step propagator expm(L dt) (uniform grid)"
    v = v0.copy()
    for i in range(times.size):
        if i:
            v = P @ v
        vals[:, i] = W @ v
    return vals, full(v), label


def steady(L: sp.spmatrix, d: int) -> tuple[np.ndarray, float]:
    """The steady state of ``L`` by sparse LU with row 0 replaced by ``Tr rho = 1``.

    Returns ``rho`` (Hermitised) and the residual ``||L vec(rho)||_2``.
    """
    mask = np.ones(d * d)
    mask[0] = 0.0
    trace = sp.csr_matrix(
        (np.ones(d), (np.zeros(d, dtype=int), np.arange(d) * (d + 1))), shape=(d * d, d * d)
    )
    A = (sp.diags(mask) @ L + trace).tocsc()
    b = np.zeros(d * d, dtype=complex)
    b[0] = 1.0
    x = spsolve(A, b)
    rho = x.reshape(d, d)
    rho = 0.5 * (rho + rho.conj().T)
    return rho, float(np.linalg.norm(L @ rho.reshape(-1)))
