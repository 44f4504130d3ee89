"""Cache keys that change with everything a result depends on, and checksummed, atomic cache entries.

A cached check result is valid only for the sources and the environment that produced it.  Its key
is built from

* the sources of ``derive/``, ``numeric/`` and ``verify/`` (:func:`project_hash`);
* the versions of the numerical dependencies and of Python (:func:`environment`), read from the
  installed distributions' metadata (nothing is imported);
* the source of every module that defines the result (the module a claim, regime map, scaling law
  or scan was registered from, and the modules of its callables — a user's own file included),
  recorded by the registry at registration time.

Entries are written to a temporary file in the same directory and moved into place with
:func:`os.replace` (atomic on POSIX), so concurrent writers never leave a half-written entry and
never lose one another's entries; each entry carries the SHA-256 of its payload, so a corrupted
entry is detected, reported in one line and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEPENDENCIES",
    "CorruptEntry",
    "cache_dir",
    "code_version",
    "dependency_versions",
    "environment",
    "project_hash",
    "read_entry",
    "sources_hash",
    "warn_corrupt",
    "write_entry",
]

DEPENDENCIES = ("numpy", "scipy", "sympy", "numba", "mpmath", "qutip")
"""Distributions whose version is part of every cache key (absent ones count as absent)."""

_FORMAT = 1


class CorruptEntry(ValueError):
    """A cache entry that cannot be read back or whose checksum does not match its payload."""


def cache_dir() -> Path:
    """Where check results are cached: ``$QDERIVE_CACHE`` or ``$XDG_CACHE_HOME/qderive`` (``~/.cache``)."""
    base = os.environ.get("QDERIVE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "qderive"
    )
    return Path(base)


@cache
def project_hash() -> str:
    """SHA-256 (16 hex digits) of the sources of ``derive/``, ``numeric/`` and ``verify/``."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for pkg in ("derive", "numeric", "verify"):
        for f in sorted((root / pkg).rglob("*.py")):
            if "__pycache__" in f.parts:
                continue
            h.update(f"{f.relative_to(root).as_posix()}\0".encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _dist_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _path_signature() -> list[list[Any]]:
    """The directories of ``sys.path`` with their modification times: an install changes one."""
    out = []
    for p in sys.path:
        try:
            out.append([p, os.stat(p or ".").st_mtime_ns])
        except OSError:
            out.append([p, None])
    return out


def _metadata_path() -> Path:
    return cache_dir() / "metadata.json"


def _read_metadata() -> dict[str, Any] | None:
    """The installed-distribution facts saved for the current ``sys.path`` signature, if any."""
    try:
        found = read_entry(_metadata_path())
    except CorruptEntry:
        return None
    if found is None or found[0].get("signature") != _path_signature():
        return None
    return found[0]


def _entry_point_values(group: str) -> list[str]:
    from importlib.metadata import entry_points

    try:
        return sorted(f"{ep.name}={ep.value}" for ep in entry_points(group=group))
    except Exception:  # noqa: BLE001 - broken metadata of an unrelated distribution
        return []


@cache
def installed_metadata() -> dict[str, Any]:
    """Dependency versions and ``qderive.claims`` entry points, read once per install.

    Reading distribution metadata scans ``site-packages`` (~0.3 s); the result is saved in the
    cache directory with the modification times of the ``sys.path`` directories, which every
    ``pip install`` / uninstall changes, and read back while they are unchanged.
    """
    saved = _read_metadata()
    if saved is not None:
        return saved
    data = {
        "signature": _path_signature(),
        "versions": {name: _dist_version(name) for name in DEPENDENCIES},
        "entry_points": _entry_point_values("qderive.claims"),
    }
    try:
        write_entry(_metadata_path(), data)
    except OSError:
        pass
    return data


def dependency_versions() -> dict[str, str | None]:
    """Installed version of each of :data:`DEPENDENCIES` (None when not installed)."""
    return dict(installed_metadata()["versions"])


def environment() -> dict[str, str | None]:
    """Python's version and the dependency versions, as they enter the cache keys."""
    return {"python": platform.python_version(), **dependency_versions()}


def code_version() -> str:
    """Hash (16 hex digits) of the project sources and the environment: the base of every cache key."""
    text = json.dumps({"project": project_hash(), "environment": environment()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _file_digest(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return _digest_cached(path, st.st_mtime_ns, st.st_size)


@cache
def _digest_cached(path: str, mtime_ns: int, size: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def sources_hash(files: Iterable[str]) -> str:
    """Hash (16 hex digits) of the contents of ``files`` (order-independent; a missing file counts)."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        h.update(f"{f}\0{_file_digest(f)}\0".encode())
    return h.hexdigest()[:16]


def warn_corrupt(what: str) -> None:
    """Report a corrupted cache entry in one line on stderr."""
    print(f"qderive: warning: cache entry {what} corrupted; recomputing", file=sys.stderr)


def _checksum(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


def write_entry(path: Path, payload: Any, meta: Mapping[str, Any] | None = None) -> None:
    """Write ``payload`` (JSON-able) with its checksum atomically: temporary file, then :func:`os.replace`."""
    text = json.dumps(payload, default=float)
    entry = json.dumps(
        {"format": _FORMAT, "meta": dict(meta or {}), "sha256": _checksum(text), "payload": text}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(entry)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_entry(path: Path) -> tuple[Any, dict[str, Any]] | None:
    """The payload and metadata of an entry, None when absent; :class:`CorruptEntry` when damaged."""
    try:
        raw = path.read_text()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptEntry(f"{path}: {exc}") from None
    try:
        entry = json.loads(raw)
        text = entry["payload"]
        if entry.get("format") != _FORMAT or _checksum(text) != entry["sha256"]:
            raise CorruptEntry(f"{path}: checksum mismatch")
        return json.loads(text), dict(entry.get("meta") or {})
    except (ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, CorruptEntry):
            raise
        raise CorruptEntry(f"{path}: {type(exc).__name__}") from None
