"""sundar2023 Fig. 3(b) scan on the sweep engine: stored cells, resumption, and the physics of one cell.

Independent routes: an uninterrupted run without a store (resumption must reproduce it bit for
bit), and the claim module's ``best_time`` (the function the claim ``sundar.eq7`` uses) evaluated
directly; the physics check is the SQL bound at zero squeezing time.  The two scan runs are
``slow`` (they derive the cumulant equations symbolically, ~10-25 s once per process).
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from verify.claims.sundar_fig3 import best_time
from verify.claims.sundar_scans import sundar_fig3b

N, C = 2000, 10.0
GRID = ("x=0.3,0.6",)


@pytest.mark.slow
def test_fig3b_scan_resumes_from_stored_cells_and_equals_an_uninterrupted_run(tmp_path):
    store = tmp_path / "cells.sqlite"
    part = sundar_fig3b(
        ("x=0.3",), N=N, C=C, n=120, store=store, scheduler="serial", progress=False, code="test"
    )
    assert part.outcome.computed == 1
    resumed = sundar_fig3b(
        GRID,
        N=N,
        C=C,
        n=120,
        store=store,
        scheduler="serial",
        progress=False,
        code="test",
        out=tmp_path / "out",
    )
    assert resumed.outcome.reused == 1 and resumed.outcome.computed == 1 and resumed.outcome.ok
    whole = sundar_fig3b(GRID, N=N, C=C, n=120, scheduler="serial", progress=False, code="test")
    np.testing.assert_array_equal(
        resumed.data["dphi2_best"].values, whole.data["dphi2_best"].values
    )
    assert resumed.files["png"].stat().st_size > 0 and resumed.files["netcdf"].exists()
    assert "best N^(3/4) Delta phi" in resumed.summary()


@pytest.mark.slow
def test_fig3b_cell_is_the_claim_modules_best_time_and_beats_the_standard_quantum_limit():
    r = sundar_fig3b(("x=0.45",), N=N, C=C, n=120, scheduler="serial", progress=False, code="test")
    d, tau = best_time(N, C, 0.45 * np.sqrt(N), n=120)
    assert r.data["dphi2_best"].values[0] == d and r.data["tau_best"].values[0] == tau
    # sub-SQL but above the lossless Heisenberg-like optimum ~1.37 N^{-3/2}: 1.37/N^1.5 < d < 1/N
    assert 1.37 / N**1.5 < d < 1.0 / N
    assert r.data["ode_error"].values[0] < 1e-5


def test_fig3b_scan_rejects_a_wrong_axis_and_a_coupling_it_does_not_take():
    with pytest.raises(ParameterError):
        sundar_fig3b(("C=1:2:2",), N=N, scheduler="serial", progress=False)
    with pytest.raises(ParameterError):
        sundar_fig3b(GRID, N=N, chi=0.5, scheduler="serial", progress=False)
