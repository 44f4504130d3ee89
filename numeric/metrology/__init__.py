"""Metrology quantities of a collective-spin state: classical Fisher information of a rotated
J_z readout, the many-body Bell correlator, the Husimi function, and the Mandel Q of light.

Every function takes a density matrix in the Dicke basis ``k = m + N/2`` (see
:mod:`numeric._spin`) and is exact (no truncation).

The public names load on first use (PEP 562): importing the package loads no solver module
and no numba kernel until one of its names is used.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_WHERE = {
    "BellCorrelator": "._bell",
    "bell_correlator": "._bell",
    "bell_from_element": "._bell",
    "classical_fisher": "._cfi",
    "classical_fisher_basis": "._cfi",
    "fisher_from_probabilities": "._cfi",
    "husimi_q": "._husimi",
    "mandel_q": "._photons",
    "spin_coherent_amplitudes": "._husimi",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
