"""Elimination of the molecular state: (A5a)-(A5c) -> (A7) -> (A8a)-(A8b) and H_eff (A9).

The atom field ``Psi``, the molecular field ``Psi_D`` and the cavity mode ``a`` are
represented at one point of space by one bosonic mode each (a lattice site of unit
volume): the elimination is local (``Psi_D(r)`` couples only to ``Psi(r)^2``), so
the local operator algebra, ``[Psi, Psi^dag] = 1`` for ``delta(r - r')``, carries
every factor of the continuum equations, and ``int d^3r`` is the sum over sites.
The one-body energies are site energies ``eps`` (atom) and ``eps_M`` (molecule:
kinetic, trap and ``omega_B``, measured in the frame rotating at ``omega_L``).
"""

from __future__ import annotations

from functools import cache

import sympy as sp
from sympy.physics.quantum import Dagger

from .._derivation import Derivation, Step
from .._elimination import Elimination, eliminate_fast_mode
from .._latex import latex
from .._operators import boson, heisenberg, normal_order
from .._regime import much_greater
from ._symbols import Delta_c, eta

__all__ = [
    "molecular_elimination",
    "molecular_elimination_derivation",
    "printed_A8b",
    "Omega_R",
    "Delta_A",
    "U_0",
]

Omega_R = sp.Symbol("Omega_R", positive=True)
Delta_A = sp.Symbol("Delta_A", positive=True)
U_0 = sp.Symbol("U_0", positive=True)
g = sp.Symbol("g", positive=True)
f = sp.Symbol("f", real=True)
eta_t = sp.Symbol("eta_t", real=True)
eps = sp.Symbol("epsilon", real=True)
eps_M = sp.Symbol("epsilon_M", real=True)
rho = sp.Symbol("rho", positive=True)
nbar = sp.Symbol("nbar", positive=True)

a = boson("a")
Psi = boson("Psi")
PsiD = boson("Psi_D")


def _rotating_hamiltonian(with_transverse_pump: bool = False) -> sp.Expr:
    """H' of (A6) at one site; the molecular one-body energy is eps_M - Delta_A."""
    drive = f * a + (eta_t if with_transverse_pump else 0)
    return sp.expand(
        -Delta_c * Dagger(a) * a
        - sp.I * eta * (Dagger(a) - a)
        + eps * Dagger(Psi) * Psi
        + g / 2 * Dagger(Psi) ** 2 * Psi**2
        + (eps_M - Delta_A) * Dagger(PsiD) * PsiD
        - sp.I * Omega_R * (Dagger(PsiD) * Psi**2 * drive - Dagger(drive) * Dagger(Psi) ** 2 * PsiD)
    )


def printed_A5() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Right-hand sides of (A5a), (A5b), (A5c) as printed (one site, f real)."""
    a5a = -Delta_c * a - sp.I * eta + sp.I * Omega_R * f * Dagger(Psi) ** 2 * PsiD
    a5b = (
        eps * Psi
        + g * Dagger(Psi) * Psi * Psi
        + 2 * sp.I * Omega_R * f * Dagger(a) * Dagger(Psi) * PsiD
    )
    a5c = (eps_M - Delta_A) * PsiD - sp.I * Omega_R * f * a * Psi**2
    return a5a, a5b, a5c


def printed_A7() -> sp.Expr:
    return -sp.I * Omega_R * f / Delta_A * a * Psi**2


def printed_A8a() -> sp.Expr:
    return -Delta_c * a - sp.I * eta + Omega_R**2 / Delta_A * a * f**2 * Dagger(Psi) ** 2 * Psi**2


def printed_A8b() -> sp.Expr:
    """(A8b) as printed, including its factor 2 in front of the photon-induced term."""
    return (
        eps * Psi
        + g * Dagger(Psi) * Psi * Psi
        + 2 * Omega_R**2 / Delta_A * f**2 * Dagger(a) * a * Dagger(Psi) * Psi**2
    )


def printed_A9() -> sp.Expr:
    return (
        -Delta_c * Dagger(a) * a
        - sp.I * eta * (Dagger(a) - a)
        + eps * Dagger(Psi) * Psi
        + g / 2 * Dagger(Psi) ** 2 * Psi**2
        + U_0 * Dagger(a) * a * f**2 * Dagger(Psi) ** 2 * Psi**2
    )


def printed_eq4() -> sp.Expr:
    """The interaction of Eq. (4) at one site, f real."""
    return U_0 * (f * Dagger(a) + eta_t) * (f * a + eta_t) * Dagger(Psi) ** 2 * Psi**2


@cache
def molecular_elimination(with_transverse_pump: bool = False) -> Elimination:
    """Eliminate ``Psi_D`` from the Heisenberg equations of H' (A6) at ``eps_M = 0``.

    Notes
    -----
    Regime: ``Delta_A`` much larger than the molecular one-body energy ``eps_M``
    (kinetic + trap, dropped from the square bracket of (A5c)), than the pair-photon
    coupling ``Omega_R f sqrt(rho nbar)`` and than the slow frequencies ``|Delta_c|``
    and ``g rho``.
    """
    h = _rotating_hamiltonian(with_transverse_pump).subs(eps_M, 0)
    rhs = {op: heisenberg(op, h) for op in (a, Psi, PsiD)}
    rates = (Omega_R * sp.Abs(f) * sp.sqrt(rho * nbar), sp.Abs(Delta_c), g * rho)
    return eliminate_fast_mode(
        PsiD,
        rhs[PsiD],
        {a: rhs[a], Psi: rhs[Psi]},
        hamiltonian=h,
        slow_rates=rates,
        canonical=normal_order,
        text="molecular state far detuned: Delta_A dominates the bracket of (A5c)",
    )


def _ddt(op: sp.Expr) -> sp.Symbol:
    """Display symbol ``i d(op)/dt`` for a Heisenberg equation's left-hand side."""
    return sp.Symbol(rf"i\frac{{d}}{{dt}}{latex(op)}")


@cache
def molecular_elimination_derivation() -> Derivation:
    """Derive (A5), (A7), U_0 = Omega_R^2/Delta_A, (A8a)-(A8b), (A9) and Eq. (4).

    Returns
    -------
    Derivation
        Every printed equation is a ``Step.printed``; both sides are normal ordered
        (an exact rewriting) so that the comparison is an operator identity.

    Notes
    -----
    The check that (A9) generates (A8a)-(A8b) is done by computing ``[a, H_eff]`` and
    ``[Psi, H_eff]`` with the boson algebra: ``[Psi, Psi^dag^2 Psi^2] = 2 Psi^dag Psi^2``
    gives the factor 2 of (A8b), which is therefore correct.
    """
    h = _rotating_hamiltonian()
    steps: list[Step] = []
    derived = [heisenberg(op, h) for op in (a, Psi, PsiD)]
    for lab, op, d, p in zip(
        ("(A5a)", "(A5b)", "(A5c)"), (a, Psi, PsiD), derived, printed_A5(), strict=True
    ):
        steps.append(
            Step(
                f"Heisenberg equation {lab}",
                d,
                r"exact: $i\, dX/dt = [X, H']$ (A6)",
                lab,
                normal_order(p),
                _ddt(op),
            )
        )

    el = molecular_elimination()
    steps.append(
        Step(
            "Stationary molecular field",
            normal_order(el.stationary),
            r"adiabatic elimination: $\Delta_A \gg \epsilon_M, \Omega_R f \sqrt{\rho n}, "
            r"|\Delta_c|, g \rho$; $i\, d\Psi_D/dt = -\Delta_A \Psi_D + S$ $\to$ "
            r"$\Psi_D = S/\Delta_A$",
            "(A7)",
            normal_order(printed_A7()),
            PsiD,
        )
    )
    u0 = sp.simplify(el.shift * Omega_R**2)
    steps.append(
        Step(
            "Interaction per photon",
            sp.Eq(U_0, u0),
            r"coefficient of $S^\dagger S / |\Omega_R f|^2$ in $H_\mathrm{eff}$",
            "U_0 (A9), (C7)",
            sp.Eq(U_0, Omega_R**2 / Delta_A),
        )
    )
    for lab, op, p in (("(A8a)", a, printed_A8a()), ("(A8b)", Psi, printed_A8b())):
        steps.append(
            Step(
                f"Reduced equation {lab}",
                normal_order(el.equation(op)),
                "(A7) substituted into (A5a)/(A5b)",
                lab,
                normal_order(p),
                _ddt(op),
            )
        )
    h_eff = normal_order(el.hamiltonian.subs(Omega_R**2, U_0 * Delta_A))
    steps.append(
        Step(
            "Effective Hamiltonian",
            h_eff,
            r"$H_\mathrm{rest} + \operatorname{Re}(-1/A)\, S^\dagger S$ (second order in "
            r"$\Omega_R$)",
            "(A9)",
            normal_order(printed_A9()),
            sp.Symbol(r"H_{\mathrm{eff}}"),
        )
    )
    from_a9 = [
        normal_order(heisenberg(op, printed_A9()).subs(U_0, Omega_R**2 / Delta_A))
        for op in (a, Psi)
    ]
    for lab, op, d, p in zip(
        ("(A8a)", "(A8b)"), (a, Psi), from_a9, (printed_A8a(), printed_A8b()), strict=True
    ):
        steps.append(
            Step(
                rf"{lab} from $H_\mathrm{{eff}}$ (A9)",
                d,
                r"exact: $i\, dX/dt = [X, H_\mathrm{eff}]$ with the boson algebra",
                f"{lab} via (A9)",
                normal_order(p),
                _ddt(op),
            )
        )
    el_t = molecular_elimination(with_transverse_pump=True)
    bare = h.subs({Omega_R: 0, eps_M: 0}) + Delta_A * Dagger(PsiD) * PsiD
    inter = normal_order(sp.expand(el_t.hamiltonian - bare).subs(Omega_R**2, U_0 * Delta_A))
    steps.append(
        Step(
            "Photon-induced interaction with transverse pump",
            inter,
            r"same elimination with the source $-i \Omega_R (f a + \eta_t) \Psi^2$",
            "Eq. (4)",
            normal_order(printed_eq4()),
            sp.Symbol(r"H_{\mathrm{int}}"),
        )
    )
    return Derivation(
        name="Adiabatic elimination of the molecular state, (A5)-(A9), Eq. (4)",
        steps=tuple(steps),
        result=sp.Eq(U_0, u0),
        parameters=(Omega_R, Delta_A),
        assumptions=(
            "rotating frame of the laser (A2)-(A4)",
            r"$f(\mathbf{r})$ real",
            "one site of unit volume stands for the point r (local algebra)",
            "molecule-molecule interactions neglected",
        ),
        regime=(
            *el.regime,
            much_greater(Delta_A, sp.Abs(eps_M), "molecular kinetic/trap energy negligible"),
        ),
    )
