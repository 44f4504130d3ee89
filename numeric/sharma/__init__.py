"""sharma2025 exact solvers: atom pairs coupled to cavity photons (cavity-assisted BJJ)."""

from ._bruteforce import evolve_atom_cavity
from ._lossless import atomic_state, photon_amplitudes, photon_number, qfi_lossless
from ._variance import qfi_operation_count

__all__ = [
    "atomic_state",
    "evolve_atom_cavity",
    "photon_amplitudes",
    "photon_number",
    "qfi_lossless",
    "qfi_operation_count",
]

# lossy solver exports (numeric/sharma/_lossy.py) are appended below by its owner.
from ._lossy import (  # noqa: E402
    atomic_state_lossy,
    bell_lossy,
    log_rho_entries,
    photon_amplitudes_lossy,
    qfi_lossy,
    tau_Q,
)

__all__ += [
    "atomic_state_lossy",
    "bell_lossy",
    "log_rho_entries",
    "photon_amplitudes_lossy",
    "qfi_lossy",
    "tau_Q",
]
