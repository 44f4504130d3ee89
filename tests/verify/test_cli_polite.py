"""A polite command line: a version, help on every flag, one-line errors, a clean end in a closed pipe."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from verify import _registry
from verify.cli import build_parser, main

QDERIVE = Path(sys.executable).with_name("qderive")


def _parsers(p: argparse.ArgumentParser, name: str = "qderive"):
    yield name, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, sp in action.choices.items():
                yield from _parsers(sp, f"{name} {sub}")


def test_version_comes_from_the_installed_metadata(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert (
        exc.value.code == 0 and capsys.readouterr().out.strip() == f"qderive {version('qderive')}"
    )


def test_every_flag_of_every_subcommand_has_help():
    missing = [
        f"{name} {'/'.join(a.option_strings) or a.dest}"
        for name, p in _parsers(build_parser())
        for a in p._actions
        if not isinstance(a, argparse._SubParsersAction) and not a.help
    ]
    assert not missing, missing


def test_an_unexpected_exception_is_one_line_and_exit_1_and_debug_shows_it(monkeypatch, capsys):
    monkeypatch.setenv("QDERIVE_CLAIMS", "")

    def boom(*a, **k):
        raise RuntimeError("x" * 5000)

    monkeypatch.setenv("QDERIVE_NO_EVAL_INDEX", "1")  # not answered from the on-disk index
    monkeypatch.setattr(_registry, "quantities", boom)
    assert main(["eval", "--list"]) == 1
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1
        and err.startswith("qderive: error: RuntimeError: xxx")
        and len(err) < 260
    )
    with pytest.raises(RuntimeError):
        main(["--debug", "eval", "--list"])


def test_a_parameter_error_escaping_a_subcommand_exits_2(monkeypatch, capsys):
    from numeric import ParameterError

    monkeypatch.setenv("QDERIVE_CLAIMS", "")

    def refuse(*a, **k):
        raise ParameterError("N", "an integer >= 1", 0)

    monkeypatch.setenv("QDERIVE_NO_EVAL_INDEX", "1")
    monkeypatch.setattr(_registry, "quantities", refuse)
    assert main(["eval", "--list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "N" in err and "Traceback" not in err


def test_a_huge_input_is_never_echoed_whole(monkeypatch, capsys):
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    assert main(["show", "a." + "y" * 100_000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.count("y") < 120
    assert main(["claims", "b." + "z" * 100_000]) == 2
    assert capsys.readouterr().err.count("z") < 120


def test_output_piped_into_head_ends_cleanly():
    done = subprocess.run(
        f"'{QDERIVE}' eval --list | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "QDERIVE_CLAIMS": ""},
    )
    assert done.returncode == 0 and done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
