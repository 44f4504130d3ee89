"""Collective (gamma_s = 0) driven superradiance in the N+1 dimensional symmetric subspace.

Master equation d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho with
Omega = N Upsilon / 2.  Two independent routes to the steady state:

* the (N+1)^2 sparse Liouvillian, solved by sparse LU with the trace condition;
* the analytic steady state of cooperative resonance fluorescence (Puri & Lawande 1979,
  Carmichael 1980), rho_ss ∝ A A^dagger with A = (1 - J_-/beta)^{-1},
  beta = -Omega/(2 chi - i Gamma), evaluated in log space in O(N^2) (O(N) for moments).

The LU fill grows like ~N^2.4 (COLAMD; 2.7e7 entries at N = 400), so the LU route stops near
N ~ 600 in memory; beyond, the closed form is checked by its residual under the sparse
Liouvillian (:func:`steady_state_residual`, O(N^2): 1.8e-13 at N = 2000).
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.special import gammaln, logsumexp

from numeric._result import Convergence, ParameterError, Result
from numeric._spin import jplus_ladder

from .. import _resources
from ._spin import (
    SpinMoments,
    check_N,
    check_rate,
    css_minus_x,
    effective_number,
    jplus,
    jz_diag,
    moments_from_matrix,
    wineland_xi2,
)

__all__ = [
    "collective_liouvillian",
    "collective_steady_state",
    "analytic_steady_state",
    "analytic_density_matrix",
    "steady_state_residual",
    "collective_dynamics",
    "upsilon_critical",
]


def upsilon_critical(Gamma: float, chi: float) -> float:
    """Mean-field critical drive Upsilon_c = sqrt(Gamma^2 + 4 chi^2), Eq. (3)."""
    return float(np.hypot(Gamma, 2 * chi))


def _drive(N: int, Gamma: float, chi: float, upsilon: float) -> float:
    """Omega = N Upsilon/2 with Upsilon = upsilon * Upsilon_c (upsilon is the ratio)."""
    return 0.5 * N * upsilon * upsilon_critical(Gamma, chi)


def collective_liouvillian(N: int, Gamma: float, chi: float, Omega: float) -> sps.csr_matrix:
    """Sparse Liouvillian on row-major vec(rho) of the N+1 dimensional symmetric subspace.

    vec(A rho B) = (A kron B^T) vec(rho); J_- rho J_+ keeps m - m' fixed, so the
    matrix has at most 7 entries per row.
    """
    _resources.estimate("tucker.collective", N, Gamma, chi, 0.0, ())  # refuse before allocating
    j = N / 2
    jp = jplus(j)
    jm = jp.T.tocsr()
    K = (jp @ jm).tocsr()
    H = (chi * K + 0.5 * Omega * (jp + jm)).tocsc().astype(complex)
    d = N + 1
    eye = sps.identity(d, format="csr")
    L = -1j * (sps.kron(H, eye) - sps.kron(eye, H.T)) + Gamma * (
        sps.kron(jm, jm) - 0.5 * sps.kron(K, eye) - 0.5 * sps.kron(eye, K.T)
    )
    return L.tocsr()


def _result_from_rho(name, params, rho, j, N, t0, method, conv, extra=None) -> Result:
    mom = moments_from_matrix(rho, j)
    obs = {
        "jz": np.array(mom.mean[2] / j),
        "xi2": np.array(wineland_xi2(N, mom)),
        "mean": mom.mean,
        "second": mom.second,
    }
    return Result(
        name, params, np.array([]), obs, conv, time.perf_counter() - t0, method, extra or {}
    )


def collective_steady_state(N: int, Gamma: float, chi: float, upsilon: float) -> Result:
    """Steady state of the collective model by sparse LU of the (N+1)^2 Liouvillian.

    Parameters
    ----------
    N : spin number; Gamma > 0 collective decay rate; chi exchange; upsilon = Upsilon/Upsilon_c.

    Returns
    -------
    Result with observables ``jz`` = <J_z>/(N/2), ``xi2`` (Wineland), ``mean``, ``second``,
    and ``extra['rho']`` the (N+1)x(N+1) steady state (m ascending).

    Notes
    -----
    Exact up to round-off; the residual |L rho| / |L| |rho| is reported as the convergence
    evidence.  The trace row replaces the first row of L (the Liouvillian has a one-dimensional
    kernel for Gamma > 0).
    """
    _resources.estimate("tucker.collective", N, Gamma, chi, upsilon, ())  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma, positive=True)
    Omega = _drive(N, Gamma, chi, upsilon)
    L = collective_liouvillian(N, Gamma, chi, Omega).tolil()
    d = N + 1
    L[0, :] = 0
    L[0, np.arange(d) * (d + 1)] = 1.0
    A = L.tocsc()
    b = np.zeros(d * d, complex)
    b[0] = 1.0
    x = spla.spsolve(A, b, permc_spec="COLAMD")
    rho = x.reshape(d, d)
    rho = 0.5 * (rho + rho.conj().T)
    L0 = collective_liouvillian(N, Gamma, chi, Omega)
    res = float(np.linalg.norm(L0 @ rho.ravel()) / (spla.norm(L0, 1) * np.linalg.norm(rho)))
    conv = (
        Convergence(
            "sparse LU residual", d * d, res, 1e-10, "|L rho| / (|L|_1 |rho|) of the solution"
        ),
    )
    return _result_from_rho(
        "collective_steady_state",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon),
        rho,
        N / 2,
        N,
        t0,
        "sparse LU of the symmetric-subspace Liouvillian",
        conv,
        {"rho": rho},
    )


def analytic_log_bands(N: int, Gamma: float, chi: float, Omega: float) -> tuple[np.ndarray, ...]:
    """log|rho_ab| ingredients of the cooperative-resonance-fluorescence steady state.

    rho_ab = e^{i theta (a - b)} exp(-h(a) - h(b) + S(max(a, b))) with
    h(m) = [ln (j+m)! - ln (j-m)!]/2 - m ln|beta|, S(k) = ln sum_{c >= k} e^{2h(c)},
    theta = arg beta, beta = -Omega/(2 chi - i Gamma).
    """
    j = N / 2
    m = jz_diag(j)
    beta = -Omega / (2 * chi - 1j * Gamma)
    h = 0.5 * (gammaln(j + m + 1) - gammaln(j - m + 1)) - m * np.log(abs(beta))
    S = np.logaddexp.accumulate((2 * h)[::-1])[::-1]
    return m, h, S, float(np.angle(beta))


def analytic_density_matrix(N: int, Gamma: float, chi: float, upsilon: float) -> np.ndarray:
    """The full (N+1)x(N+1) analytic steady state (m ascending), normalised; O(N^2) in log space.

    Entries below ~1e-308 of the largest underflow to zero (they are below double precision).
    """
    _resources.estimate("tucker.dense", N)  # refuse before allocating
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma, positive=True)
    Omega = _drive(N, Gamma, chi, upsilon)
    if Omega == 0:
        raise ParameterError("upsilon", "> 0 (the analytic form needs a drive)", upsilon)
    m, h, S, theta = analytic_log_bands(N, Gamma, chi, Omega)
    logZ = logsumexp(-2 * h + S)
    a = np.arange(m.size)
    hi = np.maximum(a[:, None], a[None, :])
    with np.errstate(under="ignore"):
        mag = np.exp(-h[:, None] - h[None, :] + S[hi] - logZ)
    # rho_{b, a} = |.| e^{i theta (b - a)}
    return mag * np.exp(1j * theta * (a[:, None] - a[None, :]))


def steady_state_residual(N: int, Gamma: float, chi: float, upsilon: float) -> float:
    """|L rho| / (|L|_1 |rho|) of the analytic steady state under the sparse collective Liouvillian.

    An independent check that the closed form is the exact kernel of the master equation, usable
    where the sparse LU is not (N ~ 2000: O(N^2) work and memory).
    """
    _resources.estimate("tucker.dense", N)  # refuse before allocating
    rho = analytic_density_matrix(N, Gamma, chi, upsilon)
    L = collective_liouvillian(N, Gamma, chi, _drive(N, Gamma, chi, upsilon))
    return float(np.linalg.norm(L @ rho.ravel()) / (spla.norm(L, 1) * np.linalg.norm(rho)))


def analytic_steady_state(N: int, Gamma: float, chi: float, upsilon: float) -> Result:
    """Analytic steady state of driven collective decay (cooperative resonance fluorescence).

    rho_ss = A A^dagger / Tr, A = sum_k (J_-/beta)^k, beta = -Omega/(2 chi - i Gamma).

    Notes
    -----
    Exact for gamma_s = 0 (Puri & Lawande, Phys. Lett. A 72, 200 (1979); Carmichael,
    J. Phys. B 13, 3551 (1980); chi enters through beta, derived in
    ``derive.tucker.steady_state_derivation``).  Only the five bands |a - b| <= 2 are built
    (what the first and second moments need), in log space: O(N) work, no overflow.
    """
    _resources.estimate("tucker.steady", N)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma, positive=True)
    Omega = _drive(N, Gamma, chi, upsilon)
    if Omega == 0:
        raise ParameterError("upsilon", "> 0 (the analytic form needs a drive)", upsilon)
    m, h, S, theta = analytic_log_bands(N, Gamma, chi, Omega)
    j = N / 2
    logZ = logsumexp(-2 * h + S)

    def band(k):
        # rho_{a+k, a} (row = higher m), a = 0 .. d-1-k
        a = np.arange(m.size - k)
        b = a + k
        return np.exp(-h[a] - h[b] + S[b] - logZ) * np.exp(1j * theta * (b - a))

    r0, r1, r2 = band(0).real, band(1), band(2)
    cp = jplus_ladder(j)  # <m+1|J+|m>
    cp2 = cp[:-1] * cp[1:]
    # Tr(J+ rho) = sum_m <m+1|J+|m> rho_{m, m+1} = sum cp conj(rho_{m+1, m})
    P1 = np.sum(cp * r1.conj())
    PZ = np.sum((m[:-1] + 0.5) * cp * r1.conj())
    P2 = np.sum(cp2 * r2.conj())
    Z1, Z2 = np.sum(m * r0), np.sum(m * m * r0)
    PM = np.sum((j * (j + 1) - m * m) * r0)
    mean = np.array([P1.real, P1.imag, Z1])
    second = np.array(
        [
            [0.5 * (P2.real + PM), 0.5 * P2.imag, PZ.real],
            [0.5 * P2.imag, 0.5 * (PM - P2.real), PZ.imag],
            [PZ.real, PZ.imag, Z2],
        ]
    )
    mom = SpinMoments(mean, second)
    obs = {
        "jz": np.array(mean[2] / j),
        "xi2": np.array(wineland_xi2(N, mom)),
        "mean": mean,
        "second": second,
    }
    return Result(
        "analytic_steady_state",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon),
        np.array([]),
        obs,
        (),
        time.perf_counter() - t0,
        "analytic A A^dagger steady state (log space, bands |m - m'| <= 2)",
    )


def collective_dynamics(
    N: int,
    Gamma: float,
    chi: float,
    upsilon: float,
    times: np.ndarray,
    rho0: np.ndarray | None = None,
) -> Result:
    """Time evolution in the symmetric subspace from the CSS along -x (or ``rho0``).

    Notes
    -----
    exp(L t) rho0 by ``scipy.sparse.linalg.expm_multiply`` (Al-Mohy & Higham; its own
    truncation control to double precision; a uniform grid is propagated in one call); the trace
    drift is reported as convergence.  Cost ~ ||L||_1 t products with the (N+1)^2-unknown
    Liouvillian, ||L||_1 ~ Gamma N^2: measured over N Gamma t <= 10, N = 200 ~3 s, N = 500 ~45 s,
    N = 1000 several minutes.  Beyond that, the gamma_s = 0 case of :func:`trajectories` (a pure
    state in the j = N/2 block) or the cumulant solver reach N = 2000 and more.
    Observables: ``jz`` = <J_z>/(N/2), ``xi2``, ``neff`` (= N), ``mean``, ``second``.
    """
    _resources.estimate(
        "tucker.collective", N, Gamma, chi, upsilon, times
    )  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    Gamma = check_rate("Gamma", Gamma)
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ParameterError("times", "a nondecreasing 1-d array of times >= 0", times)
    Omega = _drive(N, Gamma, chi, upsilon)
    L = collective_liouvillian(N, Gamma, chi, Omega).tocsc()
    d = N + 1
    if rho0 is None:
        psi = css_minus_x(N / 2)
        rho0 = np.outer(psi, psi.conj())
    v = np.asarray(rho0, complex).ravel()
    means, seconds, drift = [], [], 0.0

    def record(vec):
        nonlocal drift
        rho = vec.reshape(d, d)
        drift = max(drift, abs(np.trace(rho) - 1))
        mom = moments_from_matrix(rho, N / 2)
        means.append(mom.mean)
        seconds.append(mom.second)

    step = np.diff(times)
    if times.size > 2 and step[0] > 0 and np.allclose(step, step[0], rtol=1e-12, atol=0.0):
        # a uniform grid in one call: one norm estimate and step choice for the whole grid
        # (2-3x faster than restarting at every output time)
        if times[0] > 0:
            v = spla.expm_multiply(L * times[0], v)
        for vec in spla.expm_multiply(
            L, v, start=0.0, stop=times[-1] - times[0], num=times.size, endpoint=True
        ):
            record(vec)
    else:
        tprev = 0.0
        for t in times:
            if t > tprev:
                v = spla.expm_multiply(L * (t - tprev), v)
                tprev = t
            record(v)
    mom = SpinMoments(np.array(means), np.array(seconds))
    obs = {
        "jz": mom.mean[:, 2] / (N / 2),
        "xi2": np.atleast_1d(wineland_xi2(N, mom)),
        "neff": effective_number(mom.j2),
        "mean": mom.mean,
        "second": mom.second,
    }
    conv = (
        Convergence(
            "trace drift",
            len(times),
            float(drift),
            1e-8,
            "|Tr rho(t) - 1| over the grid (expm_multiply)",
        ),
    )
    return Result(
        "collective_dynamics",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon),
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        "expm_multiply in the symmetric subspace",
    )
