"""Check many claims in parallel over the available cores, each stored in the check cache as it finishes.

The checks run in a process pool whose workers are started by ``forkserver`` (or ``spawn`` where
there is no forkserver), never by a bare ``fork``: a parent that has already run numba or BLAS
kernels holds OpenMP threads, and a forked child of such a process can deadlock.  The forkserver
imports the claim registry once and forks the workers from that clean process, so each worker
starts with the claims loaded and no threads running.

A worker runs :func:`verify._run.run_claim`, which writes the result to the check cache the moment
the claim is done: an interrupted run resumes from the cache, re-running only the claims it had not
finished.  Claims are submitted longest first (the last measured time of each claim, kept in
``<cache>/timings.json``), which keeps both cores busy until the end.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import multiprocessing as mp
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from tqdm import tqdm

from ._cache import cache_dir
from ._records import CheckOutcome, Claim
from ._run import ClaimReport, _cached, _entry_path, _registered, run_claim

__all__ = ["default_workers", "run_claims"]

_PRELOAD = ["verify._parallel"]
_SLOW_GUESS = 60.0  # seconds assumed for a slow claim never timed on this machine
_FAST_GUESS = 5.0


def default_workers() -> int:
    """The cores this process may use (``os.sched_getaffinity``), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> mp.context.BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # the project's claim modules that imported cleanly here: imported once by the server
        ctx.set_forkserver_preload(
            _PRELOAD + sorted(m for m in sys.modules if m.startswith("verify.claims."))
        )
        return ctx
    return mp.get_context("spawn")


_PASSED_ENV = ("QDERIVE_CACHE", "QDERIVE_CLAIMS", "XDG_CACHE_HOME")
"""Variables a worker takes from the driver at pool start (a fork server may be older than them)."""


def _init_worker(threads: int, env: dict[str, str | None] | None = None) -> None:
    """Load the registry (the project's claims and ``$QDERIVE_CLAIMS``) and cap kernel threads per worker."""
    for k, v in (env or {}).items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    if (env or {}).get("QDERIVE_CLAIMS"):
        from ._registry import load_claims

        for src in filter(None, env["QDERIVE_CLAIMS"].split(os.pathsep)):
            try:
                load_claims(src)
            except Exception:  # noqa: BLE001 - the driver reports a file that does not import
                pass
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    if "numba" in sys.modules:  # two workers on two cores: one kernel thread each, not two each
        import numba

        numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    from ._registry import load_all

    load_all()


def _work(claim_id: str, full: bool, quick: bool, use_cache: bool) -> str | None:
    """Check one claim in a worker; its report as JSON, or None if the worker does not know the claim."""
    from ._registry import _CLAIMS

    c = _CLAIMS.get(claim_id)
    if c is None:
        return None
    rep = run_claim(c, full=full, quick=quick, use_cache=use_cache)
    return json.dumps(rep.as_json(), default=float)


def _timings_path() -> Path:
    return cache_dir() / "timings.json"


def _read_timings() -> dict[str, float]:
    try:
        d = json.loads(_timings_path().read_text())
        return {str(k): float(v) for k, v in d.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_timings(new: dict[str, float]) -> None:
    if not new:
        return
    d = _read_timings()
    d.update(new)
    path = _timings_path()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(d, indent=0, sort_keys=True))
        os.replace(tmp, path)
    except OSError:  # timings only order the work; losing them costs nothing but balance
        pass


def _key(c: Claim, full: bool, quick: bool) -> str:
    return f"{c.id}:{'full' if full else 'quick' if quick else 'default'}"


def _line(rep: ClaimReport, how: str) -> str:
    mark = "ok  " if rep.ok else "FAIL"
    return (
        f"{mark} {rep.claim_id:26s} symbolic {rep.symbolic.status:8s} numeric {rep.numeric.status:8s} "
        f"{how}"
    )


def run_claims(
    claims: Iterable[Claim],
    *,
    full: bool = False,
    quick: bool = False,
    use_cache: bool = True,
    workers: int | None = None,
    progress: bool = True,
    desc: str = "checking claims",
) -> list[ClaimReport]:
    """Check ``claims`` over ``workers`` processes; the reports in the order of ``claims``.

    Parameters
    ----------
    claims
        The claims (registered ones run in the workers; a claim object not in the registry runs
        in this process).
    full, quick
        As in :func:`verify._run.run_claim`: a slow claim's complete check, or none.
    use_cache
        Read valid cached results (False recomputes; every result is stored either way).
    workers
        Worker processes (default: the cores available, :func:`default_workers`); 1 runs
        everything in this process.
    progress
        Show a progress bar on stderr and print each claim as it finishes.
    desc
        The progress bar's label.

    Returns
    -------
    list of ClaimReport
        Identical in shape to those of :func:`~verify._run.run_claim` (a worker's report comes
        back through the same JSON form as a cached one).

    Notes
    -----
    Each claim's result is written to the check cache by the process that computed it, as soon as
    it is done, so an interrupted run loses only the claims in flight.
    """
    claims = list(claims)
    out: list[ClaimReport | None] = [None] * len(claims)
    bar = tqdm(
        total=len(claims),
        desc=desc,
        unit="claim",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )

    def done(i: int, rep: ClaimReport, how: str) -> None:
        out[i] = rep
        if progress:
            bar.write(_line(rep, how), file=sys.stderr)
        bar.update(1)

    todo: list[int] = []
    for i, c in enumerate(claims):
        rep = _cached(c, _entry_path(c, full, quick)) if use_cache else None
        if rep is not None:
            done(i, rep, "(cached)")
        else:
            todo.append(i)
    timings = _read_timings()

    def cost(i: int) -> float:
        c = claims[i]
        return timings.get(_key(c, full, quick), _SLOW_GUESS if c.slow else _FAST_GUESS)

    todo.sort(key=cost, reverse=True)
    n_workers = min(workers or default_workers(), len(todo))
    local = [i for i in todo if n_workers <= 1 or not _registered(claims[i])]
    remote = [i for i in todo if i not in set(local)]
    measured: dict[str, float] = {}
    try:
        if remote:
            local += _run_pool(claims, remote, n_workers, full, quick, use_cache, done, measured)
        for i in local:
            rep = run_claim(claims[i], full=full, quick=quick, use_cache=use_cache)
            measured[_key(claims[i], full, quick)] = rep.elapsed
            done(i, rep, f"({rep.elapsed:.1f} s)")
    finally:
        bar.close()
        _write_timings(measured)
    return [r for r in out if r is not None]


def _run_pool(
    claims: Sequence[Claim],
    idx: list[int],
    n_workers: int,
    full: bool,
    quick: bool,
    use_cache: bool,
    done,
    measured: dict[str, float],
) -> list[int]:
    """Run ``idx`` in a process pool; returns the indices the workers did not know (run them here)."""
    threads = max(1, default_workers() // n_workers)
    unknown: list[int] = []
    pool = cf.ProcessPoolExecutor(
        n_workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(threads, {k: os.environ.get(k) for k in _PASSED_ENV}),
    )
    try:
        futs = {pool.submit(_work, claims[i].id, full, quick, use_cache): i for i in idx}
        for fut in cf.as_completed(futs):
            i = futs[fut]
            try:
                text = fut.result()
            except Exception as exc:  # a worker that died (memory, signal): reported, not fatal
                why = f"worker process failed: {type(exc).__name__}: {exc}"
                done(
                    i,
                    ClaimReport(
                        claims[i].id,
                        CheckOutcome("error", why),
                        CheckOutcome("error", why),
                        (),
                        0.0,
                    ),
                    "(worker failed)",
                )
                continue
            if text is None:
                unknown.append(i)
                continue
            rep = ClaimReport.from_json(json.loads(text))
            measured[_key(claims[i], full, quick)] = rep.elapsed
            done(i, rep, f"({rep.elapsed:.1f} s)")
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return unknown
