"""Mean-field derivation of tucker2020: equations, Eq. (3), Upsilon'_c, stability."""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.tucker import (
    Gamma,
    Upsilon,
    chi,
    g,
    meanfield_equations,
    s_x,
    s_y,
    s_z,
    upsilon_c_derivation,
    upsilon_c_prime_derivation,
)


def test_meanfield_equations_equal_hand_derived_collective_heisenberg_equations():
    # independent route: d<J>/dt from [J_a, J_b] = i eps J_c by hand, <J_a J_b> -> <J_a><J_b>,
    # s = 2<J>/N, tau = N t/2, plus d<sigma>/dt = -gamma_s/2 <sigma_perp>, -gamma_s (1 + <sigma_z>)
    hand = (
        2 * chi * s_y * s_z + Gamma * s_x * s_z - g * s_x,
        -2 * chi * s_x * s_z - Upsilon * s_z + Gamma * s_y * s_z - g * s_y,
        Upsilon * s_y - Gamma * (s_x**2 + s_y**2) - 2 * g * (1 + s_z),
    )
    for derived, typed in zip(meanfield_equations(), hand, strict=True):
        assert sp.expand(derived - typed) == 0


def test_eq3_and_upsilon_c_prime_reproduce_the_printed_forms():
    assert all(c.equal for c in upsilon_c_derivation().comparisons())
    assert all(c.equal for c in upsilon_c_prime_derivation().comparisons())


def test_superradiant_fixed_point_is_stable_and_the_other_unstable_numerically():
    # independent route: numerical Jacobian eigenvalues at the fixed points (finite differences)
    f = sp.lambdify((s_x, s_y, s_z, Gamma, chi, Upsilon, g), sp.Matrix(meanfield_equations()))
    G, X, u = 1.0, 0.7, 0.8
    uc = np.hypot(G, 2 * X)
    U = u * uc
    for sign, stable in ((-1, True), (+1, False)):
        p = np.array([-2 * X * U / uc**2, G * U / uc**2, sign * np.sqrt(1 - u**2)])
        assert np.allclose(np.ravel(f(*p, G, X, U, 0.0)), 0, atol=1e-12)
        h = 1e-6
        J = np.column_stack(
            [
                (np.ravel(f(*(p + h * e), G, X, U, 0.0)) - np.ravel(f(*(p - h * e), G, X, U, 0.0)))
                / (2 * h)
                for e in np.eye(3)
            ]
        )
        re = np.sort(np.linalg.eigvals(J).real)
        if stable:
            assert re[0] < -1e-3 and re[1] < -1e-3 and abs(re[2]) < 1e-6
        else:
            assert re[-1] > 1e-3


def test_relaxation_fixed_point_tends_to_the_g_to_zero_root_below_upsilon_c_prime():
    # integrate the mean-field equations at small g: the long-time s_z approaches
    # (-1 - sqrt(1 - 2 u^2))/2 (u = Upsilon/Upsilon_c < 1/sqrt(2)) -- independent of the algebra
    from scipy.integrate import solve_ivp

    f = sp.lambdify((s_x, s_y, s_z, Gamma, chi, Upsilon, g), sp.Matrix(meanfield_equations()))
    G, X, u, gg = 1.0, 0.0, 0.6, 1e-3
    U = u * np.hypot(G, 2 * X)
    sol = solve_ivp(
        lambda t, y: np.ravel(f(*y, G, X, U, gg)),
        (0, 6e3),
        [-1.0, 0.0, 0.0],
        method="LSODA",
        rtol=1e-9,
        atol=1e-12,
    )
    assert abs(sol.y[2, -1] - (-1 - np.sqrt(1 - 2 * u**2)) / 2) < 5e-3
