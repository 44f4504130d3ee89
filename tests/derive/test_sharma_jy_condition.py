"""sharma2025 F_Q = 4<J_y^2>: parity proof, the printed shift argument, and the exact state."""

from __future__ import annotations

import numpy as np
import pytest

from derive.sharma._jy_condition import jy_condition_derivation
from numeric.sharma import atomic_state


def test_reflection_pairs_b19_lines_and_the_printed_shift_holds_only_at_t0():
    d = jy_condition_derivation()
    cmp = {c.label: c.equal for c in d.comparisons()}
    assert cmp["rho J_y rho = 0"] and cmp["rho[-m, m'] = rho[m, m']"]
    assert cmp["(B19a) + (B19b)"] and cmp["(B19c) + (B19d)"]
    assert cmp["(B19) shift, t = 0"] and not cmp["(B19) shift argument"]
    assert not cmp["(B19) C_m real suffices"]


@pytest.mark.parametrize("eta,alpha2", [(50.0, 0.0), (0.0, 20.0), (30.0, 5.0)])
def test_exact_state_has_vanishing_tr_rhoJy_squared_and_qfi_equals_4Jy2(eta, alpha2):
    # independent route: dense eigen-decomposition QFI (Eq. (5)) written out here with numpy
    N = 12
    rho = atomic_state(N, 1.0, 1.0, 1.0, eta, [0.07], alpha2=alpha2)[0]
    m = np.arange(N + 1) - N / 2
    jp = np.diag(np.sqrt((N / 2 - m[:-1]) * (N / 2 + m[:-1] + 1)), -1)
    jy = (jp - jp.T) / 2j
    assert abs(np.trace(rho @ jy @ rho @ jy)) < 1e-12
    w, v = np.linalg.eigh(rho)
    g = v.conj().T @ jy @ v
    lw = w[:, None] + w[None, :]
    mask = lw > 1e-14
    fq = 2 * np.sum(((w[:, None] - w[None, :]) ** 2 / np.where(mask, lw, 1) * np.abs(g) ** 2)[mask])
    assert fq == pytest.approx(4 * np.trace(rho @ jy @ jy).real, rel=1e-9)


def test_counterexample_real_asymmetric_amplitudes_give_nonzero_trace_numerically():
    # the derived N = 2 formula 2 c0^2 (c1 - c_-1)^2 sin^2(Ut) against direct matrix algebra
    c1, c0, cm1, U, t = 0.6, 0.7, np.sqrt(1 - 0.6**2 - 0.7**2), 1.0, 0.4
    psi = np.array([c1 * np.exp(-1j * U * t), c0, cm1 * np.exp(-1j * U * t)])
    jp = np.array([[0, np.sqrt(2), 0], [0, 0, np.sqrt(2)], [0, 0, 0]])
    jy = (jp - jp.T) / 2j
    rho = np.outer(psi, psi.conj())
    tr = np.trace(rho @ jy @ rho @ jy).real
    assert tr == pytest.approx(2 * c0**2 * (c1 - cm1) ** 2 * np.sin(U * t) ** 2, rel=1e-12)
