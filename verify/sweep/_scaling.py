"""Scaling laws: exponent and prefactor of an exact quantity against N, compared with the derived ones.

A power law y = A N^b is fitted as a straight line in log-log (ordinary least
squares, standard errors from the residuals), over decades of N.  Because exact
data carry sub-leading corrections (y = A N^b (1 + c/N + ...)), the fit also
reports the local exponents d ln y / d ln N between neighbouring N: a law is
confirmed when the local exponent approaches the derived one as N grows, not
merely when one global fit happens to land near it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from numeric import ParameterError

from ._engine import SweepOutcome, run_cells
from ._grid import Axis, parse_axis
from ._specs import (  # noqa: F401
    _LAWS,
    ScalingLaw,
    known_scaling_keys,
    register_scaling,
    scaling_law,
    scaling_laws,
)
from ._store import CellStore

__all__ = [
    "ScalingLaw",
    "ScalingFit",
    "fit_power_law",
    "register_scaling",
    "scaling_law",
    "scaling_laws",
    "scaling_sweep",
]


def _value(v: float | Callable[[], float] | None) -> float | None:
    if v is None:
        return None
    return float(v() if callable(v) else v)


@dataclass(frozen=True, slots=True)
class ScalingFit:
    """A fitted power law y = A N^b with standard errors, and the derived law it is compared with."""

    claim_id: str
    quantity: str
    N: tuple[float, ...]
    y: tuple[float, ...]
    exponent: float
    exponent_err: float
    prefactor: float
    prefactor_err: float
    local_exponents: tuple[float, ...]
    expected: float | None = None
    expected_prefactor: float | None = None
    nsigma: float = 3.0
    exponent_tol: float = 0.0

    @property
    def decades(self) -> float:
        return math.log10(max(self.N) / min(self.N))

    @property
    def deviation(self) -> float | None:
        """b_fit - b_derived."""
        return None if self.expected is None else self.exponent - self.expected

    @property
    def agrees(self) -> bool | None:
        """|b_fit - b| <= nsigma * stderr + exponent_tol (None when no derived exponent is known)."""
        if self.expected is None:
            return None
        return (
            abs(self.exponent - self.expected)
            <= self.nsigma * self.exponent_err + self.exponent_tol
        )

    def __str__(self) -> str:
        s = (
            f"{self.claim_id}: {self.quantity} ~ A N^b over {self.decades:.1f} decades "
            f"(N = {min(self.N):g}..{max(self.N):g}, {len(self.N)} points)\n"
            f"  fit:      b = {self.exponent:.5f} ± {self.exponent_err:.2g}, "
            f"A = {self.prefactor:.5g} ± {self.prefactor_err:.2g}\n"
            f"  local exponent at the largest N: {self.local_exponents[-1]:.5f}"
        )
        if self.expected is not None:
            s += (
                f"\n  derived:  b = {self.expected:.5g}"
                + (
                    f", A = {self.expected_prefactor:.5g}"
                    if self.expected_prefactor is not None
                    else ""
                )
                + f"\n  b_fit - b = {self.deviation:+.3g} -> "
                + ("AGREES" if self.agrees else "DISAGREES")
                + f" (allowed {self.nsigma:g} sigma + {self.exponent_tol:g})"
            )
        return s

    def as_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "quantity": self.quantity,
            "N": list(self.N),
            "y": list(self.y),
            "exponent": self.exponent,
            "exponent_err": self.exponent_err,
            "prefactor": self.prefactor,
            "prefactor_err": self.prefactor_err,
            "local_exponents": list(self.local_exponents),
            "expected": self.expected,
            "expected_prefactor": self.expected_prefactor,
            "agrees": self.agrees,
            "decades": self.decades,
        }

    def to_xarray(self):
        """The exact data y(N) as an ``xarray.DataArray`` over N, the fit in its attributes.

        ``fit.to_xarray().plot(xscale="log", yscale="log")`` draws it inline.
        """
        import xarray as xr

        return xr.DataArray(
            np.asarray(self.y, dtype=float),
            coords={"N": np.asarray(self.N, dtype=float)},
            dims=("N",),
            name=self.quantity,
            attrs={
                "long_name": self.quantity,
                "claim": self.claim_id,
                "exponent": self.exponent,
                "exponent_err": self.exponent_err,
                "prefactor": self.prefactor,
                "expected": self.expected if self.expected is not None else np.nan,
            },
        )

    def save(self, out: str | Path, stem: str | None = None) -> dict[str, Path]:
        """Write ``<stem>.json`` (data and fit) and ``<stem>.png`` (log-log plot)."""
        from ._plot import plot_scaling

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        stem = stem or "scaling_" + self.claim_id.replace(".", "_").replace(":", "_")
        paths = {"json": out / f"{stem}.json", "png": out / f"{stem}.png"}
        paths["json"].write_text(json.dumps(self.as_json(), indent=1))
        plot_scaling(self, paths["png"])
        return paths


def fit_power_law(
    N: Sequence[float],
    y: Sequence[float],
    *,
    claim_id: str = "",
    quantity: str = "y",
    expected: float | None = None,
    expected_prefactor: float | None = None,
    nsigma: float = 3.0,
    exponent_tol: float = 0.0,
) -> ScalingFit:
    """Fit y = A N^b by least squares on (ln N, ln y), with standard errors of b and A.

    Parameters
    ----------
    N, y
        At least three points, N > 0 and y of one sign, non-zero and finite.
    expected, expected_prefactor
        The derived exponent and prefactor, for comparison.
    nsigma, exponent_tol
        Agreement criterion |b - expected| <= nsigma * stderr(b) + exponent_tol.

    Notes
    -----
    stderr(b) and stderr(ln A) are the ordinary least-squares standard errors
    (:func:`scipy.stats.linregress`); stderr(A) = A * stderr(ln A).  The errors
    measure scatter about a straight line only: a systematic curvature from
    finite-N corrections shows up in ``local_exponents`` instead.
    """
    N = np.asarray(N, dtype=float)
    y = np.asarray(y, dtype=float)
    if N.shape != y.shape or N.ndim != 1:
        raise ParameterError("N, y", "1-d arrays of equal length", (N.shape, y.shape))
    if N.size < 3:
        raise ParameterError("N", "at least 3 points for a fit with uncertainties", N.size)
    if not (np.all(np.isfinite(N)) and np.all(N > 0)):
        raise ParameterError("N", "finite and > 0", N)
    if not np.all(np.isfinite(y)) or np.any(y == 0) or not (np.all(y > 0) or np.all(y < 0)):
        raise ParameterError("y", "finite, non-zero and of one sign (a power law)", y)
    sign = float(np.sign(y[0]))
    lx, ly = np.log(N), np.log(np.abs(y))
    reg = stats.linregress(lx, ly)
    A = sign * math.exp(reg.intercept)
    local = np.diff(ly) / np.diff(lx)
    return ScalingFit(
        claim_id,
        quantity,
        tuple(N.tolist()),
        tuple(y.tolist()),
        float(reg.slope),
        float(reg.stderr),
        A,
        abs(A) * float(reg.intercept_stderr),
        tuple(local.tolist()),
        expected,
        expected_prefactor,
        nsigma,
        exponent_tol,
    )


class _LawCell:
    def __init__(self, exact: Callable[..., float]) -> None:
        self.exact = exact

    def __call__(self, params: Mapping[str, Any]) -> float:
        v = np.asarray(self.exact(**params), dtype=float)
        if v.size != 1:
            raise ValueError(f"a scaling quantity must be one number per N, got shape {v.shape}")
        return float(v.reshape(()))


def scaling_sweep(
    law: ScalingLaw | str,
    N: str | Axis | Sequence[int] | None = None,
    *,
    fixed: Mapping[str, Any] | None = None,
    store: CellStore | str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    progress: bool | None = None,
    nsigma: float = 3.0,
    cluster_kwargs: Mapping[str, Any] | None = None,
    code: str | None = None,
) -> tuple[ScalingFit, SweepOutcome]:
    """Compute a law's exact quantity over N (one stored cell per N) and fit the power law.

    ``N`` is ``lo:hi:n[:log]`` (values rounded to distinct integers), an
    :class:`Axis` or a list; default the law's own range.  Failed cells are left
    out of the fit and listed in the returned outcome.  ``code`` pins the code
    version of the cell keys (default: the hash of the current sources).
    """
    if isinstance(law, str):
        found = scaling_law(law)
        if found is None:
            known = sorted(known_scaling_keys())
            raise ParameterError(
                "claim",
                f"a claim with a registered scaling law (known: {', '.join(known) or 'none'})",
                law,
            )
        law = found
    if N is None:
        N = law.N
    if isinstance(N, str):
        axis = parse_axis(N if "=" in N else f"N={N}", integer=True)
    elif isinstance(N, Axis):
        axis = N.as_integer()
    else:
        axis = Axis("N", tuple(int(n) for n in N), integer=True)
    base = {**dict(law.fixed), **dict(fixed or {})}
    cells = [{**base, "N": int(n)} for n in axis.values]
    outcome = run_cells(
        _LawCell(law.exact),
        cells,
        task=f"scaling:{law.key}:{law.quantity}",
        store=store,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        progress=progress,
        cluster_kwargs=cluster_kwargs,
        code=code,
        prepare=law.prepare,
    )
    ok = [(c["N"], v) for c, v in zip(outcome.cells, outcome.values, strict=True) if v is not None]
    fit = fit_power_law(
        [n for n, _ in ok],
        [v for _, v in ok],
        claim_id=law.key,
        quantity=law.quantity,
        expected=_value(law.exponent),
        expected_prefactor=_value(law.prefactor),
        nsigma=nsigma,
        exponent_tol=law.exponent_tol,
    )
    return fit, outcome
