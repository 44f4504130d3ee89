"""``qderive verify`` checks its claims over ``-j`` processes and reports them as a serial run does."""

from __future__ import annotations

import re

import pytest

from verify.cli import main


def _files(tmp_path, user_claim, factors, tag):
    out = []
    for i, c in enumerate(factors):
        f = tmp_path / f"par{i}.py"
        f.write_text(user_claim(f"user{tag}.c{i}", c))
        out.append(str(f))
    return out


def _run(args, capsys) -> tuple[int, list[str]]:
    rc = main(args)
    lines = capsys.readouterr().out.splitlines()
    # the elapsed time of each check is the only part that may differ between runs
    return rc, [re.sub(r"\(\d+\.\d s\)", "(t)", line) for line in lines]


def test_verify_with_one_job_reports_each_claim_and_fails_a_wrong_one(
    tmp_path, user_claim, capsys, monkeypatch
):
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    files = _files(tmp_path, user_claim, [1.0, 2.0], "one")  # the second closed form is 2x exact
    args = [a for f in files for a in ("--claims", f)]
    rc, lines = _run([*args, "verify", "-j", "1", "--no-cache", "userone.c0", "userone.c1"], capsys)
    assert rc == 1
    assert lines[0].startswith("ok   userone.c0") and lines[1].startswith("FAIL userone.c1")
    assert lines[-1] == "1 passed, 1 failed"


@pytest.mark.slow
def test_verify_over_two_processes_reports_what_one_process_reports(
    tmp_path, user_claim, capsys, monkeypatch
):
    # the fork server imports the project's claim modules once (~10 s of CPU): slow
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    files = _files(tmp_path, user_claim, [1.0, 2.0, 1.0], "two")
    args = [a for f in files for a in ("--claims", f)]
    ids = ["usertwo.c0", "usertwo.c1", "usertwo.c2"]
    serial = _run([*args, "verify", "-j", "1", "--no-cache", *ids], capsys)
    parallel = _run([*args, "verify", "-j", "2", "--no-cache", *ids], capsys)
    assert serial == parallel and serial[0] == 1


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_a_bad_job_count_is_a_one_line_usage_error(jobs, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["verify", "-j", jobs])
    assert exc.value.code == 2
    assert "a number of processes >= 1" in capsys.readouterr().err
