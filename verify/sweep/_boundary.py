"""The boundary of validity of a closed form: where its error first exceeds the tolerance."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

__all__ = ["validity_boundary"]


def validity_boundary(error: xr.DataArray, tolerance: float, along: str) -> xr.Dataset:
    """First value of ``along`` where ``error`` exceeds ``tolerance``, for every value of the other axes.

    Returns a Dataset over the other axes with ``first_invalid`` (the first grid
    value with error > tolerance, or failed), ``last_valid`` (the grid value
    before it), ``boundary`` (the crossing interpolated linearly in
    log(error) against the axis, or log of the axis when ``along`` is a log
    axis, attribute ``log``) and ``exceeded`` (False: valid over the whole scanned
    range; then ``boundary`` and ``first_invalid`` are NaN by definition and
    ``last_valid`` is the end of the range).  ``first_invalid == x[0]`` with
    ``last_valid`` NaN means invalid already at the start of the range.
    """
    x = np.asarray(error[along].values, dtype=float)
    logx = bool(error[along].attrs.get("log", False))
    moved = error.transpose(..., along)
    flat = moved.values.reshape(-1, x.size)
    n = flat.shape[0]
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    bnd = np.full(n, np.nan)
    exceeded = np.zeros(n, dtype=bool)
    for r, e in enumerate(flat):
        bad = ~(e <= tolerance)  # NaN (a failed cell) counts as not shown to be valid
        if not bad.any():
            last[r] = x[-1]
            continue
        i = int(np.argmax(bad))
        exceeded[r] = True
        first[r] = x[i]
        if i == 0:
            continue
        last[r] = x[i - 1]
        e0, e1 = e[i - 1], e[i]
        if np.isfinite(e1) and e0 > 0 and e1 > e0:
            u0, u1 = (math.log(x[i - 1]), math.log(x[i])) if logx else (x[i - 1], x[i])
            w = (math.log(tolerance) - math.log(e0)) / (math.log(e1) - math.log(e0))
            u = u0 + w * (u1 - u0)
            bnd[r] = math.exp(u) if logx else u
        else:
            bnd[r] = x[i]
    others = [d for d in moved.dims if d != along]
    shape = tuple(moved.sizes[d] for d in others)
    coords = {d: error[d] for d in others}

    def da(a: np.ndarray, doc: str) -> xr.DataArray:
        return xr.DataArray(
            a.reshape(shape), dims=others, coords=coords, attrs={"description": doc}
        )

    return xr.Dataset(
        {
            "boundary": da(bnd, f"{along} where the error crosses the tolerance (interpolated)"),
            "last_valid": da(
                last, f"largest grid {along} before the error first exceeds the tolerance"
            ),
            "first_invalid": da(first, f"first grid {along} with error above the tolerance"),
            "exceeded": da(exceeded, "the error exceeds the tolerance inside the scanned range"),
        },
        attrs={"along": along, "tolerance": float(tolerance), "log": int(logx)},
    )
