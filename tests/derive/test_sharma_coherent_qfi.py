"""sharma2025 coherent-photon chain (B21)-(B34): steps, Gaussian integral, and the exact QFI."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad

from derive import compile_expr
from derive.sharma._coherent_qfi import (
    coherent_qfi_centred,
    coherent_qfi_derivation,
    gaussian_moment_integral,
)
from derive.sharma._symbols import W0, N, U, alpha2, t
from numeric.sharma import qfi_lossless


def test_gaussian_moment_integral_matches_quadrature_for_complex_beta():
    # independent route: numerical quadrature of the real and imaginary parts
    s, b, k = 0.7, 1.3, 2.0
    g = complex(
        gaussian_moment_integral()
        .subs(
            {
                sp.Symbol("sigma", positive=True): s,
                sp.Symbol("beta", real=True): b,
                sp.Symbol("K", real=True): k,
            }
        )
        .evalf()
    )
    re = quad(lambda m: np.exp(-s * m * m) * np.cos(b * m) * (k - m * m), -np.inf, np.inf)[0]
    im = quad(lambda m: np.exp(-s * m * m) * np.sin(b * m) * (k - m * m), -np.inf, np.inf)[0]
    assert g == pytest.approx(complex(re, im), abs=1e-10)


def test_chain_reproduces_omega_difference_8W0_and_tau_C_and_flags_the_printed_slips():
    d = coherent_qfi_derivation()
    cmp = {c.label: c.equal for c in d.comparisons()}
    assert cmp["(B22)-(B23) frequency difference"] and cmp["(B23) exponent"]
    assert cmp["(B31), (D4)"] and cmp["(B34), (D3)"] and cmp["(B26) sigma"]
    assert cmp["(B26) alpha*"] and cmp["(B26) beta*"]  # printed = complex conjugate
    for slip in ("(B24)", "(B27)", "(B28) bracket", "(B33)", "text after (B28): a ~ -4 W0 t nbar"):
        assert not cmp[slip], slip


def test_b34_and_centred_integral_against_exact_qfi_of_coherent_photons():
    # independent route: the exact lossless state of the numeric solver; its O(N) QFI 4<J_y^2> is
    # proved for this state (test_sharma_jy_condition checks it against the eigen formula)
    d = coherent_qfi_derivation()
    p = dict(N=100, U=1.0, W0=1.0, alpha2=40.0)
    tt = np.linspace(0.0, 0.004, 41)
    ex = qfi_lossless(100, 1.0, 1.0, 1.0, 0.0, tt, alpha2=40.0, method="variance")["qfi"]
    b34 = compile_expr(d.result, (N, W0, alpha2, t))(N=100, W0=1.0, alpha2=40.0, t=tt)
    cen = compile_expr(coherent_qfi_centred(), (N, U, W0, alpha2, t))(**p, t=tt)
    e34 = np.max(np.abs(b34 - ex)) / 100**2
    ecen = np.max(np.abs(cen - ex)) / 100**2
    assert e34 < 0.01
    assert ecen < 0.2 * e34
    tau = float(d.step("(B31), (D4)").expr.rhs.subs({N: 100, W0: 1, alpha2: 40}))
    assert tau == pytest.approx(0.00125)
