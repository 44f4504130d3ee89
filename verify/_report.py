"""The report: per paper, the claims table, each claim's checks, derivation, findings, regime map and
scaling fit, and the figures; as Markdown (``index.md``), HTML with MathML (``index.html``, no network:
LaTeX is converted at build time by latex2mathml) and LaTeX (``derivations.tex``)."""

from __future__ import annotations

import platform
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from derive import Derivation, latex, latex_document, md_escape, text_escape

from ._parallel import run_claims
from ._registry import all_claims as _iter_claims
from ._registry import derivation_of, figures, load_errors
from ._run import ClaimReport, code_version

__all__ = ["render_report", "write_report"]


def _fmt_err(outcome) -> str:
    """The worst in-regime error of a check; statement checks (rows with their own criteria) say so."""
    if outcome.worst_error is not None:
        return f"{outcome.worst_error:.3g}"
    if outcome.rows:
        passed = sum(r.passed for r in outcome.rows)
        return f"statement: {passed}/{len(outcome.rows)} criteria met"
    return "—"


def write_report(
    out: str | Path = "report",
    *,
    full: bool = False,
    quick: bool = False,
    workers: int | None = None,
) -> Path:
    """Run every claim's checks and write ``index.md``, ``index.html`` and PNG figures to ``out``.

    Parameters
    ----------
    out
        Output directory (created).
    full
        Run the slow claims' complete point sets, and the slow figures.
    quick
        Skip the slow claims' numeric checks (development runs).
    workers
        Processes checking claims in parallel (default: the cores available).

    Returns
    -------
    Path
        The path of ``index.md``.
    """
    t0 = time.perf_counter()
    out = Path(out)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    all_claims = list(_iter_claims())
    # in parallel over the cores, each claim printed and cached as it finishes (resumable)
    reports: list[ClaimReport] = run_claims(all_claims, full=full, quick=quick, workers=workers)

    findings = [f for r in reports for f in r.findings]

    figs = []
    for fig in tqdm([f for f in figures() if full or not f.slow], desc="figures", unit="fig"):
        path = out / "figures" / f"{fig.name}.png"
        try:
            fig.draw(path)
            figs.append((fig, path.relative_to(out), None))
        except Exception as exc:  # a figure that cannot be drawn is reported, not fatal
            figs.append((fig, None, f"{type(exc).__name__}: {exc}"))

    regimes = _regime_maps(all_claims, out, full)
    scalings = _scaling_fits(all_claims, out)

    n_fail = sum(not r.ok for r in reports)
    summary = (
        f"{len(reports)} claims: {sum(r.numeric.status == 'pass' for r in reports)} numeric checks "
        f"passed, {n_fail} failing, {sum(r.numeric.status == 'skipped' for r in reports)} skipped "
        f"(slow; `qderive report --full`), {len(findings)} finding(s) against the papers."
    )
    errors = load_errors()
    if errors:
        summary += " Claim modules that failed to import: " + "; ".join(
            f"{k} ({v})" for k, v in errors.items()
        )
    derivations = {c.id: _derivation(c) for c in all_claims}
    elapsed = time.perf_counter() - t0
    meta = (
        f"qderive code version {code_version()}, Python {sys.version.split()[0]}, "
        f"{platform.machine()}, generated in {elapsed:.0f} s"
    )
    return render_report(
        out,
        all_claims,
        reports,
        derivations=derivations,
        figures=figs,
        regimes=regimes,
        scalings=scalings,
        summary=summary,
        meta=meta,
    )


def _regime_maps(all_claims, out: Path, full: bool) -> list[tuple[str, dict | None, str]]:
    """One regime map per claim that declares a sweep grid (quick grid unless ``full``)."""
    from .sweep import regime_map, regime_spec

    maps = []
    for c in all_claims:
        spec = regime_spec(c.id)
        if spec is None or c.closed is None or c.exact is None:
            continue
        grid = spec.grid if full else (spec.quick_grid or spec.grid)
        try:
            # in-process: the report has already used OpenMP (numba, BLAS), after which fork() is unsafe
            rm = regime_map(
                c.id, grid, store=out / "sweeps" / "cells.sqlite", progress=True, scheduler="serial"
            )
            paths = {k: Path(v).relative_to(out) for k, v in rm.save(out / "regimes").items()}
            maps.append((c.id, paths, rm.summary()))
        except Exception as exc:  # reported in the report, not fatal
            maps.append((c.id, None, f"regime map failed: {type(exc).__name__}: {exc}"))
    return maps


def _scaling_fits(all_claims, out: Path) -> list[tuple[str, str, dict | None, str]]:
    """One power-law fit per claim that declares a scaling law (its default N range)."""
    from .sweep import scaling_laws, scaling_sweep

    fits = []
    for c in all_claims:
        for law in scaling_laws(c.id):
            try:
                fit, _ = scaling_sweep(
                    law, store=out / "sweeps" / "cells.sqlite", progress=True, scheduler="serial"
                )
                paths = {k: Path(v).relative_to(out) for k, v in fit.save(out / "scaling").items()}
                fits.append((c.id, law.key, paths, str(fit)))
            except Exception as exc:  # reported in the report, not fatal
                fits.append(
                    (c.id, law.key, None, f"scaling fit failed: {type(exc).__name__}: {exc}")
                )
    return fits


def _derivation(c):
    """The claim's derivation, or None (a derivation that raises is left out, not fatal)."""
    if c.derivation is None:
        return None
    try:
        return derivation_of(c.id)
    except Exception:  # the claim's symbolic check reports the error
        return None


# ------------------------------------------------------------------------------------------ rendering
@dataclass(frozen=True, slots=True)
class _Entry:
    """One claim as the report shows it, with the anchors its row links to."""

    claim: Any
    report: ClaimReport
    derivation: Derivation | None
    derivation_home: str | None  # the claim whose section shows a shared derivation
    regime: tuple[dict | None, str] | None
    scalings: tuple[tuple[str, dict | None, str], ...]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-").lower() or "x"


def _a(kind: str, cid: str) -> str:
    return f"{kind}-{_slug(cid)}"


def _anchor(kind: str, cid: str) -> str:
    return f'<a id="{_a(kind, cid)}"></a>'


def _inline_math(expr: Any) -> str:
    """Inline Markdown maths of a sympy expression or ``Eq``, or an em dash."""
    if expr is None:
        return "—"
    import sympy as sp

    if isinstance(expr, sp.Equality):
        return f"${latex(expr.lhs)} = {latex(expr.rhs)}$"
    return f"${latex(expr)}$"


def _cell(text: str) -> str:
    return text.replace("\n", " ")


def _entries(claims, reports, derivations, regimes, scalings) -> list[_Entry]:
    regime_of = {cid: (paths, text) for cid, paths, text in regimes}
    fits: dict[str, list] = {}
    for cid, key, paths, text in scalings:
        fits.setdefault(cid, []).append((key, paths, text))
    homes: list[tuple[Derivation, str]] = []
    out = []
    for c, r in zip(claims, reports, strict=True):
        d = derivations.get(c.id)
        home = None
        if d is not None:
            home = next((cid for e, cid in homes if e is d), None)
            if home is None:
                homes.append((d, c.id))
                home = c.id
        out.append(_Entry(c, r, d, home, regime_of.get(c.id), tuple(fits.get(c.id, ()))))
    return out


def _papers(entries: Sequence[_Entry]) -> dict[str, list[_Entry]]:
    papers: dict[str, list[_Entry]] = {}
    for e in entries:
        papers.setdefault(e.claim.paper, []).append(e)
    return papers


def _links(e: _Entry) -> str:
    cid = e.claim.id
    parts = [f"[checks](#{_a('claim', cid)})"]
    if e.derivation_home is not None:
        parts.append(f"[derivation](#{_a('derivation', e.derivation_home)})")
    if e.report.findings:
        parts.append(f"[findings ({len(e.report.findings)})](#{_a('findings', cid)})")
    if e.regime is not None:
        parts.append(f"[regime map](#{_a('regime', cid)})")
    if e.scalings:
        parts.append(f"[scaling fit](#{_a('scaling', cid)})")
    return " · ".join(parts)


def _closed_form(e: _Entry) -> str:
    """The claim's closed form as inline maths: the derived result, else the printed form, else a dash.

    The derived result is what the checks test; where the paper prints a different form the findings
    say so, so the table shows the truth, typeset."""
    if e.derivation is not None and e.derivation.result is not None:
        return _inline_math(e.derivation.result)
    return _inline_math(e.claim.printed)


def _status(status: str) -> str:
    return f'<span class="st st-{_slug(status)}">{md_escape(status)}</span>'


def _claims_table(entries: Sequence[_Entry]) -> list[str]:
    """One row per claim: id and what it states, the closed form typeset, the two verdicts, the worst
    in-regime error against the tolerance, and links to every section about the claim."""
    header = [
        "claim",
        "equation",
        "closed form (derived)",
        "symbolic",
        "numeric",
        "worst error / tolerance",
        "links",
    ]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for e in entries:
        c, r = e.claim, e.report
        tol = f" / {c.tolerance:g}" if c.numeric else ""
        cells = [
            f"{_anchor('row', c.id)}<b>[{md_escape(c.id)}](#{_a('claim', c.id)})</b><br>"
            f'<span class="what">{md_escape(c.title)}</span>',
            md_escape(c.equation),
            _closed_form(e),
            _status(r.symbolic.status),
            _status(r.numeric.status),
            md_escape(_fmt_err(r.numeric)) + tol,
            _links(e),
        ]
        rows.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return rows


def _finding_md(f) -> list[str]:
    return [
        f"- **{md_escape(f.equation)}**",
        "",
        f"  printed: $${f.printed}$$",
        "",
        f"  corrected: $${f.corrected}$$",
        "",
        f"  regime: {md_escape(f.regime or '(not stated)')}",
        "",
        f"  accuracy: {md_escape(f.accuracy or '(not stated)')}",
        "",
        f"  evidence: {md_escape(f.evidence)}",
        "",
    ]


def _claim_md(e: _Entry) -> list[str]:
    c, r = e.claim, e.report
    back = f"[↑ back to the table](#{_a('row', c.id)})"
    md = [
        f"### {_anchor('claim', c.id)}{md_escape(c.id)}: {md_escape(c.title)}",
        "",
        f"{md_escape(c.equation)} · {back}",
        "",
        f"- symbolic: **{r.symbolic.status}** — {md_escape(r.symbolic.detail)}",
        f"- numeric: **{r.numeric.status}** — {md_escape(r.numeric.detail)}",
    ]
    if c.exact_counterpart:
        md.append(
            f"- exact counterpart: {md_escape(c.exact_counterpart)}; tolerance {c.tolerance:g} "
            f"({md_escape(c.tolerance_note)})"
        )
    if c.printed is not None:
        md += ["", "Printed form:", "", f"$${_inline_math(c.printed)[1:-1]}$$"]
    md.append("")
    if e.derivation is not None:
        if e.derivation_home == c.id:
            md += [
                f"#### {_anchor('derivation', c.id)}Derivation · {back}",
                "",
                "##" + e.derivation.to_markdown()
                if e.derivation.to_markdown().startswith("### ")
                else e.derivation.to_markdown(),
                "",
            ]
        else:
            md += [
                f"Derivation: shared with [{md_escape(e.derivation_home)}]"
                f"(#{_a('derivation', e.derivation_home)}).",
                "",
            ]
    if r.findings:
        md += [f"#### {_anchor('findings', c.id)}Findings: where the paper is wrong · {back}", ""]
        for f in r.findings:
            md += _finding_md(f)
    if e.regime is not None:
        paths, text = e.regime
        md += [f"#### {_anchor('regime', c.id)}Regime map · {back}", "", "```", text, "```", ""]
        if paths:
            md += [
                f"![regime map of {c.id}]({paths['png']})",
                "",
                f"data: [NetCDF]({paths['netcdf']}), boundary: [CSV]({paths['csv']})",
                "",
            ]
    if e.scalings:
        md += [f"#### {_anchor('scaling', c.id)}Scaling fit · {back}", ""]
        for key, paths, text in e.scalings:
            md += [f"**{md_escape(key)}**", "", "```", text, "```", ""]
            if paths:
                md += [f"![scaling {key}]({paths['png']})", ""]
    return md


def render_markdown(entries: Sequence[_Entry], figures: Sequence, summary: str, meta: str) -> str:
    """The whole report as Markdown: contents, one section per paper, figures."""
    papers = _papers(entries)
    md = [
        "# qderive report",
        "",
        md_escape(summary).replace("\\`", "`"),
        "",
        f"## {_anchor('section', 'contents')}Contents",
        "",
    ]
    for paper, es in papers.items():
        n = sum(len(e.report.findings) for e in es)
        md.append(
            f"- [{md_escape(paper)}](#{_a('paper', paper)}) — {len(es)} claims, {n} finding(s)"
        )
        md += [
            f"  - [{md_escape(e.claim.id)}](#{_a('claim', e.claim.id)}): {md_escape(e.claim.title)}"
            for e in es
        ]
    md += ["- [Figures](#section-figures)", "- [LaTeX of every derivation](derivations.tex)", ""]
    for paper, es in papers.items():
        md += [f"## {_anchor('paper', paper)}{md_escape(paper)}", "", *_claims_table(es), ""]
        for e in es:
            md += _claim_md(e)
    md += [f"## {_anchor('section', 'figures')}Figures", ""]
    for fig, path, err in figures:
        md += [
            f"### {md_escape(fig.name)} ({md_escape(fig.paper)})",
            "",
            md_escape(fig.caption),
            "",
        ]
        md.append(f"![{fig.name}]({path})" if path else f"*not drawn: {md_escape(err)}*")
        md.append("")
    md += ["---", md_escape(meta)]
    return "\n".join(md) + "\n"


def _mathml(tex: str, options: Mapping[str, Any] | None = None) -> str:
    """LaTeX to MathML at build time (no renderer, no network); LaTeX source kept as alt text."""
    import html

    from latex2mathml.converter import convert

    display = bool((options or {}).get("display_mode"))
    try:
        out = convert(tex, display="block" if display else "inline")
    except Exception:  # an expression latex2mathml cannot read is shown as its source
        return f"<code class='tex'>{html.escape(tex)}</code>"
    return out.replace("<math ", f'<math alttext="{html.escape(tex)}" ', 1)


def markdown_to_html(md: str) -> str:
    """Markdown (CommonMark + tables + dollar maths) to HTML, maths as MathML."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    dollarmath_plugin(parser, double_inline=True, renderer=_mathml)
    return parser.render(md)


def render_html(md: str, title: str = "qderive report") -> str:
    """The standalone HTML page of a Markdown report (template ``verify/templates/report.html.j2``)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("verify", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    return env.get_template("report.html.j2").render(title=title, body=markdown_to_html(md))


def render_latex(entries: Sequence[_Entry], meta: str) -> str:
    """Every claim's derivation as one standalone LaTeX document (compiles with pdflatex)."""
    body = [r"\tableofcontents"]
    for paper, es in _papers(entries).items():
        body.append(rf"\section{{{text_escape(paper)}}}")
        for e in es:
            if e.derivation is None or e.derivation_home != e.claim.id:
                continue
            shared = [x.claim.id for x in es if x.derivation_home == e.claim.id and x is not e]
            also = f" (also {', '.join(shared)})" if shared else ""
            body.append(
                rf"\subsection{{{text_escape(e.claim.id + also)}: {text_escape(e.claim.title)}}}"
            )
            body.append(e.derivation.to_latex(level="subsubsection"))
    body.append(r"\bigskip\noindent\small " + text_escape(meta))
    return latex_document("\n".join(body), "qderive: the derivations")


def render_report(
    out: str | Path,
    claims: Sequence,
    reports: Sequence[ClaimReport],
    *,
    derivations: Mapping[str, Derivation | None],
    figures: Sequence = (),
    regimes: Sequence = (),
    scalings: Sequence = (),
    summary: str = "",
    meta: str = "",
) -> Path:
    """Write ``index.md``, ``index.html`` and ``derivations.tex`` from checked claims.

    Parameters
    ----------
    out
        Output directory.
    claims, reports
        The claims and their :class:`ClaimReport`, in the same order.
    derivations
        Claim id -> its derivation (or None); a derivation shared by several claims is shown once.
    figures
        ``(Figure, path or None, error or None)`` per figure.
    regimes
        ``(claim id, paths or None, summary text)`` per regime map.
    scalings
        ``(claim id, law key, paths or None, fit text)`` per scaling fit.
    summary, meta
        One-paragraph summary at the top, provenance line at the bottom.

    Returns
    -------
    Path
        The path of ``index.md``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    entries = _entries(claims, reports, derivations, regimes, scalings)
    md = render_markdown(entries, figures, summary, meta)
    (out / "index.md").write_text(md, encoding="utf-8")
    (out / "index.html").write_text(render_html(md), encoding="utf-8")
    (out / "derivations.tex").write_text(render_latex(entries, meta), encoding="utf-8")
    return out / "index.md"
