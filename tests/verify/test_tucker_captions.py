"""tucker2020 caption sweep: every caption number is compared by a route, and all agree."""

from __future__ import annotations

from verify.claims.tucker_captions import CaptionNumber, caption_sweep


def test_every_caption_of_figs_1_to_3_is_swept_and_agrees():
    recs = caption_sweep()
    assert all(isinstance(r, CaptionNumber) for r in recs)
    figs = {r.figure.split("(")[0].strip() for r in recs}
    assert figs == {"Fig. 1", "Fig. 2", "Fig. 3"}
    bad = [r for r in recs if not r.agrees]
    assert not bad, bad
    assert all(r.route and r.evidence and r.claim_id.startswith("tucker.") for r in recs)


def test_critical_atom_number_of_fig2_is_1800_at_the_caption_parameters():
    # independent: N_c = 2 Omega/Upsilon_c with Omega = N Upsilon/2, N = 2000, Upsilon = 0.9 Upsilon_c
    (rec,) = [r for r in caption_sweep() if r.printed == "N_c = 2 Omega/Upsilon_c"]
    assert "N_c = 1800" in rec.evidence and rec.agrees
