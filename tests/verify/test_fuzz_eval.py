"""Hostile and careless input to ``qderive eval``: every registered quantity, every parameter.

The registry drives the cases (``verify.quantities()`` and each quantity's ``params``), so a
new quantity is fuzzed without touching this file.  From a cheap valid point, one parameter
at a time is dropped, duplicated, replaced by garbage (non-numbers, nan, inf, 1e400,
subnormals, negatives, zero, 1e12 and 1e300, floats for integers, odd N, code and shell
strings, malformed and huge time lists) or an unknown parameter is added.  Whatever the
input: exit status 0 or 2 (1 only with a one-line message), never a traceback, a finite
value or an explicit warning, and every error one line of at most ~200 characters naming
a parameter.  Valid but huge sizes are included: the resource estimators must refuse them
before any work (``--max-seconds`` keeps the fast profile fast).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import verify
from verify.cli import main

QUANTITIES = sorted(verify.quantities(), key=lambda q: q.name)
QDERIVE = os.path.join(os.path.dirname(sys.executable), "qderive")
_MAX_LINE = 220

# values that must be refused, or computed and finite, or explained; never a traceback
_GARBAGE = [
    "",
    "abc",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "1e-320",
    "5e-324",
    "-1",
    "-1e-300",
    "0",
    "1e12",
    "1e300",
    "-1e300",
    "2.5",
    "7",
    "1_000",
    "0x10",
    "1e",
    "True",
    "None",
    "__import__('os').system('echo pwned')",
    "$(touch /tmp/qderive_pwned)",
    "`id`",
    "; ls",
    "1; rm -rf /",
    "{}",
    "[1]",
    "1,2",
    "x" * 5000,
]
_TIMES = [
    "",
    ",",
    "1,,2",
    "0.01,",
    "nan,0.01",
    "0.01,inf",
    "-0.01",
    "1e400",
    "0:1",
    "0:1:0",
    "1:0:5",
    "0:1:5:log",
    "0:1:1e12",
    "0:0.02:3",
    "1e-3:1e-2:4:log",
    "0:1:5:lin",
    "a:b:c",
    ",".join(["0.01"] * 20000),
    "0.01," * 3 + "x",
    "1e300",
    "1e12",
    "0",
]


def _cheap(q, p) -> str:
    """A cheap valid value of parameter ``p`` of ``q``."""
    if p.kind == "choice":
        return str(p.default if p.default is not None else p.choices[0])
    if p.kind == "time":
        return "0.01,0.02"
    if p.kind == "int":
        return "2" if p.name == "ntraj" else "4"
    return {"positive": "1", "nonnegative": "0.5"}.get(p.domain, "0.3")


def _base(q) -> dict[str, str]:
    return {p.name: _cheap(q, p) for p in q.params if p.required}


def _check(q, argv: list[str], status: int, out: str, err: str) -> None:
    case = f"{q.name} {' '.join(a[:40] for a in argv)[:300]}"
    assert status in (0, 1, 2), f"exit {status}: {case}"
    assert "Traceback" not in err, f"traceback: {case}\n{err[-2000:]}"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("qderive: error:")]
    for ln in lines:
        assert ln.startswith(("qderive:", "usage:")), f"stray stderr line {ln[:200]!r}: {case}"
    if status == 2:
        assert len(errors) == 1, f"not one error line: {case}\n{err[-1000:]}"
        msg = errors[0]
        assert len(msg) <= _MAX_LINE + 200, f"error of {len(msg)} chars: {case}"
        names = [p.name for p in q.params] + ["parameter", "argument", "--params", "--max"]
        assert any(n in msg for n in names), f"error names no parameter: {msg[:300]} ({case})"
    elif status == 1:
        assert len(errors) + len([ln for ln in lines if "warning:" in ln]) >= 1, case
        assert all(len(ln) <= 2 * _MAX_LINE + 50 for ln in lines), case
    else:
        warned = any("warning:" in ln for ln in lines)
        if not warned:
            nums = re.findall(r"-?inf|nan|Infinity|NaN", out)
            assert not nums, f"silent non-finite output {out[:200]!r}: {case}"


def _run(q, argv: list[str], capsys, budget: str = "3") -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["eval", q.name, *argv, "--max-seconds", budget])
    out, err = capsys.readouterr()
    return status, out, err


@st.composite
def _case(draw, q):
    """One mutation of the cheap valid point of ``q``."""
    args = _base(q)
    params = list(q.params)
    p = draw(st.sampled_from(params)) if params else None
    how = draw(
        st.sampled_from(
            ["value", "value", "value", "missing", "unknown", "twice", "valid", "noeq", "optional"]
        )
    )
    if p is None or how == "valid":
        pass
    elif how == "missing":
        args.pop(p.name, None)
    elif how == "unknown":
        args[draw(st.sampled_from(["Nn", "foo", "t2", "x" * 300, "N ", "kappa", "chi"]))] = "1"
    elif how == "optional":
        for o in params:
            if not o.required:
                args[o.name] = _cheap(q, o)
    elif how == "noeq":
        pass
    else:
        pool = _TIMES if p.kind == "time" else _GARBAGE
        if p.kind == "choice":
            pool = pool + list(p.choices)
        value = draw(
            st.one_of(
                st.sampled_from(pool),
                st.floats(allow_nan=True, allow_infinity=True).map(repr),
                st.integers(-(10**20), 10**20).map(str),
            )
        )
        args[p.name] = value
    argv = [f"{k}={v}" for k, v in args.items()]
    if how == "twice" and argv:
        argv.append(argv[0])
    if how == "noeq":
        argv.append("justtext")
    return argv


def _fuzz(q, capsys, n: int, budget: str) -> None:
    @settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_case(q))
    def run(argv):
        _check(q, argv, *_run(q, argv, capsys, budget))

    run()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("q", QUANTITIES, ids=[q.name for q in QUANTITIES])
def test_eval_refuses_or_answers_every_mutated_input_in_one_line(q, capsys):
    _fuzz(q, capsys, n=10, budget="3")


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("q", QUANTITIES, ids=[q.name for q in QUANTITIES])
def test_eval_deep_fuzz(q, capsys):
    _fuzz(q, capsys, n=300, budget="20")


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("q", QUANTITIES, ids=[q.name for q in QUANTITIES])
def test_every_parameter_at_every_garbage_value_is_refused_or_answered(q, capsys):
    """The fixed table: each parameter at each hostile value, the others cheap (no sampling)."""
    for p in q.params:
        pool = _TIMES if p.kind == "time" else _GARBAGE
        for v in pool:
            args = {**_base(q), p.name: v}
            argv = [f"{k}={x}" for k, x in args.items()]
            _check(q, argv, *_run(q, argv, capsys))


@pytest.mark.timeout(120)
def test_huge_sizes_are_refused_with_the_estimate_before_any_work(capsys):
    """Valid but huge: refused in well under a second each, with the estimate and the way out."""
    import time

    cases = [
        ("sharma.qfi", "N=1e12 U=1 W0=1 Delta_c=1 eta=320 t=0.01", "TiB"),
        ("sharma.qfi", "N=1e9 U=1 W0=1 Delta_c=1 eta=320 t=0.01", "GiB"),
        ("sharma.cfi", "N=100000 U=1 W0=1 Delta_c=1 eta=320 t=0.01 theta=0.1", "GiB"),
        ("tucker.steady", "N=1e9 Gamma=1 chi=0 upsilon=0.5", "GiB"),
        (
            "tucker.xi2",
            "N=10 Gamma=1 chi=0 upsilon=0.5 gamma_s=0.1 t=1 method=trajectories ntraj=1000000",
            "ntraj",
        ),
        (
            "tucker.xi2",
            "N=600 Gamma=1 chi=0 upsilon=0.5 gamma_s=0 t=1 method=exact",
            "--max-seconds",
        ),
        ("sundar.dphi2_open", "N=8 chi=1e12 t=1", "--max-seconds"),
        ("sharma.mandel_q", "N=4 U=1e12 W0=1 Delta_c=1 eta=1 J=0 t=0.01", "--max-seconds"),
    ]
    for name, args, expect in cases:
        capsys.readouterr()
        start = time.perf_counter()
        status = main(["eval", name, *args.split()])
        _, err = capsys.readouterr()
        assert status == 2, (name, args, err)
        assert expect in err and "needs ~" in err, err
        assert len(err.strip()) <= 2 * _MAX_LINE and "\n" not in err.strip(), err
        assert time.perf_counter() - start < 5, (name, args)


def test_bell_correlator_of_odd_N_and_t0_is_minus_inf_with_the_reason(capsys):
    q = verify.quantity("sharma.bell")
    for args in (
        "N=7 U=1 W0=1 Delta_c=1 eta=320 t=0.01",
        "N=8 U=1 W0=1 Delta_c=1 eta=320 t=0,0.01",
    ):
        status, out, err = _run(q, args.split(), capsys, "60")
        assert status == 0, err
        assert "-inf" in out and "warning: Q_N = -inf exactly" in err, (out, err)
        assert "odd N" in err or "t = 0" in err


def test_a_silent_non_finite_value_exits_1_with_a_warning(capsys, monkeypatch):
    from verify import _registry
    from verify._records import Param, Quantity

    q = Quantity(
        "test.silent_inf",
        (Param("x", "real", "any"),),
        lambda x: [1.0, math.inf],
        "returns inf without a reason",
        "closed form",
    )
    _registry.load_all()
    monkeypatch.setitem(_registry._QUANTITIES, q.name, q)
    capsys.readouterr()
    status = main(["eval", q.name, "x=1"])
    _, err = capsys.readouterr()
    assert status == 1
    assert "warning: test.silent_inf gave non-finite output: value[1]" in err


def test_params_file_is_validated_like_the_command_line_and_never_evaluated(tmp_path, capsys):
    q = verify.quantity("sundar.eq5")
    good = tmp_path / "p.json"
    good.write_text(json.dumps({"N": 100, "chi": 0.01, "t": [0.1, 0.2, 0.3]}))
    status, out, err = _run(q, ["--params", str(good)], capsys)
    assert status == 0 and len(out.split()) == 3, err
    for bad, word in [
        ({"N": 100, "chi": "__import__('os')", "t": [0.1]}, "chi"),
        ({"N": 100, "chi": 1, "t": [0.1, None]}, "t"),
        ({"N": 100, "chi": 1, "t": [0.1], "zz": 1}, "zz"),
        ({"N": 7, "chi": 1, "t": [0.1]}, "N"),
        ({"N": True, "chi": 1, "t": [0.1]}, "N"),
        ([1, 2], "JSON object"),
    ]:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(bad))
        status, _, err = _run(q, ["--params", str(path)], capsys)
        assert status == 2 and word in err and err.count("\n") == 1, err
    for text in ("{", '{"N": NaN, "chi": 1, "t": [0.1]}', '{"N": 1e400, "chi": 1, "t": [1]}'):
        path = tmp_path / "bad.json"
        path.write_text(text)
        status, _, err = _run(q, ["--params", str(path)], capsys)
        assert status == 2 and err.count("\n") == 1, err
    status, _, err = _run(q, ["--params", str(tmp_path / "missing.json")], capsys)
    assert status == 2 and "cannot read" in err


def test_params_file_carries_a_million_times(tmp_path, capsys):
    q = verify.quantity("sundar.eq5")
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"N": 100, "chi": 0.01, "t": [i * 1e-6 for i in range(10**6)]}))
    status, out, err = _run(q, ["--params", str(path), "--json"], capsys, "60")
    assert status == 0, err
    assert len(json.loads(out)["value"]) == 10**6


def test_max_memory_override_refuses_and_names_the_flag(capsys):
    status = main(
        [
            "eval",
            "sharma.qfi",
            "N=100",
            "U=1",
            "W0=1",
            "Delta_c=1",
            "eta=320",
            "t=0.01",
            "--max-memory",
            "1K",
        ]
    )
    _, err = capsys.readouterr()
    assert status == 2 and "needs ~" in err and "available 1 KiB" in err and "--max-memory" in err
    with pytest.raises(SystemExit) as exc:
        main(["eval", "sharma.qfi", "--max-memory", "lots"])
    assert exc.value.code == 2


# ----------------------------------------------------------------------------- real processes
def _proc(args: list[str], preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [QDERIVE, "eval", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )


@pytest.mark.timeout(300)
def test_memory_bomb_under_a_2GB_address_space_limit_is_refused_before_allocating():
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    p = _proc("sharma.qfi N=1e8 U=1 W0=1 Delta_c=1 eta=320 t=0.01".split(), preexec=limit)
    assert p.returncode == 2, p.stderr[-2000:]
    assert "MemoryError" not in p.stderr and "Traceback" not in p.stderr
    assert "N = 1e+08 needs ~" in p.stderr and "GiB" in p.stderr


@pytest.mark.timeout(300)
def test_hostile_input_in_real_processes_exits_2_in_one_line():
    for args in (
        ["sharma.qfi", "N=$(id)", "U=1", "W0=1", "Delta_c=1", "eta=1", "t=0.01"],
        ["tucker.steady", "N=1e9", "Gamma=1", "chi=0", "upsilon=0.5"],
        ["sundar.xi2", "N=8", "chi=1", "t=" + "0.1," * 50 + "nan"],
    ):
        p = _proc(args)
        assert p.returncode == 2, p.stderr
        assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
