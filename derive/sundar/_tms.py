"""Two-mode squeezing from H_TMS: Bogoliubov solution, pair number, quadratures, spin images."""

from __future__ import annotations

from functools import cache

import sympy as sp
from sympy.physics.quantum import Dagger

from .._derivation import Derivation, PaperForm, Step
from .._operators import commutator, normal_order
from .._regime import much_less
from ._symbols import N, a_eA, a_gB, chi, g, nbar, t

__all__ = ["bogoliubov", "vacuum_value", "tms_derivation", "quadratures"]

a, b = a_eA, a_gB


def vacuum_value(expr: sp.Expr) -> sp.Expr:
    """<0|expr|0> for a polynomial in the initial-time bosons: its normal-ordered c-number part."""
    no = normal_order(expr)
    return sp.simplify(sp.Add(*[tm for tm in sp.Add.make_args(no) if tm.is_commutative]))


def bogoliubov() -> tuple[sp.Expr, sp.Expr]:
    """a(t), b(t) under H = g (a^dag b^dag + a b), in terms of the initial operators."""
    c, s_ = sp.cosh(g * t), sp.sinh(g * t)
    return a * c - sp.I * Dagger(b) * s_, b * c - sp.I * Dagger(a) * s_


def quadratures(at: sp.Expr, bt: sp.Expr) -> dict[str, sp.Expr]:
    """Two-mode quadratures defined through the paper's spin map (pumps real, sqrt(N/2)).

    With S_A^x = sqrt(N)/2 X_a, S_A^y = -sqrt(N)/2 Y_a, S_B^x = sqrt(N)/2 X_b, S_B^y = sqrt(N)/2 Y_b
    (X = (c + c^dag)/sqrt2, Y = (c - c^dag)/(i sqrt2)), the printed images
    sqrt(N/2) X_- = S_B^x - S_A^y etc. define X_- = (X_b + Y_a)/sqrt2, Y_+ = (X_a + Y_b)/sqrt2,
    X_+ = (X_b - Y_a)/sqrt2, Y_- = (Y_b - X_a)/sqrt2.
    """
    Xa = (at + Dagger(at)) / sp.sqrt(2)
    Ya = (at - Dagger(at)) / (sp.I * sp.sqrt(2))
    Xb = (bt + Dagger(bt)) / sp.sqrt(2)
    Yb = (bt - Dagger(bt)) / (sp.I * sp.sqrt(2))
    r2 = sp.sqrt(2)
    return {
        "X-": (Xb + Ya) / r2,
        "Y+": (Xa + Yb) / r2,
        "X+": (Xb - Ya) / r2,
        "Y-": (Yb - Xa) / r2,
        "Xa": Xa,
        "Ya": Ya,
        "Xb": Xb,
        "Yb": Yb,
    }


def _var(q: sp.Expr) -> sp.Expr:
    return sp.simplify(sp.expand(vacuum_value(q * q) - vacuum_value(q) ** 2).rewrite(sp.exp))


_XI2 = sp.Symbol("xi^2")
_VS1 = sp.Symbol(r"(\Delta S_{1,-})^2")


@cache
def tms_derivation() -> Derivation:
    """n(t) = 2 sinh^2(N chi t/2), quadrature variances e^{+-N chi t}/2, spin images N e^{-N chi t}/4.

    Notes
    -----
    Exact for H_TMS (Eq. (3)) from the vacuum of a_eA, a_gB; for Eq. (1) valid while
    n << N (undepleted pumps).  Quadratures are defined through the paper's printed spin
    map (its own definitions are in the unavailable supplement); with the textbook
    X = (a + a^dag)/sqrt2 the printed H_TMS squeezes (X_+ + Y_+)/sqrt2 instead, a convention.
    """
    H = g * (Dagger(a) * Dagger(b) + a * b)
    at, bt = bogoliubov()
    # Heisenberg equations i da/dt = [a, H]: verify the solution by substitution
    rhs_a = commutator(a, H)
    ode_a = sp.simplify(sp.I * sp.diff(at, t) - rhs_a.xreplace({Dagger(b): Dagger(bt)}))
    ode_b = sp.simplify(sp.I * sp.diff(bt, t) - commutator(b, H).xreplace({Dagger(a): Dagger(at)}))
    n_t = vacuum_value(Dagger(at) * at + Dagger(bt) * bt)
    n_sub = sp.simplify(n_t.subs(g, N * chi / 2))
    qs = quadratures(at, bt)
    var = {k: _var(qs[k]) for k in ("X+", "X-", "Y+", "Y-")}
    var = {k: sp.simplify(v.subs(g, N * chi / 2)) for k, v in var.items()}
    xi2 = sp.simplify(4 / N * (N / 2) * var["X-"])
    # variance of the pair number (enters the Ramsey anti-squeezing term)
    ntot = Dagger(at) * at + Dagger(bt) * bt
    var_n = sp.simplify(sp.expand(vacuum_value(ntot * ntot) - n_t**2))
    # express through n = 2 sinh^2(g t): e^{2gt} + e^{-2gt} = 2 (1 + n)
    y = sp.Symbol("y", positive=True)
    poly = sp.expand(sp.expand(var_n.rewrite(sp.exp)).subs(sp.exp(g * t), y))
    y2 = 1 + nbar + sp.sqrt(nbar**2 + 2 * nbar)
    var_n_nbar = sp.factor(sp.radsimp(sp.simplify(sp.expand(poly.subs(y, sp.sqrt(y2))))))
    steps = (
        Step(
            "Heisenberg equation of a",
            sp.Eq(sp.Symbol(r"i\,\dot a"), rhs_a),
            r"exact: $i\,\dot O = [O, H_{\mathrm{TMS}}]$",
        ),
        Step(
            "Bogoliubov solution a(t), b(t)",
            sp.Matrix([at, bt]),
            "exact linear ODE solution; residuals of the equations of motion below",
            lhs=sp.Matrix([sp.Function("a")(t), sp.Function("b")(t)]),
        ),
        Step(
            "residual of the equations of motion",
            sp.Matrix([ode_a, ode_b]),
            "exact (must vanish)",
            lhs=sp.Matrix([sp.Symbol(r"i\,\dot a - [a, H]"), sp.Symbol(r"i\,\dot b - [b, H]")]),
        ),
        Step(
            r"pair number $\bar n(t)$",
            n_sub,
            r"vacuum expectation of $n_{eA} + n_{gB}$",
            lhs=nbar,
            label="n(t)",
            printed=2 * sp.sinh(N * chi * t / 2) ** 2,
        ),
        *(
            Step(
                rf"$(\Delta {q}_{s})^2$",
                var[f"{q}{s}"],
                r"vacuum of $a_{eA}$, $a_{gB}$",
                lhs=sp.Symbol(rf"(\Delta {q}_{{{s}}})^2"),
                printed=sp.exp(sign * N * chi * t) / 2,
            )
            for q, s, sign in (("X", "+", 1), ("X", "-", -1), ("Y", "+", -1), ("Y", "-", 1))
        ),
        Step(
            r"$(\Delta S_{1,-})^2 = (N/2)(\Delta X_-)^2$",
            sp.simplify(N / 2 * var["X-"]),
            r"spin map with undepleted pumps $\sqrt{N/2}$",
            lhs=_VS1,
            printed=N * sp.exp(-N * chi * t) / 4,
        ),
        Step(
            r"$(\Delta S_{2,+})^2 = (N/2)(\Delta Y_+)^2$",
            sp.simplify(N / 2 * var["Y+"]),
            r"spin map with undepleted pumps $\sqrt{N/2}$",
            lhs=sp.Symbol(r"(\Delta S_{2,+})^2"),
            printed=N * sp.exp(-N * chi * t) / 4,
        ),
        Step(
            r"$\operatorname{Var}(n_{eA} + n_{gB}) = (\Delta S_{3,-})^2$",
            var_n_nbar,
            r"vacuum of $a_{eA}$, $a_{gB}$; thermal marginals, $n_{eA} = n_{gB}$",
            lhs=sp.Symbol(r"(\Delta S_{3,-})^2"),
            label="Var(n)",
        ),
        Step(
            r"$\xi^2 = (4/N)(\Delta S_{1,-})^2$",
            xi2,
            "definition of Fig. 1(d)",
            lhs=_XI2,
            label="xi2",
            printed=sp.exp(-N * chi * t),
        ),
    )
    return Derivation(
        "two-mode squeezing in the undepleted-pump approximation",
        steps,
        xi2,
        (N, chi, t),
        (r"$H_{\mathrm{TMS}}$ of Eq. (3)", r"vacuum of $a_{eA}$, $a_{gB}$ at $t = 0$"),
        (much_less(nbar, N, "undepleted pumps"),),
        PaperForm(
            _XI2,
            4 * _VS1 / N,
            (sp.Eq(_VS1, N * sp.exp(-N * chi * t) / 4),),
        ),
    )
