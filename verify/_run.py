"""Run a claim's checks, with a cache keyed by claim id and code version."""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._checks import symbolic_check
from ._records import CheckOutcome, Claim, Finding
from ._registry import derivation_of

__all__ = ["ClaimReport", "run_claim", "code_version", "cache_dir"]


@dataclass(frozen=True, slots=True)
class ClaimReport:
    """The outcome of checking one claim: symbolic, numeric, findings."""

    claim_id: str
    symbolic: CheckOutcome
    numeric: CheckOutcome
    findings: tuple[Finding, ...]
    elapsed: float

    @property
    def ok(self) -> bool:
        return self.symbolic.ok and self.numeric.ok

    def as_json(self) -> dict[str, Any]:
        return {"claim": self.claim_id, "symbolic": self.symbolic.as_json(),
                "numeric": self.numeric.as_json(),
                "findings": [f.as_json() for f in self.findings], "elapsed": self.elapsed}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ClaimReport:
        return cls(d["claim"], CheckOutcome.from_json(d["symbolic"]),
                   CheckOutcome.from_json(d["numeric"]),
                   tuple(Finding.from_json(f) for f in d["findings"]), d["elapsed"])


@cache
def code_version() -> str:
    """Hash of the sources of derive/, numeric/ and verify/ (cache key)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for pkg in ("derive", "numeric", "verify"):
        for f in sorted((root / pkg).rglob("*.py")):
            if "__pycache__" in f.parts:
                continue
            h.update(f"{f.relative_to(root).as_posix()}\0".encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where check results are cached: $QDERIVE_CACHE or ~/.cache/qderive."""
    base = os.environ.get("QDERIVE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "qderive")
    return Path(base)


def _guard(fn, label: str) -> CheckOutcome:
    try:
        return fn()
    except Exception as exc:  # a failing check is reported, not raised
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return CheckOutcome("error", f"{label} raised {tb}")


def _symbolic(c: Claim) -> CheckOutcome:
    if c.symbolic is not None:
        return c.symbolic()
    d = derivation_of(c.id)
    if d is None:
        return CheckOutcome("n/a", "no derivation (a numerical statement)")
    return symbolic_check(d, c.printed)


def run_claim(c: Claim, *, full: bool = False, use_cache: bool = True) -> ClaimReport:
    """Run the symbolic and numeric checks of ``c`` and collect its findings.

    Results are cached on disk per claim and code version; a slow numeric check
    is skipped unless ``full``.
    """
    path = cache_dir() / "checks" / code_version() / f"{c.id}{'.full' if full and c.slow else ''}.json"
    if use_cache and path.exists():
        try:
            return ClaimReport.from_json(json.loads(path.read_text()))
        except (KeyError, ValueError, TypeError):
            pass
    t0 = time.perf_counter()
    sym = _guard(lambda: _symbolic(c), "symbolic check")
    if c.numeric is None:
        num = CheckOutcome("n/a", "no exact counterpart (structural or symbolic claim)")
    elif c.slow and not full:
        num = CheckOutcome("skipped", "slow check; run with --full")
    else:
        num = _guard(c.numeric, "numeric check")
    try:
        fnd = tuple(c.findings()) if c.findings is not None else ()
    except Exception as exc:
        fnd = ()
        num = CheckOutcome("error", f"findings raised {type(exc).__name__}: {exc}")
    rep = ClaimReport(c.id, sym, num, fnd, time.perf_counter() - t0)
    if use_cache and "error" not in (sym.status, num.status):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(rep.as_json(), default=float))
            tmp.replace(path)
        except OSError:
            pass
    return rep
