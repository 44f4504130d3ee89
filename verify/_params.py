"""Parse ``k=v`` arguments of ``qderive eval`` as numbers, never as code."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._records import Quantity

__all__ = ["InputError", "parse_params"]


class InputError(ValueError):
    """Bad command-line input; the message is one line naming the parameter and what is allowed."""


def _number(name: str, text: str, allowed: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise InputError(f"{name} must be {allowed}, got {text!r} (not a number)") from None
    if not math.isfinite(x):
        raise InputError(f"{name} must be {allowed}, got {text!r}")
    return x


def _check_domain(name: str, x: float, domain: str, kind: str, text: str, allowed: str) -> float | int:
    if kind == "int" or domain == "positive even":
        if x != int(x):
            raise InputError(f"{name} must be {allowed}, got {text!r}")
        x = int(x)
    if domain in ("positive", "positive even") and not x > 0:
        raise InputError(f"{name} must be {allowed}, got {text!r}")
    if domain == "nonnegative" and x < 0:
        raise InputError(f"{name} must be {allowed}, got {text!r}")
    if domain == "positive even" and x % 2:
        raise InputError(f"{name} must be {allowed}, got {text!r}")
    return x


def parse_params(q: Quantity, pairs: Sequence[str]) -> dict[str, Any]:
    """Validate ``k=v`` strings against the quantity's parameters.

    Raises
    ------
    InputError
        For a malformed pair, an unknown or missing parameter, a non-number, or a
        value outside the parameter's domain.
    """
    given: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"argument {pair!r} must have the form name=value")
        k, v = pair.split("=", 1)
        k = k.strip()
        if k in given:
            raise InputError(f"parameter {k} given twice")
        given[k] = v.strip()
    known = {p.name for p in q.params}
    for k in given:
        if k not in known:
            raise InputError(f"unknown parameter {k!r} for {q.name}; allowed: {', '.join(sorted(known))}")
    out: dict[str, Any] = {}
    for p in q.params:
        allowed = p.describe().split(": ", 1)[1].split(" (default")[0]
        if p.name not in given:
            if p.required:
                raise InputError(f"missing parameter {p.name} ({allowed}) for {q.name}")
            out[p.name] = p.default
            continue
        text = given[p.name]
        if p.kind == "choice":
            if text not in p.choices:
                raise InputError(f"{p.name} must be {allowed}, got {text!r}")
            out[p.name] = text
        elif p.kind == "time":
            parts = [s for s in text.split(",")]
            if not parts or any(not s.strip() for s in parts):
                raise InputError(f"{p.name} must be {allowed}, got {text!r}")
            vals = [_number(p.name, s.strip(), allowed) for s in parts]
            if any(v < 0 for v in vals):
                raise InputError(f"{p.name} must be {allowed}, got {text!r}")
            out[p.name] = np.asarray(vals, dtype=float)
        else:
            x = _number(p.name, text, allowed)
            out[p.name] = _check_domain(p.name, x, p.domain, p.kind, text, allowed)
    return out
