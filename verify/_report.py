"""The report: claims table, findings, derivations and figures as Markdown and HTML."""

from __future__ import annotations

import html
import platform
import sys
import time
from pathlib import Path

from tqdm import tqdm

from ._parallel import run_claims
from ._registry import all_claims as _iter_claims
from ._registry import derivation_of, figures, load_errors
from ._run import ClaimReport, code_version

__all__ = ["write_report"]


def _fmt_err(outcome) -> str:
    """The worst in-regime error of a check; statement checks (rows with their own criteria) say so."""
    if outcome.worst_error is not None:
        return f"{outcome.worst_error:.3g}"
    if outcome.rows:
        passed = sum(r.passed for r in outcome.rows)
        return f"statement: {passed}/{len(outcome.rows)} criteria met"
    return "—"


def _md_table(rows: list[list[str]], header: list[str]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


def _html_table(rows: list[list[str]], header: list[str]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td class='{_cls(c)}'>{html.escape(c)}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def _cls(cell: str) -> str:
    return {"pass": "ok", "fail": "bad", "error": "bad", "finding": "warn"}.get(cell, "")


def write_report(out: str | Path = "report", *, full: bool = False, quick: bool = False,
                 workers: int | None = None) -> Path:
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

    header = ["claim", "paper", "equation", "symbolic", "numeric", "worst error in regime", "tolerance",
              "findings", "what"]
    rows = [[c.id, c.paper, c.equation, r.symbolic.status, r.numeric.status, _fmt_err(r.numeric),
             f"{c.tolerance:g} ({c.tolerance_note})" if c.numeric else "—", str(len(r.findings)), c.title]
            for c, r in zip(all_claims, reports, strict=True)]
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
    summary = (f"{len(reports)} claims: {sum(r.numeric.status == 'pass' for r in reports)} numeric checks "
               f"passed, {n_fail} failing, {sum(r.numeric.status == 'skipped' for r in reports)} skipped "
               f"(slow; `qderive report --full`), {len(findings)} finding(s) against the papers.")
    meta = (f"qderive code version {code_version()}, Python {sys.version.split()[0]}, "
            f"{platform.machine()}, generated in {{elapsed:.0f}} s")

    errors = load_errors()
    if errors:
        summary += " Claim modules that failed to import: " + "; ".join(f"{k} ({v})" for k, v in errors.items())
    md = ["# qderive report", "", summary, "", "## Claims", "", _md_table(rows, header), "",
          "## Findings: where the papers are wrong", ""]
    for f in findings:
        md += [f"### {f.claim_id} — {f.equation}", "", f"- printed: `{f.printed}`",
               f"- corrected: `{f.corrected}`", f"- evidence: {f.evidence}", ""]
    if not findings:
        md.append("No disagreement found.")
    md += ["", "## Figures", ""]
    for fig, path, err in figs:
        md += [f"### {fig.name} ({fig.paper})", "", fig.caption, ""]
        md.append(f"![{fig.name}]({path})" if path else f"*not drawn: {err}*")
        md.append("")
    md += ["## Regime maps: where each closed form holds", ""]
    for cid, paths, text in regimes:
        md += [f"### {cid}", "", text, ""]
        if paths:
            md += [f"![regime {cid}]({paths['png']})", "",
                   f"data: [{paths['netcdf']}]({paths['netcdf']}), boundary: [{paths['csv']}]({paths['csv']})", ""]
    md += ["## Scaling laws: fitted from exact data against the derived asymptotics", ""]
    for cid, paths, text in scalings:
        md += [f"### {cid}", "", "```", text, "```", ""]
        if paths:
            md += [f"![scaling {cid}]({paths['png']})", ""]
    md += ["## Checks in detail", ""]
    for c, r in zip(all_claims, reports, strict=True):
        md += [f"### {c.id}: {c.title}", "", f"- symbolic: **{r.symbolic.status}** — {r.symbolic.detail}",
               f"- numeric: **{r.numeric.status}** — {r.numeric.detail}"]
        if c.exact_counterpart:
            md.append(f"- exact counterpart: {c.exact_counterpart}")
        md.append("")
    md += ["## Derivations", ""]
    derivations = []
    for c in all_claims:
        d = derivation_of(c.id) if c.derivation is not None else None
        if d is not None and all(d is not e for e in derivations):
            derivations.append(d)
    md += [d.to_markdown() + "\n" for d in derivations]
    elapsed = time.perf_counter() - t0
    md += ["---", meta.format(elapsed=elapsed)]
    (out / "index.md").write_text("\n".join(md))

    css = ("body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}"
           "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:3px 6px}"
           ".ok{background:#dfd}.bad{background:#fcc}.warn{background:#ffd}img{max-width:100%}"
           "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}")
    h = [f"<!doctype html><html><head><meta charset='utf-8'><title>qderive report</title>"
         f"<style>{css}</style></head><body><h1>qderive report</h1><p>{html.escape(summary)}</p>",
         "<h2>Claims</h2>", _html_table(rows, header), "<h2>Findings: where the papers are wrong</h2>"]
    for f in findings:
        h.append(f"<h3>{html.escape(f.claim_id)} — {html.escape(f.equation)}</h3><ul>"
                 f"<li>printed: <code>{html.escape(f.printed)}</code></li>"
                 f"<li>corrected: <code>{html.escape(f.corrected)}</code></li>"
                 f"<li>evidence: {html.escape(f.evidence)}</li></ul>")
    h.append("<h2>Figures</h2>")
    for fig, path, err in figs:
        h.append(f"<h3>{html.escape(fig.name)} ({html.escape(fig.paper)})</h3><p>{html.escape(fig.caption)}</p>")
        h.append(f"<img src='{path}' alt='{html.escape(fig.name)}'>" if path else
                 f"<p><em>not drawn: {html.escape(str(err))}</em></p>")
    h.append("<h2>Regime maps: where each closed form holds</h2>")
    for cid, paths, text in regimes:
        h.append(f"<h3>{html.escape(cid)}</h3><pre>{html.escape(text)}</pre>")
        if paths:
            h.append(f"<img src='{paths['png']}' alt='regime map {html.escape(cid)}'>"
                     f"<p>data: <a href='{paths['netcdf']}'>NetCDF</a>, "
                     f"boundary: <a href='{paths['csv']}'>CSV</a></p>")
    h.append("<h2>Scaling laws: fitted from exact data against the derived asymptotics</h2>")
    for cid, paths, text in scalings:
        h.append(f"<h3>{html.escape(cid)}</h3><pre>{html.escape(text)}</pre>")
        if paths:
            h.append(f"<img src='{paths['png']}' alt='scaling {html.escape(cid)}'>")
    h.append("<h2>Checks in detail</h2>")
    for c, r in zip(all_claims, reports, strict=True):
        h.append(f"<h3>{html.escape(c.id)}: {html.escape(c.title)}</h3><ul>"
                 f"<li>symbolic: <b>{r.symbolic.status}</b> — {html.escape(r.symbolic.detail)}</li>"
                 f"<li>numeric: <b>{r.numeric.status}</b> — {html.escape(r.numeric.detail)}</li></ul>")
    h.append("<h2>Derivations</h2><p>Markdown with LaTeX, as in index.md:</p>")
    h += [f"<pre>{html.escape(d.to_markdown())}</pre>" for d in derivations]
    h.append(f"<hr><p>{html.escape(meta.format(elapsed=elapsed))}</p></body></html>")
    (out / "index.html").write_text("\n".join(h))
    return out / "index.md"


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
            rm = regime_map(c.id, grid, store=out / "sweeps" / "cells.sqlite", progress=True,
                            scheduler="serial")
            paths = {k: Path(v).relative_to(out) for k, v in rm.save(out / "regimes").items()}
            maps.append((c.id, paths, rm.summary()))
        except Exception as exc:  # reported in the report, not fatal
            maps.append((c.id, None, f"regime map failed: {type(exc).__name__}: {exc}"))
    return maps


def _scaling_fits(all_claims, out: Path) -> list[tuple[str, dict | None, str]]:
    """One power-law fit per claim that declares a scaling law (its default N range)."""
    from .sweep import scaling_laws, scaling_sweep

    fits = []
    for c in all_claims:
        for law in scaling_laws(c.id):
            try:
                fit, _ = scaling_sweep(law, store=out / "sweeps" / "cells.sqlite", progress=True,
                                       scheduler="serial")
                paths = {k: Path(v).relative_to(out) for k, v in fit.save(out / "scaling").items()}
                fits.append((law.key, paths, str(fit)))
            except Exception as exc:  # reported in the report, not fatal
                fits.append((law.key, None, f"scaling fit failed: {type(exc).__name__}: {exc}"))
    return fits
