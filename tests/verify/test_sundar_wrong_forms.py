"""Every sundar2023 check fails when fed a deliberately wrong closed form.

The wrong forms are the right ones with a factor 2, a wrong exponent or a wrong threshold; each
check must report ``fail`` (numeric) or ``finding`` (symbolic: the wrong form is not reproduced).
sundar.ae: tests/verify/test_sundar_ae.py; sundar.eq7: tests/verify/test_sundar_eq7_finding.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from verify._checks import symbolic_check
from verify.claims import sundar as S


def test_the_right_closed_forms_pass_the_cheap_checks():
    for check in (S._check_nbar, S._check_quad, S._check_eq4, S._check_eq5):
        assert check().status == "pass"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda N, chi, t, **_: 2 * S.nbar_upa(N, chi, t),  # factor 2
        lambda N, chi, t, **_: 2 * np.sinh(N * chi * np.asarray(t) / 4) ** 2,  # rate halved
    ],
)
def test_nbar_check_fails_on_a_wrong_pair_number(wrong):
    assert S._check_nbar(wrong).status == "fail"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda N, chi, t, **_: np.exp(-2 * N * chi * np.asarray(t)),  # wrong exponent
        lambda N, chi, t, **_: 2 * S.xi2_upa(N, chi, t),  # factor 2
    ],
)
def test_squeezing_check_fails_on_a_wrong_exponent_or_factor(wrong):
    assert S._check_quad(wrong).status == "fail"


def test_ramsey_signal_check_fails_on_a_factor_two():
    assert S._check_eq4(lambda **p: 2 * S._eq4_closed(**p)).status == "fail"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda **p: S.eq5(**p, which="printed") + 0 * S.eq5(**p),  # the printed 1/16 anti-squeezing
        lambda N, chi, t, phi, **_: 2 * S.eq5(N, chi, t, phi),  # factor 2
    ],
    ids=["printed Eq. (5)", "factor 2"],
)
def test_eq5_check_fails_on_the_printed_and_on_a_doubled_form(wrong):
    assert S._check_eq5(wrong).status == "fail"


@pytest.mark.parametrize("deriv", ["fwm_derivation", "upa_derivation"])
def test_symbolic_claims_do_not_reproduce_a_doubled_result(deriv):
    d = getattr(S._d(), deriv)()
    assert symbolic_check(d, None).status in ("pass", "finding")
    assert symbolic_check(
        d, 2 * d.result.rhs if hasattr(d.result, "rhs") else 2 * d.result
    ).status == ("finding")


@pytest.mark.slow  # ~40 s CPU: exact sector solutions at N = 1e4..1e6
def test_eq6_check_fails_on_the_printed_coefficient_and_the_printed_optimum():
    printed = 2 / 3**0.75
    assert S._check_eq6(lambda N, nbar: S.eq6(N, nbar, which="printed")).status == "fail"
    assert S._check_eq6(derived_opt=printed).status == "fail"
    assert S._check_eq6().status == "pass"


@pytest.mark.slow  # ~16 s CPU: exact xi^2 minima at N = 1e2..1e6
def test_fig1d_check_fails_on_the_printed_088_and_passes_on_1373():
    assert S._check_fig1d(derived=0.88).status == "fail"
    assert S._check_fig1d(derived=2 * 1.373).status == "fail"
    assert S._check_fig1d().status == "pass"
