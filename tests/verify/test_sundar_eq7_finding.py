"""The sundar Eq. (7) finding is worded by its evidence: methods valid at N = 1e6..1e8, C <~ 1.

Independent routes: a dense grid search (no optimiser) of the same linearised expression for the
optimum; the issue-#13 audit's independent estimate that the corrected form is 6-8 % high at
realistic NC (the bounds below are that range widened by the grid's resolution, 1 %).
"""

from __future__ import annotations

import numpy as np
import pytest

from verify.claims import sundar_fig3 as F


def _grid_optimum(N, C):
    f = F._xi2_linear()
    lx0 = np.log(F.detuning_opt(N, C))
    lx = lx0 + np.linspace(-1.0, 1.0, 401)
    tau = np.linspace(2.0, np.log(2 * N * C), 401)
    LX, T = np.meshgrid(lx, tau, indexing="ij")
    eg = 4 * np.exp(LX) / (N * C)
    v = np.asarray(f(epsilon=1 / (2 * np.exp(LX)) + eg, epsilon_gamma=eg, tau=T), float)
    return float(v.min() * np.sqrt(N))


@pytest.mark.parametrize("N,C", [(10**6, 1.0), (10**8, 0.1)])
def test_the_optimiser_finds_the_minimum_a_dense_grid_finds(N, C):
    o = F.linear_optimum(N, C)
    g = _grid_optimum(N, C)
    # the grid (steps 0.005 in ln x, <= 0.03 in tau around a quadratic minimum) is within 1e-3 above it
    assert o["N32_dphi2"] <= g * (1 + 1e-9) and g <= o["N32_dphi2"] * (1 + 1e-3)


def test_the_eq7_finding_states_its_regime_accuracy_and_evidence_from_valid_methods():
    (f,) = F._findings_eq7()
    assert "N = 1e6..1e8" in f.regime and "C = 0.1..1" in f.regime
    assert "high" in f.accuracy and "leading order" in f.accuracy
    for key, v in f.numbers.items():
        if key.startswith("derived_over_optimum"):
            assert 1.04 < v < 1.09, key  # 6-8 % high (audit), widened by 2 %
        if key.startswith("printed_over_optimum"):
            assert v < 0.8, key  # printed below the optimum by far more than sqrt(2) - 1 suggests
        if key.startswith("Delta_opt_over_printed"):
            assert v > 1.05, key  # the printed detuning is right only at leading order
    # the linearised expression is accurate there (exact sector solution), the closure is not used
    assert f.numbers["beyond_upa_excess_N1e6_C1"] < 0.02
    assert f.numbers["cumulant_closure_bias_N1e6_C1"] > f.numbers["beyond_upa_excess_N1e6_C1"]
    # no number of the finding comes from C = 10 at finite N
    assert not any("C10" in k for k in f.numbers)


@pytest.mark.slow  # the complete eq7 check (~70 s CPU)
def test_eq7_check_fails_on_a_doubled_leading_log_form():
    assert F._check_eq7(lambda N, C: 2 * F.eq7(N, C)).status == "fail"
    assert F._check_eq7(F.eq7_printed).status == "fail"
    assert F._check_eq7().status == "pass"
