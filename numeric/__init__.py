"""Exact solvers and metrology quantities (numpy, scipy, numba).

Nothing here imports sympy, :mod:`derive` or :mod:`verify`.
"""

from ._result import Convergence, ParameterError, Result

__all__ = ["Convergence", "ParameterError", "Result"]
