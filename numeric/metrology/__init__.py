"""Metrology quantities of a collective-spin state: classical Fisher information of a rotated
J_z readout, the many-body Bell correlator, the Husimi function, and the Mandel Q of light.

Every function takes a density matrix in the Dicke basis ``k = m + N/2`` (see
:mod:`numeric._spin`) and is exact (no truncation).
"""

from ._bell import BellCorrelator, bell_correlator, bell_from_element
from ._cfi import classical_fisher, classical_fisher_basis, fisher_from_probabilities
from ._husimi import husimi_q, spin_coherent_amplitudes
from ._photons import mandel_q

__all__ = [
    "BellCorrelator",
    "bell_correlator",
    "bell_from_element",
    "classical_fisher",
    "classical_fisher_basis",
    "fisher_from_probabilities",
    "husimi_q",
    "mandel_q",
    "spin_coherent_amplitudes",
]
