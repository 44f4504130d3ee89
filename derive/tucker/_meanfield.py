"""Mean-field theory of tucker2020: equations, fixed points, existence, linear stability.

The mean-field equations are the order-1 closure (<sigma_i sigma_j> = <sigma_i><sigma_j>,
i != j) of the exact Heisenberg equations derived by ``derive.cumulants``.  With
s = <sigma> (per-spin Bloch vector), tau = N t / 2, Upsilon = 2 Omega / N and
g = gamma_s / N, the large-N limit at fixed g is

    ds_x/dtau = 2 chi s_y s_z + Gamma s_x s_z - g s_x
    ds_y/dtau = -2 chi s_x s_z - Upsilon s_z + Gamma s_y s_z - g s_y
    ds_z/dtau = Upsilon s_y - Gamma (s_x^2 + s_y^2) - 2 g (1 + s_z).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from derive import Derivation, Step, much_less
from derive.cumulants import derive_moment_equations, moment_symbol

from ._model import Gamma, N, Omega, Upsilon, chi, g, gamma_s, model_operators

__all__ = [
    "s_x",
    "s_y",
    "s_z",
    "meanfield_site_equations",
    "meanfield_steady_direction",
    "meanfield_equations",
    "upsilon_c_derivation",
    "upsilon_c_prime_derivation",
    "fixed_point_condition",
    "UPSILON_C_PRINTED",
    "UPSILON_C_PRIME_PRINTED",
]

s_x, s_y, s_z = sp.symbols("s_x s_y s_z", real=True)

# display-only left-hand sides of the derivation steps
_tau = sp.Symbol("tau")
_DS = sp.Matrix([sp.Derivative(sp.Function(n)(_tau), _tau) for n in ("s_x", "s_y", "s_z")])
_S_PERP = sp.Matrix([sp.Symbol("s_x^*"), sp.Symbol("s_y^*")])
UPSILON_C_PRINTED = sp.sqrt(Gamma**2 + 4 * chi**2)
"""Eq. (3) as printed."""
UPSILON_C_PRIME_PRINTED = sp.sqrt(Gamma**2 + 4 * chi**2) / sp.sqrt(2)
"""Upsilon'_c = Upsilon_c / sqrt(2) as printed (text after Eq. (4))."""

_S = {
    moment_symbol((("a", "x"),)): s_x,
    moment_symbol((("a", "y"),)): s_y,
    moment_symbol((("a", "z"),)): s_z,
}


@cache
def meanfield_site_equations() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """d<sigma_a>/dt at order-1 closure, exact in N (keeps the i = j self terms)."""
    sysm = derive_moment_equations(*model_operators(), order=1)
    return tuple(sp.expand(sysm.equation(v).xreplace(_S)) for v in _S)


@cache
def meanfield_equations() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """ds/dtau in the limit N -> infinity at fixed Upsilon = 2 Omega/N and g = gamma_s/N."""
    out = []
    for e in meanfield_site_equations():
        scaled = sp.expand(2 / N * e.subs({Omega: N * Upsilon / 2, gamma_s: g * N}))
        out.append(sp.expand(sp.limit(scaled, N, sp.oo)))
    return tuple(out)


def fixed_point_condition() -> sp.Expr:
    """Polynomial in s_z whose roots are the fixed points at g > 0 (after eliminating s_x, s_y)."""
    fx, fy, fz = meanfield_equations()
    sol = sp.solve([fx, fy], [s_x, s_y], dict=True)[0]
    cond = sp.together(fz.subs(sol))
    return sp.factor(sp.numer(cond))


@cache
def upsilon_c_derivation() -> Derivation:
    """Upsilon_c = sqrt(Gamma^2 + 4 chi^2): the superradiant fixed point exists and is stable."""
    fx, fy, fz = meanfield_equations()
    eqs0 = [e.subs(g, 0) for e in (fx, fy, fz)]
    # s_z != 0: the first two equations are linear in (s_x, s_y)
    lin = sp.solve([sp.cancel(eqs0[0] / s_z), sp.cancel(eqs0[1] / s_z)], [s_x, s_y], dict=True)[0]
    perp2 = sp.simplify(lin[s_x] ** 2 + lin[s_y] ** 2)
    fz_check = sp.simplify(eqs0[2].subs(lin))
    sz_star = -sp.sqrt(1 - perp2)
    uc = sp.sqrt(sp.solve(sp.Eq(perp2, 1), Upsilon**2)[0])
    Jac = sp.Matrix(eqs0).jacobian([s_x, s_y, s_z])
    lam = sp.Symbol("lambda")
    charpoly = sp.factor(Jac.subs({**lin}).subs(s_z, s_z).charpoly(lam).as_expr())
    eig = (Gamma + 2 * sp.I * chi) * s_z
    steps = (
        Step(
            r"mean-field equations (order-1 closure, $N \to \infty$ at fixed $\Upsilon$, $g_s$)",
            sp.Matrix([fx, fy, fz]),
            r"cumulant expansion (derive.cumulants) at order 1; leading order in $N$",
            lhs=_DS,
        ),
        Step(
            r"collective limit $g_s = 0$ conserves $|\mathbf{s}|$",
            sp.simplify(sum(2 * v * e for v, e in zip((s_x, s_y, s_z), eqs0, strict=True))),
            r"exact identity: $d|\mathbf{s}|^2/d\tau = 0$",
            lhs=sp.Derivative(sp.Symbol("|s|") ** 2, _tau),
        ),
        Step(
            r"in-plane components of the fixed point ($s_z \neq 0$)",
            sp.Matrix([lin[s_x], lin[s_y]]),
            r"first two equations are linear in $s_x$, $s_y$",
            lhs=_S_PERP,
        ),
        Step(
            "third equation is then satisfied identically",
            fz_check,
            "exact",
            lhs=sp.Derivative(sp.Function("s_z")(_tau), _tau),
        ),
        Step(
            r"in-plane length $|s_\perp|^2 = \Upsilon^2/(\Gamma^2 + 4\chi^2)$",
            perp2,
            "exact",
            lhs=sp.Symbol(r"|s_\perp|") ** 2,
        ),
        Step(
            r"superradiant branch $s_z^* = -\sqrt{1 - |s_\perp|^2}$",
            sz_star,
            r"$|\mathbf{s}| = 1$",
            lhs=sp.Symbol("s_z^*"),
        ),
        Step(
            r"characteristic polynomial of the Jacobian at $(s_x^*, s_y^*, s_z)$",
            charpoly,
            "linearisation",
            lhs=sp.Function("P")(lam),
        ),
        Step(
            r"eigenvalues $0$ (radial) and $(\Gamma \pm 2 i \chi) s_z^*$: stable for $s_z^* < 0$",
            eig,
            "roots of the characteristic polynomial",
            lhs=sp.Symbol(r"lambda_\pm"),
        ),
        Step(
            r"real fixed point exists iff $\Upsilon \le \Upsilon_c$",
            uc,
            r"$|s_\perp| \le 1$",
            lhs=sp.Symbol("Upsilon_c"),
            label="Eq. (3)",
            printed=UPSILON_C_PRINTED,
        ),
    )
    return Derivation(
        "Critical drive of the collective model, Eq. (3)",
        steps,
        uc,
        (Gamma, chi),
        (
            r"$\gamma_s = 0$",
            "mean field (product state)",
            r"$N \to \infty$ at fixed $\Upsilon$",
        ),
        (much_less(1 / N, 1, "thermodynamic limit; finite N rounds the kink"),),
    )


@cache
def upsilon_c_prime_derivation() -> Derivation:
    """Upsilon'_c = Upsilon_c / sqrt(2): the superradiant fixed point for gamma_s -> 0+."""
    fx, fy, fz = meanfield_equations()
    sol = sp.solve([fx, fy], [s_x, s_y], dict=True)[0]
    cond = sp.factor(sp.numer(sp.together(fz.subs(sol))))
    # the factors g and (Gamma s_z - g)^2 + 4 chi^2 s_z^2 (> 0) drop out: keep the factor
    # carrying the drive; it holds for every g > 0
    reduced = next(f for f, _ in sp.factor_list(cond)[1] if f.has(Upsilon))
    limit = sp.factor(reduced.subs(g, 0))
    quad = sp.cancel(limit / s_z)  # the s_z = 0 root is the normal phase (s -> 0 as g -> 0)
    quad = sp.expand(quad / sp.LC(sp.Poly(quad, s_z)))
    roots = sp.solve(quad, s_z)
    disc = sp.discriminant(sp.Poly(quad, s_z))
    upc = sp.simplify(sp.solve(sp.Eq(disc, 0), Upsilon)[0])
    steps = (
        Step(
            r"mean-field equations with single-particle relaxation $g_s = \gamma_s/N$",
            sp.Matrix([fx, fy, fz]),
            r"cumulant expansion (derive.cumulants) at order 1; $N \to \infty$ at fixed $g_s$",
            lhs=_DS,
        ),
        Step(
            "in-plane components at a fixed point",
            sp.Matrix([sol[s_x], sol[s_y]]),
            r"linear in $s_x$, $s_y$",
            lhs=_S_PERP,
        ),
        Step(
            r"fixed-point condition on $s_z$ (numerator)",
            cond,
            "third equation",
            lhs=sp.Function("F")(s_z),
        ),
        Step(
            r"cubic fixed-point condition $P(s_z; g_s) = 0$ for $g_s > 0$",
            reduced,
            r"divide by $g_s \neq 0$ and the positive $|a + i b|^2$",
            lhs=sp.Function("P")(s_z, g),
        ),
        Step(
            r"limit $g_s \to 0^+$ ($\gamma_s \ll N \Gamma$), $s_z \neq 0$ branch",
            quad,
            r"drop $O(g_s/\Gamma)$ in $(\Gamma s_z - g_s)$",
            lhs=sp.Function("P")(s_z, 0) / s_z,
        ),
        Step(
            r"superradiant fixed points $s_z = (-1 \pm \sqrt{1 - 2 \Upsilon^2/\Upsilon_c^2})/2$",
            sp.Matrix(roots),
            "quadratic formula",
            lhs=sp.Symbol(r"s_z^\pm"),
        ),
        Step(
            r"real roots iff $\Upsilon \le \Upsilon_c/\sqrt{2}$",
            upc,
            r"discriminant $\ge 0$",
            lhs=sp.Symbol("Upsilon'_c"),
            label="Upsilon'_c",
            printed=UPSILON_C_PRIME_PRINTED,
        ),
    )
    return Derivation(
        "Critical drive with single-particle relaxation, Upsilon'_c",
        steps,
        upc,
        (Gamma, chi),
        (
            "mean field",
            r"$N \to \infty$ at fixed $g_s = \gamma_s/N$, then $g_s \to 0^+$ "
            r"(any fixed $\gamma_s > 0$ with $\gamma_s \ll N \Gamma$)",
            r"the $g_s \to 0^+$ limit is singular: at $g_s = 0$ the threshold is $\Upsilon_c$",
        ),
        (
            much_less(gamma_s, N * Gamma, "collective rate dominates single-particle relaxation"),
            much_less(1 / N, 1, "thermodynamic limit"),
        ),
    )


@cache
def meanfield_steady_direction() -> sp.Matrix:
    """Bloch vector (s_x*, s_y*, s_z*) of the stable gamma_s = 0 mean-field fixed point, Upsilon <= Upsilon_c.

    The initial coherent spin state of Fig. 3(b) ("the CSS in the direction of the mean-field
    steady state when gamma_s/Gamma = 0"); the steps are those of :func:`upsilon_c_derivation`.
    """
    fx, fy, _ = meanfield_equations()
    eqs0 = [e.subs(g, 0) for e in (fx, fy)]
    lin = sp.solve([sp.cancel(eqs0[0] / s_z), sp.cancel(eqs0[1] / s_z)], [s_x, s_y], dict=True)[0]
    perp2 = sp.simplify(lin[s_x] ** 2 + lin[s_y] ** 2)
    return sp.Matrix([lin[s_x], lin[s_y], -sp.sqrt(1 - perp2)])
