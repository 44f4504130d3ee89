"""The sweep engine: stored cells, retries, interruption and resumption (local pool and serial)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from verify.sweep import CellStore, run_cells

CELLS = [{"a": float(a), "b": int(b)} for a in np.linspace(0.1, 1.0, 4) for b in (1, 2, 3)]


def damped(p):
    """A deterministic cell: a short damped cosine and a scalar."""
    x = np.linspace(0.0, 1.0, 5)
    return {"curve": np.exp(-p["a"] * x) * np.cos(p["b"] * x), "peak": p["a"] * p["b"]}


def _same(values_a, values_b):
    assert len(values_a) == len(values_b)
    for u, v in zip(values_a, values_b, strict=True):
        np.testing.assert_array_equal(u["curve"], v["curve"])
        assert u["peak"] == v["peak"]


def test_process_pool_sweep_equals_the_serial_loop(tmp_path):
    # independent route: calling the cell function directly in a loop
    direct = [damped(c) for c in CELLS]
    out = run_cells(
        damped, CELLS, task="damped", store=tmp_path / "c.sqlite", workers=2, progress=False
    )
    assert out.ok and out.computed == len(CELLS) and out.reused == 0 and "pool" in out.backend
    _same(out.values, direct)
    again = run_cells(
        damped, CELLS, task="damped", store=tmp_path / "c.sqlite", workers=2, progress=False
    )
    assert again.computed == 0 and again.reused == len(CELLS)
    _same(again.values, direct)


class _Flaky:
    """Fails the first attempt of every cell with b == 2 (marker files survive process boundaries);
    a == 1.0 and b == 3 always fails."""

    def __init__(self, marks: Path) -> None:
        self.marks = marks

    def __call__(self, p):
        if p["a"] == 1.0 and p["b"] == 3:
            raise FloatingPointError(f"solver diverged at a={p['a']}")
        if p["b"] == 2:
            mark = self.marks / f"{p['a']!r}"
            try:
                fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                raise RuntimeError("transient failure")
        return damped(p)


def test_failing_cell_is_retried_then_reported_with_its_error(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    store = tmp_path / "c.sqlite"
    out = run_cells(
        _Flaky(marks), CELLS, task="flaky", store=store, workers=2, retries=2, progress=False
    )
    # 4 transient failures succeed on their second attempt; the permanent one is tried 3 times
    assert out.retried == 4 + 2
    assert len(out.failures) == 1
    f = out.failures[0]
    assert f.params == {"a": 1.0, "b": 3} and f.attempts == 3
    assert "FloatingPointError: solver diverged at a=1.0" in f.error and "Traceback" in f.error
    bad = CELLS.index({"a": 1.0, "b": 3})
    assert out.values[bad] is None
    _same(
        [v for i, v in enumerate(out.values) if i != bad],
        [damped(c) for i, c in enumerate(CELLS) if i != bad],
    )
    with CellStore(store) as st:
        [stored] = list(st.failures("flaky"))
        assert stored.attempts == 3 and "solver diverged" in stored.error
        assert st.count("flaky") == len(CELLS) - 1
    # a rerun retries only the failed cell (a failure is not a finished result)
    rerun = run_cells(
        _Flaky(marks),
        CELLS,
        task="flaky",
        store=store,
        scheduler="serial",
        retries=0,
        progress=False,
    )
    assert rerun.computed == 1 and rerun.reused == len(CELLS) - 1 and len(rerun.failures) == 1


class _InterruptAfter:
    """Computes k cells, then raises KeyboardInterrupt as Ctrl-C would."""

    def __init__(self, k: int) -> None:
        self.k, self.calls = k, 0

    def __call__(self, p):
        self.calls += 1
        if self.calls > self.k:
            raise KeyboardInterrupt
        return damped(p)


def test_interrupted_sweep_resumes_without_recomputing_finished_cells(tmp_path):
    store = tmp_path / "c.sqlite"
    with pytest.raises(KeyboardInterrupt):
        run_cells(
            _InterruptAfter(5),
            CELLS,
            task="damped",
            store=store,
            scheduler="serial",
            progress=False,
        )
    with CellStore(store) as st:
        assert st.count("damped") == 5  # every cell finished before the interrupt is kept
    calls = []

    def counting(p):
        calls.append(p)
        return damped(p)

    out = run_cells(counting, CELLS, task="damped", store=store, scheduler="serial", progress=False)
    assert out.reused == 5 and out.computed == len(CELLS) - 5
    assert calls == CELLS[5:]  # only the missing cells were run
    # independent route: an uninterrupted run with no store at all
    _same(
        out.values,
        run_cells(
            damped, CELLS, task="damped", store=None, scheduler="serial", progress=False
        ).values,
    )


_DRIVER = """
import sys, time
import numpy as np
sys.path.insert(0, {testdir!r})
from verify.sweep import run_cells
from test_sweep_engine import CELLS, damped

def slow(p):
    time.sleep(0.15)
    return damped(p)

run_cells(slow, CELLS, task="damped", store={store!r}, scheduler="serial", progress=False, code="v-kill")
"""


def test_killed_sweep_process_resumes_and_merges_to_the_uninterrupted_result(tmp_path):
    store = tmp_path / "c.sqlite"
    script = tmp_path / "driver.py"
    script.write_text(
        textwrap.dedent(_DRIVER.format(testdir=str(Path(__file__).parent), store=str(store)))
    )
    proc = subprocess.Popen([sys.executable, str(script)], cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 120
        n = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if store.exists():
                with CellStore(store) as st:
                    n = st.count("damped")
                if n >= 4:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the driver finished before it could be killed"
        proc.send_signal(signal.SIGKILL)  # no chance to clean up: a crash, not a shutdown
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with CellStore(store) as st:
        kept = st.count("damped")
    assert 4 <= kept < len(CELLS)
    # the code version is pinned: other work on the tree must not invalidate the cells mid-test
    out = run_cells(
        damped, CELLS, task="damped", store=store, workers=2, progress=False, code="v-kill"
    )
    assert out.reused == kept and out.computed == len(CELLS) - kept
    _same(out.values, [damped(c) for c in CELLS])


class _KillWorkerOnce:
    """The first attempt at b == 3, a == 0.4 kills its worker process outright (as a segfault or the
    OOM killer would); every later attempt succeeds."""

    def __init__(self, marks: Path) -> None:
        self.marks = marks

    def __call__(self, p):
        if p["b"] == 3 and abs(p["a"] - 0.4) < 1e-12:
            try:
                fd = os.open(self.marks / "killed", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                os.kill(os.getpid(), signal.SIGKILL)
        return damped(p)


def test_a_worker_killed_mid_cell_is_replaced_and_no_finished_result_is_lost(tmp_path):
    out = run_cells(
        _KillWorkerOnce(tmp_path),
        CELLS,
        task="damped",
        store=tmp_path / "c.sqlite",
        workers=2,
        retries=2,
        progress=False,
    )
    assert out.ok and out.retried >= 1 and (tmp_path / "killed").exists()
    _same(out.values, [damped(c) for c in CELLS])
    with CellStore(tmp_path / "c.sqlite") as st:
        assert st.count("damped") == len(CELLS)
