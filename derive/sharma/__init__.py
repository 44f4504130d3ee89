"""sharma2025: atom pairs coupled to cavity photons (cavity-assisted bosonic Josephson junction)."""

from ._pumped_qfi import pumped_qfi_derivation

__all__ = ["pumped_qfi_derivation"]
