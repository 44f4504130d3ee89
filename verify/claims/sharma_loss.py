"""sharma2025: photon loss (Eq. (10)), pump switch-off (App. E), optimal measurement (App. F),
Bell correlations, the Husimi picture (Fig. 2b) and the Mandel Q of the light (App. G).

Claims
------
sharma.eq10    F_Q barely affected while kappa tau_Q <~ 1; Heisenberg scaling survives at kappa tau_Q ~ 1
sharma.appE    pump switched off at max F_Q: F_Q stays high while the photons decay
sharma.appF    CFI of a rotated J_z readout at a fixed vartheta ~ pi/2 equals F_Q
sharma.bell    Q_N > 0 after ~tau_Q/2, Q_N ~ N for t >~ tau_Q (N = 50)
sharma.husimi  non-Gaussian Husimi function at t = 1/(4 U sqrt N) (Fig. 2b)
sharma.appG    with tunnelling J != 0 the Mandel Q of the light turns negative

These are statements, not formulas: each numeric check measures the stated property on
the exact solvers and reports the numbers; a statement the numbers contradict is a
Finding.

Quantities: ``sharma.nbar``, ``sharma.cfi``, ``sharma.bell``, ``sharma.mandel_q``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from numeric import ParameterError

from .._records import CheckOutcome, CheckRow, Claim, Figure, Finding, Param, Quantity
from .._registry import register, register_figure, register_quantity

PAPER = "sharma2025"
FIG = dict(U=1.0, W0=1.0, Delta_c=1.0, eta=320.0)  # Figs. 2, 4, 5


def _tau(N, W0=1.0, eta=320.0):
    from numeric.sharma import tau_Q

    return tau_Q(N, W0, eta)


def _qfi(N, t, kappa, U=1.0, pump_off=None, method="variance"):
    """Exact F_Q and n(t); ``variance`` = 4<J_y^2>, exact here by the reflection parity
    of rho_A (proved in numeric.sharma.qfi_lossy; spot-checked against Eq. (5) below)."""
    from numeric.sharma import qfi_lossy

    return qfi_lossy(
        N,
        U,
        FIG["W0"],
        FIG["Delta_c"],
        FIG["eta"],
        t,
        kappa=kappa,
        pump_off=pump_off,
        method=method,
    )


def _outcome(rows: list[CheckRow], detail: str, status: str | None = None) -> CheckOutcome:
    # statement checks: each row carries its own criterion and metric (a deviation, a time ratio, an
    # exponent), so no single "worst error" is meaningful; the report shows the rows instead
    ok = all(r.passed for r in rows)
    return CheckOutcome(status or ("pass" if ok else "fail"), detail, None, tuple(rows))


# ------------------------------------------------------------------ sharma.eq10
@cache
def _eq10_numbers() -> dict:
    N = 100
    tq = _tau(N)
    t = np.linspace(0.0, 6.0, 301) * tq
    mid = 0.5 * (N + N * (N + 1) / 2)
    F0 = _qfi(N, t, 0.0)["qfi"]
    out = {
        "N": N,
        "tau_Q": tq,
        "lossless": {
            "max_F_over_N2": float(F0.max() / N**2),
            "t_mid_over_tauQ": float(t[np.argmax(F0 > mid)] / tq),
        },
    }
    early = t <= 3 * tq
    for kt in (0.1, 1.0, 10.0):
        F = _qfi(N, t, kt / tq)["qfi"]
        out[kt] = {
            "max_F_over_N2": float(F.max() / N**2),
            "max_dev_over_N2_t_le_3tauQ": float(np.max(np.abs(F - F0)[early]) / N**2),
            "t_mid_over_tauQ": float(t[np.argmax(F > mid)] / tq)
            if np.any(F > mid)
            else float("inf"),
        }
    # spot check: the O(N) formula equals the eigen formula (5) on the lossy state
    ts = np.array([0.5, 1.0, 2.0]) * tq
    a, b = _qfi(N, ts, 1 / tq)["qfi"], _qfi(N, ts, 1 / tq, method="eig")["qfi"]
    out["eig_vs_variance_max_rel"] = float(np.max(np.abs(a - b) / b))
    scal = {}
    for n in (50, 100, 200, 400, 800):
        tn = _tau(n)
        F = _qfi(n, np.linspace(0.0, 6.0, 241) * tn, 1 / tn)["qfi"]
        scal[n] = float(F.max())
    ns = np.array(sorted(scal))
    slope = np.polyfit(np.log(ns), np.log([scal[n] for n in ns]), 1)[0]
    out["heisenberg"] = {
        "max_F_over_N2": {int(n): scal[n] / n**2 for n in ns},
        "fitted_exponent": float(slope),
    }
    return out


def _check_eq10() -> CheckOutcome:
    d = _eq10_numbers()
    N = d["N"]
    rows = [
        CheckRow(
            {"N": N, "kappa_tauQ": 0.1},
            0.0,
            d[0.1]["max_dev_over_N2_t_le_3tauQ"],
            d[0.1]["max_dev_over_N2_t_le_3tauQ"],
            True,
            d[0.1]["max_dev_over_N2_t_le_3tauQ"] <= 0.05,
            "barely affected: max_t<=3tauQ |F(kappa) - F(0)|/N^2 <= 0.05",
        ),
        CheckRow(
            {"N": N, "kappa_tauQ": 1.0},
            d["lossless"]["t_mid_over_tauQ"],
            d[1.0]["t_mid_over_tauQ"],
            abs(d[1.0]["t_mid_over_tauQ"] / d["lossless"]["t_mid_over_tauQ"] - 1),
            True,
            abs(d[1.0]["t_mid_over_tauQ"] / d["lossless"]["t_mid_over_tauQ"] - 1) <= 0.2,
            "roughly unaffected: build-up (midpoint) time within 20% of lossless",
        ),
        CheckRow(
            {"N": N, "kappa_tauQ": 10.0},
            d["lossless"]["t_mid_over_tauQ"],
            d[10.0]["t_mid_over_tauQ"],
            d[10.0]["t_mid_over_tauQ"],
            False,
            d[10.0]["t_mid_over_tauQ"] > 2 * d["lossless"]["t_mid_over_tauQ"],
            "strong loss: initial growth slows down (midpoint time > 2x lossless)",
        ),
        CheckRow(
            {"kappa_tauQ": 1.0, "N": "50..800"},
            2.0,
            d["heisenberg"]["fitted_exponent"],
            abs(d["heisenberg"]["fitted_exponent"] - 2.0),
            True,
            abs(d["heisenberg"]["fitted_exponent"] - 2.0) <= 0.2
            and min(d["heisenberg"]["max_F_over_N2"].values()) >= 0.4,
            "Heisenberg scaling: exponent of max_t F_Q vs N, and max_t F_Q/N^2 >= 0.4",
        ),
        CheckRow(
            {"N": N, "kappa_tauQ": 1.0, "t/tauQ": "0.5,1,2"},
            0.0,
            d["eig_vs_variance_max_rel"],
            d["eig_vs_variance_max_rel"],
            True,
            d["eig_vs_variance_max_rel"] <= 1e-9,
            "O(N) formula = Eq. (5) (spot check)",
        ),
    ]
    h = d["heisenberg"]
    detail = (
        f"N=100, eta=320, U=W0=Delta_c=1 (tau_Q={d['tau_Q']:.4g}): max_t F_Q/N^2 = "
        f"{d['lossless']['max_F_over_N2']:.3f} (kappa=0), {d[0.1]['max_F_over_N2']:.3f}, "
        f"{d[1.0]['max_F_over_N2']:.3f}, {d[10.0]['max_F_over_N2']:.3f} for kappa tau_Q = "
        f"0.1, 1, 10 (t <= 6 tau_Q); max_(t<=3tauQ) |F-F_0|/N^2 = "
        f"{d[0.1]['max_dev_over_N2_t_le_3tauQ']:.3f}, {d[1.0]['max_dev_over_N2_t_le_3tauQ']:.3f}, "
        f"{d[10.0]['max_dev_over_N2_t_le_3tauQ']:.3f}; midpoint time / tau_Q = "
        f"{d['lossless']['t_mid_over_tauQ']:.2f} (lossless), {d[0.1]['t_mid_over_tauQ']:.2f}, "
        f"{d[1.0]['t_mid_over_tauQ']:.2f}, {d[10.0]['t_mid_over_tauQ']:.2f}. At kappa tau_Q = 1, "
        "max_t F_Q/N^2 for N = "
        + ", ".join(f"{n}: {v:.3f}" for n, v in h["max_F_over_N2"].items())
        + f"; fitted exponent of max F_Q ~ N^a: a = {h['fitted_exponent']:.3f}."
    )
    return _outcome(rows, detail)


register(
    Claim(
        id="sharma.eq10",
        paper=PAPER,
        equation="Eq. (10), Fig. 2c",
        title="photon loss: F_Q barely affected while kappa tau_Q <~ 1; Heisenberg scaling survives "
        "at kappa tau_Q ~ 1",
        numeric=_check_eq10,
        tolerance=0.05,
        tolerance_note="max_(t<=3tauQ) |F_Q(kappa) - F_Q(0)|/N^2 at kappa tau_Q = 0.1; midpoint "
        "shift <= 20% at kappa tau_Q = 1; |exponent - 2| <= 0.2. Basis of the first: loss lowers "
        "n(t) by ~kappa t/2, so ln f by ~(3/4) kappa t, costing <= (3/4)(0.1)/(2e) ~ 0.014 N^2 at "
        "kappa tau_Q = 0.1 (first order in kappa t); 0.05 leaves room for the dephasing of the "
        "coherences. The other two translate the paper's words ('roughly unaffected', 'Heisenberg "
        "scaling preserved'); they are readings of a qualitative statement, not derived bounds",
        exact_counterpart="closed-form solution of master equation (10) with J = 0 "
        "(numeric.sharma.qfi_lossy)",
    )
)


# ------------------------------------------------------------------ sharma.appE
@cache
def _appE_numbers() -> dict:
    N = 50
    tq = _tau(N)
    kappa = 1 / tq
    t = np.linspace(0.0, 4.0, 201) * tq
    F = _qfi(N, t, kappa)["qfi"]
    toff = float(t[np.argmax(F)])
    tt = np.linspace(0.0, toff + 40 / kappa, 401)
    after = tt > toff
    out = {
        "N": N,
        "kappa": kappa,
        "tau_Q": tq,
        "t_off_over_tauQ": toff / tq,
        "F_max_over_N2": float(F.max() / N**2),
        "t_end": float(tt[-1]),
    }
    for U in (1.0, 0.0):
        r = _qfi(N, tt, kappa, U=U, pump_off=toff)
        out[U] = {
            "min_F_after_over_N2": float(r["qfi"][after].min() / N**2),
            "F_end_over_N2": float(r["qfi"][-1] / N**2),
            "nbar_at_off": float(np.interp(toff, tt, r["nbar"])),
            "nbar_end": float(r["nbar"][-1]),
        }
    return out


def _check_appE() -> CheckOutcome:
    d = _appE_numbers()
    keep = d[1.0]["min_F_after_over_N2"] / d["F_max_over_N2"]
    rows = [
        CheckRow(
            {"N": 50, "kappa": round(d["kappa"], 2), "U": 1.0},
            d["F_max_over_N2"],
            d[1.0]["min_F_after_over_N2"],
            1 - keep,
            True,
            keep >= 0.5,
            "F_Q after switch-off stays >= 50% of its maximum (over 40/kappa)",
        ),
        CheckRow(
            {"N": 50, "U": 1.0},
            0.0,
            d[1.0]["nbar_end"],
            d[1.0]["nbar_end"],
            True,
            d[1.0]["nbar_end"] < 1e-6,
            "photons depleted",
        ),
        CheckRow(
            {"N": 50, "U": 0.0},
            d[1.0]["min_F_after_over_N2"],
            d[0.0]["min_F_after_over_N2"],
            0.0,
            True,
            d[0.0]["min_F_after_over_N2"] >= 0.5 * d["F_max_over_N2"],
            "U = 0: persistence is not due to the bare interaction",
        ),
    ]
    detail = (
        f"N=50, eta=320, kappa={d['kappa']:.2f} (kappa tau_Q = 1): max F_Q/N^2 = "
        f"{d['F_max_over_N2']:.3f} at t = {d['t_off_over_tauQ']:.2f} tau_Q (main text: "
        f"'t ~ 2 tau_Q'); pump off there, n drops from {d[1.0]['nbar_at_off']:.1f} to "
        f"{d[1.0]['nbar_end']:.1e} by t = {d['t_end']:.3f}; over those 40/kappa F_Q/N^2 stays "
        f">= {d[1.0]['min_F_after_over_N2']:.3f} (U=1; {keep:.0%} of the maximum) and "
        f">= {d[0.0]['min_F_after_over_N2']:.3f} (U=0)."
    )
    return _outcome(rows, detail)


register(
    Claim(
        id="sharma.appE",
        paper=PAPER,
        equation="App. E, Fig. 4",
        title="pump switched off at max F_Q: F_Q stays high while photons decay (N = 50, "
        "kappa tau_Q = 1)",
        numeric=_check_appE,
        tolerance=0.5,
        tolerance_note="1 - min_(after switch-off) F_Q / max F_Q over 40/kappa; basis: a reading of "
        "the paper's 'remains significantly large' (at least half the maximum), not a derived bound",
        exact_counterpart="closed-form lossy solution with a pump switched off (numeric.sharma.qfi_lossy)",
    )
)


# ------------------------------------------------------------------ sharma.appF
@cache
def _appF_numbers() -> dict:
    from numeric.metrology import classical_fisher
    from numeric.sharma import atomic_state_lossy, qfi_lossy

    N = 50
    tq = _tau(N)
    t = np.linspace(0.05, 4.0, 40) * tq
    angles = np.array([1.56, np.pi / 2, 1.56 * 1.08])
    out = {"N": N}
    for kappa in (0.0, 1 / tq):
        FQ = qfi_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=kappa)["qfi"]
        res = {}
        for ax in "xy":
            F = np.array(
                [
                    classical_fisher(
                        atomic_state_lossy(N, 1.0, 1.0, 1.0, 320.0, ti, kappa=kappa), angles, ax
                    )
                    for ti in t
                ]
            )
            gap = np.abs(F - FQ[:, None]) / FQ[:, None]
            res[ax] = {
                "gap_1.56": float(gap[:, 0].max()),
                "gap_pi/2": float(gap[:, 1].max()),
                "gap_1.08x1.56": float(gap[:, 2].max()),
                "min_F_over_FQ_1.56": float((F[:, 0] / FQ).min()),
            }
        out[round(kappa * tq, 6)] = res
    return out


def _check_appF() -> CheckOutcome:
    d = _appF_numbers()
    rows = []
    for ktq in (0.0, 1.0):
        r = d[ktq]
        rows.append(
            CheckRow(
                {"N": 50, "kappa_tauQ": ktq, "axis": "x", "vartheta": 1.56},
                0.0,
                r["x"]["gap_1.56"],
                r["x"]["gap_1.56"],
                True,
                r["x"]["gap_1.56"] <= 0.05,
                "as printed: V = exp(i vartheta J_x)",
            )
        )
        rows.append(
            CheckRow(
                {"N": 50, "kappa_tauQ": ktq, "axis": "y", "vartheta": 1.56},
                0.0,
                r["y"]["gap_1.56"],
                r["y"]["gap_1.56"],
                True,
                r["y"]["gap_1.56"] <= 0.05,
                "corrected: V = exp(i vartheta J_y)",
            )
        )
    printed_ok = all(r.passed for r in rows if r.params["axis"] == "x")
    corrected_ok = all(r.passed for r in rows if r.params["axis"] == "y")
    detail = (
        "N=50, eta=320, U=W0=Delta_c=1, 40 times in (0, 4 tau_Q]: max_t |F - F_Q|/F_Q at "
        f"vartheta = 1.56 is {d[0.0]['x']['gap_1.56']:.3f} (kappa=0) and "
        f"{d[1.0]['x']['gap_1.56']:.3f} (kappa tau_Q=1) for V = exp(i vartheta J_x) as printed "
        f"(F/F_Q as low as {d[1.0]['x']['min_F_over_FQ_1.56']:.1e}); for V = exp(i vartheta J_y) "
        f"it is {d[0.0]['y']['gap_1.56']:.2e} / {d[1.0]['y']['gap_1.56']:.2e} at 1.56 and "
        f"{d[1.0]['y']['gap_pi/2']:.1e} at exactly pi/2; the 8%-shifted angle gives "
        f"{d[1.0]['y']['gap_1.08x1.56']:.2f}."
    )
    if corrected_ok and not printed_ok:
        return CheckOutcome(
            "finding",
            detail + " The statement holds for a rotation about y, not about x (see finding).",
            max(r.error for r in rows),
            tuple(rows),
        )
    return _outcome(rows, detail)


@cache
def _findings_appF() -> tuple[Finding, ...]:
    d = _appF_numbers()
    if d[1.0]["x"]["gap_1.56"] <= 0.05 or d[1.0]["y"]["gap_1.56"] > 0.05:
        return ()
    return (
        Finding(
            "sharma.appF",
            "Appendix F / main text (optimal measurement), Fig. 5",
            r"\hat V = e^{i\vartheta \hat J_x},\ \vartheta \approx \pi/2 \Rightarrow F \approx F_Q",
            r"\hat V = e^{i\vartheta \hat J_y},\ \vartheta = \pi/2 \Rightarrow F = F_Q"
            " (with the Schwinger operators (A17), generator J_y and a J_z readout)",
            "With V = exp(i vartheta J_x) the J_z readout at vartheta ~ pi/2 maps the y-spread of the "
            "twisted state onto z and loses the phase: max_t |F - F_Q|/F_Q = "
            f"{d[1.0]['x']['gap_1.56']:.3f} (N=50, kappa tau_Q = 1). Rotating about y instead gives "
            f"F = F_Q to {d[1.0]['y']['gap_pi/2']:.1e} at vartheta = pi/2 and "
            f"{d[1.0]['y']['gap_1.56']:.1e} at 1.56, for kappa = 0 and kappa tau_Q = 1, and an 8% "
            f"shift of the angle costs {d[1.0]['y']['gap_1.08x1.56']:.0%} as in Fig. 5a. The figure's "
            "angular profile (small near 0 and +-pi) is that of the y rotation; with the x rotation "
            "F vanishes near +-pi/2 instead. CFI computed analytically and checked against finite "
            "differences of explicitly rotated probabilities (tests/numeric/test_metrology.py).",
            {
                "gap_x_1.56_kappa0": d[0.0]["x"]["gap_1.56"],
                "gap_x_1.56_kappatauQ1": d[1.0]["x"]["gap_1.56"],
                "gap_y_1.56_kappatauQ1": d[1.0]["y"]["gap_1.56"],
                "gap_y_pi2_kappatauQ1": d[1.0]["y"]["gap_pi/2"],
            },
            regime="N = 50, eta = 320, U = W0 = Delta_c = 1, kappa tau_Q = 0 and 1, 0 <= t <= ~2 tau_Q (Fig. 5's parameters)",
            accuracy="y rotation: F = F_Q to the quoted gaps (analytic CFI of the exact lossy state)",
        ),
    )


register(
    Claim(
        id="sharma.appF",
        paper=PAPER,
        equation="App. F, Fig. 5",
        title="CFI of V = e^{i vartheta J_x} then J_z readout equals F_Q at a fixed vartheta ~ pi/2, "
        "also at kappa tau_Q ~ 1",
        numeric=_check_appF,
        findings=_findings_appF,
        tolerance=0.05,
        tolerance_note="max_t |F - F_Q| / F_Q at vartheta = 1.56; basis: a reading of "
        "'indistinguishable' in Fig. 5a (curves within a few % of each other), not a derived bound; "
        "the y rotation meets it by orders of magnitude, the printed x rotation misses it by far",
        exact_counterpart="analytic CFI (numeric.metrology.classical_fisher) of the exact lossy state",
    )
)


# ------------------------------------------------------------------ sharma.bell
@cache
def _bell_numbers() -> dict:
    from numeric.metrology import bell_correlator
    from numeric.sharma import atomic_state_lossy, bell_lossy

    N = 50
    tq = _tau(N)
    t = np.linspace(0.02, 4.0, 200) * tq
    out = {"N": N, "max_possible": (N - 2) * np.log(2)}
    for ktq in (0.0, 1.0):
        kappa = ktq / tq
        # one vectorised evaluation of the 200 states (the per-time calls cost ~0.5 s more)
        B = [
            bell_correlator(r) for r in atomic_state_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=kappa)
        ]
        Q = np.array([b.value for b in B])
        res = np.array([b.resolved for b in B])
        i = int(np.argmax((Q > 0) & res))
        # confirm the sign change: Q(t_i) > 0 is resolved in double (argmax above); Q(t_(i-1)),
        # below the double round-off floor, in self-certified extended precision
        ext = (
            float(bell_lossy(N, 1.0, 1.0, 1.0, 320.0, t[i - 1 : i], kappa=kappa)["bell"][0]),
            float(Q[i]),
        )
        late = t >= tq
        out[ktq] = {
            "t_cross_over_tauQ": float(0.5 * (t[i - 1] + t[i]) / tq),
            "bracket_Q_double": (float(Q[i - 1]), float(Q[i])),
            "bracket_Q_mpmath": (float(ext[0]), float(ext[1])),
            "min_Q_t_ge_tauQ": float(Q[late].min()),
            "max_Q": float(Q.max()),
            "all_resolved_after_cross": bool(res[i:].all()),
        }
    return out


def _check_bell() -> CheckOutcome:
    d = _bell_numbers()
    N = d["N"]
    rows = []
    for ktq in (0.0, 1.0):
        r = d[ktq]
        rows.append(
            CheckRow(
                {"N": N, "kappa_tauQ": ktq},
                0.5,
                r["t_cross_over_tauQ"],
                abs(r["t_cross_over_tauQ"] - 0.5),
                True,
                0.3 <= r["t_cross_over_tauQ"] <= 0.8
                and r["bracket_Q_mpmath"][0] < 0 < r["bracket_Q_mpmath"][1],
                "first Q_N > 0 at ~tau_Q/2 (negative side certified in mpmath, positive side resolved in double)",
            )
        )
        rows.append(
            CheckRow(
                {"N": N, "kappa_tauQ": ktq, "t": ">= tau_Q"},
                float(N),
                r["min_Q_t_ge_tauQ"],
                1 - r["min_Q_t_ge_tauQ"] / d["max_possible"],
                True,
                r["min_Q_t_ge_tauQ"] >= 0.3 * N,
                "Q_N ~ N: min_(t>=tau_Q) Q_N >= 0.3 N",
            )
        )
    detail = (
        f"N=50, eta=320, U=W0=Delta_c=1: Q_N first > 0 at t = {d[0.0]['t_cross_over_tauQ']:.2f} "
        f"tau_Q (lossless) and {d[1.0]['t_cross_over_tauQ']:.2f} tau_Q (kappa tau_Q = 1); for "
        f"t >= tau_Q, Q_N >= {d[0.0]['min_Q_t_ge_tauQ']:.1f} / {d[1.0]['min_Q_t_ge_tauQ']:.1f} "
        f"(max {d[0.0]['max_Q']:.1f} / {d[1.0]['max_Q']:.1f}; bound (N-2) ln 2 = "
        f"{d['max_possible']:.1f})."
    )
    return _outcome(rows, detail)


register(
    Claim(
        id="sharma.bell",
        paper=PAPER,
        equation="main text, Fig. 2d",
        title="Bell correlator Q_N > 0 after ~tau_Q/2 and Q_N ~ N for t >~ tau_Q (N = 50), also with "
        "kappa tau_Q = 1",
        numeric=_check_bell,
        tolerance=0.3,
        tolerance_note="first crossing time within [0.3, 0.8] tau_Q; min_(t>=tau_Q) Q_N >= 0.3 N; "
        "basis: readings of the paper's '~tau_Q/2' (a factor 0.6-1.6 around it) and 'Q_N ~ N' (same "
        "order as the bound (N-2) ln 2 = 0.67 N), not derived bounds; values certified in mpmath",
        exact_counterpart="Q_N = N ln2 + 2 ln|<+x|rho_A|-x>| of the exact state (double, mpmath "
        "where double cannot resolve it)",
    )
)


# ------------------------------------------------------------------ sharma.husimi
@cache
def _husimi_numbers() -> dict:
    from numeric.metrology import husimi_q
    from numeric.sharma import atomic_state_lossy

    N = 100
    t = 1 / (4 * np.sqrt(N))
    x, w = np.polynomial.legendre.leggauss(N + 2)
    th = np.arccos(x)
    ph = np.linspace(-np.pi, np.pi, 2 * N + 3, endpoint=False)
    out = {"N": N, "t": t}
    for W0 in (1.0, 0.0):
        rho = atomic_state_lossy(N, 1.0, W0, 1.0, 320.0, t, kappa=0.0)
        Q = husimi_q(rho, th[:, None], ph[None, :])
        wq = w[:, None] * Q * (2 * np.pi / ph.size) * (N + 1) / (4 * np.pi)
        R = abs(np.sum(wq * np.exp(1j * ph)[None, :])) / np.sum(wq)
        out[W0] = {
            "norm": float(np.sum(wq)),
            "circular_variance_phi": float(1 - R),
            "equator_weight_|cos|<0.3": float(np.sum(wq[np.abs(x) < 0.3]) / np.sum(wq)),
            "Q_max": float(Q.max()),
        }
    return out


def _check_husimi() -> CheckOutcome:
    d = _husimi_numbers()
    c, o = d[1.0], d[0.0]
    rows = [
        CheckRow(
            {"N": 100, "W0": 1.0},
            1.0,
            c["circular_variance_phi"],
            1 - c["circular_variance_phi"],
            True,
            c["circular_variance_phi"] > 0.5,
            "cavity: Q spread around the equator (circular variance of phi > 0.5)",
        ),
        CheckRow(
            {"N": 100, "W0": 0.0},
            0.0,
            o["circular_variance_phi"],
            o["circular_variance_phi"],
            True,
            o["circular_variance_phi"] < 0.2,
            "OAT baseline (Fig. 3a): still a localised (Gaussian, squeezed) blob",
        ),
        CheckRow(
            {"N": 100},
            1.0,
            c["norm"],
            abs(c["norm"] - 1),
            True,
            abs(c["norm"] - 1) < 1e-10,
            "(N+1)/(4pi) int Q = 1",
        ),
    ]
    detail = (
        f"t = 1/(4 U sqrt N) = {d['t']:.3f}, N=100, eta=320, U=W0=Delta_c=1: circular variance "
        f"of phi under Q = {c['circular_variance_phi']:.3f} (weight within |cos theta| < 0.3: "
        f"{c['equator_weight_|cos|<0.3']:.3f}, max Q {c['Q_max']:.3f}) -- a non-Gaussian state "
        f"wrapped around the equator; without the cavity (W0 = 0) the same time gives "
        f"{o['circular_variance_phi']:.3f} (max Q {o['Q_max']:.3f})."
    )
    return _outcome(rows, detail)


register(
    Claim(
        id="sharma.husimi",
        paper=PAPER,
        equation="Fig. 2b (and Fig. 3a)",
        title="non-Gaussian Husimi Q at t = 1/(4U sqrt N), distributed around the equator",
        numeric=_check_husimi,
        tolerance=0.5,
        tolerance_note="circular variance of phi > 0.5 with the cavity, < 0.2 without; basis: a "
        "reading of 'non-Gaussian, around the equator' vs a squeezed (localised) state, not derived",
        exact_counterpart="Husimi function (numeric.metrology.husimi_q) of the exact lossless rho_A",
    )
)


# ------------------------------------------------------------------ sharma.appG
_G = dict(N=20, U=0.2, W0=0.5, Delta_c=3.25, eta=2.0, J=2.0)


@cache
def _appG_numbers() -> dict:
    from numeric.metrology import mandel_q
    from numeric.sharma import evolve_atom_cavity, photon_amplitudes_lossy

    t = np.linspace(0.05, 6.0, 60)
    # the photon distribution has a long tail (cutoff 30 misplaces Q by ~1); n_max = 100 is
    # checked against 125 by the solver itself
    r = evolve_atom_cavity(
        _G["N"], _G["U"], _G["W0"], _G["Delta_c"], _G["eta"], t, J=_G["J"], n_max=100, tol=1e-6
    )
    Q = mandel_q(r["nbar"], r["n2"])
    i = int(np.argmin(Q))
    c = r.convergence[0]
    out = {
        "t_max": float(t[-1]),
        "J": {
            "min_Q": float(Q[i]),
            "t_at_min": float(t[i]),
            "nbar_at_min": float(r["nbar"][i]),
            "max_Q": float(Q.max()),
            "fraction_negative": float(np.mean(Q < 0)),
            "n_max": float(c.value),
            "cutoff_change": float(c.error),
            "converged": bool(r.converged),
        },
    }
    # J = 0: exact mixture of coherent states |alpha_m> with weights C_m^2
    from numeric._spin import css_amplitudes

    a2 = np.abs(photon_amplitudes_lossy(_G["N"], _G["W0"], _G["Delta_c"], _G["eta"], t)) ** 2
    p = css_amplitudes(_G["N"]) ** 2
    nb = a2 @ p
    Q0 = mandel_q(nb, (a2**2 + a2) @ p)
    out["J0"] = {"min_Q": float(Q0.min())}
    return out


def _check_appG() -> CheckOutcome:
    d = _appG_numbers()
    a, b = d["J"], d["J0"]
    rows = [
        CheckRow(
            dict(_G),
            0.0,
            a["min_Q"],
            abs(a["min_Q"]),
            True,
            a["min_Q"] < -1e-3 and a["converged"],
            "J = 2: Mandel Q < 0 somewhere",
        ),
        CheckRow(
            dict(_G, J=0.0),
            0.0,
            b["min_Q"],
            abs(min(b["min_Q"], 0.0)),
            True,
            b["min_Q"] > -1e-8,
            "J = 0: mixture of coherent states, Q >= 0",
        ),
    ]
    detail = (
        f"N=20, (U,W0,Delta_c,J)=(0.2,0.5,3.25,2), eta=2, 0 < t <= {d['t_max']:g}: min Mandel Q = "
        f"{a['min_Q']:.4f} at t = {a['t_at_min']:.2f} (n = {a['nbar_at_min']:.3f}); negative at "
        f"{a['fraction_negative']:.0%} of the times; max Q = {a['max_Q']:.3f}. Photon cutoff "
        f"n_max = {a['n_max']:g}, change when raised {a['cutoff_change']:.1e}. Without tunnelling "
        f"(exact mixture of coherent states) min Q = {b['min_Q']:.2e} (>= 0, as Appendix G "
        "argues)."
    )
    return _outcome(rows, detail)


# complete check measured at 29 s CPU (2 shared cores): it runs by default, no reduced set needed
register(
    Claim(
        id="sharma.appG",
        paper=PAPER,
        equation="App. G, Fig. 6",
        title="with tunnelling J != 0 the Mandel Q of the light turns negative (N = 20)",
        numeric=_check_appG,
        tolerance=1e-3,
        tolerance_note="min_t Q < -1e-3 (converged cutoff); basis: 1e-3 is 1e5 x the photon-cutoff "
        "convergence tolerance (1e-8) of the brute force, so the sign is not a truncation artefact",
        exact_counterpart="brute-force atom x Fock evolution (numeric.sharma.evolve_atom_cavity)",
    )
)


# ------------------------------------------------------------------ eval quantities
_BASE = (
    Param("N", "int", "positive", doc="number of atoms"),
    Param("U", "real", "any", doc="bare on-site interaction"),
    Param("W0", "real", "any", doc="photon-induced interaction per photon"),
    Param("Delta_c", "real", "any", doc="cavity detuning as it appears in H_eff"),
    Param("eta", "real", "nonnegative", doc="pump strength"),
    Param("t", "time", "nonnegative", doc="time(s), comma-separated"),
)
_LOSS = (
    Param("kappa", "real", "nonnegative", 0.0, doc="photon loss rate"),
    Param("alpha2", "real", "nonnegative", 0.0, doc="initial coherent photon number"),
    Param("pump_off", "real", "nonnegative", None, doc="time the pump switches off", unit="time"),
)


def _nbar(N, U, W0, Delta_c, eta, t, kappa=0.0, alpha2=0.0, pump_off=None):
    from numeric.sharma import qfi_lossy

    return qfi_lossy(
        N, U, W0, Delta_c, eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off, method="variance"
    )["nbar"]


def _cfi(N, U, W0, Delta_c, eta, t, theta, axis="x", kappa=0.0, alpha2=0.0, pump_off=None):
    from numeric._resources import estimate
    from numeric.metrology import classical_fisher
    from numeric.sharma import atomic_state_lossy

    estimate("metrology.cfi", N, t)  # the O(N^3) readout: refused up front beyond the time budget

    return np.array(
        [
            float(
                classical_fisher(
                    atomic_state_lossy(
                        N,
                        U,
                        W0,
                        Delta_c,
                        eta,
                        float(ti),
                        kappa=kappa,
                        alpha2=alpha2,
                        pump_off=pump_off,
                    ),
                    theta,
                    axis,
                )
            )
            for ti in np.atleast_1d(t)
        ]
    )


def _bell(N, U, W0, Delta_c, eta, t, kappa=0.0, alpha2=0.0, pump_off=None):
    """Double precision where it resolves the element, mpmath closed form elsewhere."""
    from numeric import _resources
    from numeric.metrology import bell_correlator
    from numeric.sharma import atomic_state_lossy, bell_lossy

    _resources.estimate("sharma.state", N, [0.0], lossy=True)  # one (N+1)^2 state at a time
    out = []
    for ti in np.atleast_1d(t):
        if N % 2 or ti == 0:
            # E_N = 0 exactly (odd N; the CSS along x at t = 0): the closed route says so and why
            r = bell_lossy(
                N, U, W0, Delta_c, eta, [float(ti)], kappa=kappa, alpha2=alpha2, pump_off=pump_off
            )
            out.append(float(r["bell"][0]))
            continue
        b = bell_correlator(
            atomic_state_lossy(
                N, U, W0, Delta_c, eta, float(ti), kappa=kappa, alpha2=alpha2, pump_off=pump_off
            )
        )
        if not b.resolved:
            r = bell_lossy(
                N, U, W0, Delta_c, eta, [float(ti)], kappa=kappa, alpha2=alpha2, pump_off=pump_off
            )
            if not r.converged:
                raise ParameterError(
                    "t", "a time where Q_N is resolved at the default precision", float(ti)
                )
            out.append(float(r["bell"][0]))
        else:
            out.append(b.value)
    return np.array(out)


def _mandel(N, U, W0, Delta_c, eta, J, t):
    from numeric.metrology import mandel_q
    from numeric.sharma import evolve_atom_cavity

    r = evolve_atom_cavity(N, U, W0, Delta_c, eta, t, J=J)
    if not r.converged:
        raise ParameterError("t", "times where the photon cutoff converges", list(np.atleast_1d(t)))
    return mandel_q(r["nbar"], r["n2"])


register_quantity(
    Quantity(
        "sharma.nbar",
        _BASE + _LOSS,
        _nbar,
        "exact mean cavity photon number n(t) = sum_m C_m^2 |alpha_m(t)|^2 (J = 0, with loss)",
        "exact",
    )
)
register_quantity(
    Quantity(
        "sharma.cfi",
        _BASE
        + (
            Param("theta", "real", "any", doc="readout rotation angle vartheta", unit="rad"),
            Param(
                "axis",
                "choice",
                "any",
                "x",
                choices=("x", "y", "z"),
                doc="readout rotation axis: V = exp(i theta J_axis)",
            ),
        )
        + _LOSS,
        _cfi,
        "classical Fisher information of J_z after V = exp(i theta J_axis), phase generator J_y",
        "exact",
    )
)
register_quantity(
    Quantity(
        "sharma.bell",
        _BASE + _LOSS,
        _bell,
        "many-body Bell correlator Q_N = ln[2^N E_N/(N!)^2] of the exact atomic state",
        "exact",
    )
)
register_quantity(
    Quantity(
        "sharma.mandel_q",
        _BASE[:5] + (Param("J", "real", "any", doc="tunnelling amplitude"),) + _BASE[5:],
        _mandel,
        "Mandel Q of the cavity light (brute-force atom x Fock evolution, lossless)",
        "exact",
    )
)


# ------------------------------------------------------------------ figures
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _draw_fig2c(path) -> None:
    """F_Q/N^2 against t/tau_Q for kappa tau_Q = 0, 0.1, 1, 10 (N = 100, eta = 320)."""
    plt = _plt()
    N = 100
    tq = _tau(N)
    x = np.linspace(0.0, 6.0, 241)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for ktq, style in ((0.0, "k-"), (0.1, "--"), (1.0, "-"), (10.0, "-.")):
        F = _qfi(N, x * tq, ktq / tq)["qfi"]
        ax.plot(x, F / N**2, style, label=f"$\\kappa\\tau_Q$ = {ktq:g}")
    from numeric.sharma import qfi_lossless

    oat = qfi_lossless(N, 1.0, 0.0, 1.0, 320.0, x * tq)["qfi"]
    ax.plot(x, oat / N**2, "b-", lw=1, label="one-axis twisting ($W_0$ = 0)")
    ax.axvline(1.0, color="r", ls=":")
    ax.set_xlabel("$t/\\tau_Q$")
    ax.set_ylabel("$F_Q/N^2$")
    ax.set_title(
        "sharma2025 Fig. 2c: photon loss, N = 100, $\\eta$ = 320, U = $W_0$ = $\\Delta_c$ = 1"
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _draw_fig2d(path) -> None:
    """Bell correlator Q_N(t) for N = 50, lossless and kappa tau_Q = 1."""
    from numeric.metrology import bell_correlator
    from numeric.sharma import atomic_state_lossy

    plt = _plt()
    N = 50
    tq = _tau(N)
    x = np.linspace(0.02, 4.0, 160)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for ktq, style in ((0.0, "b-"), (1.0, "r--")):
        B = [
            bell_correlator(atomic_state_lossy(N, 1.0, 1.0, 1.0, 320.0, xi * tq, kappa=ktq / tq))
            for xi in x
        ]
        Q = np.array([b.value if b.resolved else np.nan for b in B])  # unresolved: not drawn
        ax.plot(x, Q, style, label=f"$\\kappa\\tau_Q$ = {ktq:g}")
    ax.axhline((N - 2) * np.log(2), color="k", ls="--", lw=1, label="$(N-2)\\ln 2$")
    ax.axhline(0.0, color="0.5", lw=0.8)
    ax.set_xlabel("$t/\\tau_Q$")
    ax.set_ylabel("$Q_N$")
    ax.set_title("sharma2025 Fig. 2d: Bell correlator, N = 50")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _draw_fig4(path) -> None:
    """F_Q/N^2 and n(t) with the pump switched off at max F_Q (N = 50, kappa tau_Q = 1)."""
    plt = _plt()
    d = _appE_numbers()
    N, kappa, tq = d["N"], d["kappa"], d["tau_Q"]
    toff = d["t_off_over_tauQ"] * tq
    tt = np.linspace(0.0, toff + 40 / kappa, 401)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.6, 3.8))
    for U, style, lab in ((1.0, "b-", "U = 1"), (0.0, "C1-.", "U = 0")):
        r = _qfi(N, tt, kappa, U=U, pump_off=toff)
        a1.plot(tt, r["qfi"] / N**2, style, label=lab)
        if U == 1.0:
            a2.plot(tt, r["nbar"], "k-")
    from numeric.sharma import qfi_lossless

    a1.plot(tt, qfi_lossless(N, 1.0, 0.0, 1.0, 0.0, tt)["qfi"] / N**2, "g-", lw=1, label="OAT")
    for a in (a1, a2):
        a.axvline(toff, color="r", ls="--")
        a.set_xlabel("$t$ ($U^{-1}$)")
    a1.set_ylabel("$F_Q/N^2$")
    a2.set_ylabel("$\\langle a^\\dagger a\\rangle$")
    a1.legend(fontsize=8)
    fig.suptitle(f"sharma2025 Fig. 4: pump off at max $F_Q$, N = 50, $\\kappa$ = {kappa:.1f}")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _draw_fig5(path) -> None:
    """CFI against vartheta and t for the printed x rotation and the y rotation (N = 50)."""
    from numeric.metrology import classical_fisher
    from numeric.sharma import atomic_state_lossy, qfi_lossy

    plt = _plt()
    N = 50
    tq = _tau(N)
    kappa = 1 / tq
    t = np.linspace(0.05, 3.0, 50) * tq
    th = np.linspace(-np.pi, np.pi, 121)
    rho = [atomic_state_lossy(N, 1.0, 1.0, 1.0, 320.0, ti, kappa=kappa) for ti in t]
    FQ = qfi_lossy(N, 1.0, 1.0, 1.0, 320.0, t, kappa=kappa)["qfi"]
    fig, axs = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, axis in zip(axs[:2], "xy", strict=True):
        F = np.array([classical_fisher(r, th, axis) for r in rho])
        im = ax.pcolormesh(t, th, F.T / N**2, shading="auto")
        fig.colorbar(im, ax=ax, label="$F/N^2$")
        ax.set_title(f"$V = e^{{i\\vartheta J_{axis}}}$")
        ax.set_xlabel("$t$ ($U^{-1}$)")
        ax.set_ylabel("$\\vartheta$")
    axs[2].plot(t, FQ / N**2, "k-", lw=2, label="$F_Q$")
    for axis, v, style in (("y", 1.56, "r--"), ("y", 1.56 * 1.08, "b:"), ("x", 1.56, "g-.")):
        F = [classical_fisher(r, v, axis) for r in rho]
        axs[2].plot(t, np.array(F) / N**2, style, label=f"F, axis {axis}, $\\vartheta$ = {v:.3g}")
    axs[2].set_xlabel("$t$ ($U^{-1}$)")
    axs[2].legend(fontsize=7)
    fig.suptitle(
        "sharma2025 Fig. 5: CFI of a rotated $J_z$ readout, N = 50, "
        "$\\kappa\\tau_Q$ = 1 (the printed x rotation vs a y rotation)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


for _name, _cap, _draw in (
    (
        "sharma_fig2c",
        "F_Q/N^2 against t/tau_Q with photon loss kappa tau_Q = 0, 0.1, 1, 10 "
        "(N = 100, eta = 320, U = W0 = Delta_c = 1; exact closed-form lossy state) and OAT.",
        _draw_fig2c,
    ),
    (
        "sharma_fig2d",
        "Bell correlator Q_N(t) for N = 50, lossless and kappa tau_Q = 1; times where "
        "double precision cannot resolve Q_N are left out.",
        _draw_fig2d,
    ),
    (
        "sharma_fig4",
        "Pump switched off at the maximum of F_Q (N = 50, kappa tau_Q = 1): F_Q/N^2 for "
        "U = 1 and U = 0, OAT, and the photon number.",
        _draw_fig4,
    ),
    (
        "sharma_fig5",
        "Classical Fisher information of a J_z readout after V = exp(i vartheta J_axis), "
        "axis x as printed and axis y, against vartheta and t; right: F at fixed vartheta vs F_Q "
        "(N = 50, kappa tau_Q = 1).",
        _draw_fig5,
    ),
):
    register_figure(Figure(_name, PAPER, _cap, _draw))
