"""Collective spin-1/2 ensembles: Dicke operators, coherent spin states, Wineland squeezing.

Conventions: Dicke states |j, m> are indexed by m ascending (index k = m + j),
J_pm = J_x pm i J_y, and a collective observable of a permutation-invariant
state is the degeneracy-weighted sum of its j blocks.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps
from scipy.special import gammaln

from numeric._observables import SpinMoments
from numeric._observables import wineland_xi2 as _wineland_xi2
from numeric._result import ParameterError
from numeric._spin import coherent_spin_state, jplus_ladder

__all__ = [
    "SpinMoments",
    "check_N",
    "dicke_degeneracy",
    "jplus",
    "jz_diag",
    "css_minus_x",
    "css",
    "moments_from_matrix",
    "wineland_xi2",
    "effective_number",
]


def check_N(N: object) -> int:
    """Validate a spin number: a positive integer."""
    if isinstance(N, bool) or not float(N).is_integer() or int(N) < 1:
        raise ParameterError("N", "a positive integer", N)
    return int(N)


def check_rate(name: str, value: float, *, positive: bool = False) -> float:
    """Validate a rate (finite, nonnegative or positive)."""
    v = float(value)
    if not np.isfinite(v) or v < 0 or (positive and v == 0):
        raise ParameterError(
            name, "a finite number > 0" if positive else "a finite number >= 0", value
        )
    return v


def jz_diag(j: float) -> np.ndarray:
    """The m values -j..j (the diagonal of J_z in the Dicke basis)."""
    return np.arange(-j, j + 0.5, 1.0)[: int(round(2 * j)) + 1]


def jplus(j: float) -> sps.csr_matrix:
    """J_+ in the Dicke basis of spin j: <m+1|J_+|m> = sqrt(j(j+1) - m(m+1))."""
    d = int(round(2 * j)) + 1
    return sps.diags(jplus_ladder(j), -1, shape=(d, d), format="csr")


def dicke_degeneracy(N: int, j: np.ndarray | float) -> np.ndarray:
    """Number of spin-j irreps in N spin-1/2: N!(2j+1)/((N/2+j+1)!(N/2-j)!)."""
    j = np.asarray(j, dtype=float)
    return np.exp(gammaln(N + 1) - gammaln(N / 2 + j + 2) - gammaln(N / 2 - j + 1)) * (2 * j + 1)


def css(j: float, theta: float, phi: float) -> np.ndarray:
    """Coherent spin state pointing along (theta, phi) (theta from +z), amplitudes in log space.

    Notes
    -----
    <j,m|theta,phi> = binom(2j, j+m)^(1/2) cos(theta/2)^(j+m) sin(theta/2)^(j-m) e^{i(j-m)phi}
    (Radcliffe); :func:`numeric.coherent_spin_state`, renormalised.
    """
    if not 0.0 <= theta <= np.pi:
        raise ParameterError("theta", "in [0, pi]", theta)
    amp = coherent_spin_state(int(round(2 * j)), theta, phi)
    return amp / np.linalg.norm(amp)


def css_minus_x(j: float) -> np.ndarray:
    """The coherent spin state along -x (all spins polarised along -x), the paper's initial state."""
    return css(j, np.pi / 2, np.pi)


def _ops(j: float) -> tuple[sps.csr_matrix, sps.csr_matrix, sps.csr_matrix]:
    jp = jplus(j)
    jx = ((jp + jp.T) * 0.5).tocsr()
    jy = ((jp - jp.T) * (-0.5j)).tocsr()
    jz = sps.diags(jz_diag(j), 0, format="csr")
    return jx, jy, jz


def moments_from_matrix(
    rho: sps.spmatrix | np.ndarray, j: float, weight: float = 1.0
) -> SpinMoments:
    """Moments Tr(rho J_a), Tr(rho {J_a, J_b}/2) of a spin-j density matrix (times ``weight``).

    Only the bands |m - m'| <= 2 of ``rho`` enter, so a banded representation suffices.
    """
    ops = _ops(j)
    r = sps.csr_matrix(rho)
    rt = r.T.tocsr()

    def tr(op: sps.spmatrix) -> complex:
        # Tr(op rho) = sum_ab op_ab rho_ba
        return complex(op.multiply(rt).sum())

    mean = np.array([tr(o).real for o in ops]) * weight
    second = np.empty((3, 3))
    for a in range(3):
        for b in range(a, 3):
            s = (ops[a] @ ops[b] + ops[b] @ ops[a]) * 0.5
            second[a, b] = second[b, a] = tr(s).real * weight
    return SpinMoments(mean, second)


def wineland_xi2(N: int, mom: SpinMoments) -> np.ndarray:
    """Wineland squeezing xi^2 = N min_{n perp <J>} Var(J_n) / |<J>|^2, Eq. (4) (:func:`numeric.wineland_xi2`)."""
    out = _wineland_xi2(N, mom.mean, mom.second)
    return out if np.ndim(out) else out[()]


def effective_number(j2: np.ndarray) -> np.ndarray:
    """N_eff = 2 sqrt(1/4 + <J^2>) - 1 (equals N for the symmetric subspace)."""
    return 2 * np.sqrt(0.25 + np.asarray(j2)) - 1
