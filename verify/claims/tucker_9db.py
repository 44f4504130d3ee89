"""tucker.9dB: "~9 dB at N ~ 10^4" at the printed cavity numbers, decided without the closure alone.

The printed statement (text, 'Experimental realization'): with 2g = 2 pi x 8 Hz,
Delta_c = kappa = 2 pi x 150 kHz and 1/gamma_s = 10 s (gamma_s/Gamma = 186.5, chi/Gamma = 1 from
the tucker.ae forms), "for N ~ 10^4 atoms, dissipatively enhanced squeezing of xi^2 ~ 9 dB is then
in principle achievable on timescales t ~ 2 s".

Routes:

* second-order cumulants (fast kernel; the paper's method), best over Upsilon/Upsilon_c = 0.86..1.02
  at N = 10^4, recomputed by the default check (1 s);
* Dicke-basis quantum trajectories at N = 10^4 (exact in distribution; statistical error from the
  jackknife over trajectories): 48 trajectories at the closure's best point, cached here with the
  command that reproduces them (:data:`NINE_DB_TRAJECTORIES`, slow test
  tests/verify/test_tucker_9db.py recomputes them);
* the closure's bias measured against the exact permutation-invariant solver at the same
  gamma_s/(N Gamma) = 0.01865, chi = Gamma, Upsilon = 0.93 Upsilon_c for N = 10..120
  (:data:`CLOSURE_BIAS`, slow test recomputes them) and third-order cumulants (generic
  derive.cumulants route, windowed before the closure's late-time breakdown).

The check decides the statement ``claimed_db`` (default: the corrected value of the Finding, the
trajectory estimate rounded to 0.1 dB) against the trajectory estimate within 3 standard errors
plus the 0.05 dB of rounding; the printed 9 dB is the Finding.
"""

from __future__ import annotations

import numpy as np

from .._records import CheckOutcome, CheckRow, Claim, Finding
from .._registry import register
from .tucker import PAPER, chi_gamma, mf_direction


def cavity_rates():
    """(Gamma [1/s], chi/Gamma, gamma_s/Gamma) from the printed cavity numbers.

    2g = 2 pi x 8 Hz, Delta_c = kappa = 2 pi x 150 kHz (tucker.ae forms), 1/gamma_s = 10 s.
    """
    chi_, G = chi_gamma(2 * np.pi * 4.0, 2 * np.pi * 150e3, 2 * np.pi * 150e3)
    return G, chi_ / G, 0.1 / G


NINE_DB_UPSILON = tuple(np.round(np.arange(0.86, 1.0201, 0.01), 3))


def best_squeezing_9db(N=10_000, initial="-x"):
    """Best min transient squeezing (dB) over Upsilon/Upsilon_c at the printed cavity numbers.

    ``initial``: "-x" (CSS along -x, Figs. 2, 3(a)) or "mf" (CSS along the gamma_s = 0 mean-field
    steady state, Fig. 3(b)).  Returns (dB, Upsilon/Upsilon_c, t in seconds, Result of the best).
    """
    from numeric.tucker._cum_solver import min_transient_squeezing

    G, c, gs = cavity_rates()
    best = None
    for u in NINE_DB_UPSILON:
        d = (-1.0, 0.0, 0.0) if initial == "-x" else mf_direction(1.0, c, min(float(u), 1.0))
        r = min_transient_squeezing(int(N), 1.0, c, float(u), gs, d, check=False)
        db = -10 * np.log10(float(r["xi2_min"][0]))
        if best is None or db > best[0]:
            best = (db, float(u), float(r["t_min"][0]) / G, r)
    return best


TRAJ_GRID = (0.0, 0.0025, 201)
"""Time grid (lo, hi, n) in 1/Gamma of the trajectory run: N Gamma t <= 25 covers the closure's
minimum (N Gamma t = 15) and the loss of squeezing after it."""

NINE_DB_COMMAND = (
    "qderive eval tucker.xi2 N=10000 Gamma=1 chi=1 upsilon=0.93 gamma_s=186.50969893581484 "
    "t=0:0.0025:201 method=trajectories ntraj=48 --max-seconds 3600"
)
"""Reproduces :data:`NINE_DB_TRAJECTORIES` (seed 0, the default): ~8 s CPU per trajectory."""

NINE_DB_TRAJECTORIES = dict(
    N=10_000,
    upsilon=0.93,
    ntraj=48,
    seed=0,
    xi2=0.15704880562206455,
    xi2_err=0.010755306760779801,
    t_min=0.0014375,
)
"""Ensemble min transient xi^2 (criterion of numeric.tucker.transient_minimum) from the run of
:data:`NINE_DB_COMMAND`, its jackknife standard error at that time, and the time (1/Gamma)."""

CLOSURE_BIAS = (
    (10, 0.71501, 0.70898, 0.69531),
    (20, 0.57510, 0.56991, 0.55552),
    (40, 0.45621, 0.45250, 0.44820),
    (60, 0.40423, 0.39553, 0.40031),
    (80, 0.37333, 0.36052, 0.37126),
    (100, 0.35197, 0.33637, 0.35113),
    (120, 0.33599, 0.31851, 0.33611),
)
"""(N, exact, second order, third order) min transient xi^2 at gamma_s/(N Gamma) = 0.01865,
chi = Gamma, Upsilon = 0.93 Upsilon_c, CSS along -x, window N Gamma t <= 25 (801 points; third
order restricted to t <= 1.3 x the second-order minimum time, before its late-time breakdown);
recomputed by :func:`closure_bias` (slow test)."""


def closure_bias(N: int, n: int = 801) -> tuple[float, float, float]:
    """(exact, second-order, third-order) min transient xi^2 at the scaled 9 dB point, size N."""
    from derive.tucker import tucker_cumulant_system
    from numeric.tucker import css_product_moments, integrate_moments, transient_minimum

    from .tucker import _exact_run, cumulant_run

    _, c, gs10k = cavity_rates()
    gs, u = gs10k / 1e4 * N, 0.93
    t = np.linspace(0, 25.0 / N, n)
    rate = N * u * np.hypot(1, 2 * c)
    e = _exact_run(N, 1.0, c, u, gs, t)
    r2 = cumulant_run(N, 1.0, c, u, gs, t)
    C = tucker_cumulant_system(3)
    Om = 0.5 * N * u * np.hypot(1, 2 * c)
    r3 = integrate_moments(
        C.rhs_vector,
        C.names,
        dict(Gamma=1.0, N=N, Omega=Om, chi=c, gamma_s=gs),
        css_product_moments(C.names, (-1, 0, 0)),
        t,
        C.spin_moments,
        N,
        vector_arg="y",
    )
    xe = transient_minimum(t, e["xi2"], rate)[0]
    x2, t2, _ = transient_minimum(t, r2["xi2"], rate)
    win = t <= 1.3 * t2
    x3 = transient_minimum(t[win], r3["xi2"][win], rate)[0]
    return float(xe), float(x2), float(x3)


def _db(x):
    return float(-10 * np.log10(x))


def trajectory_db() -> tuple[float, float]:
    """(dB, standard error in dB) of the cached trajectory estimate."""
    x, e = NINE_DB_TRAJECTORIES["xi2"], NINE_DB_TRAJECTORIES["xi2_err"]
    return _db(x), float(10 / np.log(10) * e / x)


def corrected_db() -> float:
    """The Finding's corrected value: the trajectory estimate, rounded to 0.1 dB."""
    return round(trajectory_db()[0], 1)


def _check_9db(claimed_db=None) -> CheckOutcome:
    """``claimed_db``: the squeezing (dB) claimed at N = 10^4 (default: the Finding's value)."""
    from numeric.tucker._cum_solver import min_transient_squeezing

    claimed = corrected_db() if claimed_db is None else float(claimed_db)
    G, c, gs = cavity_rates()
    res = {}
    conv = ""
    for init in ("-x", "mf"):
        db, u, t_s, _ = best_squeezing_9db(10_000, init)
        res[init] = (db, u, t_s)
        if init == "-x":
            d = (-1.0, 0.0, 0.0)
            chk = min_transient_squeezing(10_000, 1.0, c, u, gs, d)  # convergence at the best point
            conv = "; ".join(str(x) for x in chk.convergence)
    db_t, err_t = trajectory_db()
    t_traj = NINE_DB_TRAJECTORIES["t_min"] / G
    tol = 3 * err_t + 0.05
    rows = (
        CheckRow(
            dict(N=10_000, route="trajectories", upsilon=NINE_DB_TRAJECTORIES["upsilon"]),
            claimed,
            db_t,
            abs(claimed - db_t),
            True,
            abs(claimed - db_t) <= tol,
            f"{NINE_DB_TRAJECTORIES['ntraj']} trajectories: {db_t:.2f} +- {err_t:.2f} dB at "
            f"t = {t_traj:.2g} s; tolerance 3 sigma + 0.05 dB rounding = {tol:.2f} dB",
        ),
        CheckRow(
            dict(N=10_000, route="second-order cumulants", initial="-x", upsilon=res["-x"][1]),
            claimed,
            res["-x"][0],
            abs(claimed - res["-x"][0]),
            False,
            True,
            f"t_min = {res['-x'][2]:.3g} s; {conv}",
        ),
        CheckRow(
            dict(N=10_000, route="second-order cumulants", initial="mf", upsilon=res["mf"][1]),
            claimed,
            res["mf"][0],
            abs(claimed - res["mf"][0]),
            False,
            True,
            f"t_min = {res['mf'][2]:.3g} s",
        ),
    )
    ok = rows[0].passed and 0.5 < t_traj < 8
    bias = "; ".join(
        f"N = {N}: {100 * (x2 / xe - 1):+.1f} % (2nd), {100 * (x3 / xe - 1):+.1f} % (3rd)"
        for N, xe, x2, x3 in CLOSURE_BIAS
    )
    return CheckOutcome(
        "pass" if ok else "fail",
        f"Gamma = {G:.3g} s^-1, gamma_s/Gamma = {gs:.1f}, chi/Gamma = {c:.2f} from the printed "
        f"cavity numbers; N = 10^4: quantum trajectories {db_t:.2f} +- {err_t:.2f} dB "
        f"(Upsilon = {NINE_DB_TRAJECTORIES['upsilon']} Upsilon_c, CSS along -x, t = {t_traj:.2g} s; "
        f"`{NINE_DB_COMMAND}`); second-order cumulants {res['-x'][0]:.2f} dB at "
        f"{res['-x'][1]:.2f} (CSS along -x), {res['mf'][0]:.2f} dB at {res['mf'][1]:.2f} (CSS along "
        f"the mean-field steady state).  Closure bias in min xi^2 vs the exact PI solver at the "
        f"same gamma_s/(N Gamma): {bias}.  Claimed {claimed:.1f} dB (printed: ~9 dB, t ~ 2 s)",
        abs(claimed - db_t),
        rows[:1],
        rows[1:],
    )


def _findings_9db() -> tuple[Finding, ...]:
    db_t, err_t = trajectory_db()
    best2 = best_squeezing_9db(10_000, "-x")
    larger = {N: best_squeezing_9db(N, "-x")[0] for N in (20_000, 50_000)}
    G = cavity_rates()[0]
    return (
        Finding(
            "tucker.9dB",
            "text, 'Experimental realization'",
            r"\xi^2 \approx 9\,\mathrm{dB}\ \text{for}\ N \sim 10^4,\ t \sim 2\,\mathrm{s}",
            rf"\xi^2 \approx {corrected_db():.1f}\,\mathrm{{dB}}\ \text{{at}}\ N = 10^4 "
            rf"(\pm {err_t:.1f}\,\mathrm{{dB}}\ \text{{statistical}})",
            f"Dicke-basis quantum trajectories (exact in distribution) at N = 10^4, the printed "
            f"cavity numbers, Upsilon = 0.93 Upsilon_c (the closure's best), CSS along -x: "
            f"{db_t:.2f} +- {err_t:.2f} dB (jackknife, {NINE_DB_TRAJECTORIES['ntraj']} "
            f"trajectories, `{NINE_DB_COMMAND}`) at t = "
            f"{NINE_DB_TRAJECTORIES['t_min'] / G:.2g} s; the second-order closure gives "
            f"{best2[0]:.2f} dB (the paper's method), in agreement with the trajectories within "
            "one standard error; where the exact permutation-invariant solver reaches, the "
            "closure's min xi^2 is below the exact one by "
            + ", ".join(f"{100 * (x2 / xe - 1):+.1f} %" for _, xe, x2, _ in CLOSURE_BIAS)
            + " at N = "
            + ", ".join(str(r[0]) for r in CLOSURE_BIAS)
            + f" (same gamma_s/(N Gamma)); the printed 9 dB lies {(9 - db_t) / err_t:.1f} standard errors above the "
            "trajectory estimate.  The drive was optimised with the closure (grid 0.01; its "
            "peak is sharp: 7.59, 7.90, 7.84 dB at Upsilon/Upsilon_c = 0.925, 0.93, 0.935), so the "
            "exact optimum over Upsilon may exceed the value at 0.93 by a few tenths of a dB; "
            f"the closure reaches {larger[20_000]:.2f}, {larger[50_000]:.2f} dB at N = 2x10^4, "
            "5x10^4 (outside the range where its bias is measured: context only, not evidence)",
            dict(
                trajectories_db=db_t,
                trajectories_db_err=err_t,
                cumulant2_db=best2[0],
                cumulant2_db_N2e4=larger[20_000],
                cumulant2_db_N5e4=larger[50_000],
            ),
            regime="N = 10^4, gamma_s/Gamma = 186.5, chi/Gamma = 1 (the printed cavity numbers), "
            "CSS along -x, best Upsilon of the closure (0.93 Upsilon_c); the minimum after the "
            "initial collective one, as in Fig. 3",
            accuracy=f"statistical: +- {err_t:.2f} dB (one standard error, "
            f"{NINE_DB_TRAJECTORIES['ntraj']} trajectories); trajectories are otherwise exact "
            "(Taylor truncation 1e-13, jump-time miss 1e-8, support trim 1e-12); not bounded: the "
            "exact optimum over Upsilon (a few tenths of a dB, see evidence)",
        ),
    )


register(
    Claim(
        id="tucker.9dB",
        paper=PAPER,
        equation="text, 'Experimental realization'",
        title="~9 dB at N ~ 10^4, gamma_s/Gamma ~ 200, chi/Gamma ~ 1, t ~ 2 s",
        numeric=_check_9db,
        findings=_findings_9db,
        tolerance=0.3,
        tolerance_note="|claimed dB - trajectory estimate| <= 3 standard errors (jackknife over the "
        "trajectories) + 0.05 dB rounding of the claimed value, and 0.5 s < t < 8 s; replaces "
        "the +-1.5 dB set after seeing the closure's 7.9 dB.  The claimed value is the "
        "Finding's corrected one (the printed 9 dB fails: the Finding)",
        exact_counterpart="48 Dicke-basis quantum trajectories at N = 10^4 (cached, reproducible "
        "command in the detail); second-order cumulants recomputed; closure bias vs the exact "
        "permutation-invariant solver at N = 10..120",
    )
)  # default check: second-order cumulants (1.1 s CPU) + cached trajectory numbers
