"""The report: per paper, the claims table, each claim's checks, derivation, findings, regime map and
scaling fit, and the figures; as Markdown (``index.md``), HTML with MathML (``index.html``, no network:
LaTeX is converted at build time by latex2mathml) and LaTeX (``derivations.tex``)."""

from __future__ import annotations

import concurrent.futures as cf
import os
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

from ._parallel import _PASSED_ENV, _context, _init_worker, default_workers, run_claims
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

    figs, regimes, scalings = _artifacts(all_claims, out, full=full, workers=workers)

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


# ------------------------------------------------------------ figures, regime maps, scaling fits
def _figure_task(name: str, out: str) -> tuple[str, str | None, str | None]:
    """Draw one registered figure into ``out/figures``: (name, relative path or None, error or None)."""
    out_p = Path(out)
    fig = next(f for f in figures() if f.name == name)
    path = out_p / "figures" / f"{fig.name}.png"
    try:
        fig.draw(path)
        return name, str(path.relative_to(out_p)), None
    except Exception as exc:  # a figure that cannot be drawn is reported, not fatal
        return name, None, f"{type(exc).__name__}: {exc}"


def _regime_task(cid: str, out: str, full: bool) -> tuple[str, dict | None, str]:
    """One claim's regime map (quick grid unless ``full``), stored in its own resumable cell store."""
    from .sweep import regime_map, regime_spec

    out_p = Path(out)
    spec = regime_spec(cid)
    grid = spec.grid if full else (spec.quick_grid or spec.grid)
    try:
        rm = regime_map(
            cid,
            grid,
            store=out_p / "sweeps" / f"regime-{_slug(cid)}.sqlite",
            progress=False,
            scheduler="serial",
        )
        paths = {k: str(Path(v).relative_to(out_p)) for k, v in rm.save(out_p / "regimes").items()}
        return cid, paths, rm.summary()
    except Exception as exc:  # reported in the report, not fatal
        return cid, None, f"regime map failed: {type(exc).__name__}: {exc}"


def _scaling_task(cid: str, key: str, out: str) -> tuple[str, str, dict | None, str]:
    """One registered scaling law of a claim, fitted over its default N range."""
    from .sweep import scaling_laws, scaling_sweep

    out_p = Path(out)
    law = next(x for x in scaling_laws(cid) if x.key == key)
    try:
        fit, _ = scaling_sweep(
            law,
            store=out_p / "sweeps" / f"scaling-{_slug(key)}.sqlite",
            progress=False,
            scheduler="serial",
        )
        paths = {k: str(Path(v).relative_to(out_p)) for k, v in fit.save(out_p / "scaling").items()}
        return cid, key, paths, str(fit)
    except Exception as exc:  # reported in the report, not fatal
        return cid, key, None, f"scaling fit failed: {type(exc).__name__}: {exc}"


_TASKS = {"figure": _figure_task, "regime": _regime_task, "scaling": _scaling_task}


def _run_tasks(tasks: Sequence[tuple[str, Any, tuple]], workers: int | None) -> dict:
    """Run ``(kind, key, args)`` tasks over ``workers`` fork-server processes; results by (kind, key).

    A task whose worker died comes back as ``(None, reason)``."""
    results: dict[tuple[str, Any], Any] = {}
    bar = tqdm(total=len(tasks), desc="figures, regime maps, scaling fits", unit="task")
    n = min(workers or default_workers(), len(tasks))
    try:
        if n <= 1:
            for kind, key, args in tasks:
                results[kind, key] = _TASKS[kind](*args)
                bar.write(f"done {kind} {key}")
                bar.update(1)
            return results
        pool = cf.ProcessPoolExecutor(
            n,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(max(1, default_workers() // n), {k: os.environ.get(k) for k in _PASSED_ENV}),
        )
        try:
            futs = {pool.submit(_TASKS[kind], *args): (kind, key) for kind, key, args in tasks}
            for fut in cf.as_completed(futs):
                kind, key = futs[fut]
                try:
                    results[kind, key] = fut.result()
                except Exception as exc:  # a worker that died: that artifact is reported failed
                    results[kind, key] = None, f"worker process failed: {type(exc).__name__}: {exc}"
                bar.write(f"done {kind} {key}")
                bar.update(1)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        bar.close()
    return results


def _artifacts(all_claims, out: Path, *, full: bool, workers: int | None):
    """Figures, regime maps and scaling fits, computed in parallel over the cores.

    Each is an independent task; they run in the same kind of pool as the claim checks (workers
    started by a fork server with the registry loaded, never a bare fork of this process, which has
    run OpenMP kernels by now), one kernel thread per worker, and are printed as they finish.  A
    regime map or scaling fit keeps its cells in its own store under ``out/sweeps``: an interrupted
    report resumes them cell by cell.

    Returns
    -------
    (figures, regimes, scalings)
        ``(Figure, path or None, error or None)``, ``(claim id, paths or None, text)`` and
        ``(claim id, law key, paths or None, text)``, in registry order.
    """
    from .sweep import regime_spec, scaling_laws

    figs = [f for f in figures() if full or not f.slow]
    tasks: list[tuple[str, Any, tuple]] = [("figure", f.name, (f.name, str(out))) for f in figs]
    for c in all_claims:
        if regime_spec(c.id) is not None and c.closed is not None and c.exact is not None:
            tasks.append(("regime", c.id, (c.id, str(out), full)))
    for c in all_claims:
        for law in scaling_laws(c.id):
            tasks.append(("scaling", law.key, (c.id, law.key, str(out))))
    results = _run_tasks(tasks, workers)

    def _paths(d):
        return None if d is None else {k: Path(v) for k, v in d.items()}

    fig_out = []
    for f in figs:
        r = results[("figure", f.name)]
        if len(r) == 2:  # the worker died
            fig_out.append((f, None, r[1]))
        else:
            fig_out.append((f, None if r[1] is None else Path(r[1]), r[2]))
    reg_out, sc_out = [], []
    for kind, key, args in tasks:
        r = results[kind, key]
        if kind == "regime":
            reg_out.append((key, None, r[1]) if len(r) == 2 else (r[0], _paths(r[1]), r[2]))
        elif kind == "scaling":
            sc_out.append(
                (args[0], key, None, r[1]) if len(r) == 2 else (r[0], r[1], _paths(r[2]), r[3])
            )
    return fig_out, reg_out, sc_out


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
    if e.derivation is not None and e.derivation.paper_form is not None:
        pf = e.derivation.paper_form
        defs = "".join(f", ${d}$" for d in pf.where_latex())
        return f"${pf.latex()}${defs}"
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


_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")


def _detail(outcome) -> str:
    """A check's detail as Markdown: its ``detail_tex`` with the ``$...$`` segments kept as maths and
    the text between them made literal, or the plain ``detail`` made literal."""
    tex = getattr(outcome, "detail_tex", "")
    if not tex:
        return md_escape(outcome.detail)
    out, pos = [], 0
    for m in _MATH.finditer(tex):
        out.append(md_escape(tex[pos : m.start()].replace(r"\$", "$")))
        out.append(f"${m.group(1)}$")
        pos = m.end()
    out.append(md_escape(tex[pos:].replace(r"\$", "$")))
    return "".join(out)


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
        f"- symbolic: **{r.symbolic.status}** — {_detail(r.symbolic)}",
        f"- numeric: **{r.numeric.status}** — {_detail(r.numeric)}",
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
