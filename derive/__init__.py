"""Symbolic derivations: models, operator algebra, eliminations, expansions, integrals.

Everything here is sympy; nothing imports :mod:`numeric` or :mod:`verify`.
"""

from ._compile import compile_expr
from ._derivation import Comparison, Derivation, Step, compare_forms
from ._elimination import Elimination, eliminate_fast_mode
from ._model import (
    Boson,
    Conserved,
    Jump,
    Levels,
    LocalJump,
    Model,
    ModelError,
    Parameter,
    ParameterValueError,
    SpinEnsemble,
    SpinOp,
    Transition,
    operator_terms,
)
from ._regime import Condition, much_greater, much_less
from ._spec import DofSpec, JumpSpec, LocalJumpSpec, Spec, TermSpec

__all__ = ["Boson", "Comparison", "Condition", "Conserved", "Derivation", "DofSpec", "Elimination",
           "Jump", "JumpSpec", "Levels", "LocalJump", "LocalJumpSpec", "Model", "ModelError",
           "Parameter", "ParameterValueError", "Spec", "SpinEnsemble", "SpinOp", "Step", "TermSpec",
           "Transition", "compare_forms", "compile_expr", "eliminate_fast_mode", "much_greater",
           "much_less", "operator_terms"]
