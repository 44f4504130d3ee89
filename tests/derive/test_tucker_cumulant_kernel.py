"""The generated numba kernel of numeric.tucker is the scaled form of the derived cumulant equations.

Independent routes: the generated file is re-generated from the derivation (no drift); the
scaled right-hand side is compared with the original distinct-site moment equations
(``tucker_cumulant_system``, compiled by ``compile_expr``) through the chain rule of the change
of variables M_ab = m_a m_b + c_ab/(N-1); the Jacobian with central finite differences.
"""

from __future__ import annotations

import numpy as np

from derive.tucker import cumulant_kernel_source, scaled_cumulant_system, tucker_cumulant_system
from derive.tucker._cum_kernel import KERNEL_PATH
from numeric.tucker._cum_kernel import tucker_jac, tucker_rhs

PAIRS = (("x", "x"), ("x", "y"), ("x", "z"), ("y", "y"), ("y", "z"), ("z", "z"))


def _random_point(rng):
    m = rng.normal(size=3)
    m *= rng.uniform(0.3, 1.0) / np.linalg.norm(m)
    c = rng.normal(scale=0.3, size=6)
    p = np.array(
        [
            float(rng.integers(5, 10_000)),
            rng.uniform(0.5, 2),
            rng.uniform(-2, 2),
            rng.uniform(0, 5000),
            rng.uniform(0, 50),
        ]
    )
    return np.concatenate([m, c]), p


def test_generated_kernel_file_is_the_current_derivation():
    assert KERNEL_PATH.read_text() == cumulant_kernel_source()


def test_scaled_equations_are_the_distinct_site_moment_equations_by_the_chain_rule():
    cc = tucker_cumulant_system(2)
    rng = np.random.default_rng(3)
    for _ in range(5):
        y, p = _random_point(rng)
        N = p[0]
        m = dict(zip("xyz", y[:3], strict=True))
        c = dict(zip(PAIRS, y[3:], strict=True))
        M = {f"M_a{a}": m[a] for a in "xyz"}
        M.update({f"M_a{a}_a{b}": m[a] * m[b] + c[(a, b)] / (N - 1) for a, b in PAIRS})
        f = dict(
            zip(
                cc.names,
                np.ravel(cc.rhs(N=N, Gamma=p[1], chi=p[2], Omega=p[3], gamma_s=p[4], **M)),
                strict=True,
            )
        )
        expect = [f[f"M_a{a}"] for a in "xyz"]
        expect += [
            (N - 1) * (f[f"M_a{a}_a{b}"] - m[a] * f[f"M_a{b}"] - m[b] * f[f"M_a{a}"])
            for a, b in PAIRS
        ]
        got = tucker_rhs(0.0, y, p)
        np.testing.assert_allclose(got, expect, rtol=1e-9, atol=1e-9 * np.max(np.abs(expect)))


def test_kernel_jacobian_matches_central_differences():
    rng = np.random.default_rng(5)
    y, p = _random_point(rng)
    J = tucker_jac(0.0, y, p)
    h = 1e-6
    fd = np.column_stack(
        [
            (tucker_rhs(0.0, y + h * e, p) - tucker_rhs(0.0, y - h * e, p)) / (2 * h)
            for e in np.eye(9)
        ]
    )
    np.testing.assert_allclose(J, fd, rtol=1e-5, atol=1e-5 * np.max(np.abs(fd)))


def test_scaled_cumulants_of_a_product_state_stay_zero_without_collective_terms():
    # Gamma = chi = 0: local drive and decay keep a product state, so dc/dt = 0 at c = 0
    # (independent route: single-spin Bloch equations, where pair correlations never form)
    s = scaled_cumulant_system()
    y = np.array([0.3, -0.5, 0.4] + [0.0] * 6)
    p = np.array([100.0, 0.0, 0.0, 7.0, 1.3])
    f = tucker_rhs(0.0, y, p)
    assert np.allclose(f[3:], 0.0, atol=1e-12)
    # Bloch equations of one spin: dm_x = -g m_x/2, dm_y = -Omega m_z - g m_y/2, dm_z = Omega m_y - g(1 + m_z)
    g, Om = p[4], p[3]
    np.testing.assert_allclose(
        f[:3], [-g * y[0] / 2, -Om * y[2] - g * y[1] / 2, Om * y[1] - g * (1 + y[2])]
    )
    assert len(s.variables) == 9
