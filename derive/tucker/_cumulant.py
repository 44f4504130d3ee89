"""Second-order cumulant equations of tucker2020, compiled for the numeric integrator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sympy as sp

from derive import compile_expr
from derive.cumulants import CumulantSystem, derive_moment_equations, spin_moment_exprs

from ._model import N, model_operators

__all__ = ["CompiledCumulants", "tucker_cumulant_system"]


@dataclass(frozen=True)
class CompiledCumulants:
    """Closed moment equations and compiled evaluators (keyword arguments: parameters + moments).

    ``rhs(**kw)`` returns d(moments)/dt; ``spin_moments(**kw)`` returns (<J>, <{J_a,J_b}/2>).
    Parameters: Gamma, N, Omega, chi, gamma_s (rates in one unit, time in its inverse).
    ``rhs_vector(**params, y=column)`` is the same right-hand side taking all moments as one
    (n, 1) column ``y`` (ordered as ``names``): far less call overhead inside an ODE solver.
    """

    system: CumulantSystem
    names: tuple[str, ...]
    rhs: Callable
    spin_moments: Callable
    rhs_vector: Callable | None = None


@cache
def tucker_cumulant_system(order: int = 2) -> CompiledCumulants:
    """Derive (derive.cumulants) and compile the order-``order`` moment equations of Eq. (1)."""
    sysm = derive_moment_equations(*model_operators(), order=order)
    args = tuple(sysm.parameters()) + sysm.variables
    rhs = compile_expr(sp.ImmutableMatrix(sysm.rhs), args)
    y = sp.MatrixSymbol("y", len(sysm.variables), 1)
    as_vec = {v: y[i, 0] for i, v in enumerate(sysm.variables)}
    rhs_vec = compile_expr(
        sp.ImmutableMatrix([e.xreplace(as_vec) for e in sysm.rhs]), tuple(sysm.parameters()) + (y,)
    )
    mean, second = spin_moment_exprs("a", N)
    fm = compile_expr(sp.ImmutableMatrix(mean), args)
    fs = compile_expr(sp.ImmutableMatrix(second), args)

    def spin_moments(**kw):
        import numpy as np

        m = np.asarray(fm(**kw))
        s = np.asarray(fs(**kw))
        return m.reshape((3,) + m.shape[2:]), s.reshape((3, 3) + s.shape[2:])

    return CompiledCumulants(
        sysm, tuple(v.name for v in sysm.variables), rhs, spin_moments, rhs_vec
    )
