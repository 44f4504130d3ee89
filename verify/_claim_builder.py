"""Build a checked claim from a derivation and an exact solver in one call.

:func:`closed_form_claim` is what a user's claims file calls: the closed form is the
derivation's result compiled once, the regime is the derivation's own :class:`~derive.Condition`
inequalities evaluated numerically (a point is inside when every margin is below its
threshold), and the numeric check compares closed and exact on the given points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from derive import Condition, Derivation, compare_forms, compile_expr

from ._checks import pointwise_check
from ._records import CheckOutcome, Claim
from ._registry import _claim_callables, record_sources, register

__all__ = ["closed_form_claim", "in_regime", "regime_margins", "scaling_claim"]


@cache
def _margin_fn(c: Condition) -> Callable[..., float]:
    m = sp.Abs(c.margin)
    params = tuple(sorted(m.free_symbols, key=lambda s: s.name))
    f = compile_expr(m, params)
    return lambda **kw: float(np.max(np.abs(f(**{p.name: kw[p.name] for p in params}))))


def _builder(derivation: Derivation | Callable[[], Derivation]) -> Callable[[], Derivation]:
    """A zero-argument callable building the derivation once."""
    return cache(derivation if callable(derivation) else (lambda: derivation))


def regime_margins(regime: Sequence[Condition], **values: Any) -> dict[str, float]:
    """``{str(condition): |margin|}`` of every condition at ``values`` (margin small = holds)."""
    return {str(c): _margin_fn(c)(**values) for c in regime}


def in_regime(regime: Sequence[Condition], **values: Any) -> bool:
    """True when every condition's margin is below its threshold at ``values``."""
    return all(_margin_fn(c)(**values) < c.threshold for c in regime)


def closed_form_claim(
    claim_id: str,
    *,
    derivation: Derivation | Callable[[], Derivation],
    exact: Callable[..., Any],
    points: Sequence[Mapping[str, Any]],
    tolerance: float,
    title: str = "",
    paper: str | None = None,
    equation: str = "",
    printed: sp.Basic | None = None,
    breakdown: Sequence[Mapping[str, Any]] = (),
    tolerance_note: str = "relative error |closed - exact| / |exact|",
    exact_counterpart: str = "",
    scale: Callable[..., Any] | None = None,
    defaults: Mapping[str, Any] | None = None,
    slow: bool = False,
    closed: sp.Expr | None = None,
) -> Claim:
    """Register a claim whose closed form is ``derivation``'s result, checked against ``exact``.

    Parameters
    ----------
    claim_id
        ``<prefix>.<name>``, e.g. ``"purcell.rate"``.
    derivation
        The :class:`~derive.Derivation` (or a zero-argument callable building it); its
        ``result`` is the closed form (the right-hand side of an ``Eq``), its ``parameters``
        the keyword names of the compiled evaluator, its ``regime`` the conditions that
        decide which points are inside.
    exact
        ``exact(**point)``: the exact counterpart (an exact solver of the model).
    points, breakdown
        Points that must lie inside the regime and pass; points outside, reported only.
    tolerance, tolerance_note
        The largest error allowed inside the regime, and what the error measures.
    printed
        The form a paper prints, if any: compared symbolically with the derived one.
    closed
        The closed form, when it is a part of the derivation's result (e.g. the rate of an
        effective jump); its free symbols, sorted by name, are the evaluator's keywords.

    Returns
    -------
    Claim
        Registered; ``qderive verify <claim_id>`` runs its checks.

    Notes
    -----
    A point listed in ``points`` that violates the derivation's regime fails the check: the
    regime is evaluated, never restated by hand.
    """
    build = _builder(derivation)

    form = closed

    def result() -> sp.Expr:
        if form is not None:
            return sp.sympify(form)
        r = build().result
        return r.rhs if isinstance(r, sp.Equality) else r

    def params() -> tuple[sp.Symbol, ...]:
        if form is not None:
            return tuple(sorted(sp.sympify(form).free_symbols, key=lambda s: s.name))
        return tuple(build().parameters)

    @cache
    def compiled() -> Callable[..., Any]:
        return compile_expr(result(), params())

    def closed_fn(**kw: Any) -> Any:
        return compiled()(**{p.name: kw[p.name] for p in params()})

    # qderive eval caches the compiled evaluator's generated source (verify._evalforms)
    closed_fn.__qderive_form__ = (compiled, "array")  # type: ignore[attr-defined]

    def inside(**kw: Any) -> bool:
        return in_regime(build().regime, **kw)

    def numeric() -> CheckOutcome:
        return pointwise_check(
            closed_fn,
            exact,
            points,
            tolerance,
            breakdown=breakdown,
            scale=scale,
            in_regime=inside if build().regime else None,
            what=tolerance_note,
        )

    def symbolic() -> CheckOutcome:
        if printed is None:
            return CheckOutcome("n/a", "nothing printed to compare")
        c = compare_forms(result(), printed, "closed form")
        if c.equal:
            return CheckOutcome("pass", "the printed form is reproduced exactly")
        return CheckOutcome("finding", f"derived - printed = {sp.sstr(c.difference)}")

    names = tuple(dict.fromkeys(k for p in (*points, *breakdown) for k in p))
    claim = register(
        Claim(
            claim_id,
            paper or claim_id.split(".", 1)[0],
            equation,
            title,
            printed=printed,
            derivation=build,
            symbolic=symbolic,
            numeric=numeric,
            tolerance=tolerance,
            tolerance_note=tolerance_note,
            exact_counterpart=exact_counterpart,
            closed=closed_fn,
            exact=exact,
            parameters=names,
            defaults=dict(defaults or (points[0] if points else {})),
            error_scale=scale,
            slow=slow,
        )
    )
    # the cache keys on the file that called this helper (the user's claims file), not on this one
    record_sources("claim", claim_id, _claim_callables(claim), skip=(__name__,))
    return claim


def scaling_claim(
    claim_id: str,
    *,
    quantity: str,
    exact: Callable[..., float],
    exponent: float,
    N: Sequence[int],
    tolerance: float,
    prefactor: float | None = None,
    title: str = "",
    paper: str | None = None,
    equation: str = "",
    derivation: Derivation | Callable[[], Derivation] | None = None,
    fixed: Mapping[str, Any] | None = None,
    exact_counterpart: str = "",
    note: str = "",
    slow: bool = False,
) -> Claim:
    """Register a scaling law ``y(N) ~ A N^b`` as a checked claim and as a sweep scaling law.

    The numeric check computes ``exact(N=n, **fixed)`` for every ``n`` in ``N``, fits
    ``ln y = ln A + b ln N`` (:func:`verify.sweep.fit_power_law`) and passes when
    ``|b_fit - exponent| <= tolerance``; ``qderive sweep scaling <claim_id>`` runs the same law
    on the sweep engine.  ``exponent`` (and ``prefactor``) should come from a derivation, e.g.
    :func:`derive.asymptotics`.

    Notes
    -----
    The tolerance is absolute in the exponent: it must exceed the finite-N drift of the local
    exponent over the range and stay below the distance to the nearest wrong law.
    """
    from .sweep import ScalingLaw, fit_power_law, register_scaling

    Ns = tuple(int(n) for n in N)
    kw = dict(fixed or {})

    def numeric() -> CheckOutcome:
        ys = [float(exact(N=n, **kw)) for n in Ns]
        fit = fit_power_law(
            Ns,
            ys,
            claim_id=claim_id,
            quantity=quantity,
            expected=exponent,
            expected_prefactor=prefactor,
            exponent_tol=tolerance,
        )
        err = abs(fit.exponent - exponent)
        return CheckOutcome(
            "pass" if err <= tolerance else "fail",
            f"fitted b = {fit.exponent:.4f} +- {fit.exponent_err:.4f} over N = "
            f"{Ns[0]}..{Ns[-1]} ({len(Ns)} points), derived b = {exponent:g}; "
            f"A = {fit.prefactor:.4g}",
            err,
        )

    build = None
    if derivation is not None:
        build = _builder(derivation)
    claim = register(
        Claim(
            claim_id,
            paper or claim_id.split(".", 1)[0],
            equation,
            title or f"{quantity} ~ N^{exponent:g}",
            derivation=build,
            numeric=numeric,
            tolerance=tolerance,
            tolerance_note="|b_fit - b_derived| (absolute, in the exponent)",
            exact_counterpart=exact_counterpart,
            exact=exact,
            parameters=("N", *kw),
            defaults={"N": Ns[0], **kw},
            slow=slow,
        )
    )
    record_sources("claim", claim_id, _claim_callables(claim), skip=(__name__,))
    register_scaling(
        ScalingLaw(
            claim_id,
            quantity,
            exact,
            exponent=exponent,
            prefactor=prefactor,
            N=f"{Ns[0]}:{Ns[-1]}:{len(Ns)}:log",
            fixed=kw,
            exponent_tol=tolerance,
            note=note,
        )
    )
    record_sources("scaling", claim_id, (exact,), skip=(__name__,))
    return claim
