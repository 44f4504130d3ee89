"""The (B35)-(B40) chain: each step checked against an independent numerical route."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad, solve_ivp

from derive import compile_expr
from derive.sharma import pumped_qfi_derivation
from derive.sharma._pumped_qfi import driven_oscillator_solution
from derive.sharma._symbols import N, U, eta, omega, t


@pytest.fixture(scope="module")
def chain():
    return pumped_qfi_derivation()


def test_driven_cavity_block_amplitude_and_phase_match_an_ode_solution():
    # independent route: integrate i d|psi>/dt = H |psi> for the coherent-state parameters
    # (alpha, phase) numerically: alpha' = -i w alpha - eta, Phi' = -Re(f conj(alpha)), f = -i eta
    alpha, phi = driven_oscillator_solution()
    w, e = -2.7, 3.1
    fa = sp.lambdify(t, alpha.subs({omega: w, eta: e}))
    fp = sp.lambdify(t, phi.subs({omega: w, eta: e}))

    def rhs(_, y):
        a = y[0] + 1j * y[1]
        da = -1j * w * a - e
        dphi = -np.real(-1j * e * np.conj(a))
        return [da.real, da.imag, dphi]

    ts = np.linspace(0, 2.0, 9)
    sol = solve_ivp(rhs, (0, 2.0), [0, 0, 0], t_eval=ts, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(sol.y[0] + 1j * sol.y[1], fa(ts), atol=1e-9)
    np.testing.assert_allclose(sol.y[2], fp(ts), atol=1e-9)


def test_gaussian_integral_b38_matches_numerical_quadrature(chain):
    integral = chain.step("(B38)").expr
    done = chain.step("(B39)").expr  # F_Q = N(N+1)/2 - 2 Re I
    chi = sp.Symbol("chi", real=True)
    vals = {N: 60.0, chi: 0.21}
    f = sp.lambdify(integral.variables[0], integral.function.subs(vals), "numpy")
    re_i = quad(lambda m: np.real(f(m)), -np.inf, np.inf, epsabs=1e-10)[0]
    expected = 60 * 61 / 2 - 2 * re_i
    assert float(done.subs(vals)) == pytest.approx(expected, rel=1e-10)


def test_every_printed_intermediate_of_the_chain_is_reproduced(chain):
    labels = {c.label: c.equal for c in chain.comparisons()}
    for lab in ("(B35)", "(B37a)", "(B37b)", "(B39)", "(B40)", "Eq. (9)", "Eq. (8)"):
        assert labels.get(lab), f"{lab} not reproduced: {labels}"


def test_eq8_starts_at_shot_noise_and_saturates_at_half_heisenberg(chain):
    f = compile_expr(chain.result, chain.parameters)
    n = 100.0
    assert float(f(N=n, W0=1.0, eta=320.0, t=0.0)) == pytest.approx(
        n
    )  # coherent spin state: F_Q = N
    assert float(f(N=n, W0=1.0, eta=320.0, t=1.0)) == pytest.approx(n * (n + 1) / 2)


def test_short_time_expansion_b37_matches_the_exact_overlap_numerically():
    # exact m, m+2 coherence exponent vs its O(t^3) series at a short time
    alpha, phi = driven_oscillator_solution()
    Dc, w0_, e, m_ = 1.0, 1.0, 320.0, 1
    tt = 2e-3
    w1, w2 = -Dc + 2 * w0_ * m_**2, -Dc + 2 * w0_ * (m_ + 2) ** 2
    fa = sp.lambdify((omega, eta, t), alpha)
    fp = sp.lambdify((omega, eta, t), phi)
    a1, a2 = fa(w1, e, tt), fa(w2, e, tt)
    exact = (-(abs(a1) ** 2) / 2 - abs(a2) ** 2 / 2 + np.conj(a2) * a1) + 1j * (
        fp(w1, e, tt) - fp(w2, e, tt)
    )
    series = 1j * (8.0 / 3.0) * e**2 * w0_ * tt**3 * (m_ + 1)
    assert exact.imag == pytest.approx(series.imag, rel=1e-2)
    assert abs(exact.real) < 0.05 * abs(series.imag)  # O(t^4) dephasing is small here


def test_regime_is_stated_as_inequalities(chain):
    text = " ".join(str(c) for c in chain.regime)
    assert "W0" in text and "Delta_c" in text and len(chain.regime) >= 3
    assert any(U in (c.lhs.free_symbols | c.rhs.free_symbols) for c in chain.regime)
