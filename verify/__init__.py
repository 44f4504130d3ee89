"""Claim registry, checks, report and command line.

``verify`` imports :mod:`derive` and :mod:`numeric`; nothing imports ``verify``.

The public names are loaded on first use (PEP 562): ``import verify`` itself imports neither
sympy nor the solvers, so that ``qderive eval`` of a cached closed form starts in a fraction of a
second; ``from verify import closed_form_claim`` imports what that name needs.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "pointwise_check": "._checks",
    "relative_error": "._checks",
    "symbolic_check": "._checks",
    "closed_form_claim": "._claim_builder",
    "in_regime": "._claim_builder",
    "regime_margins": "._claim_builder",
    "scaling_claim": "._claim_builder",
    "declare_compiled": "._evalforms",
    "model_for": "._models",
    "register_model": "._models",
    "REQUIRED": "._records",
    "CheckOutcome": "._records",
    "CheckRow": "._records",
    "Claim": "._records",
    "Figure": "._records",
    "Finding": "._records",
    "Param": "._records",
    "Quantity": "._records",
    "ClaimsFileError": "._registry",
    "DuplicateClaimError": "._registry",
    "all_claims": "._registry",
    "claim": "._registry",
    "derivation_of": "._registry",
    "figures": "._registry",
    "load_all": "._registry",
    "load_claims": "._registry",
    "quantities": "._registry",
    "quantity": "._registry",
    "register": "._registry",
    "register_bench": "._registry",
    "register_figure": "._registry",
    "register_quantity": "._registry",
    "ClaimReport": "._run",
    "run_claim": "._run",
    "RegimeSpec": ".sweep._specs",
    "ScalingLaw": ".sweep._specs",
    "register_regime": ".sweep._specs",
    "register_scaling": ".sweep._specs",
    "register_scan": ".sweep._specs",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'verify' has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
