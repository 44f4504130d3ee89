"""tucker2020: driven-dissipative collective spin with single-particle relaxation.

Claims: tucker.ae, tucker.eq3, tucker.upsilon_c_prime, tucker.eq4, tucker.ss (the transient
squeezing claims tucker.fig2, tucker.fig3, tucker.9dB are in :mod:`.tucker_transient`).
Quantities: tucker.upsilon_c, tucker.upsilon_c_prime, tucker.steady, tucker.xi2, tucker.chi_Gamma.

Units: all rates (Gamma, chi, gamma_s, Omega, g, kappa, Delta_c) in one common angular-frequency
unit; times in its inverse.  ``upsilon`` is always the ratio Upsilon/Upsilon_c, with
Upsilon_c = sqrt(Gamma^2 + 4 chi^2) and Omega = N Upsilon / 2.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from derive import compile_expr
from numeric import ParameterError

from .._checks import pointwise_check
from .._records import CheckOutcome, CheckRow, Claim, Finding, Param, Quantity
from .._registry import register, register_quantity

PAPER = "tucker2020"


# ------------------------------------------------------------------ compiled closed forms
@cache
def _uc():
    from derive.tucker import Gamma, chi, upsilon_c_derivation

    return compile_expr(upsilon_c_derivation().result, (Gamma, chi))


@cache
def _ucp():
    from derive.tucker import Gamma, chi, upsilon_c_prime_derivation

    return compile_expr(upsilon_c_prime_derivation().result, (Gamma, chi))


@cache
def _ae():
    from derive.tucker import ae_combined_derivation
    from derive.tucker._cavity import Delta_c, g_c, kappa

    return compile_expr(ae_combined_derivation().result, (g_c, kappa, Delta_c))


def upsilon_c(Gamma, chi, **_):
    """Upsilon_c = sqrt(Gamma^2 + 4 chi^2) (compiled from the mean-field derivation)."""
    return float(_uc()(Gamma=Gamma, chi=chi))


def upsilon_c_prime(Gamma, chi, **_):
    """Upsilon'_c (compiled from the gamma_s -> 0+ mean-field derivation)."""
    return float(_ucp()(Gamma=Gamma, chi=chi))


def chi_gamma(g, kappa, Delta_c, **_):
    """(chi, Gamma) of the bad-cavity elimination (Delta_c = omega_a - omega_c)."""
    v = np.ravel(_ae()(g=g, kappa=kappa, Delta_c=Delta_c))
    return float(v[0]), float(v[1])


def mf_jz(upsilon, **_):
    """Mean-field collective steady state <J_z>/(N/2) = -sqrt(1 - (Upsilon/Upsilon_c)^2), 0 above."""
    return -np.sqrt(max(0.0, 1.0 - upsilon**2))


def mf_jz_gs(upsilon, **_):
    """Mean-field long-time <J_z>/(N/2) for gamma_s -> 0+: (-1 - sqrt(1 - 2 u^2))/2, 0 above Upsilon'_c."""
    d = 1.0 - 2.0 * upsilon**2
    return (-1.0 - np.sqrt(d)) / 2.0 if d >= 0 else 0.0


# ------------------------------------------------------------------ cumulant solver glue
@cache
def _cumulants():
    """The order-2 moment equations compiled by derive.compile_expr (the generic, slow route)."""
    from derive.tucker import tucker_cumulant_system

    return tucker_cumulant_system(2)


@cache
def _mf_dir():
    import sympy as sp

    from derive.tucker import Gamma, Upsilon, chi, meanfield_steady_direction

    return compile_expr(sp.ImmutableMatrix(meanfield_steady_direction()), (Gamma, chi, Upsilon))


def mf_direction(Gamma, chi, upsilon):
    """Bloch vector of the gamma_s = 0 mean-field steady state (the Fig. 3(b) initial CSS).

    Compiled from ``derive.tucker.meanfield_steady_direction`` (exists for upsilon <= 1).
    """
    if not 0 <= upsilon <= 1:
        raise ParameterError(
            "upsilon", "0 <= Upsilon/Upsilon_c <= 1 (the fixed point exists)", upsilon
        )
    U = upsilon * np.hypot(Gamma, 2 * chi)
    with np.errstate(invalid="ignore"):
        v = np.ravel(_mf_dir()(Gamma=Gamma, chi=chi, Upsilon=U)).astype(float)
    if np.isnan(v[2]):  # upsilon = 1 up to rounding: s_z* = -sqrt(1 - (1 + eps)) -> 0
        v[2] = 0.0
    return tuple(float(x) for x in v)


def cumulant_run(N, Gamma, chi, upsilon, gamma_s, times, direction=(-1.0, 0.0, 0.0)):
    """Second-order cumulant dynamics (derived in derive.tucker, numba kernel in numeric.tucker)."""
    from numeric.tucker._cum_solver import cumulant_dynamics

    return cumulant_dynamics(
        int(N), Gamma, chi, upsilon, gamma_s, np.asarray(times, float), direction
    )


def _exact_run(N, Gamma, chi, upsilon, gamma_s, times):
    from numeric.tucker import collective_dynamics, pi_dynamics

    if gamma_s == 0:
        return collective_dynamics(N, Gamma, chi, upsilon, times)
    return pi_dynamics(N, Gamma, chi, upsilon, gamma_s, times)


# ------------------------------------------------------------------ tucker.ae
def _ae_closed(N, g, kappa, Delta_c, t, rates=None, **_):
    """Effective collective model with (chi, Gamma) from ``rates`` (default: the derivation).

    The drive Omega is the physical one, fixed by the derived rates (Upsilon = 0.9 Upsilon_c), so a
    wrong ``rates`` changes only the effective model under test, not the atom+cavity side.
    """
    from numeric.tucker import collective_dynamics

    chi, G = (rates or chi_gamma)(g, kappa, Delta_c)
    c0, G0 = chi_gamma(g, kappa, Delta_c)
    u = 0.9 * np.hypot(G0, 2 * c0) / np.hypot(G, 2 * chi)
    return collective_dynamics(int(N), G, chi, u, np.asarray(t))["jz"]


def _ae_exact(N, g, kappa, Delta_c, t, **_):
    from numeric.tucker._cavity import atom_cavity_dynamics

    chi, G = chi_gamma(g, kappa, Delta_c)
    Om = 0.5 * N * 0.9 * np.hypot(G, 2 * chi)
    return atom_cavity_dynamics(int(N), g, kappa, Delta_c, Om, np.asarray(t))["jz"]


def _ae_point(N, kappa, Delta_c):
    G = 4 * kappa / (4 * Delta_c**2 + kappa**2)
    return dict(N=N, g=1.0, kappa=kappa, Delta_c=Delta_c, t=np.linspace(0, 3 / (N * G), 12))


def _check_ae(rates=None) -> CheckOutcome:
    """``rates(g, kappa, Delta_c) -> (chi, Gamma)``: the closed form under test (default: derived)."""
    pts = [_ae_point(2, 20.0, 20.0), _ae_point(2, 20.0, -20.0), _ae_point(4, 20.0, 10.0)]
    brk = [_ae_point(4, 4.0, 4.0)]
    return pointwise_check(
        lambda **p: _ae_closed(**p, rates=rates),
        _ae_exact,
        pts,
        0.01,
        breakdown=brk,
        scale=lambda **_: 1.0,
        in_regime=lambda N, g, kappa, **_: kappa / (g * np.sqrt(N)) >= 5,
        what="max_t |<J_z>/(N/2) effective - atom+cavity|, Upsilon = 0.9 Upsilon_c",
    )


def _findings_ae() -> tuple[Finding, ...]:
    # The printed chi has the sign of Delta_c = omega_a - omega_c (checked numerically above with
    # Delta_c < 0).  The experimental numbers: 2g = 2 pi x 8 Hz, Delta_c = kappa = 2 pi x 150 kHz,
    # 1/gamma_s = 10 s give gamma_s/Gamma = 186 and chi/Gamma = 1, consistent with the printed
    # "gamma_s/Gamma ~ 200, chi/Gamma ~ 1": no disagreement to report.
    return ()


# ------------------------------------------------------------------ tucker.eq3
def _ss_jz(N, Gamma, chi, upsilon, **_):
    from numeric.tucker import analytic_steady_state

    return float(analytic_steady_state(int(N), Gamma, chi, upsilon)["jz"])


def _mf_jz_eq3(uc_form=None):
    """Mean-field <J_z>/(N/2) = -sqrt(1 - (Upsilon/Upsilon_c)^2) with Upsilon_c from ``uc_form``.

    The drive Upsilon = upsilon * hypot(Gamma, 2 chi) is the one the exact solver is given (its
    parametrisation of Omega = N Upsilon/2); Upsilon_c comes from the closed form under test
    (default: compiled from the derivation), so a wrong Eq. (3) moves the predicted kink.
    """
    f = uc_form or upsilon_c

    def closed(N=None, Gamma=1.0, chi=0.0, upsilon=0.5, **_):
        x = upsilon * np.hypot(Gamma, 2 * chi) / float(f(Gamma, chi))
        return -np.sqrt(max(0.0, 1.0 - x**2))

    return closed


def _check_eq3(uc_form=None) -> CheckOutcome:
    """``uc_form(Gamma, chi)``: the Upsilon_c under test (default: the compiled derivation)."""
    pts = [
        dict(N=2000, Gamma=1.0, chi=c, upsilon=u) for c in (0.0, 1.0) for u in (0.3, 0.6, 0.9, 0.95)
    ]
    brk = [
        dict(N=N, Gamma=1.0, chi=0.0, upsilon=u)
        for N in (100, 2000, 20000)
        for u in (0.99, 1.0, 1.05)
    ]
    out = pointwise_check(
        _mf_jz_eq3(uc_form),
        _ss_jz,
        pts,
        0.02,
        breakdown=brk,
        scale=lambda **_: 1.0,
        what="|<J_z>/(N/2)_MF - exact collective steady state|",
    )
    kink = [abs(_ss_jz(N, 1.0, 0.0, 1.0)) for N in (100, 2000, 20000)]
    sharp = kink[0] > kink[1] > kink[2]
    detail = out.detail + (
        f"; at Upsilon = Upsilon_c |<J_z>|/(N/2) = {kink[0]:.3g}, {kink[1]:.3g}, "
        f"{kink[2]:.3g} for N = 100, 2000, 20000 (kink sharpens: {sharp})"
    )
    status = out.status if sharp else "fail"
    return CheckOutcome(status, detail, out.worst_error, out.rows, out.breakdown)


# ------------------------------------------------------------------ tucker.upsilon_c_prime
def _pi_ss_jz(N, Gamma, chi, upsilon, gamma_s, **_):
    from numeric.tucker import pi_steady_state

    return float(pi_steady_state(int(N), Gamma, chi, upsilon, gamma_s)["jz"])


def _check_ucp(threshold=None) -> CheckOutcome:
    """Upsilon'_c vs the exact gamma_s -> 0+ long-time state for growing N (:mod:`.tucker_threshold`).

    ``threshold(Gamma, chi)``: the closed form under test (default: the compiled derivation).
    """
    from .tucker_threshold import check_threshold

    return check_threshold(threshold)


def _findings_ucp() -> tuple[Finding, ...]:
    from .tucker_threshold import findings_threshold

    return findings_threshold()


# ------------------------------------------------------------------ tucker.eq4
@cache
def _xi2_compiled():
    from derive.tucker import N, xi2_derivation
    from derive.tucker._squeezing import Jabs2, a_, b_, c_

    return compile_expr(xi2_derivation().result, (N, a_, b_, c_, Jabs2))


def _projected(mean, cov):
    n = mean / np.linalg.norm(mean)
    trial = np.eye(3)[int(np.argmin(np.abs(n)))]
    e1 = np.cross(n, trial)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(n, e1)
    return e1, e2


def _state_moments(N, Gamma, chi, upsilon, t, **_):
    from numeric.tucker import collective_dynamics

    r = collective_dynamics(int(N), Gamma, chi, upsilon, np.array([t]))
    return r["mean"][0], r["second"][0]


def _xi2_closed(form=None, **p):
    """xi^2 from the closed eigenvalue form ``form`` (default: compiled from the derivation)."""
    if np.size(p["t"]) != 1:  # one collective evolution per time (the check passes scalars)
        return np.array([_xi2_closed(form, **{**p, "t": float(x)}) for x in np.ravel(p["t"])])
    p = {**p, "t": float(np.ravel(p["t"])[0])}
    mean, second = _state_moments(**p)
    cov = second - np.outer(mean, mean)
    e1, e2 = _projected(mean, cov)
    a, b, c = e1 @ cov @ e1, e1 @ cov @ e2, e2 @ cov @ e2
    return float((form or _xi2_compiled())(N=p["N"], a=a, b=b, c=c, J_abs2=mean @ mean))


def _xi2_bruteforce(**p):
    """min over n_perp by a 20000-point scan of the angle plus bounded refinement."""
    from scipy.optimize import minimize_scalar

    if np.size(p["t"]) != 1:
        return np.array([_xi2_bruteforce(**{**p, "t": float(x)}) for x in np.ravel(p["t"])])
    p = {**p, "t": float(np.ravel(p["t"])[0])}
    mean, second = _state_moments(**p)
    cov = second - np.outer(mean, mean)
    e1, e2 = _projected(mean, cov)

    def var(phi):
        n = np.cos(phi) * e1 + np.sin(phi) * e2
        return n @ cov @ n

    grid = np.linspace(0, np.pi, 20000)
    k = int(np.argmin([var(x) for x in grid]))
    res = minimize_scalar(
        var,
        bounds=(grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return p["N"] * min(res.fun, var(grid[k])) / (mean @ mean)


def _check_eq4(form=None) -> CheckOutcome:
    """``form(N, a, b, c, J_abs2)``: the xi^2 closed form under test (default: the derivation)."""
    pts = [
        dict(N=20, Gamma=1.0, chi=0.0, upsilon=0.9, t=0.05),
        dict(N=20, Gamma=1.0, chi=0.7, upsilon=0.9, t=0.1),
        dict(N=40, Gamma=1.0, chi=1.5, upsilon=0.5, t=0.03),
        dict(N=40, Gamma=1.0, chi=0.3, upsilon=1.3, t=0.2),
    ]
    return pointwise_check(
        lambda **p: _xi2_closed(form, **p),
        _xi2_bruteforce,
        pts,
        1e-7,
        what="relative |xi^2 (eigenvalue form) - xi^2 (brute-force min over n_perp)|",
    )


# ------------------------------------------------------------------ tucker.ss
def _check_ss(steady=None) -> CheckOutcome:
    """``steady(N, Gamma, chi, upsilon)``: the closed-form steady state under test (default: the
    A A^dagger form, numeric.tucker.analytic_steady_state, derived in derive.tucker)."""
    from numeric.tucker import analytic_steady_state as _analytic
    from numeric.tucker import collective_steady_state

    analytic_steady_state = steady or _analytic
    rows = []
    for N in (10, 50, 120):
        for chi in (0.0, 0.5):
            for u in (0.5, 0.9, 1.2):
                a = analytic_steady_state(N, 1.0, chi, u)
                b = collective_steady_state(N, 1.0, chi, u)
                err = max(
                    abs(float(a["jz"] - b["jz"])), abs(float(a["xi2"] - b["xi2"])) / float(b["xi2"])
                )
                rows.append(
                    CheckRow(
                        dict(N=N, chi=chi, upsilon=u),
                        float(a["xi2"]),
                        float(b["xi2"]),
                        err,
                        True,
                        err < 1e-8,
                    )
                )
    x = {u: float(analytic_steady_state(2000, 1.0, 0.0, u)["xi2"]) for u in (0.9, 0.95, 1.05)}
    statement = x[0.9] < 1 and x[0.95] < 1 and x[1.05] > 1
    ok = all(r.passed for r in rows) and statement
    worst = max(r.error for r in rows)
    return CheckOutcome(
        "pass" if ok else "fail",
        f"analytic A A^dagger steady state = sparse-LU steady state at {len(rows)} points "
        f"(worst {worst:.2g}); N = 2000: xi^2 = {x[0.9]:.3f}, {x[0.95]:.3f} at "
        f"Upsilon/Upsilon_c = 0.9, 0.95 (squeezed) and {x[1.05]:.3g} at 1.05 (not)",
        worst,
        tuple(rows),
    )


# ------------------------------------------------------------------ registry
def _deriv(name):
    def f():
        import derive.tucker as dt

        return getattr(dt, name)()

    return f


def _printed(name):
    import derive.tucker as dt

    return getattr(dt, name)


register(
    Claim(
        id="tucker.ae",
        paper=PAPER,
        equation="text, 'Experimental realization'",
        title="bad-cavity elimination: chi = 4g^2 Delta_c/(4Delta_c^2+kappa^2), Gamma = 4g^2 kappa/(4Delta_c^2+kappa^2)",
        derivation=_deriv("ae_combined_derivation"),
        numeric=_check_ae,
        findings=_findings_ae,
        tolerance=0.01,
        tolerance_note="max_t |<J_z>/(N/2)| difference, effective model vs atom+cavity",
        exact_counterpart="atoms (symmetric subspace) x truncated Fock cavity, expm_multiply",
        closed=_ae_closed,
        exact=_ae_exact,
        parameters=("N", "g", "kappa", "Delta_c", "t"),
        defaults=dict(
            N=2, g=1.0, kappa=20.0, Delta_c=20.0
        ),  # complete check: 3.4 s CPU, runs by default
        error_scale=lambda **_: 1.0,
    )
)  # <J_z>/(N/2) is O(1): absolute error, as the tolerance states

register(
    Claim(
        id="tucker.eq3",
        paper=PAPER,
        equation="Eq. (3)",
        title="Upsilon_c = sqrt(Gamma^2 + 4 chi^2)",
        derivation=_deriv("upsilon_c_derivation"),
        numeric=_check_eq3,
        tolerance=0.02,
        tolerance_note="|<J_z>/(N/2) mean field - exact steady state| at N = 2000",
        exact_counterpart="analytic collective steady state (= sparse LU, tucker.ss), N = 100..20000",
        closed=lambda **p: mf_jz(**p),
        exact=_ss_jz,
        parameters=("N", "Gamma", "chi", "upsilon"),
        defaults=dict(N=2000, Gamma=1.0, chi=0.0, upsilon=0.9),
        error_scale=lambda **_: 1.0,
    )
)  # <J_z>/(N/2) is O(1): absolute error, as the tolerance states

register(
    Claim(
        id="tucker.upsilon_c_prime",
        paper=PAPER,
        equation="text after Eq. (4)",
        title="Upsilon'_c = Upsilon_c/sqrt(2) for gamma_s > 0 (mean field, gamma_s << N Gamma, N -> oo); "
        "exact: the edge of bistability of the long-time state",
        derivation=_deriv("upsilon_c_prime_derivation"),
        numeric=_check_ucp,
        findings=_findings_ucp,
        tolerance=1e-4,
        tolerance_note="relative |Upsilon'_c - exact spinodal (edge of bistability) of the gamma_s -> 0+ "
        "long-time state|, N = 100..800 extrapolated in 1/N; the check uses 3 x the "
        "extrapolation's own error estimate (|first - second order Richardson|, 2.4e-5 measured) "
        "and the N = oo continuum limit (1e-7); 1e-4 is the cap",
        exact_counterpart="birth-death chain in j over exact block steady states (gamma_s -> 0+, "
        "numeric.tucker._jchain; = permutation-invariant steady state up to O(gamma_s)), "
        "N = 100..800 and its N = oo large-deviation limit; eval: PI steady state at finite gamma_s",
        closed=lambda **p: mf_jz_gs(**p),
        exact=_pi_ss_jz,
        parameters=("N", "Gamma", "chi", "upsilon", "gamma_s"),
        defaults=dict(
            N=20, Gamma=1.0, chi=0.0, upsilon=0.5, gamma_s=1.0
        ),  # complete check: 1.2 s CPU (was 1.1 s for the N = 20 pointwise check it replaces)
        error_scale=lambda **_: 1.0,
    )
)  # <J_z>/(N/2) is O(1): absolute error, as the tolerance states

register(
    Claim(
        id="tucker.eq4",
        paper=PAPER,
        equation="Eq. (4), N_eff, N_c",
        title="Wineland xi^2 (min over n_perp), N_eff = 2 sqrt(1/4+<J^2>) - 1, N_c = 2 Omega/Upsilon_c",
        derivation=_deriv("eq4_derivation"),
        numeric=_check_eq4,
        tolerance=1e-7,
        tolerance_note="relative error vs brute-force minimisation over n_perp",
        exact_counterpart="angle scan + bounded minimisation of Var(J.n) on exact collective states",
        closed=_xi2_closed,
        exact=_xi2_bruteforce,
        parameters=("N", "Gamma", "chi", "upsilon", "t"),
        defaults=dict(N=20, Gamma=1.0, chi=0.0, upsilon=0.9, t=0.05),
    )
)

register(
    Claim(
        id="tucker.ss",
        paper=PAPER,
        equation="text after Eq. (4), Fig. 1(c)",
        title="collective steady state (gamma_s = 0): squeezed just below Upsilon_c, not above",
        derivation=_deriv("beta_derivation"),
        numeric=_check_ss,
        tolerance=1e-8,
        tolerance_note="analytic vs sparse-LU: |jz| and relative xi^2",
        exact_counterpart="sparse LU of the (N+1)^2 symmetric-subspace Liouvillian",
        closed=lambda N, Gamma, chi, upsilon, **_: _ss_jz(N, Gamma, chi, upsilon),
        parameters=("N", "Gamma", "chi", "upsilon"),
        defaults=dict(N=200, Gamma=1.0, chi=0.0, upsilon=0.9),
    )
)
# (tucker.ss: complete check 2.1 s CPU, runs by default)

# ------------------------------------------------------------------ eval quantities
_GC = (
    Param("Gamma", "real", "positive", doc="collective decay rate (rate unit)"),
    Param("chi", "real", "any", doc="exchange interaction (same unit)"),
)


def _ratio(name, v):
    if not np.isfinite(v) or v < 0:
        raise ParameterError(name, "a finite number >= 0", v)
    return v


register_quantity(
    Quantity(
        "tucker.upsilon_c",
        _GC,
        lambda Gamma, chi: upsilon_c(Gamma, chi),
        "Upsilon_c = sqrt(Gamma^2 + 4 chi^2), Eq. (3) (rate units)",
        "closed form",
    )
)
# N and gamma_s do not enter the closed form; given, they let eval check its regime gamma_s << N Gamma
register_quantity(
    Quantity(
        "tucker.upsilon_c_prime",
        _GC
        + (
            Param("N", "int", "positive", None, doc="number of atoms (regime only)"),
            Param(
                "gamma_s",
                "real",
                "nonnegative",
                None,
                doc="single-particle relaxation rate (regime only)",
            ),
        ),
        lambda Gamma, chi, N=None, gamma_s=None: upsilon_c_prime(Gamma, chi),
        "Upsilon'_c = Upsilon_c/sqrt(2) (mean field, gamma_s -> 0+)",
        "closed form",
    )
)


def _steady(N, Gamma, chi, upsilon):
    from numeric.tucker import analytic_steady_state

    _ratio("upsilon", upsilon)
    r = analytic_steady_state(N, Gamma, chi, upsilon)
    return {"jz": float(r["jz"]), "xi2": float(r["xi2"])}


register_quantity(
    Quantity(
        "tucker.steady",
        (Param("N", "int", "positive"),)
        + _GC
        + (
            Param(
                "upsilon", "real", "positive", doc="Upsilon/Upsilon_c", unit="in units of Upsilon_c"
            ),
        ),
        _steady,
        "exact gamma_s = 0 steady state: <J_z>/(N/2) and Wineland xi^2",
        "exact",
    )
)


def _xi2_q(N, Gamma, chi, upsilon, gamma_s, t, method="exact", ntraj=20):
    _ratio("upsilon", upsilon)
    t = np.asarray(t, float)
    if method == "exact":
        if gamma_s > 0 and N > 120:
            raise ParameterError(
                "N",
                "<= 120 for method=exact with gamma_s > 0 (cost ~ N^3/6); use method=cumulant",
                N,
            )
        if gamma_s == 0 and N > 600:
            raise ParameterError(
                "N",
                "<= 600 for method=exact with gamma_s = 0 (expm_multiply on the (N+1)^2 "
                "Liouvillian, ~45 s at N = 500); use method=trajectories (0.1 s per "
                "trajectory at N = 2000) or method=cumulant",
                N,
            )
        order = np.argsort(t)
        r = _exact_run(N, Gamma, chi, upsilon, gamma_s, t[order])
        out = np.empty_like(t)
        out[order] = r["xi2"]
        return out
    if method == "cumulant":
        order = np.argsort(t)
        r = cumulant_run(N, Gamma, chi, upsilon, gamma_s, t[order])
        out = np.empty_like(t)
        out[order] = r["xi2"]
        return out
    if method == "trajectories":
        from numeric.tucker import trajectories

        if N > 20000:
            raise ParameterError(
                "N",
                "<= 20000 for method=trajectories (rotating-frame Dicke basis, ~8 s CPU per "
                "trajectory at N = 10^4 for N Gamma t <= 25)",
                N,
            )
        order = np.argsort(t)
        r = trajectories(N, Gamma, chi, upsilon, gamma_s, t[order], ntraj=int(ntraj))
        out, err = np.empty_like(t), np.empty_like(t)
        out[order], err[order] = r["xi2"], r["xi2_err"]
        # a statistical estimate: the standard error over trajectories comes with it
        return {"xi2": out, "xi2_err": err, "ntraj": int(ntraj)}
    raise ParameterError("method", "exact, trajectories or cumulant", method)


register_quantity(
    Quantity(
        "tucker.xi2",
        (Param("N", "int", "positive"),)
        + _GC
        + (
            Param(
                "upsilon", "real", "positive", doc="Upsilon/Upsilon_c", unit="in units of Upsilon_c"
            ),
            Param("gamma_s", "real", "nonnegative", doc="single-particle relaxation rate"),
            Param("t", "time", "nonnegative", doc="times in 1/(rate unit)"),
            Param(
                "method",
                "choice",
                default="exact",
                choices=("exact", "trajectories", "cumulant"),
                doc="exact: symmetric subspace or Dicke basis; trajectories; cumulant: 2nd order",
            ),
            Param(
                "ntraj",
                "int",
                "positive",
                20,
                doc="number of trajectories (method=trajectories)",
                unit="count",
            ),
        ),
        _xi2_q,
        "Wineland xi^2(t) from the CSS along -x: exact (symmetric subspace or Dicke |j,m,m'>), "
        "quantum trajectories in the Dicke basis (ntraj of them, N <= 20000; returns xi2 and its standard "
        "error xi2_err) or second-order cumulants",
        "exact",
    )
)


def _chi_gamma_q(g, kappa, Delta_c):
    c, G = chi_gamma(g, kappa, Delta_c)
    return {"chi": c, "Gamma": G}


register_quantity(
    Quantity(
        "tucker.chi_Gamma",
        (
            Param("g", "real", "positive", doc="half the single-photon Rabi frequency"),
            Param("kappa", "real", "positive", doc="cavity energy decay rate"),
            Param("Delta_c", "real", "any", doc="omega_a - omega_c"),
        ),
        _chi_gamma_q,
        "chi and Gamma of the bad-cavity elimination (same units as g, kappa)",
        "closed form",
    )
)


# ------------------------------------------------------------------ figures
def _draw_steady(path) -> None:
    """Exact collective steady state vs Upsilon/Upsilon_c: <J_z>/(N/2) and xi^2 (Figs. 1(a), 1(c) context)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from numeric.tucker import analytic_steady_state

    u = np.linspace(0.05, 1.3, 200)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.6))
    for N in (100, 2000, 20000):
        rs = [analytic_steady_state(N, 1.0, 0.0, x) for x in u]
        a1.plot(u, [float(r["jz"]) for r in rs], label=f"N = {N}")
        a2.semilogy(u, [float(r["xi2"]) for r in rs], label=f"N = {N}")
    a1.plot(u, [mf_jz(x) for x in u], "k--", label="mean field")
    a2.axhline(1, color="0.5", lw=0.8)
    a1.set_xlabel(r"$\Upsilon/\Upsilon_c$")
    a2.set_xlabel(r"$\Upsilon/\Upsilon_c$")
    a1.set_ylabel(r"$\langle J_z\rangle/(N/2)$")
    a2.set_ylabel(r"$\xi^2$")
    a1.legend(fontsize=8)
    fig.suptitle(r"tucker2020: exact collective steady state ($\gamma_s=0$, $\chi=0$)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


try:
    from .._records import Figure
    from .._registry import register_figure

    register_figure(
        Figure(
            "tucker_steady_state",
            PAPER,
            "Exact collective steady state (analytic cooperative-resonance-fluorescence "
            "form) vs Upsilon/Upsilon_c for N = 100, 2000, 20000: the kink of <J_z> "
            "sharpens toward Eq. (3); xi^2 < 1 just below Upsilon_c only.",
            _draw_steady,
        )
    )
except ImportError:  # pragma: no cover - figure registry absent in older cores
    pass
