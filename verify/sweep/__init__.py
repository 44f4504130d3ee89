"""Sweeps: regime maps and scaling fits of claims, run locally or on a Dask cluster, resumable.

One engine (:func:`run_cells`) runs every sweep: a process pool on this machine
by default, ``scheduler="local"`` for a dask LocalCluster, ``scheduler="tcp://..."``
for an existing dask scheduler.  Each finished cell goes into a
:class:`CellStore` at once, keyed by task, parameters and code version, so an
interrupted sweep resumes where it stopped.

The names below are imported on first use: ``qderive`` builds its command line
from :mod:`verify.sweep._cli` without paying for xarray, dask or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "CellFailure": "_engine", "SweepOutcome": "_engine", "run_cells": "_engine",
    "Axis": "_grid", "Grid": "_grid", "parse_axis": "_grid", "parse_grid": "_grid",
    "RegimeMap": "_regime", "RegimeSpec": "_regime", "regime_map": "_regime",
    "regime_spec": "_regime", "register_regime": "_regime", "validity_boundary": "_boundary",
    "ScalingFit": "_scaling", "ScalingLaw": "_scaling", "fit_power_law": "_scaling",
    "register_scaling": "_scaling", "scaling_law": "_scaling", "scaling_laws": "_scaling",
    "scaling_sweep": "_scaling",
    "CellStore": "_store", "code_version": "_store",
    "ScanResult": "_scans", "scan_function": "_scans", "tucker_fig3a": "_scans", "tucker_fig3b": "_scans",
    "SundarScanResult": "_scan_sundar", "sundar_fig3b": "_scan_sundar",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    try:
        mod = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'verify.sweep' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
