"""sundar2023: bosonic pair production and two-mode squeezing of long-lived dipoles in a cavity.

Derivations (each returns a frozen :class:`derive.Derivation`):

cavity_derivation       chi and Gamma from the far-detuned lossy cavity
fwm_derivation          Eq. (1) -> Eq. (2), Schwinger bosons, normal ordered
upa_derivation          Eq. (2) -> Eq. (3), undepleted pumps at delta = N chi/2
tms_derivation          Bogoliubov solution, n(t), quadratures, spin images, xi^2
ramsey_derivation       Eq. (4) and Eq. (5): pulse rotation, error propagation, dynamic range
beyond_upa_derivation   Eq. (6) and its optimum over n
sundar_cumulant_system  second-order cumulant equations with Gamma and gamma_s, compiled
decoherence_derivation  linearised noise around the undepleted pumps, with pump depletion by gamma_s
eq7_derivation          Eq. (7): optimum over t and Delta with Gamma and gamma_s (leading log)
"""

from . import _symbols as symbols
from ._cavity import cavity_derivation
from ._cumulant import sundar_cumulant_system
from ._decoherence import decoherence_derivation
from ._eq7 import eq7_derivation
from ._fwm import corrected_eq2, eq1_bosonic, fwm_derivation, monomials, printed_eq2, upa_derivation
from ._ramsey import beyond_upa_derivation, heisenberg_readout, ramsey_derivation
from ._tms import tms_derivation

__all__ = [
    "beyond_upa_derivation",
    "cavity_derivation",
    "corrected_eq2",
    "decoherence_derivation",
    "eq1_bosonic",
    "eq7_derivation",
    "fwm_derivation",
    "heisenberg_readout",
    "monomials",
    "printed_eq2",
    "ramsey_derivation",
    "sundar_cumulant_system",
    "symbols",
    "tms_derivation",
    "upa_derivation",
]
