"""Every registered finding states the regime in which its correction holds and its accuracy there.

Statically (default run): every ``Finding(...)`` in the claim modules passes ``regime=`` and
``accuracy=`` that are not empty literals.  At run time (slow: computes every finding): the fields
are non-empty strings.  A hand-made finding without them is what the static check must reject.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import verify
from verify import all_claims

CLAIMS = pathlib.Path(verify.__file__).parent / "claims"


def _missing(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
            kw = {k.arg: k.value for k in node.keywords}
            for name in ("regime", "accuracy"):
                v = kw.get(name)
                if v is None or (isinstance(v, ast.Constant) and not str(v.value).strip()):
                    out.append((node.lineno, name))
    return out


def test_the_static_check_rejects_a_finding_without_regime_or_accuracy():
    src = 'Finding("p.x", "Eq. (1)", "2x", "x", "brute force", regime="")\n'
    assert _missing(src) == [(1, "regime"), (1, "accuracy")]
    ok = 'Finding("p.x", "Eq. (1)", "2x", "x", "e", regime="N >> 1", accuracy="1 % (exact)")\n'
    assert _missing(ok) == []


def test_every_finding_in_the_claim_modules_states_regime_and_accuracy():
    missing = {
        p.name: m
        for p in sorted(CLAIMS.glob("*.py"))
        if (m := _missing(p.read_text(encoding="utf-8")))
    }
    assert missing == {}


@pytest.mark.slow  # computes every finding (minutes)
def test_every_registered_finding_has_nonempty_regime_and_accuracy_at_run_time():
    bad = [
        f"{f.claim_id} {f.equation}"
        for c in all_claims()
        if c.findings is not None
        for f in c.findings()
        if not f.regime.strip() or not f.accuracy.strip()
    ]
    assert bad == []
