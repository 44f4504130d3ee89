"""sharma2025, Eqs. (6)-(9): the exact lossless state and the QFI crossover (B35)-(B40).

Claims
------
sharma.eq6   the exact lossless atomic state (6)-(7) = (A35)-(A38), (B7)-(B10)
sharma.eq8   F_Q ~ N/2 (1 + f_Q) + N^2/2 (1 - f_Q)              (Eq. (8))
sharma.eq9   f_Q = exp[-2 (t/tau_Q)^6], tau_Q = (9/(4 N W0^2 eta^4))^(1/6)  (Eq. (9))
sharma.B35-B40  the Gaussian-integral chain, every printed intermediate

Quantities: ``sharma.qfi`` (exact), ``sharma.eq8`` (closed form), ``sharma.tau_Q``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from derive import compile_expr
from derive.sharma import pumped_qfi_derivation
from derive.sharma._symbols import W0 as sW0
from derive.sharma._symbols import N as sN
from derive.sharma._symbols import eta as seta
from derive.sharma._symbols import t as st
from numeric import ParameterError

from .._checks import pointwise_check
from .._records import CheckOutcome, CheckRow, Claim, Figure, Finding, Param, Quantity
from .._registry import register, register_figure, register_quantity
from ._sharma_exact import qfi_quantity as _qfi_quantity

PAPER = "sharma2025"
_MID = (np.log(2.0) / 2.0) ** (1.0 / 6.0)  # f_Q = 1/2 at t = tau_Q (ln2/2)^(1/6)


# ------------------------------------------------------------------ evaluators
@cache
def _eq8_compiled():
    d = pumped_qfi_derivation()
    return compile_expr(d.result, d.parameters)


@cache
def _tau_compiled():
    d = pumped_qfi_derivation()
    return compile_expr(d.step("Eq. (9)").expr.rhs, (sN, sW0, seta))


def tau_q(N, W0, eta, **_):
    """tau_Q of Eq. (9), from the derivation."""
    return float(_tau_compiled()(N=N, W0=W0, eta=eta))


def eq8(N, W0, eta, t, **_):
    """Eq. (8) with Eq. (9), compiled from the derived result."""
    return np.asarray(
        _eq8_compiled()(N=N, W0=W0, eta=eta, t=np.asarray(t, dtype=float)), dtype=float
    )


def exact_qfi(N, U, W0, Delta_c, eta, t, **_):
    """Exact F_Q (eigen-decomposition formula, Eq. (5)) of the exact lossless state."""
    from numeric.sharma import qfi_lossless

    return np.asarray(
        qfi_lossless(int(N), U, W0, Delta_c, eta, np.atleast_1d(t))["qfi"], dtype=float
    )


def exact_midpoint_time(N, U, W0, Delta_c, eta, **_) -> float:
    """Exact time at which F_Q first reaches (N + N(N+1)/2)/2, the midpoint of Eq. (8).

    Bracketed on a coarse grid around the Eq. (9) prediction, then refined by Brent's
    method to 1e-6 relative (returns inf if F_Q never reaches the midpoint by 4 tau_Q).
    """
    tq = tau_q(N, W0, eta)
    target = 0.5 * (N + N * (N + 1) / 2)
    grid = np.concatenate(([0.0], np.geomspace(0.2, 4.0, 15))) * tq
    f = exact_qfi(N, U, W0, Delta_c, eta, grid) - target
    idx = np.flatnonzero(f > 0)
    if idx.size == 0:
        return float("inf")
    i = int(idx[0])
    return brentq(
        lambda x: float(exact_qfi(N, U, W0, Delta_c, eta, [x])[0] - target),
        grid[i - 1],
        grid[i],
        xtol=1e-6 * tq,
    )


# ------------------------------------------------------------------ regime
# History of the regime (issue #13).  Until session 4 a point counted as inside when, at
# t = tau_Q, N W0 tau_Q < 1.2, U/(W0 n(tau_Q)) < 0.1 and |Delta_c| tau_Q < 0.1.  Those
# thresholds were chosen after seeing the exact results (1.2 sits just above the Fig. 2a
# value 1.14), so the check could not fail at the paper's point by construction.  They are
# replaced by the derivation's own first neglected orders (derive.sharma._eq8_regime): a
# point is inside when the estimated error of F_Q/N^2 they cause (sin expansion, overlap
# dephasing, bare interaction, finite N) is at most the tolerance.  By that estimate the
# paper's Fig. 2a point (0.12) and the N = 50 point of Figs. 2d, 4, 5 (0.10) are outside;
# they are reported as outside-regime rows with their exact error (0.040, 0.034).
_TOL = 0.05
"""Accuracy claimed for Eq. (8): max_t |F - F_exact| <= 0.05 N^2.

Basis: the claim's statement, fixed before the data; the regime is defined from it (the
first-neglected-order estimate must not exceed it), not the other way round."""


def regime_margins(N, U, W0, Delta_c, eta, **_) -> dict[str, float]:
    """The regime inequalities of Eq. (8) evaluated at t = tau_Q (each must be small)."""
    tq = tau_q(N, W0, eta)
    return {
        "N_W0_t": N * W0 * tq,
        "sqrtN_W0_t": np.sqrt(N) * W0 * tq,
        "omega_t": abs(W0 * N / 2 - Delta_c) * tq,
        "U_over_W0_n": U / (W0 * eta**2 * tq**2),
        "inv_n": 1.0 / (eta**2 * tq**2),
        "Delta_c_t": abs(Delta_c) * tq,
    }


def error_estimate(**p) -> float:
    """First-neglected-order estimate of max_t |F_Eq8 - F_exact| / N^2 (see _eq8_regime)."""
    from derive.sharma._eq8_regime import eq8_error_estimate

    return eq8_error_estimate(**p)["total"]


def in_regime(**p) -> bool:
    return error_estimate(**p) <= _TOL and p["N"] >= 50


@cache
def _single_thresholds() -> dict[str, float]:
    """Largest margin (at t = tau_Q) of each condition alone that keeps its estimated error
    of F_Q/N^2 within the tolerance (weights max_x x^a e^{-2x^6} of _eq8_regime)."""
    from derive.sharma._eq8_regime import EQ8_X_GRID as x

    w = x**6 * np.exp(-2 * x**6)
    sin_w, inv_w = float(np.max(w * x**2)), float(np.max(w / x**2))
    return {
        "omega_t": float(np.sqrt(_TOL / (0.3 * sin_w))),
        "U_over_W0_n": _TOL / (3.0 * inv_w),
        "inv_n": _TOL / (2.25 * inv_w),
    }


@cache
def crossover_regime(with_time: bool) -> tuple:
    """The derivation's regime conditions at the crossover t = tau_Q, thresholds derived.

    Each threshold is the margin at which that neglected order alone would use the whole
    tolerance (``_single_thresholds``); a check point must moreover have the summed estimate
    within the tolerance (``in_regime``).  With ``with_time`` the short-time condition at the
    time evaluated is added, |W0 N/2 - Delta_c| t up to twice its crossover threshold (the
    check covers 0 <= t <= 2 tau_Q).
    """
    from derive import Condition
    from derive.sharma._symbols import Delta_c as sDc
    from derive.sharma._symbols import U as sU

    th = _single_thresholds()
    tau = pumped_qfi_derivation().step("Eq. (9)").expr.rhs
    om = sp.Abs(sW0 * sN / 2 - sDc)
    conds = [
        Condition(
            om * tau,
            "<<",
            sp.Integer(1),
            "short times at the crossover: omega_m tau_Q << 1 at m^2 = N/4 (sin expansion, (B37))",
            th["omega_t"],
        ),
        Condition(
            sW0 * seta**2 * tau**2,
            ">>",
            sU,
            "photon-induced interaction dominates the bare one at t = tau_Q (Eq. (9))",
            th["U_over_W0_n"],
        ),
        Condition(
            seta**2 * tau**2,
            ">>",
            sp.Integer(1),
            "many photons at t = tau_Q: the O(t^4) dephasing of the overlap is dropped ((B37a))",
            th["inv_n"],
        ),
        Condition(sN, ">>", sp.Integer(1), "sum over m -> Gaussian integral (error ~1/N)", 1 / 49),
    ]
    if with_time:
        conds.append(
            Condition(
                om * st,
                "<<",
                sp.Integer(1),
                "short times: omega_m t << 1; checked against the exact QFI up to t = 2 tau_Q",
                2 * th["omega_t"],
            )
        )
    return tuple(conds)


def _paper_regime_breakdown() -> tuple[Finding, ...]:
    """The stated condition sqrt(N) W0 t << 1 does not keep Eq. (8) accurate as N grows."""
    nums: dict[str, float] = {}
    parts = []
    for p in PAPER_REGIME:
        q = _with_t(p)
        err = float(np.max(np.abs(eq8(**q) - exact_qfi(**q))) / p["N"] ** 2)
        m = regime_margins(**p)
        nums[f"err_N{p['N']}"] = err
        nums[f"N_W0_tau_N{p['N']}"] = float(m["N_W0_t"])
        parts.append(
            f"N={p['N']} (eta={p['eta']:g}): sqrt(N) W0 tau_Q = {m['sqrtN_W0_t']:.3f}, "
            f"N W0 tau_Q = {m['N_W0_t']:.2f}, error {err:.3f}"
        )
    errs = [nums[f"err_N{p['N']}"] for p in PAPER_REGIME]
    if not errs[-1] > 2 * errs[0]:
        return ()
    return (
        Finding(
            "sharma.eq8",
            "Eq. (8) regime (main text; (B37) 'Delta_c t << 1')",
            r"\sqrt{N} W_0 t \ll 1,\ \Delta_c t \ll 1",
            r"N W_0 t \ll 1 (omega_m t \ll 1 for m \sim \sqrt N, omega_m \simeq 2W_0m^2), \Delta_c t \ll 1",
            "holding the stated margin sqrt(N) W0 tau_Q at its Fig. 2a value, the error of Eq. (8) against the "
            "exact QFI (max over 0 <= t <= 2 tau_Q, in units of N^2) grows with N: "
            + "; ".join(parts)
            + ". Holding N W0 tau_Q fixed instead keeps it below the 5% tolerance up to N = 2000 (check points "
            "of sharma.eq8).",
            nums,
            regime="Eq. (8) is accurate to 0.05 N^2 where the derivation's first neglected orders (sin expansion ~ (3/10)(W0 N/2 - Delta_c)^2 t^2, dephasing 9/(4 n), bare interaction 3U/(W0 n), 1/N) sum to <= 0.05 (derive.sharma._eq8_regime); N W0 t << 1 rather than sqrt(N) W0 t << 1",
            accuracy="max_t |F_Eq8 - F_exact|/N^2 <= 0.043 at the six check points N = 50..2000 inside that regime (exact lossless QFI, Eq. (5)); the estimate is not a bound (0.035 estimated vs 0.043 exact at N = 2000)",
        ),
    )


# Points inside the derived regime (error estimate <= _TOL), N from 50 to 2000, three W0,
# several eta; the N = 1000, 2000 points hold N W0 tau_Q at the Fig. 2a value 1.14 (eta ~ N^(5/4)).
POINTS = (
    dict(N=50, U=1.0, W0=0.3, Delta_c=1.0, eta=3000.0),  # estimate 0.038
    dict(N=100, U=1.0, W0=0.1, Delta_c=1.0, eta=3000.0),  # 0.039
    dict(N=400, U=1.0, W0=1.0, Delta_c=1.0, eta=4000.0),  # 0.036
    dict(N=1000, U=1.0, W0=1.0, Delta_c=1.0, eta=5690.0),  # 0.045
    dict(N=2000, U=1.0, W0=1.0, Delta_c=1.0, eta=13530.0),  # 0.035
    dict(N=2000, U=1.0, W0=0.1, Delta_c=1.0, eta=13500.0),  # 0.030
)
# The paper's own operating points, outside the derived regime (estimates 0.12 and 0.10):
# reported with their exact error, not required to pass.
PAPER_POINTS = (
    dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0),  # Fig. 2a
    dict(N=50, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0),  # Figs. 2d, 4, 5
)
# The paper's own short-time condition sqrt(N) W0 t << 1 held at its Fig. 2a value (0.114) while N
# grows (eta ~ sqrt(N)): N W0 tau_Q grows as N^(1/2) and Eq. (8) breaks down.
PAPER_REGIME = (
    dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0),
    dict(N=400, U=1.0, W0=1.0, Delta_c=1.0, eta=640.0),
    dict(N=1000, U=1.0, W0=1.0, Delta_c=1.0, eta=1012.0),
    dict(N=2000, U=1.0, W0=1.0, Delta_c=1.0, eta=1431.0),
)
BREAKDOWN = (
    dict(N=100, U=1.0, W0=10.0, Delta_c=1.0, eta=100.0),  # sqrt(N) W0 tau_Q ~ 1
    dict(N=100, U=30.0, W0=1.0, Delta_c=1.0, eta=320.0),  # bare U competes with W0 n
    dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=40.0),  # few photons at tau_Q
)
_T_GRID = np.linspace(0.0, 2.0, 17)  # in units of tau_Q


def _with_t(p):
    return dict(p, t=_T_GRID * tau_q(**p))


def _check_eq8(closed=None) -> CheckOutcome:
    """Eq. (8) against the exact QFI; ``closed`` replaces Eq. (8) (tests feed wrong forms)."""
    return pointwise_check(
        eq8 if closed is None else closed,
        exact_qfi,
        [_with_t(p) for p in POINTS],
        tolerance=_TOL,
        breakdown=[_with_t(p) for p in PAPER_POINTS + BREAKDOWN],
        scale=lambda N, **_: N**2,
        in_regime=in_regime,
        what="max_t |F_Eq8 - F_exact| / N^2 over 0 <= t <= 2 tau_Q",
    )


def _check_eq9() -> CheckOutcome:
    rows = []
    for inside, pts in ((True, POINTS), (False, BREAKDOWN)):
        for p in pts:
            closed = _MID * tau_q(**p)
            ex = exact_midpoint_time(**p)
            err = abs(closed - ex) / ex
            ok = (err <= 0.05 and in_regime(**p)) if inside else True
            rows.append(
                CheckRow(
                    p,
                    closed,
                    ex,
                    err,
                    inside,
                    ok,
                    "" if in_regime(**p) == inside else "regime mismatch",
                )
            )
    inside_rows = tuple(r for r in rows if r.in_regime)
    out_rows = tuple(r for r in rows if not r.in_regime)
    worst = max(r.error for r in inside_rows)
    n_ok = sum(r.passed for r in inside_rows)
    detail = (
        f"{n_ok}/{len(inside_rows)} points: exact F_Q midpoint time within 5% of "
        f"tau_Q (ln2/2)^(1/6); worst {worst:.3g}; outside the regime up to "
        f"{max(r.error for r in out_rows):.3g}"
    )
    return CheckOutcome(
        "pass" if n_ok == len(inside_rows) else "fail", detail, worst, inside_rows, out_rows
    )


# ------------------------------------------------------------------ findings
@cache
def _findings_eq6() -> tuple[Finding, ...]:
    """Eq. (7) as printed vs the derived state, decided by brute-force evolution."""
    from numeric.sharma import atomic_state, evolve_atom_cavity

    p = dict(N=6, U=1.0, W0=1.0, Delta_c=1.0, eta=3.0)
    t = np.array([0.3])
    ref = evolve_atom_cavity(p["N"], p["U"], p["W0"], p["Delta_c"], p["eta"], t)["rho_atoms"][0]
    derived = atomic_state(p["N"], p["U"], p["W0"], p["Delta_c"], p["eta"], t)[0]
    printed = printed_eq6_state(**p, t=float(t[0]))
    e_der = float(np.max(np.abs(derived - ref)))
    e_pr = float(np.max(np.abs(printed - ref)))
    fixed_t = printed_eq6_state(**p, t=float(t[0]), drop_t=True)
    e_fix_t = float(np.max(np.abs(fixed_t - ref)))
    out = []
    if e_pr > 1e3 * max(e_der, 1e-12):
        out.append(
            Finding(
                "sharma.eq6",
                "Eq. (7) (also (A38))",
                r"u_{mm'} = e^{-\frac12(|\gamma_m|^2+|\gamma_{m'}|^2)t} e^{\gamma_m\gamma_{m'}^*}"
                r" e^{-i\eta t(\beta_m-\beta_{m'})} e^{-i\beta_m^2\sin\omega_m t} e^{i\beta_{m'}^2\sin\omega_{m'}t}",
                r"u_{mm'} = e^{-\frac12(|\gamma_m|^2+|\gamma_{m'}|^2)} e^{\gamma_m\gamma_{m'}^*}"
                r" e^{+i\eta t(\beta_m-\beta_{m'})} e^{-i\beta_m^2\sin\omega_m t} e^{i\beta_{m'}^2\sin\omega_{m'}t}"
                " (no factor t in the first exponent; + sign of the pump phase, as in (A23) and (B7))",
                f"max |rho_printed - rho_bruteforce| = {e_pr:.3g} vs max |rho_derived - rho_bruteforce| "
                f"= {e_der:.2g} at N=6, U=W0=Delta_c=1, eta=3, t=0.3 (brute force: atom x Fock, converged "
                f"cutoff); removing only the stray t still leaves {e_fix_t:.3g} (the sign of the "
                "eta t (beta_m - beta_m') phase is also wrong).",
                {"err_printed": e_pr, "err_derived": e_der, "err_printed_without_t": e_fix_t},
                regime="exact (any N, t; lossless, vacuum photons)",
                accuracy="corrected form equals the brute-force atom x Fock evolution within its 1e-8 tolerance (N = 6)",
            )
        )
    return tuple(out)


def printed_eq6_state(N, U, W0, Delta_c, eta, t, drop_t: bool = False) -> np.ndarray:
    """rho_A of Eqs. (6)-(7) typed as printed (for findings only; not a solver)."""
    from scipy.special import gammaln

    m = np.arange(-N / 2, N / 2 + 1)
    c = np.exp(
        0.5 * (gammaln(N + 1) - gammaln(N / 2 + m + 1) - gammaln(N / 2 - m + 1)) - N / 2 * np.log(2)
    )
    w = -Delta_c + 2 * W0 * m**2
    beta = eta / w
    gam = beta * (np.exp(-1j * w * t) - 1)
    tt = 1.0 if drop_t else t
    u = (
        np.exp(-0.5 * (np.abs(gam)[:, None] ** 2 + np.abs(gam)[None, :] ** 2) * tt)
        * np.exp(gam[:, None] * gam.conj()[None, :])
        * np.exp(-1j * eta * t * (beta[:, None] - beta[None, :]))
        * np.exp(-1j * beta[:, None] ** 2 * np.sin(w[:, None] * t))
        * np.exp(1j * beta[None, :] ** 2 * np.sin(w[None, :] * t))
    )
    return c[:, None] * c[None, :] * np.exp(-1j * U * (m[:, None] ** 2 - m[None, :] ** 2) * t) * u


def _findings_chain() -> tuple[Finding, ...]:
    """(B37b): the printed left-hand side is one factor of the product that is expanded."""
    p = dict(N=100, W0=1.0, Delta_c=1.0, eta=320.0, t=0.005, m=0)
    w0 = -p["Delta_c"] + 2 * p["W0"] * p["m"] ** 2
    w2 = -p["Delta_c"] + 2 * p["W0"] * (p["m"] + 2) ** 2
    eta, t = p["eta"], p["t"]
    lhs_printed = eta * t * (eta / w0 - eta / w2)
    full = (eta**2 * (w0 * t - np.sin(w0 * t)) / w0**2) - (
        eta**2 * (w2 * t - np.sin(w2 * t)) / w2**2
    )
    series = -4.0 / 3.0 * eta**2 * p["W0"] * t**3 * (p["m"] + 1)
    return (
        Finding(
            "sharma.B35-B40",
            "(B37b)",
            r"e^{i\eta t(\beta_m-\beta_{m+2})} = e^{-i\frac13\eta^2W_0t^3 4(m+1)}",
            r"e^{-i(\beta_m^2\sin\omega_m t-\beta_{m+2}^2\sin\omega_{m+2}t)}\,e^{i\eta t(\beta_m-\beta_{m+2})}"
            r" \simeq e^{-i\frac13\eta^2W_0t^3 4(m+1)}",
            f"the pump phase eta t (beta_m - beta_(m+2)) alone is O(t): {lhs_printed:.4g} rad at "
            f"m=0, W0=Delta_c=1, eta=320, t=0.005, while the series is {series:.4g} rad; the exact phase "
            f"of the product is {full:.4g} rad. The expansion (and (B38) built on it) is right; the "
            "printed left-hand side drops the beta^2 sin(omega t) factors.",
            {"phase_printed_lhs": lhs_printed, "phase_series": series, "phase_exact_product": full},
            regime="short times Delta_c t << 1, omega_m t << 1",
            accuracy="exact phases vs series at the quoted point",
        ),
    )


# ------------------------------------------------------------------ registry
register(
    Claim(
        id="sharma.eq6",
        paper=PAPER,
        equation="Eqs. (6)-(7), (A35)-(A38), (B7)-(B10)",
        title="exact lossless atomic state rho_A(t) (displacement-operator solution)",
        numeric=lambda: _check_state(),
        findings=_findings_eq6,
        tolerance=1e-8,
        tolerance_note="max |rho_closed - rho_bruteforce| elementwise",
        exact_counterpart="brute-force atom x truncated-Fock evolution, photons traced out",
    )
)


def _check_state() -> CheckOutcome:
    from numeric.sharma import atomic_state, evolve_atom_cavity

    pts = (
        dict(N=4, U=1.0, W0=1.0, Delta_c=1.0, eta=3.0),
        dict(N=6, U=0.5, W0=2.0, Delta_c=-1.5, eta=2.0),
        dict(N=6, U=1.0, W0=0.5, Delta_c=2.0, eta=2.0),  # omega_m = 0 at m = +-2
        dict(N=8, U=0.2, W0=0.3, Delta_c=1.0, eta=4.0),
    )
    t = np.array([0.05, 0.2, 0.5])

    def closed(N, U, W0, Delta_c, eta, **_):
        return atomic_state(N, U, W0, Delta_c, eta, t)

    def exact(N, U, W0, Delta_c, eta, **_):
        return evolve_atom_cavity(N, U, W0, Delta_c, eta, t)["rho_atoms"]

    rows = []
    for p in pts:
        a, b = closed(**p), exact(**p)
        err = float(np.max(np.abs(a - b)))
        rows.append(
            CheckRow(
                p,
                float(np.abs(a).max()),
                float(np.abs(b).max()),
                err,
                True,
                err <= 1e-8,
                "resonance omega_m = 0" if p["Delta_c"] == 2.0 else "",
            )
        )
    worst = max(r.error for r in rows)
    ok = all(r.passed for r in rows)
    return CheckOutcome(
        "pass" if ok else "fail",
        f"{sum(r.passed for r in rows)}/{len(rows)} parameter sets, 3 times each: "
        f"max |rho_closed - rho_bruteforce| = {worst:.2g} (tol 1e-8), incl. the "
        "omega_m = 0 resonance",
        worst,
        tuple(rows),
    )


_DEFAULTS = dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0, t=0.01)

register(
    Claim(
        id="sharma.eq8",
        paper=PAPER,
        equation="Eq. (8)",
        title="QFI crossover F_Q ~ N/2 (1+f_Q) + N^2/2 (1-f_Q) of the pumped cavity",
        printed=None,
        derivation=pumped_qfi_derivation,
        symbolic=None,
        numeric=_check_eq8,
        findings=_paper_regime_breakdown,
        tolerance=_TOL,
        tolerance_note="max_t |F_Eq8 - F_exact| / N^2, 0 <= t <= 2 tau_Q, at points whose "
        "first-neglected-order estimate (derive.sharma._eq8_regime) is <= 0.05; regime history: "
        "until issue #13 the points were selected by N W0 tau_Q < 1.2 (chosen after seeing the "
        "results, just above Fig. 2a's 1.14), U/(W0 n) < 0.1, Delta_c tau_Q < 0.1",
        exact_counterpart="eigen-decomposition QFI (Eq. (5)) of the exact lossless rho_A(t)",
        closed=eq8,
        exact=exact_qfi,
        parameters=("N", "U", "W0", "Delta_c", "eta", "t"),
        defaults=_DEFAULTS,
        error_scale=lambda N, **_: N**2,
        regime=lambda: crossover_regime(True),
    )
)

register(
    Claim(
        id="sharma.eq9",
        paper=PAPER,
        equation="Eq. (9)",
        title="f_Q = exp[-2 (t/tau_Q)^6], tau_Q = (9/(4 N W0^2 eta^4))^(1/6)",
        derivation=pumped_qfi_derivation,
        symbolic=lambda: _symbolic_eq9(),
        numeric=_check_eq9,
        tolerance=0.05,
        tolerance_note="|t_mid(Eq. 9) - t_mid(exact)| / t_mid(exact), "
        "t_mid where F_Q is halfway between N and N(N+1)/2; basis: t_mid ~ L^(-1/6), so a relative "
        "exponent error eps shifts it by eps/6, and inside the derived regime eps <= 2e x 0.05 = 0.27 "
        "(sensitivity 1/(2e) of F_Q/N^2 to ln f) gives <= 0.045",
        exact_counterpart="exact midpoint time of the exact QFI (root of F_exact(t) - midpoint)",
        closed=lambda **p: _MID * tau_q(**p),
        exact=exact_midpoint_time,
        parameters=("N", "U", "W0", "Delta_c", "eta"),
        defaults={k: v for k, v in _DEFAULTS.items() if k != "t"},
        regime=lambda: crossover_regime(False),
    )
)


def _symbolic_eq9() -> CheckOutcome:
    d = pumped_qfi_derivation()
    for label in ("Eq. (9)", "(B40)"):
        c = d.step(label).compare()
        if c is not None and not c.equal:
            return CheckOutcome("finding", f"{label}: derived - printed = {c.difference}")
    return CheckOutcome("pass", "tau_Q and f of (B40) reproduced exactly from the limit W0 n >> U")


@cache
def _b39_forms():
    from derive.sharma._pumped_qfi import CHI
    from derive.sharma._symbols import U as sU

    d = pumped_qfi_derivation()
    chi = sp.Symbol("chi", real=True)
    params = (sN, sU, sW0, seta, st)
    printed = compile_expr(d.step("(B39)").expr.subs(chi, CHI), params)
    centred = compile_expr(d.step("(B39) centred").expr.subs(chi, CHI), params)
    b40 = compile_expr(d.step("(B40)").expr.subs(chi, CHI), params)
    return printed, centred, b40


def b40(N, U, W0, eta, t, **_):
    """(B40), keeping the bare interaction U (compiled from the derivation)."""
    return np.asarray(_b39_forms()[2](N=N, U=U, W0=W0, eta=eta, t=np.asarray(t, float)), float)


def _check_b40() -> CheckOutcome:
    return pointwise_check(
        b40,
        exact_qfi,
        [_with_t(p) for p in POINTS],
        tolerance=0.05,
        breakdown=[_with_t(p) for p in BREAKDOWN],
        scale=lambda N, **_: N**2,
        what="max_t |F_(B40) - F_exact| / N^2 over 0 <= t <= 2 tau_Q",
    )


@cache
def _findings_centring() -> tuple[Finding, ...]:
    """(B38)-(B39): the Gaussian centred at m = 0 gives a spurious cos(chi)."""
    from numeric.sharma import atomic_state

    printed, centred, _ = _b39_forms()
    pts = (POINTS[2], POINTS[3], dict(N=400, U=1.0, W0=0.1, Delta_c=1.0, eta=3000.0))
    nums: dict[str, float] = {}
    better = 0
    lines = []
    for i, p in enumerate(pts):
        q = _with_t(p)
        ex = exact_qfi(**q)
        args = dict(N=p["N"], U=p["U"], W0=p["W0"], eta=p["eta"], t=q["t"])
        e_p = float(np.max(np.abs(printed(**args) - ex)) / p["N"] ** 2)
        e_c = float(np.max(np.abs(centred(**args) - ex)) / p["N"] ** 2)
        nums[f"err_printed_{i}"], nums[f"err_centred_{i}"] = e_p, e_c
        better += e_c < e_p
        lines.append(
            f"N={p['N']}, W0={p['W0']:g}, eta={p['eta']:g}: {e_p:.2e} (printed) vs {e_c:.2e} (centred)"
        )
    # the exact <J_+^2> is real: reflection symmetry m -> -m-2
    p = POINTS[1]
    rho = atomic_state(p["N"], p["U"], p["W0"], p["Delta_c"], p["eta"], np.array([tau_q(**p)]))[0]
    n = p["N"]
    mm = np.arange(-n / 2, n / 2 - 1)
    amp = np.sqrt((n / 2 - mm) * (n / 2 + mm + 1) * (n / 2 - mm - 1) * (n / 2 + mm + 2))
    jp2 = np.sum(
        np.diagonal(rho, offset=2) * amp
    )  # Tr[rho J_+^2] = sum_m rho[m, m+2] <m+2|J_+^2|m>
    nums["im_over_abs_exact_Jp2"] = float(abs(jp2.imag) / abs(jp2))
    if better < len(pts):
        return ()
    return (
        Finding(
            "sharma.B35-B40",
            "(B38)-(B39)",
            r"I \simeq \sqrt{2/\pi N}\int dm\, e^{-2m^2/N} e^{i\chi(m+1)}(N^2/4-m^2) "
            r"\Rightarrow F_Q \simeq \tfrac12 N(N+1) - e^{-\chi^2N/8}(\tfrac{N^2}{2}(1+\tfrac{\chi^2}{4})-\tfrac N2)\cos\chi",
            r"centre the Gaussian at m=-1 (where C_mC_{m+2} peaks): I is real and "
            r"F_Q \simeq \tfrac12 N(N+1) - e^{-\chi^2N/8}(\tfrac{N^2}{2}(1+\tfrac{\chi^2}{4})-\tfrac N2)",
            "the exact sum I = <J_+^2> is real (summand maps to its conjugate under m -> -m-2): "
            f"|Im I|/|I| = {nums['im_over_abs_exact_Jp2']:.1e} for the exact state at N=100, t=tau_Q; the "
            "cos(chi) of (B39) comes from centring the Gaussian at m=0. Against the exact QFI "
            "(max_t |F - F_exact|/N^2, 0 <= t <= 2 tau_Q): "
            + "; ".join(lines)
            + ". The leading order "
            "(B40) is unaffected (cos chi -> 1 there).",
            nums,
            regime="N >> 1, short times (as (B38)); the leading order (B40) is unaffected",
            accuracy="centred form closer to the exact QFI at the three quoted points (exact lossless solver)",
        ),
    )


def _findings_b35_b40() -> tuple[Finding, ...]:
    return _findings_chain() + _findings_centring()


register(
    Claim(
        id="sharma.B35-B40",
        paper=PAPER,
        equation="(B35)-(B40)",
        title="pumped-cavity Gaussian-integral chain, every printed intermediate; (B40) against exact",
        derivation=pumped_qfi_derivation,
        numeric=_check_b40,
        findings=_findings_b35_b40,
        tolerance=0.05,
        tolerance_note="max_t |F_(B40) - F_exact| / N^2, 0 <= t <= 2 tau_Q",
        exact_counterpart="eigen-decomposition QFI (Eq. (5)) of the exact lossless rho_A(t)",
        closed=b40,
        exact=exact_qfi,
        parameters=("N", "U", "W0", "Delta_c", "eta", "t"),
        error_scale=lambda N, **_: N**2,
        regime=lambda: crossover_regime(True),
    )
)


# ------------------------------------------------------------------ eval quantities
_BASE = (
    Param("N", "int", "positive", doc="number of atoms"),
    Param("U", "real", "nonnegative", doc="bare on-site interaction"),
    Param("W0", "real", "nonnegative", doc="photon-induced interaction per photon"),
    Param("Delta_c", "real", "any", doc="cavity detuning as it appears in H_eff"),
    Param("eta", "real", "nonnegative", doc="pump strength"),
    Param("t", "time", "nonnegative", doc="time(s), comma-separated"),
)


register_quantity(
    Quantity(
        "sharma.qfi",
        _BASE
        + (
            Param("kappa", "real", "nonnegative", 0.0, doc="photon loss rate"),
            Param(
                "alpha2", "real", "nonnegative", 0.0, doc="initial coherent photon number (eta = 0)"
            ),
            Param(
                "pump_off",
                "real",
                "nonnegative",
                None,
                doc="time the pump switches off",
                unit="time",
            ),
        ),
        _qfi_quantity,
        "exact quantum Fisher information F_Q(t) (Eq. (5)) of the atoms",
        "exact",
    )
)


def _eq8_quantity(N, U, W0, Delta_c, eta, t):
    if W0 <= 0 or eta <= 0:
        raise ParameterError(
            "W0 and eta", "> 0 for Eq. (8) (tau_Q is infinite otherwise)", (W0, eta)
        )
    # outside the regime, qderive eval warns from the claim's regime (crossover_regime)
    return eq8(N, W0, eta, t)


register_quantity(
    Quantity(
        "sharma.eq8",
        _BASE,
        _eq8_quantity,
        "closed form Eq. (8) with f_Q, tau_Q of Eq. (9) (warns outside its regime)",
        "closed form",
    )
)


def _tau_quantity(N, W0, eta):
    if W0 <= 0 or eta <= 0:
        raise ParameterError("W0 and eta", "> 0 (tau_Q is infinite otherwise)", (W0, eta))
    return tau_q(N, W0, eta)


register_quantity(
    Quantity(
        "sharma.tau_Q",
        (
            Param("N", "int", "positive"),
            Param("W0", "real", "positive"),
            Param("eta", "real", "positive"),
        ),
        _tau_quantity,
        "entanglement time scale tau_Q of Eq. (9)",
        "closed form",
    )
)


# ------------------------------------------------------------------ figure
def _draw_fig2a(path) -> None:
    """F_Q/N^2 against t/tau_Q: exact, Eq. (8), one-axis twisting (W0 = 0); Fig. 2a parameters."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from numeric.sharma import qfi_lossless

    p = dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0)
    tq = tau_q(**p)
    x = np.linspace(0.0, 3.0, 151)
    t = x * tq
    exact = qfi_lossless(p["N"], p["U"], p["W0"], p["Delta_c"], p["eta"], t)
    oat = qfi_lossless(p["N"], p["U"], 0.0, p["Delta_c"], p["eta"], t)
    n2 = p["N"] ** 2
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(x, exact["qfi"] / n2, "k-", lw=2, label="exact (Eq. (5) on exact $\\rho_A$)")
    ax.plot(x, eq8(p["N"], p["W0"], p["eta"], t) / n2, "g--", lw=2, label="Eq. (8)")
    ax.plot(x, oat["qfi"] / n2, "b-", label="one-axis twisting ($W_0=0$)")
    ax.axvline(1.0, color="r", ls=":", label=f"$\\tau_Q$ = {tq:.4g} $U^{{-1}}$")
    ax.axhline(0.5, color="0.6", lw=0.8)
    ax.set_xlabel("$t/\\tau_Q$")
    ax.set_ylabel("$F_Q/N^2$")
    ax.set_title("sharma2025 Fig. 2a: N = 100, $\\eta$ = 320, U = $W_0$ = $\\Delta_c$ = 1")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


register_figure(
    Figure(
        "sharma_fig2a",
        PAPER,
        "F_Q/N^2 against t/tau_Q for N = 100, eta = 320, U = W0 = Delta_c = 1: exact QFI of the exact "
        "lossless state, the closed form Eq. (8), and one-axis twisting (W0 = 0).",
        _draw_fig2a,
    )
)
