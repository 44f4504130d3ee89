"""One sweep engine: cells of a parameter grid run locally or on a Dask cluster, stored as they finish.

A *cell* is one call ``func(params)`` of a picklable function on one parameter
point.  The engine skips cells already in the store, runs the rest on the
chosen backend, writes every finished cell to the store the moment it arrives,
retries a failing cell, and reports the cells that failed every attempt with
their error.  An interrupted sweep (Ctrl-C, a killed process, a lost cluster)
is resumed by running the same sweep again: finished cells are read back, only
the missing ones are computed.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import time
import traceback
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cloudpickle
from tqdm.auto import tqdm

from numeric import ParameterError

from ._store import MISSING, CellStore, cell_key, code_version

__all__ = ["CellFailure", "SweepOutcome", "run_cells"]


@dataclass(frozen=True, slots=True)
class CellFailure:
    """A cell that failed every attempt: parameters, last error (with traceback) and attempts made."""

    params: Mapping[str, Any]
    error: str
    attempts: int

    @property
    def summary(self) -> str:
        last = [ln for ln in self.error.strip().splitlines() if ln.strip()]
        return last[-1] if last else "unknown error"

    def __str__(self) -> str:
        p = ", ".join(
            f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}"
            for k, v in self.params.items()
        )
        return f"cell ({p}) failed {self.attempts}x: {self.summary}"


@dataclass(frozen=True, slots=True)
class SweepOutcome:
    """What a sweep produced: one value per cell (None where the cell failed), in the order given.

    ``computed`` cells were run now, ``reused`` ones were read from the store.
    """

    task: str
    cells: tuple[Mapping[str, Any], ...]
    values: tuple[Any, ...]
    failures: tuple[CellFailure, ...]
    computed: int
    reused: int
    elapsed: float
    backend: str
    code: str
    store: str | None = None
    retried: int = field(default=0)

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        s = (
            f"sweep {self.task}: {len(self.cells)} cells ({self.computed} computed, "
            f"{self.reused} from the store, code {self.code}) on {self.backend} in {self.elapsed:.1f} s"
        )
        if self.retried:
            s += f"; {self.retried} retry(ies)"
        if self.failures:
            s += f"; {len(self.failures)} FAILED:\n  " + "\n  ".join(map(str, self.failures))
        return s


# --- what runs on a worker ------------------------------------------------------------------

_WORKER_FUNC: Callable[[Mapping[str, Any]], Any] | None = None


def _init_worker(blob: bytes) -> None:
    global _WORKER_FUNC
    _WORKER_FUNC = cloudpickle.loads(blob)


def _guarded(func: Callable[[Mapping[str, Any]], Any], params: Mapping[str, Any]) -> tuple:
    """Run one cell; an ordinary exception comes back as data so that it can be retried and reported.

    KeyboardInterrupt/SystemExit are not caught: they stop the sweep.
    """
    t0 = time.perf_counter()
    try:
        value = func(dict(params))
    except Exception:
        return ("error", traceback.format_exc(), time.perf_counter() - t0)
    return ("ok", value, time.perf_counter() - t0)


def _pool_cell(params: Mapping[str, Any]) -> tuple:
    assert _WORKER_FUNC is not None, "worker not initialised"
    return _guarded(_WORKER_FUNC, params)


# --- backends --------------------------------------------------------------------------------


class _Serial:
    """Cells run one after another in this process (one worker, or nothing worth a pool)."""

    name = "serial"
    capacity = 1

    def __init__(self, func: Callable) -> None:
        self.func = func

    def submit(self, params: Mapping[str, Any]) -> cf.Future:
        fut: cf.Future = cf.Future()
        fut.set_result(_guarded(self.func, params))
        return fut

    def wait(self, futs: set) -> set:
        return {f for f in futs if f.done()}

    def close(self, cancel: bool) -> None:
        pass


class _Pool:
    """A process pool on this machine; the function is shipped once per worker (cloudpickle)."""

    def __init__(self, func: Callable, workers: int) -> None:
        self.name = f"local pool ({workers} processes)"
        self.capacity = 2 * workers  # a short queue: an interruption loses at most this many cells
        self._blob = cloudpickle.dumps(func)
        self._workers = workers
        self._start()

    def _start(self) -> None:
        # fork: workers inherit the imported modules (claims, numba caches) at no cost
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        self._ex = cf.ProcessPoolExecutor(
            self._workers, mp_context=ctx, initializer=_init_worker, initargs=(self._blob,)
        )

    def submit(self, params: Mapping[str, Any]) -> cf.Future:
        return self._ex.submit(_pool_cell, params)

    def wait(self, futs: set) -> set:
        done, _ = cf.wait(futs, return_when=cf.FIRST_COMPLETED)
        return done

    def restart(self) -> None:
        """A worker died (segfault, OOM kill): start a fresh pool; the lost cells count an attempt."""
        self._ex.shutdown(wait=False, cancel_futures=True)
        self._start()

    def close(self, cancel: bool) -> None:
        self._ex.shutdown(wait=not cancel, cancel_futures=cancel)


class _Dask:
    """A dask.distributed cluster: a new LocalCluster (``"local"``) or an existing scheduler address."""

    def __init__(
        self,
        func: Callable,
        scheduler: str,
        workers: int | None,
        cluster_kwargs: Mapping[str, Any] | None,
    ) -> None:
        from distributed import Client, LocalCluster

        self._func = func
        self._cluster = None
        if scheduler == "local":
            kw: dict[str, Any] = {
                "n_workers": workers or os.cpu_count() or 1,
                "threads_per_worker": 1,
                "processes": True,
                "host": "127.0.0.1",
                "dashboard_address": None,
            }
            kw.update(cluster_kwargs or {})
            if not kw["processes"] and "protocol" not in kw:
                kw["protocol"] = "tcp://"  # in-process workers still talk over loopback TCP only
            self._cluster = LocalCluster(**kw)
            self._client = Client(self._cluster)
            where = "LocalCluster"
        else:
            self._client = Client(scheduler, timeout=30)
            where = scheduler
        self._client.wait_for_workers(1, timeout=120)
        n = len(self._client.nthreads())
        self.name = f"dask {where} ({n} workers)"
        self._capacity, self._checked = 2, -1e9
        # ship the function once; each task refers to it by future
        [self._func_future] = self._client.scatter([func], broadcast=True, hash=False)
        self._prefix = f"qderive-cell-{uuid.uuid4().hex[:12]}"
        self._seq = 0

    @property
    def capacity(self) -> int:
        # a cluster grows and shrinks: keep two cells queued per worker thread it has now
        now = time.monotonic()
        if now - self._checked > 5.0:
            self._capacity = 2 * max(1, sum(self._client.nthreads().values()))
            self._checked = now
        return self._capacity

    def submit(self, params: Mapping[str, Any]) -> Any:
        self._seq += 1
        return self._client.submit(
            _guarded, self._func_future, dict(params), pure=False, key=f"{self._prefix}-{self._seq}"
        )

    def wait(self, futs: set) -> set:
        from distributed import wait

        done, _ = wait(list(futs), return_when="FIRST_COMPLETED")
        return set(done)

    def close(self, cancel: bool) -> None:
        try:
            self._client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


def _backend(
    func: Callable,
    scheduler: str | None,
    workers: int | None,
    n_todo: int,
    cluster_kwargs: Mapping[str, Any] | None,
):
    if scheduler in (None, "processes"):
        w = workers or os.cpu_count() or 1
        if w <= 1 or n_todo <= 1:
            return _Serial(func)
        return _Pool(func, min(w, n_todo))
    if scheduler == "serial":
        return _Serial(func)
    if scheduler == "local" or "://" in scheduler:
        return _Dask(func, scheduler, workers, cluster_kwargs)
    raise ParameterError(
        "scheduler", "'local', 'serial' or a dask scheduler address like tcp://host:8786", scheduler
    )


# --- the engine --------------------------------------------------------------------------------


def run_cells(
    func: Callable[[Mapping[str, Any]], Any],
    cells: Sequence[Mapping[str, Any]],
    *,
    task: str,
    store: CellStore | str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    progress: bool | None = None,
    code: str | None = None,
    cluster_kwargs: Mapping[str, Any] | None = None,
    prepare: Callable[[], Any] | None = None,
) -> SweepOutcome:
    """Evaluate ``func(params)`` on every cell, storing each result as soon as it is finished.

    Parameters
    ----------
    func
        The cell function, taking one ``dict`` of parameters and returning numbers,
        numpy arrays, lists or dicts of those.  It is pickled with cloudpickle, so
        closures work; it must be deterministic for resumption to make sense.
    cells
        Parameter points (plain numbers or arrays).
    task
        Name of the sweep (e.g. ``"regime:<claim id>"``); part of every cell key.
    store
        A :class:`CellStore` or its path; None keeps nothing between runs.
    scheduler
        None: a process pool on this machine (serial when one worker suffices);
        ``"serial"``: in this process; ``"local"``: a new dask LocalCluster on
        127.0.0.1; ``"tcp://host:port"``: an existing dask scheduler.
    workers
        Number of local processes / LocalCluster workers (default: CPU count).
    retries
        A failing cell is run up to ``1 + retries`` times before it is reported.
    progress
        Show a tqdm bar (None: only on a terminal).
    code
        Code version in the cell keys (default :func:`code_version` of ``task``).
    cluster_kwargs
        Extra arguments for the LocalCluster (e.g. ``processes=False``).
    prepare
        Called once in this process before the first cell is computed (not when
        every cell is stored): forked pool workers inherit what it caches (a
        derivation, a compiled closed form) instead of rebuilding it each.

    Returns
    -------
    SweepOutcome
        Values in the order of ``cells``; failed cells have value None and are
        listed in ``failures`` (and recorded in the store).

    Notes
    -----
    KeyboardInterrupt (and SystemExit), in the driver or raised by a cell, stops
    the sweep and propagates; everything finished before it is already stored.
    """
    if retries < 0:
        raise ParameterError("retries", "an integer >= 0", retries)
    t0 = time.perf_counter()
    code = code or code_version(task)
    own_store = not isinstance(store, CellStore) and store is not None
    db = CellStore(store) if own_store else store
    cells = tuple(dict(c) for c in cells)
    keys = [cell_key(task, c, code) for c in cells]
    values: list[Any] = [None] * len(cells)
    todo: list[int] = []
    for i, k in enumerate(keys):
        v = db.get(k) if db is not None else MISSING
        if v is MISSING:
            todo.append(i)
        else:
            values[i] = v
    reused = len(cells) - len(todo)
    failed: dict[int, CellFailure] = {}
    retried = 0
    backend = None
    name = _name(scheduler, workers, len(todo))
    bar = tqdm(
        total=len(cells),
        initial=reused,
        desc=task,
        unit="cell",
        leave=False,
        disable=None if progress is None else not progress,
    )

    def finish(i: int, status: str, payload: Any, elapsed: float | None, queue: list[int]) -> None:
        nonlocal retried
        if status == "ok":
            values[i] = payload
            if db is not None:
                db.put(
                    keys[i], task, cells[i], code, payload, attempts=attempts[i], elapsed=elapsed
                )
            bar.update(1)
        elif attempts[i] <= retries:
            retried += 1
            queue.append(i)
        else:
            failed[i] = CellFailure(cells[i], payload, attempts[i])
            if db is not None:
                db.put_failure(keys[i], task, cells[i], code, payload, attempts=attempts[i])
            bar.update(1)

    attempts = dict.fromkeys(todo, 0)
    try:
        if todo:
            if prepare is not None and scheduler in (None, "processes", "serial"):
                prepare()
            backend = _backend(func, scheduler, workers, len(todo), cluster_kwargs)
            name = backend.name
        queue = list(reversed(todo))  # pop() takes the cells in the order given
        running: dict[Any, int] = {}
        while queue or running:
            while queue and len(running) < backend.capacity:
                i = queue.pop()
                attempts[i] += 1
                running[backend.submit(cells[i])] = i
            for fut in backend.wait(set(running)):
                if fut not in running:  # already handled with a broken pool
                    continue
                i = running.pop(fut)
                try:
                    status, payload, elapsed = fut.result()
                except cf.process.BrokenProcessPool:
                    # a worker died (segfault, OOM kill) and took every running cell with it; the
                    # culprit is unknown, so each of them counts an attempt; then a fresh pool
                    err = traceback.format_exc()
                    finish(i, "error", err, None, queue)
                    for j in running.values():
                        finish(j, "error", err, None, queue)
                    running.clear()
                    backend.restart()
                    break
                except Exception as exc:  # a worker lost on the cluster, a cancelled future
                    status, payload, elapsed = (
                        "error",
                        "".join(traceback.format_exception(exc)),
                        None,
                    )
                finish(i, status, payload, elapsed, queue)
        if backend is not None:
            backend.close(cancel=False)
            backend = None
    finally:
        bar.close()
        if backend is not None:  # interrupted: drop queued work; what finished is stored
            backend.close(cancel=True)
        if own_store:
            db.close()
    return SweepOutcome(
        task,
        cells,
        tuple(values),
        tuple(failed[i] for i in sorted(failed)),
        len(todo),
        reused,
        time.perf_counter() - t0,
        name,
        code,
        None if db is None else db.path,
        retried,
    )


def _name(scheduler: str | None, workers: int | None, n_todo: int) -> str:
    if scheduler in (None, "processes"):
        w = workers or os.cpu_count() or 1
        return "serial" if w <= 1 or n_todo <= 1 else f"local pool ({min(w, n_todo)} processes)"
    return scheduler
