"""The parallel claim runner: worker processes give the same reports as a serial run, and resume from the cache."""

from __future__ import annotations

import pytest

from verify import claim, load_claims
from verify._parallel import run_claims
from verify._records import CheckOutcome, Claim
from verify._run import numeric_check_of, run_claim


@pytest.fixture
def two_user_claims(tmp_path, monkeypatch, user_claim):
    """Two claims files (one holding, one 2x off) that worker processes load through $QDERIVE_CLAIMS."""
    files = []
    for cid, c in (("par.holds", 1.0), ("par.fails", 2.0)):
        f = tmp_path / f"{cid.replace('.', '_')}.py"
        f.write_text(user_claim(cid, c))
        files.append(str(f))
    monkeypatch.setenv("QDERIVE_CLAIMS", ":".join(files))
    monkeypatch.setenv("QDERIVE_CACHE", str(tmp_path / "cache"))
    for f in files:
        load_claims(f)
    return [claim("par.holds"), claim("par.fails")]


def test_workers_check_claims_as_a_serial_run_does_and_a_rerun_reads_the_cache(
    two_user_claims, capsys
):
    reps = run_claims(two_user_claims, workers=2)
    assert [r.claim_id for r in reps] == ["par.holds", "par.fails"]
    assert [r.numeric.status for r in reps] == ["pass", "fail"]
    serial = [run_claim(c, use_cache=False, store=False) for c in two_user_claims]
    assert [r.numeric.as_json() for r in reps] == [r.numeric.as_json() for r in serial]
    err = capsys.readouterr().err
    assert "par.holds" in err and "par.fails" in err  # each claim printed as it finishes
    again = run_claims(two_user_claims, workers=2)
    assert [r.as_json() for r in again] == [r.as_json() for r in reps]
    assert capsys.readouterr().err.count("(cached)") == 2


def _outcome(status: str):
    return lambda: CheckOutcome(status, status)


def test_a_slow_claim_runs_its_reduced_set_by_default_the_complete_one_with_full_none_with_quick():
    c = Claim(
        "par.slow",
        "user2026",
        "",
        "",
        numeric=_outcome("fail"),
        quick_numeric=_outcome("pass"),
        slow=True,
    )
    assert numeric_check_of(c)().status == "pass"
    assert numeric_check_of(c, full=True)().status == "fail"
    assert numeric_check_of(c, quick=True).status == "skipped"
    bare = Claim("par.bare", "user2026", "", "", numeric=_outcome("pass"), slow=True)
    assert numeric_check_of(bare).status == "skipped"
