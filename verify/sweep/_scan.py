"""The result record of a parameter scan run on the sweep engine (scans register with ``register_scan``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xarray as xr

    from ._engine import SweepOutcome

__all__ = ["ScanResult"]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A scan: its data over the grid (an :class:`xarray.Dataset`), the sweep outcome, and the files written.

    A scan module may subclass it to print a more specific :meth:`summary`.
    """

    name: str
    data: xr.Dataset
    outcome: SweepOutcome
    files: Mapping[str, Path]

    def headline(self) -> list[str]:
        """The first lines of :meth:`summary`: what was scanned (subclasses add the result)."""
        d = self.data
        at = f" at N = {d.attrs['N']}" if "N" in d.attrs else ""
        return [f"scan {self.name}: {dict(d.sizes)}{at}"]

    def summary(self) -> str:
        lines = self.headline()
        lines.append("  " + str(self.outcome).replace("\n", "\n  "))
        lines += [f"  {k}: {v}" for k, v in self.files.items()]
        return "\n".join(lines)
