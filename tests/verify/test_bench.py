"""``qderive bench``: JSON row schema and agreement of qderive with QuTiP (no timing assertions).

Independent route: QuTiP ``sesolve`` of the same H_eff on atom (x) truncated Fock space, the
photons traced out by ``ptrace`` — nothing of qderive's closed form is used on that side
except the shared eigen formula for the QFI.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from verify.bench import fit_exponent, max_abs_diff
from verify.cli import main

ROW_KEYS = {"problem", "size", "qderive_s", "peer", "peer_s", "ratio", "max_abs_diff"}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One ``qderive bench --quick`` of the smallest sharma problem: (exit code, JSON rows, RESULTS.md)."""
    import contextlib
    import io

    md = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(
            [
                "bench",
                "--quick",
                "--json",
                "--no-scaling",
                "--only",
                "sharma.lossless_qfi",
                "--out",
                str(md),
            ]
        )
    return code, json.loads(buf.getvalue()), md.read_text()


def test_quick_bench_of_smallest_sharma_problem_agrees_with_qutip_within_tolerance(quick_run):
    code, rows, _ = quick_run
    assert code == 0
    assert len(rows) == 1
    row = rows[0]
    assert ROW_KEYS <= set(row)
    assert row["problem"] == "sharma.lossless_qfi" and row["peer"] == "qutip.sesolve"
    assert isinstance(row["size"], int) and row["size"] > 0
    assert row["qderive_s"] > 0 and row["peer_s"] > 0
    assert row["ratio"] == pytest.approx(row["peer_s"] / row["qderive_s"])
    assert row["status"] == "ok"
    assert 0 <= row["max_abs_diff"] <= row["tolerance"]
    # the converged tolerance is 1e-6 N^2 on F_Q; QuTiP's ODE tolerances give ~1e-6 absolute
    assert row["tolerance"] == pytest.approx(1e-6 * row["size"] ** 2)


def test_markdown_results_name_every_model_and_the_load(quick_run):
    _, rows, text = quick_run
    for heading in (
        "## Machine",
        "## sharma2025",
        "## sundar2023",
        "## tucker2020",
        "load average",
    ):
        assert heading in text
    assert f"| sharma.lossless_qfi | {rows[0]['size']} |" in text


def test_disagreement_is_measured_on_shared_observables_and_rejects_nan():
    a = {"qfi": np.array([1.0, 2.0, 3.0]), "nbar": np.array([0.0, 1.0, 2.0]), "only_a": np.zeros(3)}
    b = {"qfi": np.array([1.0, 2.5, 3.0]), "nbar": np.array([0.0, 1.0, 2.1])}
    assert max_abs_diff(a, b) == (pytest.approx(0.5), "qfi")
    with pytest.raises(ValueError):
        max_abs_diff(a, {"qfi": np.array([1.0, math.nan, 3.0])})
    with pytest.raises(ValueError):
        max_abs_diff(a, {"other": np.zeros(3)})


def test_fitted_cost_exponent_recovers_a_power_law():
    # independent route: synthetic t = 3e-4 N^1.5 exactly
    N = np.array([10, 100, 1000, 10_000])
    b, se = fit_exponent(N, 3e-4 * N**1.5)
    assert b == pytest.approx(1.5, abs=1e-12)
    assert se < 1e-10


# ------------------------------------------------------------ the operation-count floor


def _outcome(**kw):
    from verify.bench import Outcome

    base = dict(
        problem="toy.problem",
        model="toy_model",
        size=10,
        n_times=5,
        qderive_s=2.0,
        peer=None,
        peer_s=None,
        ratio=None,
        max_abs_diff=None,
        tolerance=None,
        status="ok",
        repeats=1,
        peer_repeats=0,
        qderive_peak_mib=1.0,
        description="a toy scale run",
    )
    base.update(kw)
    return Outcome(**base)


def _info():
    return {
        "cpu": "test cpu",
        "nproc": 2,
        "python": "3",
        "numpy": "x",
        "scipy": "x",
        "qutip": "x",
        "openblas_threads": "1",
        "date": "now",
        "load_start": (0.0, 0.0, 0.0),
    }


def _toy_row(md: str) -> list[str]:
    line = next(x for x in md.splitlines() if x.startswith("| toy.problem"))
    return [c.strip() for c in line.strip("|").split("|")]


def test_floor_is_the_operation_count_at_1e8_per_second_and_ratio_is_time_over_floor(tmp_path):
    from verify.bench._report import write_markdown

    # independent arithmetic: 5e7 operations at 1e8 / s take 0.5 s; 2 s measured is 4x the floor
    o = _outcome(ops=5e7, ops_formula="5e7 toy operations")
    assert o.floor_s == pytest.approx(0.5)
    assert o.floor_ratio == pytest.approx(4.0)
    assert o.row()["floor_s"] == pytest.approx(0.5) and o.row()["floor_ratio"] == pytest.approx(4.0)
    # a count off by a factor 2 must show in the ratio
    assert _outcome(ops=1e8).floor_ratio == pytest.approx(2.0)
    md = tmp_path / "RESULTS.md"
    write_markdown(md, [o], [], {}, _info())
    text = md.read_text()
    assert "| ops | floor | qderive/floor |" in text
    cells = _toy_row(text)
    assert cells[4:7] == ["5e+07", "500 ms", "4"]
    assert "Operation count 5e+07: 5e7 toy operations." in text


def test_problem_without_an_operation_count_renders_na_instead_of_crashing(tmp_path):
    from verify.bench._report import write_markdown

    for bad in (None, math.nan, 0.0, -3.0):
        o = _outcome(ops=bad)
        assert o.floor_s is None and o.floor_ratio is None
        md = tmp_path / "RESULTS.md"
        write_markdown(md, [o], [], {}, _info())
        text = md.read_text()
        assert _toy_row(text)[4:7] == ["n/a", "n/a", "n/a"]
        assert "Operation count: n/a" in text


def test_every_benchmark_problem_declares_a_positive_finite_operation_count():
    from verify.bench._suite import load_models

    seen = 0
    for suite in load_models():
        if suite.module is None or suite.model not in ("sharma2025", "sundar2023", "tucker2020"):
            continue
        for quick in (False, True):
            try:
                probs = suite.module.problems(quick=quick, huge=True)
            except TypeError:
                probs = suite.module.problems(quick=quick)
            for p in probs:
                assert p.ops is not None and math.isfinite(p.ops) and p.ops > 0, p.name
                assert p.ops_formula, p.name
                seen += 1
    assert seen >= 20


def test_sundar_operation_count_matches_the_sizes_the_solver_uses():
    # independent route: run the solver and read back the K and m it used
    from numeric.sundar import evolve
    from numeric.sundar._opcount import evolve_operation_count

    N = 20000
    t = np.linspace(0.0, 12.0 / N, 50)
    r = evolve(N, 1.0, t)
    c = evolve_operation_count(N, 1.0, float(t[-1]), t.size)
    assert (c.K, c.m) == (r.extra["K"], r.extra["n_eigenvectors"])
    # per extra time the sweep costs its GEMM 4 K m plus the moments of 4 operators (~86 K)
    c2 = evolve_operation_count(N, 1.0, float(t[-1]), 2 * t.size)
    assert c2.ops - c.ops == pytest.approx((4 * c.K * c.m + 86 * c.K) * t.size)
    # and the eigenpairs alone need at least the 3 inverse iterations per site and vector
    assert c.ops - (4 * c.K * c.m + 86 * c.K) * t.size > 3 * 12 * c.K * c.m


def test_quick_bench_rows_carry_the_operation_count_floor(quick_run):
    code, rows, md = quick_run
    assert "| ops | floor | qderive/floor |" in md
    for r in rows:
        assert r["ops"] > 0 and math.isfinite(r["ops"])
        # independent arithmetic on the row's own numbers: floor = ops / 1e8, ratio = time / floor
        assert r["floor_s"] == pytest.approx(r["ops"] / 1e8)
        assert r["floor_ratio"] == pytest.approx(r["qderive_s"] / (r["ops"] / 1e8))
