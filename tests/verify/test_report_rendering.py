"""The HTML report: typeset maths (MathML, no network), contents, one section per paper, working links.

Built from hand-made records (no checks run): two papers, one of them a user's, a derivation shared
by two claims, findings, a regime map and a scaling fit.  The HTML is read with ``html.parser``.
"""

from __future__ import annotations

from html.parser import HTMLParser

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from derive import Derivation, Step, much_less
from verify import CheckOutcome, Claim, Finding
from verify._report import render_report
from verify._run import ClaimReport

N, t, W = sp.symbols("N t W_0", positive=True)
a = BosonOp("a")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._math = 0
        self.maths = 0

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        if "id" in d:
            self.ids.add(d["id"])
        if tag == "a" and "href" in d:
            self.hrefs.append(d["href"])
        if tag == "math":
            self._math += 1
            self.maths += 1

    def handle_endtag(self, tag):
        if tag == "math":
            self._math -= 1

    def handle_data(self, data):
        if not self._math:
            self.text.append(data)


def _records():
    d = Derivation(
        "shared chain",
        (
            Step(
                "QFI",
                sp.Eq(sp.Symbol("F_Q"), N**2 / 2 - 2 * sp.re(sp.Symbol("I"))),
                "exact: <J_y> = 0",
            ),
            Step("photons", Dagger(a) * a, "Delta_c t << 1"),
            Step("wrong print", N * t, "exact", label="(B40)", printed=2 * N * t),
        ),
        N * t,
        (N, t),
        regime=(much_less(N * W * t, 1),),
    )
    claims = [
        Claim("p.one", "paper2025", "Eq. (1)", "first", printed=N * t, derivation=lambda: d),
        Claim(
            "p.two",
            "paper2025",
            "Eq. (2)",
            "second",
            printed=sp.Eq(sp.Symbol("x"), N),
            derivation=lambda: d,
        ),
        Claim("mine.x", "mylab2026", "Eq. (7)", "a user's claim", printed=sp.sqrt(N)),
    ]
    finding = Finding(
        "p.one",
        "(B40)",
        r"2 N t",
        r"N t",
        "differs by N t <at> N = 10",
        regime="holds for N t << 1 (zebra regime)",
        accuracy="exact to 3 % (brute-force quokka solver)",
    )
    ok = CheckOutcome("pass", "fine")
    reports = [
        ClaimReport("p.one", ok, CheckOutcome("pass", "x", 0.01), (finding,), 0.1),
        ClaimReport("p.two", ok, CheckOutcome("n/a", "none"), (), 0.1),
        ClaimReport("mine.x", ok, CheckOutcome("fail", "bad"), (), 0.1),
    ]
    regimes = [
        (
            "p.one",
            {"png": "regimes/p1.png", "netcdf": "regimes/p1.nc", "csv": "regimes/p1.csv"},
            "holds where N W t < 0.1",
        )
    ]
    scalings = [("p.one", "p.one:F", None, "fit: exponent 2.00 +- 0.01")]
    derivs = {"p.one": d, "p.two": d, "mine.x": None}
    return claims, reports, derivs, regimes, scalings


def _page(tmp_path) -> _Page:
    claims, reports, derivs, regimes, scalings = _records()
    render_report(
        tmp_path,
        claims,
        reports,
        derivations=derivs,
        regimes=regimes,
        scalings=scalings,
        summary="3 claims",
        meta="meta",
    )
    page = _Page()
    page.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    return page


def test_every_internal_link_of_the_report_lands_on_an_anchor(tmp_path):
    page = _page(tmp_path)
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and not [h for h in internal if h not in page.ids]


def test_each_claim_row_links_to_its_derivation_findings_regime_and_scaling_and_back(tmp_path):
    page = _page(tmp_path)
    links = set(page.hrefs)
    for target in (
        "claim-p-one",
        "derivation-p-one",
        "findings-p-one",
        "regime-p-one",
        "scaling-p-one",
        "row-p-one",
    ):
        assert "#" + target in links and target in page.ids
    assert "derivation-p-two" not in page.ids  # the shared derivation is shown once


def test_a_finding_shows_its_regime_and_accuracy(tmp_path):
    text = " ".join(_page(tmp_path).text)
    assert "holds for N t << 1 (zebra regime)" in text
    assert "exact to 3 % (brute-force quokka solver)" in text


def test_one_section_per_paper_including_a_users_in_the_contents(tmp_path):
    page = _page(tmp_path)
    assert {"paper-paper2025", "paper-mylab2026"} <= page.ids
    assert {"#paper-paper2025", "#paper-mylab2026"} <= set(page.hrefs)


def test_mathematics_is_mathml_and_no_latex_source_is_left_in_the_text(tmp_path):
    page = _page(tmp_path)
    assert page.maths >= 10
    text = "".join(page.text)
    assert "$$" not in text and "\\frac" not in text and "\\operatorname" not in text


def test_the_page_loads_nothing_from_the_network(tmp_path):
    page = _page(tmp_path)
    assert not [tag for tag, d in page.tags if tag == "script"]
    assert not [
        d
        for tag, d in page.tags
        if tag in ("link", "img")
        and str(d.get("href", d.get("src", ""))).startswith(("http:", "https:", "//"))
    ]


def test_jupyter_html_of_a_result_and_a_check_outcome_is_well_formed_tables():
    import numpy as np

    from numeric import Convergence, Result
    from verify import CheckRow

    r = Result(
        "demo",
        {"N": 4},
        np.array([0.0, 1.0]),
        {"Jz": np.array([1.0, 0.5])},
        (Convergence("photon cutoff", 10, 1e-9, 1e-8),),
    )
    o = CheckOutcome(
        "pass",
        "max error 1e-3 <ok>",
        1e-3,
        rows=(CheckRow({"N": 10, "t": 0.1}, 1.0, 1.001, 1e-3, True, True),),
    )
    for obj in (r, o):
        page = _Page()
        page.feed(obj._repr_html_())
        assert [tag for tag, _ in page.tags].count("table") >= 1
        assert "<ok>" in "".join(page.text) or obj is r


def test_a_scaling_fit_is_a_labelled_xarray_that_plots():
    import numpy as np

    from verify.sweep import fit_power_law

    N = np.array([10.0, 100.0, 1000.0])
    fit = fit_power_law(N, 2 * N**-0.5, claim_id="p.one", quantity="xi2")
    da = fit.to_xarray()
    assert da.dims == ("N",) and np.allclose(da["N"], N) and abs(da.attrs["exponent"] + 0.5) < 1e-12
    assert callable(da.plot)
