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
