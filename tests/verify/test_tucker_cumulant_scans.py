"""tucker2020 Fig. 3 scans (verify.claims.tucker_scans) on the fast cumulant solver.

Independent routes: direct calls of numeric.tucker._cum_solver.min_transient_squeezing for the
scan cells; the mean-field fixed point of Fig. 3(b) typed by hand from the linear equations
Gamma s_x + 2 chi s_y = 0, Gamma s_y - 2 chi s_x = Upsilon (gamma_s = 0, s_z != 0).
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric.tucker._cum_solver import min_transient_squeezing
from verify.claims.tucker import mf_direction
from verify.claims.tucker_scans import tucker_fig3a, tucker_fig3b


def test_fig3b_initial_state_is_the_meanfield_fixed_point_by_hand():
    for chi, u in ((0.0, 0.9), (1.0, 0.9), (2.5, 0.5)):
        uc2 = 1 + 4 * chi**2
        U = u * np.sqrt(uc2)
        ref = (-2 * chi * U / uc2, U / uc2, -np.sqrt(1 - u**2))
        np.testing.assert_allclose(mf_direction(1.0, chi, u), ref, rtol=1e-12, atol=1e-15)


def test_fig3a_cells_are_the_adaptive_minimum_of_the_cumulant_solver():
    r = tucker_fig3a(
        ("upsilon=0.8,1.05", "gamma_s=50"), N=5000, scheduler="serial", progress=False, code="test"
    )
    for i, u in enumerate((0.8, 1.05)):
        ref = min_transient_squeezing(5000, 1.0, 0.0, u, 50.0, T=20.0 / 50.0, check=False)
        assert float(r.data["xi2_min"].values[i, 0]) == pytest.approx(
            float(ref["xi2_min"][0]), rel=1e-12
        )
    assert np.all(r.data["window_ok"].values == 1) and np.all(r.data["ode_error"].values < 1e-3)


def test_fig3b_squeezing_improves_with_interaction_and_chi_zero_has_no_initial_dip():
    # the paper: increasing chi improves the optimal squeezing (0 < chi/Gamma <~ 2), and only
    # finite chi produces an earlier transient (the CSS at the fixed point does not move at chi = 0)
    r = tucker_fig3b(("chi=0,1,2",), N=5000, scheduler="serial", progress=False, code="test")
    db = r.data["xi2_min_dB"].values
    assert db[0] < db[1] < db[2]
    assert np.isnan(r.data["xi2_initial"].values[0]) and np.all(
        np.isfinite(r.data["xi2_initial"].values[1:])
    )
