"""Every registered derivation reads like the paper: ``lhs = rhs`` steps, licences in words with
typeset maths, and results in the paper's variables that expand back to the derived result.

Static checks over the three papers' derivations (the engine is tested in
``tests/derive/test_derivation_prose.py``):

* every step is an equation: an ``Eq`` or a step with ``lhs``;
* the words of every name, licence and assumption hold no ASCII maths (``**``, ``^``, ``C_m``,
  ``<<``, ``->``, ``sqrt(``): the maths is between dollars, and each maths piece is read by
  pylatexenc (strict) and converted by latex2mathml (the report's converter);
* every :class:`derive.PaperForm` expands to the derived result (symbolically, else at generic
  points), so the display is never a second, unchecked transcription.
"""

from __future__ import annotations

import re

import pytest
import sympy as sp
from latex2mathml.converter import convert
from pylatexenc import latexwalker as lw

from derive import prose_pieces
from verify import _registry

# ASCII maths in running words: powers, subscripts glued to a letter, comparison digraphs,
# arrows and function calls that belong between dollars
_ASCII_MATHS = re.compile(
    r"\*\*|\^|(?<=[A-Za-z0-9}])_(?=[A-Za-z0-9{])|<<|>>|<=|>=|!=|->|<-|\bsqrt\(|\bexp\(|\blog\("
)


def _derivations():
    seen: dict[str, tuple[str, object]] = {}
    for c in _registry.all_claims():
        if c.id.startswith("lab.") or c.derivation is None:
            continue
        d = _registry.derivation_of(c.id)
        if d is not None and d.name not in seen:
            seen[d.name] = (c.id, d)
    return sorted(seen.values(), key=lambda x: x[0])


_ALL = _derivations()
_IDS = [cid for cid, _ in _ALL]


def _texts(d):
    yield "derivation name", d.name
    for a in d.assumptions:
        yield "assumption", a
    for i, s in enumerate(d.steps, 1):
        yield f"step {i} name", s.name
        yield f"step {i} licence", s.licence


@pytest.mark.parametrize(("cid", "d"), _ALL, ids=_IDS)
def test_every_step_of_the_derivation_is_an_equation(cid, d):
    bare = [s.name for s in d.steps if not isinstance(s.expr, sp.Equality) and s.lhs is None]
    assert not bare, f"{cid}: steps without a left-hand side: {bare}"


@pytest.mark.parametrize(("cid", "d"), _ALL, ids=_IDS)
def test_annotations_are_words_with_typeset_maths(cid, d):
    for where, text in _texts(d):
        for is_math, piece in prose_pieces(text):
            if is_math:
                w = lw.LatexWalker(f"${piece}$", tolerant_parsing=False)
                w.get_latex_nodes()
                convert(piece)
            else:
                m = _ASCII_MATHS.search(piece)
                assert m is None, f"{cid} {where}: ASCII maths {m.group(0)!r} in words: {text!r}"


@pytest.mark.parametrize(
    ("cid", "d"),
    [x for x in _ALL if x[1].paper_form is not None],
    ids=[c for c, d in _ALL if d.paper_form is not None],
)
def test_the_paper_form_expands_to_the_derived_result(cid, d):
    assert d.paper_form.agrees_with(d.result), (
        f"{cid}: {d.paper_form} does not expand to the result"
    )
