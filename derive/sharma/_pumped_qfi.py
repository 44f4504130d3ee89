"""QFI crossover of the pumped cavity: the Gaussian-integral chain (B35)-(B40) to Eqs. (8)-(9).

The derivation starts from the exact lossless state (each J_z block m sees a driven
harmonic oscillator of frequency omega_m = -Delta_c + 2 W0 m^2), expands the
m, m+2 coherence for short times, replaces the sum over m by a Gaussian integral,
does the integral, and takes the limit W0 n(t) >> U.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._latex import latex
from .._regime import much_greater, much_less
from ._symbols import W0, Delta_c, N, U, crossover_shape, eta, m, omega, t, tau_Q

__all__ = [
    "pumped_qfi_derivation",
    "driven_oscillator_solution",
    "printed_eq8",
    "printed_eq9_tau",
    "printed_B39",
    "CHI",
]

CHI = 4 * (U * t + sp.Rational(2, 3) * eta**2 * W0 * t**3)
"""chi(t) of (B39), as derived (and printed)."""

_s = sp.Symbol("s", positive=True)
_w1, _w2 = sp.symbols("omega_1 omega_2", real=True, nonzero=True)
_chi = sp.Symbol("chi", real=True)
_f = sp.Symbol("f", positive=True)
_fQ = sp.Symbol("f_Q", positive=True)


def _conj_real_symbols(expr: sp.Expr) -> sp.Expr:
    """Complex conjugate of an expression all of whose symbols are real."""
    return expr.subs(sp.I, -sp.I)


@cache
def driven_oscillator_solution() -> tuple[sp.Expr, sp.Expr]:
    """Amplitude and phase of the photon state conditioned on the atomic block m.

    For ``H_m = omega a^dag a - i eta (a^dag - a)`` and the vacuum at t = 0 the state
    stays coherent, ``|psi(t)> = exp(i Phi) |alpha(t)>`` with
    ``alpha' = -i omega alpha - eta`` and ``Phi' = -Re(f alpha^*)``, ``f = -i eta``.

    Returns
    -------
    (alpha, Phi)
        ``alpha = i eta (1 - exp(-i omega t)) / omega`` and
        ``Phi = eta^2 (omega t - sin(omega t)) / omega^2``.

    Notes
    -----
    Exact (no approximation).  ``alpha = -i gamma_m`` with the paper's
    ``gamma_m = beta_m (exp(-i omega_m t) - 1)`` (A29), and
    ``Phi = eta beta_m t - beta_m^2 sin(omega_m t)``: the sign of the
    ``eta beta_m t`` phase is that of (A23) and (B7), not of Eq. (7)/(A38).
    """
    a = sp.Function("a")
    sol = sp.dsolve(sp.Eq(a(t).diff(t), -sp.I * omega * a(t) - eta), a(t), ics={a(0): 0})
    alpha = sp.simplify(sol.rhs)
    f = -sp.I * eta
    integrand = -sp.re(sp.expand_complex(f * _conj_real_symbols(alpha)))
    phi = sp.simplify(sp.integrate(integrand.subs(t, _s), (_s, 0, t)))
    return alpha, phi


def printed_B39() -> sp.Expr:
    """(B39) as printed, with chi(t) = 4 (U t + 2/3 eta^2 W0 t^3)."""
    chi = 4 * (U * t + sp.Rational(2, 3) * eta**2 * W0 * t**3)
    return N * (N + 1) / 2 - sp.exp(-(chi**2) * N / 8) * (
        N**2 / 2 * (1 + chi**2 / 4) - N / 2
    ) * sp.cos(chi)


def printed_eq8() -> sp.Expr:
    """Eq. (8) with f_Q of Eq. (9), as printed."""
    tau = printed_eq9_tau()
    fq = sp.exp(-2 * (t / tau) ** 6)
    return N / 2 * (1 + fq) + N**2 / 2 * (1 - fq)


def printed_eq9_tau() -> sp.Expr:
    """tau_Q of Eq. (9), as printed."""
    return (sp.Rational(9, 4) / (N * W0**2 * eta**4)) ** sp.Rational(1, 6)


@cache
def pumped_qfi_derivation() -> Derivation:
    """Derive Eq. (8) with f_Q and tau_Q of Eq. (9) from the exact lossless state.

    Returns
    -------
    Derivation
        Steps (B35), exact block solution, (B37a), (B37b), (B38), (B39), (B40),
        Eq. (9), Eq. (8), each with the approximation that licensed it and the
        printed form it is compared with.

    Notes
    -----
    Regime: short times N W0 t << 1 and Delta_c t << 1 (the expansion of
    sin(omega_m t) needs omega_m t << 1 over the Gaussian width m ~ sqrt(N), where
    omega_m ~ 2 W0 m^2 ~ W0 N / 2; the paper states sqrt(N) W0 t << 1, which controls
    only the O(t^4) dephasing and is not sufficient),
    N >> 1 (sum over m -> Gaussian integral) and W0 n(t) >> U with
    n(t) = eta^2 t^2 (bare collisions negligible), for Eq. (9).
    """
    steps: list[Step] = []
    # (B35): 4<J_y^2> with <J_z^2> = N/4 conserved and J_y^2 = (J+J- + J-J+)/4 - (J+^2 + J-^2)/4
    I_ = sp.Symbol("I")
    jsq = N / 2 * (N / 2 + 1)
    fq_b35 = sp.expand(4 * ((2 * (jsq - N / 4)) / 4) - 2 * sp.re(I_))
    steps.append(
        Step(
            "QFI as a variance",
            sp.Eq(sp.Symbol("F_Q"), fq_b35),
            r"exact: $F_Q = 4\langle J_y^2\rangle$ since $\mathrm{Tr}[(\rho J_y)^2] = 0$ and "
            r"$\langle J_y\rangle = 0$ (reflection parity $C_{-m} = C_m$, see sharma.eq5); "
            r"$J_z$ conserved so $\langle J_z^2\rangle = N/4$; $I = \langle J_+^2\rangle$",
            "(B35)",
            sp.Eq(sp.Symbol("F_Q"), N * (N + 1) / 2 - 2 * sp.re(I_)),
        )
    )

    alpha, phi = driven_oscillator_solution()
    steps.append(
        Step(
            "Photon state conditioned on $m$",
            sp.Eq(sp.Function("alpha_m")(t), alpha),
            r"exact: $J_z$ conserved, driven oscillator of frequency $\omega_m$; "
            rf"phase $\Phi_m = {latex(phi)}$",
            "(A23)-(A34)",
        )
    )

    # the m, m+2 coherence: overlap <alpha_{m+2}|alpha_m> and phase exp(i(Phi_m - Phi_{m+2}))
    a1, a2 = alpha.subs(omega, _w1), alpha.subs(omega, _w2)
    ln_overlap = (
        -(a1 * _conj_real_symbols(a1)) / 2
        - (a2 * _conj_real_symbols(a2)) / 2
        + _conj_real_symbols(a2) * a1
    )
    block = {_w1: -Delta_c + 2 * W0 * m**2, _w2: -Delta_c + 2 * W0 * (m + 2) ** 2}
    ov3 = sp.factor(sp.simplify(sp.series(ln_overlap, t, 0, 4).removeO().subs(block)))
    steps.append(
        Step(
            "Short-time overlap of the $m$, $m+2$ photon states",
            ov3,
            r"$\Delta_c t \ll 1$, $W_0 m^2 t \ll 1$: series to $O(t^3)$; the $O(t^4)$ real part "
            r"$-\eta^2(\omega_{m+2}-\omega_m)^2 t^4/8$ is dropped ($\sqrt{N} W_0 t \ll 1$)",
            "(B37a)",
            sp.I * eta**2 * W0 * t**3 * 4 * (m + 1),
            sp.Symbol(r"\ln\langle\alpha_{m+2}|\alpha_m\rangle"),
        )
    )
    ph = phi.subs(omega, _w1) - phi.subs(omega, _w2)
    ph3 = sp.factor(sp.simplify(sp.series(ph, t, 0, 4).removeO().subs(block)))
    steps.append(
        Step(
            "Short-time pump phase of the $m$, $m+2$ coherence",
            sp.I * ph3,
            r"$\Delta_c t \ll 1$: series of $\Phi_m - \Phi_{m+2}$ (this is the phase of the product "
            r"$e^{-i(\beta_m^2 \sin \omega_m t - \beta_{m+2}^2 \sin \omega_{m+2} t)}"
            r" e^{i \eta t (\beta_m - \beta_{m+2})}$; "
            r"the printed (B37b) attributes it to the second factor alone, which is $O(t)$, "
            r"not $O(t^3)$)",
            "(B37b)",
            -sp.I * sp.Rational(1, 3) * eta**2 * W0 * t**3 * 4 * (m + 1),
            sp.Symbol(r"i(\Phi_m - \Phi_{m+2})"),
        )
    )

    # total phase per unit (m+1): from U, from the overlap and from the pump phase
    bare = sp.expand(-sp.I * U * (m**2 - (m + 2) ** 2) * t)
    exponent = sp.expand(bare + ov3 + sp.I * ph3)
    chi_t = sp.factor(sp.simplify(exponent / (sp.I * (m + 1))))
    steps.append(
        Step(
            "Phase of the $m$, $m+2$ coherence",
            sp.Eq(_chi, chi_t),
            r"collecting (B37a), (B37b) and the bare term $e^{-iU(m^2-(m+2)^2)t}$",
            "(B39) chi(t)",
            sp.Eq(_chi, 4 * (U * t + sp.Rational(2, 3) * eta**2 * W0 * t**3)),
        )
    )

    # (B38): C_m C_{m+2} -> Gaussian centred at m = 0, sqrt(...) -> N^2/4 - m^2, sum -> integral
    integrand = (
        sp.sqrt(2 / (sp.pi * N))
        * sp.exp(-2 * m**2 / N)
        * sp.exp(sp.I * _chi * (m + 1))
        * (N**2 / 4 - m**2)
    )
    steps.append(
        Step(
            "Sum over $m$ as a Gaussian integral",
            sp.Integral(integrand, (m, -sp.oo, sp.oo)),
            r"$N \gg 1$: de Moivre-Laplace $C_m C_{m+2} \sim \sqrt{2/(\pi N)}\, e^{-2 m^2/N}$ "
            r"(centred at $m = 0$ as printed), slowly varying square root $\sim N^2/4 - m^2$, "
            r"sum $\to$ integral",
            "(B38)",
            None,
            I_,
        )
    )
    I_val = sp.simplify(sp.integrate(integrand, (m, -sp.oo, sp.oo)))
    fq_b39 = sp.simplify(N * (N + 1) / 2 - 2 * sp.re(sp.expand_complex(I_val)))
    steps.append(
        Step(
            "Gaussian integral done",
            fq_b39,
            "exact Gaussian integral",
            "(B39)",
            printed_B39().subs(4 * (U * t + sp.Rational(2, 3) * eta**2 * W0 * t**3), _chi),
            sp.Symbol("F_Q"),
        )
    )

    # the same integral with the Gaussian centred where C_m C_{m+2} peaks, m = -1 (k = m + 1):
    # the summand is then even in k up to conjugation, so I is real and cos(chi) disappears
    k = sp.Symbol("k", real=True)
    centred = (
        sp.sqrt(2 / (sp.pi * N))
        * sp.exp(-2 * k**2 / N)
        * sp.exp(sp.I * _chi * k)
        * (N**2 / 4 - k**2)
    )
    I_c = sp.simplify(sp.integrate(centred, (k, -sp.oo, sp.oo)))
    fq_centred = sp.simplify(N * (N + 1) / 2 - 2 * sp.re(sp.expand_complex(I_c)))
    steps.append(
        Step(
            "Gaussian integral centred at the peak $m = -1$",
            fq_centred,
            r"as (B38)-(B39) but centring $e^{-2(m+1)^2/N}$ where $C_m C_{m+2}$ peaks; the exact "
            r"sum is real by the reflection $m \to -m-2$ ($C_m$ even, $\omega_m$ even in $m$), "
            r"so no $\cos\chi$ factor",
            "(B39) centred",
            None,
            sp.Symbol("F_Q"),
        )
    )

    # (B40): the Gaussian exp(-chi^2 N/8) dies while chi << 1: cos chi -> 1, chi^2/4 -> 0
    f_b40 = sp.exp(-(chi_t**2) * N / 8)
    fq_b40 = N / 2 * (1 + _f) + N**2 / 2 * (1 - _f)
    g = sp.Symbol("g", positive=True)
    lead = sp.expand(fq_b39).subs(sp.exp(-N * _chi**2 / 8), g).subs(_chi, 0)
    lead = sp.simplify(lead).subs(g, sp.exp(-N * _chi**2 / 8))
    steps.append(
        Step(
            r"Leading order in $\chi$",
            lead,
            r"$N \chi^2 \sim 1$ while $\chi \ll 1$: $\cos\chi \to 1$, $1 + \chi^2/4 \to 1$",
            "(B40)",
            fq_b40.subs(_f, sp.exp(-N * _chi**2 / 8)),
            sp.Symbol("F_Q"),
        )
    )
    f40 = sp.simplify(f_b40)
    steps.append(
        Step(
            "Crossover function",
            sp.Eq(sp.Symbol("f"), f40),
            r"substituting $\chi(t)$",
            "(B40)",
            sp.Eq(
                sp.Symbol("f"),
                sp.exp(-2 * N * (U * t + sp.Rational(2, 3) * eta**2 * W0 * t**3) ** 2),
            ),
        )
    )

    # Eq. (9): W0 n(t) >> U with n = eta^2 t^2 -> drop U t against (2/3) eta^2 W0 t^3
    f9 = sp.simplify(f40.subs(U, 0))
    tau = sp.Symbol("tau_Q", positive=True)
    tau_sol = sp.solve(sp.Eq(sp.log(f9), -2 * (t / tau) ** 6), tau)
    tau_q = sp.simplify(tau_sol[0])
    steps.append(
        Step(
            "Entanglement time scale",
            sp.Eq(tau, tau_q),
            r"$W_0 \eta^2 t^2 \gg U$: $f \to e^{-(8/9) N W_0^2 \eta^4 t^6} = e^{-2 (t/\tau_Q)^6}$",
            "Eq. (9)",
            sp.Eq(tau, printed_eq9_tau()),
        )
    )
    f_q = sp.exp(-2 * (t / tau_q) ** 6)
    result = sp.simplify(N / 2 * (1 + f_q) + N**2 / 2 * (1 - f_q))
    steps.append(
        Step(
            "QFI crossover",
            result,
            r"Eq. (B40) with $f_Q$",
            "Eq. (8)",
            printed_eq8(),
            sp.Symbol("F_Q"),
        )
    )

    regime = (
        much_less(
            N * W0 * t,
            1,
            r"short times: $\omega_m t \ll 1$ for $m \sim \sqrt{N}$ ($\omega_m \sim W_0 N/2$); "
            r"the paper states only $\sqrt{N} W_0 t \ll 1$",
        ),
        much_less(sp.Abs(Delta_c) * t, 1, r"short times: expansion of $\sin \omega_m t$"),
        much_greater(W0 * eta**2 * t**2, U, "photon-induced interaction dominates the bare one"),
        much_greater(N, 1, r"sum over $m$ $\to$ Gaussian integral"),
    )
    return Derivation(
        name="QFI crossover of the pumped cavity, Eqs. (8)-(9) from (B35)-(B40)",
        steps=tuple(steps),
        result=result,
        parameters=(N, W0, eta, t),
        assumptions=(
            "$J = 0$ (no tunnelling during the protocol)",
            "no photon loss",
            r"atoms start in the coherent spin state along $x$ ($C_m$ real and even in $m$)",
            "photons start in the vacuum",
        ),
        regime=regime,
        paper_form=PaperForm(
            sp.Symbol("F_Q"),
            crossover_shape(_fQ),
            (
                sp.Eq(_fQ, sp.exp(-2 * sp.UnevaluatedExpr(t / tau_Q) ** 6)),
                sp.Eq(
                    tau_Q,
                    sp.UnevaluatedExpr(sp.Rational(9, 4) / (N * W0**2 * eta**4))
                    ** sp.Rational(1, 6),
                ),
            ),
        ),
    )
