"""The same sweep on a real dask.distributed LocalCluster on loopback (2 workers)."""

from __future__ import annotations

import numpy as np
import pytest
from distributed import LocalCluster

from verify.sweep import CellStore, run_cells

CELLS = [{"a": float(a), "b": int(b)} for a in (0.25, 0.5, 0.75) for b in (1, 2, 3, 4)]


def cell(p):
    """A deterministic cell; (0.75, 4) always fails, as a diverging solver would."""
    if p["a"] == 0.75 and p["b"] == 4:
        raise OverflowError("exact solver overflowed")
    x = np.linspace(0.0, 1.0, 7)
    return {"curve": np.exp(-p["a"] * x) * np.sin(p["b"] * x)}


def _check_against_direct(out):
    for c, v in zip(out.cells, out.values, strict=True):
        if c == {"a": 0.75, "b": 4}:
            assert v is None
        else:  # independent route: the function called directly in this process
            np.testing.assert_array_equal(v["curve"], cell(c)["curve"])


def test_sweep_on_a_new_localcluster_matches_direct_calls_and_reports_the_failing_cell():
    out = run_cells(
        cell,
        CELLS,
        task="cluster",
        scheduler="local",
        retries=1,
        progress=False,
        cluster_kwargs={"n_workers": 2, "processes": False},
    )
    assert out.backend.startswith("dask LocalCluster (2 workers")
    assert out.computed == len(CELLS)
    [f] = out.failures
    assert f.params == {"a": 0.75, "b": 4} and f.attempts == 2 and "OverflowError" in f.summary
    _check_against_direct(out)


def test_sweep_on_an_existing_scheduler_address_resumes_a_partial_local_sweep(tmp_path):
    store = tmp_path / "c.sqlite"
    # a sweep that stopped after its first 5 cells, run on this machine
    run_cells(cell, CELLS[:5], task="cluster", store=store, scheduler="serial", progress=False)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        out = run_cells(
            cell, CELLS, task="cluster", store=store, scheduler=address, retries=0, progress=False
        )
    assert out.reused == 5 and out.computed == len(CELLS) - 5 and len(out.failures) == 1
    assert out.backend == f"dask {address} (2 workers)"
    _check_against_direct(out)
    with CellStore(store) as st:  # every finished cell is in the store
        assert st.count("cluster") == len(CELLS) - 1
    with pytest.raises(Exception, match="scheduler"):
        run_cells(cell, CELLS[:1], task="x", scheduler="udp-nonsense", progress=False)
