"""Discover the benchmark problems: every ``benchmarks/problems_*.py`` file, and those registered in code.

The problem files are not part of an installed package (they are benchmark definitions,
next to their RESULTS.md), so they are loaded by path: ``$QDERIVE_BENCHMARKS`` or the
``benchmarks/`` directory beside the ``verify`` package (repository checkout / editable
install).  Each file names its model (``MODEL``, default: the file name after ``problems_``)
and defines ``problems(quick=False)``, optionally ``scaling()`` and ``NOTES``.  A file whose
solver is not there yet is reported as "not yet available", never skipped silently.

A user's claims file adds problems with :func:`verify.register_bench` (same ``problems`` /
``scaling`` / notes contract); they run after the files' problems.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["ModelSuite", "benchmarks_dir", "load_models", "problem_files"]


@dataclass(frozen=True, slots=True)
class ModelSuite:
    """One model's problem module, or why it is not available."""

    model: str
    module: ModuleType | Any | None
    missing: str = ""


def benchmarks_dir() -> Path:
    env = os.environ.get("QDERIVE_BENCHMARKS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "benchmarks"


def _load(path: Path, modname: str) -> ModuleType:
    name = f"qderive_benchmarks.{modname}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        del sys.modules[name]
        raise
    return mod


def problem_files() -> list[Path]:
    """Every ``problems_*.py`` file of :func:`benchmarks_dir`, sorted by name."""
    root = benchmarks_dir()
    return sorted(root.glob("problems_*.py")) if root.is_dir() else []


def load_models() -> list[ModelSuite]:
    """One :class:`ModelSuite` per problem file, then one per registered bench suite."""
    from .._registry import bench_suites

    out = []
    for path in problem_files():
        modname = path.stem
        fallback = modname.removeprefix("problems_")
        try:
            mod = _load(path, modname)
        except ImportError as exc:  # the model's solver (or one of its routines) is not there yet
            out.append(ModelSuite(fallback, None, f"solver not importable: {exc}"))
            continue
        out.append(
            ModelSuite(str(getattr(mod, "MODEL", fallback)), mod, getattr(mod, "MISSING", ""))
        )
    seen = {s.model for s in out}
    out += [ModelSuite(b.MODEL, b, "") for b in bench_suites() if b.MODEL not in seen]
    return out
