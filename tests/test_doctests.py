"""The Examples sections of the public verbs and records run (doctest)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "derive._model",
    "derive._spec",
    "derive._eliminate",
    "derive._meanfield",
    "derive._pump",
    "derive._asymptotics",
    "derive._algebra",
    "derive._elimination",
    "derive._derivation",
    "derive._operators",
    "derive._compile",
    "verify._claim_builder",
)


@pytest.mark.parametrize("name", MODULES)
def test_public_examples_run(name):
    mod = importlib.import_module(name)
    failed, attempted = doctest.testmod(
        mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert failed == 0, f"{failed} of {attempted} examples failed in {name}"


def test_the_public_verbs_carry_examples():
    import derive

    for verb in (
        derive.Model,
        derive.eliminate,
        derive.meanfield,
        derive.undepleted_pump,
        derive.asymptotics,
    ):
        assert ">>>" in (verb.__doc__ or "") or ">>>" in (
            importlib.import_module(verb.__module__).__doc__ or ""
        ), f"{verb.__name__} has no example"
