"""sharma2025: atom pairs coupled to cavity photons (cavity-assisted bosonic Josephson junction)."""

from ._pumped_qfi import pumped_qfi_derivation

__all__ = ["pumped_qfi_derivation"]

# sharma derivations (helper: elimination, two-mode, App. C, coherent chain, F_Q condition, OAT, n(t))
from ._ae import molecular_elimination, molecular_elimination_derivation  # noqa: E402
from ._appendix_c import appendix_c_derivation, u0_over_g, xi_for  # noqa: E402
from ._coherent_qfi import coherent_qfi_centred, coherent_qfi_derivation  # noqa: E402
from ._jy_condition import jy_condition_derivation  # noqa: E402
from ._nbar import nbar_derivation  # noqa: E402
from ._oat import (  # noqa: E402
    oat_derivation,
    oat_moments,
    oat_nongaussian_asymptotics,
    oat_nongaussian_time,
    oat_qfi,
    oat_squeezing_asymptotics,
)
from ._twomode import two_mode_derivation  # noqa: E402

__all__ += [
    "molecular_elimination",
    "molecular_elimination_derivation",
    "appendix_c_derivation",
    "u0_over_g",
    "xi_for",
    "coherent_qfi_centred",
    "coherent_qfi_derivation",
    "jy_condition_derivation",
    "nbar_derivation",
    "oat_derivation",
    "oat_moments",
    "oat_nongaussian_asymptotics",
    "oat_nongaussian_time",
    "oat_qfi",
    "oat_squeezing_asymptotics",
    "two_mode_derivation",
]
