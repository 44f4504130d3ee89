"""One finding per erratum: the registry never lists the same correction twice.

A finding is the same as another if it has the same claim id, equation and corrected form, or if
the same erratum (equation and corrected form) is listed under two claim ids.  The detector is
fed hand-made duplicates (it must see them); the registry is checked structurally (no findings
callable shared by two claims) by default, and by computing every finding in the slow run.
"""

from __future__ import annotations

import pytest

from verify import Finding, all_claims
from verify._records import duplicate_findings


def _f(claim="p.eq1", eq="Eq. (1)", corrected=r"N t", evidence="brute force at N = 10"):
    return Finding(claim, eq, r"2 N t", corrected, evidence)


def test_the_same_finding_twice_is_detected_even_with_other_evidence_and_spacing():
    dup = duplicate_findings([_f(), _f(evidence="another route", corrected=r"N  t")])
    assert len(dup) == 1 and "listed twice" in dup[0]


def test_the_same_erratum_under_two_claim_ids_is_detected():
    dup = duplicate_findings([_f("p.eq1"), _f("p.fig1")])
    assert len(dup) == 1 and "p.eq1" in dup[0] and "p.fig1" in dup[0]


def test_distinct_errata_of_one_equation_are_not_duplicates():
    assert duplicate_findings([_f(), _f(corrected=r"3 N t"), _f(eq="Eq. (2)")]) == []


def test_no_findings_callable_is_registered_under_two_claims():
    owners: dict[int, list[str]] = {}
    for c in all_claims():
        if c.findings is not None:
            owners.setdefault(id(c.findings), []).append(c.id)
    shared = [ids for ids in owners.values() if len(ids) > 1]
    assert shared == []


@pytest.mark.slow  # ~10 s CPU (solver compilation and the N = 1e5 sector solutions)
def test_sundar_findings_are_distinct_and_belong_to_their_claims():
    found = []
    for c in all_claims("sundar"):
        if c.findings is not None and c.id != "sundar.eq7":  # eq7: test_sundar_eq7_finding.py
            fs = c.findings()
            assert fs and all(f.claim_id == c.id for f in fs)
            found += fs
    assert len(found) >= 3 and duplicate_findings(found) == []


@pytest.mark.slow
def test_every_registered_finding_is_listed_once_under_its_own_claim():
    found = []
    for c in all_claims():
        if c.findings is not None:
            fs = c.findings()
            assert all(f.claim_id == c.id for f in fs), c.id
            found += fs
    assert duplicate_findings(found) == []
