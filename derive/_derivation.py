"""Derivation records: ordered, licensed steps from a model to a closed form.

A derivation is a frozen record.  Each :class:`Step` holds one sympy expression
together with the approximation or identity that licensed it, and optionally the
form the paper prints for the same intermediate result.  The record renders as
LaTeX or Markdown and can compare every printed intermediate with the derived one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ._regime import Condition

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

    def to_latex(self) -> str:
        """Render as a LaTeX ``align*`` block, one line per step with its licence."""
        lines = [rf"\textbf{{{self.name}}}", r"\begin{align*}"]
        for i, s in enumerate(self.steps, 1):
            tag = f" & \\text{{{s.label}}}" if s.label else " &"
            lines.append(
                rf"&({i})\ {sp.latex(s.expr)}{tag}\quad\text{{[{s.licence}]}} \\"
            )
        lines.append(r"\end{align*}")
        if self.regime:
            lines.append(r"\text{Regime: } " + r",\ ".join(c.latex() for c in self.regime))
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Render as Markdown with inline LaTeX."""
        out = [f"### {self.name}", ""]
        if self.assumptions:
            out.append("Assumptions: " + "; ".join(self.assumptions) + ".")
            out.append("")
        for i, s in enumerate(self.steps, 1):
            lab = f" {s.label}" if s.label else ""
            out.append(f"{i}. **{s.name}**{lab} — *{s.licence}*")
            out.append(f"   $${sp.latex(s.expr)}$$")
            cmp_ = s.compare()
            if cmp_ is not None:
                if cmp_.equal:
                    out.append("   printed form: agrees")
                else:
                    out.append(f"   printed form: $${sp.latex(s.printed)}$$ — **differs** "
                               f"(derived − printed = ${sp.latex(cmp_.difference)}$)")
        out.append("")
        out.append(f"**Result:** $${sp.latex(self.result)}$$")
        if self.regime:
            out.append("")
            out.append("**Regime:** " + ", ".join(f"${c.latex()}$" for c in self.regime))
        return "\n".join(out)

    def __str__(self) -> str:
        return (f"Derivation({self.name!r}: {len(self.steps)} steps, "
                f"result {sp.sstr(self.result)}, regime {[str(c) for c in self.regime]})")
