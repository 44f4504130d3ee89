"""Moment (cumulant) equations of permutation-symmetric spin-1/2 ensembles, derived symbolically.

Build a Hamiltonian and jump operators from collective sums of Pauli operators (one or
several species), derive exact Heisenberg equations of distinct-site moments, close them at
cumulant order 1 (mean field) or 2 (Gaussian), and compile with :func:`derive.compile_expr`.
Model-independent: tucker2020 (one ensemble, collective decay + local relaxation) and
sundar2023 (two ensembles) use the same mechanism.
"""

from ._algebra import Op, collective, dagger, local, pauli
from ._collective import spin_moment_exprs, spin_operators
from ._equations import CumulantSystem, close, derive_moment_equations, expectation, moment_symbol

__all__ = ["CumulantSystem", "Op", "close", "collective", "dagger", "derive_moment_equations",
           "expectation", "local", "moment_symbol", "pauli", "spin_moment_exprs", "spin_operators"]
