"""Parse ``k=v`` arguments of ``qderive eval`` as numbers, never as code.

Works on a :class:`verify.Quantity` or on its plain :class:`~verify._evalindex.QuantitySpec` (the
cached form ``eval`` uses without loading the registry); imports neither sympy nor the solvers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._evalindex import ParamSpec, QuantitySpec

__all__ = ["InputError", "alias_note", "describe_param", "parse_params", "spec"]


class InputError(ValueError):
    """Bad command-line input; the message is one line naming the parameter and what is allowed."""


def _short(text: str, limit: int = 40) -> str:
    """The user's text, abbreviated: an error message never echoes more than ``limit`` characters."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _number(name: str, text: str, allowed: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise InputError(f"{name} must be {allowed}, got {_short(text)} (not a number)") from None
    if not math.isfinite(x):
        raise InputError(f"{name} must be {allowed} (finite), got {_short(text)}")
    return x


_MAX_TIMES = 10_000_000


def _time_values(name: str, text: str, allowed: str) -> list[float]:
    """``t1,t2,...`` or a range ``lo:hi:n`` / ``lo:hi:n:log`` (n points, ends included)."""
    if ":" in text:
        parts = text.split(":")
        log = len(parts) == 4 and parts[3].strip() == "log"
        if len(parts) not in (3, 4) or (len(parts) == 4 and not log):
            raise InputError(f"{name} range must be lo:hi:n or lo:hi:n:log, got {_short(text)}")
        lo, hi = (_number(name, s.strip(), allowed) for s in parts[:2])
        n = _number(name, parts[2].strip(), "a count >= 1")
        if n != int(n) or not 1 <= n <= _MAX_TIMES:
            raise InputError(
                f"{name} range needs a point count n from 1 to {_MAX_TIMES}, got {_short(parts[2])}"
            )
        if lo < 0 or hi < lo or (log and lo <= 0):
            raise InputError(
                f"{name} range needs {'0 < ' if log else '0 <= '}lo <= hi, got {_short(text)}"
            )
        return list(np.geomspace(lo, hi, int(n)) if log else np.linspace(lo, hi, int(n)))
    parts = text.split(",")
    if len(parts) > _MAX_TIMES:
        raise InputError(f"{name} takes at most {_MAX_TIMES} times, got {len(parts)}")
    if not parts or any(not s.strip() for s in parts):
        raise InputError(f"{name} must be {allowed}, got {_short(text)}")
    return [_number(name, s.strip(), allowed) for s in parts]


def spec(q: Any) -> QuantitySpec:
    """The plain spec of ``q`` (a :class:`verify.Quantity` is converted, a spec returned as is)."""
    if isinstance(q, QuantitySpec):
        return q
    from ._evalforms import spec_of

    return spec_of(q)[0]


def _model_check(q: QuantitySpec, p: ParamSpec, value: float | int) -> float | int:
    """The range the model declares for ``p`` (if the quantity's model declares it)."""
    if p.decl is None:
        return value
    try:
        checked = p.decl.validate(value)
    except ValueError as exc:
        raise InputError(f"{exc} (for {q.name})") from None
    return value if isinstance(value, int) else checked


def alias_note(old: str, new: str) -> str:
    """The one-line notice for a parameter given under an old name."""
    return f"{old} is now {new} (same quantity)"


def _check_domain(
    name: str, x: float, domain: str, kind: str, text: str, allowed: str
) -> float | int:
    if kind == "int" or domain == "positive even":
        if x != int(x):
            raise InputError(f"{name} must be {allowed}, got {_short(text)}")
        x = int(x)
    if domain in ("positive", "positive even") and not x > 0:
        raise InputError(f"{name} must be {allowed}, got {_short(text)}")
    if domain == "nonnegative" and x < 0:
        raise InputError(f"{name} must be {allowed}, got {_short(text)}")
    if domain == "positive even" and x % 2:
        raise InputError(f"{name} must be {allowed}, got {_short(text)}")
    return x


def parse_params(q: Any, pairs: Sequence[str], notes: list[str] | None = None) -> dict[str, Any]:
    """Validate ``k=v`` strings against the quantity's parameters.

    Parameters
    ----------
    q
        A :class:`verify.Quantity` or its :class:`~verify._evalindex.QuantitySpec`.
    pairs
        ``name=value`` strings.
    notes
        If given, receives one line per parameter given under an alias
        (``"gamma is now gamma_s (same quantity)"``); the value is taken under the new name.

    Raises
    ------
    InputError
        For a malformed pair, an unknown or missing parameter, a non-number, or a
        value outside the parameter's domain or outside the range the quantity's model
        declares for it (:func:`verify.register_model`).

    Notes
    -----
    A time parameter takes ``t1,t2,...`` or a range ``lo:hi:n`` (``lo:hi:n:log``).  Values
    are parsed with ``float``, never evaluated; an error echoes at most 40 characters.
    """
    given: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"argument {_short(pair)} must have the form name=value")
        k, v = pair.split("=", 1)
        k = k.strip()
        if k in given:
            raise InputError(f"parameter {_short(k)} given twice")
        given[k] = v.strip()
    defaults = None if isinstance(q, QuantitySpec) else {p.name: p.default for p in q.params}
    q = spec(q)
    known = {p.name for p in q.params}
    alias = {a: p for p in q.params for a in p.aliases if a not in known}
    for k in list(given):
        if k in alias:
            p = alias[k]
            if p.name in given:
                raise InputError(f"parameter {p.name} given twice (also as {_short(k)})")
            given[p.name] = given.pop(k)
            if notes is not None and k in p.decl.aliases:  # an old name (not the model's new one)
                notes.append(alias_note(k, p.name))
        elif k not in known:
            raise InputError(
                f"unknown parameter {_short(k)} for {q.name}; allowed: {', '.join(sorted(known))}"
            )
    out: dict[str, Any] = {}
    for p in q.params:
        allowed = p.allowed
        if p.name not in given:
            if p.required:
                raise InputError(f"missing parameter {p.name} ({allowed}) for {q.name}")
            out[p.name] = p.default if defaults is None else defaults[p.name]
            continue
        text = given[p.name]
        if p.kind == "choice":
            if text not in p.choices:
                raise InputError(f"{p.name} must be {allowed}, got {_short(text)}")
            out[p.name] = text
        elif p.kind == "time":
            vals = _time_values(p.name, text, allowed)
            if any(v < 0 for v in vals):
                raise InputError(f"{p.name} must be {allowed}, got {_short(text)}")
            for v in vals[:1] + vals[-1:]:
                _model_check(q, p, v)
            out[p.name] = np.asarray(vals, dtype=float)
        else:
            x = _number(p.name, text, allowed)
            out[p.name] = _model_check(
                q, p, _check_domain(p.name, x, p.domain, p.kind, text, allowed)
            )
    return out


def describe_param(q: Any, p: Any) -> dict[str, Any]:
    """Name, allowed values, unit, meaning, default and aliases of an ``eval`` parameter (``--list``)."""
    qs = spec(q)
    ps = next(x for x in qs.params if x.name == p.name)
    return ps.listing()
