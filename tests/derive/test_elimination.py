"""Adiabatic elimination of a fast mode: textbook limits and exact small systems."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum import Dagger

import derive._elimination as elimination_module
import derive._operators as operators_module
from derive._elimination import Elimination, eliminate_fast_mode
from derive._operators import boson, heisenberg, normal_order, operators_equal

g, Delta, kappa = sp.symbols("g Delta kappa", positive=True)


def _tavis_cummings():
    """Far-detuned lossy cavity a coupled to a collective lowering operator J_-."""
    a = sp.Symbol("a", commutative=False)
    jm = sp.Symbol("J_-", commutative=False)
    rhs_a = (-Delta - sp.I * kappa / 2) * a + g * jm
    h = -Delta * Dagger(a) * a + g * (Dagger(a) * jm + Dagger(jm) * a)
    return a, jm, rhs_a, h


def test_lossy_cavity_elimination_gives_lorentzian_shift_and_purcell_rate():
    # textbook: chi = g^2 Delta/(Delta^2 + kappa^2/4), Gamma = g^2 kappa/(Delta^2 + kappa^2/4)
    # (Tucker et al. PRA 102, 051701 (2020), below Eq. (1); Reiter & Sorensen PRA 85, 032111 (2012))
    a, jm, rhs_a, h = _tavis_cummings()
    el = eliminate_fast_mode(a, rhs_a, {jm: g * a}, hamiltonian=h, small=kappa)
    assert isinstance(el, Elimination)
    chi = g**2 * Delta / (Delta**2 + kappa**2 / 4)
    gamma = g**2 * kappa / (Delta**2 + kappa**2 / 4)
    assert sp.simplify(g**2 * el.shift - chi) == 0
    assert sp.simplify(g**2 * el.rate - gamma) == 0
    assert sp.simplify(el.stationary - g * jm / (Delta + sp.I * kappa / 2)) == 0
    h_eff = sp.expand(el.hamiltonian)
    assert sp.simplify(h_eff.coeff(Dagger(jm) * jm) - chi) == 0
    assert sp.simplify(h_eff - h_eff.coeff(Dagger(jm) * jm) * Dagger(jm) * jm) == 0
    # dispersive limit kappa << Delta: chi -> g^2/Delta, Gamma -> g^2 kappa/Delta^2
    assert sp.simplify(el.expansion("shift") - (1 / Delta - kappa**2 / (4 * Delta**3))) == 0
    assert sp.simplify(el.expansion("rate") - (kappa / Delta**2 - kappa**3 / (4 * Delta**4))) == 0
    assert el.regime[0].relation == ">>"
    assert sp.simplify(el.regime[0].lhs - sp.sqrt(Delta**2 + kappa**2 / 4)) == 0


def test_lossy_cavity_elimination_matches_exact_single_excitation_eigenvalue():
    # independent route: exact non-Hermitian single-excitation Hamiltonian of one atom and the
    # cavity in the basis (|e,0>, |g,1>); its atom-like eigenvalue is chi - i Gamma/2
    a, jm, rhs_a, h = _tavis_cummings()
    el = eliminate_fast_mode(a, rhs_a, {jm: g * a}, hamiltonian=h)
    vals = {g: 1.0, Delta: 40.0, kappa: 25.0}
    chi = float((g**2 * el.shift).subs(vals))
    gam = float((g**2 * el.rate).subs(vals))
    hm = np.array([[0.0, 1.0], [1.0, -40.0 - 12.5j]])
    ev = np.linalg.eigvals(hm)
    lam = ev[np.argmin(abs(ev))]
    # corrections are O(g^2/|A|^2) ~ 5e-4 relative
    assert lam.real == pytest.approx(chi, rel=2e-3)
    assert -2 * lam.imag == pytest.approx(gam, rel=2e-3)


def test_lambda_system_excited_state_elimination_gives_raman_coupling():
    # textbook Raman coupling Omega1 Omega2/(4 Delta) (e.g. Brion, Pedersen, Molmer,
    # J. Phys. A 40, 1033 (2007))
    c1, c2, ce = sp.symbols("c1 c2 c_e")
    w1, w2 = sp.symbols("Omega1 Omega2", positive=True)
    el = eliminate_fast_mode(
        ce, -Delta * ce + (w1 * c1 + w2 * c2) / 2, {c1: w1 * ce / 2, c2: w2 * ce / 2}
    )
    rhs1 = el.equation(c1)
    assert sp.simplify(rhs1.coeff(c2) - w1 * w2 / (4 * Delta)) == 0
    assert sp.simplify(rhs1.coeff(c1) - w1**2 / (4 * Delta)) == 0
    # independent: exact 3x3 eigenvalues; the bright state is shifted by (W1^2+W2^2)/(4 Delta)
    W1, W2, D = 1.0, 0.7, 200.0
    ev = np.sort(
        np.linalg.eigvalsh(np.array([[0, 0, W1 / 2], [0, 0, W2 / 2], [W1 / 2, W2 / 2, -D]]))
    )
    eff = np.array(
        [
            [
                float(rhs1.coeff(c1).subs({w1: W1, Delta: D})),
                float(rhs1.coeff(c2).subs({w1: W1, w2: W2, Delta: D})),
            ],
            [float(rhs1.coeff(c2).subs({w1: W1, w2: W2, Delta: D})), W2**2 / (4 * D)],
        ]
    )
    assert np.allclose(np.sort(np.linalg.eigvalsh(eff)), ev[1:], atol=1e-6)
    assert {str(c) for c in el.regime} == {"Delta >> Omega1/2", "Delta >> Omega2/2"}


def test_operator_elimination_with_boson_modes_reproduces_heisenberg_equations():
    # bosons: H = -D e^dag e + g (e^dag b + b^dag e); eliminating e gives H_eff = (g^2/D) b^dag b,
    # whose Heisenberg equation equals the substituted equation of b
    e, b = boson("e"), boson("b")
    h = -Delta * Dagger(e) * e + g * (Dagger(e) * b + Dagger(b) * e)
    el = eliminate_fast_mode(
        e, heisenberg(e, h), {b: heisenberg(b, h)}, hamiltonian=h, canonical=normal_order
    )
    assert operators_equal(heisenberg(b, el.hamiltonian), el.equation(b))
    assert operators_equal(el.hamiltonian, g**2 / Delta * Dagger(b) * b)


def test_elimination_refuses_a_mode_that_is_not_linear_in_itself():
    x = sp.Symbol("x", commutative=False)
    with pytest.raises(ValueError, match="linear"):
        eliminate_fast_mode(x, -Delta * x * x + g)
    with pytest.raises(ValueError, match="not X"):
        eliminate_fast_mode(x, -Delta * x + g, hamiltonian=-Delta * Dagger(x) * x)


def test_operator_algebra_satisfies_jacobi_and_ccr():
    a, b = boson("a"), boson("b")
    assert operators_equal(a * Dagger(a) - Dagger(a) * a, sp.Integer(1))
    x, y, z = Dagger(a) * a * b, Dagger(b) ** 2 * a, a + Dagger(b) * Dagger(a)
    from derive._operators import commutator

    jac = (
        commutator(x, commutator(y, z))
        + commutator(y, commutator(z, x))
        + commutator(z, commutator(x, y))
    )
    assert normal_order(jac) == 0


def test_elimination_and_operator_docstring_examples_run():
    assert doctest.testmod(elimination_module).failed == 0
    assert doctest.testmod(operators_module).failed == 0
