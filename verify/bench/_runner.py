"""Side-by-side timing of qderive against a peer (QuTiP) on the same problem, in one process.

A problem is a pair of zero-argument callables that return named observables on the same
time grid; the runner times each with repeats (median), records qderive's peak memory, and
compares the observables.  A paired benchmark whose answers differ by more than its
converged tolerance is FAILED whatever its speed.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "OPS_PER_SECOND",
    "Outcome",
    "Problem",
    "ScalingSeries",
    "fit_exponent",
    "max_abs_diff",
    "peak_memory_mib",
    "run_problem",
    "run_scaling",
]

Observables = Mapping[str, np.ndarray]

#: Rate at which the operation-count floor is evaluated: 1e8 operations per second on one core
#: (a deliberately round figure, ~1/20 of the machine's double-precision peak: the floor says
#: how far the measured time is from the algorithm's own count, not from the hardware).
OPS_PER_SECOND = 1e8


def floor_seconds(ops: float | None) -> float | None:
    """Time the operation count ``ops`` takes at :data:`OPS_PER_SECOND` (None if not counted)."""
    if ops is None or not math.isfinite(ops) or ops <= 0:
        return None
    return ops / OPS_PER_SECOND


def floor_ratio(seconds: float | None, ops: float | None) -> float | None:
    """Measured time over the floor (None when either is missing)."""
    f = floor_seconds(ops)
    if f is None or seconds is None:
        return None
    return seconds / f


@dataclass(frozen=True, slots=True)
class Problem:
    """One benchmark problem: the same physics solved by qderive and (optionally) by the peer.

    Parameters
    ----------
    name
        Short id, e.g. ``"<paper>.lossless_qfi"``.
    model
        The model's key (a paper key, or a user model's), a section of the report.
    size
        The atom number N.
    n_times
        Number of output times (0 for a steady state).
    description
        What is computed, with the parameters.
    qderive
        Zero-argument callable returning the observables (timed in full).
    peer
        Zero-argument callable ``peer(setup)`` returning the same observables, or None for a
        scale run beyond the peer's reach.
    peer_setup
        Untimed preparation of the peer (operator construction), its return value is handed
        to ``peer``; building the operators is not charged to the peer.
    peer_name
        The peer's routine, e.g. ``"qutip.sesolve"``.
    tolerance
        Largest allowed ``max_abs_diff`` over the compared observables (absolute).
    tolerance_note
        Why this tolerance is the converged one.
    repeats, peer_repeats
        Timing repeats (median reported).
    quick
        Part of ``qderive bench --quick``.
    target_ratio
        The issue's speed-up target (reported, never asserted).
    budget_s
        For a scale run: the time the model issue names (reported, never asserted).
    warmup
        Make one untimed call first (numba compilation, caches).  A scale run (no peer) that
        is expensive sets it False and is timed once with tracemalloc on, which then gives
        both its time and its peak memory.
    ops
        Operation count of the algorithm qderive runs on this problem (a formula evaluated
        for the problem's sizes; None if not counted: the report shows "n/a").
    ops_formula
        That formula in words (shown in the notes under the table).
    """

    name: str
    model: str
    size: int
    n_times: int
    description: str
    qderive: Callable[[], Observables]
    peer: Callable[[object], Observables] | None = None
    peer_setup: Callable[[], object] | None = None
    peer_name: str = ""
    tolerance: float = 0.0
    tolerance_note: str = ""
    repeats: int = 5
    peer_repeats: int = 3
    quick: bool = False
    target_ratio: float | None = None
    budget_s: float | None = None
    warmup: bool = True
    ops: float | None = None
    ops_formula: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """Measured result of one problem (the JSON row, plus what RESULTS.md needs)."""

    problem: str
    model: str
    size: int
    n_times: int
    qderive_s: float | None
    peer: str | None
    peer_s: float | None
    ratio: float | None
    max_abs_diff: float | None
    tolerance: float | None
    status: str  # "ok", "FAILED", "error", "not yet available"
    repeats: int
    peer_repeats: int
    qderive_peak_mib: float | None
    target_ratio: float | None = None
    budget_s: float | None = None
    description: str = ""
    detail: str = ""
    worst_observable: str = ""
    qderive_all_s: tuple[float, ...] = field(default_factory=tuple)
    peer_all_s: tuple[float, ...] = field(default_factory=tuple)
    ops: float | None = None
    ops_formula: str = ""

    @property
    def floor_s(self) -> float | None:
        """Time of the operation count at :data:`OPS_PER_SECOND`."""
        return floor_seconds(self.ops)

    @property
    def floor_ratio(self) -> float | None:
        """Measured qderive time over the operation-count floor."""
        return floor_ratio(self.qderive_s, self.ops)

    def row(self) -> dict:
        """The JSON row ``{problem, size, qderive_s, peer, peer_s, ratio, max_abs_diff, ...}``."""
        return {
            "problem": self.problem,
            "size": self.size,
            "qderive_s": self.qderive_s,
            "peer": self.peer,
            "peer_s": self.peer_s,
            "ratio": self.ratio,
            "max_abs_diff": self.max_abs_diff,
            "tolerance": self.tolerance,
            "status": self.status,
            "model": self.model,
            "n_times": self.n_times,
            "repeats": self.repeats,
            "peer_repeats": self.peer_repeats,
            "qderive_peak_mib": self.qderive_peak_mib,
            "target_ratio": self.target_ratio,
            "budget_s": self.budget_s,
            "ops": self.ops,
            "floor_s": self.floor_s,
            "floor_ratio": self.floor_ratio,
            "detail": self.detail,
        }


def max_abs_diff(a: Observables, b: Observables) -> tuple[float, str]:
    """Largest ``|a_k - b_k|`` over the observables both sides return, and where it occurs.

    Raises if the two sides share no observable or return a non-finite number: a NaN
    must never pass as agreement.
    """
    keys = [k for k in a if k in b]
    if not keys:
        raise ValueError(f"no common observables: {sorted(a)} vs {sorted(b)}")
    worst, where = -1.0, keys[0]
    for k in keys:
        x, y = np.asarray(a[k]), np.asarray(b[k])
        if x.shape != y.shape:
            raise ValueError(f"observable {k!r}: shape {x.shape} vs {y.shape}")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            raise ValueError(f"observable {k!r} is not finite")
        d = float(np.max(np.abs(x - y))) if x.size else 0.0
        if d > worst:
            worst, where = d, k
    return worst, where


def _time_calls(fn: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    out, times = None, []
    for _ in range(max(1, repeats)):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def peak_memory_mib(fn: Callable[[], object]) -> float:
    """Peak memory allocated while ``fn()`` runs (tracemalloc; numpy buffers are traced)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def run_problem(
    p: Problem,
    *,
    repeats: int | None = None,
    peer_repeats: int | None = None,
    memory: bool = True,
    log: Callable[[str], None] | None = None,
) -> Outcome:
    """Time ``p`` on both sides (median of repeats) and compare the observables.

    The first qderive call is a warm-up (numba compilation, caches) and is not timed; the
    peer's first call is timed like the others (QuTiP has no compile step worth excluding,
    and its operator construction is already outside the timing, see ``peer_setup``).
    """
    say = log or (lambda s: None)
    nq = repeats if repeats is not None else p.repeats
    npr = peer_repeats if peer_repeats is not None else p.peer_repeats
    base = dict(
        problem=p.name,
        model=p.model,
        size=p.size,
        n_times=p.n_times,
        target_ratio=p.target_ratio,
        budget_s=p.budget_s,
        description=p.description,
        repeats=nq,
        peer_repeats=npr if p.peer else 0,
        ops=p.ops,
        ops_formula=p.ops_formula,
    )
    try:
        if p.warmup:
            say(f"  {p.name} N={p.size}: qderive warm-up")
            p.qderive()
            qt, qobs = _time_calls(p.qderive, nq)
            mem = peak_memory_mib(p.qderive) if memory else None
        else:  # one timed call with tracemalloc on: time and peak memory together
            box: list = []
            qt = []

            def once():
                t0 = time.perf_counter()
                box.append(p.qderive())
                qt.append(time.perf_counter() - t0)

            for _ in range(max(1, nq)):
                mem = peak_memory_mib(once)
            qobs = box[-1]
    except Exception as exc:  # report, never hide: the row says what broke
        return Outcome(
            qderive_s=None,
            peer=p.peer_name or None,
            peer_s=None,
            ratio=None,
            max_abs_diff=None,
            tolerance=p.tolerance or None,
            status="error",
            qderive_peak_mib=None,
            detail=f"qderive: {type(exc).__name__}: {exc}",
            **base,
        )
    q_med = statistics.median(qt)
    say(f"  {p.name} N={p.size}: qderive {q_med:.3g} s (median of {nq})")
    if p.peer is None:
        return Outcome(
            qderive_s=q_med,
            peer=None,
            peer_s=None,
            ratio=None,
            max_abs_diff=None,
            tolerance=None,
            status="ok",
            qderive_peak_mib=mem,
            qderive_all_s=tuple(qt),
            **base,
        )
    try:
        setup = p.peer_setup() if p.peer_setup else None
        pt, pobs = _time_calls(lambda: p.peer(setup), npr)
        diff, where = max_abs_diff(qobs, pobs)
    except Exception as exc:
        return Outcome(
            qderive_s=q_med,
            peer=p.peer_name,
            peer_s=None,
            ratio=None,
            max_abs_diff=None,
            tolerance=p.tolerance,
            status="error",
            qderive_peak_mib=mem,
            detail=f"peer: {type(exc).__name__}: {exc}",
            qderive_all_s=tuple(qt),
            **base,
        )
    p_med = statistics.median(pt)
    ok = diff <= p.tolerance
    say(
        f"  {p.name} N={p.size}: {p.peer_name} {p_med:.3g} s (median of {npr}); "
        f"ratio {p_med / q_med:.3g}; max |diff| {diff:.2e} ({where}) "
        f"{'<=' if ok else '>'} tol {p.tolerance:.1e}"
    )
    return Outcome(
        qderive_s=q_med,
        peer=p.peer_name,
        peer_s=p_med,
        ratio=p_med / q_med,
        max_abs_diff=diff,
        tolerance=p.tolerance,
        status="ok" if ok else "FAILED",
        qderive_peak_mib=mem,
        worst_observable=where,
        detail=""
        if ok
        else f"answers disagree: max |diff| {diff:.3e} in {where!r} "
        f"exceeds the converged tolerance {p.tolerance:.1e}",
        qderive_all_s=tuple(qt),
        peer_all_s=tuple(pt),
        **base,
    )


# ---------------------------------------------------------------- growth of the cost with N


@dataclass(frozen=True, slots=True)
class ScalingSeries:
    """Cost of one qderive solver over N: ``make(N)`` returns the zero-argument call to time."""

    solver: str
    model: str
    sizes: tuple[int, ...]
    make: Callable[[int], Callable[[], object]]
    note: str = ""
    expected: str = ""  # the exponent the algorithm should show, in words
    quick_sizes: tuple[int, ...] = ()


def fit_exponent(sizes, seconds) -> tuple[float, float]:
    """Least-squares ``log t = log A + b log N``; returns (b, standard error of b)."""
    x, y = np.log(np.asarray(sizes, float)), np.log(np.asarray(seconds, float))
    if x.size < 2:
        return math.nan, math.nan
    A = np.vstack([np.ones_like(x), x]).T
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    if x.size < 3:
        return float(coef[1]), math.nan
    resid = y - A @ coef
    s2 = float(resid @ resid) / (x.size - 2)
    cov = s2 * np.linalg.inv(A.T @ A)
    return float(coef[1]), float(math.sqrt(cov[1, 1]))


def run_scaling(
    s: ScalingSeries,
    *,
    quick: bool = False,
    repeats: int = 3,
    log: Callable[[str], None] | None = None,
) -> dict:
    """Median time per N (first call per N is a warm-up) and the fitted exponent."""
    say = log or (lambda s_: None)
    sizes = s.quick_sizes if quick and s.quick_sizes else s.sizes
    pts = []
    for N in sizes:
        fn = s.make(N)
        fn()
        ts, _ = _time_calls(fn, repeats)
        pts.append((N, statistics.median(ts)))
        say(f"  scaling {s.solver}: N={N} {pts[-1][1]:.3g} s")
    b, se = fit_exponent([p[0] for p in pts], [p[1] for p in pts])
    return {
        "solver": s.solver,
        "model": s.model,
        "points": pts,
        "exponent": b,
        "stderr": se,
        "repeats": repeats,
        "note": s.note,
        "expected": s.expected,
    }
