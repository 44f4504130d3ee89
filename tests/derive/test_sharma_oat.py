"""sharma2025 one-axis-twisting baseline: closed forms against brute-force evolution, time scales."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.linalg import expm

from derive import compile_expr
from derive.sharma._oat import oat_derivation, oat_moments, oat_qfi, oat_squeezing_asymptotics
from derive.sharma._symbols import N, U, t


def _brute_force(n, u, tt):
    # independent route: dense expm of U J_z^2 on the coherent spin state along x
    m = np.arange(n + 1) - n / 2
    jp = np.diag(np.sqrt((n / 2 - m[:-1]) * (n / 2 + m[:-1] + 1)), -1)
    jx, jy, jz = (jp + jp.T) / 2, (jp - jp.T) / 2j, np.diag(m)
    w, v = np.linalg.eigh(jx)
    psi0 = v[:, -1]
    psi = expm(-1j * u * tt * jz @ jz) @ psi0
    ev = lambda op: (psi.conj() @ op @ psi).real  # noqa: E731
    return ev(jy @ jy), ev(jy @ jz + jz @ jy), 4 * (ev(jy @ jy) - ev(jy) ** 2)


@pytest.mark.parametrize("n", [4, 9, 16])
def test_oat_moments_and_qfi_match_brute_force_evolution(n):
    d = oat_derivation()
    assert all(c.equal for c in d.comparisons())
    mo = oat_moments()
    for tt in (0.05, 0.3, 1.1):
        jy2, jyz, fq = _brute_force(n, 0.8, tt)
        sub = {N: n, U: 0.8, t: tt}
        assert float(mo["Jy2"].subs(sub)) == pytest.approx(jy2, rel=1e-10)
        assert float(mo["JyJz"].subs(sub)) == pytest.approx(jyz, rel=1e-9, abs=1e-12)
        assert float(oat_qfi().subs(sub)) == pytest.approx(fq, rel=1e-10)


def test_oat_qfi_crossover_time_scales_as_inverse_sqrt_N():
    d = oat_derivation()
    assert d.step("t ~ N^{-1/2}").compare().equal
    f = compile_expr(oat_qfi(), (N, U, t))
    c = 0.7  # at t = c/sqrt(N) the crossover exp(-2 c^2) is reached for N -> oo
    vals = [
        (f(N=n, U=1.0, t=c / np.sqrt(n)) - n * (n + 1) / 2) / (-n * (n - 1) / 2) for n in (1e4, 1e6)
    ]
    assert vals[-1] == pytest.approx(np.exp(-2 * c**2), rel=1e-5)


@pytest.mark.slow
def test_oat_squeezing_time_is_192_to_the_sixth_over_2U_times_N_to_minus_two_thirds():
    xi2, c_opt, _ = oat_squeezing_asymptotics()
    assert sp.simplify(c_opt - sp.Integer(192) ** sp.Rational(1, 6)) == 0
    c = sp.Symbol("c", positive=True)
    assert sp.simplify(xi2 - (c**4 / 96 + 4 / c**2)) == 0
