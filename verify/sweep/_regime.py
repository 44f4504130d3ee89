"""Regime maps: where a closed form agrees with its exact counterpart, as a labelled array and a boundary.

The relative error |closed - exact| / scale of a claim is evaluated on a grid of
its (preferably dimensionless) parameters.  The result is an
:class:`xarray.Dataset` (saved as NetCDF), a heat map with the tolerance contour,
and the boundary of validity: along one axis, the first value where the error
exceeds the tolerance, for every value of the other axes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from numeric import ParameterError

from .._records import Claim
from ._boundary import validity_boundary
from ._engine import CellFailure, SweepOutcome, run_cells
from ._grid import Axis, Grid, parse_grid
from ._specs import _SPECS, RegimeSpec, regime_spec, register_regime  # noqa: F401
from ._store import CellStore

__all__ = ["RegimeSpec", "RegimeMap", "register_regime", "regime_spec", "regime_map"]


# --- one cell --------------------------------------------------------------------------------


def _from_registry(claim_id: str, rest: dict) -> _RegimeCell:
    from .._registry import claim as lookup

    c = lookup(claim_id)
    return _RegimeCell(claim_id, True, c.closed, c.exact, c.error_scale, **rest)


class _RegimeCell:
    """Closed form, exact value and relative error at one grid point (a vector axis whole)."""

    def __init__(
        self,
        claim_id: str,
        registered: bool,
        closed: Callable,
        exact: Callable,
        scale: Callable | None,
        coordinates: Callable | None,
        vector: str | None,
        vector_values: tuple[float, ...],
        fixed: Mapping[str, Any],
    ) -> None:
        self.claim_id, self.registered = claim_id, registered
        self.closed, self.exact, self.scale = closed, exact, scale
        self.coordinates, self.vector = coordinates, vector
        self.vector_values, self.fixed = vector_values, dict(fixed)

    def __reduce__(self):
        rest = {
            "coordinates": self.coordinates,
            "vector": self.vector,
            "vector_values": self.vector_values,
            "fixed": self.fixed,
        }
        if self.registered:  # a worker looks the claim up instead of unpickling compiled closures
            return (_from_registry, (self.claim_id, rest))
        return (
            _RegimeCell,
            (self.claim_id, False, self.closed, self.exact, self.scale, *rest.values()),
        )

    def __call__(self, point: Mapping[str, Any]) -> dict[str, np.ndarray]:
        q = {**self.fixed, **point}
        if self.vector is not None:
            q[self.vector] = np.asarray(self.vector_values, dtype=float)
        kw = dict(self.coordinates(q)) if self.coordinates is not None else q
        shape = (len(self.vector_values),) if self.vector is not None else None
        c = np.asarray(self.closed(**kw), dtype=float)
        e = np.asarray(self.exact(**kw), dtype=float)
        s = np.abs(e) if self.scale is None else np.asarray(self.scale(**kw), dtype=float)
        if shape is not None:
            c, e, s = (np.broadcast_to(a, shape).copy() for a in (c, e, s))
        with np.errstate(divide="ignore", invalid="ignore"):
            err = np.abs(c - e) / np.where(s == 0, 1.0, np.abs(s))
        # a NaN or inf in either form is a failure of the form there, never "small"
        err = np.where(np.isfinite(err), err, np.inf)
        if shape is None and err.ndim:  # a claim over an unswept time grid: worst time
            i = int(np.argmax(err))
            return {
                "error": float(err.flat[i]),
                "closed": float(np.ravel(c)[i]),
                "exact": float(np.ravel(e)[i]),
            }
        return {"error": err, "closed": c, "exact": e}


# --- the map ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegimeMap:
    """A claim's relative error on a grid, its tolerance and the boundary of validity.

    ``data`` holds ``error``, ``closed`` and ``exact`` over the grid axes (NaN and
    ``failed`` = True where a cell failed every attempt); ``boundary`` is
    :func:`validity_boundary` along ``along``.
    """

    claim_id: str
    data: xr.Dataset
    tolerance: float
    along: str
    boundary: xr.Dataset
    outcome: SweepOutcome

    @property
    def error(self) -> xr.DataArray:
        return self.data["error"]

    @property
    def failures(self) -> tuple[CellFailure, ...]:
        return self.outcome.failures

    @property
    def fraction_valid(self) -> float:
        e = self.error.values
        return float(np.mean(e <= self.tolerance))

    def summary(self) -> str:
        e = self.error.values
        fin = e[np.isfinite(e)]
        lines = [
            f"regime map of {self.claim_id}: {dict(self.error.sizes)}, tolerance {self.tolerance:g}",
            f"  error within tolerance at {100 * self.fraction_valid:.0f}% of the grid; "
            f"min {fin.min() if fin.size else float('nan'):.3g}, "
            f"max {fin.max() if fin.size else float('nan'):.3g}"
            + (f", {int(np.isinf(e).sum())} non-finite point(s)" if np.isinf(e).any() else ""),
        ]
        b = self.boundary
        others = list(b["boundary"].dims)
        rows = list(np.ndindex(*b["boundary"].shape))
        if len(rows) > 12:  # a long list belongs in the CSV; show its ends
            lines.append(
                f"  boundary along {self.along} for {len(rows)} rows (all in the CSV); first and last:"
            )
            rows = rows[:6] + rows[-6:]
        for idx in rows:
            sel = {d: b[d].values[i] for d, i in zip(others, idx, strict=True)}
            where = ", ".join(f"{d}={_fmt(v)}" for d, v in sel.items())
            if not bool(b["exceeded"].values[idx]):
                txt = f"valid over the whole range ({self.along} <= {_fmt(b['last_valid'].values[idx])})"
            elif math.isnan(float(b["last_valid"].values[idx])):
                txt = f"above tolerance already at {self.along} = {_fmt(b['first_invalid'].values[idx])}"
            else:
                txt = f"valid up to {self.along} ~ {_fmt(b['boundary'].values[idx])}"
            lines.append(f"  {where + ': ' if where else ''}{txt}")
        lines.append("  " + str(self.outcome).replace("\n", "\n  "))
        return "\n".join(lines)

    def save(self, out: str | Path, stem: str | None = None) -> dict[str, Path]:
        """Write ``<stem>.nc`` (error, closed, exact and boundary), ``<stem>_boundary.csv`` and ``<stem>.png``."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        stem = stem or f"regime_{self.claim_id.replace('.', '_')}"
        ds = self.data.copy()
        for k, v in self.boundary.data_vars.items():
            ds[f"boundary_{k}"] = v.astype("int8") if v.dtype == bool else v
        ds["failed"] = ds["failed"].astype("int8")  # NetCDF has no bool
        ds.attrs.update({"boundary_along": self.along})
        paths = {
            "netcdf": out / f"{stem}.nc",
            "csv": out / f"{stem}_boundary.csv",
            "png": out / f"{stem}.png",
        }
        ds.to_netcdf(paths["netcdf"])
        self._write_csv(paths["csv"])
        self.plot(paths["png"])
        return paths

    def _write_csv(self, path: Path) -> None:
        b = self.boundary
        others = list(b["boundary"].dims)
        cols = others + ["boundary", "last_valid", "first_invalid", "exceeded"]
        rows = [",".join(cols)]
        for idx in np.ndindex(*b["boundary"].shape):
            vals = [repr(float(b[d].values[i])) for d, i in zip(others, idx, strict=True)]
            vals += [
                repr(float(b[k].values[idx])) for k in ("boundary", "last_valid", "first_invalid")
            ]
            vals.append(str(bool(b["exceeded"].values[idx])).lower())
            rows.append(",".join(vals))
        path.write_text(
            "# boundary of validity of " + self.claim_id + f" along {self.along}, "
            f"tolerance {self.tolerance:g}; NaN boundary = valid over the whole range\n"
            + "\n".join(rows)
            + "\n"
        )

    def to_xarray(self) -> xr.DataArray:
        """The relative error over the grid as a labelled ``xarray.DataArray`` (``.plot()`` draws it inline).

        Attributes carry the claim, the tolerance and the axis the boundary is taken along.
        """
        err = self.error.copy()
        err.name = "relative_error"
        err.attrs.update(
            {
                "long_name": "relative error",
                "claim": self.claim_id,
                "tolerance": self.tolerance,
                "along": self.along,
            }
        )
        return err

    def plot(self, path: str | Path) -> Path:
        """Heat map of log10(error) with the tolerance contour and the boundary (1-D: error curve)."""
        from ._plot import plot_regime

        return plot_regime(self, Path(path))


def _fmt(v: Any) -> str:
    v = float(v)
    return f"{v:.4g}"


def _resolve(claim: Claim | str) -> tuple[Claim, bool]:
    from .._registry import claim as lookup

    if isinstance(claim, str):
        return lookup(claim), True
    try:
        registered = lookup(claim.id) is claim
    except KeyError:
        registered = False
    return claim, registered


def regime_map(
    claim: Claim | str,
    grid: Grid | Sequence[str] | None = None,
    *,
    fixed: Mapping[str, Any] | None = None,
    tolerance: float | None = None,
    spec: RegimeSpec | None = None,
    store: CellStore | str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    progress: bool | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
    code: str | None = None,
) -> RegimeMap:
    """Evaluate a claim's closed form and exact counterpart on a grid and map the relative error.

    Parameters
    ----------
    claim
        A :class:`~verify.Claim` with ``closed`` and ``exact`` callables, or its id.
    grid
        A :class:`Grid` or ``p=lo:hi:n[:log]`` specifications; default: the
        claim's registered :class:`RegimeSpec` grid.
    fixed
        Values of parameters not on the grid (override ``claim.defaults``).
    tolerance
        Default ``claim.tolerance``.
    spec
        Change of variables etc.; default: the registered one, if any.
    store, scheduler, workers, retries, progress, cluster_kwargs, code
        Passed to :func:`run_cells` (cells are stored and resumable; ``code``
        pins the code version of the keys, default the current sources).

    Notes
    -----
    The error at a point is ``|closed - exact| / scale`` with the claim's
    ``error_scale`` (default ``|exact|``); a non-finite value of either form
    counts as an infinite error.

    A registered claim travels to the workers by id (each looks it up in its own
    registry, so compiled closures are never pickled); an unregistered
    :class:`~verify.Claim` travels with its callables (cloudpickle).  A claim
    registered ad hoc in a script, outside :mod:`verify.claims`, is therefore
    found by forked pool workers but not by the separate processes of a dask
    cluster.
    """
    claim, registered = _resolve(claim)
    if claim.closed is None or claim.exact is None:
        raise ParameterError("claim", "a claim with closed and exact callables", claim.id)
    spec = spec if spec is not None else regime_spec(claim.id)
    params = tuple(claim.parameters) or tuple(claim.defaults)
    if grid is None:
        if spec is None:
            raise ParameterError(
                "grid",
                f"given for {claim.id} (no default grid registered); use --grid p=lo:hi:n[:log]",
                None,
            )
        grid = spec.grid
    extra_axes = tuple(parse_grid(spec.grid).names) if spec is not None else ()
    allowed = tuple(dict.fromkeys(params + extra_axes))
    ints = tuple(
        k
        for k, v in claim.defaults.items()
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool)
    ) + (spec.integers if spec else ())
    if not isinstance(grid, Grid):
        grid = parse_grid(list(grid), integers=ints, allowed=allowed)
    else:
        bad = [n for n in grid.names if n not in allowed]
        if bad:
            raise ParameterError("grid parameter", "one of " + ", ".join(allowed), bad[0])
    fixed = dict(fixed or {})
    bad = [k for k in fixed if k not in allowed]
    if bad:
        raise ParameterError("fixed parameter", "one of " + ", ".join(allowed), bad[0])
    base = {**dict(claim.defaults), **fixed}
    # a time axis is passed whole: one exact time evolution per cell yields every time point
    vector = spec.vector if spec is not None and spec.vector in grid.names else None
    if vector is None and "t" in grid.names and "t" in params:
        vector = "t"
    tol = float(claim.tolerance if tolerance is None else tolerance)
    if not (tol > 0 and math.isfinite(tol)):
        raise ParameterError("tolerance", "a positive number", tolerance)
    cell_grid = grid.without(vector) if vector else grid
    vec_axis = grid.axis(vector) if vector else None
    func = _RegimeCell(
        claim.id,
        registered,
        claim.closed,
        claim.exact,
        claim.error_scale,
        spec.coordinates if spec else None,
        vector,
        vec_axis.values if vec_axis else (),
        base,
    )
    cells = list(cell_grid.points())
    # the fixed values and the vector axis are part of what a cell computes, hence of its key
    keyed = [
        {**base, **c, **({vector: np.asarray(vec_axis.values)} if vector else {})} for c in cells
    ]
    outcome = run_cells(
        _Keyed(func, tuple(cell_grid.names)),
        keyed,
        task=f"regime:{claim.id}",
        store=store,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        progress=progress,
        cluster_kwargs=cluster_kwargs,
        code=code,
        prepare=spec.prepare if spec else None,
    )
    data = _assemble(grid, cell_grid, vec_axis, outcome)
    data.attrs.update(
        {
            "claim": claim.id,
            "paper": claim.paper,
            "equation": claim.equation,
            "title": claim.title,
            "tolerance": tol,
            "tolerance_note": claim.tolerance_note,
            "exact_counterpart": claim.exact_counterpart,
            "code_version": outcome.code,
            "grid": json.dumps([a.spec() for a in grid.axes]),
            "fixed": json.dumps({k: _jsonable(v) for k, v in base.items() if k not in grid.names}),
            "failed_cells": len(outcome.failures),
            "note": spec.note if spec else "",
        }
    )
    for a in grid.axes:
        data[a.name].attrs.update(
            {"log": int(a.log), "long_name": (spec.labels.get(a.name, a.name) if spec else a.name)}
        )
    along = (
        (spec.along if spec is not None and spec.along in grid.names else None)
        or vector
        or grid.names[-1]
    )
    return RegimeMap(
        claim.id, data, tol, along, validity_boundary(data["error"], tol, along), outcome
    )


class _Keyed:
    """Strips the key-only entries (fixed values, vector axis) before calling the regime cell."""

    def __init__(self, func: _RegimeCell, names: tuple[str, ...]) -> None:
        self.func, self.names = func, names

    def __call__(self, params: Mapping[str, Any]) -> Any:
        return self.func({k: params[k] for k in self.names})


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _assemble(grid: Grid, cell_grid: Grid, vec: Axis | None, outcome: SweepOutcome) -> xr.Dataset:
    shape = cell_grid.shape + ((len(vec),) if vec else ())
    dims = cell_grid.names + ((vec.name,) if vec else ())
    arrays = {
        k: np.full(int(np.prod(shape)), np.nan).reshape(-1, len(vec) if vec else 1)
        for k in ("error", "closed", "exact")
    }
    failed = np.zeros(arrays["error"].shape[0], dtype=bool)
    for n, v in enumerate(outcome.values):
        if v is None:
            failed[n] = True
            continue
        for k in arrays:
            arrays[k][n] = np.ravel(np.asarray(v[k], dtype=float))
    coords = {a.name: a.array for a in grid.axes}
    ds = xr.Dataset(
        {k: (dims, arrays[k].reshape(shape)) for k in arrays}
        | {"failed": (cell_grid.names, failed.reshape(cell_grid.shape))},
        coords={d: coords[d] for d in dims},
    )
    ds["error"].attrs["description"] = "|closed - exact| / scale (inf where a form is not finite)"
    return ds.transpose(*grid.names)
