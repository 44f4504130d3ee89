"""Parameter grids of a sweep, parsed from ``p=lo:hi:n[:log]`` specifications (never evaluated as code)."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from numeric import ParameterError

__all__ = ["Axis", "Grid", "parse_axis", "parse_grid", "parse_value"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FORM = "of the form name=lo:hi:n[:log], name=v1,v2,... or name=v"


def parse_value(text: str, name: str = "value") -> float:
    """A finite real number from ``text`` (``float`` syntax only: ``1e-3``, ``-2.5``, ``40``)."""
    try:
        v = float(text.strip())
    except ValueError:
        raise ParameterError(name, "a real number", text) from None
    if not math.isfinite(v):
        raise ParameterError(name, "a finite real number", text)
    return v


@dataclass(frozen=True, slots=True)
class Axis:
    """One swept parameter: its name and the values it takes, in order.

    ``log`` records that the values are logarithmically spaced (plots use a log
    axis, boundaries are interpolated in log of the parameter); ``integer`` that
    the values are integers (e.g. the atom number N).
    """

    name: str
    values: tuple[float, ...]
    log: bool = False
    integer: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ParameterError("grid name", "an identifier", self.name)
        if not self.values:
            raise ParameterError(self.name, "a non-empty list of values", self.values)
        if self.log and any(v <= 0 for v in self.values):
            raise ParameterError(self.name, "positive on a log grid", min(self.values))

    def __len__(self) -> int:
        return len(self.values)

    @property
    def array(self) -> np.ndarray:
        return np.asarray(self.values, dtype=int if self.integer else float)

    def as_integer(self) -> Axis:
        """The same axis rounded to distinct integers (a grid over N must not repeat an N)."""
        vals = tuple(dict.fromkeys(int(round(v)) for v in self.values))
        return Axis(self.name, vals, self.log, True)

    def spec(self) -> str:
        """A specification that parses back to these values (for logs and file attributes)."""
        return f"{self.name}=" + ",".join(
            repr(int(v) if self.integer else float(v)) for v in self.values
        )


def parse_axis(spec: str, *, integer: bool = False) -> Axis:
    """Parse one grid specification.

    Accepted forms: ``p=lo:hi:n`` (n linearly spaced values, ends included),
    ``p=lo:hi:n:log`` (logarithmically spaced), ``p=v1,v2,...`` (explicit list),
    ``p=v`` (one value).  Numbers go through :func:`float`; nothing is evaluated.

    Examples
    --------
    >>> parse_axis("x=0:1:3").values
    (0.0, 0.5, 1.0)
    >>> parse_axis("N=10:1000:3:log", integer=True).values
    (10, 100, 1000)
    """
    if not isinstance(spec, str) or spec.count("=") != 1:
        raise ParameterError("grid", _FORM, spec)
    name, rhs = (s.strip() for s in spec.split("="))
    if not _NAME.match(name):
        raise ParameterError("grid", _FORM + " (name an identifier)", spec)
    if ":" in rhs:
        parts = rhs.split(":")
        if len(parts) not in (3, 4) or (
            len(parts) == 4 and parts[3].strip().lower() not in ("log", "lin")
        ):
            raise ParameterError(name, _FORM, rhs)
        lo, hi = parse_value(parts[0], name), parse_value(parts[1], name)
        try:
            n = int(parts[2])
        except ValueError:
            raise ParameterError(f"{name} point count", "a positive integer", parts[2]) from None
        if n < 1:
            raise ParameterError(f"{name} point count", "a positive integer", n)
        if n == 1 and lo != hi:
            raise ParameterError(f"{name} point count", "at least 2 when lo != hi", n)
        log = len(parts) == 4 and parts[3].strip().lower() == "log"
        if log:
            if lo <= 0 or hi <= 0:
                raise ParameterError(name, "lo and hi > 0 on a log grid", rhs)
            vals = np.geomspace(lo, hi, n)
        else:
            vals = np.linspace(lo, hi, n)
        axis = Axis(name, tuple(float(v) for v in vals), log)
    else:
        vals = tuple(parse_value(v, name) for v in rhs.split(","))
        axis = Axis(name, vals, False)
    return axis.as_integer() if integer else axis


@dataclass(frozen=True, slots=True)
class Grid:
    """The Cartesian product of axes; iteration order is C order (last axis fastest)."""

    axes: tuple[Axis, ...]

    def __post_init__(self) -> None:
        names = [a.name for a in self.axes]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ParameterError("grid", "each parameter given once", ", ".join(dup))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    def __len__(self) -> int:
        return math.prod(self.shape)

    def axis(self, name: str) -> Axis:
        for a in self.axes:
            if a.name == name:
                return a
        raise KeyError(name)

    def points(self) -> Iterator[dict[str, Any]]:
        """Every grid point as ``{name: value}`` (plain Python numbers)."""
        for combo in itertools.product(*(a.values for a in self.axes)):
            yield dict(zip(self.names, combo, strict=True))

    def without(self, name: str) -> Grid:
        return Grid(tuple(a for a in self.axes if a.name != name))


def parse_grid(
    specs: Sequence[str], *, integers: Sequence[str] = (), allowed: Sequence[str] | None = None
) -> Grid:
    """Parse several ``--grid`` specifications into a :class:`Grid`.

    ``integers`` names the parameters whose values are rounded to distinct
    integers; ``allowed`` (if given) is the list of parameter names a spec may use.
    """
    axes = []
    for s in specs:
        ax = parse_axis(s, integer=False)
        if allowed is not None and ax.name not in allowed:
            raise ParameterError("grid parameter", "one of " + ", ".join(allowed), ax.name)
        axes.append(ax.as_integer() if ax.name in integers else ax)
    return Grid(tuple(axes))


def parse_assignments(
    specs: Sequence[str], allowed: Sequence[str] | None = None
) -> Mapping[str, float]:
    """Parse ``name=value`` pairs (fixed parameters of a sweep) into numbers."""
    out: dict[str, float] = {}
    for s in specs:
        if s.count("=") != 1:
            raise ParameterError("--set", "of the form name=value", s)
        name, v = (t.strip() for t in s.split("="))
        if allowed is not None and name not in allowed:
            raise ParameterError("--set parameter", "one of " + ", ".join(allowed), name)
        out[name] = parse_value(v, name)
    return out
