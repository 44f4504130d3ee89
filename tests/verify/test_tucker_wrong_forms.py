"""Every tucker2020 check fails when it is fed a deliberately wrong closed form.

Each check takes the closed form under test as an optional argument (default: the one compiled
from the derivation).  The wrong forms are the slips a paper or a derivation could make: a factor
2, a wrong coefficient or exponent, the wrong threshold, the wrong root.  The correct forms are
checked to pass by tests/verify/test_tucker_claims.py (slow, the complete checks) and, for the fast
checks, here.
"""

from __future__ import annotations

import numpy as np
import pytest

import verify.claims.tucker as T
import verify.claims.tucker_9db as N9
import verify.claims.tucker_transient as TT


def _rates_gamma_doubled(g, kappa, Delta_c):
    chi, G = T.chi_gamma(g, kappa, Delta_c)
    return chi, 2 * G


def _rates_chi_doubled(g, kappa, Delta_c):
    chi, G = T.chi_gamma(g, kappa, Delta_c)
    return 2 * chi, G


@pytest.mark.parametrize("rates", [_rates_gamma_doubled, _rates_chi_doubled])
def test_ae_check_fails_for_wrong_elimination_rates(rates):
    assert T._check_ae(rates).status == "fail"


@pytest.mark.parametrize(
    "uc",
    [
        lambda G, c: 2 * np.hypot(G, 2 * c),  # factor 2
        lambda G, c: np.hypot(G, c),  # chi coefficient 1 instead of 4
        lambda G, c: np.sqrt(G**2 + 4 * c**2) / np.sqrt(2),  # the gamma_s > 0 threshold
    ],
)
def test_eq3_check_fails_for_a_wrong_critical_drive(uc):
    assert T._check_eq3(uc).status == "fail"


def test_eq3_check_passes_for_the_printed_form():
    assert T._check_eq3(lambda G, c: np.sqrt(G**2 + 4 * c**2)).status == "pass"


@pytest.mark.parametrize(
    "threshold",
    [
        lambda G, c: np.hypot(G, 2 * c),  # Upsilon_c: no sqrt(2)
        lambda G, c: np.hypot(G, 2 * c) / 2,  # Upsilon_c/2
        lambda G, c: np.hypot(G, c) / np.sqrt(2),  # wrong chi dependence
        lambda G, c: 0.569 * np.hypot(G, 2 * c),  # the switch of the long-time state
    ],
)
def test_upsilon_c_prime_check_fails_for_a_wrong_threshold(threshold):
    assert T._check_ucp(threshold).status == "fail"


def test_upsilon_c_prime_check_passes_for_the_printed_form():
    out = T._check_ucp(lambda G, c: np.sqrt(G**2 + 4 * c**2) / np.sqrt(2))
    assert out.status == "pass", out.detail


def _xi2_larger_root(N, a, b, c, J_abs2):
    return N * (a + c + np.sqrt((a - c) ** 2 + 4 * b**2)) / (2 * J_abs2)


def _xi2_factor_two(N, a, b, c, J_abs2):
    return 2 * T._xi2_compiled()(N=N, a=a, b=b, c=c, J_abs2=J_abs2)


def _xi2_no_offdiagonal(N, a, b, c, J_abs2):
    return N * min(a, c) / J_abs2  # drops b: wrong unless the covariance is diagonal


@pytest.mark.parametrize("form", [_xi2_larger_root, _xi2_factor_two, _xi2_no_offdiagonal])
def test_eq4_check_fails_for_a_wrong_eigenvalue_form(form):
    assert T._check_eq4(form).status == "fail"


def test_ss_check_fails_for_a_wrong_beta():
    """beta = -Omega/(4 chi - i Gamma) (factor 2 on chi) at the same drive Omega."""
    from numeric.tucker import analytic_steady_state

    def wrong(N, Gamma, chi, upsilon):
        u = upsilon * np.hypot(Gamma, 2 * chi) / np.hypot(Gamma, 4 * chi)
        return analytic_steady_state(N, Gamma, 2 * chi, u)

    assert T._check_ss(wrong).status == "fail"


@pytest.mark.slow
@pytest.mark.parametrize("factor", [2.0, 0.5])
def test_fig2_check_fails_for_a_wrong_critical_atom_number(factor):
    """N_c = 2 Omega/Upsilon_c off by a factor 2 either way."""
    out = TT._check_fig2(nc_form=lambda N, upsilon: factor * N * upsilon)
    assert out.status == "fail"


@pytest.mark.slow
@pytest.mark.parametrize("factor", [2.0, 0.5])
def test_fig3_check_fails_for_a_wrong_cumulant_route(factor):
    """The cumulant route with the drive term off by a factor 2 (Omega -> 2 Omega or Omega/2).

    (A factor 2 on gamma_s alone is not seen: the minimum transient squeezing is nearly
    independent of gamma_s/Gamma, as the paper states; only its time moves.)
    """

    def wrong(N, Gamma, chi, upsilon, gamma_s, times, direction=(-1.0, 0.0, 0.0)):
        return T.cumulant_run(N, Gamma, chi, factor * upsilon, gamma_s, times, direction)

    out = TT._check_fig3(points=((10, 1.0), (20, 2.0)), cumulant=wrong, statements=False)
    assert out.status == "fail"


@pytest.mark.parametrize("claimed", [12.0, 6.0, 9.0])
def test_9db_check_fails_for_a_wrong_claimed_squeezing(claimed):
    """9.0 is the printed value: 3.2 standard errors above the trajectory estimate (the Finding)."""
    assert N9._check_9db(claimed_db=claimed).status == "fail"
