"""Solver result records that carry their own convergence evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = ["Convergence", "Result", "ParameterError"]


class ParameterError(ValueError):
    """A solver parameter is outside its allowed range.

    The message names the parameter and the allowed range, e.g.
    ``"N must be a positive even integer, got 7"``.
    """

    def __init__(self, name: str, allowed: str, got: object) -> None:
        self.name = name
        self.allowed = allowed
        self.got = got
        super().__init__(f"{name} must be {allowed}, got {got!r}")


@dataclass(frozen=True, slots=True)
class Convergence:
    """Evidence that one truncation of an exact solver is converged.

    Parameters
    ----------
    truncation
        What was truncated: "photon cutoff", "time step", "trajectories", ...
    value
        The truncation used (e.g. the cutoff n_max).
    error
        The estimated error it causes (e.g. the change of the observable when the
        cutoff is raised, or the norm left outside the truncated space).
    tolerance
        The tolerance the error was checked against.
    note
        How the error was estimated.
    """

    truncation: str
    value: float
    error: float
    tolerance: float
    note: str = ""

    @property
    def converged(self) -> bool:
        return bool(np.isfinite(self.error) and self.error <= self.tolerance)

    def __str__(self) -> str:
        ok = "converged" if self.converged else "NOT converged"
        return (
            f"{self.truncation} = {self.value:g}: error {self.error:.2e} "
            f"(tol {self.tolerance:.0e}, {ok}){' — ' + self.note if self.note else ''}"
        )


def _freeze(m: Mapping | None) -> Mapping:
    return MappingProxyType(dict(m or {}))


@dataclass(frozen=True, slots=True)
class Result:
    """What an exact solver returns.

    Parameters
    ----------
    solver
        The solver's name.
    params
        The physical parameters it ran with.
    times
        The time grid (empty for steady states).
    observables
        Observable name -> array over ``times`` (or scalar for steady states).
    convergence
        One :class:`Convergence` per truncation; empty only for solvers with no
        truncation at all (closed-form exact states).
    elapsed
        Wall time in seconds.
    method
        Short description of the method ("displacement-operator closed form").
    """

    solver: str
    params: Mapping[str, float]
    times: np.ndarray
    observables: Mapping[str, np.ndarray]
    convergence: tuple[Convergence, ...] = ()
    elapsed: float = 0.0
    method: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _freeze(self.params))
        object.__setattr__(self, "observables", _freeze(self.observables))
        object.__setattr__(self, "extra", _freeze(self.extra))

    @property
    def converged(self) -> bool:
        return all(c.converged for c in self.convergence)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.observables[name]

    def __str__(self) -> str:
        p = ", ".join(
            f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}"
            for k, v in self.params.items()
        )
        lines = [
            f"{self.solver}({p}) — {self.method or 'exact'}",
            f"  {len(np.atleast_1d(self.times))} times, observables: {', '.join(self.observables)}",
            f"  elapsed {self.elapsed:.3g} s",
        ]
        if self.convergence:
            lines += ["  " + str(c) for c in self.convergence]
        else:
            lines.append("  no truncation (closed-form exact)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        def num(v: object) -> str:
            return f"{v:.6g}" if isinstance(v, (int, float, np.number)) else html.escape(str(v))

        params = "".join(
            f"<tr><td>{html.escape(str(k))}</td><td>{num(v)}</td></tr>"
            for k, v in self.params.items()
        )
        obs = "".join(
            f"<tr><td>{html.escape(str(k))}</td><td>{np.shape(v)}</td>"
            f"<td>{num(np.ravel(v)[-1]) if np.size(v) else ''}</td></tr>"
            for k, v in self.observables.items()
        )
        conv = (
            "".join(
                f"<li style='color:{'inherit' if c.converged else '#b00'}'>{html.escape(str(c))}</li>"
                for c in self.convergence
            )
            or "<li>no truncation (closed-form exact)</li>"
        )
        return (
            f"<div><b>{html.escape(self.solver)}</b> — {html.escape(self.method or 'exact')}, "
            f"{len(np.atleast_1d(self.times))} times, {self.elapsed:.3g} s"
            f"<table><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>{params}</tbody></table>"
            f"<table><thead><tr><th>observable</th><th>shape</th><th>last value</th></tr></thead>"
            f"<tbody>{obs}</tbody></table><ul>{conv}</ul></div>"
        )
