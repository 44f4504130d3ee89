"""Figures of sweeps: regime heat maps with the tolerance contour, scaling fits in log-log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ._regime import RegimeMap
    from ._scaling import ScalingFit

__all__ = ["plot_regime", "plot_scaling"]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only; never needs a display
    import matplotlib.pyplot as plt

    return plt


def _label(da, name: str) -> str:
    return str(da[name].attrs.get("long_name", name))


def plot_regime(rm: RegimeMap, path: Path) -> Path:
    """log10 of the relative error over two axes, the tolerance contour, the boundary points.

    One axis: the error curve against the tolerance line.  More than two axes:
    the maximum over the extra axes (said in the title).
    """
    plt = _pyplot()
    err = rm.error
    along = rm.along
    others = [d for d in err.dims if d != along]
    title = f"{rm.claim_id}: relative error (tolerance {rm.tolerance:g})"
    if len(others) > 1:
        extra = others[1:]
        err = err.max(dim=extra)
        title += f"\nmax over {', '.join(extra)}"
        others = others[:1]
    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=110)
    x = err[along].values.astype(float)
    with np.errstate(divide="ignore"):
        logerr = np.log10(np.clip(err.transpose(*others, along).values, 1e-17, None))
    finite = logerr[np.isfinite(logerr)]
    top = float(finite.max()) if finite.size else 0.0
    # inf (a form not finite) drawn at the top of the scale; NaN (a failed cell) left blank
    logerr = np.where(np.isposinf(logerr), top + 1.0, logerr)
    logtol = np.log10(rm.tolerance)
    if not others:
        ax.plot(x, logerr, "o-", ms=3, label="closed vs exact")
        ax.axhline(logtol, color="k", ls="--", label=f"tolerance {rm.tolerance:g}")
        b = float(rm.boundary["boundary"].values)
        if np.isfinite(b):
            ax.axvline(b, color="C3", ls=":", label=f"boundary {along} = {b:.3g}")
        ax.set_ylabel("log10 relative error")
        ax.legend(fontsize=8)
    else:
        y = err[others[0]].values.astype(float)
        vmin = max(float(finite.min()) if finite.size else -16.0, -16.0)
        mesh = ax.pcolormesh(
            x, y, logerr, shading="nearest", cmap="viridis", vmin=vmin, vmax=max(top, logtol + 0.5)
        )
        fig.colorbar(mesh, ax=ax, label="log10 relative error")
        if len(x) > 1 and len(y) > 1 and np.nanmin(logerr) < logtol < np.nanmax(logerr):
            cs = ax.contour(
                x,
                y,
                np.nan_to_num(logerr, nan=top + 1.0),
                levels=[logtol],
                colors="white",
                linewidths=1.5,
                linestyles="solid",
            )
            ax.clabel(cs, fmt={logtol: f"tol {rm.tolerance:g}"}, fontsize=7)
        bnd = rm.boundary["boundary"]
        if len(rm.boundary["boundary"].dims) == 1:
            yb = rm.boundary[bnd.dims[0]].values.astype(float)
            ok = np.isfinite(bnd.values)
            ax.plot(bnd.values[ok], yb[ok], "r.", ms=5, label="boundary (interpolated)")
            if ok.any():
                ax.legend(fontsize=8, loc="upper right")
        ax.set_ylabel(_label(rm.error, others[0]))
        if rm.error[others[0]].attrs.get("log"):
            ax.set_yscale("log")
        if np.isnan(logerr).any():
            title += "\n(blank: failed cells)"
    if rm.error[along].attrs.get("log"):
        ax.set_xscale("log")
    ax.set_xlabel(_label(rm.error, along))
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_scaling(fit: ScalingFit, path: Path) -> Path:
    """The exact data against N in log-log, the fitted power law, and the derived one if known."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.0, 4.5), dpi=110)
    N = np.asarray(fit.N, dtype=float)
    y = np.abs(np.asarray(fit.y, dtype=float))
    ax.loglog(N, y, "o", label="exact")
    grid = np.geomspace(N.min(), N.max(), 100)
    ax.loglog(
        grid,
        fit.prefactor * grid**fit.exponent,
        "-",
        label=f"fit: ({fit.prefactor:.3g}±{fit.prefactor_err:.1g}) N^({fit.exponent:.4f}±{fit.exponent_err:.1g})",
    )
    if fit.expected is not None:
        pref = fit.expected_prefactor if fit.expected_prefactor is not None else fit.prefactor
        ax.loglog(grid, pref * grid**fit.expected, "--", label=f"derived: N^{fit.expected:.4g}")
    ax.set_xlabel("N")
    ax.set_ylabel(fit.quantity)
    ax.set_title(f"{fit.claim_id}: {fit.quantity} vs N", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
