"""Whole-process latency of ``qderive eval`` on closed forms (warm cache), wall and CPU time.

Run ``python benchmarks/eval_latency.py [--repeat 3]``: each command is run once to warm the caches,
then ``--repeat`` times; the best wall time and the CPU time (user + system of the child) are printed.
Timings stay out of the tests (issue #12 item 7, issue #14 item 2: a closed form in well under 1 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

CASES = (
    ("sharma.tau_Q", ["N=100", "W0=1", "eta=320"]),
    ("sharma.eq8", ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.005,0.01,0.02"]),
    ("sharma.eq9", ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320"]),
    ("sundar.eq5", ["N=10000", "chi=1", "t=0.0001", "phi=0.2"]),
    ("tucker.upsilon_c", ["Gamma=1", "chi=0.5"]),
)


def _qderive() -> list[str]:
    exe = shutil.which("qderive", path=os.path.join(sys.prefix, "bin")) or shutil.which("qderive")
    return [exe] if exe else [sys.executable, "-m", "verify.cli"]


def _run(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per case after one warm-up")
    args = ap.parse_args()
    base = _qderive()
    print(f"{'quantity':20s} {'best wall [s]':>13s} {'CPU [s]':>8s}")
    for name, params in CASES:
        cmd = [*base, "eval", name, *params]
        _run(cmd)  # warm-up: compiled evaluators and caches on disk
        runs = [_run(cmd) for _ in range(args.repeat)]
        wall = min(r[0] for r in runs)
        cpu = min(r[1] for r in runs)
        print(f"{name:20s} {wall:13.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
