"""Derivation records: ordered, licensed steps from a model to a closed form.

A derivation is a frozen record.  Each :class:`Step` holds one sympy expression
together with the approximation or identity that licensed it, and optionally the
form the paper prints for the same intermediate result.  The record renders as
LaTeX or Markdown and can compare every printed intermediate with the derived one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ._latex import latex, prose_join, prose_latex, prose_plain, text_escape
from ._regime import _RELATIONS, Condition

__all__ = ["Step", "Derivation", "Comparison", "PaperForm", "compare_forms", "prose_markdown"]


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
    r"""One step of a derivation.

    Parameters
    ----------
    name
        Short name of the step ("Gaussian integral over m").
    expr
        The sympy expression (or ``Eq``) reached at this step.
    licence
        The approximation or exact identity that licensed going from the previous
        step to this one, in words with inline maths between dollars, as in a paper
        (``"exact"``, ``r"$N \gg 1$: sum over $m$ to an integral"``; see
        :func:`derive.prose_pieces`).
    label
        The paper's equation label for this intermediate, if it prints one.
    printed
        The paper's printed form for this intermediate, typed from the paper, or None.
    lhs
        What ``expr`` is (a symbol or expression, e.g. ``I_m``), so that the step reads
        ``lhs = expr`` when ``expr`` is not already an ``Eq``.  Display only: comparisons
        and evaluators use ``expr``.
    """

    name: str
    expr: sp.Basic
    licence: str
    label: str | None = None
    printed: sp.Basic | None = None
    lhs: sp.Basic | None = None

    def compare(self) -> Comparison | None:
        """Compare the derived expression with the printed one, if there is one."""
        if self.printed is None:
            return None
        return compare_forms(self.expr, self.printed, self.label or self.name)

    def equation(self) -> str:
        """LaTeX (math mode) of the step: ``lhs = rhs`` for an ``Eq``, else the expression alone.

        Printed as stored (:func:`derive.latex`): nothing is simplified or expanded here.
        """
        if self.lhs is not None and not isinstance(self.expr, sp.Equality):
            return f"{latex(self.lhs)} = {latex(self.expr)}"
        return _equation(self.expr)

    def sides(self) -> tuple[str, str]:
        """LaTeX of the two sides (``""`` on the left when the step names no left-hand side)."""
        if isinstance(self.expr, sp.Equality):
            return latex(self.expr.lhs), latex(self.expr.rhs)
        return (latex(self.lhs) if self.lhs is not None else ""), latex(self.expr)

    def _repr_latex_(self) -> str:
        lab = rf"\ {text_escape(self.label)}" if self.label else ""
        return (
            rf"$$\displaylines{{{self.equation()}\\"
            rf"\text{{{prose_latex(self.name)}{lab}: {prose_latex(self.licence)}}}}}$$"
        )

    def _repr_markdown_(self) -> str:
        return _md_step(self, None)

    def __str__(self) -> str:
        lab = f" {self.label}" if self.label else ""
        lhs = f"{sp.sstr(self.lhs)} = " if self.lhs is not None else ""
        return f"{self.name}{lab}: {lhs}{sp.sstr(self.expr)}   [{prose_plain(self.licence)}]"


@dataclass(frozen=True, slots=True)
class PaperForm:
    r"""A result written in the paper's variables and shape, with the definitions that expand it.

    The derived ``result`` of a :class:`Derivation` is what the evaluators compile; sympy
    holds it expanded (radicals, exponentials of long products).  A paper writes the same
    expression in its own variables -- ``F_Q = N/2 (1 + f_Q) + N^2/2 (1 - f_Q)`` with
    ``f_Q = exp[-(t/tau_Q)^6]`` -- and that is the form a reader compares with the paper.
    The record holds that form and its definitions; :meth:`agrees_with` proves that
    substituting the definitions gives back the derived result (so the display is never a
    second, unchecked transcription).

    Parameters
    ----------
    lhs
        The quantity (``F_Q``).
    expr
        The result in the paper's variables (``N/2 (1 + f_Q) + N^2/2 (1 - f_Q)``), unexpanded.
    where
        Definitions ``Eq(symbol, expression)``; a definition may use symbols defined after it
        (``f_Q`` in terms of ``tau_Q``, ``tau_Q`` in terms of the model's parameters).

    Notes
    -----
    Display only: it changes neither the evaluator nor the checks.
    """

    lhs: sp.Basic
    expr: sp.Basic
    where: tuple[sp.Equality, ...] = ()

    def expanded(self) -> sp.Basic:
        """``expr`` with every definition substituted (repeatedly, until no defined symbol is left)."""
        out = self.expr
        subs = {d.lhs: d.rhs for d in self.where}
        for _ in range(len(subs) + 1):
            new = out.xreplace(subs)
            if new == out:
                break
            out = new
        return out

    def agrees_with(self, result: sp.Basic, *, points: int = 6, rtol: float = 1e-12) -> bool:
        """True if the expanded form equals ``result``.

        Symbolically (:func:`compare_forms`) first; if sympy cannot decide, numerically at
        ``points`` pseudo-random positive values of every free symbol (seeded, so
        reproducible), each to ``rtol`` relative -- a wrong form differs at generic points by
        O(1), far above double round-off.
        """
        import random

        target = result.rhs if isinstance(result, sp.Equality) else result
        full = self.expanded()
        if compare_forms(full, target).equal:
            return True
        syms = sorted((full - target).free_symbols, key=str)
        rng = random.Random(12345)
        for _ in range(points):
            vals = {x: sp.Float(rng.uniform(0.2, 1.3), 30) for x in syms}
            a = complex(sp.N(full.xreplace(vals), 25))
            b = complex(sp.N(target.xreplace(vals), 25))
            if abs(a - b) > rtol * max(abs(a), abs(b), 1e-300):
                return False
        return True

    def latex(self) -> str:
        """``lhs = expr`` (maths mode)."""
        return f"{latex(self.lhs)} = {latex(self.expr)}"

    def where_latex(self) -> list[str]:
        """Each definition as ``symbol = expression`` (maths mode)."""
        return [f"{latex(d.lhs)} = {latex(d.rhs)}" for d in self.where]

    def __str__(self) -> str:
        defs = ", ".join(f"{sp.sstr(d.lhs)} = {sp.sstr(d.rhs)}" for d in self.where)
        head = f"{sp.sstr(self.lhs)} = {sp.sstr(self.expr)}"
        return f"{head}, where {defs}" if defs else head


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
    paper_form
        The result in the paper's variables and shape (:class:`PaperForm`), shown in place
        of the expanded ``result`` wherever a reader looks; None to show ``result``.
    """

    name: str
    steps: tuple[Step, ...]
    result: sp.Basic
    parameters: tuple[sp.Symbol, ...]
    assumptions: tuple[str, ...] = ()
    regime: tuple[Condition, ...] = field(default=())
    paper_form: PaperForm | None = None

    def result_latex(self) -> str:
        """The result as a reader sees it: the paper form (and its definitions) or the result."""
        if self.paper_form is None:
            return latex(self.result)
        defs = self.paper_form.where_latex()
        tail = r",\quad ".join(defs)
        return self.paper_form.latex() + (r",\qquad " + tail if defs else "")

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
        out = [rf"\{level}*{{{prose_latex(self.name)}}}"]
        if self.assumptions:
            out.append(
                r"\noindent\textit{Assumptions:} "
                + "; ".join(prose_latex(a) for a in self.assumptions)
                + "."
            )
        out.append(r"\begin{enumerate}")
        for s in self.steps:
            lab = f" {text_escape(s.label)}" if s.label else ""
            out.append(
                rf"\item \textbf{{{prose_latex(s.name)}}}{lab} --- "
                rf"\textit{{{prose_latex(s.licence)}}}"
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
        out += [r"\noindent\textbf{Result:}", r"\begin{equation*}"]
        if self.paper_form is None:
            out.append(latex(self.result))
        else:
            out.append(self.paper_form.latex())
            out.append(r"\end{equation*}")
            if self.paper_form.where:
                out.append(r"where")
                out.append(r"\begin{gather*}")
                out.append(r"\\".join(self.paper_form.where_latex()))
                out.append(r"\end{gather*}")
            out.append(r"expanded,")
            out.append(r"\begin{equation*}")
            out.append(latex(self.result))
        out.append(r"\end{equation*}")
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
            lhs, rhs = s.sides()
            eq = f"{lhs} &= {rhs}" if lhs else f"&{rhs}"
            lab = f" {text_escape(s.label)}" if s.label else ""
            lines.append(
                rf"&\text{{({i})}}\ {eq} &&\text{{{prose_latex(s.name)}{lab}: "
                rf"{prose_latex(s.licence)}}} \\"
            )
        lines.append(r"\end{align*}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        return self.to_align()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def to_markdown(self) -> str:
        """Render as Markdown with ``$$`` display maths: each step ``lhs = rhs`` and its licence."""
        out = [f"### {prose_markdown(self.name)}", ""]
        if self.assumptions:
            out.append(
                "Assumptions: " + "; ".join(prose_markdown(a) for a in self.assumptions) + "."
            )
            out.append("")
        for i, s in enumerate(self.steps, 1):
            out.append(_md_step(s, i))
        out.append("")
        if self.paper_form is None:
            out.append(f"**Result:** $${latex(self.result)}$$")
        else:
            out.append(f"**Result:** $${self.paper_form.latex()}$$")
            if self.paper_form.where:
                out.append("")
                out.append("where " + ", ".join(f"${d}$" for d in self.paper_form.where_latex()))
            out.append("")
            out.append(f"expanded: $${latex(self.result)}$$")
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


def prose_markdown(text: str) -> str:
    r"""Prose with inline ``$...$`` maths as Markdown: words made literal, maths kept as ``$...$``.

    Examples
    --------
    >>> prose_markdown(r"$N \gg 1$: C_m even")
    '$N \\gg 1$: C\\_m even'
    """
    return prose_join(text, md_escape)


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
        f"{head}**{prose_markdown(s.name)}**{lab} — *{prose_markdown(s.licence)}*",
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
