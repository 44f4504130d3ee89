"""Exact dynamics of Eq. (1) of sundar2023 in its conserved sector.

Model (hbar = 1)::

    H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z),

with N/2 atoms in each ensemble (two collective spins of length j = N/4), the
sign convention ``S_B^+ = -J_B^+`` (``J`` = standard spin operators), and the
initial state "A all in g, B all in e".  H conserves S_A^z + S_B^z, so the state
stays in the sector spanned by ``|k> = |m_A = -j + k> |m_B = j - k>``,
k = 0 .. M with M = N/2.  In that basis H is real tridiagonal::

    H_kk - H_00   = 2 k [chi (M - k) - delta]
    H_{k+1,k}     = -chi (M - k)(k + 1)

(the minus sign of the hopping is the sign convention of S_B^+).

Large N: the population sits at k of the order of the pair number n/2, far below
M near the squeezing optimum, so the sector is truncated at K << M sites and the
truncated tridiagonal matrix is diagonalised only in an energy window around 0:
the initial state |0> overlaps only with eigenvectors of energy |E| of a few
chi M (for the two-mode-squeezing generator the spectral density of |0> is
sech(pi E / 2 chi M) / (2 chi M)).  Both truncations are checked on every call:
the population left on the last tenth of the kept sites, and the weight of |0>
outside the energy window.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh_tridiagonal

from .._result import Convergence, ParameterError
from ._eigen import window_eigenpairs

__all__ = ["SectorPropagator", "sector_hamiltonian", "sector_propagator", "check_N"]

_FULL_DIAG_MAX = 2500   # below this sector size diagonalise everything
_POP_TOL = 1e-12        # population allowed on the last 10 % of the kept sites
_WEIGHT_TOL = 1e-12     # weight of |0> allowed outside the energy window


def check_N(N: object) -> int:
    """Validate the atom number: a positive even integer (N/2 atoms per ensemble)."""
    try:
        n = int(N)
    except (TypeError, ValueError):
        raise ParameterError("N", "a positive even integer", N) from None
    if n != N or n <= 0 or n % 2:
        raise ParameterError("N", "a positive even integer", N)
    return n


def _check_real(name: str, v: object, positive: bool = False) -> float:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(name, "a real number", v) from None
    if not math.isfinite(x) or (positive and x <= 0):
        raise ParameterError(name, "a finite number > 0" if positive else "a finite number", v)
    return x


def sector_hamiltonian(N: int, chi: float, delta: float | None = None,
                       K: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal and off-diagonal of Eq. (1) in the S_A^z + S_B^z = 0 sector.

    Parameters
    ----------
    N
        Total atom number (even); each ensemble holds N/2 atoms.
    chi, delta
        Coupling and Zeeman splitting of Eq. (1); ``delta`` defaults to N chi / 2.
    K
        Number of kept sites k = 0 .. K-1 (default: the whole sector, N/2 + 1).

    Returns
    -------
    d, e
        ``H_kk - H_00`` and ``H_{k+1,k}``, the diagonal shifted by the constant
        ``H_00 = (chi + delta) N/2`` so that the relevant energies sit near zero.
    """
    N = check_N(N)
    M = N // 2
    delta = chi * M if delta is None else float(delta)
    K = M + 1 if K is None else int(min(K, M + 1))
    k = np.arange(K, dtype=float)
    d = 2.0 * k * (chi * (M - k) - delta)
    kb = k[:-1]
    e = -chi * (M - kb) * (kb + 1.0)
    return d, e


@dataclass(frozen=True, slots=True)
class SectorPropagator:
    """Spectral data of the (truncated) sector Hamiltonian seen by the initial state.

    ``amplitudes(t)`` returns c_k(t) = <k| exp(-i H t) |0> for k < K.
    """

    N: int
    chi: float
    delta: float
    K: int
    energies: np.ndarray       # eigenvalues kept (H - H_00)
    vectors: np.ndarray        # (K, n) eigenvectors
    overlaps: np.ndarray       # <E_n|0>
    window_weight_missing: float
    method: str
    orthogonality: float = 0.0

    @property
    def M(self) -> int:
        return self.N // 2

    def amplitudes(self, times: np.ndarray) -> np.ndarray:
        """Sector amplitudes, shape (len(times), K)."""
        times = np.atleast_1d(np.asarray(times, dtype=float))
        ph = np.exp(-1j * np.outer(times, self.energies)) * self.overlaps[None, :]
        return ph @ self.vectors.T


def _diagonalise(d: np.ndarray, e: np.ndarray, scale: float, window: float | None):
    if window is None:
        w, v = eigh_tridiagonal(d, e)
        return w, v, 0.0
    return window_eigenpairs(d, e, -window * scale, window * scale)


def sector_propagator(N: int, chi: float, delta: float | None = None, *,
                      t_max: float = 0.0, K: int | None = None) -> tuple[SectorPropagator, float]:
    """Build the spectral propagator on a sector truncated to reach ``t_max``.

    The truncation K is chosen from the undepleted-pump estimate of the pair number
    at ``t_max`` (which overestimates the exact one) and the window from the
    spectral density of |0>; both are enlarged until the missing window weight is
    below tolerance.  Returns the propagator and the wall time spent.
    """
    t0 = time.perf_counter()
    N = check_N(N)
    chi = _check_real("chi", chi)
    if chi == 0:
        raise ParameterError("chi", "a nonzero real number", chi)
    M = N // 2
    delta = chi * M if delta is None else _check_real("delta", delta)
    g = abs(chi) * M
    if K is None:
        # thermal tail of the two-mode squeezed vacuum: P(k >= K) = tanh(r)^(2K)
        r = min(g * abs(t_max), 350.0)
        kbar = math.sinh(r) ** 2
        K = int(min(M + 1, max(400, math.ceil(34.0 * (kbar + 1.0)) + 200)))
    K = int(min(K, M + 1))
    d, e = sector_hamiltonian(N, chi, delta, K)
    if K <= _FULL_DIAG_MAX:
        w, v, ortho = _diagonalise(d, e, g, None)
        missing = 0.0
        method = f"full diagonalisation of the {K}-site tridiagonal sector"
    else:
        # sech(pi E / 2 chi M) < 1e-13 beyond |E| = 20 chi M for the two-mode squeezing generator
        window = 20.0 + 2.0 * abs(delta - chi * M) / g
        while True:
            w, v, ortho = _diagonalise(d, e, g, window)
            missing = max(0.0, 1.0 - float(np.sum(v[0, :] ** 2)))
            if missing <= _WEIGHT_TOL or window > 1e4:
                break
            window *= 2.0
        method = (f"tridiagonal eigenpairs in the energy window |E - H_00| < {window:g} chi M on a {K}-site truncated "
                  f"sector (of {M + 1})")
    prop = SectorPropagator(N, chi, delta, K, w, v, v[0, :].copy(), missing, method, ortho)
    return prop, time.perf_counter() - t0


def truncation_report(prop: SectorPropagator, edge_population: float) -> tuple[Convergence, ...]:
    """Convergence records of the sector truncation and of the energy window."""
    out = []
    if prop.K < prop.M + 1:
        out.append(Convergence("sector truncation K", prop.K, edge_population, _POP_TOL,
                               f"max over t of the population on sites k >= {int(0.9 * prop.K)} "
                               f"(full sector has {prop.M + 1} sites)"))
    else:
        out.append(Convergence("sector truncation K", prop.K, 0.0, _POP_TOL, "full sector, no truncation"))
    if len(prop.energies) < prop.K:
        out.append(Convergence("energy window", len(prop.energies), prop.window_weight_missing, _WEIGHT_TOL,
                               "weight of the initial state outside the kept eigenvectors"))
        out.append(Convergence("eigenvector orthogonality", len(prop.energies), prop.orthogonality, 1e-9,
                               "max |V^T V - 1| of the inverse-iteration eigenvectors"))
    return tuple(out)


def edge_population(c: np.ndarray, K: int, M: int) -> float:
    """Population on the last tenth of the kept sites (zero when nothing is truncated)."""
    if K >= M + 1:
        return 0.0
    k0 = int(0.9 * K)
    return float(np.max(np.sum(np.abs(c[:, k0:]) ** 2, axis=1)))
