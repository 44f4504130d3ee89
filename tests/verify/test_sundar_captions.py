"""sundar.captions: every caption number of Figs. 1-3 has a row, a method and a verdict; wrong statements fail.

Independent routes: the exact sector solution of Eq. (1) for the Fig. 1(d) variance identity, the
exact sum-protocol Ramsey sequence for Fig. 2(b); rows checked elsewhere name a registered claim.
"""

from __future__ import annotations

import verify
from verify.claims import sundar_captions as K


def test_every_caption_row_names_its_method_and_a_known_verdict():
    ids = {c.id for c in verify.all_claims("sundar")}
    figs = {c.figure.split()[0] + " " + c.figure.split()[1][:3] for c in K.SWEEP}
    assert {"Fig. 1(a", "Fig. 1(d", "Fig. 2(a", "Fig. 2(b", "Fig. 3(a", "Fig. 3(b"} <= figs
    for c in K.SWEEP:
        assert c.verdict in ("agrees", "not reproduced", "parameter") and c.how
        assert c.check is not None or c.where in ids or c.verdict == "parameter", c.printed


def test_the_captions_check_passes_and_a_wrong_variance_identity_fails():
    assert K._check_captions().status == "pass"
    assert K._equal_variances() < 1e-9
    assert K._equal_variances(2.0) > 0.5  # "(4/N) var S1- = (8/N) var S2+" would be wrong


def test_the_figure_1d_inset_is_not_declared_wrong():
    (row,) = [c for c in K.SWEEP if "0.88" in c.printed]
    assert row.verdict == "not reproduced" and "20-level TWA" in row.how and "1.373" in row.how
