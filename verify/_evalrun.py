"""Evaluating a cached closed form, and refreshing the ``qderive eval`` index from the registry.

:class:`Form` is a closed form read back from the index (:mod:`verify._evalindex`): its evaluator and
its regime's margins rebuilt from their generated numpy source (:mod:`verify._compiled`).  It imports
neither sympy nor the solvers.  :func:`refresh_index` (the slow route, after the registry is loaded)
writes the index and the form of the quantity asked for; the command line then evaluates that form,
so a first (cold) and a later (warm) ``eval`` print the same digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._compiled import load
from ._evalindex import QuantitySpec, index_key, read_form, read_index, write_form, write_index

__all__ = ["Form", "refresh_index"]


class Form:
    """A closed form from the index: call it with the validated parameters; :meth:`regime` warns."""

    def __init__(self, name: str, payload: Mapping[str, Any]) -> None:
        self.name = name
        self.output = payload["output"]
        self.positive = tuple(payload.get("positive") or ())
        self.scale = float(payload.get("scale", 1.0))
        self._closed_rec = payload["closed"]
        self._input_recs = [(i["name"], i["closed"]) for i in payload.get("inputs") or ()]
        self._regime_recs = list(payload.get("regime") or ())
        self._closed = None
        self._inputs: list[tuple[str, Any]] = []

    @classmethod
    def read(cls, key: str, name: str) -> Form | None:
        payload = read_form(key, name)
        if payload is None:
            return None
        try:
            return cls(name, payload)
        except (KeyError, TypeError):
            return None

    def __call__(self, params: Mapping[str, Any]) -> Any:
        if self._closed is None:
            self._inputs = [(n, load(r, f"{self.name} {n}")) for n, r in self._input_recs]
            self._closed = load(self._closed_rec, self.name)
        kw = dict(params)
        for n, f in self._inputs:
            kw[n] = f(**params)
        value = self._closed(**kw)
        value = float(value) if self.output == "float" else np.asarray(value)
        return value if self.scale == 1.0 else self.scale * value

    def regime(self, params: Mapping[str, Any]) -> tuple[bool, list[str]]:
        """``(in_regime, warnings)``, as :func:`verify._registry.regime_violations` words them."""
        out = []
        for r in self._regime_recs:
            f = load(r["margin"], f"{self.name} regime")
            names = f.parameters
            if not set(names) <= set(params):
                continue
            try:
                m = float(np.max(np.abs(f(**{k: params[k] for k in names}))))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                continue
            thr = r["threshold"]
            if not m < thr:
                why = f" ({r['text']})" if r["text"] else ""
                out.append(
                    f"{self.name} outside its regime: {r['label']} violated, margin {m:.3g} "
                    f">= {thr:g}{why}"
                )
        return not out, out


def refresh_index(
    sources: Sequence[str], name: str | None
) -> tuple[list[QuantitySpec], Form | None]:
    """Every quantity's spec (the index, rebuilt if stale) and the compiled form of ``name``, if any.

    Call after the registry is loaded (the project's claims and ``sources``).
    """
    from ._evalforms import build_form, deps_of, spec_of
    from ._registry import quantities, quantity

    key = index_key(sources)
    index = read_index(key)
    qs = list(quantities())
    names = [q.name for q in qs]
    if index is None or list(index) != names:
        built = [spec_of(q) for q in qs]
        specs = [s for s, _ in built]
        if all(ok for _, ok in built):
            write_index(key, specs, deps_of(names))
    else:
        specs = list(index.values())
    if name is None or name not in names:
        return specs, None
    form = Form.read(key, name)
    if form is not None:
        return specs, form
    payload = build_form(quantity(name))
    if payload is None:
        return specs, None
    write_form(key, name, payload, deps_of([name]))
    return specs, Form(name, payload)
