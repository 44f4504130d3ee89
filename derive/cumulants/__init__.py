"""Moment (cumulant) equations of permutation-symmetric spin-1/2 ensembles, derived symbolically.

Build a Hamiltonian and jump operators from collective sums of Pauli operators (one or
several species), derive exact Heisenberg equations of distinct-site moments, close them at
cumulant order 1 (mean field) or 2 (Gaussian), and compile with :func:`derive.compile_expr`.
Model-independent: tucker2020 (one ensemble, collective decay + local relaxation) and
sundar2023 (two ensembles) use the same mechanism.  For long stiff integrations, one-species
order-2 systems can be rewritten in O(1) scaled cumulants (:func:`scale_cumulants`) and
emitted as numba source with an exact Jacobian (:func:`numba_kernel_source`).
"""

from ._algebra import Op, collective, dagger, local, pauli
from ._codegen import numba_kernel_source
from ._collective import spin_moment_exprs, spin_operators
from ._equations import CumulantSystem, close, derive_moment_equations, expectation, moment_symbol
from ._scaled import PAIRS, ScaledCumulants, scale_cumulants

__all__ = [
    "PAIRS",
    "CumulantSystem",
    "Op",
    "ScaledCumulants",
    "close",
    "collective",
    "dagger",
    "derive_moment_equations",
    "expectation",
    "local",
    "moment_symbol",
    "numba_kernel_source",
    "pauli",
    "scale_cumulants",
    "spin_moment_exprs",
    "spin_operators",
]
