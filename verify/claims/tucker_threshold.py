"""tucker.upsilon_c_prime: where the long-time state changes for gamma_s -> 0+, exactly, for growing N.

The exact long-time state for gamma_s -> 0+ at fixed N is the birth-death chain in the total spin j
of :mod:`numeric.tucker._jchain` (block steady states of driven collective decay, connected by the
local-emission rates of the Dicke basis; checked against the exact permutation-invariant steady
state, tests/numeric/test_tucker_slow_chain.py).  Two thresholds are located on it, for
N = 100..800 (default check) and extrapolated in 1/N:

* the spinodal u_s(N): the largest Upsilon/Upsilon_c at which ln P_j has an ordered (superradiant)
  maximum, i.e. the edge of bistability; N (u_s(N) - u_s(oo)) -> 0.93, so the extrapolation is
  in 1/N (first-order Richardson on the two largest N, second order on the three largest as its
  error estimate);
* the switch u_M(N): the ordered peak holds half the probability.  It drifts as (a ln N + b)/N
  (measured: N (u_M(N) - u_M(oo)) grows like ln N), and it is extrapolated with that form.

Both are also computed directly at N = oo from the large-deviation limit of the chain
(:func:`numeric.tucker._jchain.continuum_switch`), a route without any extrapolation.  The closed
form Upsilon'_c (compiled from ``derive.tucker.upsilon_c_prime_derivation``) is compared with the
spinodal: the check fails for a wrong threshold (Upsilon_c, Upsilon_c/2, or a wrong chi
dependence).  The switch is where the exact state changes; it is far below Upsilon_c/sqrt(2) and
is reported as a Finding.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._records import CheckOutcome, CheckRow, Finding
from .tucker import upsilon_c_prime

UCP_NS = (100, 200, 400, 800)
"""Sizes of the default check (0.25 s CPU for both thresholds at all four)."""

#: (Gamma, chi) at which the closed form is compared (the chain depends on Upsilon/Upsilon_c only,
#: through |beta| = Omega/|2 chi - i Gamma|, so the exact threshold scales with hypot(Gamma, 2 chi))
UCP_RATES = ((1.0, 0.0), (1.0, 1.0), (0.5, 2.0))


@cache
def chain_thresholds(Ns: tuple[int, ...] = UCP_NS) -> tuple[tuple[int, float, float], ...]:
    """(N, spinodal u_s(N), switch u_M(N)) of the gamma_s -> 0+ chain (Brent, xtol 1e-7)."""
    from numeric.tucker._jchain import spinodal, switch_point

    return tuple((int(N), spinodal(N), switch_point(N)) for N in Ns)


def _fit(N, y, cols):
    A = np.column_stack([c(N) for c in cols])
    return float(np.linalg.lstsq(A, y, rcond=None)[0][0])


def extrapolate(Ns, ys, kind: str) -> tuple[float, float]:
    """N -> oo value and its error estimate from the largest sizes.

    ``kind="1/N"``: first-order Richardson on the two largest N (value) against the second-order
    fit a + b/N + c/N^2 on the three largest (the difference is the error estimate).
    ``kind="lnN/N"``: a + (b ln N + c)/N on the three largest (value) against the same form plus
    d/N^2 on four (error estimate).
    """
    N = np.asarray(Ns, float)
    y = np.asarray(ys, float)
    one = np.ones_like
    if kind == "1/N":
        v1 = _fit(N[-2:], y[-2:], [one, lambda n: 1 / n])
        v2 = _fit(N[-3:], y[-3:], [one, lambda n: 1 / n, lambda n: n**-2.0])
    elif kind == "lnN/N":
        v1 = _fit(N[-3:], y[-3:], [one, lambda n: np.log(n) / n, lambda n: 1 / n])
        v2 = _fit(
            N[-4:], y[-4:], [one, lambda n: np.log(n) / n, lambda n: 1 / n, lambda n: n**-2.0]
        )
    else:
        raise ValueError(kind)
    return v1, abs(v1 - v2)


@cache
def threshold_summary(Ns: tuple[int, ...] = UCP_NS) -> dict[str, float]:
    """Extrapolated spinodal and switch, their error estimates, and the N = oo continuum values."""
    from numeric.tucker._jchain import continuum_switch

    rows = chain_thresholds(Ns)
    n = [r[0] for r in rows]
    us, ue = extrapolate(n, [r[1] for r in rows], "1/N")
    um, me = extrapolate(n, [r[2] for r in rows], "lnN/N")
    cs, cm = continuum_switch()
    return dict(
        spinodal=us,
        spinodal_err=ue,
        switch=um,
        switch_err=me,
        continuum_spinodal=cs,
        continuum_switch=cm,
    )


def check_threshold(threshold=None, Ns: tuple[int, ...] = UCP_NS) -> CheckOutcome:
    """Compare Upsilon'_c(Gamma, chi) with the exact spinodal of the gamma_s -> 0+ long-time state.

    ``threshold(Gamma, chi)`` is the closed form under test (default: the compiled derivation).
    In regime (decides pass/fail): the 1/N-extrapolated spinodal times hypot(Gamma, 2 chi) at the
    rates of :data:`UCP_RATES`, within 3 x (extrapolation error estimate + root tolerance 1e-7),
    and the continuum (N = oo) spinodal within 1e-7 relative.  Out of regime (reported): the
    finite-N spinodals (their 1/N drift) and the switch of the exact state (the Finding).
    """
    f = threshold if threshold is not None else (lambda G, c: upsilon_c_prime(G, c))
    s = threshold_summary(Ns)
    tol = min(3 * (s["spinodal_err"] + 1e-7) / s["spinodal"], 1e-4)
    rows = []
    for G, c in UCP_RATES:
        uc = float(np.hypot(G, 2 * c))
        closed = float(f(G, c))
        for name, ex, t in (
            ("extrapolated spinodal", s["spinodal"] * uc, tol),
            ("continuum spinodal", s["continuum_spinodal"] * uc, 1e-7),
        ):
            err = abs(closed - ex) / ex
            rows.append(CheckRow(dict(Gamma=G, chi=c, route=name), closed, ex, err, True, err <= t))
    closed1 = float(f(1.0, 0.0))
    brk = []
    for N, u_s, u_m in chain_thresholds(Ns):
        brk.append(
            CheckRow(
                dict(N=N, Gamma=1.0, chi=0.0, threshold="spinodal"),
                closed1,
                u_s,
                abs(closed1 - u_s) / u_s,
                False,
                abs(closed1 - u_s) / u_s <= tol,
                f"finite N: N (u_s - u_s(oo)) = {N * (u_s - s['spinodal']):.3f}",
            )
        )
        brk.append(
            CheckRow(
                dict(N=N, Gamma=1.0, chi=0.0, threshold="switch"),
                closed1,
                u_m,
                abs(closed1 - u_m) / u_m,
                False,
                abs(closed1 - u_m) / u_m <= tol,
                "equal-weight switch of the exact long-time state",
            )
        )
    ok = all(r.passed for r in rows)
    spin = ", ".join(f"{N}: {u:.5f}" for N, u, _ in chain_thresholds(Ns))
    sw = ", ".join(f"{N}: {u:.4f}" for N, _, u in chain_thresholds(Ns))
    detail = (
        f"exact long-time state for gamma_s -> 0+ (birth-death chain in j over the block steady "
        f"states): bistability edge (spinodal) u_s(N) = {spin}; extrapolated in 1/N "
        f"{s['spinodal']:.6f} +- {s['spinodal_err']:.1g}, continuum (N = oo) "
        f"{s['continuum_spinodal']:.8f}; closed form Upsilon'_c/Upsilon_c = {closed1:.6f} "
        f"(tolerance {tol:.2g} relative: 3 x the extrapolation's own error estimate).  The "
        f"exact state switches (equal weight) at u_M(N) = {sw}, extrapolated in (ln N)/N to "
        f"{s['switch']:.4f} +- {s['switch_err']:.1g}, continuum {s['continuum_switch']:.5f}: "
        "Upsilon'_c is the edge of bistability, not the switch of the long-time state (Finding)"
    )
    return CheckOutcome(
        "pass" if ok else "fail", detail, max(r.error for r in rows), tuple(rows), tuple(brk)
    )


def findings_threshold() -> tuple[Finding, ...]:
    """The long-time state switches below Upsilon_c/sqrt(2): the printed threshold is a spinodal."""
    s = threshold_summary()
    th = {N: (u_s, u_m) for N, u_s, u_m in chain_thresholds()}
    return (
        Finding(
            "tucker.upsilon_c_prime",
            "text after Eq. (4)",
            r"\Upsilon'_c \equiv \Upsilon_c/\sqrt{2} delineating superradiant and normal phases "
            r"characterized by the long-time limit of collective observables",
            r"\Upsilon_c/\sqrt{2} is the edge of bistability (spinodal) of the superradiant branch; "
            rf"the long-time state switches at \Upsilon_M = {s['continuum_switch']:.4f}\,\Upsilon_c "
            r"(N \to \infty), and is bistable/metastable for \Upsilon_M < \Upsilon < \Upsilon_c/\sqrt{2}",
            "Exact long-time state for gamma_s -> 0+ (birth-death chain in the total spin j over the "
            "exact block steady states; equals the permutation-invariant steady state up to "
            "O(gamma_s)): ln P_j has two maxima (superradiant, j ~ N/2, and normal, j ~ sqrt(N)) "
            f"for Upsilon below the spinodal u_s(N) = {th[100][0]:.4f}, {th[800][0]:.4f} at "
            f"N = 100, 800 (-> {s['spinodal']:.5f}, continuum {s['continuum_spinodal']:.6f} = "
            "1/sqrt(2): the printed value), but the superradiant peak holds half of the "
            f"probability only up to u_M(N) = {th[100][1]:.4f}, {th[200][1]:.4f}, "
            f"{th[400][1]:.4f}, {th[800][1]:.4f} at N = 100, 200, 400, 800, extrapolated in "
            f"(ln N)/N to {s['switch']:.4f} +- {s['switch_err']:.0e} and equal to the "
            f"continuum (large-deviation) value {s['continuum_switch']:.5f}.  At finite gamma_s "
            "the exact permutation-invariant steady state moves the same way (gamma_s = Gamma, "
            "Upsilon = 0.7 Upsilon_c: <J_z>/(N/2) = -0.65 at N = 20, -0.29 at N = 40, mean field "
            "-0.57; tests/numeric/test_tucker_slow_chain.py, slow)",
            dict(
                spinodal_extrapolated=s["spinodal"],
                spinodal_continuum=s["continuum_spinodal"],
                switch_extrapolated=s["switch"],
                switch_error=s["switch_err"],
                switch_continuum=s["continuum_switch"],
                **{f"switch_N{N}": v[1] for N, v in th.items()},
            ),
            regime="gamma_s -> 0+ at fixed N (first order in gamma_s/(N Gamma)), then N -> oo; "
            "any chi/Gamma (the chain depends on Upsilon/Upsilon_c only); finite N shifts the "
            f"switch up by {th[100][1] - s['switch']:.3f} at N = 100 and "
            f"{th[800][1] - s['switch']:.4f} at N = 800",
            accuracy="Upsilon_M/Upsilon_c = 0.5690 to 1e-4: the (ln N)/N extrapolation of the exact "
            "chain at N <= 800 and its N = oo large-deviation limit agree to 3e-5; the printed "
            "Upsilon_c/sqrt(2) is exact as the spinodal (continuum 0.70710678, finite-N "
            "extrapolation to 3e-6)",
        ),
    )
