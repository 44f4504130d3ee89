"""Locate and load the per-model problem files in ``benchmarks/``.

The problem files are not part of an installed package (they are benchmark definitions,
next to their RESULTS.md), so they are loaded by path: ``$QDERIVE_BENCHMARKS`` or the
``benchmarks/`` directory beside the ``verify`` package (repository checkout / editable
install).  A model whose solver is not there yet is reported as "not yet available",
never skipped silently.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = ["MODELS", "ModelSuite", "benchmarks_dir", "load_models"]

MODELS = (("sharma2025", "problems_sharma"), ("sundar2023", "problems_sundar"),
          ("tucker2020", "problems_tucker"))


@dataclass(frozen=True, slots=True)
class ModelSuite:
    """One model's problem module, or why it is not available."""

    model: str
    module: ModuleType | None
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


def load_models() -> list[ModelSuite]:
    out = []
    root = benchmarks_dir()
    for model, modname in MODELS:
        path = root / f"{modname}.py"
        if not path.exists():
            out.append(ModelSuite(model, None, f"no problem file {path.name}"))
            continue
        try:
            mod = _load(path, modname)
        except ImportError as exc:  # the model's solver (or one of its routines) is not there yet
            out.append(ModelSuite(model, None, f"solver not importable: {exc}"))
            continue
        missing = getattr(mod, "MISSING", "")
        out.append(ModelSuite(model, mod, missing))
    return out
