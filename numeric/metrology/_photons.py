"""Photon-number statistics: the Mandel Q parameter (sharma2025 Appendix G)."""

from __future__ import annotations

import numpy as np

from .._result import ParameterError

__all__ = ["mandel_q"]


def mandel_q(nbar, n2) -> np.ndarray:
    """Mandel ``Q = (<n^2> - <n>^2)/<n> - 1`` from the first two moments of the photon number.

    ``Q < 0`` (sub-Poissonian statistics) has no classical (Glauber-P positive) analogue;
    a coherent state has ``Q = 0``, a mixture of coherent states ``Q >= 0``.

    Notes
    -----
    Undefined where ``<n> = 0`` (the vacuum): there a ``ParameterError`` is raised rather
    than returning NaN.
    """
    nbar = np.asarray(nbar, dtype=float)
    n2 = np.asarray(n2, dtype=float)
    if np.any(nbar <= 0):
        raise ParameterError(
            "nbar", "> 0 (Mandel Q is undefined for the vacuum)", float(np.min(nbar))
        )
    return (n2 - nbar**2) / nbar - 1.0
