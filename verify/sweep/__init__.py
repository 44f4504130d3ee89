"""Sweeps: regime maps and scaling fits of claims, run locally or on a Dask cluster, resumable.

One engine (:func:`run_cells`) runs every sweep: a process pool on this machine
by default, ``scheduler="local"`` for a dask LocalCluster, ``scheduler="tcp://..."``
for an existing dask scheduler.  Each finished cell goes into a
:class:`CellStore` at once, keyed by task, parameters and code version, so an
interrupted sweep resumes where it stopped.

The names below are imported on first use: ``qderive`` builds its command line
from :mod:`verify.sweep._cli` without paying for xarray, dask or matplotlib.

What to sweep is declared beside the claims: :func:`register_regime` (a regime map's grid and
change of variables), :func:`register_scaling` (a scaling law) and :func:`register_scan` (a named
parameter scan), called from the claim modules or from a user's claims file.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "CellFailure": "_engine",
    "SweepOutcome": "_engine",
    "run_cells": "_engine",
    "Axis": "_grid",
    "Grid": "_grid",
    "parse_axis": "_grid",
    "parse_grid": "_grid",
    "RegimeMap": "_regime",
    "regime_map": "_regime",
    "validity_boundary": "_boundary",
    "RegimeSpec": "_specs",
    "register_regime": "_specs",
    "regime_spec": "_specs",
    "ScalingLaw": "_specs",
    "register_scaling": "_specs",
    "scaling_law": "_specs",
    "scaling_laws": "_specs",
    "ScanSpec": "_specs",
    "register_scan": "_specs",
    "scan_function": "_specs",
    "scan_names": "_specs",
    "scan_spec": "_specs",
    "ScalingFit": "_scaling",
    "plot_scaling": "_plot",
    "plot_regime": "_plot",
    "fit_power_law": "_scaling",
    "scaling_sweep": "_scaling",
    "CellStore": "_store",
    "code_version": "_store",
    "ScanResult": "_scan",
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
