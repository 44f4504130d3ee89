"""Generic checks: a derived form against the printed one, a closed form against the exact one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from derive import Derivation, compare_forms, latex

from ._records import CheckOutcome, CheckRow

__all__ = ["symbolic_check", "pointwise_check", "relative_error"]


def _no_maths(text: str) -> str:
    """Plain text made safe inside a ``detail_tex`` string (a literal dollar is not maths)."""
    return text.replace("$", r"\$")


def symbolic_check(derivation: Derivation, printed: sp.Basic | None) -> CheckOutcome:
    """Compare a derivation's result and every printed intermediate with the paper.

    Returns ``pass`` when everything agrees, ``finding`` when some printed form
    differs (the differences are listed in ``detail``), ``n/a`` when there is
    nothing printed to compare.
    """
    comparisons = list(derivation.comparisons())
    if printed is not None:
        comparisons.append(compare_forms(derivation.result, printed, "final result"))
    if not comparisons:
        return CheckOutcome("n/a", "nothing printed to compare")
    bad = [c for c in comparisons if not c.equal]
    if not bad:
        return CheckOutcome("pass", f"{len(comparisons)} printed form(s) reproduced exactly")
    head = f"{len(comparisons) - len(bad)}/{len(comparisons)} printed forms reproduced; differ: "
    return CheckOutcome(
        "finding",
        head + "; ".join(f"{c.label}: derived - printed = {sp.sstr(c.difference)}" for c in bad),
        detail_tex=_no_maths(head)
        + "; ".join(
            f"{_no_maths(c.label)}: $\\text{{derived}} - \\text{{printed}} = {latex(c.difference)}$"
            for c in bad
        ),
    )


def relative_error(
    closed: np.ndarray, exact: np.ndarray, scale: np.ndarray | float | None = None
) -> float:
    """max |closed - exact| / scale (scale defaults to |exact|), NaN-safe: NaN counts as failure."""
    closed = np.asarray(closed, dtype=float)
    exact = np.asarray(exact, dtype=float)
    s = (
        np.abs(exact)
        if scale is None
        else np.broadcast_to(np.asarray(scale, dtype=float), exact.shape)
    )
    err = np.abs(closed - exact) / np.where(s == 0, 1.0, s)
    if not np.all(np.isfinite(err)):
        return float("inf")
    return float(np.max(err)) if err.size else 0.0


def pointwise_check(
    closed: Callable[..., Any],
    exact: Callable[..., Any],
    points: Sequence[Mapping[str, Any]],
    tolerance: float,
    *,
    breakdown: Sequence[Mapping[str, Any]] = (),
    scale: Callable[..., Any] | None = None,
    in_regime: Callable[..., bool] | None = None,
    what: str = "relative error",
) -> CheckOutcome:
    """Closed form against exact counterpart on points spanning the regime.

    Parameters
    ----------
    closed, exact
        Callables taking the point's parameters as keywords.
    points
        Parameter points inside the regime; all must pass.
    tolerance
        Largest allowed error inside the regime.
    breakdown
        Points outside the regime: evaluated and reported, not required to pass.
    scale
        Callable returning the error scale at a point (default: |exact|).
    in_regime
        Callable telling whether a point satisfies the regime's inequalities; a
        point listed as inside that does not satisfy them is a check failure.
    """

    def row(p: Mapping[str, Any], inside: bool) -> CheckRow:
        c = np.asarray(closed(**p), dtype=float)
        e = np.asarray(exact(**p), dtype=float)
        s = None if scale is None else scale(**p)
        err = relative_error(c, e, s)
        regime_ok = True if in_regime is None else bool(in_regime(**p))
        passed = err <= tolerance if inside else True
        note = (
            ""
            if regime_ok == inside
            else ("point violates the regime" if inside else "point is inside the regime")
        )
        if inside and not regime_ok:
            passed = False
        idx = int(np.argmax(np.abs(c - e))) if c.size > 1 else 0
        return CheckRow(
            p, float(np.ravel(c)[idx]), float(np.ravel(e)[idx]), err, inside, bool(passed), note
        )

    rows = tuple(row(p, True) for p in points)
    brk = tuple(row(p, False) for p in breakdown)
    worst = max((r.error for r in rows), default=0.0)
    n_ok = sum(r.passed for r in rows)
    detail = f"{n_ok}/{len(rows)} points within {tolerance:g} ({what}); worst {worst:.3g}"
    if brk:
        detail += f"; outside the regime the error grows to {max(r.error for r in brk):.3g}"
    return CheckOutcome("pass" if n_ok == len(rows) else "fail", detail, worst, rows, brk)
