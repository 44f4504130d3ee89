"""sharma2025 exact solvers: atom pairs coupled to cavity photons (cavity-assisted BJJ).

The public names load on first use (PEP 562): importing the package loads no solver module
and no numba kernel until one of its names is used.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_WHERE = {
    "atomic_state": "._lossless",
    "atomic_state_lossy": "._lossy",
    "bell_lossy": "._lossy",
    "evolve_atom_cavity": "._bruteforce",
    "log_rho_entries": "._lossy",
    "photon_amplitudes": "._lossless",
    "photon_amplitudes_lossy": "._lossy",
    "photon_number": "._lossless",
    "qfi_lossless": "._lossless",
    "qfi_lossy": "._lossy",
    "qfi_operation_count": "._variance",
    "tau_Q": "._lossy",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
