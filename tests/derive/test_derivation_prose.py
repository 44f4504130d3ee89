"""Derivation prose and paper forms: inline maths in licences, ``lhs = rhs`` steps, and the
paper-variable display of a result proved equal to the derived one (and a wrong one caught)."""

from __future__ import annotations

import sympy as sp

from derive import (
    Derivation,
    PaperForm,
    Step,
    prose_latex,
    prose_markdown,
    prose_pieces,
    prose_plain,
)

N, t, W0, eta, U = sp.symbols("N t W_0 eta U", positive=True)
f_Q, tau_Q = sp.symbols("f_Q tau_Q", positive=True)

# sharma Eq. (8) written in the paper's variables, and its expansion typed independently
TAU = (9 / (8 * N * W0**2 * eta**4)) ** sp.Rational(1, 6)
EXPANDED = N**2 / 2 + N / 2 + (N / 2 - N**2 / 2) * sp.exp(-8 * N * W0**2 * eta**4 * t**6 / 9)
FORM = PaperForm(
    sp.Symbol("F_Q"),
    N / 2 * (1 + f_Q) + N**2 / 2 * (1 - f_Q),
    (sp.Eq(f_Q, sp.exp(-((t / tau_Q) ** 6))), sp.Eq(tau_Q, TAU)),
)


def test_inline_maths_is_split_from_words_and_a_literal_dollar_survives():
    text = r"$N \gg 1$: sum over $m$ costs \$5"
    assert prose_pieces(text) == [
        (True, r"N \gg 1"),
        (False, ": sum over "),
        (True, "m"),
        (False, " costs $5"),
    ]
    assert prose_latex(text) == r"$N \gg 1$: sum over $m$ costs \$5"
    assert prose_markdown("$C_m$ real, C_m") == r"$C_m$ real, C\_m"
    assert prose_plain(r"$N \gg 1$ here") == r"N \gg 1 here"


def test_a_step_with_a_left_hand_side_reads_lhs_equals_rhs():
    s = Step("overlap", 4 * sp.I * W0 * t**3, r"$\Delta_c t \ll 1$", lhs=sp.Symbol("I_m"))
    assert s.equation().startswith("I_{m} = ")
    assert s.sides()[0] == "I_{m}"
    assert "I_m = " in str(s)
    bare = Step("overlap", 4 * sp.I * W0 * t**3, "exact")
    assert bare.sides()[0] == ""


def test_the_crossover_in_f_Q_and_tau_Q_expands_to_the_derived_form():
    assert FORM.agrees_with(EXPANDED)
    # the expansion leaves no paper symbol behind
    assert not FORM.expanded().free_symbols & {f_Q, tau_Q}


def test_a_paper_form_off_by_a_factor_in_the_exponent_is_caught():
    wrong = PaperForm(
        FORM.lhs, FORM.expr, (sp.Eq(f_Q, sp.exp(-2 * (t / tau_Q) ** 6)), FORM.where[1])
    )
    assert not wrong.agrees_with(EXPANDED)
    swapped = PaperForm(FORM.lhs, N / 2 * (1 - f_Q) + N**2 / 2 * (1 + f_Q), FORM.where)
    assert not swapped.agrees_with(EXPANDED)


def test_the_rendered_result_shows_the_paper_form_its_definitions_and_the_expansion():
    d = Derivation(
        "crossover $F_Q$",
        (Step("QFI", EXPANDED, r"$N \gg 1$: Gaussian sum", lhs=sp.Symbol("F_Q")),),
        EXPANDED,
        (N, W0, eta, t),
        paper_form=FORM,
    )
    md = d.to_markdown()
    assert r"f_{Q}" in md and "expanded:" in md
    assert md.startswith("### crossover $F_Q$")
    tex = d.to_latex()
    assert r"\tau_{Q}" in tex and r"\begin{gather*}" in tex
    assert r"$N \gg 1$: Gaussian sum" in tex
    assert d.result_latex().startswith("F_{Q} = ")
