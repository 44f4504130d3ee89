"""The registry refuses duplicates; the command line parses numbers, never code, and exits 2 on bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from verify import Claim, DuplicateClaimError, Param, Quantity, all_claims, register
from verify._params import InputError, parse_params
from verify.cli import main


def test_duplicate_claim_id_is_an_error():
    existing = next(iter(all_claims()))
    with pytest.raises(DuplicateClaimError, match=existing.id):
        register(Claim(id=existing.id, paper="x", equation="-", title="duplicate"))


def test_claim_ids_are_unique_and_namespaced():
    ids = [c.id for c in all_claims()]
    assert len(ids) == len(set(ids))
    assert all("." in i for i in ids)


_Q = Quantity(
    "demo.q",
    (
        Param("N", "int", "positive"),
        Param("rate", "real", "nonnegative"),
        Param("t", "time", "nonnegative"),
        Param("axis", "choice", "any", "x", choices=("x", "y", "z")),
    ),
    lambda **k: k,
    "demo",
)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["N=0", "rate=1", "t=1"], "N must be an integer >= 1"),
        (["N=2.5", "rate=1", "t=1"], "N must be an integer >= 1"),
        (["N=4", "rate=-1", "t=1"], "rate must be a number >= 0"),
        (["N=4", "rate=abc", "t=1"], "not a number"),
        (["N=4", "rate=nan", "t=1"], "rate must be"),
        (["N=4", "t=1"], "missing parameter rate"),
        (["N=4", "rate=1", "t=1", "bogus=3"], "unknown parameter 'bogus'"),
        (["N=4", "rate=1", "t=1,-2"], "t must be times >= 0"),
        (["N=4", "rate=1", "t=1", "axis=w"], "axis must be one of x, y, z"),
        (["N=4", "rate=__import__('os')", "t=1"], "not a number"),
    ],
)
def test_bad_parameters_are_rejected_with_the_parameter_named(args, fragment):
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        parse_params(_Q, args)


def test_time_parameter_takes_a_comma_separated_list():
    p = parse_params(_Q, ["N=4", "rate=0", "t=0.1,0.2,0.3"])
    np.testing.assert_array_equal(p["t"], [0.1, 0.2, 0.3])
    assert p["N"] == 4 and isinstance(p["N"], int) and p["axis"] == "x"


@pytest.mark.parametrize(
    "argv",
    [
        ["eval", "sharma.qfi", "N=0", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.01"],
        ["eval", "sharma.qfi", "N=100", "U=1", "W0=1", "Delta_c=1", "eta=-3", "t=0.01"],
        ["eval", "sharma.qfi", "N=100", "U=1", "W0=1", "Delta_c=1", "eta=320"],
        ["eval", "sharma.tau_Q", "N=100", "W0=1", "eta=x"],
        ["eval", "sharma.tau_Q", "N=100", "W0=1", "eta=1", "kappa=2"],
        ["eval", "no.such.quantity"],
        ["show", "no.such.claim"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("qderive: error:")


def test_cli_eval_list_names_every_quantity_with_parameters(capsys):
    assert main(["eval", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("sharma.qfi", "sharma.eq8", "sharma.tau_Q"):
        assert name in out
    assert "Delta_c:" in out


def test_cli_tau_q_equals_eq9(capsys):
    assert main(["eval", "sharma.tau_Q", "N=100", "W0=1", "eta=320", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = (9 / (4 * 100 * 1.0**2 * 320.0**4)) ** (1 / 6)  # Eq. (9) by hand
    assert out["quantity"] == "sharma.tau_Q"
    assert out["value"] == pytest.approx(expected, rel=1e-12)


def test_report_shows_criteria_not_a_mixed_worst_error_for_statement_checks():
    """A statement check's rows carry different metrics: the report counts met criteria instead of a max."""
    from verify._records import CheckOutcome, CheckRow
    from verify._report import _fmt_err

    rows = (
        CheckRow({"a": 1}, 0.0, 0.01, 0.01, True, True, "deviation"),
        CheckRow({"a": 2}, 1.0, 2.78, 2.78, False, True, "time ratio"),
    )
    assert _fmt_err(CheckOutcome("pass", "", None, rows)) == "statement: 2/2 criteria met"
    assert _fmt_err(CheckOutcome("pass", "", 0.0123, rows)) == "0.0123"
    assert _fmt_err(CheckOutcome("n/a", "")) == "—"
