"""Collective spin operators and the coherent spin state (numeric/_spin.py)."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

from numeric import ParameterError
from numeric._spin import css_amplitudes, dicke_m, reflection, rotation, spin_operators


@pytest.mark.parametrize("N", [1, 2, 5, 8])
def test_spin_operators_obey_su2_commutators_and_casimir(N):
    # textbook su(2): [J_x, J_y] = i J_z, J^2 = j(j+1)
    ops = spin_operators(N)
    jx, jy, jz = ops.jx.toarray(), ops.jy.toarray(), np.diag(ops.jz)
    assert np.allclose(jx @ jy - jy @ jx, 1j * jz, atol=1e-12)
    assert np.allclose(jy @ jz - jz @ jy, 1j * jx, atol=1e-12)
    j = N / 2
    assert np.allclose(jx @ jx + jy @ jy + jz @ jz, j * (j + 1) * np.eye(N + 1), atol=1e-12)


@pytest.mark.parametrize("N", [3, 6])
def test_spin_operators_match_qutip_jmat_in_reversed_order(N):
    # QuTiP orders the Dicke basis m = j..-j; ours is m = -j..j
    ops = spin_operators(N)
    for name, ours in (("x", ops.jx.toarray()), ("y", ops.jy.toarray()), ("+", ops.jp.toarray())):
        ref = qutip.jmat(N / 2, name).full()[::-1, ::-1]
        assert np.allclose(ours, ref, atol=1e-12)


@pytest.mark.parametrize("N", [1, 4, 7, 12])
def test_css_is_the_top_jx_eigenstate_and_a_rotated_top_jz_state(N):
    C = css_amplitudes(N)
    ops = spin_operators(N)
    assert np.isclose(np.sum(C**2), 1.0)
    assert np.allclose(ops.jx @ C, (N / 2) * C, atol=1e-12)
    # exp(-i pi/2 J_y) rotates the z-polarised state |j, j> onto the x axis
    top = np.zeros(N + 1)
    top[-1] = 1.0
    rotated = rotation(N, -np.pi / 2, "y") @ top
    assert np.isclose(abs(np.vdot(rotated, C)), 1.0, atol=1e-12)


def test_css_amplitudes_in_log_space_stay_normalised_at_large_N():
    # binomial sum rule sum_k binom(N,k)/2^N = 1 — would overflow without gammaln
    for N in (2000, 20001):
        C = css_amplitudes(N)
        assert np.all(np.isfinite(C))
        assert np.isclose(np.sum(C**2), 1.0, rtol=1e-13)
        assert np.isclose(np.sum(C**2 * dicke_m(N) ** 2), N / 4, rtol=1e-12)  # binomial variance


def test_reflection_flips_jy_and_jz_but_not_jx():
    N = 6
    ops, P = spin_operators(N), reflection(N)
    assert np.allclose((P @ ops.jx @ P).toarray(), ops.jx.toarray())
    assert np.allclose((P @ ops.jy @ P).toarray(), -ops.jy.toarray())
    assert np.allclose(P @ np.diag(ops.jz) @ P, -np.diag(ops.jz))


@pytest.mark.parametrize("bad", [0, -3, 2.5, "4", True, None])
def test_bad_atom_number_raises_parameter_error(bad):
    with pytest.raises(ParameterError, match="N must be a positive integer"):
        spin_operators(bad)
