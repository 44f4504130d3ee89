"""tucker2020 Figs. 3(a) and 3(b) as parameter scans on the sweep engine (``qderive sweep scan``).

Each scan is a grid of cells run by :func:`verify.sweep.run_cells` (a process pool, a dask
cluster, or serially), stored as they finish and resumed from the store; the result is a
labelled :class:`xarray.Dataset` and a figure.  Registered as ``tucker.fig3a`` and
``tucker.fig3b`` (xarray and the engine are imported when a scan runs, not at registration).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from numeric import ParameterError

from ..sweep import register_scan
from ..sweep._grid import Grid, parse_grid
from ..sweep._scan import ScanResult

if TYPE_CHECKING:
    import xarray as xr

    from ..sweep import CellStore, SweepOutcome

__all__ = [
    "TransientScanResult",
    "tucker_fig3a",
    "tucker_fig3b",
    "FIG3A_GRID",
    "FIG3A_QUICK",
    "FIG3B_GRID",
]

FIG3A_GRID = ("upsilon=0.5:1.1:20", "gamma_s=1:200:20:log")
"""The paper's axes (Upsilon/Upsilon_c, gamma_s/Gamma), 20 x 20; the default (~1.5 CPU-minutes at N = 10^4)."""

FIG3A_QUICK = ("upsilon=0.6:1.0:5", "gamma_s=20:200:4:log")
"""A 20-cell grid for quick looks and tests (seconds at N = 10^4)."""

FIG3B_GRID = ("chi=0:4:21",)
"""Fig. 3(b) axis chi/Gamma (Upsilon = 0.9 Upsilon_c, gamma_s = 50 Gamma)."""


@dataclass(frozen=True, slots=True)
class TransientScanResult(ScanResult):
    """A Fig. 3 scan: minimum transient squeezing over the grid, with the best cell in the summary."""

    def summary(self) -> str:
        d = self.data
        x = d["xi2_min_dB"].values
        lines = [f"scan {self.name}: {dict(d['xi2_min'].sizes)} at N = {d.attrs['N']}"]
        if np.isfinite(x).any():
            idx = np.unravel_index(int(np.nanargmax(x)), x.shape)
            where = ", ".join(
                f"{dim}={float(d[dim].values[i]):.4g}"
                for dim, i in zip(d["xi2_min"].dims, idx, strict=True)
            )
            lines.append(f"  best squeezing {x[idx]:.2f} dB at {where}")
        lines.append("  " + str(self.outcome).replace("\n", "\n  "))
        lines += [f"  {k}: {v}" for k, v in self.files.items()]
        return "\n".join(lines)


class _Fig3aCell:
    """Minimum transient squeezing (after the initial collective minimum) of the cumulant dynamics.

    The criterion and the stopping rules are those of
    :func:`numeric.tucker._cum_solver.min_transient_squeezing`; the value is the one of
    :func:`verify.claims.tucker_transient.min_transient_xi2` (same first pass), plus the ODE-tolerance
    check (a second pass at rtol/10) and why the window ended.
    """

    def __call__(self, p: Mapping[str, Any]) -> dict[str, float]:
        from numeric.tucker._cum_solver import min_transient_squeezing

        d = tuple(p["direction"]) if "direction" in p else (-1.0, 0.0, 0.0)
        r = min_transient_squeezing(
            int(p["N"]),
            1.0,
            float(p["chi"]),
            float(p["upsilon"]),
            float(p["gamma_s"]),
            d,
            T=float(p["T"]),
        )
        x = float(r["xi2_min"][0])
        if not (math.isfinite(x) and x > 0):
            raise ValueError(f"cumulant xi^2 not finite and positive: {x}")
        conv = {c.truncation: c for c in r.convergence}
        return {
            "xi2_min": x,
            "t_min": float(r["t_min"][0]),
            "xi2_initial": float(r["xi2_initial"][0]),
            "ode_error": float(conv["ODE tolerance"].error),
            "window_ok": float(conv["time window"].converged),
            "closure_failure": float(r.extra["stop"] == "closure failure"),
        }


def _fig3a_prepare() -> None:
    """Load the numba cumulant kernel once in the driver (cached on disk); forked workers inherit it."""
    from numeric.tucker._cum_solver import min_transient_squeezing

    min_transient_squeezing(10, 1.0, 0.0, 0.9, 1.0, check=False)


def tucker_fig3a(
    grid: Grid | Sequence[str] | None = None,
    *,
    N: int = 10_000,
    chi: float = 0.0,
    T_gamma: float = 20.0,
    T_max: float | None = None,
    n: int = 300,
    scheduler: str | None = None,
    workers: int | None = None,
    store: CellStore | str | Path | None = None,
    retries: int = 2,
    progress: bool | None = None,
    code: str | None = None,
    out: str | Path | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
) -> TransientScanResult:
    """Minimum transient squeezing over (Upsilon/Upsilon_c, gamma_s/Gamma), tucker2020 Fig. 3(a).

    Parameters
    ----------
    grid
        Axes ``upsilon`` (Upsilon/Upsilon_c) and ``gamma_s`` (gamma_s/Gamma), as
        ``p=lo:hi:n[:log]`` specifications; default :data:`FIG3A_GRID` (the paper's 20 x 20).
    N
        Atom number (the paper: 10^4).
    chi
        chi/Gamma (the paper: 0).
    T_gamma, T_max
        Longest window T = T_gamma/gamma_s (capped at T_max if given) in units of 1/Gamma;
        most cells stop earlier (normal phase reached or stationary, see Notes).
    n
        Kept for the cell keys of older stores; the cumulant search samples adaptively.
    scheduler, workers, store, retries, progress, code, cluster_kwargs
        Passed to :func:`verify.sweep.run_cells`: cells are stored as they finish, a rerun with
        the same store resumes.
    out
        Directory for ``tucker_fig3a.nc`` and ``tucker_fig3a.png`` (None: no files).

    Returns
    -------
    ScanResult
        ``data`` holds ``xi2_min``, ``xi2_min_dB`` (= -10 log10 xi2_min, NaN where a cell
        failed), ``t_min`` (Gamma t of the minimum), ``xi2_initial`` (the excluded initial
        collective minimum), ``ode_error`` (relative change of xi2_min at rtol/10),
        ``window_ok`` and ``closure_failure`` (1 where the Gaussian closure left the physical
        state space after the minimum; those samples never count).

    Notes
    -----
    Second-order cumulants in scaled variables (derived in ``derive.tucker``, numba kernel
    with exact Jacobian, odeint LSODA), initial CSS along -x, validated against the exact
    permutation-invariant solver in the claim ``tucker.fig3``.  Minimum transient squeezing
    = min of xi^2(t) after the initial collective minimum (first local minimum of xi^2 and
    the rise to the next local maximum excluded); the window ends when N_eff < 0.75 N_c
    (normal phase: squeezing lost for good), at stationarity, or at T.  Measured at N = 10^4:
    0.01-0.7 s per cell for one pass (slowest near Upsilon'_c at gamma_s = Gamma, fastest at
    gamma_s = 200 Gamma), twice that with the rtol/10 check; the default 20 x 20 map took 61-81 s
    wall on 2 processes (machine shared, load ~3-4), 42 s for one pass on one core.
    """
    if int(N) < 2:
        raise ParameterError("N", "an integer >= 2", N)
    if not (T_gamma > 0 and (T_max is None or T_max > 0)):
        raise ParameterError("T_gamma, T_max", "positive", (T_gamma, T_max))
    if grid is None:
        grid = FIG3A_GRID
    if not isinstance(grid, Grid):
        grid = parse_grid(list(grid), allowed=("upsilon", "gamma_s"))
    if set(grid.names) != {"upsilon", "gamma_s"}:
        raise ParameterError("grid", "the two axes upsilon and gamma_s", grid.names)
    if any(v <= 0 for v in grid.axis("gamma_s").values):
        raise ParameterError(
            "gamma_s",
            "> 0 (gamma_s = 0 needs an unbounded time window)",
            min(grid.axis("gamma_s").values),
        )
    pts = list(grid.points())
    cap = math.inf if T_max is None else float(T_max)
    cells = [
        {
            "N": int(N),
            "chi": float(chi),
            "upsilon": float(p["upsilon"]),
            "gamma_s": float(p["gamma_s"]),
            "T": min(T_gamma / float(p["gamma_s"]), cap),
            "n": int(n),
        }
        for p in pts
    ]
    from ..sweep import run_cells

    outcome = run_cells(
        _Fig3aCell(),
        cells,
        task="scan:tucker.fig3a",
        store=store,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        progress=progress,
        code=code,
        cluster_kwargs=cluster_kwargs,
        prepare=_fig3a_prepare,
    )
    data = _dataset(outcome, grid.names, grid.shape, {a.name: a.array for a in grid.axes})
    data["upsilon"].attrs["long_name"] = r"$\Upsilon/\Upsilon_c$"
    data["gamma_s"].attrs["long_name"] = r"$\gamma_s/\Gamma$"
    data.attrs.update(
        {
            "scan": "tucker2020 Fig. 3(a)",
            "N": int(N),
            "chi_over_Gamma": float(chi),
            "T_gamma": T_gamma,
            "T_max": cap,
            "code_version": outcome.code,
            "method": "second-order cumulants, initial CSS along -x, min of xi^2 after the "
            "initial collective minimum",
            "failed_cells": len(outcome.failures),
        }
    )
    files: dict[str, Path] = {}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = {"netcdf": out / "tucker_fig3a.nc", "png": out / "tucker_fig3a.png"}
        data.to_netcdf(files["netcdf"])
        _plot_fig3a(data, files["png"])
    return TransientScanResult("tucker.fig3a", data, outcome, files)


_FIELDS = ("xi2_min", "t_min", "xi2_initial", "ode_error", "window_ok", "closure_failure")


def _dataset(outcome: SweepOutcome, dims, shape, coords) -> xr.Dataset:
    import xarray as xr

    def field(k):
        return np.array(
            [np.nan if v is None else v.get(k, np.nan) for v in outcome.values], float
        ).reshape(shape)

    vars_ = {k: (tuple(dims), field(k)) for k in _FIELDS}
    vars_["xi2_min_dB"] = (tuple(dims), -10 * np.log10(field("xi2_min")))
    return xr.Dataset(vars_, coords=coords)


def tucker_fig3b(
    grid: Grid | Sequence[str] | None = None,
    *,
    N: int = 10_000,
    upsilon: float = 0.9,
    gamma_s: float = 50.0,
    T_gamma: float = 20.0,
    scheduler: str | None = None,
    workers: int | None = None,
    store: CellStore | str | Path | None = None,
    retries: int = 2,
    progress: bool | None = None,
    code: str | None = None,
    out: str | Path | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
) -> TransientScanResult:
    """Minimum transient squeezing vs chi/Gamma at Upsilon = 0.9 Upsilon_c, gamma_s = 50 Gamma (Fig. 3(b)).

    Parameters
    ----------
    grid
        One axis ``chi`` (chi/Gamma); default :data:`FIG3B_GRID`.
    N, upsilon, gamma_s
        Atom number, Upsilon/Upsilon_c and gamma_s/Gamma (the paper: 10^4, 0.9, 50).
    T_gamma
        Longest window T = T_gamma/gamma_s.
    scheduler, workers, store, retries, progress, code, out, cluster_kwargs
        As in :func:`tucker_fig3a` (files ``tucker_fig3b.nc`` / ``.png``).

    Notes
    -----
    Initial state: the CSS along the gamma_s = 0 mean-field steady state for each chi (the
    paper: "to account for the rotations that result from different values of chi/Gamma"),
    compiled from ``derive.tucker.meanfield_steady_direction``.  Same criterion as Fig. 3(a);
    ``xi2_initial`` is the excluded earlier transient (at chi = 0 there is none: the state
    starts at the fixed point, and the first local minimum is the slow transient itself unless
    xi^2 first rises; ``t_min`` shows which).
    """
    from ..sweep import run_cells
    from .tucker import mf_direction

    if grid is None:
        grid = FIG3B_GRID
    if not isinstance(grid, Grid):
        grid = parse_grid(list(grid), allowed=("chi",))
    if grid.names != ("chi",):
        raise ParameterError("grid", "the one axis chi", grid.names)
    if not (0 < upsilon <= 1):
        raise ParameterError(
            "upsilon", "0 < Upsilon/Upsilon_c <= 1 (the mean-field fixed point exists)", upsilon
        )
    if not gamma_s > 0:
        raise ParameterError("gamma_s", "> 0", gamma_s)
    cells = [
        {
            "N": int(N),
            "chi": float(p["chi"]),
            "upsilon": float(upsilon),
            "gamma_s": float(gamma_s),
            "T": T_gamma / float(gamma_s),
            "direction": list(mf_direction(1.0, float(p["chi"]), upsilon)),
        }
        for p in grid.points()
    ]
    outcome = run_cells(
        _Fig3aCell(),
        cells,
        task="scan:tucker.fig3b",
        store=store,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        progress=progress,
        code=code,
        cluster_kwargs=cluster_kwargs,
        prepare=_fig3a_prepare,
    )
    data = _dataset(outcome, grid.names, grid.shape, {a.name: a.array for a in grid.axes})
    data["chi"].attrs["long_name"] = r"$\chi/\Gamma$"
    data.attrs.update(
        {
            "scan": "tucker2020 Fig. 3(b)",
            "N": int(N),
            "upsilon": float(upsilon),
            "gamma_s_over_Gamma": float(gamma_s),
            "code_version": outcome.code,
            "method": "second-order cumulants, initial CSS along the gamma_s = 0 mean-field "
            "steady state, min of xi^2 after the initial collective minimum",
            "failed_cells": len(outcome.failures),
        }
    )
    files: dict[str, Path] = {}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = {"netcdf": out / "tucker_fig3b.nc", "png": out / "tucker_fig3b.png"}
        data.to_netcdf(files["netcdf"])
        _plot_fig3b(data, files["png"])
    return TransientScanResult("tucker.fig3b", data, outcome, files)


def _plot_fig3b(data: xr.Dataset, path: Path) -> Path:
    """Minimum transient squeezing (dB) vs chi/Gamma."""
    from ..sweep._plot import _pyplot

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.8), dpi=110)
    ax.plot(data["chi"].values, data["xi2_min_dB"].values, "o-")
    ax.set_xlabel(r"$\chi/\Gamma$")
    ax.set_ylabel(r"$-10\log_{10}\xi^2_{\min}$ (dB)")
    ax.set_title(
        f"tucker2020 Fig. 3(b): N = {data.attrs['N']}, $\\Upsilon/\\Upsilon_c$ = {data.attrs['upsilon']:g}, "
        f"$\\gamma_s/\\Gamma$ = {data.attrs['gamma_s_over_Gamma']:g} (cumulants)",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _plot_fig3a(data: xr.Dataset, path: Path) -> Path:
    """Heat map of the minimum squeezing in dB over (Upsilon/Upsilon_c, gamma_s/Gamma)."""
    from ..sweep._plot import _pyplot

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.0, 4.5), dpi=110)
    db = data["xi2_min_dB"].transpose("gamma_s", "upsilon")
    mesh = ax.pcolormesh(
        data["upsilon"].values, data["gamma_s"].values, db.values, shading="nearest", cmap="magma"
    )
    fig.colorbar(mesh, ax=ax, label=r"$-10\log_{10}\xi^2_{\min}$ (dB)")
    ax.axvline(
        1 / math.sqrt(2), color="C0", ls="--", lw=1, label=r"$\Upsilon'_c=\Upsilon_c/\sqrt{2}$"
    )
    ax.axvline(1.0, color="C2", ls=":", lw=1, label=r"$\Upsilon_c$")
    gs = data["gamma_s"].values
    if len(gs) > 2 and np.all(gs > 0) and gs.max() / gs.min() > 20:
        ax.set_yscale("log")
    ax.set_xlabel(r"$\Upsilon/\Upsilon_c$")
    ax.set_ylabel(r"$\gamma_s/\Gamma$")
    ax.set_title(
        f"tucker2020 Fig. 3(a): min transient squeezing, N = {data.attrs['N']}, "
        f"$\\chi/\\Gamma$ = {data.attrs['chi_over_Gamma']:g} (cumulants)",
        fontsize=9,
    )
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


register_scan(
    "tucker.fig3a",
    tucker_fig3a,
    "tucker2020 Fig. 3(a): minimum transient squeezing over (Upsilon/Upsilon_c, gamma_s/Gamma), "
    "second-order cumulants, N = 10^4, 20 x 20 (~1-1.5 min on 2 cores); --set chi=... sets chi/Gamma",
)
register_scan(
    "tucker.fig3b",
    tucker_fig3b,
    "tucker2020 Fig. 3(b): the same vs chi/Gamma (chi=0:4:21) at Upsilon = 0.9 Upsilon_c, "
    "gamma_s = 50 Gamma",
)
