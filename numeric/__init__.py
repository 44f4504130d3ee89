"""Exact solvers and metrology quantities (numpy, scipy, numba).

Nothing here imports sympy, :mod:`derive` or :mod:`verify`.
"""

from ._qfi import qfi_eig, qfi_factor, qfi_pure, qfi_variance, tr_rho_g_squared
from ._result import Convergence, ParameterError, Result
from ._spin import css_amplitudes, dicke_m, reflection, rotation, spin_operators

__all__ = ["Convergence", "ParameterError", "Result", "css_amplitudes", "dicke_m", "qfi_eig",
           "qfi_factor", "qfi_pure", "qfi_variance", "reflection", "rotation", "spin_operators",
           "tr_rho_g_squared"]
