"""LaTeX in the notation of the papers: ``Re``/``Im``, daggers, collective spin and transition operators.

:func:`latex` prints a stored sympy expression as it stands (nothing is simplified,
expanded or factored here: a derivation's step keeps the shape it was derived in) with
the conventions of a physics paper rather than sympy's defaults:

* ``re(I)`` -> ``\\operatorname{Re} I``, ``im(x)`` -> ``\\operatorname{Im} x``;
* boson operators of :mod:`sympy.physics.quantum` as ``a``, ``a^\\dagger`` (Greek names
  as Greek letters, ``a_eA`` -> ``a_{eA}``), ``Dagger(X)`` -> ``X^\\dagger``;
* the operators of :class:`derive.Model`: ``SpinOp`` -> ``S^{+}_{A}``, ``Transition``
  ``|i><j|`` -> ``\\sigma_{ij}``;
* symbols whose names carry ``dagger`` -> ``^\\dagger``.

Every operator is printed as one brace group, so a power ``{a^\\dagger}^{2}`` is never a
double superscript.  :func:`text_escape` makes a plain-language annotation safe inside
``\\text{...}``.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

__all__ = [
    "PhysicsLatexPrinter",
    "latex",
    "latex_document",
    "prose_latex",
    "prose_pieces",
    "prose_plain",
    "text_escape",
]


class PhysicsLatexPrinter(LatexPrinter):
    """A :class:`sympy.printing.latex.LatexPrinter` that writes physics notation.

    Examples
    --------
    >>> I = sp.Symbol("I")
    >>> latex(sp.re(I))
    '\\\\operatorname{Re} I'
    >>> from sympy.physics.quantum import Dagger
    >>> from sympy.physics.quantum.boson import BosonOp
    >>> latex(Dagger(BosonOp("a")) ** 2 * BosonOp("a"))
    '{a^{\\\\dagger}}^{2} {a}'
    """

    _OWN = ("re", "im", "BosonOp", "FermionOp", "Dagger", "SpinOp", "Transition")

    def _print(self, expr, **kwargs) -> str:
        # objects such as sympy.physics.quantum operators print themselves through ``_latex``,
        # which sympy consults before the printer's own methods: intercept the ones written here
        for cls in type(expr).__mro__:
            if cls.__name__ in self._OWN:
                return getattr(self, "_print_" + cls.__name__)(expr, **kwargs)
        return super()._print(expr, **kwargs)

    def _re_im(self, name: str, expr: sp.Basic, exp: str | None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        if not (arg.is_Symbol or arg.is_Function or arg.is_Number):
            inner = rf"\left({inner}\right)"
        tex = rf"\operatorname{{{name}}} {inner}"
        return self._do_exponent(tex, exp) if exp is not None else tex

    def _print_re(self, expr, exp=None):
        return self._re_im("Re", expr, exp)

    def _print_im(self, expr, exp=None):
        return self._re_im("Im", expr, exp)

    def _op_name(self, name: str) -> str:
        return self._print(sp.Symbol(str(name)))

    def _print_BosonOp(self, expr, exp=None):
        name = self._op_name(expr.name)
        tex = name if expr.is_annihilation else rf"{name}^{{\dagger}}"
        return "{" + tex + "}"

    _print_FermionOp = _print_BosonOp

    def _print_Dagger(self, expr, exp=None):
        arg = self.parenthesize(expr.args[0], PRECEDENCE["Pow"])
        return "{" + rf"{arg}^{{\dagger}}" + "}"

    def _print_SpinOp(self, expr, exp=None):
        ens = self._op_name(expr.ensemble)
        return "{" + rf"S^{{{expr.component}}}_{{{ens}}}" + "}"

    def _print_Transition(self, expr, exp=None):
        i, j = expr.levels
        sys_ = self._op_name(expr.system)
        return "{" + rf"\sigma_{{{i}{j}}}^{{({sys_})}}" + "}"

    def _print_Symbol(self, expr, style="plain"):
        name = expr.name
        if "dagger" in name and "\\dagger" not in name:
            base, _, rest = name.partition("dagger")
            base = base.rstrip("^_")
            head = self._print(sp.Symbol(base)) if base else ""
            tail = self._print(sp.Symbol(rest.lstrip("^_"))) if rest.strip("^_") else ""
            return "{" + rf"{head}^{{\dagger}}" + "}" + (f" {tail}" if tail else "")
        return super()._print_Symbol(expr, style=style)


def latex(expr: object, **settings) -> str:
    """LaTeX of ``expr`` in physics notation, printed exactly as stored.

    Parameters
    ----------
    expr
        A sympy expression, ``Eq``, matrix, or anything :func:`sympy.sympify` accepts.
    **settings
        Settings of :class:`sympy.printing.latex.LatexPrinter` (e.g. ``mode``).

    Returns
    -------
    str
        The LaTeX string (math mode content unless ``mode`` says otherwise).

    Examples
    --------
    >>> latex(sp.Eq(sp.Symbol("F_Q"), sp.Symbol("N") ** 2 / 2 - 2 * sp.re(sp.Symbol("I"))))
    'F_{Q} = \\\\frac{N^{2}}{2} - 2 \\\\operatorname{Re} I'
    """
    return PhysicsLatexPrinter(settings).doprint(expr)


_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "^": r"\^{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_TEXT_RE = re.compile(r"[\\{}_^&%#$~<>|]|[^\x00-\x7f]")
_UNICODE = {
    "—": "---",
    "–": "--",
    "−": "-",
    "…": r"\ldots{}",
    "’": "'",
    "‘": "`",
    "“": "``",
    "”": "''",
    "±": r"\ensuremath{\pm}",
    "∓": r"\ensuremath{\mp}",
    "×": r"\ensuremath{\times}",
    "⊗": r"\ensuremath{\otimes}",
    "∝": r"\ensuremath{\propto}",
    "≪": r"\ensuremath{\ll}",
    "≫": r"\ensuremath{\gg}",
    "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}",
    "≈": r"\ensuremath{\approx}",
    "≃": r"\ensuremath{\simeq}",
    "∼": r"\ensuremath{\sim}",
    "→": r"\ensuremath{\to}",
    "⟨": r"\ensuremath{\langle}",
    "⟩": r"\ensuremath{\rangle}",
    "∞": r"\ensuremath{\infty}",
    "√": r"\ensuremath{\surd}",
    "†": r"\ensuremath{^\dagger}",
    "·": r"\ensuremath{\cdot}",
    "ø": r"\o{}",
    "è": r"\`e",
    "é": r"\'e",
    "ü": r"\"u",
    "ö": r"\"o",
}
_GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "final_sigma sigma tau upsilon phi chi psi omega"
).split()


def _unicode_to_tex(ch: str) -> str:
    if ch in _UNICODE:
        return _UNICODE[ch]
    import unicodedata

    name = unicodedata.name(ch, "")
    if name.startswith("GREEK ") and "LETTER" in name:
        word = name.split("LETTER ")[-1].lower().replace(" ", "_").replace("lamda", "lambda")
        if word in _GREEK and word not in ("omicron", "final_sigma"):
            cmd = word if "SMALL" in name else word.capitalize()
            if "CAPITAL" in name and cmd in (
                "Alpha",
                "Beta",
                "Epsilon",
                "Zeta",
                "Eta",
                "Iota",
                "Kappa",
                "Mu",
                "Nu",
                "Rho",
                "Tau",
                "Chi",
            ):
                return cmd[0]
            return rf"\ensuremath{{\{cmd}}}"
    base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return text_escape(base) if base else "?"


def text_escape(text: str) -> str:
    r"""Escape plain text for ``\text{...}`` (or running text) in LaTeX.

    Every character with a meaning to TeX (``\ { } _ ^ & % # $ ~``) and the ones that
    print wrongly in text fonts (``< > |``) becomes its text command; non-ASCII characters
    (Greek letters, dashes, ``≪``) become commands pdflatex knows.

    Examples
    --------
    >>> text_escape("Delta_A >> eps & 5% of N^2")
    'Delta\\_A \\textgreater{}\\textgreater{} eps \\& 5\\% of N\\^{}2'
    """
    return _TEXT_RE.sub(
        lambda m: _TEXT_ESCAPES.get(m.group(0)) or _unicode_to_tex(m.group(0)), str(text)
    )


_MATH_RE = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")


def prose_pieces(text: str) -> list[tuple[bool, str]]:
    r"""Split prose with inline maths into ``(is_math, piece)`` pairs.

    An annotation (a step's licence, an assumption) is written in words with the mathematics
    between single dollars, as in a paper: ``"$\Delta_c t \ll 1$: series to $O(t^3)$"``.
    ``\$`` is a literal dollar.  Text outside the dollars is plain text (escaped wherever it is
    rendered); text inside is LaTeX maths, kept as written.

    Examples
    --------
    >>> prose_pieces(r"$N \gg 1$: sum to integral")
    [(True, 'N \\gg 1'), (False, ': sum to integral')]
    """
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _MATH_RE.finditer(str(text)):
        if m.start() > pos:
            out.append((False, text[pos : m.start()].replace(r"\$", "$")))
        out.append((True, m.group(1).strip()))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:].replace(r"\$", "$")))
    return out


def prose_latex(text: str) -> str:
    r"""Prose with inline ``$...$`` maths as text-mode LaTeX: words escaped, maths kept.

    Safe in running text and inside ``\text{...}`` / ``\textit{...}`` (amsmath allows
    ``$...$`` there).

    Examples
    --------
    >>> prose_latex(r"$N \gg 1$: C_m even")
    '$N \\gg 1$: C\\_m even'
    """
    return prose_join(text, text_escape)


def prose_join(text: str, escape) -> str:
    """Prose with inline maths rendered piecewise: ``escape`` on the words, the maths kept as ``$...$``."""
    return "".join(
        f"${piece}$" if is_math else escape(piece) for is_math, piece in prose_pieces(text)
    )


def prose_plain(text: str) -> str:
    """Prose with inline maths as plain text for a terminal: the dollars dropped, maths as written."""
    return "".join(piece for _, piece in prose_pieces(text))


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\allowdisplaybreaks
\emergencystretch=3em
"""


def latex_document(body: str, title: str = "") -> str:
    r"""A standalone ``article`` around a LaTeX body (amsmath, amssymb): compiles with pdflatex.

    Parameters
    ----------
    body
        Text-mode LaTeX (e.g. :meth:`derive.Derivation.to_latex`); plain text in it
        must already be escaped (:func:`text_escape`).
    title
        Plain-text title (escaped here), or empty for none.

    Returns
    -------
    str
        The whole document, ``\documentclass`` to ``\end{document}``.
    """
    head = f"\\begin{{center}}\\Large {text_escape(title)}\\end{{center}}\n" if title else ""
    return f"{_PREAMBLE}\\begin{{document}}\n{head}{body}\n\\end{{document}}\n"
