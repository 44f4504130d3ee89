"""Symbolic derivations: models, operator algebra, eliminations, expansions, integrals.

Everything here is sympy; nothing imports :mod:`numeric` or :mod:`verify`.
"""

from ._compile import compile_expr
from ._derivation import Comparison, Derivation, Step, compare_forms
from ._elimination import Elimination, eliminate_fast_mode
from ._regime import Condition, much_greater, much_less

__all__ = ["Comparison", "Condition", "Derivation", "Elimination", "Step", "compare_forms",
           "compile_expr", "eliminate_fast_mode",
           "much_greater", "much_less"]
