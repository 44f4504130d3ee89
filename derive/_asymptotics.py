"""Leading asymptotics of a closed form: ``f ~ A x^b (log x)^c`` from sympy limits, and the next term.

A scaling law is the leading term of a closed form as one variable goes to a point (usually
``N -> oo``).  Writing ``u = x`` (``x -> oo``) or ``u = x - x0`` (``x -> x0+``) and
``L = |log u|``, the exponents and the prefactor are limits:

    b = lim log|f| / log u,   c = lim log|f / u^b| / log L,   A = lim f / (u^b L^c),

with ``c = 0`` whenever ``f/u^b`` already has a finite nonzero limit.  The next correction is
the same construction applied to ``f - A u^b L^c``; where sympy can, the record also keeps a
series.  Every limit is a :class:`~derive.Step` of the record's derivation.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ._derivation import Derivation, Step
from ._latex import latex
from ._regime import Condition, much_less

__all__ = ["Asymptotic", "asymptotics"]


@dataclass(frozen=True, slots=True)
class Asymptotic:
    """Frozen record of ``expr ~ prefactor * u^exponent * L^log_exponent`` as ``var -> point``.

    Attributes
    ----------
    expr, var, point
        The closed form, its variable and the limit point.
    exponent, log_exponent, prefactor
        ``b``, ``c`` and ``A`` (``A`` may depend on the other symbols).
    leading
        ``A u^b L^c`` in terms of ``var``.
    correction
        The next term (same construction on the remainder), ``0`` when the leading term is
        exact, or None when sympy could not find it.
    series
        ``sympy.series`` of ``expr`` at the point (None where sympy has none).
    derivation
        The limits as steps; its regime is ``|correction / leading| << 1``.
    """

    expr: sp.Expr
    var: sp.Symbol
    point: sp.Expr
    exponent: sp.Expr
    log_exponent: sp.Expr
    prefactor: sp.Expr
    leading: sp.Expr
    correction: sp.Expr | None
    series: sp.Expr | None
    derivation: Derivation

    def __str__(self) -> str:
        corr = "?" if self.correction is None else sp.sstr(self.correction)
        return (
            f"Asymptotic({sp.sstr(self.expr)} ~ {sp.sstr(self.leading)} + {corr} as "
            f"{self.var} -> {self.point})"
        )


def _finite(x: sp.Expr) -> bool:
    return x is not None and x.is_finite is True and not x.has(sp.zoo, sp.nan, sp.Limit)


def _leading(f: sp.Expr, u: sp.Symbol, pt: sp.Expr, big_log: sp.Expr, text: str):
    """``(b, c, A, steps)`` of ``f ~ A u^b L^c`` as ``u -> pt``; raise ValueError if no power law."""
    steps = []
    lu = latex(u)
    b = None
    for sign in (1, -1):
        try:
            b = sp.limit(sp.log(sign * f) / sp.log(u), u, pt, "+" if pt == 0 else "-")
        except (NotImplementedError, ValueError, TypeError):
            b = None
        if _finite(b) and b.is_real is not False:
            break
        b = None
    if b is None:
        raise ValueError(
            f"{text}: {f} is not ~ A {u}^b (log {u})^c as {u} -> {pt}: "
            "lim log|f|/log u is not finite"
        )
    b = sp.nsimplify(b)
    steps.append(
        Step(
            f"exponent of {text}",
            sp.Eq(sp.Symbol("b"), b),
            f"limit: $b = \\lim \\log|f|/\\log {lu}$ as ${lu} \\to {latex(pt)}$",
        )
    )
    ratio = sp.simplify(f / u**b)
    a0 = sp.limit(ratio, u, pt, "+" if pt == 0 else "-")
    c = sp.Integer(0)
    if _finite(a0) and a0 != 0:
        a = a0
    else:
        c = None
        for sign in (1, -1):
            try:
                c = sp.limit(sp.log(sign * ratio) / sp.log(big_log), u, pt, "+" if pt == 0 else "-")
            except (NotImplementedError, ValueError, TypeError):
                c = None
            if _finite(c):
                break
            c = None
        if c is None or c == 0:
            raise ValueError(f"{text}: f/{u}^{b} tends to {a0} and has no power of log {u}")
        c = sp.nsimplify(c)
        steps.append(
            Step(
                f"log power of {text}",
                sp.Eq(sp.Symbol("c"), c),
                f"limit: $c = \\lim \\log|f/{lu}^b| / \\log|\\log {lu}|$",
            )
        )
        a = sp.limit(ratio / big_log**c, u, pt, "+" if pt == 0 else "-")
        if not (_finite(a) and a != 0):
            raise ValueError(f"{text}: prefactor lim f/({u}^b |log {u}|^c) = {a} is not finite")
    a = sp.simplify(a)
    steps.append(
        Step(
            f"prefactor of {text}",
            sp.Eq(sp.Symbol("A"), a),
            f"limit: $A = \\lim f/({lu}^b |\\log {lu}|^c)$",
        )
    )
    return b, c, a, steps


def asymptotics(
    expr: sp.Expr,
    var: sp.Symbol,
    point: sp.Expr = sp.oo,
    *,
    series_terms: int = 3,
    threshold: float = 0.1,
) -> Asymptotic:
    """Leading power law ``expr ~ A var^b (log var)^c`` and its next correction.

    Parameters
    ----------
    expr
        The closed form.
    var
        Its variable (``N``, ``t``...).
    point
        ``oo`` (default) or a finite point approached from above (``u = var - point``).
    series_terms
        Number of terms of the optional ``sympy.series`` (0: none, which saves time).
    threshold
        Margin of the ``|correction/leading| << 1`` condition.

    Returns
    -------
    Asymptotic

    Raises
    ------
    ValueError
        If ``expr`` is not a power law times a power of a logarithm at the point (an
        exponential, ``N!``), i.e. a limit is infinite or sympy cannot evaluate it.

    Notes
    -----
    Regime: the leading term holds where the correction is small against it,
    ``|correction/leading| << 1`` (the record's condition, evaluable at numbers).  Exponents
    are exact only where sympy's limits are; an exponentially small remainder (``e^{-x}``
    at ``x -> oo``) is returned as the correction itself.  Near a finite point the log factor
    is ``|log(var - point)|``.

    Examples
    --------
    >>> N = sp.Symbol("N", positive=True)
    >>> r = asymptotics(sp.log(N) / N + 1 / N, N)
    >>> r.exponent, r.log_exponent, r.prefactor, r.correction
    (-1, 1, 1, 1/N)
    """
    expr = sp.sympify(expr)
    point = sp.sympify(point)
    u = sp.Dummy(str(var), positive=True)
    if point == sp.oo:
        f, pt, back, big_log = expr.subs(var, u), sp.oo, u, sp.log(u)
    else:
        f, pt, back, big_log = expr.subs(var, point + u), sp.Integer(0), u, -sp.log(u)
    to_var = {u: var if point == sp.oo else var - point}
    b, c, a, steps = _leading(f, u, pt, big_log, "the leading term")
    lead_u = a * back**b * big_log**c
    leading = lead_u.xreplace(to_var)
    steps.append(
        Step(
            "leading term",
            sp.Eq(sp.Symbol("f_lead"), leading),
            f"from the limits above: $f \\sim A u^b L^c$ as ${latex(var)} \\to {latex(point)}$",
        )
    )
    remainder = sp.simplify(f - lead_u)
    correction: sp.Expr | None
    if remainder == 0:
        correction = sp.Integer(0)
        steps.append(
            Step(
                "correction",
                sp.Integer(0),
                "exact: $f$ equals its leading term",
                lhs=sp.Symbol("f_corr"),
            )
        )
    else:
        try:
            b2, c2, a2, st2 = _leading(remainder, u, pt, big_log, "the correction")
            correction = (a2 * back**b2 * big_log**c2).xreplace(to_var)
            steps += st2
            licence = r"same limits on $f - f_{\mathrm{lead}}$"
        except ValueError:
            small = sp.limit(remainder / lead_u, u, pt, "+" if pt == 0 else "-")
            correction = remainder.xreplace(to_var) if small == 0 else None
            licence = "remainder beyond every power (exponentially small)"
        if correction is not None:
            steps.append(Step("correction", sp.Eq(sp.Symbol("f_corr"), correction), licence))
    try:
        if series_terms < 1:
            raise NotImplementedError("series not requested")
        ser = sp.series(expr, var, point, series_terms)
        ser = None if ser.has(sp.Order) and ser.removeO() == 0 else ser
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        ser = None
    regime: tuple[Condition, ...] = ()
    if correction not in (None, 0):
        regime = (
            much_less(
                sp.Abs(sp.simplify(correction / leading)),
                1,
                f"leading term dominates: $|f_{{\\mathrm{{corr}}}}/f_{{\\mathrm{{lead}}}}| \\ll 1$ "
                f"(${latex(var)}$ near ${latex(point)}$)",
                threshold,
            ),
        )
    der = Derivation(
        f"asymptotics of ${latex(expr)}$ as ${latex(var)} \\to {latex(point)}$",
        tuple(steps),
        leading,
        tuple(sorted(leading.free_symbols, key=lambda s: s.name)),
        (),
        regime,
    )
    return Asymptotic(expr, var, point, b, c, a, leading, correction, ser, der)
