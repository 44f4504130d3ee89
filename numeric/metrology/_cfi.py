"""Classical Fisher information of a rotated J_z measurement (sharma2025 Appendix F).

A phase theta is imprinted by the generator ``G`` (the Mach-Zehnder generator ``J_y``):
``rho_theta = e^{-i theta G} rho e^{i theta G}``.  The state is then rotated by
``V = exp(i vartheta J_axis)`` and ``J_z`` is measured, ``p_m = <m| V rho_theta V^dag |m>``.
The Fisher information at ``theta = 0`` is ``F = sum_m (d_theta p_m)^2 / p_m``.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sps

from .._result import ParameterError
from .._spin import spin_operators

__all__ = ["classical_fisher", "classical_fisher_basis", "fisher_from_probabilities"]


def fisher_from_probabilities(
    p: np.ndarray, dp: np.ndarray, d2p: np.ndarray, p_floor: float = 1e-12
) -> np.ndarray:
    """``sum_m dp_m^2 / p_m`` over the first axis, with outcomes of zero probability handled.

    Where ``p_m <= p_floor`` the term is replaced by its continuous limit ``2 d2p_m``: a
    probability that vanishes at the working point has ``dp_m = 0`` there and
    ``p_m ~ d2p_m dtheta^2 / 2``, so ``dp_m^2 / p_m -> 2 d2p_m``.  Dropping such outcomes
    instead would make F discontinuous (a pure GHZ state loses half its information).
    """
    p = np.asarray(p, dtype=float)
    dp = np.asarray(dp, dtype=float)
    d2p = np.asarray(d2p, dtype=float)
    big = p > p_floor
    terms = np.where(big, dp**2 / np.where(big, p, 1.0), 2.0 * np.clip(d2p, 0.0, None))
    return np.sum(terms, axis=0)


def _generator(N: int, generator):
    if isinstance(generator, str):
        return spin_operators(N).axis(generator)
    return generator


def _derivatives(rho: np.ndarray, G) -> tuple[np.ndarray, np.ndarray]:
    """d rho_theta/d theta = -i[G, rho] and d^2 rho_theta/d theta^2 = -[G, [G, rho]] at 0."""
    Gr = G @ rho
    d1 = -1j * (Gr - Gr.conj().T)  # rho, G Hermitian: (G rho)^dag = rho G
    Gd = G @ d1
    d2 = -1j * (Gd - Gd.conj().T)
    return d1, d2


def classical_fisher_basis(
    rho: np.ndarray, basis: np.ndarray, generator="y", *, p_floor: float = 1e-12
) -> float:
    """Fisher information of a projective measurement in the orthonormal ``basis`` (columns).

    Parameters
    ----------
    rho
        Density matrix in the Dicke basis.
    basis
        Unitary whose columns are the measurement vectors.
    generator
        ``"x"``, ``"y"``, ``"z"`` or a Hermitian matrix G (phase ``e^{-i theta G}``).
    """
    rho = np.asarray(rho, dtype=complex)
    G = _generator(rho.shape[0] - 1, generator)
    d1, d2 = _derivatives(rho, G)
    B = np.asarray(basis)
    prob = [np.real(np.einsum("ka,kl,la->a", B.conj(), X, B)) for X in (rho, d1, d2)]
    return float(fisher_from_probabilities(*prob, p_floor=p_floor))


def _fourier_coefficients(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """c[m, d] with ``<m|V X V^dag|m> = sum_d c[m, d] e^{i vartheta d}``, d = -N..N.

    ``V = W diag(e^{i vartheta mu_a}) W^dag`` with integer-spaced eigenvalues mu_a, so
    ``<m|V X V^dag|m> = sum_{a,b} W_ma Xt_ab W_mb^* e^{i vartheta (a-b)}``, ``Xt = W^dag X W``.
    """
    n = X.shape[0]
    Xt = W.conj().T @ X @ W
    c = np.zeros((n, 2 * n - 1), dtype=complex)
    Wc = W.conj()
    for d in range(-(n - 1), n):
        if d >= 0:
            diag = np.diagonal(Xt, offset=-d)  # Xt[a, a-d], a = d..n-1
            c[:, d + n - 1] = (W[:, d:] * diag[None, :] * Wc[:, : n - d]).sum(axis=1)
        else:
            diag = np.diagonal(Xt, offset=-d)  # Xt[a, a-d], a = 0..n-1+d
            c[:, d + n - 1] = (W[:, : n + d] * diag[None, :] * Wc[:, -d:]).sum(axis=1)
    return c


def _axis_eigvecs(N: int, axis: str) -> np.ndarray:
    """Eigenvectors of J_axis ordered by eigenvalue -N/2..N/2 (columns)."""
    if axis == "z":
        return np.eye(N + 1, dtype=complex)
    ops = spin_operators(N)
    if axis == "x":
        off = np.real(ops.jx.diagonal(1))
        _, W = sla.eigh_tridiagonal(np.zeros(N + 1), off)
        return W.astype(complex)
    if axis == "y":
        _, W = sla.eigh(ops.jy.toarray())
        return W
    raise ParameterError("axis", "one of 'x', 'y', 'z'", axis)


def classical_fisher(
    rho: np.ndarray, theta, axis: str = "x", *, generator="y", p_floor: float = 1e-12
) -> np.ndarray:
    """Fisher information of measuring J_z after ``V = exp(i theta J_axis)``, on a theta grid.

    Parameters
    ----------
    rho
        Atomic density matrix in the Dicke basis (``k = m + N/2``).
    theta
        Rotation angle(s) vartheta of the readout rotation (array or scalar).
    axis
        Rotation axis ``"x"``, ``"y"`` or ``"z"``.
    generator
        Generator of the phase imprint (default ``"y"``, the MZI of the paper).
    p_floor
        Outcomes with ``p_m`` below this use the continuous limit ``2 p_m''``.

    Returns
    -------
    ndarray
        F(vartheta), same shape as ``theta``.

    Notes
    -----
    Exact: ``p_m`` and its theta-derivatives are trigonometric polynomials in vartheta
    (frequencies -N..N), so their Fourier coefficients are computed once, O(N^3), and
    evaluated on the whole grid in O(N^2) per angle.  The derivative is analytic,
    ``p_m' = <m|V (-i[G, rho]) V^dag|m>``, never a finite difference.
    """
    rho = np.asarray(rho, dtype=complex)
    if rho.ndim != 2 or rho.shape[0] != rho.shape[1]:
        raise ParameterError("rho", "a square matrix", rho.shape)
    N = rho.shape[0] - 1
    if axis not in ("x", "y", "z"):
        raise ParameterError("axis", "one of 'x', 'y', 'z'", axis)
    th = np.asarray(theta, dtype=float)
    G = _generator(N, generator)
    if sps.issparse(G):
        G = G.toarray()
    d1, d2 = _derivatives(rho, G)
    W = _axis_eigvecs(N, axis)
    d = np.arange(-N, N + 1)
    phase = np.exp(1j * np.outer(th.ravel(), d))  # (n_theta, 2N+1)
    probs = [np.real(_fourier_coefficients(X, W) @ phase.T) for X in (rho, d1, d2)]
    F = fisher_from_probabilities(*probs, p_floor=p_floor)
    return F.reshape(th.shape)
