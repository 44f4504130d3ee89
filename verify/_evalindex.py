"""The ``qderive eval`` index: every quantity's parameters, and compiled closed forms, cached on disk.

Loading the registry imports sympy, the solvers and every claim module (seconds).  ``qderive eval``
needs none of that for a closed form it has evaluated before: the index holds

* one entry listing every quantity — name, kind, description, and each parameter's kind, domain,
  default, meaning, unit, aliases and the range its model declares (:class:`QuantitySpec`) — which
  is what ``eval --list`` prints and what the input is validated against;
* one entry per closed form evaluated once: its compiled evaluator and its regime's margins as the
  numpy source sympy generated (:mod:`verify._compiled`), with the thresholds and wording of the
  regime conditions.

Both are keyed like the check cache (:mod:`verify._cache`): the project's sources, Python and the
dependency versions, plus the user's claims sources (``--claims``, ``$QDERIVE_CLAIMS``, the entry
points) and the content of every file outside the project that defines a quantity.  Editing any of
them misses the index and rebuilds it from the registry.  Entries carry a SHA-256 of their payload and
are written atomically; a damaged one is reported and rebuilt.

This module imports only the standard library and numpy (and :mod:`verify._cache`).
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _cache

__all__ = [
    "ParamSpec",
    "QuantitySpec",
    "RangeDecl",
    "index_dir",
    "index_key",
    "read_form",
    "read_index",
    "write_form",
    "write_index",
]

_FORMAT = 1
_UNSAFE = "".join(chr(c) for c in range(128) if not (chr(c).isalnum() or chr(c) in "._+-"))


@dataclass(frozen=True, slots=True)
class RangeDecl:
    """The range a model declares for a parameter (a plain copy of :class:`derive.Parameter`'s).

    :meth:`describe` and :meth:`validate` give the same words and the same verdicts as
    :meth:`derive.Parameter.describe` / :meth:`~derive.Parameter.validate`, without sympy.
    """

    name: str
    meaning: str = ""
    unit: str = ""
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    upper_open: bool = False
    integer: bool = False
    even: bool = False
    max_magnitude: float = 1e150
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, p: Any) -> RangeDecl:
        """The plain copy of a :class:`derive.Parameter`."""
        return cls(
            p.name,
            p.meaning,
            p.unit,
            p.lower,
            p.upper,
            p.lower_open,
            p.upper_open,
            p.integer,
            p.even,
            p.max_magnitude,
            tuple(p.aliases),
        )

    def describe(self) -> str:
        what = "an even integer" if self.even else "an integer" if self.integer else "a number"
        parts = []
        if self.lower is not None:
            parts.append(f"{'>' if self.lower_open else '>='} {self.lower:g}")
        if self.upper is not None:
            parts.append(f"{'<' if self.upper_open else '<='} {self.upper:g}")
        return what + (" " + " and ".join(parts) if parts else "")

    def _refuse(self, allowed: str, got: object) -> ValueError:
        text = repr(got)
        if len(text) > 60:
            text = text[:57] + "..."
        return ValueError(f"{self.name} must be {allowed}, got {text}")

    def validate(self, value: Any) -> float | int:
        """``value`` as a number in range; ValueError with derive's message otherwise."""
        allowed = self.describe()
        if isinstance(value, bool):
            raise self._refuse(allowed, value)
        if not isinstance(value, numbers.Real):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise self._refuse(allowed, value) from None
        x = float(value)
        if not math.isfinite(x):
            raise self._refuse(allowed + " (finite)", value)
        if abs(x) > self.max_magnitude:
            raise self._refuse(f"{allowed} with |{self.name}| <= {self.max_magnitude:g}", value)
        if self.lower is not None and (x < self.lower or (self.lower_open and x == self.lower)):
            raise self._refuse(allowed, value)
        if self.upper is not None and (x > self.upper or (self.upper_open and x == self.upper)):
            raise self._refuse(allowed, value)
        if self.integer or self.even:
            if x != int(x):
                raise self._refuse(allowed, value)
            if self.even and int(x) % 2:
                raise self._refuse(allowed, value)
            return int(x)
        return x


_ALLOWED = {
    "any": "a real number",
    "positive": "a number > 0",
    "nonnegative": "a number >= 0",
    "positive even": "an even integer > 0",
}


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """An ``eval`` parameter as the command line sees it (a plain copy of :class:`verify.Param`).

    ``doc`` and ``unit`` are the quantity's own, or else its model's; ``decl`` is the model's range.
    """

    name: str
    kind: str = "real"
    domain: str = "any"
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    doc: str = ""
    unit: str = ""
    decl: RangeDecl | None = None

    def describe(self) -> str:
        """``name: allowed (default ...)``, the words of :meth:`verify.Param.describe`."""
        if self.kind == "choice":
            allowed = "one of " + ", ".join(self.choices)
        elif self.kind == "time":
            allowed = "times >= 0: t1,t2,... or lo:hi:n[:log]"
        else:
            allowed = _ALLOWED.get(self.domain, self.domain)
            if self.kind == "int" and self.domain in ("positive", "nonnegative"):
                allowed = "an integer " + (">= 1" if self.domain == "positive" else ">= 0")
        dflt = "" if self.required else f" (default {self.default})"
        return f"{self.name}: {allowed}{dflt}"

    @property
    def allowed(self) -> str:
        return self.describe().split(": ", 1)[1].split(" (default")[0]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names accepted for this parameter (the model's aliases, and its own name if renamed)."""
        if self.decl is None:
            return ()
        names = (self.decl.name, *self.decl.aliases)
        return tuple(n for n in dict.fromkeys(names) if n != self.name)

    @property
    def meaning(self) -> str:
        return self.doc or (self.decl.meaning if self.decl is not None else "")

    @property
    def unit_text(self) -> str:
        return self.unit or (self.decl.unit if self.decl is not None else "")

    def as_json(self) -> dict[str, Any]:
        d = {
            "name": self.name,
            "kind": self.kind,
            "domain": self.domain,
            "required": self.required,
            "default": self.default,
            "choices": list(self.choices),
            "doc": self.doc,
            "unit": self.unit,
        }
        if self.decl is not None:
            dd = {k: getattr(self.decl, k) for k in RangeDecl.__slots__}
            dd["aliases"] = list(self.decl.aliases)
            d["decl"] = dd
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ParamSpec:
        decl = d.get("decl")
        return cls(
            d["name"],
            d["kind"],
            d["domain"],
            bool(d["required"]),
            d.get("default"),
            tuple(d.get("choices") or ()),
            d.get("doc", ""),
            d.get("unit", ""),
            None if decl is None else RangeDecl(**{**decl, "aliases": tuple(decl["aliases"])}),
        )

    def listing(self) -> dict[str, Any]:
        """What ``eval --list --json`` prints for this parameter."""
        return {
            "name": self.name,
            "meaning": self.meaning or "unspecified",
            "unit": self.unit_text or "unspecified",
            "allowed": self.allowed,
            "default": None if self.required else self.default,
            "required": self.required,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class QuantitySpec:
    """An ``eval`` quantity without its function: what ``--list`` shows and the input is checked against."""

    name: str
    kind: str
    doc: str
    params: tuple[ParamSpec, ...]
    claim: bool = False
    func: str | None = None
    """``module:qualname`` of the quantity's function when importing that module alone defines it."""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "doc": self.doc,
            "claim": self.claim,
            "func": self.func,
            "params": [p.as_json() for p in self.params],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> QuantitySpec:
        return cls(
            d["name"],
            d["kind"],
            d["doc"],
            tuple(ParamSpec.from_json(p) for p in d["params"]),
            bool(d.get("claim")),
            d.get("func"),
        )

    def listing(self) -> dict[str, Any]:
        """What ``eval --list --json`` prints for this quantity."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.doc,
            "params": [p.listing() for p in self.params],
        }


# ---------------------------------------------------------------- keys and entries
def _claims_sources(sources: Sequence[str]) -> list[str]:
    env = [s for s in os.environ.get("QDERIVE_CLAIMS", "").split(os.pathsep) if s.strip()]
    return list(dict.fromkeys([*sources, *env]))


def _is_path(source: str) -> bool:
    return source.endswith(".py") or os.sep in source or "/" in source


def _entry_point_names() -> list[str]:
    return list(_cache.installed_metadata()["entry_points"])


def index_key(sources: Sequence[str] = ()) -> str:
    """Hash (16 hex digits) of the code version, the user's claims sources and the entry points."""
    items = []
    for s in _claims_sources(sources):
        if _is_path(s):
            p = os.path.abspath(os.path.expanduser(s))
            items.append(f"file {p} {_cache._file_digest(p)}")
        else:
            items.append(f"module {s}")
    text = json.dumps(
        {
            "format": _FORMAT,
            "code": _cache.code_version(),
            "claims": sorted(items),  # the same files named in another order: the same index
            "entry_points": _entry_point_names(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def index_dir(key: str) -> Path:
    return _cache.cache_dir() / "eval" / key


def _deps_ok(deps: Mapping[str, str]) -> bool:
    return all(_cache._file_digest(f) == d for f, d in deps.items())


def _read(path: Path, what: str) -> Any | None:
    try:
        found = _cache.read_entry(path)
    except _cache.CorruptEntry:
        _cache.warn_corrupt(what)
        return None
    if found is None:
        return None
    payload, _meta = found
    try:
        if not _deps_ok(payload.get("deps") or {}):
            return None
        return payload
    except (AttributeError, TypeError):
        _cache.warn_corrupt(what)
        return None


def read_index(key: str) -> dict[str, QuantitySpec] | None:
    """The quantities of the index ``key`` by name; None when absent, stale or damaged."""
    path = index_dir(key) / "index.json"
    payload = _read(path, f"{path.name} of the eval index")
    if payload is None:
        return None
    try:
        specs = [QuantitySpec.from_json(d) for d in payload["quantities"]]
    except (KeyError, TypeError, ValueError):
        _cache.warn_corrupt(f"{path.name} of the eval index")
        return None
    return {q.name: q for q in specs}


def write_index(key: str, specs: Sequence[QuantitySpec], deps: Mapping[str, str]) -> None:
    """Store the quantities (in listing order) with the digests of the files outside the project."""
    payload = {"quantities": [q.as_json() for q in specs], "deps": dict(deps)}
    try:
        _cache.write_entry(index_dir(key) / "index.json", payload, {"key": key})
    except OSError:  # a read-only cache costs only speed
        pass


def _form_path(key: str, name: str) -> Path:
    safe = "".join("_" if ch in _UNSAFE or ord(ch) > 127 else ch for ch in name)[:120]
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return index_dir(key) / "forms" / f"{safe}@{digest}.json"


def read_form(key: str, name: str) -> dict[str, Any] | None:
    """The compiled form of quantity ``name`` (see :func:`write_form`); None when absent or stale."""
    path = _form_path(key, name)
    payload = _read(path, f"{path.name} of the eval index")
    if payload is None or payload.get("name") != name:
        return None
    return payload


def write_form(key: str, name: str, form: Mapping[str, Any], deps: Mapping[str, str]) -> None:
    """Store a compiled form: ``{closed: record, output, positive, regime: [...]}``."""
    payload = {**form, "name": name, "deps": dict(deps)}
    try:
        _cache.write_entry(_form_path(key, name), payload, {"key": key, "quantity": name})
    except OSError:
        pass
