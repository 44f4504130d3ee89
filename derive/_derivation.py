"""Derivation records: ordered, licensed steps from a model to a closed form.

A derivation is a frozen record.  Each :class:`Step` holds one sympy expression
together with the approximation or identity that licensed it, and optionally the
form the paper prints for the same intermediate result.  The record renders as
LaTeX or Markdown and can compare every printed intermediate with the derived one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ._latex import latex, text_escape
from ._regime import _RELATIONS, Condition

__all__ = ["Step", "Derivation", "Comparison", "compare_forms"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Outcome of comparing a derived expression with the printed one.

    ``equal`` is True when ``simplify(derived - printed)`` vanishes (or the ratio
    simplifies to one); ``difference`` holds the simplified difference otherwise.
    """

    label: str
    derived: sp.Basic
    printed: sp.Basic
    equal: bool
    difference: sp.Basic

    def __str__(self) -> str:
        status = "agrees" if self.equal else f"differs by {sp.sstr(self.difference)}"
        return f"{self.label}: printed form {status}"


def compare_forms(derived: sp.Basic, printed: sp.Basic, label: str = "") -> Comparison:
    """Compare two expressions (or two ``Eq``) symbolically.

    Parameters
    ----------
    derived, printed
        sympy expressions, or equations whose sides are compared pairwise as
        ``lhs - rhs``.
    label
        Name of the compared equation, e.g. ``"(B38)"``.

    Returns
    -------
    Comparison
        With ``equal`` True if the difference simplifies to zero.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> compare_forms(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1)).equal
    True
    """
    d = derived.lhs - derived.rhs if isinstance(derived, sp.Equality) else derived
    p = printed.lhs - printed.rhs if isinstance(printed, sp.Equality) else printed
    diff = sp.simplify(sp.expand(d - p))
    equal = diff == 0
    if not equal:
        # exponentials and powers often simplify better as a ratio
        try:
            ratio = sp.simplify(sp.powsimp(sp.expand_power_exp(d / p), force=True))
            equal = ratio == 1
        except (ZeroDivisionError, TypeError):
            pass
    return Comparison(label, derived, printed, bool(equal), sp.Integer(0) if equal else diff)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a derivation.

    Parameters
    ----------
    name
        Short name of the step ("Gaussian integral over m").
    expr
        The sympy expression (or ``Eq``) reached at this step.
    licence
        The approximation or exact identity that licensed going from the previous
        step to this one ("exact", "N >> 1: sum -> integral", ...).
    label
        The paper's equation label for this intermediate, if it prints one.
    printed
        The paper's printed form for this intermediate, typed from the paper, or None.
    """

    name: str
    expr: sp.Basic
    licence: str
    label: str | None = None
    printed: sp.Basic | None = None

    def compare(self) -> Comparison | None:
        """Compare the derived expression with the printed one, if there is one."""
        if self.printed is None:
            return None
        return compare_forms(self.expr, self.printed, self.label or self.name)

    def equation(self) -> str:
        """LaTeX (math mode) of the step: ``lhs = rhs`` for an ``Eq``, else the expression alone.

        Printed as stored (:func:`derive.latex`): nothing is simplified or expanded here.
        """
        return _equation(self.expr)

    def _repr_latex_(self) -> str:
        lab = rf"\ {text_escape(self.label)}" if self.label else ""
        return (
            rf"$$\displaylines{{{self.equation()}\\"
            rf"\text{{{text_escape(self.name)}{lab}: {text_escape(self.licence)}}}}}$$"
        )

    def _repr_markdown_(self) -> str:
        return _md_step(self, None)

    def __str__(self) -> str:
        lab = f" {self.label}" if self.label else ""
        return f"{self.name}{lab}: {sp.sstr(self.expr)}   [{self.licence}]"


@dataclass(frozen=True, slots=True)
class Derivation:
    """A frozen record of a derivation: steps, assumptions, regime, result.

    Parameters
    ----------
    name
        What is derived ("QFI crossover of the pumped cavity, Eqs. (8)-(9)").
    steps
        Ordered :class:`Step` records.
    result
        The final expression.
    parameters
        The free symbols of ``result`` in the order the compiled evaluator takes them.
    assumptions
        Plain-language assumptions (model-level, e.g. "J = 0", "real C_m").
    regime
        The regime of validity as explicit :class:`Condition` inequalities.
    """

    name: str
    steps: tuple[Step, ...]
    result: sp.Basic
    parameters: tuple[sp.Symbol, ...]
    assumptions: tuple[str, ...] = ()
    regime: tuple[Condition, ...] = field(default=())

    def step(self, key: str) -> Step:
        """Return the step with the given name or equation label."""
        for s in self.steps:
            if key in (s.name, s.label):
                return s
        raise KeyError(f"no step named or labelled {key!r} in derivation {self.name!r}")

    def comparisons(self) -> tuple[Comparison, ...]:
        """Every printed intermediate compared with the derived one."""
        return tuple(c for c in (s.compare() for s in self.steps) if c is not None)

    def to_latex(self, *, level: str = "subsection") -> str:
        r"""Render as a LaTeX document fragment: a section, one numbered item per step.

        Each step shows its equation (``lhs = rhs``, or the expression alone) in an
        ``equation*`` and beside it, in words, the approximation that licensed it.  Every
        piece of plain text is escaped (:func:`derive.text_escape`), so the fragment
        compiles inside any ``article`` with ``amsmath`` (see :func:`derive.latex_document`).

        Parameters
        ----------
        level
            Sectioning command of the title (``section``, ``subsection``, ...).
        """
        out = [rf"\{level}*{{{text_escape(self.name)}}}"]
        if self.assumptions:
            out.append(
                r"\noindent\textit{Assumptions:} "
                + "; ".join(text_escape(a) for a in self.assumptions)
                + "."
            )
        out.append(r"\begin{enumerate}")
        for s in self.steps:
            lab = f" {text_escape(s.label)}" if s.label else ""
            out.append(
                rf"\item \textbf{{{text_escape(s.name)}}}{lab} --- "
                rf"\textit{{{text_escape(s.licence)}}}"
            )
            out += [r"\begin{equation*}", s.equation(), r"\end{equation*}"]
            cmp_ = s.compare()
            if cmp_ is not None:
                if cmp_.equal:
                    out.append(r"Printed form: agrees.")
                else:
                    out += [
                        r"Printed form \textbf{differs}:",
                        r"\begin{equation*}",
                        _equation(s.printed),
                        r"\end{equation*}",
                        r"derived $-$ printed $=$ $" + latex(cmp_.difference) + "$.",
                    ]
        out.append(r"\end{enumerate}")
        out += [
            r"\noindent\textbf{Result:}",
            r"\begin{equation*}",
            latex(self.result),
            r"\end{equation*}",
        ]
        if self.regime:
            out.append(
                r"\noindent\textbf{Regime:} "
                + ", ".join(f"${condition_latex(c)}$" for c in self.regime)
                + "."
            )
        return "\n".join(out)

    def to_align(self) -> str:
        r"""Render as one ``align*`` block: ``lhs &= rhs`` per step with its licence in ``\text{}``."""
        lines = [r"\begin{align*}"]
        for i, s in enumerate(self.steps, 1):
            if isinstance(s.expr, sp.Equality):
                eq = f"{latex(s.expr.lhs)} &= {latex(s.expr.rhs)}"
            else:
                eq = f"&{latex(s.expr)}"
            lab = f" {text_escape(s.label)}" if s.label else ""
            lines.append(
                rf"&\text{{({i})}}\ {eq} &&\text{{{text_escape(s.name)}{lab}: "
                rf"{text_escape(s.licence)}}} \\"
            )
        lines.append(r"\end{align*}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        return self.to_align()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def to_markdown(self) -> str:
        """Render as Markdown with ``$$`` display maths: each step ``lhs = rhs`` and its licence."""
        out = [f"### {md_escape(self.name)}", ""]
        if self.assumptions:
            out.append("Assumptions: " + "; ".join(md_escape(a) for a in self.assumptions) + ".")
            out.append("")
        for i, s in enumerate(self.steps, 1):
            out.append(_md_step(s, i))
        out.append("")
        out.append(f"**Result:** $${latex(self.result)}$$")
        if self.regime:
            out.append("")
            out.append("**Regime:** " + ", ".join(f"${condition_latex(c)}$" for c in self.regime))
        return "\n".join(out)

    def __str__(self) -> str:
        return (
            f"Derivation({self.name!r}: {len(self.steps)} steps, "
            f"result {sp.sstr(self.result)}, regime {[str(c) for c in self.regime]})"
        )


_MD_SPECIAL = {
    "\\": "\\\\",
    "*": "\\*",
    "_": "\\_",
    "`": "\\`",
    "$": "\\$",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "#": "\\#",
}


def md_escape(text: str) -> str:
    """Plain text made literal in Markdown (no emphasis, maths, HTML tags or table cells from it).

    Examples
    --------
    >>> md_escape("signal <O>, C_m^* and $x$")
    'signal &lt;O&gt;, C\\\\_m^\\\\* and \\\\$x\\\\$'
    """
    return "".join(_MD_SPECIAL.get(ch, ch) for ch in str(text))


def condition_latex(c: Condition) -> str:
    """LaTeX of a regime inequality in physics notation (:func:`derive.latex`)."""
    return f"{latex(c.lhs)} {_RELATIONS[c.relation]} {latex(c.rhs)}"


def _equation(expr: sp.Basic) -> str:
    if isinstance(expr, sp.Equality):
        return f"{latex(expr.lhs)} = {latex(expr.rhs)}"
    return latex(expr)


def _md_step(s: Step, i: int | None) -> str:
    """One step as a Markdown list item: name, label, licence in words, then the equation."""
    lab = f" {md_escape(s.label)}" if s.label else ""
    head = f"{i}. " if i is not None else ""
    pad = "   " if i is not None else ""
    out = [
        f"{head}**{md_escape(s.name)}**{lab} — *{md_escape(s.licence)}*",
        "",
        f"{pad}$${s.equation()}$$",
    ]
    cmp_ = s.compare()
    if cmp_ is not None:
        if cmp_.equal:
            out += ["", f"{pad}printed form: agrees"]
        else:
            out += [
                "",
                f"{pad}printed form: $${_equation(s.printed)}$$ — **differs** "
                f"(derived − printed = ${latex(cmp_.difference)}$)",
            ]
    return "\n".join(out) + "\n"
