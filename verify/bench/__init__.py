"""``qderive bench``: qderive against QuTiP on the same problems, side by side, in one process.

Problem definitions live in ``benchmarks/problems_<model>.py`` (one file per model); this
package times them (:func:`run_problem`, median of repeats, peak memory), compares the
observables (a disagreement beyond the converged tolerance is a FAILED benchmark) and
writes ``benchmarks/RESULTS.md``.
"""

from ._runner import (
    OPS_PER_SECOND,
    Outcome,
    Problem,
    ScalingSeries,
    fit_exponent,
    floor_ratio,
    floor_seconds,
    max_abs_diff,
    peak_memory_mib,
    run_problem,
    run_scaling,
)

__all__ = [
    "OPS_PER_SECOND",
    "Outcome",
    "Problem",
    "ScalingSeries",
    "fit_exponent",
    "floor_ratio",
    "floor_seconds",
    "max_abs_diff",
    "peak_memory_mib",
    "run_problem",
    "run_scaling",
]
