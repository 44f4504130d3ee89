"""sundar2023 with decoherence: Eq. (7) and Fig. 3 (Ramsey sensitivity with cavity loss and emission).

Parametrisation (Fig. 3 and Eq. (7)): the cavity detuning x = Delta/kappa sets, in units of the
single-atom emission rate gamma_s (= 1 here),

    chi = C/(4 x),    Gamma = C/(4 x^2),    gamma_s = 1        (C = 4 g_F^2/(kappa gamma_s)),

from chi = g_F^2/|Delta| and Gamma = g_F^2 kappa/Delta^2 (``derive.sundar.cavity_derivation``), so
(Delta phi)^2 depends only on N, C, x and N chi t.  phi = 0, difference protocol.

Solvers: the second-order cumulant equations (``derive.sundar.sundar_cumulant_system``, any N)
and the exact two-ensemble permutation-symmetric Lindblad solver (``numeric.sundar.open_evolve``,
N <= 32).  Claim ``sundar.eq7`` (and its Finding) and the figures ``sundar_fig3a``, ``sundar_fig3b``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from derive import compile_expr

from .._records import CheckOutcome, CheckRow, Claim, Finding, Param, Quantity
from .._registry import register, register_quantity

__all__ = [
    "cavity_rates",
    "dphi2_curve",
    "best_time",
    "optimum",
    "eq7",
    "eq7_printed",
    "detuning_opt",
    "linear_optimum",
    "fig3a_data",
    "fig3b_data",
    "draw_fig3a",
    "draw_fig3b",
]

PAPER = "sundar2023"
FIG3_N = 100_000
FIG3_C = 10.0
FIG3A_X = (0.2, 0.3, 0.42, 0.6, 0.9)
"""Delta/(sqrt(N) kappa) of the Fig. 3(a) curves (the optimum is near 0.42-0.48 at C = 10, N = 1e5)."""


# ------------------------------------------------------------------ closed forms
@cache
def _eq7_forms():
    from derive.sundar._eq7 import C, N, eq7_derivation, kappa
    from derive.sundar._eq7 import eq7_printed as pr

    d = eq7_derivation()
    return (
        compile_expr(d.result, (N, C)),
        compile_expr(pr(), (N, C)),
        compile_expr(d.step("Delta_opt").expr.subs(kappa, 1), (N, C)),
    )


def eq7(N, C, **_):
    """Eq. (7) as derived here (leading log): (Delta phi)^2 = 2 sqrt(ln 2NC)/(N^{3/2} sqrt C)."""
    return float(_eq7_forms()[0](N=float(N), C=float(C)))


def eq7_printed(N, C, **_):
    """Eq. (7) as printed: sqrt(2 ln 2NC)/(N^{3/2} sqrt C)."""
    return float(_eq7_forms()[1](N=float(N), C=float(C)))


def detuning_opt(N, C, **_):
    """Optimal Delta/kappa (derived = printed): sqrt(NC)/(2 sqrt(ln 2NC))."""
    return float(_eq7_forms()[2](N=float(N), C=float(C)))


@cache
def _xi2_linear():
    from derive.sundar._decoherence import _tau, epsilon, epsilon_g, xi2_depletion

    return compile_expr(xi2_depletion(), (epsilon, epsilon_g, _tau))


def linear_optimum(N: float, C: float) -> dict[str, float]:
    """Minimum over (tau, x) of the linearised closed form xi2_depletion (N (Delta phi)^2 ~ xi^2).

    Numerical minimisation (Nelder-Mead from a few starts) of the derived closed form without the
    leading-log steps; any N (no solver).  Returns N^{3/2} (Delta phi)^2, x = Delta/kappa, tau.
    """
    from scipy.optimize import minimize

    f = _xi2_linear()

    def g(p):
        x, tau = np.exp(p[0]), p[1]
        eg = 4 * x / (N * C)
        return float(f(epsilon=1 / (2 * x) + eg, epsilon_gamma=eg, tau=tau))

    x0, L = detuning_opt(N, C), np.log(2 * N * C)
    best = min(
        (
            minimize(
                g,
                [np.log(x0) + a, L / 2 + b],
                method="Nelder-Mead",
                options={"xatol": 1e-10, "fatol": 1e-15, "maxiter": 4000},
            )
            for a in (-0.5, 0.0, 0.5)
            for b in (-2.0, 0.0, 2.0)
        ),
        key=lambda r: r.fun,
    )
    return {
        "N32_dphi2": float(best.fun * np.sqrt(N)),
        "x": float(np.exp(best.x[0])),
        "tau": float(best.x[1]),
    }


# ------------------------------------------------------------------ solvers
def cavity_rates(C: float, x: float) -> dict[str, float]:
    """chi, Gamma, gamma_s (units of gamma_s) for cooperativity C and detuning x = Delta/kappa."""
    return {"chi": C / (4 * x), "Gamma": C / (4 * x * x), "gamma_s": 1.0}


@cache
def _cumulants():
    from derive.sundar import sundar_cumulant_system

    return sundar_cumulant_system(2)


def dphi2_curve(N: int, C: float, x: float, tau, method: str = "cumulant", check: bool = False):
    """(Delta phi)^2 at phi = 0 on the grid tau = N chi t (cumulant or exact solver); returns the Result."""
    from numeric.sundar import cumulant_evolve, open_evolve

    p = cavity_rates(C, x)
    t = np.asarray(tau, dtype=float) / (N * p["chi"])
    if method == "exact":
        return open_evolve(int(N), p["chi"], p["Gamma"], p["gamma_s"], t, phi=0.0)
    c = _cumulants()
    return cumulant_evolve(
        c.rhs_vector,
        c.moments,
        c.names,
        int(N),
        p["chi"],
        p["Gamma"],
        p["gamma_s"],
        t,
        phi=0.0,
        check=check,
    )


def _tau_max(N, C):
    return float(np.log(N * C) + 3.0)


def best_time(
    N: int, C: float, x: float, method: str = "cumulant", n: int | None = None
) -> tuple[float, float]:
    """min over t of (Delta phi)^2 and tau = N chi t there (grid, then a parabola through the 3 best points)."""
    n = n or (400 if method == "cumulant" else 41)
    tau = np.linspace(0.0, _tau_max(N, C), n)
    d = np.asarray(dphi2_curve(N, C, x, tau, method)["dphi2"])
    i = int(np.clip(np.argmin(d), 1, n - 2))
    y = np.log(d[i - 1 : i + 2])
    h = tau[1] - tau[0]
    den = y[0] - 2 * y[1] + y[2]
    s = 0.5 * (y[0] - y[2]) / den if den > 0 else 0.0
    s = float(np.clip(s, -1, 1))
    return float(np.exp(y[1] - 0.25 * (y[0] - y[2]) * s)), float(tau[i] + s * h)


def optimum(
    N: int, C: float, method: str = "cumulant", n_x: int = 11, span: float = 1.2
) -> dict[str, float]:
    """min over t and Delta of (Delta phi)^2: log grid in x around the printed optimum, then Brent.

    Returns ``N32_dphi2`` (N^{3/2} (Delta phi)^2), ``x`` (Delta/kappa), ``x_scaled`` (Delta/(sqrt(N)
    kappa)), ``tau``, and for the cumulant method the ODE-tolerance error at the optimum.
    """
    from scipy.optimize import minimize_scalar

    x0 = detuning_opt(N, C)
    lx = np.log(x0) + np.linspace(-span, span, n_x)
    vals = [best_time(N, C, float(np.exp(v)), method)[0] for v in lx]
    i = int(np.argmin(vals))
    if method == "cumulant" and 0 < i < n_x - 1:
        res = minimize_scalar(
            lambda v: best_time(N, C, float(np.exp(v)), method)[0],
            bracket=(lx[i - 1], lx[i], lx[i + 1]),
            tol=1e-6,
        )
        lbest = float(res.x)
    else:
        lbest = float(lx[i])
    x = float(np.exp(lbest))
    d, tau = best_time(N, C, x, method)
    out = {"N32_dphi2": d * N**1.5, "x": x, "x_scaled": x / np.sqrt(N), "tau": tau}
    if method == "cumulant":
        r = dphi2_curve(N, C, x, np.linspace(0, tau, 50), method, check=True)
        out["ode_error"] = float(r.convergence[0].error)
    return out


# ------------------------------------------------------------------ figure data
def fig3a_data(N: int = FIG3_N, C: float = FIG3_C, xs=FIG3A_X, n: int = 300) -> dict:
    """Fig. 3(a): sqrt(N) Delta phi against gamma_s t for Delta/(sqrt(N) kappa) in ``xs`` (cumulants)."""
    out = {"x_scaled": np.asarray(xs, float), "gamma_t": [], "sqrtN_dphi": []}
    for xs_ in xs:
        x = xs_ * np.sqrt(N)
        tau = np.linspace(0.0, _tau_max(N, C) + 2, n)
        r = dphi2_curve(N, C, x, tau)
        out["gamma_t"].append(np.asarray(r.times))
        out["sqrtN_dphi"].append(np.sqrt(N * np.asarray(r["dphi2"])))
    return out


def fig3b_data(N: int = FIG3_N, C: float = FIG3_C, xs=None) -> dict:
    """Fig. 3(b): N^{3/4} Delta phi_best (min over t) against Delta/(sqrt(N) kappa) (cumulants)."""
    xs = np.geomspace(0.1, 2.0, 15) if xs is None else np.asarray(xs, float)
    best = np.array([best_time(N, C, float(v * np.sqrt(N)))[0] for v in xs])
    return {
        "x_scaled": xs,
        "N34_dphi": N**0.75 * np.sqrt(best),
        "printed_x": detuning_opt(N, C) / np.sqrt(N),
        "printed_N34": np.sqrt(eq7_printed(N, C) * N**1.5),
        "derived_N34": np.sqrt(eq7(N, C) * N**1.5),
    }


def draw_fig3a(ax, data: dict | None = None) -> None:
    data = data or fig3a_data()
    for xs_, t, y in zip(data["x_scaled"], data["gamma_t"], data["sqrtN_dphi"], strict=True):
        ax.plot(t, y, label=rf"$\Delta/\sqrt{{N}}\kappa$ = {xs_:g}")
    ax.axhline(1.0, color="k", lw=0.8, ls=":", label="SQL")
    # the curves leave the frame soon after their minima: show up to where the last one does
    ends = [
        t[np.nonzero(y > 1.2)[0][0]]
        for t, y in zip(data["gamma_t"], data["sqrtN_dphi"], strict=True)
        if np.any(y > 1.2)
    ]
    if ends:
        ax.set_xlim(0, 1.1 * max(ends))
    ax.set_xlabel(r"$\gamma t$")
    ax.set_ylabel(r"$\sqrt{N}\Delta\phi$")
    ax.set_ylim(0, 1.2)
    ax.legend(fontsize=7)


def draw_fig3b(ax, data: dict | None = None) -> None:
    data = data or fig3b_data()
    ax.semilogx(data["x_scaled"], data["N34_dphi"], "o-", label="cumulants, min over t")
    ax.plot([data["printed_x"]], [data["printed_N34"]], "r*", ms=10, label="printed Eq. (7)")
    ax.plot([data["printed_x"]], [data["derived_N34"]], "ks", label="derived (leading log)")
    ax.set_xlabel(r"$\Delta/(\sqrt{N}\kappa)$")
    ax.set_ylabel(r"$N^{3/4}\Delta\phi_{\rm best}$")
    ax.legend(fontsize=7)


def _draw(path, which: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    (draw_fig3a if which == "a" else draw_fig3b)(ax)
    ax.set_title(
        f"sundar2023 Fig. 3({which}): C = {FIG3_C:g}, N = {FIG3_N:.0e} (second-order cumulants)",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


# ------------------------------------------------------------------ the claim
_EXACT_NS = (8, 12, 16)
_CUM_NS = (10**5, 10**6, 10**7)
_ASYM_NS = (1e20, 1e40, 1e80)
_TOL = 0.05


@cache
def _eq7_numbers() -> dict:
    cum = {N: optimum(N, FIG3_C) for N in _CUM_NS}
    exact = {
        N: (optimum(N, FIG3_C, "exact", n_x=9), optimum(N, FIG3_C, "cumulant", n_x=9))
        for N in _EXACT_NS
    }
    lin = {N: _linear_optimum(N, FIG3_C) for N in _CUM_NS + _ASYM_NS}
    return {"cum": cum, "exact": exact, "lin": lin}


def _check_eq7(derived=eq7) -> CheckOutcome:
    """The derived forms against the solvers; ``derived(N, C)`` replaces the leading-log Eq. (7) (tests)."""
    d = _eq7_numbers()
    rows = []
    for N, o in d["cum"].items():
        lin = d["lin"][N]["N32_dphi2"]
        pr = eq7_printed(N, FIG3_C) * N**1.5
        err = abs(lin - o["N32_dphi2"]) / o["N32_dphi2"]
        rows.append(
            CheckRow(
                {
                    "N": N,
                    "C": FIG3_C,
                    "closed": "derived linearised xi^2, min over tau, Delta",
                    "exact": "cumulant min over t, Delta",
                },
                lin,
                o["N32_dphi2"],
                err,
                True,
                err <= _TOL and o["ode_error"] < 1e-5,
                f"leading log {eq7(N, FIG3_C) * N**1.5:.4f}, printed {pr:.4f} "
                f"(error {abs(pr - o['N32_dphi2']) / o['N32_dphi2']:.3f}); Delta/(sqrt(N) kappa) "
                f"{o['x_scaled']:.3f} vs derived = printed {detuning_opt(N, FIG3_C) / N**0.5:.3f}; "
                f"ODE error {o['ode_error']:.1e}",
            )
        )
    for N in _CUM_NS + _ASYM_NS:
        o = d["lin"][N]
        der = derived(N, FIG3_C) * N**1.5
        err = abs(der - o["N32_dphi2"]) / o["N32_dphi2"]
        inside = N in _ASYM_NS
        rows.append(
            CheckRow(
                {
                    "N": N,
                    "C": FIG3_C,
                    "closed": "leading-log Eq. (7)",
                    "exact": "derived linearised xi^2, min over tau, Delta",
                },
                der,
                o["N32_dphi2"],
                err,
                inside,
                err <= _TOL if inside else True,
                f"printed/linearised = {eq7_printed(N, FIG3_C) * N**1.5 / o['N32_dphi2']:.4f}; "
                f"x/x_printed = {o['x'] / detuning_opt(N, FIG3_C):.4f}",
            )
        )
    for N, (ex, cu) in d["exact"].items():
        err = abs(cu["N32_dphi2"] - ex["N32_dphi2"]) / ex["N32_dphi2"]
        rows.append(
            CheckRow(
                {
                    "N": N,
                    "C": FIG3_C,
                    "closed": "cumulant optimum",
                    "exact": "Lindblad (PIQS) optimum",
                },
                cu["N32_dphi2"],
                ex["N32_dphi2"],
                err,
                False,
                True,
                f"closure error at the optimum (cumulant "
                f"{'below' if cu['N32_dphi2'] < ex['N32_dphi2'] else 'above'} exact); printed "
                f"{eq7_printed(N, FIG3_C) * N**1.5:.3f}",
            )
        )
    ins = [r for r in rows if r.in_regime]
    worst = max(r.error for r in ins)
    ok = all(r.passed for r in ins)
    cum_err = ", ".join(
        f"{abs(eq7_printed(N, FIG3_C) * N**1.5 - o['N32_dphi2']) / o['N32_dphi2']:.3f}"
        for N, o in d["cum"].items()
    )
    return CheckOutcome(
        "pass" if ok else "fail",
        f"C = 10. (i) the derived linearised optimum (xi2_depletion minimised over tau, Delta) vs the cumulant "
        f"optimum over t, Delta at N = 1e5..1e7, and (ii) the leading-log Eq. (7) 2 sqrt(ln 2NC)/(N^1.5 sqrt C) vs "
        f"that linearised optimum at N = 1e20..1e80 (where ln NC >> 1): worst relative error {worst:.3f} "
        f"(tol {_TOL}). The printed Eq. (7) errs by {cum_err} against the cumulant optimum (N = 1e5..1e7) and by "
        f"{1 - eq7_printed(1e80, FIG3_C) * 1e120 / d['lin'][1e80]['N32_dphi2']:.3f} against the linearised optimum "
        "at N = 1e80. Breakdown rows: leading log at N = 1e5..1e7 (subleading logs), and the Gaussian closure "
        "against the exact PIQS Lindblad optimum at N = 8..16 (closure error vs N)",
        worst,
        tuple(ins),
        tuple(r for r in rows if not r.in_regime),
    )


# (N, C) of the finding: realistic NC = 1e5..1e8 (the paper quotes NC = 4e5 at N = 1e6 and 1e7 "within
# reach"), C <~ 1, inside the claim's regime C << ln 2NC (12..19) where the linearised form holds
FINDING_POINTS = ((10**6, 0.1), (10**6, 1.0), (10**7, 1.0), (10**8, 1.0))  # NC = 1e5, 1e6, 1e7, 1e8
_UPA_POINT = (10**6, 1.0)  # largest n/sqrt(N) of the set: where beyond-UPA corrections are largest


@cache
def _linear_optimum(N: float, C: float) -> dict[str, float]:
    return linear_optimum(N, C)


def _is_minimum(N: float, C: float, o: dict, h: float = 1e-3) -> bool:
    """The optimiser's point is a local minimum of the linearised form (+-h steps in ln x and tau)."""
    f = _xi2_linear()

    def g(lx, tau):
        eg = 4 * np.exp(lx) / (N * C)
        return float(f(epsilon=1 / (2 * np.exp(lx)) + eg, epsilon_gamma=eg, tau=tau))

    lx, tau = np.log(o["x"]), o["tau"]
    v = g(lx, tau)
    return all(g(lx + a, tau + b) >= v for a in (-h, 0, h) for b in (-h, 0, h))


@cache
def _finding_numbers() -> dict:
    """Evidence of the Eq. (7) finding, from methods valid at N = 1e6..1e8, C <~ 1 (seconds).

    * exact numerical optimisation over tau and Delta of the un-expanded linearised xi^2
      (``xi2_depletion``), the expression the leading-log forms approximate, with a check that
      the optimiser's point is a minimum;
    * the size of what that expression neglects (beyond-UPA pump depletion) from the exact sector
      solution of Eq. (1) at the optimal tau, N = 1e6, C = 1 (decoherence-free: the decoherence
      terms are already in the linearised form);
    * the second-order cumulant closure at the same point, to show why it is not used as evidence.
    """
    from numeric.sundar import evolve

    lin = {(N, C): _linear_optimum(N, C) for N, C in FINDING_POINTS}
    minimum = all(_is_minimum(N, C, lin[(N, C)]) for N, C in FINDING_POINTS)
    N, C = _UPA_POINT
    tau = lin[(N, C)]["tau"]
    ex = evolve(N, 1.0, [tau / N])
    cu = cumulant_evolve_free(N, tau)
    xi2_opt = lin[(N, C)]["N32_dphi2"] / np.sqrt(N)
    return {
        "lin": lin,
        "minimum": minimum,
        "upa_excess": float((ex["xi2"][0] - np.exp(-tau)) / xi2_opt),
        "closure_bias": float((ex["xi2"][0] - cu) / xi2_opt),
        "sector_converged": all(c.converged for c in ex.convergence),
    }


def cumulant_evolve_free(N: int, tau: float) -> float:
    """xi^2 of the second-order cumulant equations at tau = N chi t without decoherence."""
    from numeric.sundar import cumulant_evolve

    c = _cumulants()
    r = cumulant_evolve(c.rhs_vector, c.moments, c.names, int(N), 1.0, 0.0, 0.0, [0.0, tau / N])
    return float(r["xi2"][-1])


@cache
def _findings_eq7() -> tuple[Finding, ...]:
    d = _finding_numbers()
    lin = d["lin"]
    ratio_d = {k: eq7(*k) * k[0] ** 1.5 / v["N32_dphi2"] for k, v in lin.items()}
    ratio_p = {k: eq7_printed(*k) * k[0] ** 1.5 / v["N32_dphi2"] for k, v in lin.items()}
    ratio_x = {k: v["x"] / detuning_opt(*k) for k, v in lin.items()}

    def rng(r):
        return f"{min(r.values()):.3f}..{max(r.values()):.3f}"

    rows = "; ".join(
        f"N = {N:.0e}, C = {C:g}: optimum {lin[(N, C)]['N32_dphi2']:.3f}, derived/optimum "
        f"{ratio_d[(N, C)]:.3f}, printed/optimum {ratio_p[(N, C)]:.3f}, Delta_opt/printed "
        f"{ratio_x[(N, C)]:.3f}"
        for N, C in FINDING_POINTS
    )
    N1e80 = eq7_printed(1e80, FIG3_C) * 1e120 / _linear_optimum(1e80, FIG3_C)["N32_dphi2"]
    eps = max(1 / (2 * v["x"]) for v in lin.values())  # eps_Gamma = kappa/(2 Delta) at the optima
    return (
        Finding(
            "sundar.eq7",
            "Eq. (7)",
            r"(\Delta\phi)^2 = \frac{\sqrt{2\ln(2NC)}}{N^{3/2}\sqrt{C}}\ \text{at}\ "
            r"\Delta = \frac{\kappa\sqrt{NC}}{2\sqrt{\ln(2NC)}}",
            r"(\Delta\phi)^2 \simeq \frac{2\sqrt{\ln(2NC)}}{N^{3/2}\sqrt{C}}\ \text{at}\ "
            r"\Delta \simeq \frac{\kappa\sqrt{NC}}{2\sqrt{\ln(2NC)}}"
            r"\quad(\text{leading order in }1/\ln NC)",
            "derive.sundar.eq7_derivation: with eps_Gamma = kappa/(2 Delta), eps_gamma = 4 Delta/(N C kappa), the "
            "linearised xi^2 = e^{-tau} + eps_Gamma + e^{tau} eps_gamma^2 tau^2 [(1-r)^2+1]/4 is minimised at "
            "e^tau = 2/(eps_gamma tau), r = 1, giving N (Delta phi)^2 = 2 sqrt(2 tau/(NC)) with 2 tau = ln(2NC): at "
            "leading order in 1/ln NC the printed detuning is reproduced and the printed sensitivity is sqrt(2) too "
            "small (the squeezing/anti-squeezing balance and the collective decay contribute eps_gamma tau each). "
            "The sqrt(2) is a leading-log statement: printed / exact optimum of the linearised form = "
            f"{N1e80:.3f} at NC = 1e81 (-> 1/sqrt(2) = 0.707 like 1/ln NC). At realistic NC, exact numerical "
            "optimisation over t and Delta of the un-expanded linearised xi^2 (xi2_depletion, the expression both "
            f"closed forms approximate; optimiser point verified as a minimum: {d['minimum']}) gives N^1.5 "
            f"(Delta phi)^2: {rows}. What that expression neglects is small there: the beyond-UPA excess of the "
            f"exact sector solution of Eq. (1) over e^{{-tau}} at the optimal tau is {d['upa_excess']:.2%} of the "
            f"optimum (N = 1e6, C = 1, the largest n/sqrt(N) of the set; sector solution converged: "
            f"{d['sector_converged']}). No exact solver reaches this regime (the permutation-symmetric Lindblad "
            "solver stops at N = 32, where ln 2NC is not large), and second-order cumulants are not used: at the "
            f"same point their closure error alone is {d['closure_bias']:.1%} of the optimum (too optimistic). "
            "Earlier evidence from cumulants at C = 10 (outside C << ln 2NC) has been withdrawn.",
            {
                **{
                    f"derived_over_optimum_N{N:.0e}_C{C:g}": ratio_d[(N, C)]
                    for N, C in FINDING_POINTS
                },
                **{
                    f"printed_over_optimum_N{N:.0e}_C{C:g}": ratio_p[(N, C)]
                    for N, C in FINDING_POINTS
                },
                **{
                    f"Delta_opt_over_printed_N{N:.0e}_C{C:g}": ratio_x[(N, C)]
                    for N, C in FINDING_POINTS
                },
                "printed_over_linear_NC1e81": N1e80,
                "beyond_upa_excess_N1e6_C1": d["upa_excess"],
                "cumulant_closure_bias_N1e6_C1": d["closure_bias"],
            },
            regime="N = 1e6..1e8 with C = 0.1..1 (NC = 1e5..1e8), inside C << ln 2NC (12..19); the factor "
            "sqrt(2) between derived and printed closed forms holds exactly only as ln NC -> infinity",
            accuracy=f"against the exact optimum of the linearised form: the corrected closed form is "
            f"{rng(ratio_d)} (i.e. {min(ratio_d.values()) - 1:.1%}..{max(ratio_d.values()) - 1:.1%} high), the "
            f"printed one {rng(ratio_p)} (low); the printed optimal detuning is right only at leading order (the "
            f"optimum lies at {rng(ratio_x)} times it); the linearised form itself errs by "
            f"<~{max(d['upa_excess'], 0.01):.0%} there (beyond-UPA term from the exact sector solution; the "
            f"dropped O(eps) terms, eps = kappa/(2 Delta) <= {eps:.1g} at these optima)",
        ),
    )


def _register() -> None:
    from .._records import Figure
    from .._registry import register_figure

    register(
        Claim(
            id="sundar.eq7",
            paper=PAPER,
            equation="Eq. (7)",
            title="with decoherence: (Delta phi)^2 = sqrt(2 ln(2NC))/(N^{3/2} sqrt(C)) at "
            "Delta = kappa sqrt(NC)/(2 sqrt(ln 2NC))",
            derivation=lambda: __import__("derive.sundar._eq7", fromlist=["x"]).eq7_derivation(),
            symbolic=lambda: _symbolic(),
            # complete check measured at 70 s CPU on 2 shared cores: in the parallel default run it
            # ends well inside the budget, so no reduced point set is needed
            numeric=_check_eq7,
            findings=_findings_eq7,
            tolerance=_TOL,
            tolerance_note="C = 10: relative error of the derived linearised optimum against the second-order cumulant "
            "optimum over t and Delta (N = 1e5..1e7), and of the leading-log form against the linearised optimum "
            "(N = 1e20..1e80; the leading log has O(ln ln NC/ln NC) corrections)",
            exact_counterpart="second-order cumulants (Gaussian closure; exact in the linearised limit reached as "
            "N -> infinity at fixed C), checked against the exact two-ensemble PIQS Lindblad solver at N = 8..16",
            closed=eq7,
            parameters=("N", "C"),
        )
    )
    register_quantity(
        Quantity(
            "sundar.eq7",
            (
                Param("N", "int", "positive even"),
                Param("C", "real", "positive", doc="single-atom cooperativity"),
            ),
            lambda N, C: {
                "derived": eq7(N, C),
                "printed": eq7_printed(N, C),
                "Delta_over_kappa": detuning_opt(N, C),
            },
            "Eq. (7): optimum (Delta phi)^2 derived (2 sqrt(ln 2NC)/(N^1.5 sqrt C)) and printed, "
            "and the optimal Delta/kappa (same in both)",
            "closed form",
        )
    )
    register_figure(
        Figure(
            "sundar_fig3a",
            PAPER,
            "Fig. 3(a): sqrt(N) Delta phi vs gamma_s t for several Delta/(sqrt(N) kappa), C = 10, "
            "N = 1e5 (second-order cumulants)",
            lambda p: _draw(p, "a"),
            slow=True,
        )
    )
    register_figure(
        Figure(
            "sundar_fig3b",
            PAPER,
            "Fig. 3(b): N^{3/4} Delta phi_best vs Delta/(sqrt(N) kappa), C = 10, N = 1e5, with the "
            "printed and derived Eq. (7)",
            lambda p: _draw(p, "b"),
            slow=True,
        )
    )


def _symbolic() -> CheckOutcome:
    from derive.sundar._eq7 import eq7_derivation

    from .._checks import symbolic_check

    return symbolic_check(eq7_derivation(), None)


_register()
