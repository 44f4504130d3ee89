"""When is F_Q = 4<J_y^2>?  The condition (B2)-(B6) and the argument of (B19).

``4 Var(J_y) - F_Q = 8 sum_ij lambda_i lambda_j/(lambda_i + lambda_j) |<i|dJ|j>|^2 >= 0``
with ``dJ = J_y - <J_y>``, so equality holds iff ``Tr[(rho dJ)^2] = 0`` (B3)-(B5), and
``F_Q = 4<J_y^2>`` needs in addition ``<J_y> = 0`` (B6).

Precise condition for this model: the reflection ``P|m> = |-m>`` commutes with
H_eff (``J_z`` enters only through ``J_z^2``; ``J_x`` and photon loss commute with P)
and ``P J_y P = -J_y``.  If the initial amplitudes have definite parity,
``C_{-m} = +-C_m``, the atom-photon state obeys ``(P x 1)|Psi> = +-|Psi>``, so
``P rho_A = rho_A P = rho_A``; then ``rho J_y rho = rho P J_y P rho = -rho J_y rho = 0``,
which gives both ``Tr[(rho J_y)^2] = 0`` and ``<J_y> = 0``.  In (B19) this is the
reflection ``m -> -m`` pairing (B19b) with (B19a) and (B19d) with (B19c).

The printed argument ("shift the index m, as long as C_m = C_m^*") pairs the lines
only when every ``rho[m, m']`` is real, i.e. at t = 0: for t > 0 the phases
``phi(m^2)`` break the shifted pairing, and real C_m without parity do not give
``Tr[(rho J_y)^2] = 0`` (an explicit N = 2 counterexample is derived below).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, Step
from ._symbols import N, U, t

__all__ = ["jy_condition_derivation", "b19_terms", "model_rho"]

m, n, mp = sp.symbols("m n m'", integer=True)
lam_i, lam_j = sp.symbols("lambda_i lambda_j", positive=True)
Ce = sp.Function("C_e")  # C_m = C_e(m^2): even initial amplitudes
Phi = sp.Function("Phi", real=True)  # block phase, a function of m^2 (omega_m, U m^2)
gam = sp.Function("gamma")  # photon amplitude of block m, a function of m^2
Cg = sp.Function("C")  # generic real amplitudes (no parity)


def model_rho(a: sp.Expr, b: sp.Expr, parity: bool = True) -> sp.Expr:
    """``rho[a, b] = C_a C_b e^{-i(Phi_a - Phi_b)} <gamma_b|gamma_a>`` (pumped and coherent cases).

    Both (B7) and (D1)-(D2) have this form: the block phase and the photon amplitude
    depend on m only through ``omega_m = -Delta_c + 2 W0 m^2`` and ``U m^2``.
    ``parity=False`` uses generic amplitudes ``C(m)`` instead of ``C_e(m^2)``.
    """
    ca, cb = (Ce(a**2), Ce(b**2)) if parity else (Cg(a), Cg(b))
    ga, gb = gam(a**2), gam(b**2)
    overlap = sp.exp(-(ga * sp.conjugate(ga) + gb * sp.conjugate(gb)) / 2 + ga * sp.conjugate(gb))
    return ca * cb * sp.exp(-sp.I * (Phi(a**2) - Phi(b**2))) * overlap


def _sp(mm: sp.Expr) -> sp.Expr:
    """``<m+1|J_+|m>``."""
    return sp.sqrt((N / 2 + mm + 1) * (N / 2 - mm))


def _sm(mm: sp.Expr) -> sp.Expr:
    """``<m-1|J_-|m>``."""
    return sp.sqrt((N / 2 + mm) * (N / 2 - mm + 1))


def b19_terms(parity: bool = True) -> dict[str, sp.Expr]:
    """The four summands of (B19a)-(B19d) as functions of (m, n), signs as printed."""
    r = lambda a, b: model_rho(a, b, parity)  # noqa: E731
    return {
        "a": r(m, n + 1) * r(n, m + 1) * _sp(m) * _sp(n),
        "b": -r(m, n + 1) * r(n, m - 1) * _sm(m) * _sp(n),
        "c": -r(m, n - 1) * r(n, m + 1) * _sp(m) * _sm(n),
        "d": r(m, n - 1) * r(n, m - 1) * _sm(m) * _sm(n),
    }


_SHIFT = sp.Symbol(r"-\frac{(\mathrm{B19b})(m+1)}{(\mathrm{B19a})(m)}")


@cache
def jy_condition_derivation() -> Derivation:
    """Prove F_Q = 4<J_y^2> for the model's states and locate the gap in the printed argument.

    Notes
    -----
    Condition: definite reflection parity of the initial atomic amplitudes,
    ``C_{-m} = +-C_m`` (with H_eff even in J_z and any J, kappa, eta, alpha2).  The
    coherent spin state along x has ``C_{-m} = C_m``.  Reality of C_m is neither
    sufficient (counterexample below) nor needed (a global phase is irrelevant).
    """
    steps: list[Step] = []
    w = (lam_i + lam_j) - (lam_i - lam_j) ** 2 / (lam_i + lam_j)
    steps.append(
        Step(
            "Variance minus QFI, pair weight",
            sp.factor(w),
            r"exact: $4 \mathrm{Var} = 2 \sum_{ij} (\lambda_i + \lambda_j)|\delta J_{ij}|^2$, "
            r"$F_Q = 2 \sum_{ij} (\lambda_i - \lambda_j)^2/(\lambda_i + \lambda_j)\, |J_{ij}|^2$",
            "(B2)-(B3)",
            4 * lam_i * lam_j / (lam_i + lam_j),
            sp.Symbol(r"w_{ij}"),
        )
    )

    rho, P, J = sp.symbols("rho P J_y", commutative=False)
    proof = sp.expand((rho * P * J * P * rho).subs(P * J * P, -J) + rho * J * rho)
    steps.append(
        Step(
            r"Parity annihilates $\rho J_y \rho$",
            sp.Eq(2 * rho * J * rho, proof),
            r"$P \rho = \rho P = \rho$ (even state) and $P J_y P = -J_y$: "
            r"$\rho J_y \rho = \rho (P J_y P) \rho = -\rho J_y \rho$",
            "rho J_y rho = 0",
            sp.Eq(2 * rho * J * rho, 0),
        )
    )

    steps.append(
        Step(
            "Model state is even in $m$",
            model_rho(-m, mp) - model_rho(m, mp),
            r"(B7)/(D1): $C_m$, $\Phi_m$ and $\gamma_m$ depend on $m$ only via $m^2$ "
            r"($C_{-m} = C_m$)",
            "rho[-m, m'] = rho[m, m']",
            sp.Integer(0),
            sp.Symbol(r"\rho_{-m, m'} - \rho_{m, m'}"),
        )
    )

    T = b19_terms()
    steps.append(
        Step(
            "Reflection pairs (B19b) with (B19a)",
            sp.simplify(T["b"].subs(m, -m) + T["a"]),
            r"exact: $m \to -m$ in (B19b), $\rho_{-m, n} = \rho_{m, n}$, "
            r"$\langle -m-1|J_-|-m\rangle = \langle m+1|J_+|m\rangle$",
            "(B19a) + (B19b)",
            sp.Integer(0),
            sp.Symbol(r"(\mathrm{B19a})(m) + (\mathrm{B19b})(-m)"),
        )
    )
    steps.append(
        Step(
            "Reflection pairs (B19d) with (B19c)",
            sp.simplify(T["d"].subs(m, -m) + T["c"]),
            "exact: as above",
            "(B19c) + (B19d)",
            sp.Integer(0),
            sp.Symbol(r"(\mathrm{B19c})(m) + (\mathrm{B19d})(-m)"),
        )
    )

    ratio = sp.simplify(
        sp.powsimp(sp.expand_power_exp(-T["b"].subs(m, m + 1) / T["a"]), force=True)
    )
    steps.append(
        Step(
            r"Printed index shift $m \to m+1$ of (B19b)",
            ratio,
            r"the printed argument: $(\mathrm{B19b})(m+1) = -(\mathrm{B19a})(m)$ needs this "
            "ratio to be 1",
            "(B19) shift argument",
            sp.Integer(1),
            _SHIFT,
        )
    )
    at0 = ratio.subs({Phi: sp.Lambda(sp.Symbol("s"), 0), gam: sp.Lambda(sp.Symbol("s"), 0)})
    steps.append(
        Step(
            "Shift argument at $t = 0$",
            sp.simplify(at0),
            "no phases ($t = 0$): the shifted pairing holds",
            "(B19) shift, t = 0",
            sp.Integer(1),
            _SHIFT,
        )
    )

    # counterexample: N = 2, real but asymmetric C, one-axis twisting
    c1, c0, cm1 = sp.symbols("c_1 c_0 c_m1", real=True)
    s2 = sp.sqrt(2)
    jp = sp.Matrix([[0, s2, 0], [0, 0, s2], [0, 0, 0]])  # basis m = 1, 0, -1
    jy = (jp - jp.T) / (2 * sp.I)
    psi = sp.Matrix([c1 * sp.exp(-sp.I * U * t), c0, cm1 * sp.exp(-sp.I * U * t)])
    rho_m = psi * psi.H
    tr = sp.simplify(sp.expand(((rho_m * jy) ** 2).trace()).rewrite(sp.sin))
    steps.append(
        Step(
            r"Real asymmetric $C_m$ ($N = 2$, $U J_z^2$)",
            sp.factor(sp.simplify(tr)),
            r"exact $3 \times 3$ algebra: pure state, "
            r"$\mathrm{Tr}[(\rho J_y)^2] = \langle J_y\rangle^2$",
            "(B19) C_m real suffices",
            sp.Integer(0),
            sp.Symbol(r"\mathrm{Tr}[(\rho J_{y})^{2}]"),
        )
    )
    return Derivation(
        name=r"$F_Q = 4\langle J_y^2\rangle$: the condition $\mathrm{Tr}[(\rho J_y)^2] = 0$ "
        r"and $\langle J_y\rangle = 0$, (B1)-(B6), (B19)",
        steps=tuple(steps),
        result=sp.Eq(sp.Symbol("F_Q"), 4 * sp.Symbol(r"\langle J_{y}^{2}\rangle")),
        parameters=(N,),
        assumptions=(
            r"$H_\mathrm{eff}$ even in $J_z$ ($J_z$ enters as $J_z^2$)",
            r"initial amplitudes of definite reflection parity $C_{-m} = \pm C_m$",
            r"holds for $\eta \geq 0$, $|\alpha|^2 \geq 0$, any $J$, $\kappa$",
        ),
        regime=(),
    )
