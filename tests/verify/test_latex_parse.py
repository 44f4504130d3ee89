"""Every LaTeX string the report, ``show --latex`` and ``findings --latex`` emit is read by a real LaTeX parser.

pylatexenc's LatexWalker must parse each document without errors (strict mode: unbalanced braces,
mismatched environments and unknown argument structure raise), text-mode runs must hold no raw TeX
special characters (an unescaped ``_``, ``^``, ``<``, ``>``, ``&``, ``#`` or ``%`` in running text or in
``\\text{}``), and every maths segment must convert to MathML with latex2mathml.
"""

from __future__ import annotations

import sys

import pytest

pylatexenc = pytest.importorskip("pylatexenc")
from latex2mathml.converter import convert  # noqa: E402
from pylatexenc import latexwalker as lw  # noqa: E402
from pylatexenc.macrospec import MacroSpec, std_environment  # noqa: E402

from derive import latex_document, text_escape  # noqa: E402
from verify import _registry  # noqa: E402
from verify.cli import main  # noqa: E402

LAB = r'''"""A user's claim whose texts carry every character TeX treats specially."""
import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from derive import Derivation, SpinOp, Step, Transition, much_less
from verify import Claim, Finding, register

N, t, W = sp.symbols("N t W_0", positive=True)
I = sp.Symbol("I")
a = BosonOp("a")
tau = sp.Symbol("tau_Q", positive=True)
TAU = (9 / (4 * N * W**2)) ** sp.Rational(1, 6)


def derivation():
    steps = (
        Step("QFI as 4<J_y^2> & 5% of #1 $", sp.Eq(sp.Symbol("F_Q"), N**2 / 2 - 2 * sp.re(I)),
             "exact: J_z conserved; <J_z^2> = N/4 ~ x^2", label="(B35)"),
        Step("photon number | operators", Dagger(a) ** 2 * a + SpinOp("A", "p") * SpinOp("A", "m")
             + Transition("q", "e", "g"), "Delta_c t << 1, W0 m^2 t >> 0 {braces} \\ back — τ_Q ≪ 1"),
        Step("time scale", sp.Eq(tau, TAU), "W0 eta^2 t^2 >> U", label="Eq. (9)", printed=sp.Eq(tau, TAU)),
        Step("a wrong print", N * t, "exact", label="(B40)", printed=2 * N * t),
    )
    return Derivation("QFI chain <with> _under_scores_ & carets^", steps, TAU, (N, W),
                      ("J = 0", "real C_m & 50%"), (much_less(N * W * t, 1, "short times"),))


def findings():
    return (Finding("lab.eq1", "Eq. (1) & (B40)", r"\tau_Q = (9/(4NW_0^2))^{1/6}",
                    r"\tau_Q = \frac{2 \cdot 18^{1/4}}{3N^{3/2}}\ \text{at}\ \bar n = 1",
                    "differs by 2 at N = 10 & 50% <more> x_1^2 #3 $5",
                    numbers={"err_N_10": 0.5, "ratio_x^2": 2.0},
                    regime="N >> 1 & W0 t << 1 (x_1^2 < 5%)",
                    accuracy="0.1% by the exact solver at N = 10^2 #2"),)


register(Claim("lab.eq1", "lab2026", "Eq. (1)", "awkward text: x_1 < y^2 & 5% #",
               printed=TAU, derivation=derivation, findings=findings))
'''

_TEXT_FORBIDDEN = set("_^<>&#%$")
_MATH_ENVS = {"equation", "equation*", "align", "align*", "displaymath", "gather*", "multline*"}


def _context():
    db = lw.get_default_latex_context_db()
    db.add_context_category(
        "qderive",
        prepend=True,
        macros=[
            MacroSpec(m, "{")
            for m in (
                "text",
                "textbf",
                "textit",
                "operatorname",
                "displaylines",
                "ensuremath",
                "tfrac",
                "bar",
                "tilde",
                "overline",
            )
        ]
        + [
            MacroSpec("subsection", "*{"),
            MacroSpec("subsubsection", "*{"),
            MacroSpec("section", "*{"),
            MacroSpec("paragraph", "*{"),
            MacroSpec("usepackage", "[{"),
            MacroSpec("documentclass", "[{"),
            MacroSpec("textless", ""),
            MacroSpec("textgreater", ""),
            MacroSpec("textbar", ""),
        ],
        environments=[std_environment(e, None, is_math_mode=True) for e in _MATH_ENVS],
    )
    return db


_CONTEXT = None


def _nodes(tex: str):
    global _CONTEXT
    _CONTEXT = _CONTEXT or _context()
    w = lw.LatexWalker(tex, latex_context=_CONTEXT, tolerant_parsing=False)
    nodes, _, _ = w.get_latex_nodes()
    return nodes


def _inner(node) -> str:
    return "".join(n.latex_verbatim() for n in (node.nodelist or []))


def _walk(nodes, math: bool, found: dict) -> None:
    """Check text runs for raw specials, collect maths segments."""
    for n in nodes or []:
        if n is None:
            continue
        if n.isNodeType(lw.LatexCommentNode):
            raise AssertionError(f"a raw % starts a comment: {n.latex_verbatim()!r}")
        if n.isNodeType(lw.LatexCharsNode) and not math:
            bad = _TEXT_FORBIDDEN & set(n.chars)
            assert not bad, f"raw {sorted(bad)} in text: {n.chars!r}"
        if n.isNodeType(lw.LatexMathNode):
            found["math"].append(_inner(n))
            _walk(n.nodelist, True, found)
            continue
        if n.isNodeType(lw.LatexEnvironmentNode):
            if n.environmentname in _MATH_ENVS:
                found["math"].append(_inner(n))
                _walk(n.nodelist, True, found)
            else:
                found["envs"].append(n.environmentname)
                _walk(n.nodelist, math, found)
            continue
        if n.isNodeType(lw.LatexMacroNode):
            found["macros"].append(n.macroname)
            args = n.nodeargd.argnlist if n.nodeargd is not None else []
            text_arg = n.macroname in (
                "text",
                "textbf",
                "textit",
                "section",
                "subsection",
                "subsubsection",
                "paragraph",
            )
            for arg in args:
                if arg is not None:
                    _walk([arg], False if text_arg else math, found)
            continue
        if n.isNodeType(lw.LatexGroupNode):
            _walk(n.nodelist, math, found)


def check_document(tex: str) -> dict:
    """Parse a whole document; every maths segment must convert with latex2mathml."""
    found: dict = {"math": [], "envs": [], "macros": []}
    _walk(_nodes(tex), False, found)
    assert "documentclass" in found["macros"] and "document" in found["envs"]
    for m in found["math"]:
        check_math(m)
    return found


def check_math(tex: str) -> None:
    """One maths segment: parsed by pylatexenc in maths mode, converted by latex2mathml."""
    found: dict = {"math": [], "envs": [], "macros": []}
    _walk(_nodes(tex), True, found)
    convert(tex)


@pytest.fixture
def lab(monkeypatch, tmp_path):
    monkeypatch.setenv("QDERIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    f = tmp_path / "lab.py"
    f.write_text(LAB, encoding="utf-8")
    before = set(_registry._ADDED)
    yield str(f)
    for mod in set(_registry._ADDED) - before:
        _registry._remove(_registry._ADDED.pop(mod))
        sys.modules.pop(mod, None)
    for key in [k for k, (m, _) in _registry._LOADED.items() if m not in _registry._ADDED]:
        _registry._LOADED.pop(key)


def test_show_latex_is_a_standalone_document_a_latex_parser_reads(lab, capsys):
    assert main(["--claims", lab, "show", "lab.eq1", "--latex"]) == 0
    found = check_document(capsys.readouterr().out)
    assert len(found["math"]) >= 6  # printed, derived, four steps, the differing print, result


def test_findings_latex_is_a_standalone_document_a_latex_parser_reads(lab, capsys):
    assert main(["--claims", lab, "findings", "--paper", "lab2026", "--latex"]) == 0
    out = capsys.readouterr().out
    found = check_document(out)
    # printed, corrected and the two numbers; the regime and accuracy are in words
    assert len(found["math"]) == 4
    assert r"Regime: N \textgreater{}\textgreater{} 1" in out
    assert "Accuracy: 0.1" in out


def test_the_jupyter_latex_of_derivations_steps_claims_and_findings_parses(lab):
    from verify import claim, derivation_of

    main(["--claims", lab, "claims", "--paper", "lab2026"])
    d = derivation_of("lab.eq1")
    c = claim("lab.eq1")
    f = c.findings()[0]
    for rep in (
        d._repr_latex_(),
        *(s._repr_latex_() for s in d.steps),
        c._repr_latex_(),
        f._repr_latex_(),
    ):
        body = rep[2:-2] if rep.startswith("$$") else rep
        check_math(body)


def test_the_report_emits_parseable_latex_and_markdown_maths(lab, tmp_path):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    from verify import all_claims, derivation_of
    from verify._report import render_report
    from verify._run import run_claim

    main(["--claims", lab, "claims", "--paper", "lab2026"])
    claims = list(all_claims("lab2026"))
    reports = [run_claim(c) for c in claims]
    out = tmp_path / "report"
    render_report(
        out,
        claims,
        reports,
        derivations={c.id: derivation_of(c.id) for c in claims},
        summary="s",
        meta="m_1 & 5%",
    )
    check_document((out / "derivations.tex").read_text(encoding="utf-8"))
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    dollarmath_plugin(parser, double_inline=True)
    maths = []

    def collect(tokens):
        for tok in tokens:
            if tok.type.startswith("math"):
                maths.append(tok.content)
            collect(tok.children or [])

    collect(parser.parse((out / "index.md").read_text(encoding="utf-8")))
    assert len(maths) >= 8
    for m in maths:
        check_math(m)


def test_text_escape_leaves_nothing_for_tex_to_interpret():
    nasty = r"a_b^c <d> & 5% #1 $2 {x} \y ~ |z| — τ ≪ 1"
    found = check_document(latex_document(r"\noindent " + text_escape(nasty), nasty))
    assert found["math"] == []


@pytest.mark.slow
def test_every_registered_derivation_and_finding_parses():
    from verify import all_claims
    from verify._report import _derivation
    from verify.cli import _findings_latex

    seen = []
    for c in all_claims():
        d = _derivation(c)
        if d is not None and all(d is not e for e in seen):
            seen.append(d)
            check_document(latex_document(d.to_latex()))
        if c.findings is not None:
            check_document(latex_document("\n".join(_findings_latex(c.findings()))))
