"""QFI with an initial coherent cavity field and no pump: the chain (B21)-(B34) to tau_C (D4).

With ``eta = 0`` the photon in block ``m`` rotates, ``alpha -> alpha e^{-i omega_m t}``,
so the atomic coherence ``rho[m, m+2]`` carries ``exp(nbar [e^{-i(omega_m - omega_{m+2}) t} - 1])``
with ``omega_m - omega_{m+2} = -8 W0 (m+1)``.  ``F_Q = N(N+1)/2 - 2 Re <J_+^2>``;
for large N the sum over m becomes a Gaussian integral, and for short times the
exponent is expanded to second order in ``8 W0 t (m+1)``.

Two variants of the Gaussian integral are derived: the paper's, with the Gaussian
centred at ``m = 0`` (B23)-(B28), and the one centred where ``C_m C_{m+2}`` peaks,
``k = m + 1``, which is real (no ``cos(a - ab/sigma)``) and several times closer
to the exact QFI at N = 100.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._regime import much_greater, much_less
from ._symbols import W0, N, U, alpha2, crossover_shape, m, t

__all__ = [
    "coherent_qfi_derivation",
    "coherent_qfi_centred",
    "printed_B28",
    "printed_B34",
    "printed_tau_C",
    "gaussian_moment_integral",
    "omega_difference",
]

nbar = alpha2
sig = sp.Symbol("sigma", positive=True)
a_ = sp.Symbol("a", real=True)
b_ = sp.Symbol("b", real=True)
k = sp.Symbol("k", real=True)
tau_C = sp.Symbol("tau_C", positive=True)
_beta = sp.Symbol("beta", real=True)
_K = sp.Symbol("K", real=True)
Delta_c = sp.Symbol("Delta_c", real=True)
_fC = sp.Symbol("f", positive=True)
_NBAR = sp.Symbol(r"|\alpha|^{2}", positive=True)
_LN_PHOTON = sp.Symbol(r"\ln \langle \alpha_{m+2} | \alpha_{m} \rangle")


@cache
def gaussian_moment_integral() -> sp.Expr:
    """``int dm exp(-sigma m^2 + i beta m) (K - m^2)`` in closed form (entire in beta)."""
    val = sp.integrate(
        sp.exp(-sig * m**2 + sp.I * _beta * m) * (_K - m**2), (m, -sp.oo, sp.oo), conds="none"
    )
    return sp.simplify(val)


def omega(mm: sp.Expr) -> sp.Expr:
    """``omega_m = -Delta_c + 2 W0 m^2`` (Eq. (7))."""
    return -Delta_c + 2 * W0 * mm**2


def omega_difference() -> tuple[sp.Expr, sp.Expr]:
    """``(omega_m - omega_{m-2}, omega_m - omega_{m+2})``."""
    return sp.factor(omega(m) - omega(m - 2)), sp.factor(omega(m) - omega(m + 2))


def printed_B28() -> sp.Expr:
    th = a_ - a_ * b_ / sig
    return N * (N + 1) / 2 - 2 * sp.sqrt(2 / (sig * N)) * sp.exp(
        -(a_**2 - 4 * b_**2) / (4 * sig)
    ) * sp.exp(-b_) * (
        sp.cos(th) * (N**2 / 4 - 1 / (2 * sig) + (a_**2 - 4 * b_**2) / (4 * sig**2))
        - a_ * b_ / sig * sp.sin(th)
    )


def printed_tau_C() -> sp.Expr:
    return 1 / (2 * sp.sqrt(N) * W0 * nbar)


def printed_B34() -> sp.Expr:
    f = sp.exp(-2 * t**2 / printed_tau_C() ** 2)
    return N / 2 * (1 + f) + N**2 / 2 * (1 - f)


def coherent_qfi_centred() -> sp.Expr:
    """Gaussian-integral QFI with the Gaussian centred at ``k = m + 1`` (real, no cosine).

    ``F_Q = N(N+1)/2 - 2 sqrt(2/(N sigma)) e^{-2/N} e^{-a^2/(4 sigma)}
    (N^2/4 + N/2 - 1/(2 sigma) + a^2/(4 sigma^2))`` with ``a = 4Ut + 8 nbar W0 t`` and
    ``sigma = 2/N + 32 nbar (W0 t)^2``.
    """
    s = 2 / N + 32 * nbar * (W0 * t) ** 2
    a = 4 * U * t + 8 * nbar * W0 * t
    g = gaussian_moment_integral().subs({_beta: a, _K: N**2 / 4 + N / 2, sig: s})
    return N * (N + 1) / 2 - 2 * sp.sqrt(2 / (sp.pi * N)) * sp.exp(-2 / N) * g


@cache
def coherent_qfi_derivation() -> Derivation:
    """Derive (B21)-(B34) and tau_C of (D4), comparing every printed intermediate.

    Notes
    -----
    Regime: ``N >> 1`` (sum -> integral), short times ``8 W0 t sqrt(N) << 1`` and
    ``nbar (8 W0 t sqrt(N))^3 << 1`` (second-order expansion of the exponent over
    the Gaussian width), ``W0 nbar >> U`` and ``nbar >> 1`` for (B34).
    """
    steps: list[Step] = []
    F = sp.Symbol("F_Q")
    I_ = sp.Symbol("I")
    jsq = N / 2 * (N / 2 + 1)
    steps.append(
        Step(
            r"QFI as $4\langle J_y^2\rangle$",
            sp.Eq(F, sp.expand(2 * (jsq - N / 4)) - 2 * sp.re(I_)),
            r"exact: $F_Q = 4\langle J_y^2\rangle$ (parity, see sharma.eq5); "
            r"$J_y^2 = (J_+J_- + J_-J_+ - J_+^2 - J_-^2)/4$, "
            r"$\langle J_z^2\rangle = N/4$ conserved; $I = \langle J_+^2\rangle$",
            "(B21)",
            sp.Eq(F, N * (N + 1) / 2 - 2 * sp.re(I_)),
        )
    )

    # (D2): overlap of the coherent states alpha e^{-i w t}
    w1, w2 = sp.symbols("omega_m omega_mp", real=True)
    al = sp.sqrt(nbar)
    g1, g2 = al * sp.exp(-sp.I * w1 * t), al * sp.exp(-sp.I * w2 * t)
    ov = sp.simplify(
        -(g1 * sp.conjugate(g1)) / 2 - g2 * sp.conjugate(g2) / 2 + sp.conjugate(g2) * g1
    )
    steps.append(
        Step(
            r"Photon overlap $\langle \alpha_{m'} | \alpha_m \rangle$",
            sp.exp(ov),
            r"exact: $\eta = 0$, each block rotates its coherent state at $\omega_m$",
            "(D2)",
            sp.exp(nbar * (sp.exp(-sp.I * (w1 - w2) * t) - 1)),
            sp.Symbol(r"\langle \alpha_{m'} | \alpha_{m} \rangle"),
        )
    )
    dm2, dp2 = omega_difference()
    steps.append(
        Step(
            "Frequency difference of neighbouring blocks",
            dm2,
            "exact",
            "(B22)-(B23) frequency difference",
            8 * W0 * (m - 1),
            sp.Symbol(r"\omega_{m} - \omega_{m-2}"),
        )
    )
    exact_pair = nbar * (sp.exp(-sp.I * dp2 * t) - 1)
    steps.append(
        Step(
            r"Photon factor of $\rho_{m, m+2}$",
            exact_pair,
            r"exact: (D2) with $m' = m + 2$",
            "(B23) exponent",
            nbar * (sp.exp(sp.I * 8 * W0 * t * (m + 1)) - 1),
            _LN_PHOTON,
        )
    )
    steps.append(
        Step(
            r"Bare phase of $\rho_{m, m+2}$",
            sp.expand(-sp.I * U * (m**2 - (m + 2) ** 2) * t),
            "exact",
            "(B23) bare phase",
            4 * sp.I * U * t * (m + 1),
            sp.Symbol(r"-iU(m^{2}-(m+2)^{2})t"),
        )
    )

    # short-time expansion of the exponent (second order in x = 8 W0 t (m+1))
    xx = sp.Symbol("x", real=True)
    ser = sp.series(nbar * (sp.exp(sp.I * xx) - 1), xx, 0, 3).removeO()
    expo2 = sp.expand(ser.subs(xx, 8 * W0 * t * (m + 1)))
    printed_b24 = (
        sp.I * 4 * nbar * W0 * t * (m + 1)
        - 32 * nbar * (W0 * t) ** 2 * (2 * m + 1)
        - 32 * nbar * (W0 * t) ** 2 * m**2
    )
    steps.append(
        Step(
            "Second-order expansion of the photon factor",
            expo2,
            r"short times: $8 W_0 t \sqrt{N} \ll 1$ (and $\bar n (8 W_0 t \sqrt{N})^3 \ll 1$)",
            "(B24)",
            printed_b24,
            _LN_PHOTON,
        )
    )

    # (B25)-(B26): read sigma, alpha, beta off the full exponent
    full = sp.expand(-2 * m**2 / N + 4 * sp.I * U * t * (m + 1) + expo2)
    poly = sp.Poly(full, m)
    sigma_d = sp.simplify(-poly.coeff_monomial(m**2))
    beta_d = sp.simplify(poly.coeff_monomial(m) / sp.I)
    alpha_d = sp.simplify(poly.coeff_monomial(1) / sp.I)
    sab = {a_: -8 * W0 * t * nbar - 4 * U * t, b_: 32 * nbar * (W0 * t) ** 2}
    steps.append(
        Step(
            "Gaussian width",
            sp.Eq(sig, sigma_d),
            r"coefficient of $-m^2$",
            "(B26) sigma",
            sp.Eq(sig, 2 / N + 32 * nbar * (W0 * t) ** 2),
        )
    )
    steps.append(
        Step(
            r"Linear coefficient $\beta$",
            beta_d,
            r"coefficient of $i m$",
            "(B26) beta",
            (-a_ - 2 * sp.I * b_).subs(sab),
            _beta,
        )
    )
    steps.append(
        Step(
            r"Constant $\alpha$",
            alpha_d,
            r"the $m^0$ term divided by $i$",
            "(B26) alpha",
            (a_ + sp.I * b_).subs(sab),
            sp.Symbol("alpha"),
        )
    )
    steps.append(
        Step(
            r"$\alpha$ up to conjugation",
            -sp.conjugate(alpha_d),
            r"$e^{i\alpha} \to$ its complex conjugate",
            "(B26) alpha*",
            (a_ + sp.I * b_).subs(sab),
            sp.Symbol(r"-\alpha^{*}"),
        )
    )
    steps.append(
        Step(
            r"$\beta$ up to conjugation",
            sp.conjugate(beta_d),
            r"the printed $(\alpha, \beta)$ give $I^* = \langle J_-^2\rangle$: same "
            r"$\operatorname{Re} I$, same $F_Q$",
            "(B26) beta*",
            (-a_ - 2 * sp.I * b_).subs(sab),
            sp.Symbol(r"\beta^{*}"),
        )
    )

    # (B27): the Gaussian integral
    gm = gaussian_moment_integral()
    Ival = sp.sqrt(2 / (sp.pi * N)) * gm.subs(_K, N**2 / 4)
    al_s, be_s = sp.symbols("alpha beta")
    i_b27 = sp.simplify(Ival.subs(_beta, be_s) * sp.exp(sp.I * al_s))
    printed_b27 = (
        sp.sqrt(2 / (N * sig))
        * sp.exp(-(be_s**2) / 4 * sig)
        * sp.exp(sp.I * al_s)
        * (be_s**2 / (4 * sig**2) + N**2 / 4 - 1 / (2 * sig))
    )
    steps.append(
        Step(
            "Gaussian integral",
            i_b27,
            r"exact Gaussian integral (analytic in $\beta$)",
            "(B27)",
            printed_b27,
            I_,
        )
    )

    # (B28): Re I with the derived alpha = -a + i b, beta = -a + 2 i b (a, b, sigma real)
    alpha_ab, beta_ab = -a_ + sp.I * b_, -a_ + 2 * sp.I * b_
    e_re, e_im = sp.expand(sp.I * alpha_ab - beta_ab**2 / (4 * sig)).as_real_imag()
    br_re, br_im = sp.expand(beta_ab**2 / (4 * sig**2) + N**2 / 4 - 1 / (2 * sig)).as_real_imag()
    pref = sp.sqrt(2 / (N * sig))
    fq_b28 = N * (N + 1) / 2 - 2 * pref * sp.exp(e_re) * (
        sp.cos(e_im) * br_re - sp.sin(e_im) * br_im
    )
    # compared piecewise (exponent; bracket with theta = a - ab/sigma) to keep simplify fast
    th = sp.Symbol("theta", real=True)
    steps.append(Step("Real part", fq_b28, r"exact for real $a$, $b$, $\sigma$", "(B28)", None, F))
    steps.append(
        Step(
            "Real part: Gaussian exponent",
            e_re,
            r"$\operatorname{Re}$ of $i\alpha - \beta^2/(4\sigma)$",
            "(B28) exponent",
            -(a_**2 - 4 * b_**2) / (4 * sig) - b_,
            sp.Symbol(r"\operatorname{Re}\left(i\alpha - \frac{\beta^{2}}{4\sigma}\right)"),
        )
    )
    steps.append(
        Step(
            "Real part: phase",
            -e_im,
            r"$\operatorname{Im}$ of $i\alpha - \beta^2/(4\sigma)$, sign flipped",
            "(B28) phase",
            a_ - a_ * b_ / sig,
            th,
        )
    )
    steps.append(
        Step(
            "Real part: bracket",
            sp.expand(sp.cos(th) * br_re + sp.sin(th) * br_im),
            r"$\operatorname{Re}[e^{-i\theta}(X + i Y)]$ with $\theta = a - ab/\sigma$",
            "(B28) bracket",
            sp.cos(th) * (N**2 / 4 - 1 / (2 * sig) + (a_**2 - 4 * b_**2) / (4 * sig**2))
            - a_ * b_ / sig * sp.sin(th),
            sp.Symbol(r"\operatorname{Re}[e^{-i\theta}(X + i Y)]"),
        )
    )

    # (B29)-(B31): b << a, W0 nbar >> U: a = -8 W0 nbar t; exponent a^2/(4 sigma)
    a_lead = -8 * W0 * nbar * t
    ex = sp.simplify(a_lead**2 / (4 * (2 / N + 32 * nbar * (W0 * t) ** 2)))
    steps.append(
        Step(
            "Gaussian exponent",
            ex,
            r"$W_0 \bar n \gg U$: $a \to -8 W_0 \bar n t$",
            "(B30)",
            8 * (W0 * nbar * t) ** 2 * N / (1 + 16 * (W0 * nbar * t) ** 2 * N / nbar),
            sp.Symbol(r"\frac{a^{2}}{4\sigma}"),
        )
    )
    steps.append(
        Step(
            r"Leading coefficient $a$ at $W_0 \bar n \gg U$",
            a_lead,
            r"$U \to 0$ in $a$ of (B26)",
            "text after (B28): a ~ -4 W0 t nbar",
            -4 * W0 * t * nbar,
            a_,
        )
    )
    c_ = sp.Symbol("c", positive=True)  # W0 nbar held fixed while nbar -> oo
    ex0 = sp.limit(ex.subs(W0, c_ / nbar), nbar, sp.oo).subs(c_, W0 * nbar)
    tau_d = sp.solve(sp.Eq(ex0, 2 * t**2 / tau_C**2), tau_C)[0]
    steps.append(
        Step(
            "Time scale of the Gaussian",
            sp.Eq(tau_C, tau_d),
            r"denominator of (B30) $\to 1$: $16 (W_0 \bar n t)^2 N / \bar n \ll 1$, i.e. "
            r"$t \ll (\sqrt{\bar n}/2)\, \tau_C$",
            "(B31), (D4)",
            sp.Eq(tau_C, printed_tau_C()),
        )
    )

    # (B32)-(B33): b -> 0, sigma -> 2/N, bracket to O(a^2); G = exp(-a^2 N/8), x2 = t^2/tau_C^2
    G, x2 = sp.symbols("G x_2", positive=True)
    bracket = (sp.cos(e_im) * br_re - sp.sin(e_im) * br_im).subs(b_, 0).subs(sig, 2 / N)
    br2 = sp.series(bracket, a_, 0, 3).removeO()
    pref0 = pref.subs(sig, 2 / N)
    b33_cons = sp.expand(N * (N + 1) / 2 - 2 * pref0 * G * br2.subs(a_**2, 16 * x2 / N))
    printed_b33 = N * (N + 1) / 2 - G * (N**2 / 2 - N / 2 + 4 * x2 * N / 2)
    steps.append(
        Step(
            r"Bracket to $O(a^2)$",
            b33_cons,
            r"$\sigma \to 2/N$, $b \to 0$, $\cos a = 1 - a^2/2$ kept to the same order as "
            r"$a^2 N^2/8$; $G = e^{-2 t^2/\tau_C^2}$, $x_2 = t^2/\tau_C^2$, $a^2 = 16 x_2/N$",
            "(B33)",
            printed_b33,
            F,
        )
    )
    fq_b34 = printed_B34()
    lead34 = b33_cons.subs(x2, 0).subs(G, sp.exp(-2 * t**2 / tau_d**2))
    steps.append(
        Step(
            "QFI crossover, coherent photons",
            lead34,
            r"drop the $O(N t^2/\tau_C^2)$ term: small at $t \ll \tau_C$, suppressed by $G$ "
            r"at $t \sim \tau_C$",
            "(B34), (D3)",
            fq_b34,
            F,
        )
    )
    steps.append(
        Step(
            "Centred Gaussian integral ($k = m + 1$)",
            coherent_qfi_centred(),
            r"as (B23)-(B27) but the Gaussian $C_m C_{m+2} \sim \sqrt{2/(\pi N)}\, e^{-2/N} "
            r"e^{-2k^2/N}$ centred at its peak $k = m + 1$ and the square root "
            r"$\sim N^2/4 + N/2 - k^2$: $I$ is real",
            "F_Q (centred)",
            None,
            F,
        )
    )
    regime = (
        much_greater(N, 1, r"sum over $m$ $\to$ Gaussian integral"),
        much_less(8 * W0 * t * sp.sqrt(N), 1, r"short times: expansion of $e^{8 i W_0 t (m+1)}$"),
        much_less(nbar * (8 * W0 * t * sp.sqrt(N)) ** 3, 1, "third-order term of the exponent"),
        much_greater(W0 * nbar, U, "photon-induced twisting dominates"),
        much_greater(nbar, 1, r"$b \ll a$"),
    )
    return Derivation(
        name=r"QFI with an initial coherent field, (B21)-(B34), $\tau_C$ (D4)",
        steps=tuple(steps),
        result=fq_b34,
        parameters=(N, W0, alpha2, t),
        assumptions=(
            r"$\eta = 0$, $J = 0$, no loss",
            r"atoms in the coherent spin state along $x$",
            r"photons in a coherent state of mean number $\bar n = |\alpha|^2$",
        ),
        regime=regime,
        paper_form=PaperForm(
            F,
            crossover_shape(_fC),
            (
                sp.Eq(_fC, sp.exp(-2 * sp.UnevaluatedExpr(t / tau_C) ** 2)),
                sp.Eq(tau_C, 1 / (2 * sp.sqrt(N) * W0 * _NBAR)),
                sp.Eq(_NBAR, alpha2),
            ),
        ),
    )
