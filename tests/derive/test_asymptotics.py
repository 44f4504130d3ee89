"""Scaling-law helpers (issue 11, item 2d): asymptotics(expr, var, point) against known laws, and
undepleted_pump(model, pumps) against hand expansions and displaced Fock matrices."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.linalg import expm
from sympy.physics.quantum import Dagger

from derive import Boson, Jump, Levels, Model, ModelError, Parameter, SpinEnsemble, compare_forms
from derive._algebra import factors, operators_equal
from derive._asymptotics import asymptotics
from derive._pump import undepleted_pump

N = sp.Symbol("N", positive=True)
x = sp.Symbol("x", positive=True)
Gamma = sp.Symbol("Gamma", positive=True)


def test_superradiant_peak_time_ln_n_over_n_gamma():
    r = asymptotics(sp.log(N) / (N * Gamma) + 1 / (N * Gamma), N)
    assert (r.exponent, r.log_exponent) == (-1, 1)
    assert compare_forms(r.prefactor, 1 / Gamma).equal
    assert compare_forms(r.correction, 1 / (N * Gamma)).equal
    assert r.exponent != -2 and not compare_forms(r.prefactor, 2 / Gamma).equal  # wrong forms seen


def test_saturating_law_at_small_and_large_x():
    f = N**2 / 2 * (1 - sp.exp(-x))
    small = asymptotics(f, x, 0)
    assert small.exponent == 1 and compare_forms(small.prefactor, N**2 / 2).equal
    assert compare_forms(small.correction, -(N**2) * x**2 / 4).equal  # Taylor, by hand
    assert not compare_forms(small.leading, N**2 * x).equal  # factor 2 seen
    large = asymptotics(f, x)
    assert large.exponent == 0 and compare_forms(large.leading, N**2 / 2).equal
    assert compare_forms(large.correction, -(N**2) * sp.exp(-x) / 2).equal  # exponentially small


def test_stirling_log_factorial_is_n_log_n_minus_n():
    r = asymptotics(sp.loggamma(N + 1), N, series_terms=0)
    assert (r.exponent, r.log_exponent, r.prefactor) == (1, 1, 1)
    assert r.correction == -N
    # independent check with numbers: log N! - (N log N - N) ~ log(2 pi N)/2
    from math import lgamma, log, pi

    for n in (1e3, 1e6):
        assert lgamma(n + 1) - (n * log(n) - n) == pytest.approx(0.5 * log(2 * pi * n), rel=1e-3)


def test_regime_condition_evaluates_the_relative_correction():
    r = asymptotics(sp.sqrt(N**2 + N), N)
    assert r.leading == N and r.correction == sp.Rational(1, 2)
    (c,) = r.derivation.regime
    margin = sp.lambdify(N, c.margin)
    assert margin(100.0) == pytest.approx(0.005)
    assert margin(100.0) < c.threshold < margin(1.0)
    assert np.isclose(float(r.series.removeO().subs(N, 50)), np.sqrt(50**2 + 50), rtol=1e-6)


def test_derivation_steps_are_the_limits_with_licences():
    r = asymptotics(sp.log(N) / N, N)
    names = [s.name for s in r.derivation.steps]
    assert names[:3] == [
        "exponent of the leading term",
        "log power of the leading term",
        "prefactor of the leading term",
    ]
    assert r.correction == 0
    assert all(
        "limit" in s.licence or "exact" in s.licence or "f ~" in s.licence
        for s in r.derivation.steps
    )


def test_factorial_is_refused_as_no_power_law():
    with pytest.raises(ValueError, match="not ~ A"):
        asymptotics(sp.factorial(N), N)


# ----------------------------------------------------------------- undepleted pump
chi = Parameter.real("chi", "nonlinear coupling")
kappa = Parameter.rate("kappa", "pump loss", positive=True)
U = Parameter.real("U", "Kerr coefficient")
g = Parameter.rate("g", "coupling", positive=True)
NP = Parameter.size("N", "atom number")
A, B, C = Boson("a"), Boson("b"), Boson("c")
alpha = sp.Symbol("alpha")  # complex amplitude
alpha_r = sp.Symbol("alpha_r", positive=True)  # real amplitude


def test_pair_production_becomes_two_mode_squeezing():
    m = Model(
        "pdc",
        (chi, kappa),
        (A, B, C),
        chi.symbol * (A.a * B.ad * C.ad + A.ad * B.a * C.a),
        jumps=(Jump(A.a, kappa.symbol),),
    )
    der, reduced = undepleted_pump(m, {"a": alpha})
    hand = chi.symbol * (alpha * B.ad * C.ad + sp.conjugate(alpha) * B.a * C.a)
    assert operators_equal(reduced.hamiltonian, hand)
    assert not operators_equal(reduced.hamiltonian, 2 * hand)  # factor 2 detected
    assert reduced.jumps == ()  # D[alpha] = 0
    assert [d.name for d in reduced.dofs] == ["b", "c"]
    assert "alpha" in [p.name for p in reduced.parameters]
    assert any(s.name == "pump jumps dropped" for s in der.steps)
    assert str(der.regime[0]) == "Abs(alpha)**2 >> 1"


def test_pumped_cavity_drives_the_spin_as_a_collective_rotation():
    s = SpinEnsemble("S", NP.symbol)
    m = Model("spin-pump", (g, NP), (s, A), g.symbol * (A.a * s.Sp + A.ad * s.Sm))
    _, reduced = undepleted_pump(m, {"a": alpha_r})
    assert operators_equal(reduced.hamiltonian, 2 * g.symbol * alpha_r * s.Sx)
    assert not operators_equal(reduced.hamiltonian, -2 * g.symbol * alpha_r * s.Sx)  # sign


def test_normal_ordering_keeps_the_commutator_c_number():
    m = Model("anti", (U,), (A, Levels("q", ("g", "e"))), U.symbol * A.a * A.ad)
    _, reduced = undepleted_pump(m, {"a": alpha_r})
    assert sp.simplify(reduced.hamiltonian - U.symbol * (alpha_r**2 + 1)) == 0


def _kerr_fluctuation(order):
    m = Model("kerr", (U,), (A,), U.symbol * A.ad**2 * A.a**2)
    return undepleted_pump(m, {"a": alpha}, order=order)


def test_displaced_kerr_mode_to_second_order_is_the_hand_expansion():
    p = _kerr_fluctuation(2)
    u, al, alc = U.symbol, alpha, sp.conjugate(alpha)
    hand = u * (
        alc**2 * A.a**2
        + al**2 * A.ad**2
        + 4 * al * alc * A.n
        + 2 * al * alc * (alc * A.a + al * A.ad)
        + (al * alc) ** 2
    )
    assert operators_equal(p.model.hamiltonian, hand)
    assert [d.name for d in p.model.dofs] == ["a"]
    assert not operators_equal(p.model.hamiltonian, hand + u * al * alc * A.n)  # 4 vs 5 seen


def test_full_order_displacement_agrees_with_displaced_fock_matrices():
    """Independent route: D(alpha)^dag H D(alpha) with truncated Fock matrices (numpy/scipy)."""
    p = _kerr_fluctuation(4)
    av, uv, cut, keep = 0.4 + 0.3j, 0.7, 60, 6
    a = np.diag(np.sqrt(np.arange(1, cut)), 1).astype(complex)
    ad = a.conj().T
    h = uv * ad @ ad @ a @ a
    d = expm(av * ad - np.conj(av) * a)
    exact = (d.conj().T @ h @ d)[:keep, :keep]
    got = np.zeros((cut, cut), complex)
    for t in sp.Add.make_args(sp.expand(p.model.hamiltonian)):
        c, ops = factors(t)
        mat = np.eye(cut, dtype=complex) * complex(c.subs({U.symbol: uv, alpha: av}))
        for o in ops:
            mat = mat @ (a if o.is_annihilation else ad)
        got += mat
    np.testing.assert_allclose(got[:keep, :keep], exact, atol=1e-8)


def test_non_boson_pump_is_refused():
    s = SpinEnsemble("S", NP.symbol)
    m = Model("spin", (g, NP), (s,), g.symbol * s.Sz)
    with pytest.raises(ModelError, match="not a boson"):
        undepleted_pump(m, {"S": alpha})
    assert Dagger(A.a) == A.ad
