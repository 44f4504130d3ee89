"""tucker2020 transient squeezing with single-particle relaxation: Figs. 2 and 3, the 9 dB statement.

Claims: tucker.fig2 (transient squeezing beats the collective steady state and is lost when
N_eff crosses N_c; cumulants at N = 2000..10^5 and quantum trajectories at N = 2000), tucker.fig3
(minimum transient squeezing from second-order cumulants, validated against the exact
permutation-invariant solver); tucker.9dB is in :mod:`.tucker_9db`.  Figures tucker_fig2a, tucker_fig3a, tucker_fig3b.

Units as in :mod:`.tucker`: rates in one common unit (Gamma = 1 here), times in its inverse.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._records import CheckOutcome, CheckRow, Claim
from .._registry import register
from .tucker import PAPER, _exact_run, cumulant_run, mf_direction
from .tucker_9db import NINE_DB_UPSILON, best_squeezing_9db, cavity_rates  # noqa: F401 (moved)


# ------------------------------------------------------------------ tucker.fig2
def fig2_series(N=2000, gamma_s=4.0, upsilon=0.9, chi=0.0, n=300, T=None):
    """xi^2(t), N_eff(t) (cumulant Result) and N_c = 2 Omega/Upsilon_c = N Upsilon/Upsilon_c for Fig. 2(a)."""
    T = 2.0 / gamma_s if T is None else T
    r = cumulant_run(N, 1.0, chi, upsilon, gamma_s, np.linspace(0, T, n))
    return r, N * upsilon


def fig2_timing(N, gamma_s, upsilon=0.9, n=4000, nc_form=None):
    """(min xi^2, its time, t_loss, t*) of the Fig. 2 mechanism from the cumulant solver.

    t_loss: first return of xi^2 above 1 after it first dropped below 1; t*: first time
    N_eff(t) < N_c.  Window 0.6/gamma_s (t* ~ 0.47/gamma_s at gamma_s = Gamma, N = 2000).
    ``nc_form(N, upsilon)``: the critical atom number under test (default N_c = 2 Omega/Upsilon_c
    = N Upsilon/Upsilon_c, the printed definition).
    """
    r, Nc = fig2_series(N, gamma_s, upsilon, n=n, T=0.6 / gamma_s)
    if nc_form is not None:
        Nc = float(nc_form(N, upsilon))
    xi2, neff, t = r["xi2"], r["neff"], r.times
    if not (neff < Nc).any():
        raise RuntimeError(
            f"N_eff does not reach N_c within the window at N = {N}, gamma_s = {gamma_s}"
        )
    t_star = float(t[np.argmax(neff < Nc)])
    if t_star == 0:
        raise RuntimeError(f"N_eff starts below N_c = {Nc:g} at N = {N}: no crossing")
    sq = xi2 < 1
    first = int(np.argmax(sq))
    i_loss = first + int(np.argmax(~sq[first:]))
    i_min = int(np.argmin(xi2[:i_loss]))
    return float(xi2[i_min]), float(t[i_min]), float(t[i_loss]), t_star


FIG2_NS = (2000, 10_000, 100_000)


@cache
def fig2b_trajectories(N=2000, gamma_s=4.0, upsilon=0.9, ntraj=2, T=0.4, n=161, seed=0):
    """Fig. 2(b): per-trajectory (t_min, min xi^2, t*) from quantum trajectories in the Dicke basis.

    Each trajectory's conditional xi^2(t) and N_eff(t) = 2j(t) (``xi2_traj``, ``neff_traj`` of
    :func:`numeric.tucker.trajectories`); t_min = argmin xi^2 on the n-point grid of [0, T]/Gamma,
    t* = first grid time with N_eff < N_c = N Upsilon/Upsilon_c.  Returns the Result and the rows.
    """
    from numeric.tucker import trajectories

    t = np.linspace(0.0, T, n)
    r = trajectories(N, 1.0, 0.0, upsilon, gamma_s, t, ntraj=ntraj, seed=seed, progress=False)
    Nc = N * upsilon
    rows = []
    for x, ne in zip(r["xi2_traj"], r["neff_traj"], strict=True):
        i = int(np.argmin(x))
        crossed = ne < Nc
        t_star = float(t[int(np.argmax(crossed))]) if crossed.any() else float("inf")
        rows.append((float(t[i]), float(x[i]), t_star))
    return r, tuple(rows)


def _check_fig2(nc_form=None) -> CheckOutcome:
    """``nc_form(N, upsilon)``: the critical atom number under test (default N Upsilon/Upsilon_c).

    Pass/fail (no tuned tolerance): at N = 2000 the minimum transient xi^2 beats the collective
    steady state (a strict inequality), and the timing discrepancy |t_loss - t*|/t* shrinks from
    N = 2000 to N = 10^5 at each gamma_s (error = d(10^5)/d(2000), tolerance 1): the statement
    is a mean-field one, exact only as N -> oo, so a finite-N discrepancy must decrease with N.
    The single-trajectory rows (Fig. 2(b)) are reported, not bounded: the paper's "near" has no
    scale to test against.
    """
    from numeric.tucker import analytic_steady_state

    ss = float(analytic_steady_state(2000, 1.0, 0.0, 0.9)["xi2"])
    rows, info, ok = [], [], True
    for gs in (1.0, 4.0):
        disc = {}
        for N in FIG2_NS:
            try:
                xmin, tmin, tl, ts = fig2_timing(N, gs, nc_form=nc_form)
            except RuntimeError as exc:  # N_eff never reaches this N_c: the mechanism fails
                return CheckOutcome("fail", f"gamma_s = {gs}, N = {N}: {exc}", float("inf"), ())
            disc[N] = abs(tl - ts) / ts
            note = (
                f"min xi2 {xmin:.3f} at t = {tmin:.3g}; squeezing lost at t = {tl:.3g}; "
                f"N_eff = N_c at t* = {ts:.3g}; |t_loss - t*|/t* = {disc[N]:.3f}"
            )
            if N == 2000:
                beats = bool(xmin < ss)
                ok &= beats
                rows.append(
                    CheckRow(
                        dict(N=N, gamma_s=gs, upsilon=0.9, statement="beats steady state"),
                        xmin,
                        ss,
                        0.0 if beats else 1.0,
                        True,
                        beats,
                        note,
                    )
                )
            else:
                info.append(
                    CheckRow(dict(N=N, gamma_s=gs, upsilon=0.9), tl, ts, disc[N], False, True, note)
                )
        ratio = disc[FIG2_NS[-1]] / disc[FIG2_NS[0]] if disc[FIG2_NS[0]] > 0 else np.inf
        ok &= bool(ratio < 1)
        rows.append(
            CheckRow(
                dict(gamma_s=gs, upsilon=0.9, statement="discrepancy shrinks with N"),
                disc[FIG2_NS[-1]],
                disc[FIG2_NS[0]],
                float(ratio),
                True,
                bool(ratio < 1),
                "d(N) = "
                + ", ".join(f"{d:.3f}" for d in disc.values())
                + " at N = "
                + ", ".join(str(n) for n in disc),
            )
        )
    tab = "; ".join(r.note for r in rows if "statement" in r.params and "shrinks" in str(r.params))
    # Fig. 2(b): single trajectories at N = 2000, gamma_s = 4 Gamma: the minimum of each one's xi^2
    # against its own crossing t* of N_eff = N_c (reported)
    r_traj, traj = fig2b_trajectories()
    if nc_form is not None:  # each trajectory's own crossing of the N_c under test
        Nc = float(nc_form(2000, 0.9))
        tg = r_traj.times
        traj = tuple(
            (tm, xm, float(tg[int(np.argmax(ne < Nc))]) if (ne < Nc).any() else float("inf"))
            for (tm, xm, _), ne in zip(traj, r_traj["neff_traj"], strict=True)
        )
    for k, (tm, xm, ts) in enumerate(traj):
        d = abs(tm - ts) / ts
        info.append(
            CheckRow(
                dict(N=2000, gamma_s=4.0, upsilon=0.9, trajectory=k),
                tm,
                ts,
                d,
                False,
                bool(np.isfinite(ts) and xm < 1),
                f"trajectory {k}: min xi2 {xm:.3f} at t = {tm:.4g}; N_eff = N_c at t* = {ts:.4g}",
            )
        )
    tab += "; trajectories (N = 2000, gamma_s = 4): " + ", ".join(
        f"t_min {tm:.3g} vs t* {ts:.3g}" for tm, _, ts in traj
    )
    return CheckOutcome(
        "pass" if ok else "fail",
        "cumulant solver (validated by tucker.fig3), Upsilon = 0.9 Upsilon_c: at N = 2000 min "
        f"xi^2 beats the collective steady state ({ss:.3f}); timing discrepancy |t_loss - t*|/t* "
        f"(t_loss: xi^2 back above 1, t*: N_eff = N_c) by N: {tab}.  The mean-field timing "
        "statement holds as N -> oo: the discrepancy must shrink from N = 2000 to 10^5 (the "
        "paper reports a moderate discrepancy at N = 2000); single trajectories (Fig. 2(b)) are "
        "reported with t* each trajectory's own crossing",
        max(r.error for r in rows),
        tuple(rows),
        tuple(info),
    )


# ------------------------------------------------------------------ tucker.fig3
def min_transient_xi2(N, Gamma, chi, upsilon, gamma_s, T, n=400, method="cumulant", direction=None):
    """Minimum transient squeezing after the initial collective minimum, and its time (Fig. 3).

    The criterion of :func:`numeric.tucker._cum_solver.min_transient_squeezing` (first local
    minimum of xi^2 at N Upsilon_c t <= 10 and the rise to the next local maximum excluded).
    ``method="cumulant"``: adaptive sampling with stopping rules inside the window t <= T
    (``n`` unused); ``method="exact"``: the exact solver sampled at ``n`` times on [0, T].
    """
    from numeric.tucker._cum_solver import min_transient_squeezing, transient_minimum

    d = direction if direction is not None else (-1.0, 0.0, 0.0)
    if method == "cumulant":
        r = min_transient_squeezing(int(N), Gamma, chi, upsilon, gamma_s, d, T=T, check=False)
        return float(r["xi2_min"][0]), float(r["t_min"][0])
    t = np.linspace(0, T, n)
    r = _exact_run(N, Gamma, chi, upsilon, gamma_s, t)
    x, tm, _ = transient_minimum(t, r["xi2"], N * upsilon * np.hypot(Gamma, 2 * chi))
    return x, tm


def cumulant_accuracy(N, gamma_s, upsilon=0.9, n=900, cumulant=None):
    """Cumulant vs exact permutation-invariant solution on one time grid (same criterion).

    Returns (min xi^2 cumulant, exact, relative error, max_t |xi^2_cum - xi^2_exact| for t up
    to the exact minimum).  Window 3/gamma_s, ``n`` samples (both solvers on the same grid).
    """
    from numeric.tucker._cum_solver import transient_minimum

    t = np.linspace(0, 3.0 / gamma_s, n)
    e = _exact_run(N, 1.0, 0.0, upsilon, gamma_s, t)
    c = (cumulant or cumulant_run)(N, 1.0, 0.0, upsilon, gamma_s, t)
    rate = N * upsilon
    xe, te, _ = transient_minimum(t, e["xi2"], rate)
    xc, _, _ = transient_minimum(t, c["xi2"], rate)
    win = t <= te
    return xc, xe, abs(xc - xe) / xe, float(np.max(np.abs(c["xi2"][win] - e["xi2"][win])))


FIG3_POINTS = tuple(
    dict.fromkeys(
        [(N, g) for N in (10, 20, 30, 40) for g in (0.1 * N, 1.0)] + [(60, 6.0), (80, 8.0)]
    )
)
"""(N, gamma_s/Gamma): fixed gamma_s/(N Gamma) = 0.1 (the mean-field scaling, N <= 80) and fixed
gamma_s = Gamma (N <= 40; 7.4 % at N = 60 and 8.1 % at N = 80 measured once, too slow for the check)."""


def _check_fig3(points=FIG3_POINTS, cumulant=None, statements=True) -> CheckOutcome:
    """``cumulant``: the cumulant route under test (signature of :func:`.tucker.cumulant_run`);
    ``statements=False`` skips the N = 10^4 statements (for tests of the validation part)."""
    rows = []
    for u in (0.9, 0.8):
        for N, gs in points:
            if u == 0.8 and N > 40:
                continue
            xc, xe, err, traj = cumulant_accuracy(N, gs, u, cumulant=cumulant)
            rows.append(
                CheckRow(
                    dict(N=N, gamma_s=gs, upsilon=u),
                    xc,
                    xe,
                    err,
                    True,
                    err < 0.1,
                    f"max_t |xi2_cum - xi2_exact| up to the exact minimum: {traj:.3g}",
                )
            )
    stmt = _fig3_statements() if statements else ()
    ok = all(r.passed for r in rows) and all(r.passed for r in stmt)
    by = {}
    for r in rows:
        key = (
            "gamma_s/(N Gamma) = 0.1"
            if abs(r.params["gamma_s"] - 0.1 * r.params["N"]) < 1e-9
            else "gamma_s = Gamma"
        )
        by.setdefault(key, {}).setdefault(r.params["N"], []).append(r.error)
    table = "; ".join(
        f"{k}: " + ", ".join(f"N={N} {max(v):.3f}" for N, v in d.items()) for k, d in by.items()
    )
    return CheckOutcome(
        "pass" if ok else "fail",
        "second-order cumulants vs exact permutation-invariant solver, min transient xi^2 "
        "(after the initial collective minimum), Upsilon/Upsilon_c = 0.8, 0.9; worst relative "
        f"error by N: {table}.  At fixed gamma_s/(N Gamma) the error decreases slowly with N; "
        "at fixed gamma_s/Gamma it grows with N (deeper, more collective squeezing); the "
        "closure always underestimates the squeezing (xi2_cum > xi2_exact).  Paper statements "
        "at N = 10^4: " + "; ".join(r.note for r in stmt),
        max(r.error for r in rows),
        tuple(rows) + stmt,
    )


def _fig3_statements() -> tuple[CheckRow, ...]:
    """The paper's Fig. 3 statements at N = 10^4 from the validated cumulant solver.

    (a) for Upsilon'_c < Upsilon < Upsilon_c, finite gamma_s improves the squeezing over the exact
    collective (gamma_s = 0) steady state (best over gamma_s/Gamma in 1, 10, 50, 200);
    (b) Fig. 3(b): the squeezing grows with chi/Gamma over 0..2 (Upsilon = 0.9 Upsilon_c,
    gamma_s = 50 Gamma, CSS along the mean-field steady state).
    """
    from numeric.tucker import analytic_steady_state
    from numeric.tucker._cum_solver import min_transient_squeezing

    def db(x):
        return float(-10 * np.log10(x))

    out = []
    for u in (0.8, 0.9, 0.95):
        ss = db(float(analytic_steady_state(10_000, 1.0, 0.0, u)["xi2"]))
        tr = {
            g: db(float(min_transient_squeezing(10_000, 1.0, 0.0, u, g, check=False)["xi2_min"][0]))
            for g in (1.0, 10.0, 50.0, 200.0)
        }
        best = max(tr.values())
        out.append(
            CheckRow(
                dict(N=10_000, upsilon=u, statement="gamma_s > 0 beats gamma_s = 0"),
                best,
                ss,
                max(0.0, ss - best),
                True,
                best > ss,
                f"Upsilon = {u} Upsilon_c: collective steady state {ss:.2f} dB, transient "
                + ", ".join(f"{v:.2f}" for v in tr.values())
                + " dB at gamma_s/Gamma = 1, 10, 50, 200",
            )
        )
    chis = (0.0, 0.5, 1.0, 1.5, 2.0)
    v = [
        db(
            float(
                min_transient_squeezing(
                    10_000, 1.0, c, 0.9, 50.0, mf_direction(1.0, c, 0.9), check=False
                )["xi2_min"][0]
            )
        )
        for c in chis
    ]
    grows = all(b > a for a, b in zip(v, v[1:], strict=False))
    out.append(
        CheckRow(
            dict(N=10_000, upsilon=0.9, gamma_s=50.0, statement="squeezing grows with chi"),
            v[-1],
            v[0],
            0.0,
            True,
            grows,
            "Fig. 3(b) chi/Gamma = 0..2: " + ", ".join(f"{x:.2f}" for x in v) + " dB",
        )
    )
    return tuple(out)


# ------------------------------------------------------------------ registry
register(
    Claim(
        id="tucker.fig2",
        paper=PAPER,
        equation="Fig. 2",
        title="transient squeezing for gamma_s > 0 beats the collective steady state in Upsilon'_c < Upsilon < "
        "Upsilon_c and is lost when N_eff crosses N_c",
        numeric=_check_fig2,
        tolerance=1.0,
        tolerance_note="d(10^5)/d(2000) of the timing discrepancy d = |t_loss - t*|/t* at each gamma_s "
        "must be < 1: the timing statement is mean-field (exact only as N -> oo), so the "
        "finite-N discrepancy must shrink (measured 0.26, 0.21, 0.13 at N = 2000, 10^4, 10^5 "
        "for gamma_s = Gamma; 0.031, 0.009, 0.020 for gamma_s = 4 Gamma); replaces the bound "
        "d <= 0.3 at N = 2000 set in session 1 after seeing the data.  At N = 2000 the minimum "
        "transient xi^2 must beat the collective steady state (strict inequality)",
        exact_counterpart="second-order cumulants at N = 2000, 10^4, 10^5 (validated against the exact "
        "permutation-invariant solver in tucker.fig3); two quantum trajectories at N = 2000, "
        "gamma_s = 4 Gamma in the Dicke basis (numeric.tucker.trajectories, Fig. 2(b))",
    )
)
# (tucker.fig2: complete check measured at 37 s CPU on 2 shared cores: it runs by default)

register(
    Claim(
        id="tucker.fig3",
        paper=PAPER,
        equation="Fig. 3",
        title="minimum transient squeezing from second-order cumulants (validated vs exact, used at N = 10^4)",
        numeric=_check_fig3,
        tolerance=0.1,  # complete check (N <= 80) measured at 27 s CPU: runs by default
        tolerance_note="relative error of the minimum transient xi^2 (after the initial collective minimum), "
        "cumulants vs exact, N = 10..40",
        exact_counterpart="permutation-invariant Dicke-basis solver (pi_dynamics), N = 10..80 at "
        "gamma_s/(N Gamma) = 0.1 and N = 10..40 at gamma_s = Gamma, Upsilon/Upsilon_c = 0.8, 0.9",
    )
)


# ------------------------------------------------------------------ figures
def _draw_fig2a(path) -> None:
    """Fig. 2(a): xi^2(t) and N_eff(t)/N_c at N = 2000, Upsilon = 0.9 Upsilon_c (cumulants)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from numeric.tucker import analytic_steady_state

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for gs, col in ((1.0, "C0"), (4.0, "C1")):
        r, Nc = fig2_series(gamma_s=gs)
        ax.semilogy(
            r.times * gs, r["xi2"], color=col, label=rf"$\xi^2$, $\gamma_s/\Gamma$ = {gs:g}"
        )
        ax.semilogy(r.times * gs, r["neff"] / Nc, "--", color=col, label=r"$N_{eff}/N_c$")
    ax.axhline(1, color="k", lw=0.8)
    ax.axhline(
        float(analytic_steady_state(2000, 1.0, 0.0, 0.9)["xi2"]),
        color="0.5",
        ls=":",
        label=r"collective steady state $\xi^2$",
    )
    ax.set_ylim(0.1, 10)
    ax.set_xlabel(r"$\gamma_s t$")
    ax.legend(fontsize=7)
    ax.set_title(
        r"tucker2020 Fig. 2(a): N = 2000, $\Upsilon = 0.9\Upsilon_c$, $\chi = 0$ (cumulants)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _draw_fig3a(path) -> None:
    """Fig. 3(a): the paper's 20 x 20 map at N = 10^4 (second-order cumulants, sweep engine)."""
    from .tucker_scans import _plot_fig3a, tucker_fig3a

    _plot_fig3a(tucker_fig3a(progress=False).data, path)


def _draw_fig3b(path) -> None:
    """Fig. 3(b): minimum transient squeezing vs chi/Gamma at N = 10^4 (second-order cumulants)."""
    from .tucker_scans import _plot_fig3b, tucker_fig3b

    _plot_fig3b(tucker_fig3b(scheduler="serial", progress=False).data, path)


try:
    from .._records import Figure
    from .._registry import register_figure

    register_figure(
        Figure(
            "tucker_fig2a",
            PAPER,
            "Fig. 2(a): xi^2(t) (solid) and N_eff(t)/N_c (dashed) at N = 2000 from the "
            "validated second-order cumulant solver.",
            _draw_fig2a,
            slow=True,
        )
    )
    register_figure(
        Figure(
            "tucker_fig3a",
            PAPER,
            "Fig. 3(a): minimum transient squeezing (after the initial collective minimum) over "
            "(Upsilon/Upsilon_c, gamma_s/Gamma), chi = 0, N = 10^4, CSS along -x, second-order "
            "cumulants.",
            _draw_fig3a,
            slow=True,
        )
    )
    register_figure(
        Figure(
            "tucker_fig3b",
            PAPER,
            "Fig. 3(b): minimum transient squeezing vs chi/Gamma at Upsilon = 0.9 Upsilon_c, "
            "gamma_s = 50 Gamma, N = 10^4, CSS along the gamma_s = 0 mean-field steady state.",
            _draw_fig3b,
        )
    )
except ImportError:  # pragma: no cover - figure registry absent in older cores
    pass
