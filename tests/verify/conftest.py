"""Fixtures of the verify tests: claims files as a user would write them."""

from __future__ import annotations

import pytest

QUADRATIC = '''"""A user's claim: y = c x^2, checked against the exact x^2."""
import numpy as np

from verify import CheckOutcome, Claim, Param, Quantity, register, register_quantity

C = {c}


def closed(x):
    return C * np.asarray(x, dtype=float) ** 2


def exact(x):
    return np.asarray(x, dtype=float) ** 2


def numeric():
    xs = np.linspace(0.5, 2.0, 7)
    err = float(np.max(np.abs(closed(xs) - exact(xs)) / exact(xs)))
    return CheckOutcome("pass" if err < 1e-9 else "fail", f"max rel error {{err:.2e}}", worst_error=err)


register(Claim("{cid}", "user2026", "Eq. (1)", "y = x^2", numeric=numeric, closed=closed, exact=exact,
               parameters=("x",), defaults={{"x": 1.0}}, tolerance=1e-9))
register_quantity(Quantity("{cid}_q", (Param("x"),), closed, "c x^2", kind="closed"))
'''


def quadratic(cid: str = "user.x", c: float = 1.0) -> str:
    """A claims file whose closed form is ``c`` times the exact one (c = 1: the claim holds)."""
    return QUADRATIC.format(cid=cid, c=repr(float(c)))


@pytest.fixture
def user_claim():
    """``user_claim(cid, c)``: the text of a claims file whose closed form is ``c`` times the exact one."""
    return quadratic
