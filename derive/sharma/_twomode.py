"""Two-mode reduction (A10)-(A17): the cavity-assisted Josephson Hamiltonian in Schwinger form.

Substituting ``Psi = phi_1 b_1 + phi_2 b_2`` (A10) into H_eff (A9) gives (A12)-(A15);
the Schwinger operators (A17) turn the on-site terms into ``J_z^2`` plus functions
of the conserved ``N = b_1^dag b_1 + b_2^dag b_2``:

``b_1^dag^2 b_1^2 + b_2^dag^2 b_2^2 = N^2/2 - N + 2 J_z^2``,   ``b_1^dag b_2 + b_2^dag b_1 = 2 J_x``.

So ``W0 a^dag a (...) = 2 W0 a^dag a J_z^2 + W0 (N^2/2 - N) a^dag a``: the cavity
detuning is renormalised to ``Delta_c - W0 (N^2/2 - N)``, and the tunnelling term of
(A14) is ``-2 J J_x``.
"""

from __future__ import annotations

from functools import cache

import sympy as sp
from sympy.physics.quantum import Dagger

from .._derivation import Derivation, Step
from .._operators import boson, normal_order
from .._regime import much_less
from ._symbols import W0, Delta_c, N, U, eta

__all__ = [
    "two_mode_derivation",
    "schwinger_operators",
    "two_mode_hamiltonian",
    "main_text_hamiltonian",
    "renormalised_detuning",
    "mode_integrals",
]

a = boson("a")
b1, b2 = boson("b1"), boson("b2")
J = sp.Symbol("J", real=True)
eps = sp.Symbol("epsilon", real=True)
U_0 = sp.Symbol("U_0", positive=True)
g = sp.Symbol("g", positive=True)
p1, p2, f = sp.symbols("phi_1 phi_2 f", real=True)
Delta_t = sp.Symbol("Deltatilde_c", real=True)
x, y, z = sp.symbols("x y z", real=True)
k, l_H, sigma, L = sp.symbols("k l_H sigma L", positive=True)
w4 = sp.Symbol("I_w", positive=True)  # int |w_j(x)|^4 dx
w4f = sp.Symbol("I_wf", positive=True)  # int |w_j(x)|^4 exp(-x^2/sigma^2) dx


def schwinger_operators() -> dict[str, sp.Expr]:
    """(A17): ``J_x, J_y, J_z`` and ``N`` in terms of ``b_1, b_2``."""
    return {
        "Jx": (Dagger(b1) * b2 + Dagger(b2) * b1) / 2,
        "Jy": (Dagger(b1) * b2 - Dagger(b2) * b1) / (2 * sp.I),
        "Jz": (Dagger(b1) * b1 - Dagger(b2) * b2) / 2,
        "N": Dagger(b1) * b1 + Dagger(b2) * b2,
    }


def two_mode_hamiltonian() -> sp.Expr:
    """(A12) = (A13) + (A14) + (A15)."""
    onsite = Dagger(b1) ** 2 * b1**2 + Dagger(b2) ** 2 * b2**2
    s = schwinger_operators()
    return (
        -Delta_c * Dagger(a) * a
        - sp.I * eta * (Dagger(a) - a)
        + eps * s["N"]
        - J * (Dagger(b1) * b2 + Dagger(b2) * b1)
        + U / 2 * onsite
        + W0 * Dagger(a) * a * onsite
    )


def main_text_hamiltonian(detuning: sp.Expr = Delta_t, tunnelling: sp.Expr = J) -> sp.Expr:
    """The main text's H_eff (with the pump term of (A13)): ``-tunnelling * J_x``."""
    s = schwinger_operators()
    return (
        -detuning * Dagger(a) * a
        - sp.I * eta * (Dagger(a) - a)
        - tunnelling * s["Jx"]
        + U * s["Jz"] ** 2
        + 2 * W0 * Dagger(a) * a * s["Jz"] ** 2
    )


def renormalised_detuning() -> sp.Expr:
    """Exact ``Deltatilde_c = Delta_c - W0 (N^2/2 - N)`` (from the N-dependent terms)."""
    return Delta_c - W0 * (N**2 / 2 - N)


@cache
def mode_integrals() -> dict[str, sp.Expr]:
    """U and W0 of (A16c)-(A16d) from the mode functions (A1), (A11).

    Returns the transverse Gaussian integrals done symbolically, with the
    longitudinal integrals ``I_w = int |w|^4`` and ``I_wf = int |w|^4 e^{-x^2/sigma^2}``
    kept as symbols; ``W0`` for the unnormalised f of (A1) and the normalisation
    factor ``2/(pi sigma^2 L)`` of ``f^2`` for a mode normalised to one over the cavity.
    """
    # |phi|^4 transverse part: exp(-2(y^2+z^2)/l_H^2)/(pi l_H^2)^2, separable Gaussians
    gy = sp.integrate(sp.exp(-2 * y**2 / l_H**2), (y, -sp.oo, sp.oo))
    u_perp = sp.simplify(gy**2 / (sp.pi * l_H**2) ** 2)
    # cos^2(ky) = (1 + cos 2ky)/2, and int e^{-2y^2/l^2} cos(2ky) = Re int e^{-2y^2/l^2 + 2iky}
    osc = sp.integrate(
        sp.exp(-2 * y**2 / l_H**2 + 2 * sp.I * k * y), (y, -sp.oo, sp.oo), conds="none"
    )
    fy = sp.simplify((gy + osc) / 2 / (sp.pi * l_H**2))
    fz = sp.simplify(
        sp.integrate(
            sp.exp(-(z**2) / sigma**2 - 2 * z**2 / l_H**2), (z, -sp.oo, sp.oo), conds="none"
        )
    )
    # int_0^L cos^2(k y) dy = L/2 for an integer number of half wavelengths
    perp = sp.integrate(sp.exp(-(x**2) / sigma**2), (x, -sp.oo, sp.oo)) ** 2
    norm = sp.simplify(1 / (perp * L / 2))
    return {
        "U": sp.simplify(g * u_perp * w4),
        "W0": sp.simplify(U_0 * fy * fz * w4f / (sp.pi * l_H**2)),
        "f2_normalisation": norm,
    }


def printed_A16c() -> sp.Expr:
    return g / (2 * sp.pi * l_H**2) * w4


def printed_A16d() -> sp.Expr:
    return (
        U_0
        * (1 + sp.exp(-(k**2) * l_H**2 / 2))
        / (L * sp.pi**2 * sigma * l_H**2 * sp.sqrt(2 * (l_H**2 + 2 * sigma**2)))
        * w4f
    )


@cache
def two_mode_derivation() -> Derivation:
    """Derive the main text's H_eff and renormalised detuning from (A9), (A10)-(A17).

    Notes
    -----
    Exact operator algebra except the mode truncation (A10) and the neglect of the
    overlap ``phi_1 phi_2`` of the localised modes (deep, symmetric double well).
    """
    steps: list[Step] = []
    psi = p1 * b1 + p2 * b2
    quartic = normal_order(f**2 * Dagger(psi) ** 2 * psi**2)
    local = sp.expand(quartic).subs(p1 * p2, 0)
    local = sp.expand(sum(t for t in sp.Add.make_args(local) if not (t.has(p1) and t.has(p2))))
    steps.append(
        Step(
            r"Two-mode expansion of $f^2 {\Psi^\dagger}^2 \Psi^2$",
            local,
            r"(A10) and localised modes: every term with $\phi_1 \phi_2$ dropped",
            "(A15)",
            f**2 * (p1**4 * Dagger(b1) ** 2 * b1**2 + p2**4 * Dagger(b2) ** 2 * b2**2),
            sp.Symbol(r"f^{2} {\Psi^{\dagger}}^{2} \Psi^{2}"),
        )
    )

    s = schwinger_operators()
    onsite = Dagger(b1) ** 2 * b1**2 + Dagger(b2) ** 2 * b2**2
    ident = normal_order(onsite - (s["N"] ** 2 / 2 - s["N"] + 2 * s["Jz"] ** 2))
    steps.append(
        Step(
            "On-site terms in Schwinger operators",
            sp.Eq(sp.Symbol("residual"), ident),
            r"exact: $n_1^2 + n_2^2 = (n_1 + n_2)^2/2 + (n_1 - n_2)^2/2$, "
            r"${b^\dagger}^2 b^2 = n^2 - n$",
            "b1^2+b2^2 = N^2/2 - N + 2Jz^2",
            sp.Eq(sp.Symbol("residual"), 0),
        )
    )
    tun = normal_order(Dagger(b1) * b2 + Dagger(b2) * b1 - 2 * s["Jx"])
    steps.append(
        Step(
            "Tunnelling in Schwinger operators",
            sp.Eq(sp.Symbol("residual"), tun),
            "exact: (A17)",
            "b1^dag b2 + h.c. = 2 Jx",
            sp.Eq(sp.Symbol("residual"), 0),
        )
    )

    nhat = sp.Symbol("Nhat", positive=True)
    h_schw = (
        -Delta_c * Dagger(a) * a
        - sp.I * eta * (Dagger(a) - a)
        + eps * s["N"]
        - 2 * J * s["Jx"]
        + U * s["Jz"] ** 2
        + U * (s["N"] ** 2 / 4 - s["N"] / 2)
        + 2 * W0 * Dagger(a) * a * s["Jz"] ** 2
        + W0 * (s["N"] ** 2 / 2 - s["N"]) * Dagger(a) * a
    )
    resid = normal_order(two_mode_hamiltonian() - h_schw)
    steps.append(
        Step(
            "(A12)-(A15) in Schwinger form",
            sp.Eq(sp.Symbol("residual"), resid),
            "exact operator identity (normal-ordered difference)",
            "(A12)-(A17)",
            sp.Eq(sp.Symbol("residual"), 0),
        )
    )
    # the main text keeps -J J_x: (A14)'s tunnelling amplitude is half the main text's J
    h_sector = (
        -(Delta_c - W0 * (nhat**2 / 2 - nhat)) * sp.Symbol("n_ph")
        - 2 * J * sp.Symbol("J_x")
        + U * sp.Symbol("J_z") ** 2
        + 2 * W0 * sp.Symbol("n_ph") * sp.Symbol("J_z") ** 2
    )
    steps.append(
        Step(
            "Tunnelling prefactor",
            sp.Eq(sp.Symbol(r"c_{J_{x}}"), h_sector.coeff(sp.Symbol("J_x"))),
            "from (A14) with (A17)",
            "main text H_eff: -J J_x",
            sp.Eq(sp.Symbol(r"c_{J_{x}}"), -J),
        )
    )
    dt = sp.expand(-h_sector.coeff(sp.Symbol("n_ph")).subs(sp.Symbol("J_z"), 0).subs(nhat, N))
    steps.append(
        Step(
            "Renormalised cavity detuning",
            sp.Eq(Delta_t, dt),
            r"fixed atom number: $\hat N \to N$ in the $a^\dagger a$ coefficient",
            "main text",
            sp.Eq(Delta_t, Delta_c - W0 * N**2 / 2),
        )
    )
    mi = mode_integrals()
    steps.append(
        Step(
            "On-site interaction",
            sp.Eq(U, mi["U"]),
            "Gaussian transverse integral of (A11)",
            "(A16c)",
            sp.Eq(U, printed_A16c()),
        )
    )
    steps.append(
        Step(
            "Photon-induced on-site interaction, f of (A1)",
            sp.Eq(W0, mi["W0"]),
            r"Gaussian transverse integrals of $f^2 |\phi|^4$, $f$ unnormalised as in (A1)",
            "(A16d)",
            sp.Eq(W0, printed_A16d()),
        )
    )
    steps.append(
        Step(
            "Photon-induced on-site interaction, f normalised over the cavity",
            sp.Eq(W0, sp.simplify(mi["W0"] * mi["f2_normalisation"])),
            r"$f^2 \to f^2 \cdot 2/(\pi \sigma^2 L)$ ($\int |f|^2\, d^3 r = 1$ over a cavity "
            r"of length $L$)",
            "(A16d) normalised",
            sp.Eq(W0, printed_A16d()),
        )
    )
    result = main_text_hamiltonian(dt, 2 * J)
    return Derivation(
        name="Two-mode reduction to the cavity-assisted Josephson Hamiltonian, (A10)-(A17)",
        steps=tuple(steps),
        result=result,
        parameters=(Delta_c, W0, N),
        assumptions=(
            "two localised modes (A10)",
            r"symmetric double well, overlap $\phi_1 \phi_2$ dropped",
            r"fixed total atom number $N$ (constants $\epsilon N$, $U(N^2/4 - N/2)$ dropped)",
        ),
        regime=(much_less(sp.Symbol("phi_1phi_2_overlap"), 1, "deep double well"),),
    )
