"""sharma.printed: the sweep of Appendices A-B and the captions covers every numbered form,
each verdict is borne out, and a deliberately wrong form makes its row fail."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
from scipy.linalg import expm

from verify.claims import sharma_printed as sp_


def _entry(label):
    (e,) = [e for e in sp_.SWEEP if e.label == label]
    return e


def _numbers(label, letter):
    nums = [int(x) for x in re.findall(rf"\({letter}(\d+)[a-d]?\)", label)]
    return set(range(min(nums), max(nums) + 1)) if nums else set()


def test_every_numbered_equation_of_appendices_a_and_b_is_in_the_sweep():
    seen_a = set().union(*(_numbers(e.label, "A") for e in sp_.SWEEP))
    seen_b = set().union(*(_numbers(e.label, "B") for e in sp_.SWEEP))
    assert seen_a == set(range(1, 39)) and seen_b == set(range(1, 41))


def test_sweep_passes_and_every_slip_checked_here_is_a_finding():
    out = sp_._check_sweep()
    assert out.status == "pass", out.detail
    labels = {f.equation for f in sp_._findings()}
    for e in sp_.SWEEP:
        if e.verdict == "slip" and e.check is not None:
            assert any(e.label.split()[0] in lab for lab in labels), e.label
    assert all(f.regime and f.accuracy for f in sp_._findings())


def test_a_wrong_printed_form_of_an_agreeing_equation_fails_its_row():
    """(A19) fed (a^dag + beta)(a - beta) (sign flipped) must fail."""

    def wrong():
        a = sp_._a()
        ad, one = a.conj().T, np.eye(sp_._NMAX + 1)
        D = expm(sp_._B * (a - ad))
        lhs = D.conj().T @ (ad @ a) @ D
        e = sp_._err(lhs, (ad + sp_._B * one) @ (a - sp_._B * one))
        return e, e

    assert not sp_.sweep_row(dataclasses.replace(_entry("(A19)"), check=wrong)).passed


def test_a_wrong_corrected_form_of_a_slip_fails_its_row():
    """(B12) 'corrected' to +1/4 (i.e. the printed sign) must fail; so must a factor 2 of kappa."""
    ep, _ = sp_._check_b12()
    bad = dataclasses.replace(_entry("(B12)"), check=lambda: (ep, ep))
    assert not sp_.sweep_row(bad).passed
    kap = dataclasses.replace(
        _entry("Figs. 4-5 captions: kappa ~ 78, kappa tau_Q = 1"),
        check=lambda: (abs(2 * round(1 / sp_._tau_q(50, 1.0, 320.0)) - 78.0),) * 2,
    )
    assert not sp_.sweep_row(kap).passed


def test_a_slip_whose_printed_form_were_right_fails_its_row():
    """If (A25) were right (printed error 0) the recorded verdict 'slip' would be refuted."""
    bad = dataclasses.replace(_entry("(A25)-(A26)"), check=lambda: (0.0, 0.0))
    assert not sp_.sweep_row(bad).passed
