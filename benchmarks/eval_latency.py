"""Whole-process latency of ``qderive eval``: wall and CPU time, cold and warm index, import time.

Run ``python benchmarks/eval_latency.py [--repeat 3] [--cold]``.  For each command, the *warm* time
is the best of ``--repeat`` runs after one warm-up run (the eval index in the cache holds the
compiled closed form: no sympy, no derivation); with ``--cold`` the first run is also timed in an
empty cache directory (registry loaded, derivation run, index written).  CPU time is user + system
of the child.  The import time of ``verify.cli`` (``python -X importtime``) and the modules a warm
eval imports are listed at the end.  Timings stay out of the tests (issue #12 item 7, issue #14
item 2: a closed form in well under 1 s); on a shared machine the CPU column is the one to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

CASES = (
    ("sharma.tau_Q", ["N=100", "W0=1", "eta=320"]),
    ("sharma.eq8", ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.005,0.01,0.02"]),
    ("sharma.eq9", ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320"]),
    ("sundar.eq5", ["N=10000", "chi=1", "t=0.0001", "phi=0.2"]),
    ("tucker.upsilon_c", ["Gamma=1", "chi=0.5"]),
    ("--list", []),
    ("--list --json", []),
)

_PROBE = (
    "import sys; from verify.cli import main; main(sys.argv[1:]); "
    "print(','.join(m for m in ('sympy', 'numba', 'scipy', 'derive', 'numeric') "
    "if m in sys.modules) or 'none', file=sys.stderr)"
)


def _qderive() -> list[str]:
    exe = shutil.which("qderive", path=os.path.join(sys.prefix, "bin")) or shutil.which("qderive")
    return [exe] if exe else [sys.executable, "-m", "verify.cli"]


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _args(name: str, params: list[str]) -> list[str]:
    return ["eval", *name.split(), *params]


def _import_time(env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import verify.cli"],
        capture_output=True,
        text=True,
        env=env,
    )
    last = [ln for ln in done.stderr.splitlines() if ln.rstrip().endswith("verify.cli")]
    return int(last[-1].split("|")[1]) / 1e6 if last else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed warm runs per case")
    ap.add_argument("--cold", action="store_true", help="also time the first run in an empty cache")
    args = ap.parse_args()
    base = _qderive()
    env = dict(os.environ)
    tmp = None
    if args.cold:
        tmp = tempfile.mkdtemp(prefix="qderive-bench-")
        env["QDERIVE_CACHE"] = tmp
    head = f"{'command':18s} {'cold wall':>9s} {'cold CPU':>8s} {'warm wall':>9s} {'warm CPU':>8s}"
    print(head + "  heavy modules imported (warm)")
    for name, params in CASES:
        cmd = [*base, *_args(name, params)]
        cold = _run(cmd, env)  # cold with --cold; else the warm-up run
        runs = [_run(cmd, env) for _ in range(args.repeat)]
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, *_args(name, params)],
            capture_output=True,
            text=True,
            env=env,
        )
        heavy = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "?"
        c = f"{cold[0]:9.2f} {cold[1]:8.2f}" if args.cold else f"{'-':>9s} {'-':>8s}"
        print(f"{name:18s} {c} {wall:9.2f} {cpu:8.2f}  {heavy}")
    print(f"import verify.cli: {_import_time(env):.3f} s (python -X importtime, cumulative)")
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
