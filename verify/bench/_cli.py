"""``qderive bench [--quick] [--json] [--out FILE]``: qderive vs QuTiP, side by side.

Only argparse at import time (``qderive claims`` must stay fast); the solvers, QuTiP and
the problem files are loaded when the bench runs.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``bench`` on the ``qderive`` command line."""
    p = subparsers.add_parser(
        "bench",
        help="time qderive against QuTiP on the same problems, with agreement",
        description="Run every model's benchmark problems (benchmarks/problems_*.py, and any a claims file registers) in qderive "
        "and in QuTiP in this process: median time over repeats, ratio, peak memory, and "
        "the largest disagreement of the observables (a disagreement beyond the converged "
        "tolerance makes the benchmark FAILED). Then the scale runs beyond QuTiP's reach "
        "and the growth of qderive's cost with N. Exit status 1 if a benchmark failed.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="small sizes, few repeats, no scale runs (well under a minute)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the rows {problem, size, qderive_s, peer, peer_s, ratio, max_abs_diff, ...}",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the results: FILE.json = the JSON rows, anything else = RESULTS.md markdown",
    )
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only problems whose name or model contains TEXT (repeatable)",
    )
    p.add_argument("--no-scaling", action="store_true", help="skip the cost-vs-N fits")
    p.add_argument(
        "--huge", action="store_true", help="also the largest scale runs (many minutes, several GB)"
    )
    p.set_defaults(func=run)
    return p


def _blas_single_threaded() -> None:
    """Re-exec with OPENBLAS_NUM_THREADS=1 if unset: it must be set before numpy loads BLAS.

    Threaded OpenBLAS on a shared 2-core machine makes the many small eigh calls erratic,
    which would make both sides' timings noise.  Only the ``qderive`` console script is
    re-executed (never a test process or an embedding program).
    """
    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return
    if Path(sys.argv[0]).name != "qderive" or os.environ.get("_QDERIVE_BENCH_REEXEC"):
        return
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", _QDERIVE_BENCH_REEXEC="1")
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def _wanted(text: str, only: list[str]) -> bool:
    return not only or any(o in text for o in only)


def run(args: argparse.Namespace) -> int:
    """Run the bench; 0 = every paired benchmark agreed, 1 = one FAILED or errored."""
    _blas_single_threaded()
    from ._report import machine_info, write_markdown
    from ._runner import Outcome, run_problem, run_scaling
    from ._suite import load_models

    def log(msg: str) -> None:
        if not args.json:
            print(msg, file=sys.stderr, flush=True)

    info = machine_info()
    log(
        f"qderive bench{' --quick' if args.quick else ''}: {info['cpu']} x{info['nproc']}, "
        f"load {info['load_start']}"
    )
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    scaling: list[dict] = []
    missing: dict[str, str] = {}
    for suite in load_models():
        if suite.module is None:
            missing[suite.model] = suite.missing
            log(f"{suite.model}: not yet available ({suite.missing})")
            continue
        if suite.missing:
            missing[suite.model] = suite.missing
        log(suite.model)
        kw = (
            {"huge": True}
            if args.huge and "huge" in inspect.signature(suite.module.problems).parameters
            else {}
        )
        for p in suite.module.problems(quick=args.quick, **kw):
            if _wanted(f"{p.name} {p.model}", args.only):
                outcomes.append(run_problem(p, log=log))
        if not args.no_scaling and hasattr(suite.module, "scaling"):
            for s in suite.module.scaling():
                if not _wanted(f"{s.solver} {s.model}", args.only):
                    continue
                try:
                    scaling.append(
                        run_scaling(s, quick=args.quick, repeats=1 if args.quick else 3, log=log)
                    )
                except Exception as exc:
                    scaling.append(
                        {
                            "solver": s.solver,
                            "model": s.model,
                            "points": [],
                            "exponent": float("nan"),
                            "stderr": float("nan"),
                            "note": f"error: {type(exc).__name__}: {exc}",
                            "expected": s.expected,
                            "repeats": 0,
                        }
                    )
    info["load_end"] = tuple(round(x, 2) for x in os.getloadavg())
    info["wall_s"] = time.perf_counter() - started
    info["quick"] = args.quick
    rows = [o.row() for o in outcomes]
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.out.suffix == ".json":
            args.out.write_text(json.dumps(rows, indent=1) + "\n")
        else:
            write_markdown(args.out, outcomes, scaling, missing, info)
        log(f"written {args.out}")
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for o in outcomes:
            r = f"{o.ratio:8.3g}x" if o.ratio is not None else "         "
            d = f"{o.max_abs_diff:.1e}" if o.max_abs_diff is not None else "-"
            q = f"{o.qderive_s:.3g} s" if o.qderive_s is not None else "-"
            print(
                f"{o.status:9s} {o.problem:28s} N={o.size:<8d} qderive {q:>10s}  "
                f"{(o.peer or ''):14s} {(f'{o.peer_s:.3g} s' if o.peer_s else ''):>9s} {r} "
                f"diff {d}"
            )
    bad = [o for o in outcomes if o.status in ("FAILED", "error")]
    return 1 if bad else 0
