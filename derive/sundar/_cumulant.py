"""Second-order cumulant equations of sundar2023 with cavity loss and spontaneous emission.

Master equation (hbar = 1), N/2 atoms in each of the species A and B::

    d rho/dt = -i [H, rho] + Gamma D[S_A^- + S_B^-] rho + gamma_s sum_i D[sigma_i^-] rho,
    H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z),

with the paper's sign convention S_B^+- = -J_B^+- (J = sum of Pauli/2), so in standard
operators S_A^+ + S_B^+ = J_A^+ - J_B^+.  The moment equations are derived exactly by
``derive.cumulants`` (two species) and closed at second order (Gaussian: third joint
cumulants dropped); the closure is the only approximation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sympy as sp

from derive import compile_expr
from derive.cumulants import (
    CumulantSystem,
    derive_moment_equations,
    expectation,
    local,
    spin_operators,
)

from ._symbols import MODEL, N, chi, delta

__all__ = [
    "Gamma",
    "gamma_s",
    "chi_r",
    "sundar_open_operators",
    "sundar_cumulant_system",
    "CompiledSundarCumulants",
]

Gamma, gamma_s = MODEL.symbols("Gamma", "gamma_s")
chi_r = chi  # the model's chi; the moment equations are polynomial in it, so either sign evaluates


def sundar_open_operators():
    """(H, collective jumps, local jumps, sizes) of the open sundar2023 model for ``derive.cumulants``."""
    JA, JB = spin_operators("A"), spin_operators("B")
    Sp = JA["+"] - JB["+"]
    Sm = JA["-"] - JB["-"]
    H = Sp * Sm * chi_r + (JB["z"] - JA["z"]) * delta
    h = sp.Rational(1, 2)
    loc = [
        (gamma_s, local("A", {"x": h, "y": -sp.I * h})),
        (gamma_s, local("B", {"x": h, "y": -sp.I * h})),
    ]
    return H, [(Gamma, Sm)], loc, {"A": N / 2, "B": N / 2}


def _paper_frame_moments():
    """<S> (6) and <{S_i, S_j}/2> (6x6) of (S_A^x, S_A^y, S_A^z, S_B^x, S_B^y, S_B^z), paper frame."""
    JA, JB = spin_operators("A"), spin_operators("B")
    sizes = {"A": N / 2, "B": N / 2}
    ops = [JA["x"], JA["y"], JA["z"], JB["x"] * -1, JB["y"] * -1, JB["z"]]
    mean = [expectation(o, sizes) for o in ops]
    second = [
        [sp.expand((expectation(a * b, sizes) + expectation(b * a, sizes)) / 2) for b in ops]
        for a in ops
    ]
    return mean, second


@dataclass(frozen=True)
class CompiledSundarCumulants:
    """Closed second-order moment equations, compiled.

    ``rhs_vector(chi=, delta=, Gamma=, gamma_s=, N=, y=column)`` gives d y/dt for the moments
    ``y`` ordered as ``names`` (distinct-site Pauli moments ``M_Az``, ``M_Ax_Bx``, ...);
    ``moments(N=, y=column)`` returns (<S> of length 6, <{S_i,S_j}/2> 6x6) in the paper frame.
    """

    system: CumulantSystem
    names: tuple[str, ...]
    rhs_vector: Callable
    moments: Callable


@cache
def sundar_cumulant_system(order: int = 2) -> CompiledSundarCumulants:
    """Derive (``derive.cumulants``) and compile the order-``order`` moment equations."""
    sysm = derive_moment_equations(*sundar_open_operators(), order=order)
    y = sp.MatrixSymbol("y", len(sysm.variables), 1)
    as_vec = {v: y[i, 0] for i, v in enumerate(sysm.variables)}
    params = (chi_r, delta, Gamma, gamma_s, N)
    rhs_vec = compile_expr(
        sp.ImmutableMatrix([e.xreplace(as_vec) for e in sysm.rhs]), params + (y,)
    )
    mean, second = _paper_frame_moments()
    mom = compile_expr(
        sp.ImmutableMatrix(
            [sp.sympify(m).xreplace(as_vec) for m in mean]
            + [sp.sympify(s).xreplace(as_vec) for row in second for s in row]
        ),
        (N, y),
    )

    def moments(**kw):
        import numpy as np

        v = np.asarray(mom(**kw), dtype=float).ravel()
        return v[:6], v[6:].reshape(6, 6)

    return CompiledSundarCumulants(sysm, tuple(v.name for v in sysm.variables), rhs_vec, moments)
