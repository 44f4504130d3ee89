"""sharma.eq8/eq9 end to end: the registered claim passes inside its regime and visibly fails outside."""

from __future__ import annotations

import json

import pytest

from verify import claim
from verify._run import run_claim
from verify.cli import main


@pytest.fixture(scope="module")
def eq8_report():
    return run_claim(claim("sharma.eq8"))  # fresh per-session cache (conftest), reused below


def test_eq8_holds_inside_its_regime_from_n50_to_n2000(eq8_report):
    rows = eq8_report.numeric.rows
    assert eq8_report.numeric.status == "pass", eq8_report.numeric.detail
    assert min(r.params["N"] for r in rows) <= 50 and max(r.params["N"] for r in rows) >= 2000
    assert len({r.params["eta"] for r in rows}) >= 3 and len({r.params["W0"] for r in rows}) >= 2


def test_eq8_breaks_down_outside_its_regime(eq8_report):
    # outside the regime the closed form must be visibly worse than the tolerance somewhere
    assert max(r.error for r in eq8_report.numeric.breakdown) > 3 * claim("sharma.eq8").tolerance


def test_eq8_symbolic_chain_reproduces_the_paper(eq8_report):
    assert eq8_report.symbolic.status == "pass", eq8_report.symbolic.detail


def test_paper_short_time_condition_is_reported_as_insufficient(eq8_report):
    (f,) = [f for f in eq8_report.findings if "regime" in f.equation]
    assert f.numbers["err_N2000"] > 2 * f.numbers["err_N100"]


def test_claims_json_lists_both_statuses(eq8_report, capsys):
    assert main(["claims", "sharma.eq8", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["sharma.eq8"]["symbolic"] == "pass" and rows["sharma.eq8"]["numeric"] == "pass"


# ---------------------------------------------------------------- regime from the derivation
def test_a_factor_two_in_eq8_fails_the_check():
    from verify.claims.sharma_eq8 import _check_eq8, eq8

    out = _check_eq8(lambda N, W0, eta, t, **_: 2 * eq8(N, W0, eta, t))
    assert out.status == "fail"


def test_a_wrong_tau_q_exponent_fails_the_check():
    """tau_Q = (9/(4 N W0^2 eta^4))^(1/4) instead of ^(1/6) (same f_Q form)."""
    import numpy as np

    from verify.claims.sharma_eq8 import _check_eq8

    def wrong(N, W0, eta, t, **_):
        tau = (9 / (4 * N * W0**2 * eta**4)) ** 0.25
        f = np.exp(-2 * (np.asarray(t) / tau) ** 6)
        return N / 2 * (1 + f) + N**2 / 2 * (1 - f)

    assert _check_eq8(wrong).status == "fail"


def test_regime_is_the_derivations_estimate_and_excludes_the_paper_point():
    """Fig. 2a (N = 100, eta = 320) lies outside the regime derived from the neglected orders;
    every check point lies inside; the old threshold 1.2 is gone from the regime."""
    from verify.claims.sharma_eq8 import PAPER_POINTS, POINTS, error_estimate, in_regime

    assert all(in_regime(**p) for p in POINTS)
    assert not in_regime(**PAPER_POINTS[0]) and error_estimate(**PAPER_POINTS[0]) > 0.1
    note = claim("sharma.eq8").tolerance_note
    assert "1.2" in note and "after seeing" in note  # the history is written in the claim
