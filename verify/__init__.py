"""Claim registry, checks, report and command line.

``verify`` imports :mod:`derive` and :mod:`numeric`; nothing imports ``verify``.
"""

from ._checks import pointwise_check, relative_error, symbolic_check
from ._models import model_for, register_model
from ._records import REQUIRED, CheckOutcome, CheckRow, Claim, Figure, Finding, Param, Quantity
from ._registry import (
    DuplicateClaimError,
    all_claims,
    claim,
    derivation_of,
    figures,
    load_all,
    quantities,
    quantity,
    register,
    register_figure,
    register_quantity,
)

__all__ = ["REQUIRED", "CheckOutcome", "CheckRow", "Claim", "DuplicateClaimError", "Figure", "Finding",
           "Param", "Quantity", "model_for", "register_model", "all_claims", "claim", "derivation_of", "figures", "load_all",
           "pointwise_check", "quantities", "quantity", "register", "register_figure", "register_quantity",
           "relative_error", "symbolic_check"]
