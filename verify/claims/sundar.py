"""sundar2023 (PRL 130, 113202): pair production, two-mode squeezing and Ramsey sensitivity.

Claims: sundar.ae, sundar.eq2, sundar.eq3, sundar.nbar, sundar.quad, sundar.fig1d, sundar.eq4,
sundar.eq5, sundar.eq6 (sundar.eq7 and Fig. 3: :mod:`.sundar_fig3`).  Quantities: sundar.nbar,
sundar.xi2, sundar.xi2_min, sundar.dphi2, sundar.dphi2_open, sundar.eq5, sundar.eq6.

The exact counterpart of every closed form is the conserved-sector solution of Eq. (1)
(:mod:`numeric.sundar`), with delta = N chi/2.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from derive import compile_expr

from .._checks import pointwise_check, relative_error, symbolic_check
from .._records import CheckOutcome, CheckRow, Claim, Finding, Param, Quantity
from .._registry import register, register_quantity
from ._sundar_exact import dphi2_q as _dphi2_q
from ._sundar_exact import nbar_q as _nbar_q
from ._sundar_exact import xi2_q as _xi2_q
from ._sundar_exact import xi2min_q as _xi2min_q

PAPER = "sundar2023"


# ------------------------------------------------------------------ derivations (lazy)
def _d():
    import derive.sundar as ds

    return ds


def _sym():
    return _d().symbols


# ------------------------------------------------------------------ closed forms
def nbar_upa(N, chi, t, **_):
    """n(t) = 2 sinh^2(N chi t/2) (derived, UPA)."""
    return 2.0 * np.sinh(N * chi * np.asarray(t, dtype=float) / 2) ** 2


def xi2_upa(N, chi, t, **_):
    """xi^2 = e^{-N chi t} (derived, UPA)."""
    return np.exp(-N * chi * np.asarray(t, dtype=float))


@cache
def _eq5_compiled(which: str):
    S = _sym()
    d = _d().ramsey_derivation("difference")
    expr = d.result if which == "derived" else d.step("Eq. (5)").printed
    return compile_expr(expr, (S.N, S.chi, S.t, S.nbar, S.phi))


def eq5(N, chi, t, phi, which="derived", **_):
    """Eq. (5) (derived or printed) with n = 2 sinh^2(N chi t/2)."""
    t = np.asarray(t, dtype=float)
    return np.asarray(
        _eq5_compiled(which)(N=N, chi=chi, t=t, nbar=nbar_upa(N, chi, t), phi=phi), float
    )


@cache
def _eq6_compiled(which: str):
    S = _sym()
    d = _d().beyond_upa_derivation()
    expr = d.result if which == "derived" else d.step("Eq. (6)").printed
    return compile_expr(expr, (S.N, S.nbar, S.phi))


def eq6(N, nbar, phi=0.0, which="derived", **_):
    """Eq. (6) (derived or printed) as a function of the pair number n."""
    return np.asarray(_eq6_compiled(which)(N=N, nbar=nbar, phi=phi), float)


# ------------------------------------------------------------------ exact counterparts
def exact_nbar(N, chi, t, delta=None, **_):
    from numeric.sundar import evolve

    return np.asarray(evolve(int(N), chi, t, delta)["nbar"])


def exact_xi2(N, chi, t, delta=None, **_):
    from numeric.sundar import evolve

    return np.asarray(evolve(int(N), chi, t, delta)["xi2"])


def exact_dphi2(N, chi, t, phi, protocol="difference", delta=None, **_):
    from numeric.sundar import ramsey

    return np.asarray(ramsey(int(N), chi, t, phi, protocol, delta)["dphi2"])


def exact_signal(N, chi, t, phi, **_):
    from numeric.sundar import ramsey

    return np.asarray(ramsey(int(N), chi, t, phi)["signal"])


def exact_dphi2_vs_nbar(N, phi=0.0, **_):
    """Exact (Delta phi)^2 against the exact n on a time grid up to n ~ 2 sqrt(N)."""
    from numeric.sundar import ramsey

    tau = np.linspace(0.5, np.log(8 * np.sqrt(N)), 60)
    r = ramsey(int(N), 1.0, tau / N, phi)
    return r["nbar"], r["dphi2"]


# ------------------------------------------------------------------ regime grids
def _tau_grid(N, frac):
    """tau = N chi t from 0 up to the UPA n = frac sqrt(N)."""
    return np.linspace(0.0, 2 * np.arcsinh(np.sqrt(frac * np.sqrt(N) / 2)), 25)


def _pts(Ns, frac, extra=None):
    return [dict(N=N, chi=1.0, t=_tau_grid(N, frac) / N, **(extra or {})) for N in Ns]


_IN = (1000, 10000)
_NBAR_IN = 0.15  # n / sqrt(N) up to which the UPA is checked
_NBAR_OUT = 1.5


@cache
def upa_regime() -> tuple:
    """The UPA regime in the closed forms' parameters (N, chi, t): the derivation's conditions with
    n = 2 sinh^2(N chi t/2), and n << sqrt(N) at the threshold the checks use.

    The derivation states n << N (weak depletion).  The relative accuracy of the UPA forms needs
    more: the squeezed variance e^{-N chi t} ~ 1/(4n^2) meets the depletion corrections ~ n/N at
    n ~ sqrt(N) (the exact xi^2 minimum sits at n = 0.49 sqrt(N), sundar.fig1d), so the closed
    forms are checked up to n = 0.15 sqrt(N) (:data:`_NBAR_IN`) and fail the tolerance at
    1.5 sqrt(N) (:data:`_NBAR_OUT`).
    """
    from derive import Condition

    d = _d().tms_derivation()
    syms = {s.name: s for c in d.regime for s in c.margin.free_symbols}
    syms.update({s.name: s for s in d.parameters})
    N, chi, t, nbar = syms["N"], syms["chi"], syms["t"], syms["nbar"]
    n_t = 2 * sp.sinh(N * chi * t / 2) ** 2
    conds = tuple(
        Condition(c.lhs.subs(nbar, n_t), c.relation, c.rhs.subs(nbar, n_t), c.text, c.threshold)
        for c in d.regime
    )
    return conds + (
        Condition(
            n_t,
            "<<",
            sp.sqrt(N),
            "UPA relative accuracy: squeezing e^{-N chi t} ~ 1/(4n^2) "
            "against depletion ~ n/N; checked up to n = 0.15 sqrt(N)",
            _NBAR_IN,
        ),
    )


def _check_nbar(closed=nbar_upa):
    return pointwise_check(
        closed,
        exact_nbar,
        _pts(_IN, _NBAR_IN),
        0.02,
        breakdown=_pts((100,) + _IN, _NBAR_OUT),
        scale=lambda N, chi, t, **_: np.maximum(exact_nbar(N, chi, t), 1e-3),
        what="max_t |n_UPA - n_exact| / n_exact for n_UPA <= 0.15 sqrt(N)",
    )


def _check_quad(closed=xi2_upa):
    return pointwise_check(
        closed,
        exact_xi2,
        _pts(_IN, _NBAR_IN),
        0.02,
        breakdown=_pts(_IN, _NBAR_OUT),
        what="max_t |e^{-N chi t} - xi2_exact| / xi2_exact for n_UPA <= 0.15 sqrt(N)",
    )


def _eq4_closed(N, chi, t, phi, **_):
    return N / 2 * np.sin(phi) * np.ones_like(t)


def _check_eq4(closed=_eq4_closed):
    pts = _pts(_IN, _NBAR_IN, {"phi": 0.3})
    return pointwise_check(
        closed,
        exact_signal,
        pts,
        0.02,
        breakdown=_pts(_IN, _NBAR_OUT, {"phi": 0.3}),
        what="max_t |(N/2) sin phi - <O>_exact| / |<O>_exact| (exact: (N/2 - n) sin phi)",
    )


def _check_eq5(closed=eq5):
    pts = [dict(p, phi=ph) for p in _pts(_IN[1:], _NBAR_IN) for ph in (0.0, 0.3)]
    brk = [dict(p, phi=0.3) for p in _pts(_IN[1:], _NBAR_OUT)]
    return pointwise_check(
        closed,
        exact_dphi2,
        pts,
        0.03,
        breakdown=brk,
        what="max_t |Eq.(5)_derived - (Delta phi)^2_exact| / exact, n_UPA <= 0.15 sqrt(N)",
    )


@cache
def exact_dphi2_optimum(N: int) -> tuple[float, float]:
    """Minimum over t of the exact (Delta phi)^2 at phi = 0 and n there.

    One sector propagation on a 401-point grid of tau = N chi t within +-1 of the xi^2 minimum
    (the solver evaluates all times from one eigen-decomposition), refined by a parabola in
    log (Delta phi)^2 through the three best points.
    """
    from numeric.sundar import ramsey, xi2_minimum

    tau0 = xi2_minimum(int(N))["tau"]
    tau = np.linspace(tau0 - 1.0, tau0 + 1.0, 401)
    r = ramsey(int(N), 1.0, tau / N, 0.0)
    d = np.asarray(r["dphi2"])
    i = int(np.clip(np.argmin(d), 1, len(d) - 2))
    y = np.log(d[i - 1 : i + 2])
    den = y[0] - 2 * y[1] + y[2]
    s = float(np.clip(0.5 * (y[0] - y[2]) / den, -1, 1)) if den > 0 else 0.0
    tau_min = tau[i] + s * (tau[1] - tau[0])
    best = float(np.exp(y[1] - 0.25 * (y[0] - y[2]) * s))
    return best, float(ramsey(int(N), 1.0, [tau_min / N], 0.0)["nbar"][0])


def _check_eq6(closed=eq6, derived_opt=2 * 18**0.25 / 3):
    """Derived Eq. (6) (or ``closed(N, nbar)``) and its optimum coefficient against the exact solution."""
    rows, printed_errs = [], []
    for inside, Ns in ((True, (10**4, 4 * 10**4)), (False, (100,))):
        for N in Ns:
            n, ex = exact_dphi2_vs_nbar(N)
            sel = (n > 0.2 * np.sqrt(N)) & (n < 1.2 * np.sqrt(N))
            cl = closed(N, n[sel])
            err = float(np.max(np.abs(cl - ex[sel]) / ex[sel])) if np.any(sel) else float("inf")
            errp = (
                float(np.max(np.abs(eq6(N, n[sel], which="printed") - ex[sel]) / ex[sel]))
                if np.any(sel)
                else float("inf")
            )
            printed_errs.append(errp)
            rows.append(
                CheckRow(
                    {"N": N, "phi": 0.0, "n range": "0.2 sqrt(N) < n < 1.2 sqrt(N)"},
                    float(cl[-1]),
                    float(ex[sel][-1]),
                    err,
                    inside,
                    (err <= 0.1) if inside else True,
                    f"printed Eq. (6): worst {errp:.3g}",
                )
            )
    Ns = np.array([1e4, 1e5, 1e6])
    opt = np.array([exact_dphi2_optimum(int(N))[0] for N in Ns])
    A, p = fit_power_law(Ns, opt)
    for N, v in zip(Ns, opt, strict=False):
        e = abs(derived_opt * N**-1.5 - v) / v
        rows.append(
            CheckRow(
                {"N": int(N), "quantity": "min_t (Delta phi)^2"},
                derived_opt * N**-1.5,
                v,
                e,
                True,
                e <= 0.1,
                f"printed optimum 0.877 N^-3/2 errs by {abs(0.8774 * N**-1.5 - v) / v:.3g}",
            )
        )
    ins = tuple(r for r in rows if r.in_regime)
    worst = max(r.error for r in ins)
    ok = all(r.passed for r in ins) and abs(p + 1.5) < 0.03
    return CheckOutcome(
        "pass" if ok else "fail",
        f"exact optimum min_t (Delta phi)^2 = {A:.3f} N^{p:.4f} over N = 1e4..1e6 "
        f"(N^1.5 x optimum at 1e6: {opt[-1] * 1e9:.4f}; derived 1.3732, printed 0.8774); "
        f"derived Eq. (6) (coefficient 3 n^3/N^3) vs exact (Delta phi)^2(n) at phi = 0, "
        f"0.2 sqrt(N) < n < 1.2 sqrt(N), N = 1e4, 4e4: worst relative error {worst:.3g} "
        f"(tol 0.1; corrections O(1/n, n/N)); the printed Eq. (6) errs by up to "
        f"{max(printed_errs[:2]):.3g} on the same points",
        worst,
        ins,
        tuple(r for r in rows if not r.in_regime),
    )


# ------------------------------------------------------------------ fig. 1(d) scaling
FIG1D_NS = (10**2, 10**3, 10**4, 10**5, 10**6)


@cache
def fig1d_data(Ns: tuple[int, ...] = FIG1D_NS) -> dict[str, np.ndarray]:
    """Exact xi^2_min and n at the minimum for each N (numeric.sundar.xi2_minimum)."""
    from numeric.sundar import xi2_minimum

    res = [xi2_minimum(int(N)) for N in Ns]
    return {
        "N": np.array(Ns, float),
        "xi2_min": np.array([r["xi2_min"] for r in res]),
        "nbar": np.array([r["nbar"] for r in res]),
        "tau": np.array([r["tau"] for r in res]),
    }


def fit_power_law(N, y) -> tuple[float, float]:
    """Least-squares fit y = A N^p in log space; returns (A, p)."""
    p, lnA = np.polyfit(np.log(N), np.log(y), 1)
    return float(np.exp(lnA)), float(p)


def _check_fig1d(Ns=FIG1D_NS, derived=2 * 18**0.25 / 3) -> CheckOutcome:
    d = fig1d_data(tuple(Ns))
    big = d["N"] >= 1e4
    A, p = fit_power_law(d["N"][big], d["xi2_min"][big])
    An, pn = fit_power_law(d["N"][big], d["nbar"][big])
    pref = d["xi2_min"][-1] * np.sqrt(d["N"][-1])
    rows = tuple(
        CheckRow(
            {"N": int(N)},
            derived / np.sqrt(N),
            x,
            abs(derived / np.sqrt(N) - x) / x,
            N >= 1e4,
            abs(derived / np.sqrt(N) - x) / x <= 0.05 if N >= 1e4 else True,
        )
        for N, x in zip(d["N"], d["xi2_min"], strict=False)
    )
    ok = abs(p + 0.5) < 0.03 and abs(pref - derived) / derived < 0.03
    return CheckOutcome(
        "pass" if ok else "fail",
        f"exact xi2_min fit over N = 1e4..{int(d['N'][-1]):.0e}: {A:.3f} N^{p:.4f} (derived 1.373 N^-0.5, "
        f"printed 0.88); sqrt(N) xi2_min at the largest N = {pref:.4f}; n at the minimum = {An:.3f} "
        f"N^{pn:.3f} (derived 0.486 sqrt(N), printed 0.76 sqrt(N)). Eq. (1) gives 1.373/sqrt(N); the "
        "printed 0.88/sqrt(N) and 0.76 sqrt(N) come from the paper's 20-level TWA, which is not reproduced "
        "(the Eq. (6) finding covers the four-level model)",
        abs(pref - derived) / derived,
        rows,
    )


# ------------------------------------------------------------------ findings
@cache
def _findings_eq2() -> tuple[Finding, ...]:
    ds = _d()
    pr, co = ds.monomials(ds.printed_eq2()), ds.monomials(ds.corrected_eq2())
    only_p = sorted(str(k) for k in pr if k not in co or sp.simplify(pr[k] - co[k]) != 0)
    return (
        Finding(
            "sundar.eq2",
            "Eq. (2)",
            r"\chi(a^\dagger_{g,A}a_{g,A} + a^\dagger_{e,B}a_{g,B})(a^\dagger_{g,A}a_{e,A} + a^\dagger_{g,B}a_{e,B}) + ...",
            r"\chi(a^\dagger_{e,A}a_{g,A} + a^\dagger_{e,B}a_{g,B})(a^\dagger_{g,A}a_{e,A} + a^\dagger_{g,B}a_{e,B}) + ...",
            "the first factor must be S^+ = S_A^+ + S_B^+ = a_eA^dag a_gA + a_eB^dag a_gB (the paper's own "
            "definition S_alpha^+ = a_e^dag a_g); as printed the Hamiltonian is not Hermitian and its "
            f"normal-ordered monomials differ from Eq. (1) in: {', '.join(only_p)}. The corrected form "
            "equals Eq. (1) term by term (tests: also as matrices in the four-mode Fock space).",
            {"n_differing_monomials": float(len(only_p))},
            regime="exact: an operator identity (any N, chi, delta)",
            accuracy="exact: the corrected Eq. (2) equals Eq. (1) monomial by monomial after normal ordering "
            "(symbolic, derive.sundar.fwm_derivation), and as matrices in a truncated four-mode Fock space (tests)",
        ),
    )


@cache
def _findings_eq5() -> tuple[Finding, ...]:
    p = dict(N=10**4, chi=1.0, t=np.array([4.0e-4]), phi=0.2)
    ex = float(exact_dphi2(**p)[0])
    de = float(eq5(**p)[0])
    pr = float(eq5(**p, which="printed")[0])
    ex0 = float(exact_dphi2(**dict(p, phi=0.0))[0])
    return (
        Finding(
            "sundar.eq5",
            "Eq. (5) and the dynamic range below it",
            r"(\Delta\phi)^2 = e^{-N\chi t}/N + \bar n(\bar n+2)\tan^2\phi/(4N^2);\ |\tan\phi| < 2\sqrt N/\bar n",
            r"(\Delta\phi)^2 = e^{-N\chi t}/N + 4\bar n(\bar n+2)\tan^2\phi/N^2;\ |\tan\phi| < \sqrt N/(2\bar n)",
            "error propagation: (Delta O)^2 contains sin^2 phi (Delta S_{3,-})^2 = sin^2 phi Var(n_eA + n_gB) = "
            "sin^2 phi n(n+2) and the slope is cos phi N/2, so the anti-squeezing term is 4 n(n+2) tan^2 phi/N^2 "
            f"(16x the printed one). Exact at N = 1e4, N chi t = 4, phi = 0.2: N (Delta phi)^2 = {ex * 1e4:.5f}; "
            f"derived {de * 1e4:.5f}; printed {pr * 1e4:.5f} (phi = 0: {ex0 * 1e4:.5f}).",
            {"exact": ex, "derived": de, "printed": pr, "exact_phi0": ex0},
            regime="undepleted pumps, 1 << n << sqrt(N) (checked up to n = 0.15 sqrt(N), N = 1e3..1e4), "
            "delta = N chi/2, inside the corrected dynamic range |tan phi| < sqrt(N)/(2n)",
            accuracy=f"at the point above the derived form is within {abs(de - ex) / ex:.1%} of the exact "
            f"(Delta phi)^2 (conserved-sector solution of Eq. (1) through the Ramsey pulses), the printed one "
            f"off by {abs(pr - ex) / ex:.1%}; the derived Eq. (5) is within 3 % for n <= 0.15 sqrt(N), "
            "phi = 0, 0.3 (sundar.eq5 numeric check)",
        ),
    )


@cache
def _findings_eq6() -> tuple[Finding, ...]:
    d = fig1d_data((10**4, 10**5))
    opt, n_opt = exact_dphi2_optimum(10**5)
    derived = 2 * 18**0.25 / 3
    return (
        Finding(
            "sundar.eq6",
            "Eq. (6) and its optimum",
            r"(\Delta\phi)^2 \approx \frac{1}{2N\bar n} + \frac{\bar n^3}{2N^3} + ...;\ "
            r"\min = 2/(3^{3/4}N^{3/2})\ \text{at}\ \bar n = \sqrt N/3^{1/4}",
            r"(\Delta\phi)^2 \approx \frac{1}{2N\bar n} + \frac{3\bar n^3}{N^3} + \frac{4\bar n(\bar n+2)}{N^2}\tan^2\phi;\ "
            r"\min = \frac{2\cdot 18^{1/4}}{3N^{3/2}} \approx 1.373 N^{-3/2}\ \text{at}\ \bar n = \sqrt N/18^{1/4} \approx 0.486\sqrt N",
            "the printed n^3/(2N^3) is the mean-field value (detuning -chi n per mode); the detuning is the "
            "operator -chi (n_eA + n_gB), and averaging over the thermal pair distribution multiplies the "
            "mean-field n^3 by <k^3>/<k>^3 = 6. Exact (conserved-sector solution of Eq. (1), delta = N chi/2, "
            f"phi = 0): min_t N^1.5 (Delta phi)^2 = {opt * 10**7.5:.4f} at n/sqrt(N) = {n_opt / 10**2.5:.3f} "
            f"(N = 1e5); min_t sqrt(N) xi^2 = {d['xi2_min'][0] * 100:.4f} (N = 1e4), "
            f"{d['xi2_min'][1] * np.sqrt(1e5):.4f} (N = 1e5) at n/sqrt(N) = {d['nbar'][0] / 100:.3f}, "
            f"{d['nbar'][1] / np.sqrt(1e5):.3f}; derived {derived:.4f} at {18**-0.25:.4f}; printed "
            f"{2 / 3**0.75:.4f} at {3**-0.25:.4f}. Fig. 1(d): Eq. (1) gives 1.373/sqrt(N) (sundar.fig1d, "
            "N = 1e2..1e6); the figure's 0.88/sqrt(N) and n ~ 0.76 sqrt(N) come from the paper's 20-level "
            "TWA, which is not reproduced here, so the figure itself is not contradicted.",
            {
                "N32_dphi2_min_N1e5": float(opt * 10**7.5),
                "nbar_over_sqrtN_at_min_N1e5": float(n_opt / 10**2.5),
                "sqrtN_xi2min_N1e4": float(d["xi2_min"][0] * 100),
                "sqrtN_xi2min_N1e5": float(d["xi2_min"][1] * np.sqrt(1e5)),
                "derived": derived,
                "printed": 2 / 3**0.75,
            },
            regime="the four-level model Eq. (1) with delta = N chi/2; 1 << n << N, phi = 0 for the "
            "optimum (exact comparison at N = 1e4..1e6); not the 20-level system of Fig. 1(d)",
            accuracy=f"derived optimum within {abs(derived - opt * 10**7.5) / (opt * 10**7.5):.1%} of the "
            "exact minimum over t at N = 1e5 (conserved-sector solution, truncation converged); the "
            "derived Eq. (6) within 10 % of the exact (Delta phi)^2(n) for 0.2 sqrt(N) < n < 1.2 sqrt(N), "
            "N = 1e4, 4e4 (sundar.eq6 numeric check); corrections O(1/n, n/N)",
        ),
    )


# ------------------------------------------------------------------ cavity elimination
@cache
def _ae_compiled():
    from derive.sundar._cavity import Delta, F, g0, kappa

    d = _d().cavity_derivation()
    params = (g0, F, kappa, Delta)
    return (
        compile_expr(d.step("chi, full Lorentzian").expr, params),
        compile_expr(d.step("Gamma, full Lorentzian").expr, params),
    )


def ae_closed(g_0, F, kappa, Delta, **_):
    """(chi, Gamma) of the printed |Delta| >> kappa limits: -g_F^2/Delta, g_F^2 kappa/Delta^2."""
    gF2 = g_0**2 * F / (F + 1)
    return np.array([-gF2 / Delta, gF2 * kappa / Delta**2])


def ae_lorentzian(g_0, F, kappa, Delta, **_):
    """(chi, Gamma) of the derivation's full Lorentzians g_F^2 Re(-1/A), 2 g_F^2 Im(1/A), A = Delta - i kappa/2."""
    c, g = _ae_compiled()
    return np.array(
        [
            float(c(g_0=g_0, F=F, kappa=kappa, Delta=Delta)),
            float(g(g_0=g_0, F=F, kappa=kappa, Delta=Delta)),
        ]
    )


def ae_exact(g_0, F, kappa, Delta, N=2, cutoff_check=False, **_):
    """(chi, Gamma) fitted to the exact atoms + cavity Lindblad dynamics (:mod:`.sundar_cavity`)."""
    from .sundar_cavity import ae_exact_numeric

    return ae_exact_numeric(g_0, F, kappa, Delta, N, cutoff_check)


def _ae_neglected(g_0, F, kappa, Delta, N=2, **_):
    """Leading neglected order of the limits, (3 N g_F^2 + kappa^2/4)/Delta^2 (pole expansion, Gamma)."""
    return (3 * N * g_0**2 * F / (F + 1) + kappa**2 / 4) / Delta**2


# points fixed from the neglected order before any run: (3 N g_F^2 + kappa^2/4)/Delta^2 <= 5.2e-4,
# half the tolerance 1e-3; both signs of Delta, two N, two F
AE_POINTS = (
    dict(g_0=1.0, F=4.5, kappa=1.0, Delta=100.0, N=2),
    dict(g_0=1.0, F=4.5, kappa=1.0, Delta=-150.0, N=2),
    dict(g_0=1.0, F=4.5, kappa=1.0, Delta=300.0, N=4),
    dict(g_0=1.0, F=1.5, kappa=1.0, Delta=120.0, N=2),
)
AE_BREAKDOWN = (
    dict(g_0=1.0, F=4.5, kappa=1.0, Delta=3.0, N=2),
    dict(g_0=1.0, F=4.5, kappa=1.0, Delta=10.0, N=2),
)
AE_SLOPE_DELTAS = (20.0, 40.0, 80.0, 160.0)
# the error is O(1/Delta^2); the next order (1/Delta^4, relative <= 1.3e-2 at Delta = 20) moves the
# log-log slope by < 0.02 on this range, so |slope + 2| < 0.1 is required
AE_SLOPE_TOL = 0.1
AE_CONV_TOL = 1e-4  # extraction (cutoff, window) must be 10x below the tolerance


def _check_ae(closed=None) -> CheckOutcome:
    """The printed limits (or ``closed``) against the exact atoms + cavity dynamics.

    Passes if every in-regime point is within 1e-3, the error falls as Delta^-2 (the neglected
    order; fitted slope within 0.1 of -2 over Delta = 20..160 at N = 2) and the extraction is
    converged (cutoff and fit-window changes below 1e-4).
    """
    from .sundar_cavity import exact_cavity_rates

    closed = closed or ae_closed
    out = pointwise_check(
        closed,
        lambda **p: ae_exact(**p, cutoff_check=True),
        AE_POINTS,
        1e-3,
        breakdown=AE_BREAKDOWN,
        what="relative error of (chi, Gamma) against the exact atoms + cavity Lindblad dynamics",
    )
    base = dict(g_0=1.0, F=4.5, kappa=1.0, N=2)
    errs = np.array(
        [
            relative_error(closed(**base, Delta=D), ae_exact(**base, Delta=D))
            for D in AE_SLOPE_DELTAS
        ]
    )
    slope = (
        float(np.polyfit(np.log(AE_SLOPE_DELTAS), np.log(errs), 1)[0])
        if np.all(errs > 0) and np.all(np.isfinite(errs))
        else float("nan")
    )
    conv = [
        exact_cavity_rates(
            float(p["g_0"]), float(p["F"]), float(p["kappa"]), float(p["Delta"]), int(p["N"]), True
        )
        for p in AE_POINTS
    ]
    conv_err = max(max(c.cutoff_change, c.window_change) for c in conv)
    lor = max(
        relative_error(ae_lorentzian(**p), ae_exact(**p, cutoff_check=True)) for p in AE_POINTS
    )
    ok = out.status == "pass" and abs(slope + 2) < AE_SLOPE_TOL and conv_err < AE_CONV_TOL
    detail = (
        f"{out.detail}; error vs Delta (N = 2, Delta = 20..160) falls as Delta^{slope:.3f} "
        f"(neglected order Delta^-2, |slope + 2| < {AE_SLOPE_TOL}); neglected order "
        f"(3 N g_F^2 + kappa^2/4)/Delta^2 <= {max(_ae_neglected(**p) for p in AE_POINTS):.2g} at the "
        f"points; extraction converged to {conv_err:.1g} (Fock cutoff 2 -> 3, fit window halved; "
        f"worst fit residual {max(c.fit_residual for c in conv):.1g}); the derivation's full "
        f"Lorentzians err by up to {lor:.2g} (their own neglected pole shift N g_F^2/Delta^2)"
    )
    return CheckOutcome("pass" if ok else "fail", detail, out.worst_error, out.rows, out.breakdown)


# ------------------------------------------------------------------ registry
register(
    Claim(
        id="sundar.ae",
        paper=PAPER,
        equation="text below Eq. (1); decoherence section",
        title="cavity elimination: chi ~ -g_F^2/Delta, Gamma ~ g_F^2 kappa/Delta^2, g_F = g_0 sqrt(F/(F+1))",
        derivation=lambda: _d().cavity_derivation(),
        symbolic=lambda: symbolic_check(_d().cavity_derivation(), None),
        numeric=_check_ae,
        tolerance=1e-3,
        tolerance_note="relative error of the |Delta| >> kappa, g_F sqrt(N) limits against (chi, Gamma) fitted "
        "to the exact atoms + cavity dynamics, at points where the neglected order (3 N g_F^2 + kappa^2/4)/Delta^2 "
        "<= 5.2e-4; plus the error's slope vs Delta (-2 +- 0.1). (Earlier, before issue #13: against the "
        "derivation's own full Lorentzians, a circular check.) The full Lorentzians of the elimination: "
        "g_F^2 Re(-1/A), 2 g_F^2 Im(1/A), A = Delta - i kappa/2",
        exact_counterpart="atoms (one A atom, N - 1 B atoms, Clebsch-Gordan couplings from sympy.physics.wigner) "
        "+ Fock cavity Lindblad equation (numeric.mesolve), chi and Gamma fitted to the single-excitation "
        "coherence <S^-(t)>; independent of the elimination",
        closed=ae_closed,
        exact=ae_exact,
        parameters=("g_0", "F", "kappa", "Delta"),
        defaults=dict(g_0=1.0, F=4.5, kappa=1.0, Delta=20.0),
    )
)

register(
    Claim(
        id="sundar.eq2",
        paper=PAPER,
        equation="Eq. (2)",
        title="Schwinger-boson (four-wave-mixing) form of Eq. (1)",
        derivation=lambda: _d().fwm_derivation(),
        symbolic=lambda: symbolic_check(_d().fwm_derivation(), None),
        findings=_findings_eq2,
        exact_counterpart="matrices of Eq. (1) and Eq. (2) in a truncated four-mode Fock space (tests)",
    )
)

register(
    Claim(
        id="sundar.eq3",
        paper=PAPER,
        equation="Eq. (3)",
        title="UPA with delta = N chi/2: H_TMS = (N chi/2)(a_eA^dag a_gB^dag + h.c.)",
        derivation=lambda: _d().upa_derivation(),
        symbolic=lambda: symbolic_check(_d().upa_derivation(), None),
        exact_counterpart="(structural; its consequences are checked by sundar.nbar, sundar.quad)",
    )
)

_DEF = dict(N=10**4, chi=1.0, t=np.linspace(0, 3e-4, 7))

register(
    Claim(
        id="sundar.nbar",
        paper=PAPER,
        equation="n(t) below Eq. (3)",
        title="pair number n(t) = 2 sinh^2(N chi t/2)",
        derivation=lambda: _d().tms_derivation(),
        symbolic=lambda: symbolic_check(_d().tms_derivation(), None),
        numeric=_check_nbar,
        tolerance=0.02,
        tolerance_note="max_t |n_UPA - n_exact|/n_exact for n_UPA <= 0.15 sqrt(N), N = 1e3, 1e4",
        exact_counterpart="conserved-sector evolution of Eq. (1) (numeric.sundar.evolve)",
        closed=nbar_upa,
        exact=exact_nbar,
        parameters=("N", "chi", "t"),
        defaults=_DEF,
        regime=upa_regime,
    )
)

register(
    Claim(
        id="sundar.quad",
        paper=PAPER,
        equation="quadratures and spin images below Eq. (3)",
        title="(Delta X_+-)^2 = e^{+-N chi t}/2, (Delta S_{1,-})^2 = (Delta S_{2,+})^2 = N e^{-N chi t}/4, xi^2 = e^{-N chi t}",
        derivation=lambda: _d().tms_derivation(),
        symbolic=lambda: symbolic_check(_d().tms_derivation(), None),
        numeric=_check_quad,
        tolerance=0.02,
        tolerance_note="max_t |e^{-N chi t} - xi2_exact|/xi2_exact for n_UPA <= 0.15 sqrt(N)",
        exact_counterpart="(4/N)(Delta S_{1,-})^2 of the conserved-sector solution",
        closed=xi2_upa,
        exact=exact_xi2,
        parameters=("N", "chi", "t"),
        defaults=_DEF,
        regime=upa_regime,
    )
)

register(
    Claim(
        id="sundar.fig1d",
        paper=PAPER,
        equation="Fig. 1(d) and text",
        title="xi2_min ~ 0.88/sqrt(N); UPA valid up to n ~ 0.76 sqrt(N)",
        derivation=lambda: _d().beyond_upa_derivation(),
        # complete check (N = 1e2..1e6) measured at 19 s CPU: it runs by default
        numeric=_check_fig1d,
        tolerance=0.03,
        tolerance_note="|fitted exponent + 1/2| < 0.03 and |sqrt(N) xi2_min - 1.373|/1.373 < 0.03 at N = 1e6; "
        "xi2 = (4/N)(Delta S_{1,-})^2 of Eq. (1), minimised over t (Brent); n at the minimum",
        exact_counterpart="exact xi^2(t) of Eq. (1) minimised over t, N = 1e2..1e6",
    )
)

register(
    Claim(
        id="sundar.eq4",
        paper=PAPER,
        equation="Eq. (4)",
        title="Ramsey signal <S_B^z - S_A^z> = (N/2) sin phi",
        derivation=lambda: _d().ramsey_derivation("difference"),
        symbolic=lambda: _symbolic_label(_d().ramsey_derivation("difference"), ("Eq. (4)",)),
        numeric=_check_eq4,
        tolerance=0.02,
        tolerance_note="max_t relative error of (N/2) sin phi against the exact signal (exact = (N/2 - n) sin phi)",
        exact_counterpart="exact pulse sequence (spin rotations) on the sector state",
    )
)

register(
    Claim(
        id="sundar.eq5",
        paper=PAPER,
        equation="Eq. (5)",
        title="UPA sensitivity (Delta phi)^2 = e^{-N chi t}/N + n(n+2) tan^2 phi/(4N^2); |tan phi| < 2 sqrt(N)/n",
        derivation=lambda: _d().ramsey_derivation("difference"),
        symbolic=lambda: _symbolic_label(
            _d().ramsey_derivation("difference"), ("Eq. (5)", "dynamic range")
        ),
        numeric=_check_eq5,
        findings=_findings_eq5,
        tolerance=0.03,
        tolerance_note="max_t relative error of the derived Eq. (5) against the exact (Delta phi)^2, n_UPA <= 0.15 sqrt(N)",
        exact_counterpart="exact (Delta phi)^2 of the evolved state through the Ramsey sequence",
        closed=eq5,
        exact=exact_dphi2,
        parameters=("N", "chi", "t", "phi"),
        defaults=dict(N=10**4, chi=1.0, t=np.linspace(0, 3e-4, 7), phi=0.2),
        regime=upa_regime,
    )
)

register(
    Claim(
        id="sundar.eq6",
        paper=PAPER,
        equation="Eq. (6)",
        title="beyond-UPA (Delta phi)^2 and its optimum 2/(3^{3/4} N^{3/2}) at n = sqrt(N)/3^{1/4}",
        derivation=lambda: _d().beyond_upa_derivation(),
        symbolic=lambda: _symbolic_label(
            _d().beyond_upa_derivation(), ("Eq. (6)", "n_opt", "(Delta phi)^2_opt")
        ),
        # complete check measured at 38 s CPU (2 shared cores): it runs by default
        numeric=_check_eq6,
        findings=_findings_eq6,
        tolerance=0.1,
        tolerance_note="max relative error of the derived Eq. (6) vs exact (Delta phi)^2(n), phi = 0, "
        "0.2 sqrt(N) < n < 1.2 sqrt(N)",
        exact_counterpart="exact (Delta phi)^2 against exact n (sector solution)",
    )
)


def _symbolic_label(deriv, labels) -> CheckOutcome:
    bad, good = [], []
    for lab in labels:
        c = deriv.step(lab).compare()
        (good if c.equal else bad).append(
            f"{lab}: derived - printed = {sp.sstr(c.difference)}" if not c.equal else lab
        )
    if not bad:
        return CheckOutcome("pass", f"{', '.join(good)} reproduced exactly")
    return CheckOutcome(
        "finding", f"reproduced: {', '.join(good) or 'none'}; differ: " + "; ".join(bad)
    )


# ------------------------------------------------------------------ eval quantities
_T = Param("t", "time", "nonnegative", doc="time(s), comma-separated")
_NP = Param("N", "int", "positive even", doc="total atom number (N/2 per ensemble)")
_CHI = Param("chi", "real", "positive", doc="cavity-mediated coupling chi")
_DELTA = Param("delta", "real", "any", None, doc="Zeeman splitting (default N chi/2)")


register_quantity(
    Quantity(
        "sundar.nbar",
        (_NP, _CHI, _T, _DELTA),
        _nbar_q,
        "exact pair number <n_eA + n_gB>(t) of Eq. (1)",
    )
)
register_quantity(
    Quantity(
        "sundar.xi2",
        (_NP, _CHI, _T, _DELTA),
        _xi2_q,
        "exact squeezing xi^2 = (4/N)(Delta S_{1,-})^2 of Eq. (1)",
    )
)
register_quantity(
    Quantity(
        "sundar.xi2_min",
        (_NP,),
        _xi2min_q,
        "minimum over t of the exact xi^2 (delta = N chi/2): xi2_min, tau = N chi t, nbar",
    )
)
register_quantity(
    Quantity(
        "sundar.dphi2",
        (
            _NP,
            _CHI,
            _T,
            Param("phi", "real", "any", 0.0),
            Param(
                "protocol",
                "choice",
                "any",
                "difference",
                ("difference", "sum"),
                doc="Ramsey readout: difference (S_1,- rotated) or sum protocol",
            ),
        ),
        _dphi2_q,
        "exact Ramsey sensitivity (Delta phi)^2 after Eq. (1)",
    )
)
register_quantity(
    Quantity(
        "sundar.eq5",
        (_NP, _CHI, _T, Param("phi", "real", "any", 0.0)),
        lambda N, chi, t, phi=0.0: eq5(N, chi, t, phi),
        "Eq. (5) as derived (tan^2 term 4 n(n+2)/N^2), n = 2 sinh^2(N chi t/2)",
        "closed form",
    )
)
register_quantity(
    Quantity(
        "sundar.eq6",
        (_NP, Param("nbar", "real", "positive"), Param("phi", "real", "any", 0.0)),
        lambda N, nbar, phi=0.0: float(eq6(N, nbar, phi)),
        "Eq. (6) as derived (3 n^3/N^3 beyond-UPA term)",
        "closed form",
    )
)


def _dphi2_open_q(N, chi, Gamma, gamma_s, t, phi=0.0, method="exact"):
    """(Delta phi)^2(t) with cavity loss and spontaneous emission: exact Lindblad or 2nd-order cumulants."""
    if method == "exact":
        from numeric.sundar import open_evolve

        return open_evolve(int(N), chi, Gamma, gamma_s, t, phi=phi)["dphi2"]
    from derive.sundar import sundar_cumulant_system
    from numeric.sundar import cumulant_evolve

    c = sundar_cumulant_system(2)
    return cumulant_evolve(
        c.rhs_vector, c.moments, c.names, int(N), chi, Gamma, gamma_s, t, phi=phi
    )["dphi2"]


register_quantity(
    Quantity(
        "sundar.dphi2_open",
        (
            _NP,
            _CHI,
            Param("Gamma", "real", "nonnegative", 0.0, doc="collective decay rate"),
            Param(
                "gamma_s", "real", "nonnegative", 0.0, doc="single-atom spontaneous emission rate"
            ),
            _T,
            Param("phi", "real", "any", 0.0),
            Param(
                "method",
                "choice",
                "any",
                "exact",
                ("exact", "cumulant"),
                doc="exact: Lindblad, N <= 40 (gamma_s = 0) or N <= 32 (PIQS); "
                "cumulant: Gaussian closure, any N",
            ),
        ),
        _dphi2_open_q,
        "difference-protocol (Delta phi)^2(t) of Eq. (1) with collective decay Gamma and "
        "spontaneous emission gamma_s",
    )
)


# ------------------------------------------------------------------ report figures
def _draw_fig1d(path) -> None:
    """Fig. 1(d): exact xi^2(N chi t) of Eq. (1) for N = 1e2..1e6 vs the UPA, and min_t xi^2 vs N."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from numeric.sundar import evolve

    fig, ax = plt.subplots(1, 2, figsize=(10, 3.8))
    for N in FIG1D_NS:
        # up to 2.5 past the derived optimum n = sqrt(N)/18^(1/4): beyond it the sector fills up
        tau = np.linspace(0, 2 * np.arcsinh(np.sqrt(np.sqrt(N) / 18**0.25 / 2)) + 2.5, 120)
        ax[0].semilogy(tau, evolve(N, 1.0, tau / N)["xi2"], label=f"N = {N:.0e}")
    tau = np.linspace(0, 11, 100)
    ax[0].semilogy(tau, np.exp(-tau), "k--", label="UPA $e^{-N\\chi t}$")
    ax[0].set_ylim(5e-4, 10)
    ax[0].set_xlabel("$N\\chi t$")
    ax[0].set_ylabel("$\\xi^2$ (exact, Eq. (1))")
    ax[0].legend(fontsize=7)
    d = fig1d_data()
    ax[1].loglog(d["N"], d["xi2_min"], "o", label="exact $\\min_t \\xi^2$")
    ax[1].loglog(d["N"], 2 * 18**0.25 / 3 / np.sqrt(d["N"]), "-", label="derived $1.373/\\sqrt{N}$")
    ax[1].loglog(d["N"], 0.88 / np.sqrt(d["N"]), ":", label="printed $0.88/\\sqrt{N}$")
    ax[1].set_xlabel("N")
    ax[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _register_figures() -> None:
    from .._records import Figure
    from .._registry import register_figure

    register_figure(
        Figure(
            "sundar_fig1d",
            PAPER,
            "Fig. 1(d): exact squeezing of Eq. (1) (conserved sector, delta = N chi/2) against "
            "the UPA, and its minimum over t against N (derived 1.373/sqrt(N), printed 0.88/sqrt(N))",
            _draw_fig1d,
            slow=True,
        )
    )


_register_figures()
