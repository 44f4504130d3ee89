"""Symbolic derivations: models, operator algebra, eliminations, expansions, integrals.

Everything here is sympy; nothing imports :mod:`numeric` or :mod:`verify`.
"""

from ._compile import compile_expr
from ._derivation import Comparison, Derivation, PaperForm, Step, compare_forms, prose_markdown
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

__all__ = [
    "Boson",
    "Comparison",
    "Condition",
    "Conserved",
    "Derivation",
    "DofSpec",
    "Elimination",
    "Jump",
    "JumpSpec",
    "Levels",
    "LocalJump",
    "LocalJumpSpec",
    "Model",
    "ModelError",
    "PaperForm",
    "Parameter",
    "ParameterValueError",
    "Spec",
    "SpinEnsemble",
    "SpinOp",
    "Step",
    "TermSpec",
    "Transition",
    "compare_forms",
    "compile_expr",
    "eliminate_fast_mode",
    "much_greater",
    "much_less",
    "operator_terms",
    "prose_markdown",
]

from ._algebra import commutator, equation_of_motion, normal_order  # noqa: E402
from ._asymptotics import Asymptotic, asymptotics  # noqa: E402
from ._derivation import condition_latex, md_escape  # noqa: E402
from ._eliminate import ModelElimination, eliminate  # noqa: E402
from ._latex import (  # noqa: E402
    PhysicsLatexPrinter,
    latex,
    latex_document,
    prose_latex,
    prose_pieces,
    prose_plain,
    text_escape,
)
from ._meanfield import Bound, MeanField, meanfield  # noqa: E402
from ._pump import Pumped, undepleted_pump  # noqa: E402

__all__ += [
    "Asymptotic",
    "Bound",
    "MeanField",
    "ModelElimination",
    "Pumped",
    "asymptotics",
    "commutator",
    "eliminate",
    "equation_of_motion",
    "meanfield",
    "normal_order",
    "undepleted_pump",
]
__all__ += [
    "PhysicsLatexPrinter",
    "condition_latex",
    "latex",
    "latex_document",
    "md_escape",
    "prose_latex",
    "prose_pieces",
    "prose_plain",
    "text_escape",
]
