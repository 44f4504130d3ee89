"""tucker2020 Fig. 3(a) scan on the sweep engine: stored cells, resumption, and the physics of one cell.

Independent routes: an uninterrupted run without a store (resumption must
reproduce it bit for bit), and the claim module's own ``min_transient_xi2``
called directly (the function the validated claim ``tucker.fig3`` uses).
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from verify.claims.tucker_scans import tucker_fig3a
from verify.claims.tucker_transient import min_transient_xi2

GRID = ("upsilon=0.6,0.9", "gamma_s=20,100")
N = 20


def test_fig3a_scan_resumes_from_stored_cells_and_equals_an_uninterrupted_run(tmp_path):
    store = tmp_path / "cells.sqlite"
    # "interrupted" sweep: only the first upsilon row finished before the stop
    part = tucker_fig3a(
        ("upsilon=0.6", "gamma_s=20,100"),
        N=N,
        store=store,
        scheduler="serial",
        progress=False,
        code="test",
    )
    assert part.outcome.computed == 2
    resumed = tucker_fig3a(
        GRID,
        N=N,
        store=store,
        scheduler="serial",
        progress=False,
        code="test",
        out=tmp_path / "out",
    )
    assert resumed.outcome.reused == 2 and resumed.outcome.computed == 2 and resumed.outcome.ok
    whole = tucker_fig3a(GRID, N=N, scheduler="serial", progress=False, code="test")
    np.testing.assert_array_equal(resumed.data["xi2_min"].values, whole.data["xi2_min"].values)
    np.testing.assert_array_equal(resumed.data["t_min"].values, whole.data["t_min"].values)
    assert resumed.files["png"].stat().st_size > 0 and resumed.files["netcdf"].exists()
    # a third run computes nothing
    again = tucker_fig3a(GRID, N=N, store=store, scheduler="serial", progress=False, code="test")
    assert again.outcome.computed == 0


def test_fig3a_cell_is_the_cumulant_minimum_squeezing_of_the_claim_module():
    r = tucker_fig3a(
        ("upsilon=0.9", "gamma_s=20"), N=N, scheduler="serial", progress=False, code="test"
    )
    x, t = min_transient_xi2(N, 1.0, 0.0, 0.9, 20.0, 20.0 / 20.0, n=300)
    assert float(r.data["xi2_min"].values.item()) == pytest.approx(x, rel=1e-12)
    assert float(r.data["t_min"].values.item()) == pytest.approx(t, rel=1e-12)
    assert float(r.data["xi2_min_dB"].values.item()) == pytest.approx(-10 * np.log10(x), rel=1e-12)


def test_fig3a_rejects_a_zero_relaxation_rate_axis():
    with pytest.raises(ParameterError):
        tucker_fig3a(("upsilon=0.9", "gamma_s=0,1"), N=N, scheduler="serial", progress=False)
