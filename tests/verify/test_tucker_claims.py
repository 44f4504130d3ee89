"""tucker2020 claims and eval quantities in the registry."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from verify import all_claims, claim, quantity, symbolic_check

IDS = (
    "tucker.ae",
    "tucker.eq3",
    "tucker.upsilon_c_prime",
    "tucker.eq4",
    "tucker.ss",
    "tucker.fig2",
    "tucker.fig3",
    "tucker.9dB",
)


def test_every_tucker_row_of_the_spec_is_registered_with_a_check():
    have = {c.id for c in all_claims("tucker2020")}
    assert set(IDS) <= have
    assert all(claim(i).numeric is not None for i in IDS)


@pytest.mark.parametrize("cid", ["tucker.eq3", "tucker.upsilon_c_prime", "tucker.ae", "tucker.eq4"])
def test_printed_forms_are_reproduced_by_the_derivations(cid):
    c = claim(cid)
    out = symbolic_check(c.derivation(), c.printed)
    assert out.status == "pass", out.detail


def test_absolute_order_parameter_claims_use_unit_error_scale():
    # <J_z>/(N/2) is O(1) and crosses zero: relative errors would be meaningless there
    for cid in ("tucker.eq3", "tucker.upsilon_c_prime", "tucker.ae"):
        assert (
            claim(cid).error_scale is not None and claim(cid).error_scale(N=10, upsilon=1.0) == 1.0
        )


def test_upsilon_c_quantities_match_pythagoras_and_root_two():
    # independent: the printed formulas evaluated by hand
    assert abs(quantity("tucker.upsilon_c").func(Gamma=1.0, chi=1.5) - np.sqrt(10.0)) < 1e-12
    assert abs(quantity("tucker.upsilon_c_prime").func(Gamma=3.0, chi=2.0) - 5 / np.sqrt(2)) < 1e-12


def test_steady_quantity_equals_sparse_lu_steady_state():
    from numeric.tucker import collective_steady_state

    v = quantity("tucker.steady").func(N=60, Gamma=1.0, chi=0.4, upsilon=0.9)
    r = collective_steady_state(60, 1.0, 0.4, 0.9)
    assert abs(v["jz"] - float(r["jz"])) < 1e-10 and abs(v["xi2"] / float(r["xi2"]) - 1) < 1e-9


def test_chi_gamma_quantity_at_delta_equal_kappa_gives_chi_equal_gamma():
    # Delta_c = kappa: chi/Gamma = Delta_c/kappa = 1 and Gamma = 4 g^2/(5 kappa)
    v = quantity("tucker.chi_Gamma").func(g=2.0, kappa=10.0, Delta_c=10.0)
    assert abs(v["chi"] - v["Gamma"]) < 1e-14 and abs(v["Gamma"] - 16 / 50) < 1e-14


def test_xi2_quantity_exact_equals_collective_solver_and_rejects_oversized_trajectories():
    from numeric.tucker import collective_dynamics

    t = np.array([0.2, 0.0, 0.1])
    v = quantity("tucker.xi2").func(
        N=12, Gamma=1.0, chi=0.3, upsilon=0.9, gamma_s=0.0, t=t, method="exact"
    )
    ref = collective_dynamics(12, 1.0, 0.3, 0.9, np.sort(t))["xi2"]
    assert np.allclose(v[[1, 2, 0]], ref, rtol=1e-10)
    with pytest.raises(ParameterError):
        quantity("tucker.xi2").func(
            N=10**5, Gamma=1.0, chi=0.3, upsilon=0.9, gamma_s=1.0, t=t, method="trajectories"
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    "cid",
    [
        "tucker.eq3",
        "tucker.eq4",
        "tucker.ss",
        "tucker.upsilon_c_prime",
        "tucker.ae",
        "tucker.fig3",
        "tucker.fig2",
        "tucker.9dB",
    ],
)
def test_numeric_checks_pass(cid):
    out = claim(cid).numeric()
    assert out.status == "pass", out.detail


def test_trajectory_estimate_of_xi2_agrees_with_the_exact_solver_within_its_standard_error():
    """tucker.xi2 method=trajectories vs method=exact (Dicke-basis Liouvillian): within 4 standard errors."""
    t = np.array([0.1, 0.3])
    q = quantity("tucker.xi2")
    est = q.func(
        N=6, Gamma=1.0, chi=0.0, upsilon=0.9, gamma_s=1.0, t=t, method="trajectories", ntraj=200
    )
    ex = q.func(N=6, Gamma=1.0, chi=0.0, upsilon=0.9, gamma_s=1.0, t=t, method="exact")
    assert est["ntraj"] == 200 and np.all(est["xi2_err"] > 0)
    assert np.all(np.abs(est["xi2"] - ex) <= 4 * est["xi2_err"])


def test_exact_collective_dynamics_beyond_its_reach_is_refused_with_the_alternatives_named():
    t = np.array([0.0, 0.001])
    with pytest.raises(ParameterError, match="trajectories"):
        quantity("tucker.xi2").func(
            N=2000, Gamma=1.0, chi=0.0, upsilon=0.9, gamma_s=0.0, t=t, method="exact"
        )
