"""sundar.ae: the cavity elimination against the exact atoms + cavity dynamics (not against itself).

Independent routes: the textbook single-excitation pole of the 2x2 non-Hermitian Hamiltonian
[[0, g_F sqrt(N)], [g_F sqrt(N), Delta - i kappa/2]] (numpy eigenvalues; neither the solver nor
the elimination), and the textbook Clebsch-Gordan value <F, m; 1 0 | F, m> = m / sqrt(F(F+1)).
"""

from __future__ import annotations

import numpy as np
import pytest

from verify.claims import sundar as S
from verify.claims.sundar_cavity import clebsch_gordan_pi, exact_cavity_rates


def _pole(g_0, F, kappa, Delta, N):
    G = np.sqrt(N * g_0**2 * F / (F + 1))
    lam = np.linalg.eigvals(np.array([[0.0, G], [G, Delta - 0.5j * kappa]]))
    lam = lam[np.argmin(np.abs(lam))]  # the atom-like pole (the other sits near Delta - i kappa/2)
    return lam.real / N, -2 * lam.imag / N


@pytest.mark.parametrize("F", [0.5, 1.5, 4.5])
def test_pi_clebsch_gordan_of_the_stretched_states_is_plus_minus_sqrt_F_over_F_plus_1(F):
    for m in (-F, F):
        assert clebsch_gordan_pi(F, m) == pytest.approx(m / np.sqrt(F * (F + 1)), rel=1e-12)


@pytest.mark.parametrize(
    "g_0,F,kappa,Delta,N",
    [(1.0, 4.5, 1.0, 20.0, 2), (1.0, 4.5, 1.0, -50.0, 4), (0.5, 1.5, 2.0, 8.0, 2)],
)
def test_the_fitted_rates_are_the_single_excitation_pole_of_the_atoms_and_cavity(
    g_0, F, kappa, Delta, N
):
    r = exact_cavity_rates(g_0, F, kappa, Delta, N)
    chi, gam = _pole(g_0, F, kappa, Delta, N)
    # extraction: cutoff change and window change are reported; the fit of an exact exponential
    # after the cavity transient (e^{-20}) is good to ~1e-8 relative
    assert r.chi == pytest.approx(chi, rel=1e-6) and r.Gamma == pytest.approx(gam, rel=1e-6)
    assert r.cutoff_change < 1e-8 and r.window_change < 1e-6


def test_the_printed_limits_pass_with_the_neglected_order_slope():
    out = S._check_ae()
    assert out.status == "pass", out.detail
    assert "Delta^-1.9" in out.detail or "Delta^-2.0" in out.detail
    # the errors are the neglected order: at Delta = 100, N = 2 the Gamma error ~ (3 N g_F^2 + 1/4)/Delta^2
    row = out.rows[0]
    assert row.error == pytest.approx(S._ae_neglected(**row.params), rel=0.05)


@pytest.mark.parametrize(
    "wrong",
    [
        lambda g_0, F, kappa, Delta, **_: S.ae_closed(g_0, F, kappa, Delta) * np.array([2.0, 1.0]),
        lambda g_0, F, kappa, Delta, **_: (
            S.ae_closed(g_0, F, kappa, Delta) * np.array([1.0, Delta])
        ),
        lambda g_0, F, kappa, Delta, **_: S.ae_closed(g_0, F, kappa, Delta) * (F + 1) / F,
        lambda g_0, F, kappa, Delta, **_: (
            -S.ae_closed(g_0, F, kappa, Delta) * np.array([1.0, -1.0])
        ),
    ],
    ids=["chi x2", "Gamma ~ 1/Delta", "g_0 instead of g_F", "sign of chi"],
)
def test_a_wrong_closed_form_fails(wrong):
    assert S._check_ae(wrong).status == "fail"


def test_an_error_falling_only_as_one_over_delta_fails_the_slope_criterion():
    # small enough at every in-regime point (0.05/|Delta| <= 5e-4) but of the wrong order
    def wrong(**p):
        return S.ae_exact(**p) * (1 + 0.05 / abs(p["Delta"]))

    out = S._check_ae(wrong)
    assert all(r.passed for r in out.rows) and out.status == "fail"
