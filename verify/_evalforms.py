"""Building the ``qderive eval`` index from the loaded registry (the slow route; imports sympy).

:func:`spec_of` turns a :class:`verify.Quantity` into the plain :class:`~verify._evalindex.QuantitySpec`
the command line validates against.  :func:`build_form` finds the compiled evaluator behind a closed
form and captures it, with the compiled margins of its claim's regime, as a portable record
(:mod:`verify._compiled`).  A closed form is capturable when its function is

* a :func:`derive.compile_expr` evaluator itself (``closed=compile_expr(...)``);
* the closed form of a :func:`verify.closed_form_claim` (the derivation's result compiled); or
* declared with :func:`declare_compiled` — ``declare_compiled("sharma.tau_Q", factory,
  output="float", positive=("W0", "eta"))``, ``factory()`` returning the ``compile_expr`` evaluator
  whose value the quantity is — by the module that registers it.

Any other closed form (one that runs a solver, or emits its own warnings) is evaluated by its
function on every call, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cache import _file_digest
from ._evalindex import ParamSpec, QuantitySpec, RangeDecl

__all__ = ["CompiledDeclaration", "build_form", "declare_compiled", "deps_of", "spec_of"]

_PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class CompiledDeclaration:
    """The compiled evaluator whose value an ``eval`` quantity is (see :func:`declare_compiled`)."""

    name: str
    factory: Callable[[], Callable[..., Any]]
    output: str = "array"
    positive: tuple[str, ...] = ()
    scale: float = 1.0
    inputs: tuple[tuple[str, Callable[[], Callable[..., Any]]], ...] = ()


def _declarations() -> dict[str, CompiledDeclaration]:
    from ._registry import _DECLARED

    return _DECLARED


def declare_compiled(
    name: str,
    factory: Callable[[], Callable[..., Any]],
    *,
    output: str = "array",
    positive: Sequence[str] = (),
    scale: float = 1.0,
    inputs: Mapping[str, Callable[[], Callable[..., Any]]] | None = None,
) -> CompiledDeclaration:
    """Declare that quantity ``name`` is the value of the evaluator ``factory()`` returns.

    Parameters
    ----------
    name
        The quantity (or claim id) evaluated by ``qderive eval``.
    factory
        Zero-argument callable returning a :func:`derive.compile_expr` evaluator of the quantity's
        parameters (extra parameters are ignored); called once, when the index entry is built.
    output
        ``"array"`` (``numpy.asarray`` of the value) or ``"float"`` (a Python float).
    positive
        Parameters the quantity's own function refuses unless ``> 0``: at such inputs ``eval``
        calls the function, which gives its own error.
    scale
        A number the value is multiplied by (after the ``float`` conversion).
    inputs
        Intermediate values by name, each ``factory()`` a ``compile_expr`` evaluator of the
        parameters, computed first and passed to the main evaluator under that name.

    Notes
    -----
    The declaration asserts that the function's value equals the evaluator's (to rounding) and
    that the function emits no warning of its own; ``tests/verify/test_eval_fast.py`` checks the
    value at every declared quantity's reference point.
    """
    if output not in ("array", "float"):
        raise ValueError(f"output must be 'array' or 'float', got {output!r}")
    d = CompiledDeclaration(
        name, factory, output, tuple(positive), float(scale), tuple((inputs or {}).items())
    )
    _declarations()[name] = d
    return d


def _plain(v: Any) -> tuple[bool, Any]:
    """(JSON round-trips unchanged, value)."""
    if v is None or isinstance(v, (bool, str)):
        return True, v
    if isinstance(v, (int, float)) and type(v) in (int, float):
        return True, v
    return False, str(v)


def spec_of(q: Any) -> tuple[QuantitySpec, bool]:
    """The plain spec of quantity ``q``, and whether the spec reproduces it exactly (defaults plain)."""
    from ._models import model_parameter
    from ._registry import _CLAIMS

    exact = True
    params = []
    for p in q.params:
        decl = model_parameter(q.name, p.name)
        ok, default = (True, None) if p.required else _plain(p.default)
        exact &= ok
        params.append(
            ParamSpec(
                p.name,
                p.kind,
                p.domain,
                p.required,
                default,
                tuple(p.choices),
                p.doc,
                p.unit or ("none (a choice)" if p.kind == "choice" else ""),
                None if decl is None else RangeDecl.of(decl),
            )
        )
    claim = q.name in _CLAIMS
    func = None if claim else _func_ref(q.func)
    return QuantitySpec(q.name, q.kind, q.doc, tuple(params), claim, func), exact


def _func_ref(f: Any) -> str | None:
    """``module:qualname`` of a module-level function of an importable module (not a user's file)."""
    import sys

    from ._registry import USER_PACKAGE

    mod, qual = getattr(f, "__module__", None), getattr(f, "__qualname__", "")
    if not mod or not qual or "<" in qual or mod.startswith(USER_PACKAGE) or mod == "__main__":
        return None
    obj = sys.modules.get(mod)
    for part in qual.split("."):
        obj = getattr(obj, part, None)
    return f"{mod}:{qual}" if obj is f else None


def _evaluator_of(q: Any) -> CompiledDeclaration | None:
    decl = _declarations().get(q.name)
    if decl is not None:
        return decl
    f = q.func
    form = getattr(f, "__qderive_form__", None)
    if form is not None:
        factory, output = form
        return CompiledDeclaration(q.name, factory, output)
    if hasattr(f, "parameters") and getattr(f, "__name__", "").startswith("compiled_"):
        return CompiledDeclaration(q.name, lambda: f, "array")
    return None


def _regime_records(name: str) -> list[dict[str, Any]] | None:
    """The claim's regime conditions with their margins compiled and captured (None: not capturable)."""
    import sympy as sp

    from derive import compile_expr

    from ._compiled import capture
    from ._registry import _CLAIMS, claim_regime

    if name not in _CLAIMS:
        return []
    out = []
    for cond in claim_regime(name):
        m = sp.Abs(cond.margin)
        syms = tuple(sorted(m.free_symbols, key=lambda s: s.name))
        rec = capture(compile_expr(m, syms))
        if rec is None:
            return None
        out.append(
            {
                "margin": rec,
                "label": str(cond),
                "text": cond.text or "",
                "threshold": float(cond.threshold),
            }
        )
    return out


def build_form(q: Any) -> dict[str, Any] | None:
    """The portable form of closed-form quantity ``q`` (evaluator, output, guards, regime), or None."""
    from ._compiled import capture

    if q.kind != "closed form":
        return None
    decl = _evaluator_of(q)
    if decl is None:
        return None
    names = {p.name for p in q.params}
    inputs = []
    for n, factory in decl.inputs:
        r = capture(factory())
        if r is None or not set(r["args"]) <= names:
            return None
        inputs.append({"name": n, "closed": r})
    rec = capture(decl.factory())
    if rec is None:
        return None
    if not set(rec["args"]) <= names | {i["name"] for i in inputs}:
        return None  # the evaluator needs an input the quantity does not take
    regime = _regime_records(q.name)
    if regime is None:
        return None
    return {
        "closed": rec,
        "output": decl.output,
        "positive": list(decl.positive),
        "scale": decl.scale,
        "inputs": inputs,
        "regime": regime,
    }


def deps_of(names: Iterable[str]) -> dict[str, str]:
    """Digests of the files that define these quantities (and the user's claims files).

    The project's ``derive/``, ``numeric/`` and ``verify/`` are left out: :func:`verify._cache.code_version`
    covers them.
    """
    import sys

    from ._registry import _LOADED, _QUANTITIES, sources_of

    files: set[str] = {k for k in _LOADED}
    for n in names:
        files.update(sources_of("claim", n))
        files.update(sources_of("quantity", n))
        q = _QUANTITIES.get(n)
        mod = sys.modules.get(getattr(getattr(q, "func", None), "__module__", None) or "")
        f = getattr(mod, "__file__", None)
        if f:
            files.add(os.path.abspath(f))
    decl = _declarations()
    for n in names:
        d = decl.get(n)
        mod = sys.modules.get(getattr(d.factory, "__module__", None) or "") if d else None
        if getattr(mod, "__file__", None):
            files.add(os.path.abspath(mod.__file__))
    out = {}
    for f in sorted(files):
        try:
            r = Path(f).resolve()
            inside = any(
                r.is_relative_to(_PROJECT / pkg) for pkg in ("derive", "numeric", "verify")
            )
        except OSError:
            inside = False
        if not inside:
            out[f] = _file_digest(f)
    return out
