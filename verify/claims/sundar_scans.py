"""sundar2023 Fig. 3(b) on the sweep engine: best sensitivity over t against the cavity detuning.

One cell per detuning Delta/(sqrt(N) kappa): the second-order cumulant dynamics (derived in
``derive.sundar``, compiled) with chi = C/(4x), Gamma = C/(4x^2), gamma_s = 1, x = Delta/kappa,
minimised over t (:func:`verify.claims.sundar_fig3.best_time`).  Cells are stored as they finish
and resumed from the store; the result is a labelled :class:`xarray.Dataset` and a figure.
Registered as the scan ``sundar.fig3b`` (xarray and the engine are imported when it runs).
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

    from ..sweep import CellStore

__all__ = ["SundarScanResult", "sundar_fig3b", "FIG3B_SUNDAR_GRID", "FIG3B_SUNDAR_QUICK"]

FIG3B_SUNDAR_GRID = ("x=0.1:2.0:25:log",)
"""Delta/(sqrt(N) kappa) from 0.1 to 2, 25 points (the optimum is near 0.45 at C = 10, N = 1e5)."""

FIG3B_SUNDAR_QUICK = ("x=0.2:1.0:5:log",)


@dataclass(frozen=True, slots=True)
class SundarScanResult(ScanResult):
    """A sundar2023 Fig. 3(b) scan: its data, the sweep outcome, and the files written (if any)."""

    def summary(self) -> str:
        d = self.data
        y = d["N34_dphi"].values
        lines = [f"scan {self.name}: {y.size} detunings at N = {d.attrs['N']}, C = {d.attrs['C']}"]
        if np.isfinite(y).any():
            i = int(np.nanargmin(y))
            lines.append(
                f"  best N^(3/4) Delta phi = {y[i]:.4f} at Delta/(sqrt(N) kappa) = {float(d['x'].values[i]):.4g}"
                f" (printed Eq. (7): {d.attrs['printed_N34']:.4f} at {d.attrs['printed_x']:.4g}; "
                f"derived {d.attrs['derived_N34']:.4f})"
            )
        lines.append("  " + str(self.outcome).replace("\n", "\n  "))
        lines += [f"  {k}: {v}" for k, v in self.files.items()]
        return "\n".join(lines)


class _Fig3bCell:
    """min over t of (Delta phi)^2 (phi = 0, difference protocol) at one detuning, second-order cumulants."""

    def __call__(self, p: Mapping[str, Any]) -> dict[str, float]:
        from .sundar_fig3 import best_time, dphi2_curve

        N, C = int(p["N"]), float(p["C"])
        x = float(p["x"]) * math.sqrt(N)
        d, tau = best_time(N, C, x, n=int(p["n"]))
        if not (math.isfinite(d) and d > 0):
            raise ValueError(f"cumulant (Delta phi)^2 not finite and positive: {d}")
        # ODE tolerance at this detuning, up to the optimal time (rtol/10 re-solve)
        r = dphi2_curve(N, C, x, np.linspace(0.0, tau, 40), check=True)
        return {
            "dphi2_best": d,
            "tau_best": tau,
            "N34_dphi": N**0.75 * math.sqrt(d),
            "ode_error": float(r.convergence[0].error),
        }


def _fig3b_prepare() -> None:
    """Derive and compile the cumulant equations once in the driver (forked workers inherit them)."""
    from .sundar_fig3 import _cumulants

    _cumulants()


_FIELDS = ("dphi2_best", "tau_best", "N34_dphi", "ode_error")


def sundar_fig3b(
    grid: Grid | Sequence[str] | None = None,
    *,
    N: int = 100_000,
    C: float = 10.0,
    n: int = 400,
    scheduler: str | None = None,
    workers: int | None = None,
    store: CellStore | str | Path | None = None,
    retries: int = 2,
    progress: bool | None = True,
    code: str | None = None,
    out: str | Path | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
    **kw: Any,
) -> SundarScanResult:
    """Best Ramsey sensitivity over t against Delta/(sqrt(N) kappa), sundar2023 Fig. 3(b).

    Parameters
    ----------
    grid
        One axis ``x`` = Delta/(sqrt(N) kappa) as a ``x=lo:hi:n[:log]`` specification; default
        :data:`FIG3B_SUNDAR_GRID`.
    N, C
        Atom number and single-atom cooperativity (the paper: 10^5 and 10).
    n
        Points of the N chi t grid on [0, ln(NC) + 3] searched for the minimum (then refined
        by a parabola through the three best points).
    scheduler, workers, store, retries, progress, code, cluster_kwargs
        Passed to :func:`verify.sweep.run_cells`: cells are stored as they finish, a rerun with the same
        store resumes.
    out
        Directory for ``sundar_fig3b.nc`` and ``sundar_fig3b.png`` (None: no files).
    **kw
        Accepted for the common scan interface of ``qderive sweep scan``: ``chi`` may be passed
        as 0 or None (chi is set by C and Delta here); anything else is an error.

    Returns
    -------
    SundarScanResult
        ``data`` holds ``dphi2_best`` (min over t of (Delta phi)^2), ``N34_dphi``
        (= N^{3/4} sqrt(dphi2_best), the paper's axis), ``tau_best`` (N chi t there) and
        ``ode_error`` (relative change at rtol/10); attrs carry the printed and derived Eq. (7).

    Notes
    -----
    Second-order cumulants (Gaussian closure): exact in the linearised limit, optimistic beyond
    it (checked against the exact permutation-symmetric Lindblad solver at N <= 16 in the claim
    ``sundar.eq7``).  One cell costs ~0.5 s at any N.
    """
    from .sundar_fig3 import detuning_opt, eq7, eq7_printed

    extra = {k: v for k, v in kw.items() if not (k == "chi" and v in (None, 0, 0.0))}
    if extra:
        raise ParameterError(
            "sundar_fig3b keyword",
            "N, C, n, grid and the sweep options (chi is set by C, Delta)",
            ", ".join(sorted(extra)),
        )
    if int(N) < 2 or int(N) % 2:
        raise ParameterError("N", "a positive even integer", N)
    if not (C > 0):
        raise ParameterError("C", "a cooperativity > 0", C)
    if grid is None:
        grid = FIG3B_SUNDAR_GRID
    if not isinstance(grid, Grid):
        grid = parse_grid(list(grid), allowed=("x",))
    if tuple(grid.names) != ("x",):
        raise ParameterError("grid", "the single axis x = Delta/(sqrt(N) kappa)", grid.names)
    if any(v <= 0 for v in grid.axis("x").values):
        raise ParameterError("x", "> 0", min(grid.axis("x").values))
    import xarray as xr

    from ..sweep import run_cells

    cells = [{"N": int(N), "C": float(C), "x": float(p["x"]), "n": int(n)} for p in grid.points()]
    outcome = run_cells(
        _Fig3bCell(),
        cells,
        task="scan:sundar.fig3b",
        store=store,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        progress=progress,
        code=code,
        cluster_kwargs=cluster_kwargs,
        prepare=_fig3b_prepare,
    )

    def field(k):
        return np.array([np.nan if v is None else v.get(k, np.nan) for v in outcome.values], float)

    data = xr.Dataset({k: (("x",), field(k)) for k in _FIELDS}, coords={"x": grid.axis("x").array})
    data["x"].attrs["long_name"] = r"$\Delta/(\sqrt{N}\kappa)$"
    data.attrs.update(
        {
            "scan": "sundar2023 Fig. 3(b)",
            "N": int(N),
            "C": float(C),
            "code_version": outcome.code,
            "method": "second-order cumulants, phi = 0, difference protocol, min over t",
            "printed_x": detuning_opt(N, C) / math.sqrt(N),
            "printed_N34": math.sqrt(eq7_printed(N, C) * N**1.5),
            "derived_N34": math.sqrt(eq7(N, C) * N**1.5),
            "failed_cells": len(outcome.failures),
        }
    )
    files: dict[str, Path] = {}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = {"netcdf": out / "sundar_fig3b.nc", "png": out / "sundar_fig3b.png"}
        data.to_netcdf(files["netcdf"])
        _plot(data, files["png"])
    return SundarScanResult("sundar.fig3b", data, outcome, files)


def _plot(data: xr.Dataset, path: Path) -> Path:
    from ..sweep._plot import _pyplot

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.8), dpi=110)
    ax.semilogx(data["x"].values, data["N34_dphi"].values, "o-", label="cumulants, min over t")
    ax.plot(
        [data.attrs["printed_x"]], [data.attrs["printed_N34"]], "r*", ms=10, label="printed Eq. (7)"
    )
    ax.plot([data.attrs["printed_x"]], [data.attrs["derived_N34"]], "ks", label="derived Eq. (7)")
    ax.set_xlabel(r"$\Delta/(\sqrt{N}\kappa)$")
    ax.set_ylabel(r"$N^{3/4}\Delta\phi_{\rm best}$")
    ax.set_title(
        f"sundar2023 Fig. 3(b): N = {data.attrs['N']}, C = {data.attrs['C']:g} (cumulants)",
        fontsize=9,
    )
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


register_scan(
    "sundar.fig3b",
    sundar_fig3b,
    "sundar2023 Fig. 3(b): best Ramsey sensitivity N^(3/4) Delta phi vs Delta/(sqrt(N) kappa) at "
    "C = 10, N = 10^5 (--set C=20 changes the cooperativity)",
)
