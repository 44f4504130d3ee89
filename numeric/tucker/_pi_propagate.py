"""The compiled Taylor propagator of the permutation-invariant solver (moved to :mod:`numeric._pi_propagate`).

Kept as an import path: ``propagate_moments`` and ``taylor_parameters`` are the general ones, the
matrix-free Liouvillian is :func:`numeric._pi_kernels.apply_driven`.
"""

from __future__ import annotations

from numeric._pi_kernels import apply_driven as _apply
from numeric._pi_kernels import block_moments as _block_moments
from numeric._pi_propagate import propagate_moments, taylor_parameters

__all__ = ["taylor_parameters", "propagate_moments", "_apply", "_block_moments"]
