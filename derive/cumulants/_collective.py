"""Collective spin operators of one species and their moments in distinct-site variables."""

from __future__ import annotations

import sympy as sp

from ._algebra import Op, collective
from ._equations import expectation

__all__ = ["spin_operators", "spin_moment_exprs"]


def spin_operators(species: str) -> dict[str, Op]:
    """J_x, J_y, J_z, J_+, J_- of ``species`` (J_a = sum_i sigma^a_i / 2)."""
    h = sp.Rational(1, 2)
    return {
        "x": collective(species, {"x": h}),
        "y": collective(species, {"y": h}),
        "z": collective(species, {"z": h}),
        "+": collective(species, {"x": h, "y": sp.I * h}),
        "-": collective(species, {"x": h, "y": -sp.I * h}),
    }


def spin_moment_exprs(
    species: str, N: sp.Symbol
) -> tuple[tuple[sp.Expr, ...], tuple[tuple[sp.Expr, ...], ...]]:
    """<J_a> and <(J_a J_b + J_b J_a)/2> as exact expressions of the distinct-site moments."""
    J = spin_operators(species)
    sizes = {species: N}
    mean = tuple(expectation(J[a], sizes) for a in "xyz")
    second = tuple(
        tuple(
            sp.expand((expectation(J[a] * J[b], sizes) + expectation(J[b] * J[a], sizes)) / 2)
            for b in "xyz"
        )
        for a in "xyz"
    )
    return mean, second
