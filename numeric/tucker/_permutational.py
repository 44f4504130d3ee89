"""Permutation-invariant master equation with single-particle relaxation (Dicke basis |j, m, m'>).

d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho + gamma_s sum_i L[sigma_i^-] rho.

A thin layer over the general permutation-invariant solver :mod:`numeric._pi_dicke` (basis,
local-jump rates, block layout and the compiled propagator live there, once): this module fixes
tucker2020's parameters (``Omega = N Upsilon / 2``, ``upsilon = Upsilon/Upsilon_c``), its initial
state (the CSS along -x) and its observables (``jz``, ``xi2``, ``neff``).

The stored block is the degeneracy-weighted R_j = d_j rho_j, so Tr rho = sum_j tr R_j and
<O> = sum_j tr(R_j O_j).  The number of unknowns is sum_j (2j+1)^2 ~ N^3/6.  The time evolution
applies the Liouvillian matrix-free (:func:`numeric._pi_kernels.apply_driven`).  This
representation agrees with QuTiP PIQS entry by entry, except that PIQS evaluates its dissipator
rates in single precision.
"""

from __future__ import annotations

import time

import numpy as np

from numeric._pi_dicke import (
    DickeBasis,
    LocalRates,
    _moments_from_raw,
    dicke_basis,
    driven_dicke,
)
from numeric._pi_dicke import pi_evolve as _pi_evolve
from numeric._pi_dicke import pi_moments as _pi_moments
from numeric._pi_dicke import pi_steady_state as _pi_steady
from numeric._result import ParameterError, Result

from .. import _resources
from ._spin import (
    SpinMoments,
    check_N,
    check_rate,
    css_minus_x,
    effective_number,
    wineland_xi2,
)

__all__ = ["DickeSpace", "pi_liouvillian", "pi_dynamics", "pi_steady_state", "pi_moments"]

#: The raw block sums (..., 7) -> (trace, SpinMoments); see ``numeric._pi_kernels.block_moments``.
_spin_moments = _moments_from_raw


def DickeSpace(N: int) -> DickeBasis:  # noqa: N802 - kept as the historical constructor name
    """Index map of the blocks rho_j (row-major m, m' ascending) for N spins: :func:`numeric.dicke_basis`."""
    return dicke_basis(check_N(N))


def pi_liouvillian(N: int, Gamma: float, chi: float, Omega: float, gamma_s: float):
    """The permutation-invariant Liouvillian (CSR) and its index map (:func:`numeric.driven_dicke`)."""
    _resources.estimate("tucker.pi", N, Gamma, chi, 0.0, gamma_s)  # refuse before allocating
    dd = driven_dicke(N, chi=chi, Omega=Omega, Gamma=Gamma, local=LocalRates(emission=gamma_s))
    return dd.basis, dd.matrix


def pi_moments(space: DickeBasis, v: np.ndarray) -> tuple[float, SpinMoments]:
    """Trace and first/second moments of a permutation-invariant state vector (:func:`numeric.pi_moments`).

    The blocks are stored as R_j = d_j rho_j, so <O> = sum_j tr(R_j O_j) with weight 1 per block;
    the returned moments are divided by the trace.
    """
    return _pi_moments(space.N, v)


def _check_times(times) -> np.ndarray:
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ParameterError("times", "a nonempty nondecreasing 1-d array of times >= 0", times)
    return times


def pi_dynamics(
    N: int,
    Gamma: float,
    chi: float,
    upsilon: float,
    gamma_s: float,
    times,
    rho0: np.ndarray | None = None,
) -> Result:
    """Exact permutation-invariant dynamics from the CSS along -x (or a symmetric ``rho0``).

    Parameters
    ----------
    N, Gamma, chi, gamma_s : spin number and rates (any common unit, times in its inverse).
    upsilon : Upsilon/Upsilon_c with Upsilon_c = sqrt(Gamma^2 + 4 chi^2), Omega = N Upsilon/2.
    times : nondecreasing times >= 0 (a uniform grid takes the compiled path).
    rho0 : optional Hermitian (N+1)x(N+1) initial state of the j = N/2 block (m ascending).

    Returns
    -------
    Result with ``jz`` (<J_z>/(N/2)), ``xi2``, ``neff``, ``mean``, ``second`` over ``times``.

    Notes
    -----
    Exact up to the Taylor truncation of Al-Mohy & Higham (tolerance 2^-53, the rule of
    ``scipy.sparse.linalg.expm_multiply``), run compiled on a uniform grid
    (:func:`numeric._pi_propagate.propagate_moments`); a non-uniform grid is propagated
    interval by interval with scipy's ``expm_multiply``.  The trace drift over the grid is reported as
    convergence.  Cost ~ (N^3/6 unknowns) x (number of Taylor terms ~ ||L||_1 t).  Checked against
    QuTiP PIQS (whose dissipator rates are computed in single precision, so agreement is ~1e-7
    relative per rate) and against the 2^N master equation at small N.
    """
    _resources.estimate(
        "tucker.pi", N, Gamma, chi, upsilon, gamma_s, times
    )  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma)
    gamma_s = check_rate("gamma_s", gamma_s)
    times = _check_times(times)
    Omega = 0.5 * N * upsilon * float(np.hypot(Gamma, 2 * chi))
    dd = driven_dicke(N, chi=chi, Omega=Omega, Gamma=Gamma, local=LocalRates(emission=gamma_s))
    if rho0 is None:
        psi = css_minus_x(N / 2)
        rho0 = np.outer(psi, psi.conj())
    rho0 = np.asarray(rho0, complex)
    if rho0.shape != (N + 1, N + 1) or not np.allclose(rho0, rho0.conj().T, atol=1e-12):
        raise ParameterError(
            "rho0", f"a Hermitian ({N + 1}, {N + 1}) matrix of the j = N/2 block", rho0.shape
        )
    r = _pi_evolve(N, dd, rho0, times)
    mom = SpinMoments(r["mean"], r["second"])
    obs = {
        "jz": mom.mean[:, 2] / (N / 2),
        "xi2": np.atleast_1d(wineland_xi2(N, mom)),
        "neff": effective_number(mom.j2),
        "mean": mom.mean,
        "second": mom.second,
    }
    return Result(
        "pi_dynamics",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon, gamma_s=gamma_s),
        times,
        obs,
        r.convergence,
        time.perf_counter() - t0,
        r.method,
    )


def pi_steady_state(N: int, Gamma: float, chi: float, upsilon: float, gamma_s: float) -> Result:
    """Steady state of the permutation-invariant Liouvillian by sparse LU with a trace row.

    Notes
    -----
    The trace row is sum_j tr R_j (blocks already carry their degeneracy).  Residual reported as convergence.
    """
    _resources.estimate("tucker.pi", N, Gamma, chi, upsilon, gamma_s)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma, positive=True)
    gamma_s = check_rate("gamma_s", gamma_s, positive=True)
    Omega = 0.5 * N * upsilon * float(np.hypot(Gamma, 2 * chi))
    dd = driven_dicke(N, chi=chi, Omega=Omega, Gamma=Gamma, local=LocalRates(emission=gamma_s))
    r = _pi_steady(N, dd)
    mom = SpinMoments(r["mean"], r["second"])
    obs = {
        "jz": np.array(mom.mean[2] / (N / 2)),
        "xi2": np.array(wineland_xi2(N, mom)),
        "neff": np.array(effective_number(mom.j2)),
        "mean": mom.mean,
        "second": mom.second,
    }
    return Result(
        "pi_steady_state",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon, gamma_s=gamma_s),
        np.array([]),
        obs,
        r.convergence,
        time.perf_counter() - t0,
        r.method,
    )
