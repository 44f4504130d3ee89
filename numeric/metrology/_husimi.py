"""Husimi Q function of a two-mode (spin N/2) state on the Bloch sphere (sharma2025 Fig. 2b).

``Q(theta, phi) = <theta, phi| rho |theta, phi>`` with the paper's spin coherent state
``|theta, phi> = (N!)^{-1/2} (cos(theta/2) b1^dag + sin(theta/2) e^{i phi} b2^dag)^N |0>``,
whose Dicke amplitudes (``n1 = k = m + N/2``) are
``sqrt(binom(N, k)) cos(theta/2)^k sin(theta/2)^(N-k) e^{i (N-k) phi}``.
``theta = 0`` is ``m = +N/2`` (all atoms in well 1); ``theta = pi/2, phi = 0`` is the
coherent state along +x of the paper's initial state.  Normalisation:
``(N+1)/(4 pi) int Q dOmega = Tr rho``.

Basis order: ``rho`` is in numeric's order (``k = m + N/2``, m ascending).  QuTiP orders the
same basis m descending, so a QuTiP matrix read as a numeric one is the state reflected
``m -> -m``, and its Q comes out with ``theta -> pi - theta``.  A ``qutip.Qobj`` is therefore
converted on entry (:func:`numeric.from_qobj`), and the result equals
``qutip.spin_q_function`` on the same state.
"""

from __future__ import annotations

import numpy as np

from .._qutip import as_state
from .._result import ParameterError
from .._spin import coherent_spin_state

__all__ = ["husimi_q", "spin_coherent_amplitudes"]


def spin_coherent_amplitudes(N: int, theta, phi) -> np.ndarray:
    """Dicke amplitudes of |theta, phi>, shape ``theta.shape + (N+1,)`` (:func:`numeric.coherent_spin_state`)."""
    return coherent_spin_state(N, theta, phi)


def husimi_q(rho: np.ndarray, theta, phi) -> np.ndarray:
    """Husimi function Q(theta, phi) of rho on a grid (theta, phi broadcast together).

    Parameters
    ----------
    rho
        Density matrix (or ket) in the Dicke basis (``k = m + N/2``, m ascending), or a
        ``qutip.Qobj`` in QuTiP's order (converted).
    theta, phi
        Polar and azimuthal angles (any broadcastable shapes, e.g. from ``np.meshgrid``).

    Returns
    -------
    ndarray
        Q on the broadcast grid (real, >= 0 up to round-off).

    Notes
    -----
    Exact; O(n_grid N^2).  Amplitudes are formed in log space so large N does not
    overflow the binomials.  The double sum carries an absolute round-off ~1e-16 (Q is
    at most 1), so values far below that are noise-limited.
    """
    rho = np.asarray(as_state(rho), dtype=complex)
    if rho.ndim == 1:
        rho = np.outer(rho, rho.conj())
    if rho.ndim != 2 or rho.shape[0] != rho.shape[1]:
        raise ParameterError("rho", "a square matrix", rho.shape)
    N = rho.shape[0] - 1
    th, ph = np.broadcast_arrays(np.asarray(theta, dtype=float), np.asarray(phi, dtype=float))
    A = spin_coherent_amplitudes(N, th.ravel(), ph.ravel())  # (g, N+1)
    Q = np.real(np.sum(A.conj() * (A @ rho.T), axis=1))
    return Q.reshape(th.shape)
