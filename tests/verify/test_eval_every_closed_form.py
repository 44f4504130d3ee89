"""Every claim's closed form is an ``eval`` quantity under the claim's id, and warns outside its regime.

The test iterates the registry: no claim is named here.  A point outside the regime is found by
scaling the parameters of one regime condition by powers of ten from the claim's reference point
until the condition's own margin reaches its threshold (the registry's evaluation); ``qderive eval
--json`` must then say ``in_regime: false`` and name that condition.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from verify import all_claims, quantity
from verify._registry import claim_regime, regime_violations
from verify.cli import main

CLOSED = [c for c in all_claims() if c.closed is not None and c.parameters]
_FACTORS = (10.0, 100.0, 1e3, 1e4, 1e5, 0.1, 0.01, 1e-3, 1e-4)


def _start(c, q) -> dict:
    p = {}
    for par in q.params:
        if par.name == "form":  # an exact quantity under the claim's id: its closed form
            continue
        v = c.defaults.get(par.name, 1 if par.kind == "int" else 1.0)
        if par.kind == "time":
            v = np.atleast_1d(np.asarray(v, float))
            v = v[v > 0][-1:] if np.any(v > 0) else np.array([1.0])
        elif par.kind == "int" or par.domain == "positive even":
            v = max(2, int(v) // 2 * 2) if par.domain == "positive even" else int(v)
        p[par.name] = v
    return p


def _scaled(p: dict, name: str, f: float, kind: str) -> dict:
    q = dict(p)
    if kind == "int":
        q[name] = max(2, int(round(p[name] * f)) // 2 * 2)
    else:
        q[name] = p[name] * f
    return q


def _outside(c, q) -> dict | None:
    p = _start(c, q)
    if regime_violations(c.id, p)[1]:
        return p
    kinds = {par.name: par.kind for par in q.params}
    for cond in claim_regime(c.id):
        for s in sorted(cond.margin.free_symbols, key=lambda s: s.name):
            if s.name not in p:
                continue
            for f in _FACTORS:
                trial = _scaled(p, s.name, f, kinds[s.name])
                if regime_violations(c.id, trial)[1]:
                    return trial
    return None


def _arg(v) -> str:
    if isinstance(v, np.ndarray):
        return ",".join(repr(float(x)) for x in v)
    return repr(v)


@pytest.mark.parametrize("c", CLOSED, ids=[c.id for c in CLOSED])
def test_closed_form_is_evaluable_under_its_claim_id_and_warns_outside_its_regime(c, capsys):
    q = quantity(c.id)
    names = {par.name for par in q.params}
    assert q.kind == "closed form" or "form" in names
    regime = claim_regime(c.id)
    if not regime:  # an exact identity (no approximation): never outside a regime
        main(["eval", c.id, *(f"{k}={_arg(v)}" for k, v in _start(c, q).items()), "--json"])
        assert json.loads(capsys.readouterr().out)["in_regime"] is True
        return
    evaluable = [
        cond
        for cond in regime
        if {s.name for s in cond.margin.free_symbols} <= {par.name for par in q.params}
    ]
    assert evaluable, (
        f"{c.id}: no regime condition is expressed in the parameters of its eval quantity"
    )
    point = _outside(c, q)
    assert point is not None, f"{c.id}: no point outside the regime found by scaling its parameters"
    form = ["form=closed"] if "form" in names else []
    status = main(["eval", c.id, *(f"{k}={_arg(v)}" for k, v in point.items()), *form, "--json"])
    out = capsys.readouterr()
    assert status == 0, out.err
    res = json.loads(out.out)
    assert res["in_regime"] is False
    assert res["warnings"] and all("outside its regime" in w for w in res["warnings"][:1])
    assert "qderive: warning:" in out.err
