"""Records of the claim registry: claims, quantities, check outcomes, findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: importing the records does not import sympy
    import sympy as sp

    from derive import Derivation

__all__ = [
    "Claim",
    "Finding",
    "CheckRow",
    "CheckOutcome",
    "Param",
    "Quantity",
    "REQUIRED",
    "duplicate_findings",
]

REQUIRED = object()
"""Sentinel default: the parameter must be given."""

_STATUSES = ("pass", "fail", "finding", "n/a", "error", "skipped")


def _freeze(m: Mapping | None) -> Mapping:
    return MappingProxyType(dict(m or {}))


@dataclass(frozen=True, slots=True)
class Finding:
    """A proven disagreement between a printed form and the truth.

    Parameters
    ----------
    claim_id
        The claim the finding belongs to.
    equation
        The paper's equation label ("Eq. (7)", "(B23)").
    printed
        The printed form, as typed from the paper (LaTeX or sympy string).
    corrected
        The derived (correct) form.
    evidence
        How the disagreement is proved: the symbolic difference and the numbers
        that decide it (e.g. deviation of printed and derived forms from an exact
        brute-force evolution at a stated point).
    numbers
        The numbers behind ``evidence``, by name.
    regime
        Where the correction holds, as inequalities or words (e.g. "N = 1e6..1e8, C <~ 1;
        leading order in 1/ln NC"), or "exact (any N, t)" for an algebraic slip.  Every
        registered finding states it.
    accuracy
        How accurate the corrected form is in that regime and by which method that was
        established (e.g. "6-8 % high against exact optimisation of the linearised
        expression").

    Notes
    -----
    A finding is worded no more strongly than its evidence: the evidence must come from a
    method valid in ``regime``.
    """

    claim_id: str
    equation: str
    printed: str
    corrected: str
    evidence: str
    numbers: Mapping[str, float] = field(default_factory=dict)
    regime: str = ""
    accuracy: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "numbers", _freeze(self.numbers))

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Finding:
        return cls(
            d["claim"],
            d["equation"],
            d["printed"],
            d["corrected"],
            d["evidence"],
            d.get("numbers", {}),
            d.get("regime", ""),
            d.get("accuracy", ""),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "equation": self.equation,
            "printed": self.printed,
            "corrected": self.corrected,
            "evidence": self.evidence,
            "numbers": dict(self.numbers),
            "regime": self.regime,
            "accuracy": self.accuracy,
        }

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of the erratum: (claim id, equation, corrected form), whitespace-normalised."""
        return (self.claim_id, " ".join(self.equation.split()), " ".join(self.corrected.split()))

    def __str__(self) -> str:
        return (
            f"[{self.claim_id}] {self.equation}\n  printed:   {self.printed}\n"
            f"  corrected: {self.corrected}\n  regime:    {self.regime or '(not stated)'}\n"
            f"  accuracy:  {self.accuracy or '(not stated)'}\n  evidence:  {self.evidence}"
        )

    def _repr_latex_(self) -> str:
        from derive import text_escape

        return (
            rf"$$\displaylines{{\text{{{text_escape(self.claim_id)}, {text_escape(self.equation)}, "
            rf"printed: }}{self.printed}\\\text{{corrected: }}{self.corrected}"
            rf"\\\text{{regime: {text_escape(self.regime or '(not stated)')}}}"
            rf"\\\text{{accuracy: {text_escape(self.accuracy or '(not stated)')}}}}}$$"
        )

    def _repr_markdown_(self) -> str:
        from derive import md_escape

        return (
            f"**{md_escape(self.claim_id)}**, {md_escape(self.equation)}\n\n"
            f"printed: $${self.printed}$$\n\ncorrected: $${self.corrected}$$\n\n"
            f"regime: {md_escape(self.regime or '(not stated)')}\n\n"
            f"accuracy: {md_escape(self.accuracy or '(not stated)')}\n\n"
            f"evidence: {md_escape(self.evidence)}\n"
        )


def duplicate_findings(findings) -> list[str]:
    """Every finding listed more than once, one line each (empty when all are distinct).

    Two findings are the same if they have the same claim id, equation and corrected form
    (:attr:`Finding.key`), or if the same erratum (equation and corrected form) is listed
    under two claim ids.
    """
    out: list[str] = []
    seen: dict[tuple[str, str, str], Finding] = {}
    erratum: dict[tuple[str, str], Finding] = {}
    for f in findings:
        k = f.key
        if k in seen:
            out.append(f"{f.claim_id} {f.equation!r} listed twice")
            continue
        seen[k] = f
        other = erratum.get(k[1:])
        if other is not None:
            out.append(
                f"{f.equation!r} with the same corrected form listed under {other.claim_id} "
                f"and {f.claim_id}"
            )
        else:
            erratum[k[1:]] = f
    return out


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One parameter point of a numeric check: closed form against exact."""

    params: Mapping[str, Any]
    closed: float
    exact: float
    error: float
    in_regime: bool
    passed: bool
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _freeze(self.params))

    def as_json(self) -> dict[str, Any]:
        return {
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "closed": self.closed,
            "exact": self.exact,
            "error": self.error,
            "in_regime": self.in_regime,
            "passed": self.passed,
            "note": self.note,
        }


def _jsonable(v: Any) -> Any:
    try:
        import numpy as np

        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, np.generic):
            return v.item()
    except ImportError:  # pragma: no cover
        pass
    return v


def _short(v: Any) -> str:
    try:
        import numpy as np

        if isinstance(v, np.ndarray) and v.size > 4:
            return f"{v.size} values {v.min():.3g}..{v.max():.3g}"
    except (ImportError, TypeError, ValueError):  # pragma: no cover
        pass
    return f"{v:.6g}" if isinstance(v, float) else str(v)


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The outcome of one check (symbolic or numeric) of a claim.

    ``status`` is ``pass``, ``fail``, ``finding`` (the printed form differs from the
    derived one, and the difference is reported), ``n/a`` (no such check for this
    claim), ``error`` (the check itself raised) or ``skipped`` (a slow check not
    requested).

    ``detail_tex`` is the same detail for typeset output (the report, notebooks): plain text with
    its mathematics as ``$...$`` LaTeX segments; empty when ``detail`` holds no mathematics.
    """

    status: str
    detail: str
    worst_error: float | None = None
    rows: tuple[CheckRow, ...] = ()
    breakdown: tuple[CheckRow, ...] = ()
    detail_tex: str = ""

    def __post_init__(self) -> None:
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {_STATUSES}, got {self.status!r}")

    @property
    def ok(self) -> bool:
        return self.status in ("pass", "finding", "n/a", "skipped")

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "detail": self.detail,
            "worst_error": self.worst_error,
            "rows": [r.as_json() for r in self.rows],
            "breakdown": [r.as_json() for r in self.breakdown],
            "detail_tex": self.detail_tex,
        }

    def _repr_html_(self) -> str:
        import html

        colour = {"pass": "#dfd", "fail": "#fcc", "error": "#fcc", "finding": "#ffd"}.get(
            self.status, "#eee"
        )
        head = (
            f"<p><b style='background:{colour};padding:0 .3em'>{html.escape(self.status)}</b> "
            f"{html.escape(self.detail)}</p>"
        )
        rows = self.rows + self.breakdown
        if not rows:
            return head
        names = list(dict.fromkeys(k for r in rows for k in r.params))
        th = "".join(
            f"<th>{html.escape(n)}</th>"
            for n in [*names, "closed", "exact", "error", "in regime", "passed"]
        )
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(_short(r.params.get(n, '')))}</td>" for n in names)
            + f"<td>{r.closed:.6g}</td><td>{r.exact:.6g}</td><td>{r.error:.3g}</td>"
            f"<td>{'yes' if r.in_regime else 'no'}</td><td>{'yes' if r.passed else 'NO'}</td></tr>"
            for r in rows
        )
        return f"{head}<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CheckOutcome:
        def rows(key: str) -> tuple[CheckRow, ...]:
            return tuple(
                CheckRow(
                    r["params"],
                    r["closed"],
                    r["exact"],
                    r["error"],
                    r["in_regime"],
                    r["passed"],
                    r.get("note", ""),
                )
                for r in d.get(key, ())
            )

        return cls(
            d["status"],
            d["detail"],
            d.get("worst_error"),
            rows("rows"),
            rows("breakdown"),
            d.get("detail_tex", ""),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """One closed form or quantitative statement of a paper, with everything needed to check it.

    Parameters
    ----------
    id
        Stable id, ``<paper>.<name>`` (e.g. ``sharma.eq8``); unique in the registry.
    paper
        Paper key (``sharma2025``, ``sundar2023``, ``tucker2020``).
    equation
        The paper's label ("Eq. (8)", "(B35)-(B40)").
    title
        One line saying what the claim is.
    printed
        The printed form typed from the paper (a sympy expression or ``Eq``), or None
        for statements that are not a formula.
    derivation
        Zero-argument callable returning the :class:`~derive.Derivation` (cached by
        the registry; derivations may take seconds).
    symbolic
        Zero-argument callable returning the symbolic :class:`CheckOutcome`; None
        means "compare ``derivation().result`` with ``printed``".
    numeric
        Zero-argument callable returning the numeric :class:`CheckOutcome` (closed
        form against the exact counterpart on ``points``), or None if the claim has
        no exact counterpart.
    findings
        Zero-argument callable returning the :class:`Finding` records this claim proves.
    tolerance
        Tolerance of the numeric check inside the regime (its meaning is stated in
        ``tolerance_note``).
    tolerance_note
        What the error is measured as (e.g. "max_t |F - F_exact| / N^2").
    exact_counterpart
        Plain-language name of the exact solver the claim is checked against.
    closed, exact
        Optional callables taking the claim's parameters as keywords and returning
        the closed form and the exact value (arrays over a ``t`` array where the
        claim is a function of time).  Sweeps and regime maps evaluate these on grids.
    parameters
        Names of the parameters ``closed``/``exact`` take.
    defaults
        A reference parameter point (values for parameters not swept).
    error_scale
        Optional callable giving the scale of the error at a point (default |exact|).
    slow
        True if the complete numeric check (``numeric``) takes more than ~20 s: the default
        run checks ``quick_numeric`` instead, ``--full`` runs ``numeric``, and ``--quick``
        (development) skips the numeric check.
    quick_numeric
        Zero-argument callable returning the numeric :class:`CheckOutcome` of a slow claim on
        a reduced point set (fewer or smaller points, each with a stated basis beside it, the
        same tolerance and criteria, so that it can fail for the same reasons); it is what
        ``qderive report`` and ``qderive verify`` run by default.  A slow claim without one is
        reported as skipped unless ``--full``.
    regime
        Zero-argument callable returning the :class:`~derive.Condition` inequalities under which
        ``closed`` holds, written in the claim's ``parameters`` (None: the derivation's own
        regime).  ``qderive eval`` of the claim warns naming every violated condition.
    """

    id: str
    paper: str
    equation: str
    title: str
    printed: sp.Basic | None = None
    derivation: Callable[[], Derivation] | None = None
    symbolic: Callable[[], CheckOutcome] | None = None
    numeric: Callable[[], CheckOutcome] | None = None
    findings: Callable[[], tuple[Finding, ...]] | None = None
    tolerance: float = 1e-2
    tolerance_note: str = "relative error"
    exact_counterpart: str = ""
    closed: Callable[..., Any] | None = None
    exact: Callable[..., Any] | None = None
    parameters: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    error_scale: Callable[..., Any] | None = None
    slow: bool = False
    quick_numeric: Callable[[], CheckOutcome] | None = None
    regime: Callable[[], tuple[Any, ...]] | None = None

    def _repr_latex_(self) -> str:
        from derive import latex, text_escape

        head = (
            rf"\text{{{text_escape(self.id)} ({text_escape(self.paper)}, {text_escape(self.equation)}): "
            rf"{text_escape(self.title)}}}"
        )
        if self.printed is None:
            return f"$${head}$$"
        form = (
            f"{latex(self.printed.lhs)} = {latex(self.printed.rhs)}"
            if isinstance(self.printed, __import__("sympy").Equality)
            else latex(self.printed)
        )
        return rf"$$\displaylines{{{head}\\{form}}}$$"

    def _repr_markdown_(self) -> str:
        from derive import latex, md_escape

        out = f"**{md_escape(self.id)}** ({md_escape(self.paper)}, {md_escape(self.equation)}): {md_escape(self.title)}\n"
        if self.printed is not None:
            form = (
                f"{latex(self.printed.lhs)} = {latex(self.printed.rhs)}"
                if isinstance(self.printed, __import__("sympy").Equality)
                else latex(self.printed)
            )
            out += f"\nprinted: $${form}$$\n"
        return out

    def __post_init__(self) -> None:
        object.__setattr__(self, "defaults", _freeze(self.defaults))
        if "." not in self.id:
            raise ValueError(f"claim id must look like '<paper>.<name>', got {self.id!r}")


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of an ``eval`` quantity, with its allowed domain.

    ``kind`` is ``real``, ``int``, ``time`` (a comma-separated list of reals >= 0, or a
    range ``lo:hi:n[:log]``) or ``choice``.  ``domain`` is ``any``, ``positive``,
    ``nonnegative`` or ``positive even``.  ``doc`` and ``unit`` default to the meaning and
    unit the quantity's model declares (:func:`verify.register_model`).
    """

    name: str
    kind: str = "real"
    domain: str = "any"
    default: Any = REQUIRED
    choices: tuple[str, ...] = ()
    doc: str = ""
    unit: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def describe(self) -> str:
        if self.kind == "choice":
            allowed = "one of " + ", ".join(self.choices)
        elif self.kind == "time":
            allowed = "times >= 0: t1,t2,... or lo:hi:n[:log]"
        else:
            allowed = {
                "any": "a real number",
                "positive": "a number > 0",
                "nonnegative": "a number >= 0",
                "positive even": "an even integer > 0",
            }.get(self.domain, self.domain)
            if self.kind == "int" and self.domain in ("positive", "nonnegative"):
                allowed = "an integer " + (">= 1" if self.domain == "positive" else ">= 0")
        dflt = "" if self.required else f" (default {self.default})"
        return f"{self.name}: {allowed}{dflt}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A named quantity that ``qderive eval`` can compute.

    ``func`` receives validated keyword arguments (a ``time`` parameter arrives as
    a 1-d numpy array) and returns a number, an array over the times, or a mapping
    of named numbers (JSON object).
    """

    name: str
    params: tuple[Param, ...]
    func: Callable[..., Any]
    doc: str
    kind: str = "exact"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Figure:
    """A report figure: ``draw(path)`` writes a PNG reproducing a paper's figure panel.

    ``slow`` figures are drawn only by ``qderive report --full``.
    """

    name: str
    paper: str
    caption: str
    draw: Callable[[Any], None]
    slow: bool = False
