"""Collective-spin observables from first and second moments: squeezing parameters and N_eff.

Every function here takes the moments ``<J_a>`` (shape ``(..., 3)``) and the symmetrised second
moments ``<(J_a J_b + J_b J_a)/2>`` (shape ``(..., 3, 3)``), with any leading (time) axes, so that
every solver of :mod:`numeric` (symmetric subspace, permutation-invariant Dicke basis, cumulants,
trajectories) feeds the same formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._result import ParameterError

__all__ = [
    "SpinMoments",
    "effective_atom_number",
    "kitagawa_ueda_xi2",
    "min_perpendicular_variance",
    "wineland_xi2",
]


@dataclass(frozen=True, slots=True)
class SpinMoments:
    """First and second moments of the collective spin.

    ``mean`` = (<J_x>, <J_y>, <J_z>); ``second`` = symmetrised <(J_a J_b + J_b J_a)/2>;
    ``j2`` = <J^2>.  Arrays may carry a leading time axis.
    """

    mean: np.ndarray
    second: np.ndarray

    @property
    def j2(self) -> np.ndarray:
        return np.trace(self.second, axis1=-2, axis2=-1)

    @property
    def covariance(self) -> np.ndarray:
        return self.second - self.mean[..., :, None] * self.mean[..., None, :]


def _as_moments(mean, second) -> tuple[np.ndarray, np.ndarray]:
    mean = np.asarray(mean, dtype=float)
    second = np.asarray(second, dtype=float)
    if mean.shape[-1:] != (3,) or second.shape != mean.shape + (3,):
        raise ParameterError(
            "mean, second", "arrays of shapes (..., 3) and (..., 3, 3)", (mean.shape, second.shape)
        )
    return mean, second


def min_perpendicular_variance(mean, second) -> tuple[np.ndarray, np.ndarray]:
    """Smallest variance of ``J_n`` over unit vectors ``n`` perpendicular to the mean spin ``<J>``.

    Parameters
    ----------
    mean
        ``<J_x>, <J_y>, <J_z>``, shape ``(..., 3)``.
    second
        Symmetrised second moments ``<{J_a, J_b}>/2``, shape ``(..., 3, 3)``.

    Returns
    -------
    var_min, length
        ``min_{n perp <J>} Var(J_n)`` and ``|<J>|``, each of shape ``mean.shape[:-1]``
        (``var_min`` is NaN where ``<J> = 0``: no perpendicular plane is defined).

    Notes
    -----
    The covariance ``C_ab = <{J_a, J_b}>/2 - <J_a><J_b>`` is projected on an orthonormal basis
    ``(e1, e2)`` of the plane perpendicular to ``<J>``; the minimum of ``n^T C n`` over unit
    ``n`` in the plane is the smaller eigenvalue of that 2x2 matrix,
    ``(a + d)/2 - sqrt(((a - d)/2)^2 + b^2)``. Exact for any state (no Gaussian assumption).
    """
    mean, second = _as_moments(mean, second)
    shape = mean.shape[:-1]
    m = mean.reshape(-1, 3)
    cov = second.reshape(-1, 3, 3) - m[:, :, None] * m[:, None, :]
    nv = np.linalg.norm(m, axis=1)
    safe = np.where(nv > 0, nv, 1.0)
    n = m / safe[:, None]
    trial = np.eye(3)[np.argmin(np.abs(n), axis=1)]
    e1 = np.cross(n, trial)
    n1 = np.linalg.norm(e1, axis=1)
    e1 /= np.where(n1 > 0, n1, 1.0)[:, None]
    e2 = np.cross(n, e1)
    P = np.stack([e1, e2], axis=1)  # (T, 2, 3)
    c2 = np.einsum("tai,tij,tbj->tab", P, cov, P)
    a, d, b = c2[:, 0, 0], c2[:, 1, 1], 0.5 * (c2[:, 0, 1] + c2[:, 1, 0])
    lam = 0.5 * (a + d) - np.hypot(0.5 * (a - d), b)
    lam = np.where(nv > 0, lam, np.nan)
    return lam.reshape(shape), nv.reshape(shape)


def wineland_xi2(N: int, mean, second) -> np.ndarray:
    """Wineland (Ramsey) squeezing parameter ``xi_R^2 = N min_{n perp <J>} Var(J_n) / |<J>|^2``.

    Parameters
    ----------
    N
        Atom number.
    mean, second
        First and symmetrised second moments (see :func:`min_perpendicular_variance`).

    Returns
    -------
    ndarray
        ``xi_R^2`` over the leading axes (``inf`` where ``<J> = 0``).

    Notes
    -----
    Wineland et al., PRA 50, 67 (1994): the phase sensitivity of a Ramsey measurement relative
    to the standard quantum limit, ``(Delta phi)^2 = xi_R^2 / N``. ``xi_R^2 = 1`` for every
    coherent spin state; ``xi_R^2 < 1`` implies entanglement (Sorensen et al. 2001).
    """
    lam, nv = min_perpendicular_variance(mean, second)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(nv > 0, N * lam / np.where(nv > 0, nv, 1.0) ** 2, np.inf)


def kitagawa_ueda_xi2(N: int, mean, second) -> np.ndarray:
    """Kitagawa-Ueda squeezing parameter ``xi_S^2 = 4 min_{n perp <J>} Var(J_n) / N``.

    Notes
    -----
    Kitagawa & Ueda, PRA 47, 5138 (1993): the minimal spin variance perpendicular to the mean
    spin relative to that of a coherent spin state, ``N/4``. ``xi_S^2 = 1`` for a coherent spin
    state; ``xi_R^2 = xi_S^2 (N/2)^2 / |<J>|^2 >= xi_S^2``.
    """
    lam, _ = min_perpendicular_variance(mean, second)
    return 4.0 * lam / N


def effective_atom_number(fisher, N: int) -> np.ndarray:
    """Effective atom number ``N_eff = F_Q / N`` of an entangled or squeezed state.

    Parameters
    ----------
    fisher
        Quantum (or classical) Fisher information ``F`` of the state for a collective rotation
        generator (e.g. ``J_y``).
    N
        Atom number.

    Returns
    -------
    ndarray
        ``F / N``: 1 for a coherent spin state (the standard quantum limit ``F = N``), ``N`` at
        the Heisenberg limit ``F = N^2`` (GHZ state).

    Notes
    -----
    The phase variance is ``1/F = 1/(N N_eff)``: the state measures like ``N`` independent groups
    of ``N_eff`` atoms at the Heisenberg limit. For a k-producible state ``F <= N k`` (Hyllus et
    al., PRA 85, 022321 (2012); Toth, PRA 85, 022322 (2012)), so ``N_eff > k`` certifies
    entanglement among at least ``k + 1`` atoms. Not the "effective spin length"
    ``2 sqrt(1/4 + <J^2>) - 1`` of the tucker solvers.
    """
    if N <= 0:
        raise ParameterError("N", "a positive integer", N)
    return np.asarray(fisher, dtype=float) / N
