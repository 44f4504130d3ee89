"""Second-order moment equations rewritten for the Bloch vector and the O(1) scaled pair cumulants.

The distinct-site moments M_ab = <sigma^a_1 sigma^b_2> of a near-coherent state differ from
m_a m_b by O(1/N); an integrator that controls the error of M_ab relative to O(1) cannot
resolve the squeezing, and the right-hand side cancels O(N) terms numerically.  Writing

    M_a  = m_a,
    M_ab = m_a m_b + c_ab / (N - 1),

and differentiating, d c_ab/dt = (N - 1) (dM_ab/dt - m_a dm_b/dt - m_b dm_a/dt), the O(N)
cancellations are done exactly by sympy and c_ab is O(1):  the collective covariance is

    Cov(J_a, J_b) = (N/4) (delta_ab - m_a m_b + c_ab),

so xi^2 = N min_n Var(J.n) / |<J>|^2 = min_{n perp m} n.(1 - m m^T + c).n / |m|^2.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ._equations import CumulantSystem, _key_of

__all__ = ["ScaledCumulants", "scale_cumulants", "PAIRS"]

PAIRS = (("x", "x"), ("x", "y"), ("x", "z"), ("y", "y"), ("y", "z"), ("z", "z"))
"""Order of the scaled pair cumulants c_ab (upper triangle)."""


@dataclass(frozen=True)
class ScaledCumulants:
    """d y/dt = rhs(y) for y = (m_x, m_y, m_z, c_xx, c_xy, c_xz, c_yy, c_yz, c_zz).

    ``jacobian`` is d rhs / d y (exact, symbolic); ``parameters`` the remaining symbols.
    """

    variables: tuple[sp.Symbol, ...]
    rhs: tuple[sp.Expr, ...]
    jacobian: sp.ImmutableMatrix
    size: sp.Symbol

    def parameters(self) -> tuple[sp.Symbol, ...]:
        syms = set().union(*(e.free_symbols for e in self.rhs)) - set(self.variables)
        return tuple(sorted(syms, key=lambda s: s.name))


def scale_cumulants(system: CumulantSystem) -> ScaledCumulants:
    """Rewrite a one-species order-2 :class:`CumulantSystem` in (m_a, c_ab) variables.

    Parameters
    ----------
    system : the closed equations of :func:`derive_moment_equations` with one species and
        ``order=2`` (moments ``M_sx`` ... ``M_sx_sz`` ...).

    Notes
    -----
    An exact change of variables of the closed equations (no further approximation); the
    resulting polynomials keep only the physical O(N) rates (N Gamma, Omega = N Upsilon / 2).
    """
    if system.order != 2 or len(system.sizes) != 1:
        raise ValueError("scale_cumulants needs one species at cumulant order 2")
    (N,) = system.sizes.values()
    m = {a: sp.Symbol(f"m_{a}", real=True) for a in "xyz"}
    c = {ab: sp.Symbol(f"c_{ab[0]}{ab[1]}", real=True) for ab in PAIRS}
    rep, f = {}, {}
    for v, e in zip(system.variables, system.rhs, strict=True):
        lab = tuple(p for _, p in _key_of(v))
        f[lab] = e
        rep[v] = m[lab[0]] if len(lab) == 1 else m[lab[0]] * m[lab[1]] + c[lab] / (N - 1)
    missing = [k for k in [(a,) for a in "xyz"] + list(PAIRS) if k not in f]
    if missing:
        raise ValueError(f"system lacks the moments {missing}")
    out = []
    for a in "xyz":
        out.append(sp.expand(sp.cancel(sp.together(sp.expand(f[(a,)].xreplace(rep))))))
    for a, b in PAIRS:
        fa, fb = f[(a,)].xreplace(rep), f[(b,)].xreplace(rep)
        d = (N - 1) * (f[(a, b)].xreplace(rep) - m[a] * fb - m[b] * fa)
        d = sp.expand(sp.cancel(sp.together(sp.expand(d))))
        if sp.denom(sp.together(d)).has(N):
            raise ValueError(
                f"c_{a}{b} equation is not polynomial in N"
            )  # would be a derivation error
        out.append(d)
    variables = tuple(m[a] for a in "xyz") + tuple(c[ab] for ab in PAIRS)
    jac = sp.ImmutableMatrix(out).jacobian(variables)
    return ScaledCumulants(variables, tuple(out), sp.ImmutableMatrix(jac), N)
