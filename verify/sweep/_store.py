"""A resumable store of finished sweep cells, keyed by task, parameters and code version.

Format: one SQLite file.  Reasons: every cell is committed as its own
transaction, so a cell is either wholly stored or absent even if the process is
killed mid-write (SQLite's journal makes the commit atomic; no temp-file/rename
dance per cell); thousands of cells stay one file instead of thousands of small
ones; lookups by key are indexed; concurrent readers (a second sweep, a report)
are safe; and it needs nothing beyond the standard library.  Values are stored
as JSON text with numpy arrays embedded as base64 ``.npy`` bytes, which
round-trips floats bit for bit (including inf/NaN) and keeps the file readable
with the ``sqlite3`` shell.  Each value carries its SHA-256: a damaged cell is
reported in one line and recomputed.  The file is in WAL mode with a busy
timeout, and a write that still meets a locked database is retried, so two
sweeps writing into one store at once lose nothing.

The code version in the keys (:func:`code_version`) covers the project's
sources, the versions of Python and the numerical dependencies, and the source
files of whatever defines the sweep's task (the claim's module, the module that
registered its regime map, scaling law or scan; a user's claims file included).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CellStore", "StoredFailure", "cell_key", "code_version", "encode", "decode", "MISSING"]

MISSING = object()
"""Returned by :meth:`CellStore.get` for a cell that is not stored."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cells (
    key      TEXT PRIMARY KEY,
    task     TEXT NOT NULL,
    params   TEXT NOT NULL,
    code     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    value    TEXT,
    error    TEXT,
    attempts INTEGER NOT NULL,
    elapsed  REAL,
    stored   REAL NOT NULL,
    checksum TEXT
);
CREATE INDEX IF NOT EXISTS cells_task ON cells (task, status);
"""


def code_version(task: str | None = None) -> str:
    """The code version of sweep cells: :func:`verify._cache.code_version` plus the task's own sources.

    ``task`` is a sweep's task name (``regime:<claim>``, ``scaling:<law key>:<quantity>``,
    ``scan:<name>``); the source files registered for that claim, regime map, scaling law or scan
    enter the hash, so editing the file that defines them (a user's own included) recomputes.
    """
    from .._cache import code_version as base
    from .._cache import sources_hash
    from .._registry import sources_of

    v = base()
    if not task:
        return v
    parts = task.split(":")
    names = {parts[1]} if len(parts) > 1 else set()
    if len(parts) > 2 and parts[0] == "scaling":
        names.add(f"{parts[1]}:{parts[2]}")
    files = [
        f
        for n in names
        for kind in ("claim", "regime", "scaling", "scan")
        for f in sources_of(kind, n)
    ]
    if not files:
        return v
    return hashlib.sha256(f"{v}\0{sources_hash(files)}".encode()).hexdigest()[:16]


def _canonical(v: Any) -> Any:
    """Parameters in a form whose JSON text is the same for equal values (numpy scalars, arrays, tuples)."""
    if isinstance(v, Mapping):
        return {str(k): _canonical(v[k]) for k in sorted(v)}
    if isinstance(v, np.ndarray):
        return {"__array__": [_canonical(x) for x in v.tolist()], "dtype": v.dtype.str}
    if isinstance(v, (list, tuple)):
        return [_canonical(x) for x in v]
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        # repr round-trips exactly; integral floats keep a distinct type from ints
        return {"__float__": repr(v)}
    raise TypeError(f"sweep parameter of type {type(v).__name__} cannot be keyed")


def cell_key(task: str, params: Mapping[str, Any], code: str) -> str:
    """The key of one cell: SHA-256 of the task name, the canonical parameters and the code version."""
    text = json.dumps(
        {"task": task, "params": _canonical(params), "code": code},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _enc(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        buf = io.BytesIO()
        np.save(buf, v, allow_pickle=False)
        return {"__npy__": base64.b64encode(buf.getvalue()).decode("ascii")}
    if isinstance(v, Mapping):
        return {"__map__": {str(k): _enc(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    raise TypeError(
        f"a sweep cell returned {type(v).__name__}; return numbers, arrays, lists or dicts"
    )


def _dec(v: Any) -> Any:
    if isinstance(v, dict):
        if "__npy__" in v:
            return np.load(io.BytesIO(base64.b64decode(v["__npy__"])), allow_pickle=False)
        return {k: _dec(x) for k, x in v["__map__"].items()}
    if isinstance(v, list):
        return [_dec(x) for x in v]
    return v


def encode(value: Any) -> str:
    """JSON text of a cell value (numbers, arrays, lists, dicts), exact for floats and arrays."""
    return json.dumps(_enc(value), allow_nan=True)


def decode(text: str) -> Any:
    return _dec(json.loads(text))


@dataclass(frozen=True, slots=True)
class StoredFailure:
    """A cell that failed every attempt: its parameters, the last error and the number of attempts."""

    task: str
    params: Mapping[str, Any]
    error: str
    attempts: int


class CellStore:
    """Finished sweep cells in one SQLite file; each :meth:`put` is committed at once.

    Parameters
    ----------
    path
        The database file (created with its parent directory if missing);
        ``":memory:"`` keeps the store in memory (nothing survives the process).

    Notes
    -----
    Only the process driving a sweep writes (workers return values to it), so
    there is one writer per sweep; a second sweep on the same file waits for the
    lock (``timeout`` seconds, then retried with back-off) rather than corrupting
    it or losing a cell.
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self._retrying(
            lambda: self._db.execute(
                "PRAGMA journal_mode=WAL"
                if self.path != ":memory:"
                else "PRAGMA journal_mode=MEMORY"
            )
        )
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._retrying(lambda: self._db.executescript(_SCHEMA))
        cols = {r[1] for r in self._db.execute("PRAGMA table_info(cells)")}
        if "checksum" not in cols:  # a store written before checksums: its cells are read unchecked
            self._retrying(lambda: self._db.execute("ALTER TABLE cells ADD COLUMN checksum TEXT"))

    @staticmethod
    def _retrying(op: Any, attempts: int = 20) -> Any:
        """Run ``op``; retry with back-off while another process holds the database lock."""
        for i in range(attempts):
            try:
                return op()
            except sqlite3.OperationalError as exc:
                msg = str(exc).lower()
                if ("locked" not in msg and "busy" not in msg) or i == attempts - 1:
                    raise
                time.sleep(min(0.05 * 2**i, 2.0))
        return None  # pragma: no cover

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CellStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CellStore({self.path!r}, {len(self)} cells)"

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM cells WHERE status='ok'").fetchone()[0]

    def count(self, task: str | None = None, status: str = "ok") -> int:
        if task is None:
            return self._db.execute(
                "SELECT COUNT(*) FROM cells WHERE status=?", (status,)
            ).fetchone()[0]
        return self._db.execute(
            "SELECT COUNT(*) FROM cells WHERE task=? AND status=?", (task, status)
        ).fetchone()[0]

    def get(self, key: str) -> Any:
        """The stored value of a finished cell, or :data:`MISSING` (failed cells count as missing)."""
        row = self._retrying(
            lambda: self._db.execute(
                "SELECT value, checksum, task FROM cells WHERE key=? AND status='ok'", (key,)
            ).fetchone()
        )
        if row is None:
            return MISSING
        value, checksum, task = row
        try:
            if checksum is not None and hashlib.sha256(value.encode()).hexdigest() != checksum:
                raise ValueError("checksum mismatch")
            return decode(value)
        except (ValueError, TypeError, KeyError, AttributeError):
            print(
                f"qderive: warning: cache entry {key[:12]} of {task} in {self.path} corrupted; recomputing",
                file=sys.stderr,
            )
            return MISSING

    def _write(
        self,
        key: str,
        task: str,
        params: Mapping[str, Any],
        code: str,
        status: str,
        value: str | None,
        error: str | None,
        attempts: int,
        elapsed: float | None,
    ) -> None:
        # one statement in autocommit mode = one atomic transaction per cell
        checksum = None if value is None else hashlib.sha256(value.encode()).hexdigest()
        row = (
            key,
            task,
            json.dumps(_canonical(params), sort_keys=True),
            code,
            status,
            value,
            error,
            attempts,
            elapsed,
            time.time(),
            checksum,
        )
        self._retrying(
            lambda: self._db.execute(
                "INSERT OR REPLACE INTO cells (key, task, params, code, status, value, error, attempts, elapsed, "
                "stored, checksum) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
        )

    def put(
        self,
        key: str,
        task: str,
        params: Mapping[str, Any],
        code: str,
        value: Any,
        *,
        attempts: int = 1,
        elapsed: float | None = None,
    ) -> None:
        """Store a finished cell (replacing an earlier failure of the same cell)."""
        self._write(key, task, params, code, "ok", encode(value), None, attempts, elapsed)

    def put_failure(
        self,
        key: str,
        task: str,
        params: Mapping[str, Any],
        code: str,
        error: str,
        *,
        attempts: int,
    ) -> None:
        """Record that a cell failed every attempt (a later sweep retries it)."""
        self._write(key, task, params, code, "error", None, error, attempts, None)

    def failures(self, task: str | None = None) -> Iterator[StoredFailure]:
        q = "SELECT task, params, error, attempts FROM cells WHERE status='error'"
        rows = (
            self._db.execute(q + " AND task=?", (task,))
            if task is not None
            else self._db.execute(q)
        )
        for t, p, e, a in rows:
            yield StoredFailure(t, _uncanonical(json.loads(p)), e, a)


def _uncanonical(v: Any) -> Any:
    if isinstance(v, dict):
        if "__float__" in v:
            return float(v["__float__"])
        if "__array__" in v:
            return np.asarray(_uncanonical(v["__array__"]), dtype=np.dtype(v["dtype"]))
        return {k: _uncanonical(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_uncanonical(x) for x in v]
    return v
