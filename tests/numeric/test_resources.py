"""Resource estimates before work: refusals with the estimate, limits, and estimates that are right."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from numeric import ParameterError
from numeric._resources import (
    Estimate,
    ResourceError,
    budget,
    estimate,
    format_bytes,
    limits,
    parse_bytes,
    require,
)


def test_sharma_qfi_of_1e9_atoms_needs_tens_of_GiB_and_is_refused_below_that():
    e = estimate("sharma.qfi", 10**9, [0.01], method="variance", check=False)
    assert 2**34 < e.bytes < 2**36
    with budget(max_memory="8G"), pytest.raises(ResourceError) as exc:
        require(e)
    msg = str(exc.value)
    assert isinstance(exc.value, ParameterError) and exc.value.name == "N"
    assert (
        msg.startswith("N = 1e+09 needs ~") and "available 8 GiB" in msg and "--max-memory" in msg
    )
    assert "\n" not in msg and len(msg) < 200


def test_a_solver_refuses_before_allocating():
    from numeric.sharma import qfi_lossless
    from numeric.tucker import analytic_steady_state

    tracemalloc.start()
    try:
        with pytest.raises(ResourceError, match="TiB"):
            qfi_lossless(10**12, 1.0, 1.0, 1.0, 320.0, [0.01], method="variance")
        with pytest.raises(ResourceError, match=r"N = 1e\+09 needs"):
            analytic_steady_state(10**9, 1.0, 0.0, 0.5)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**24


def test_time_budget_refuses_a_long_trajectory_run_naming_ntraj():
    with budget(max_seconds=60), pytest.raises(ResourceError) as exc:
        estimate("tucker.trajectories", 10, 1.0, 0.0, 0.5, 0.1, [1.0], ntraj=10**6)
    assert exc.value.name == "ntraj" and "--max-seconds" in str(exc.value)
    with budget(max_seconds=float("inf")):  # inf lifts the budget
        estimate("tucker.trajectories", 10, 1.0, 0.0, 0.5, 0.1, [1.0], ntraj=10**6)


def test_sizes_beyond_a_float_are_refused_and_non_numbers_left_to_the_solver():
    with pytest.raises(ResourceError, match="more than 1e300 B"):
        estimate("sharma.state", 10**400, [0.1])
    for bad in ("x", None, float("nan"), True):
        assert estimate("sharma.state", bad, [0.1]).bytes == 0.0


def test_limits_read_the_environment_and_the_context_wins(monkeypatch):
    monkeypatch.setenv("QDERIVE_MAX_MEMORY", "512M")
    monkeypatch.setenv("QDERIVE_MAX_SECONDS", "30")
    assert limits() == (512 * 2**20, 30.0)
    with budget(max_memory=2**30, max_seconds=5):
        assert limits() == (2**30, 5.0)
    monkeypatch.setenv("QDERIVE_MAX_MEMORY", "lots")
    with pytest.raises(ParameterError, match="QDERIVE_MAX_MEMORY"):
        limits()


def test_default_memory_limit_is_what_the_machine_has_available_now():
    mem, sec = limits()
    assert 2**20 < mem < 2**50 and sec is None


@pytest.mark.parametrize(
    "text,n",
    [
        ("10G", 10 * 2**30),
        ("512M", 2**29),
        ("1.5GiB", 1.5 * 2**30),
        ("2e9", 2e9),
        ("4k", 4096),
        (123, 123.0),
    ],
)
def test_parse_bytes(text, n):
    assert parse_bytes(text) == n


@pytest.mark.parametrize("bad", ["", "ten", "-1G", "0", "inf", "1e400"])
def test_parse_bytes_refuses(bad):
    with pytest.raises(ValueError):
        parse_bytes(bad)


def test_estimate_prints_what_dominates():
    e = Estimate("x.y", 3 * 2**30, 12.0, "(N+1) x 3 arrays")
    assert str(e) == "x.y: ~3 GiB, ~12 s ((N+1) x 3 arrays)"
    assert format_bytes(1023) == "1023 B"


@pytest.mark.parametrize(
    "kind,args,run",
    [
        (
            "tucker.steady",
            (200_000,),
            lambda: __import__("numeric.tucker", fromlist=["x"]).analytic_steady_state(
                200_000, 1.0, 0.0, 0.5
            ),
        ),
        (
            "sharma.amplitudes",
            (20_000, np.linspace(0, 0.01, 20)),
            lambda: __import__("numeric.sharma", fromlist=["x"]).photon_amplitudes(
                20_000, 1.0, 1.0, 1.0, 320.0, np.linspace(0, 0.01, 20)
            ),
        ),
    ],
)
def test_memory_estimate_is_within_a_small_factor_of_the_traced_peak(kind, args, run):
    """Independent measure: tracemalloc's peak of numpy allocations during the real call."""
    est = estimate(kind, *args, check=False)
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / 8 < est.bytes < peak * 8, (est, peak)
