"""Run a claim's checks, with a cache keyed by claim, its defining sources, the project and the environment."""

from __future__ import annotations

import re
import shutil
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _cache
from ._cache import (
    CorruptEntry,
    cache_dir,
    code_version,
    read_entry,
    sources_hash,
    warn_corrupt,
    write_entry,
)
from ._checks import symbolic_check
from ._records import CheckOutcome, Claim, Finding
from ._registry import derivation_of, sources_of

__all__ = [
    "CacheInfo",
    "ClaimReport",
    "cache_clear",
    "cache_dir",
    "cache_info",
    "cache_prune",
    "claim_key",
    "code_version",
    "numeric_check_of",
    "run_claim",
]


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
        return {
            "claim": self.claim_id,
            "symbolic": self.symbolic.as_json(),
            "numeric": self.numeric.as_json(),
            "findings": [f.as_json() for f in self.findings],
            "elapsed": self.elapsed,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ClaimReport:
        return cls(
            d["claim"],
            CheckOutcome.from_json(d["symbolic"]),
            CheckOutcome.from_json(d["numeric"]),
            tuple(Finding.from_json(f) for f in d["findings"]),
            d["elapsed"],
        )


def claim_key(claim_id: str) -> str:
    """Hash (16 hex digits) of the sources of every module that defines the claim (project or user's)."""
    return sources_hash(sources_of("claim", claim_id))


def _checks_dir() -> Path:
    return cache_dir() / "checks"


_UNSAFE = re.compile(r"[^A-Za-z0-9._:+-]")


def _mode(full: bool, quick: bool) -> str:
    return "full" if full else "quick" if quick else "default"


def _entry_path(c: Claim, full: bool, quick: bool = False) -> Path:
    mode = _mode(full, quick)
    stem = _UNSAFE.sub("_", c.id)[:120] + (f".{mode}" if c.slow and mode != "default" else "")
    return _checks_dir() / code_version() / f"{stem}@{claim_key(c.id)}.json"


def numeric_check_of(c: Claim, *, full: bool = False, quick: bool = False):
    """The numeric check that runs for ``c``: a callable, or a :class:`CheckOutcome` saying why none runs.

    A slow claim runs its reduced point set (``quick_numeric``) by default, its complete one
    (``numeric``) with ``full``, and none with ``quick`` (development runs).
    """
    if c.numeric is None:
        return CheckOutcome("n/a", "no exact counterpart (structural or symbolic claim)")
    if not c.slow or full:
        return c.numeric
    if quick:
        return CheckOutcome("skipped", "slow check; skipped by --quick")
    if c.quick_numeric is not None:
        return c.quick_numeric
    return CheckOutcome("skipped", "slow check; run with --full")


def _guard(fn, label: str) -> CheckOutcome:
    try:
        return fn()
    except Exception as exc:  # a failing check is reported, not raised
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return CheckOutcome("error", f"{label} raised {tb}")


def _symbolic(c: Claim) -> CheckOutcome:
    if c.symbolic is not None:
        return c.symbolic()
    d = None if c.derivation is None else derivation_of(c.id) if _registered(c) else c.derivation()
    if d is None:
        return CheckOutcome("n/a", "no derivation (a numerical statement)")
    return symbolic_check(d, c.printed)


def _registered(c: Claim) -> bool:
    from ._registry import _CLAIMS

    return _CLAIMS.get(c.id) is c


def _cached(c: Claim, path: Path) -> ClaimReport | None:
    try:
        found = read_entry(path)
        if found is None:
            return None
        rep = ClaimReport.from_json(found[0])
        if rep.claim_id != c.id:
            raise CorruptEntry(f"{path}: entry of {rep.claim_id!r}")
        return rep
    except (CorruptEntry, KeyError, ValueError, TypeError):
        warn_corrupt(f"{path.name} of claim {c.id}")
        return None


def run_claim(
    c: Claim, *, full: bool = False, quick: bool = False, use_cache: bool = True, store: bool = True
) -> ClaimReport:
    """Run the symbolic and numeric checks of ``c`` and collect its findings.

    Parameters
    ----------
    c
        The claim.
    full
        Run a slow claim's complete numeric check (``Claim.numeric``); by default a slow claim
        runs its reduced point set (``Claim.quick_numeric``).
    quick
        Skip the numeric check of a slow claim (development runs; ``full`` wins).
    use_cache
        Read a cached result if there is a valid one; False recomputes.
    store
        Write the result to the cache (a recomputed result refreshes the entry).

    Notes
    -----
    The cache key is the claim id with :func:`claim_key` (the sources of the modules that define
    the claim, a user's file included) under :func:`code_version` (project sources, dependency
    versions, Python version): editing any of them recomputes on the next run.  A corrupted entry is
    reported in one line on stderr and recomputed.  Results with an error are never stored.
    """
    path = _entry_path(c, full, quick)
    if use_cache:
        rep = _cached(c, path)
        if rep is not None:
            return rep
    t0 = time.perf_counter()
    sym = _guard(lambda: _symbolic(c), "symbolic check")
    check = numeric_check_of(c, full=full, quick=quick)
    num = check if isinstance(check, CheckOutcome) else _guard(check, "numeric check")
    try:
        fnd = tuple(c.findings()) if c.findings is not None else ()
    except Exception as exc:
        fnd = ()
        num = CheckOutcome("error", f"findings raised {type(exc).__name__}: {exc}")
    rep = ClaimReport(c.id, sym, num, fnd, time.perf_counter() - t0)
    if store and "error" not in (sym.status, num.status):
        try:
            write_entry(
                path,
                rep.as_json(),
                {"claim": c.id, "claim_key": claim_key(c.id), "code_version": code_version()},
            )
        except OSError:
            pass
    return rep


# ---------------------------------------------------------------- cache maintenance
@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What the check cache holds: where, how many entries, their size, and per code version."""

    location: Path
    entries: int
    size_bytes: int
    versions: tuple[tuple[str, int, int], ...]  # (code version, entries, bytes)
    current: str
    environment: dict[str, str | None]

    def __str__(self) -> str:
        lines = [
            f"check cache: {self.location}",
            f"  {self.entries} entries, {_size(self.size_bytes)} on disk",
            f"  current code version {self.current} (project {_cache.project_hash()}; "
            + ", ".join(f"{k} {v}" for k, v in self.environment.items() if v)
            + ")",
        ]
        for v, n, b in self.versions:
            lines.append(
                f"  {v}: {n} entries, {_size(b)}{'  (current)' if v == self.current else ''}"
            )
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "location": str(self.location),
            "entries": self.entries,
            "size_bytes": self.size_bytes,
            "current": self.current,
            "environment": self.environment,
            "versions": [
                {"code_version": v, "entries": n, "size_bytes": b} for v, n, b in self.versions
            ],
        }


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


def _version_dirs() -> Iterator[Path]:
    root = _checks_dir()
    if root.is_dir():
        yield from sorted(p for p in root.iterdir() if p.is_dir())


def cache_info() -> CacheInfo:
    """Location, number of entries, size on disk and code versions of the check cache."""
    versions = []
    for d in _version_dirs():
        files = [f for f in d.glob("*.json")]
        versions.append((d.name, len(files), sum(f.stat().st_size for f in files)))
    return CacheInfo(
        _checks_dir(),
        sum(v[1] for v in versions),
        sum(v[2] for v in versions),
        tuple(versions),
        code_version(),
        _cache.environment(),
    )


def cache_prune() -> tuple[int, int]:
    """Delete entries of other code versions, and entries of registered claims whose sources changed.

    Returns (entries removed, bytes freed).
    """
    from ._evalindex import index_key
    from ._registry import _CLAIMS, load_all, user_claim_sources

    load_all()
    current = code_version()
    # eval index: keep only the one of this code version and these claims sources
    keep = index_key(user_claim_sources())
    removed = freed = 0
    for d in _eval_index_dirs():
        if d.name != keep:
            freed += _tree_size(d)
            shutil.rmtree(d, ignore_errors=True)
    keys = {_UNSAFE.sub("_", cid)[:120]: claim_key(cid) for cid in _CLAIMS}
    for d in _version_dirs():
        for f in list(d.iterdir()):
            stale = d.name != current or f.name.endswith(".tmp")
            if not stale and f.suffix == ".json" and "@" in f.stem:
                stem, key = f.stem.rsplit("@", 1)
                stem = stem.removesuffix(".full")
                stale = stem in keys and keys[stem] != key
            if stale:
                freed += f.stat().st_size
                removed += f.suffix == ".json"
                f.unlink(missing_ok=True)
        if d.name != current:
            shutil.rmtree(d, ignore_errors=True)
    return removed, freed


def _eval_index_dirs() -> list[Path]:
    root = cache_dir() / "eval"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def _tree_size(d: Path) -> int:
    return sum(f.stat().st_size for f in d.rglob("*") if f.is_file())


def cache_clear() -> tuple[int, int]:
    """Delete every check-cache entry and the eval index; returns (entries removed, bytes freed).

    The eval index (compiled closed forms, ``<cache>/eval``) is rebuilt by the next ``eval``.
    """
    info = cache_info()
    freed = info.size_bytes
    for d in _eval_index_dirs():
        freed += _tree_size(d)
        shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(_checks_dir(), ignore_errors=True)
    return info.entries, freed
