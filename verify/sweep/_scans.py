"""The papers' parameter scans on the sweep engine: tucker2020 Fig. 3(a).

Each scan is a grid of cells run by :func:`run_cells` (a process pool, a dask
cluster, or serially), stored as they finish and resumed from the store; the
result is a labelled :class:`xarray.Dataset` and a heat map.

sundar2023 Fig. 3(b) needs the open-system cumulant solver of ``numeric.sundar``
and is not here yet.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from numeric import ParameterError

from ._engine import SweepOutcome, run_cells
from ._grid import Grid, parse_grid
from ._store import CellStore

__all__ = ["ScanResult", "tucker_fig3a", "SCANS"]

FIG3A_GRID = ("upsilon=0.5:1.1:20", "gamma_s=1:200:20:log")
"""The paper's axes (Upsilon/Upsilon_c, gamma_s/Gamma); the full 20 x 20 grid at N = 10^4 is hours of CPU."""

FIG3A_QUICK = ("upsilon=0.6:1.0:5", "gamma_s=20:200:4:log")
"""Default grid: 20 cells; at the default N = 1000 about a minute on 2 cores (see Notes of tucker_fig3a)."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A paper scan: its data over the grid, the sweep outcome, and the files written (if any)."""

    name: str
    data: xr.Dataset
    outcome: SweepOutcome
    files: Mapping[str, Path]

    def summary(self) -> str:
        d = self.data
        x = d["xi2_min_dB"].values
        lines = [f"scan {self.name}: {dict(d['xi2_min'].sizes)} at N = {d.attrs['N']}"]
        if np.isfinite(x).any():
            idx = np.unravel_index(int(np.nanargmax(x)), x.shape)
            where = ", ".join(f"{dim}={float(d[dim].values[i]):.4g}"
                              for dim, i in zip(d["xi2_min"].dims, idx, strict=True))
            lines.append(f"  best squeezing {x[idx]:.2f} dB at {where}")
        lines.append("  " + str(self.outcome).replace("\n", "\n  "))
        lines += [f"  {k}: {v}" for k, v in self.files.items()]
        return "\n".join(lines)


class _Fig3aCell:
    """min_t xi^2 over 0 < t <= T of the second-order cumulant dynamics at one (Upsilon, gamma_s)."""

    def __call__(self, p: Mapping[str, Any]) -> dict[str, float]:
        from ..claims.tucker import min_transient_xi2

        x, t = min_transient_xi2(int(p["N"]), 1.0, float(p["chi"]), float(p["upsilon"]),
                                 float(p["gamma_s"]), float(p["T"]), n=int(p["n"]))
        if not (math.isfinite(x) and x > 0):
            raise ValueError(f"cumulant xi^2 not finite and positive: {x}")
        return {"xi2_min": x, "t_min": t}


def _fig3a_prepare() -> None:
    """Derive and compile the cumulant equations once in the driver (~4 s); forked workers inherit them."""
    from ..claims.tucker import _cumulants

    _cumulants()


def tucker_fig3a(
    grid: Grid | Sequence[str] | None = None,
    *,
    N: int = 1000,
    chi: float = 0.0,
    T_gamma: float = 3.0,
    T_max: float = 3.0,
    n: int = 300,
    scheduler: str | None = None,
    workers: int | None = None,
    store: CellStore | str | Path | None = None,
    retries: int = 2,
    progress: bool | None = None,
    code: str | None = None,
    out: str | Path | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
) -> ScanResult:
    """Minimum transient squeezing over (Upsilon/Upsilon_c, gamma_s/Gamma), tucker2020 Fig. 3(a).

    Parameters
    ----------
    grid
        Axes ``upsilon`` (Upsilon/Upsilon_c) and ``gamma_s`` (gamma_s/Gamma), as
        ``p=lo:hi:n[:log]`` specifications; default :data:`FIG3A_QUICK`.
    N
        Atom number (the paper: 10^4; default 1000, see Notes).
    chi
        chi/Gamma (the paper: 0).
    T_gamma, T_max, n
        xi^2(t) is sampled at ``n`` times on 0 < t <= T, T = min(T_gamma/gamma_s,
        T_max) in units of 1/Gamma (the paper: "attainable simulation times cannot
        capture" t ~ 1/gamma_s for small gamma_s).
    scheduler, workers, store, retries, progress, code, cluster_kwargs
        Passed to :func:`run_cells`: cells are stored as they finish, a rerun with
        the same store resumes.
    out
        Directory for ``tucker_fig3a.nc`` and ``tucker_fig3a.png`` (None: no files).

    Returns
    -------
    ScanResult
        ``data`` holds ``xi2_min``, ``xi2_min_dB`` (= -10 log10 xi2_min, NaN
        where a cell failed) and ``t_min`` (Gamma t of the minimum).

    Notes
    -----
    Second-order cumulants (derived in ``derive.tucker``, integrated by
    ``numeric.tucker.integrate_moments`` with LSODA, time step checked at
    rtol/10), initial CSS along -x, validated against the exact
    permutation-invariant solver in the claim ``tucker.fig3``; the minimum is
    taken over the whole sampled window (the initial collective minimum
    included), as in that claim.  The equations are stiff (rates ~ N Gamma):
    one cell at N = 10^4, gamma_s = Gamma, T = 3/Gamma took ~120 s on this
    machine, so the paper's 20 x 20 grid at N = 10^4 is hours of CPU, not
    the 2 minutes of a quick scan; hence the default N = 1000 and a coarse grid.
    """
    if int(N) < 2:
        raise ParameterError("N", "an integer >= 2", N)
    if not (T_gamma > 0 and T_max > 0):
        raise ParameterError("T_gamma, T_max", "positive", (T_gamma, T_max))
    if grid is None:
        grid = FIG3A_QUICK
    if not isinstance(grid, Grid):
        grid = parse_grid(list(grid), allowed=("upsilon", "gamma_s"))
    if set(grid.names) != {"upsilon", "gamma_s"}:
        raise ParameterError("grid", "the two axes upsilon and gamma_s", grid.names)
    if any(v <= 0 for v in grid.axis("gamma_s").values):
        raise ParameterError("gamma_s", "> 0 (gamma_s = 0 needs an unbounded time window)",
                             min(grid.axis("gamma_s").values))
    pts = list(grid.points())
    cells = [{"N": int(N), "chi": float(chi), "upsilon": float(p["upsilon"]),
              "gamma_s": float(p["gamma_s"]), "T": min(T_gamma / float(p["gamma_s"]), T_max), "n": int(n)}
             for p in pts]
    outcome = run_cells(_Fig3aCell(), cells, task="scan:tucker.fig3a", store=store, scheduler=scheduler,
                        workers=workers, retries=retries, progress=progress, code=code,
                        cluster_kwargs=cluster_kwargs, prepare=_fig3a_prepare)
    xi2 = np.array([np.nan if v is None else v["xi2_min"] for v in outcome.values]).reshape(grid.shape)
    tmin = np.array([np.nan if v is None else v["t_min"] for v in outcome.values]).reshape(grid.shape)
    coords = {a.name: a.array for a in grid.axes}
    data = xr.Dataset({"xi2_min": (grid.names, xi2), "xi2_min_dB": (grid.names, -10 * np.log10(xi2)),
                       "t_min": (grid.names, tmin)}, coords=coords)
    data["upsilon"].attrs["long_name"] = r"$\Upsilon/\Upsilon_c$"
    data["gamma_s"].attrs["long_name"] = r"$\gamma_s/\Gamma$"
    data.attrs.update({"scan": "tucker2020 Fig. 3(a)", "N": int(N), "chi_over_Gamma": float(chi),
                       "T_gamma": T_gamma, "T_max": T_max, "n_times": int(n), "code_version": outcome.code,
                       "method": "second-order cumulants, initial CSS along -x, min over 0 < Gamma t <= T",
                       "failed_cells": len(outcome.failures)})
    files: dict[str, Path] = {}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = {"netcdf": out / "tucker_fig3a.nc", "png": out / "tucker_fig3a.png"}
        data.to_netcdf(files["netcdf"])
        _plot_fig3a(data, files["png"])
    return ScanResult("tucker.fig3a", data, outcome, files)


def _plot_fig3a(data: xr.Dataset, path: Path) -> Path:
    """Heat map of the minimum squeezing in dB over (Upsilon/Upsilon_c, gamma_s/Gamma)."""
    from ._plot import _pyplot

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.0, 4.5), dpi=110)
    db = data["xi2_min_dB"].transpose("gamma_s", "upsilon")
    mesh = ax.pcolormesh(data["upsilon"].values, data["gamma_s"].values, db.values, shading="nearest",
                         cmap="magma")
    fig.colorbar(mesh, ax=ax, label=r"$-10\log_{10}\xi^2_{\min}$ (dB)")
    ax.axvline(1 / math.sqrt(2), color="C0", ls="--", lw=1, label=r"$\Upsilon'_c=\Upsilon_c/\sqrt{2}$")
    ax.axvline(1.0, color="C2", ls=":", lw=1, label=r"$\Upsilon_c$")
    gs = data["gamma_s"].values
    if len(gs) > 2 and np.all(gs > 0) and gs.max() / gs.min() > 20:
        ax.set_yscale("log")
    ax.set_xlabel(r"$\Upsilon/\Upsilon_c$")
    ax.set_ylabel(r"$\gamma_s/\Gamma$")
    ax.set_title(f"tucker2020 Fig. 3(a): min transient squeezing, N = {data.attrs['N']}, "
                 f"$\\chi/\\Gamma$ = {data.attrs['chi_over_Gamma']:g} (cumulants)", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


SCANS = {"tucker.fig3a": tucker_fig3a}
"""Scans by name, for ``qderive sweep scan NAME``."""
