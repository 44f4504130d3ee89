"""The claims table typesets each claim's closed form (MathML) and fits a laptop screen.

Hand-made records: one claim with a derivation, one with only a printed form, one with neither. The
table is read back with ``html.parser``; nothing is checked by string containment on the maths.
"""

from __future__ import annotations

from html.parser import HTMLParser

import sympy as sp

from derive import Derivation, Step
from verify import CheckOutcome, Claim
from verify._report import render_report
from verify._run import ClaimReport

N, t = sp.symbols("N t", positive=True)


class _Rows(HTMLParser):
    """Cells of the first table: per row, per cell, (number of <math> elements, text outside maths)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[list]] = []
        self._table = 0
        self._done = False
        self._math = 0

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        if tag == "table":
            self._table += 1
        elif self._table and tag == "tr":
            self.rows.append([])
        elif self._table and tag in ("td", "th"):
            self.rows[-1].append([0, ""])
        elif self._table and tag == "math":
            self._math += 1
            self.rows[-1][-1][0] += 1

    def handle_endtag(self, tag):
        if tag == "table" and self._table:
            self._table -= 1
            self._done = True
        elif tag == "math":
            self._math -= 1

    def handle_data(self, data):
        if self._table and not self._done and self.rows and self.rows[-1] and not self._math:
            self.rows[-1][-1][1] += data


def _table(tmp_path):
    d = Derivation("chain", (Step("one", N * t, "exact"),), sp.sqrt(N) * t, (N, t))
    claims = [
        Claim("q.derived", "paper2030", "Eq. (1)", "derived", printed=2 * N, derivation=lambda: d),
        Claim("q.printed", "paper2030", "Eq. (2)", "printed only", printed=N**2),
        Claim("q.none", "paper2030", "Fig. 1", "statement"),
    ]
    ok = CheckOutcome("pass", "fine")
    reports = [ClaimReport(c.id, ok, CheckOutcome("n/a", "none"), (), 0.0) for c in claims]
    render_report(tmp_path, claims, reports, derivations={"q.derived": d}, summary="s", meta="m")
    page = _Rows()
    page.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    header, *body = page.rows
    col = [h[1].strip() for h in header].index("closed form (derived)")
    ids = [c.id for c in claims]
    by_id = {next(i for i in ids if row[0][1].strip().startswith(i)): row for row in body}
    return header, by_id, col


def test_claims_table_typesets_the_derived_closed_form_not_ascii(tmp_path):
    header, rows, col = _table(tmp_path)
    assert rows["q.derived"][col][0] == 1 and rows["q.printed"][col][0] == 1
    assert rows["q.none"][col][0] == 0 and rows["q.none"][col][1].strip() == "—"
    # the derived result (sqrt(N) t) is shown, not the printed 2N: its MathML holds a square root
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    row_html = html[html.index('id="row-q-derived"') : html.index('id="row-q-printed"')]
    assert "<msqrt>" in row_html


def test_claims_table_has_seven_columns_to_fit_a_laptop(tmp_path):
    header, rows, _ = _table(tmp_path)
    assert len(header) == 7 and all(len(r) == 7 for r in rows.values())


def test_symbolic_finding_detail_is_typeset_and_survives_the_check_cache(tmp_path):
    from verify._checks import symbolic_check

    d = Derivation("chain", (Step("one", N * t, "exact"),), sp.sqrt(N) / t, (N, t))
    out = symbolic_check(d, sp.sqrt(N) / (2 * t))  # printed off by 2: a finding
    assert out.status == "finding" and r"\frac" in out.detail_tex and "$" not in out.detail
    assert CheckOutcome.from_json(out.as_json()) == out  # the cache keeps the typeset form
    c = Claim("q.sym", "paper2030", "Eq. (3)", "off by two", derivation=lambda: d)
    rep = ClaimReport(c.id, out, CheckOutcome("n/a", "none"), (), 0.0)
    render_report(tmp_path, [c], [rep], derivations={c.id: d}, summary="s", meta="m")
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="claim-q-sym"') :]
    line = section[section.index("symbolic:") : section.index("numeric:")]
    assert "<math" in line and "<mfrac>" in line and "sqrt(N)" not in line
