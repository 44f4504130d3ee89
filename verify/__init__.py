"""Claim registry, checks, report and command line.

``verify`` imports :mod:`derive` and :mod:`numeric`; nothing imports ``verify``.
"""

from ._checks import pointwise_check, relative_error, symbolic_check
from ._claim_builder import closed_form_claim, in_regime, regime_margins, scaling_claim
from ._models import model_for, register_model
from ._records import REQUIRED, CheckOutcome, CheckRow, Claim, Figure, Finding, Param, Quantity
from ._registry import (
    ClaimsFileError,
    DuplicateClaimError,
    all_claims,
    claim,
    derivation_of,
    figures,
    load_all,
    load_claims,
    quantities,
    quantity,
    register,
    register_bench,
    register_figure,
    register_quantity,
)
from ._run import ClaimReport, run_claim
from .sweep._specs import RegimeSpec, ScalingLaw, register_regime, register_scaling, register_scan

__all__ = [
    "CheckOutcome",
    "CheckRow",
    "Claim",
    "ClaimReport",
    "ClaimsFileError",
    "DuplicateClaimError",
    "Figure",
    "Finding",
    "Param",
    "Quantity",
    "REQUIRED",
    "RegimeSpec",
    "ScalingLaw",
    "all_claims",
    "claim",
    "closed_form_claim",
    "derivation_of",
    "figures",
    "in_regime",
    "load_all",
    "load_claims",
    "model_for",
    "pointwise_check",
    "quantities",
    "quantity",
    "regime_margins",
    "register",
    "register_bench",
    "register_figure",
    "register_model",
    "register_quantity",
    "register_regime",
    "register_scaling",
    "register_scan",
    "relative_error",
    "run_claim",
    "scaling_claim",
    "symbolic_check",
]
