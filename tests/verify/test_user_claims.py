"""Claims in a user's own file: seen by every subcommand, re-checked when the file changes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from verify import _registry
from verify.cli import main

QDERIVE = Path(sys.executable).with_name("qderive")


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """A private check cache and no inherited claim files; forget what the user files registered."""
    monkeypatch.setenv("QDERIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    before = set(_registry._ADDED)
    yield tmp_path
    for mod in set(_registry._ADDED) - before:
        _registry._remove(_registry._ADDED.pop(mod))
        sys.modules.pop(mod, None)
    for key in [k for k, (m, _) in _registry._LOADED.items() if m not in _registry._ADDED]:
        _registry._LOADED.pop(key)


def _run(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(QDERIVE), *argv], capture_output=True, text=True, env=env, timeout=300
    )


def test_editing_a_user_formula_to_be_twice_wrong_fails_the_next_run_without_clearing_the_cache(
    tmp_path, user_claim
):
    """Two real runs sharing one cache dir: the edited file's claim must be re-checked, not served cached."""
    f = tmp_path / "mine.py"
    f.write_text(user_claim("user.x", 1.0))
    env = {**os.environ, "QDERIVE_CACHE": str(tmp_path / "cache"), "QDERIVE_CLAIMS": ""}
    first = _run("--claims", str(f), "verify", "user.x", env=env)
    assert first.returncode == 0, first.stderr
    assert "ok   user.x" in first.stdout
    again = _run("--claims", str(f), "verify", "user.x", env=env)  # served from the cache
    assert again.returncode == 0 and "ok   user.x" in again.stdout
    f.write_text(user_claim("user.x", 2.0))
    edited = _run("--claims", str(f), "verify", "user.x", env=env)
    assert edited.returncode == 1, edited.stdout
    assert "FAIL user.x" in edited.stdout and "1.00e+00" in edited.stdout


def test_a_user_claim_is_seen_by_claims_eval_show_and_filtered_by_its_paper_key(
    isolated, capsys, user_claim
):
    f = isolated / "mine.py"
    f.write_text(user_claim("user.y", 1.0))
    assert main(["--claims", str(f), "claims", "--paper", "user2026"]) == 0
    out = capsys.readouterr().out
    assert "user.y" in out and "user2026" in out and "sharma" not in out
    assert main(["--claims", str(f), "eval", "user.y_q", "x=3"]) == 0
    assert float(capsys.readouterr().out) == pytest.approx(9.0, rel=1e-15)
    assert main(["--claims", str(f), "show", "user.y"]) == 0
    assert "numeric check:  pass" in capsys.readouterr().out


def test_a_user_claim_is_mapped_by_the_sweep_engine(isolated, capsys, user_claim):
    f = isolated / "mine.py"
    f.write_text(user_claim("user.z", 1.0))
    argv = [
        "--claims",
        str(f),
        "sweep",
        "regime",
        "user.z",
        "--grid",
        "x=0.5:2:4",
        "--scheduler",
        "serial",
        "--out",
        str(isolated / "sw"),
        "--json",
        "--no-progress",
    ]
    assert main(argv) == 0
    import json

    res = json.loads(capsys.readouterr().out)
    assert res["claim"] == "user.z" and res["fraction_valid"] == 1.0


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("import math\n\nx = foo\n", 3, "NameError: name 'foo' is not defined"),
        ("def f(:\n    pass\n", 1, "SyntaxError"),
        ("import math\nraise RuntimeError('boom')\n", 2, "RuntimeError: boom"),
    ],
)
def test_a_broken_claims_file_exits_2_with_one_line_naming_file_and_line(
    isolated, capsys, body, line, fragment
):
    f = isolated / "broken.py"
    f.write_text(body)
    assert main(["--claims", str(f), "claims"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("qderive: error: claims file ") and str(f) in err
    assert f"line {line}: " in err and fragment in err


def test_a_missing_claims_file_and_a_missing_module_exit_2_with_one_line(isolated, capsys):
    assert main(["--claims", str(isolated / "nope.py"), "claims"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.py" in err and "FileNotFoundError" in err
    assert main(["--claims", "no_such_module_qd", "claims"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no_such_module_qd" in err and "ModuleNotFoundError" in err


def test_claims_files_from_the_environment_variable_are_loaded(
    isolated, monkeypatch, capsys, user_claim
):
    a, b = isolated / "a", isolated / "b"
    a.mkdir()
    b.mkdir()
    (a / "same.py").write_text(user_claim("user.env_a", 1.0))
    (b / "same.py").write_text(user_claim("user.env_b", 1.0))  # same file name: must not collide
    monkeypatch.setenv("QDERIVE_CLAIMS", os.pathsep.join([str(a / "same.py"), str(b / "same.py")]))
    assert main(["verify", "user.env_a", "user.env_b"]) == 0
    out = capsys.readouterr().out
    assert "ok   user.env_a" in out and "ok   user.env_b" in out


def test_a_claims_module_on_the_path_is_loaded_by_name(isolated, monkeypatch, capsys, user_claim):
    (isolated / "qd_user_mod.py").write_text(user_claim("user.mod", 1.0))
    monkeypatch.syspath_prepend(str(isolated))
    assert main(["--claims", "qd_user_mod", "verify", "user.mod"]) == 0
    assert "ok   user.mod" in capsys.readouterr().out


def test_bench_problems_come_from_every_problem_file_and_from_a_claims_file(isolated):
    from verify.bench._suite import load_models, problem_files

    f = isolated / "bench_mine.py"
    f.write_text(
        "from verify import register_bench\n\n"
        "def problems(quick=False):\n    return []\n\n"
        "register_bench('mymodel', problems, notes='mine')\n"
    )
    _registry.load_user_claims([str(f)])
    suites = load_models()
    models = [s.model for s in suites]
    assert len(problem_files()) >= 3 and models[-1] == "mymodel"
    assert len(models) == len(problem_files()) + 1 and all(s.module is not None for s in suites)
    assert suites[-1].module.problems(quick=True) == [] and suites[-1].module.NOTES == "mine"
