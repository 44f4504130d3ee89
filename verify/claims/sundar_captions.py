"""sundar2023: every number in the figure captions, compared with the derivation or exact numerics.

Claim
-----
sundar.captions   each number (or numerical relation) of the captions of Figs. 1-3, one row
                  each: how it is checked and the verdict

Verdicts: ``agrees`` (borne out), ``not reproduced`` (it rests on a calculation this toolkit does
not perform, e.g. the paper's 20-level TWA; not a finding), ``parameter`` (a value chosen for the
figure, used as given).  Rows checked here carry a function returning the error of the caption's
statement against an exact route; rows checked by another claim name it.  No caption number
disagrees with the exact numerics of the model it is stated for, so this module adds no Finding;
the disagreement behind Fig. 1(d) concerns Eq. (6) and is the finding of sundar.eq6.

Notes
-----
Exact routes: the conserved-sector solution of Eq. (1) (:func:`numeric.sundar.evolve`, sector
truncation reported converged) for Fig. 1(d); the derived Eq. (7) optimum for the scalings of
Fig. 3(b).  Errors below 1e-9 (round-off) count as agreement for identities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from .._records import CheckOutcome, CheckRow, Claim
from .._registry import register

PAPER = "sundar2023"
_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class CaptionNumber:
    """One caption number: where, what is printed, how it is checked, the verdict, the check."""

    figure: str
    printed: str
    how: str
    verdict: str  # "agrees", "not reproduced", "parameter"
    check: Callable[[], float] | None = None  # error of the printed statement (0 = exact)
    where: str = ""  # the claim that checks it, when the check lives elsewhere
    tol: float = 1e-9  # round-off for identities; a stated basis for approximate statements


def _equal_variances(ratio: float = 1.0) -> float:
    """(4/N)(Delta S_{1,-})^2 = (4/N)(Delta S_{2,+})^2 along the exact Eq. (1) evolution, delta = N chi/2."""
    from numeric.sundar import evolve

    N = 200
    r = evolve(N, 1.0, np.linspace(0.0, 8.0, 17) / N)
    if not all(c.converged for c in r.convergence):
        return float("inf")
    a, b = np.asarray(r["var_S1m"]), np.asarray(r["var_S2p"])
    return float(np.max(np.abs(a - ratio * b) / b))


def _sum_protocol() -> float:
    """Fig. 2(b): the sum-phase sequence reaches the UPA sensitivity Eq. (5) (derived) like the difference one.

    Exact sum-protocol (Delta phi)^2 of Eq. (1) at N = 1e4, phi = 0.3, n up to 0.15 sqrt(N), against the
    derived Eq. (5); the UPA's own error there is the 3 % of sundar.eq5 (corrections O(n/sqrt N)).
    """
    from .sundar import _pts, eq5, exact_dphi2

    (p,) = _pts((10**4,), 0.15, {"phi": 0.3})
    ex = exact_dphi2(**p, protocol="sum")
    return float(np.max(np.abs(eq5(**p) - ex) / ex))


def _fig3b_same_detuning() -> float:
    """Fig. 3(b): the optimum Delta/(sqrt(N) kappa) depends on N only through ln 2NC.

    Derived optimum sqrt(C)/(2 sqrt(ln 2NC)): the change between N = 1e4 and 1e6 at C = 10 must
    be the logarithmic factor sqrt(ln(2e5)/ln(2e7)) and nothing else (error returned).
    """
    from .sundar_fig3 import detuning_opt

    C = 10.0
    r = (detuning_opt(1e6, C) / 1e3) / (detuning_opt(1e4, C) / 1e2)
    return abs(r - np.sqrt(np.log(2e5) / np.log(2e7)))


def _fig3b_same_value() -> float:
    """Fig. 3(b): N^{3/4} Delta phi at the optimum is N-independent up to (ln 2NC)^{1/4} (derived)."""
    from .sundar_fig3 import eq7

    C = 10.0
    r = np.sqrt(eq7(1e6, C) * 1e9) / np.sqrt(eq7(1e4, C) * 1e6)
    return abs(r - (np.log(2e7) / np.log(2e5)) ** 0.25)


SWEEP: tuple[CaptionNumber, ...] = (
    CaptionNumber(
        "Fig. 1(a)",
        "omega_c = omega_a + Delta",
        "the model's Delta = omega_c - omega_a; the exact atoms + cavity solution with H = Delta a^dag a "
        "(atomic frame) gives chi = -g_F^2/Delta",
        "agrees",
        where="sundar.ae",
    ),
    CaptionNumber(
        "Fig. 1(d)",
        "xi^2 = (4/N)(Delta S_{1,-})^2 = (4/N)(Delta S_{2,+})^2",
        "both variances of the exact Eq. (1) state, N = 200, N chi t = 0..8 (sector solution)",
        "agrees",
        check=_equal_variances,
    ),
    CaptionNumber(
        "Fig. 1(d)",
        "delta = N chi/2",
        "the pair-resonance condition of the UPA (mean-field shift cancelled), derivation of Eq. (3)",
        "agrees",
        where="sundar.eq3",
    ),
    CaptionNumber(
        "Fig. 1(d)",
        "UPA agrees with TWA until corrections beyond UPA",
        "for Eq. (1): UPA xi^2 = e^{-N chi t} within 2 % of the exact xi^2 up to n = 0.15 sqrt(N), fails by "
        "n = 1.5 sqrt(N); the paper's TWA is not reproduced",
        "agrees",
        where="sundar.quad",
    ),
    CaptionNumber(
        "Fig. 1(d) inset",
        "xi^2_min ~ 0.88/sqrt(N)",
        "Eq. (1) gives 1.373/sqrt(N) (exact minimum over t, N = 1e2..1e6); the figure's 0.88 comes from the "
        "paper's 20-level TWA, which is not reproduced (the four-level Eq. (6) slip: finding of sundar.eq6)",
        "not reproduced",
        where="sundar.fig1d",
    ),
    CaptionNumber(
        "Fig. 2(a)",
        "pi/2 pulses about S_{2,+} and S_{1,+}, rotation phi about S_B^z - S_A^z",
        "exact pulse sequence on the sector state: <S_B^z - S_A^z> = (N/2 - n) sin phi, i.e. Eq. (4)",
        "agrees",
        where="sundar.eq4",
    ),
    CaptionNumber(
        "Fig. 2(b)",
        "pi/2 pulse about S_{2,-}, rotation about S_B^z + S_A^z",
        "exact sum-protocol sequence on the sector state, N = 1e4, phi = 0.3, n <= 0.15 sqrt(N): its "
        "(Delta phi)^2 follows the derived Eq. (5) within the UPA's 3 % (as the difference protocol does)",
        "agrees",
        check=_sum_protocol,
        tol=0.03,
    ),
    CaptionNumber(
        "Fig. 3(a)",
        "C = 10, N = 1e5",
        "the figure's parameters, used as given (report figures sundar_fig3a, sundar_fig3b); note "
        "C = 10 is not << ln 2NC = 14.5, the regime of Eq. (7)",
        "parameter",
    ),
    CaptionNumber(
        "Fig. 3(b)",
        "minima at similar Delta/(sqrt(N) kappa), N-independent up to logarithms",
        "derived optimum Delta/(sqrt(N) kappa) = sqrt(C)/(2 sqrt(ln 2NC)): N = 1e4 -> 1e6 changes it by "
        "the log factor only",
        "agrees",
        check=_fig3b_same_detuning,
    ),
    CaptionNumber(
        "Fig. 3(b)",
        "similar minima of N^{3/4} Delta phi, up to logarithmic corrections",
        "derived N^{3/4} Delta phi_best = (4 ln 2NC / C)^{1/4}: N = 1e4 -> 1e6 changes it by "
        "(ln 2NC)^{1/4} only",
        "agrees",
        check=_fig3b_same_value,
    ),
)


@cache
def _check_captions() -> CheckOutcome:
    rows = []
    for c in SWEEP:
        err = c.check() if c.check is not None else 0.0
        ok = err <= c.tol
        rows.append(
            CheckRow(
                {"figure": c.figure, "printed": c.printed},
                0.0,
                0.0,
                err,
                True,
                ok,
                f"{c.verdict}: {c.how}" + (f" (checked by {c.where})" if c.where else ""),
            )
        )
    n_here = sum(c.check is not None for c in SWEEP)
    ok = all(r.passed for r in rows)
    counts = {
        v: sum(c.verdict == v for c in SWEEP) for v in ("agrees", "not reproduced", "parameter")
    }
    return CheckOutcome(
        "pass" if ok else "fail",
        f"{len(SWEEP)} caption numbers of Figs. 1-3: {counts['agrees']} agree, {counts['not reproduced']} "
        f"not reproduced (paper's TWA), {counts['parameter']} figure parameters; {n_here} checked here "
        f"(worst error {max(r.error for r in rows):.1g}), the rest by the claims named",
        max(r.error for r in rows),
        tuple(rows),
    )


register(
    Claim(
        id="sundar.captions",
        paper=PAPER,
        equation="captions of Figs. 1-3",
        title="every number in the figure captions, checked against the derivation or the exact numerics",
        numeric=_check_captions,
        tolerance=_TOL,
        tolerance_note="identities: relative error below round-off; rows checked elsewhere pass with that claim",
        exact_counterpart="conserved-sector solution of Eq. (1); derived Eq. (7) optimum; other sundar claims",
    )
)
