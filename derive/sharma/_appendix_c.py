"""Appendix C estimates: the overlap xi of the molecular wavefunction and U0/g with units.

``xi = int phi_m d^3r`` (C4) for ``phi_m = A exp(-r^2/R0^2)/r`` normalised to one,
``Omega_R = Omega_0 xi/2`` (C5), ``U0 = Omega_R^2/Delta_A`` (C7) and the contact
coupling ``g = 4 pi hbar^2 a/m``.  With hbar restored, ``U0`` (an energy times a
volume) is ``hbar Omega_R^2/Delta_A``, so

``U0/g = m Omega_0^2 xi^2 / (16 pi hbar a Delta_A)``,

evaluated here with :mod:`sympy.physics.units` (every number carries its unit and
the ratio is checked to be dimensionless).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp
import sympy.physics.units as u

from .._derivation import Derivation, Step

__all__ = [
    "appendix_c_derivation",
    "xi_for",
    "u0_over_g",
    "ParameterEstimate",
    "BOHR_RADIUS",
    "PAPER_PARAMETERS",
    "LITHIUM_PARAMETERS",
]

r, R0 = sp.symbols("r R_0", positive=True)
A = sp.Symbol("A", positive=True)
Omega0, DeltaA, mass, a_s = sp.symbols("Omega_0 Delta_A m a", positive=True)
hbar = sp.Symbol("hbar", positive=True)
xi = sp.Symbol("xi", positive=True)

BOHR_RADIUS = u.Quantity("a_0", abbrev="a_0")
# CODATA 2018 Bohr radius
u.systems.SI.set_quantity_dimension(BOHR_RADIUS, u.length)
u.systems.SI.set_quantity_scale_factor(BOHR_RADIUS, sp.Float("5.29177210903e-11") * u.meter)

PAPER_PARAMETERS = {
    "Omega_0": 2 * sp.pi * 750 * 10**3 * u.hertz,
    "Delta_A": 2 * sp.pi * 2 * 10**6 * u.hertz,
    "m": 87 * u.amu,
    "a": 100 * BOHR_RADIUS,
    "R_0": 250 * BOHR_RADIUS,
}
"""The quoted order-of-magnitude parameters of Appendix C (87Rb, R_0 ~ R_C = 250 a_0)."""

LITHIUM_PARAMETERS = {**PAPER_PARAMETERS, "m": 7 * u.amu, "a": 25 * BOHR_RADIUS}
"""The 7Li variant of Appendix C (a ~ 25 a_0, other parameters unchanged)."""


def _normalised(profile: sp.Expr) -> sp.Expr:
    """``A * profile(r)`` normalised to ``int |phi|^2 d^3r = 1``."""
    norm = sp.integrate(4 * sp.pi * r**2 * profile**2, (r, 0, sp.oo))
    return sp.simplify(profile / sp.sqrt(norm))


@cache
def xi_for(kind: str = "gaussian") -> sp.Expr:
    """``xi = int phi_m d^3r`` for the normalised ``exp(-r^2/R0^2)/r`` or ``exp(-r/R0)/r``."""
    profiles = {"gaussian": sp.exp(-(r**2) / R0**2) / r, "exponential": sp.exp(-r / R0) / r}
    if kind not in profiles:
        raise ValueError(f"kind must be one of {sorted(profiles)}, got {kind!r}")
    phi = _normalised(profiles[kind])
    return sp.simplify(sp.integrate(4 * sp.pi * r**2 * phi, (r, 0, sp.oo)))


def printed_xi() -> sp.Expr:
    return 2 * sp.sqrt(2 * sp.pi) * R0 ** sp.Rational(3, 2)


def u0_over_g_symbolic() -> sp.Expr:
    """``U0/g`` with hbar restored: ``(hbar Omega_R^2/Delta_A) / (4 pi hbar^2 a/m)``."""
    omega_r = Omega0 * xi / 2
    return sp.simplify((hbar * omega_r**2 / DeltaA) / (4 * sp.pi * hbar**2 * a_s / mass))


def _dimensionless(q: sp.Expr) -> float:
    """Convert a unit-carrying expression to SI base units; refuse if a unit survives."""
    si = u.convert_to(q, [u.kilogram, u.meter, u.second])
    leftover = si.atoms(u.Quantity)
    if leftover:
        raise ValueError(f"expected a dimensionless number, got {si}")
    return float(si)


@dataclass(frozen=True, slots=True)
class ParameterEstimate:
    """A unit-aware estimate: the expression with units, and its dimensionless value."""

    name: str
    quantity: sp.Expr
    value: float
    params: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        ps = ", ".join(f"{k} = {v}" for k, v in self.params)
        return f"{self.name} = {self.value:.4g}  ({ps})"


def u0_over_g(params: dict | None = None, kind: str = "gaussian") -> ParameterEstimate:
    """``U0/g`` for the Appendix C parameters with units carried.

    Parameters
    ----------
    params
        ``Omega_0, Delta_A`` (angular frequencies with units), ``m`` (mass), ``a``
        (scattering length), ``R_0`` (length); default :data:`PAPER_PARAMETERS`.
    kind
        Molecular wavefunction for ``xi``: ``"gaussian"`` (stated in Appendix C) or
        ``"exponential"`` (the one the printed ``xi = 2 sqrt(2 pi) R0^{3/2}`` belongs to).
    """
    p = dict(PAPER_PARAMETERS if params is None else params)
    xi_val = xi_for(kind).subs(R0, p["R_0"])
    q = u0_over_g_symbolic().subs(
        {
            xi: xi_val,
            Omega0: p["Omega_0"],
            DeltaA: p["Delta_A"],
            mass: p["m"],
            a_s: p["a"],
            hbar: u.hbar,
        }
    )
    return ParameterEstimate(
        f"U0/g ({kind} phi_m)", q, _dimensionless(q), tuple((k, str(v)) for k, v in p.items())
    )


@cache
def appendix_c_derivation() -> Derivation:
    """Derive xi (C4), Omega_R (C5), U0 (C7) and U0/g for the quoted parameters.

    Notes
    -----
    The printed ``xi = 2 sqrt(2 pi) R0^{3/2}`` is the overlap of the normalised
    ``exp(-r/R0)/r`` (the universal halo-dimer form), not of the stated Gaussian
    ``exp(-r^2/R0^2)/r``, whose normalised overlap is ``2^{3/4} pi^{1/4} R0^{3/2}``;
    U0 is proportional to ``xi^2``, so the estimate drops by ``8 pi / (2^{3/2} pi^{1/2})``.
    """
    _U0G = sp.Symbol(r"U_{0}/g")
    steps: list[Step] = []
    phi_g = _normalised(sp.exp(-(r**2) / R0**2) / r)
    steps.append(
        Step(
            "Normalised molecular wavefunction",
            phi_g,
            r"exact: $\int |\phi_m|^2\, d^3 r = 1$",
            "phi_m of App. C",
            None,
            sp.Symbol(r"\phi_{m}(r)"),
        )
    )
    xg = xi_for("gaussian")
    steps.append(
        Step(
            "Overlap of the stated Gaussian wavefunction",
            sp.Eq(xi, xg),
            "exact radial integral",
            "xi (C4)",
            sp.Eq(xi, printed_xi()),
        )
    )
    xe = xi_for("exponential")
    steps.append(
        Step(
            r"Overlap of $e^{-r/R_0}/r$",
            sp.Eq(xi, xe),
            "exact radial integral (identifies the printed value)",
            "xi (C4), exp(-r/R0)/r",
            sp.Eq(xi, printed_xi()),
        )
    )
    ratio = u0_over_g_symbolic()
    steps.append(
        Step(
            "Induced to bare coupling",
            sp.Eq(_U0G, ratio),
            r"$\Omega_R = \Omega_0 \xi/2$ (C5), $U_0 = \hbar \Omega_R^2/\Delta_A$ (C7), "
            r"$g = 4\pi\hbar^2 a/m$",
            "U0/g",
        )
    )
    est_g = u0_over_g(kind="gaussian")
    est_e = u0_over_g(kind="exponential")
    steps.append(
        Step(
            r"$U_0/g$, stated Gaussian $\phi_m$",
            sp.Float(est_g.value, 6),
            r"$\Omega_0 = 2\pi \times 750$ kHz, $\Delta_A = 2\pi \times 2$ MHz, $m = 87$ u, "
            r"$a = 100\, a_0$, $R_0 = 250\, a_0$ (units carried by sympy.physics.units)",
            "U0/g ~ 0.5",
            sp.Rational(1, 2),
            _U0G,
        )
    )
    steps.append(
        Step(
            r"$U_0/g$, printed $\xi$",
            sp.Float(est_e.value, 6),
            r"same parameters with $\xi = 2\sqrt{2\pi}\, R_0^{3/2}$",
            "U0/g ~ 0.5 (printed xi)",
            None,
            _U0G,
        )
    )
    from ._twomode import U_0 as U0s
    from ._twomode import g as gs
    from ._twomode import k, mode_integrals, sigma, w4, w4f

    mi = mode_integrals()
    geom = sp.simplify((mi["W0"] / U0s) / (mi["U"] / gs))
    steps.append(
        Step(
            r"Cavity-mode factor of $W_0/U$",
            sp.Eq(sp.Symbol(r"\frac{W_{0}/U}{U_{0}/g}"), geom),
            "(C10) with the Gaussian modes (A11) and the unnormalised f of (A1)",
            "(C10)",
        )
    )
    lim = sp.limit(sp.limit(geom.subs(w4f, w4), k, 0), sigma, sp.oo)
    steps.append(
        Step(
            "Cavity-mode factor for traps at an antinode",
            lim,
            r"$\sigma \gg l_H$, $k l_H \to 0$, $|w|^4$ inside the waist ($f \sim 1$)",
            "(C10): W0/U ~ U0/g",
            sp.Integer(1),
            sp.Symbol(r"\frac{W_{0}/U}{U_{0}/g}"),
        )
    )
    return Derivation(
        name=r"Appendix C: molecular overlap $\xi$ and $U_0/g$",
        steps=tuple(steps),
        result=ratio.subs(xi, xg),
        parameters=(Omega0, DeltaA, mass, a_s, R0),
        assumptions=(
            r"$\phi_m$ varies slowly compared with the field operators (C3)",
            "low saturation: molecular population negligible",
        ),
        regime=(),
    )
