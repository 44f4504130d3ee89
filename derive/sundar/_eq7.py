"""Eq. (7) of sundar2023: the best Ramsey sensitivity with cavity loss and spontaneous emission.

Reconstruction of the (unavailable) supplement.  Noise model: collective decay
sqrt(Gamma)(S_A^- + S_B^-) and spontaneous emission sqrt(gamma_s) sigma_i^-; with the cavity
eliminated (``cavity_derivation``) |chi| = g_F^2/|Delta|, Gamma = g_F^2 kappa/Delta^2 and
C = 4 g_F^2/(kappa gamma_s), so in units of the pair rate N chi

    eps_Gamma = Gamma N/2 / (N chi) = kappa/(2 Delta),     eps_gamma = gamma_s/(N chi) = 4 Delta/(N C kappa),

whose product 2/(NC) does not depend on Delta: Delta trades collective decay against
spontaneous emission.  Starting from the linearised squeezing with pump depletion by gamma_s
(``xi2_depletion``; N (Delta phi)^2 = xi^2 (1 + O(eps_gamma tau)) at phi = 0, the contrast
<S_{3,-}> = (N/2)(1 - eps_gamma tau + ...)):

1. leading order in 1/tau (tau = N chi t ~ ln NC >> 1) with r = eps_Gamma/(eps_gamma tau) = O(1):
   xi^2 ~ e^{-tau} + eps_Gamma + e^{tau} eps_gamma^2 tau^2 [(1 - r)^2 + 1]/4;
2. minimum over tau (tau^2 slowly varying): eps_Gamma + eps_gamma tau sqrt((1 - r)^2 + 1);
3. minimum over Delta at fixed eps_Gamma eps_gamma = 2/(NC): r = 1 (the root of
   r^3 - 3 r^2 + 2 = 0 with sqrt((1-r)^2+1) = (2 - r^2)/r > 0), value 2 sqrt(2 tau/(NC));
4. r = 1 gives Delta = kappa sqrt(NC/(8 tau)), and the tau balance e^{tau} = 2/(eps_gamma tau)
   gives 2 tau = ln(2NC/tau) = ln(2NC) at leading logarithmic order.

Result: Delta_opt = kappa sqrt(NC)/(2 sqrt(ln 2NC)) -- the printed detuning -- and
(Delta phi)^2 = 2 sqrt(ln 2NC)/(N^{3/2} sqrt C), a factor sqrt 2 above the printed Eq. (7).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._regime import much_greater, much_less
from ._decoherence import _tau, epsilon, epsilon_g, xi2_depletion
from ._symbols import MODEL, N

__all__ = [
    "eq7_derivation",
    "eq7_printed",
    "eq7_derived",
    "eq7_detuning",
    "C",
    "kappa",
    "Delta",
    "eps_G",
    "r_ratio",
]

C, kappa = MODEL.symbols("C", "kappa")
Delta = sp.Symbol("Delta_abs", positive=True)  # |Delta| (the sign of Delta only sets that of chi)
eps_G = sp.Symbol("epsilon_Gamma", positive=True)
r_ratio = sp.Symbol("r", positive=True)
_L = sp.log(2 * N * C)
_XI2 = sp.Symbol("xi^2")
_XI2_MIN_TAU = sp.Symbol(r"\xi^2_{\mathrm{min},\tau}")
_XI2_MIN = sp.Symbol(r"\xi^2_{\mathrm{min}}")
_R_OPT = sp.Symbol(r"r_{\mathrm{opt}}")
_ABS_DELTA = sp.Symbol(r"|\Delta|")
_DPHI2 = sp.Symbol(r"(\Delta\phi)^2")


def eq7_printed() -> sp.Expr:
    """Eq. (7) as printed: sqrt(2 ln(2NC)) / (N^{3/2} sqrt(C))."""
    return sp.sqrt(2 * _L) / (N ** sp.Rational(3, 2) * sp.sqrt(C))


def eq7_derived() -> sp.Expr:
    """Leading-log optimum derived here: 2 sqrt(ln(2NC)) / (N^{3/2} sqrt(C))."""
    return eq7_derivation().result


def eq7_detuning() -> sp.Expr:
    """Optimal detuning (derived = printed): kappa sqrt(NC) / (2 sqrt(ln 2NC))."""
    return eq7_derivation().step("Delta_opt").expr


@cache
def eq7_derivation() -> Derivation:
    """Optimum of the Ramsey sensitivity over t and Delta with Gamma and gamma_s (Eq. (7))."""
    tau, eg = _tau, epsilon_g
    # 0. the linearised xi^2 with depletion, written with eps = eps_Gamma + eps_gamma
    xi2 = xi2_depletion().subs(epsilon, eps_G + eg)
    # 1. leading order in 1/tau with eps_Gamma = r eps_gamma tau, r = O(1)
    lead = sp.exp(-tau) + eps_G + sp.exp(tau) * eg**2 * tau**2 * ((1 - r_ratio) ** 2 + 1) / 4
    # check: the dropped pieces are O(1/tau) relative (used in the tests numerically as well)
    # 2. minimum over tau with tau^2 treated as slowly varying: 1/w + a w (w = e^tau) is stationary at
    #    w^2 = 1/a, the positive root; the value 2 sqrt(a) = eps_gamma tau sqrt((1-r)^2+1) (all positive)
    a = eg**2 * tau**2 * ((1 - r_ratio) ** 2 + 1) / 4
    w_star = 1 / sp.sqrt(a)
    s_r = sp.sqrt((1 - r_ratio) ** 2 + 1)
    at_tau = eps_G + eg * tau * s_r
    at_tau = at_tau.subs(eps_G, r_ratio * eg * tau)
    # 3. minimum over r at fixed P = eps_Gamma * eps_gamma tau  (eps_gamma tau = sqrt(P / r))
    P = sp.Symbol("P", positive=True)
    g_r = sp.sqrt(P) * (r_ratio + s_r) / sp.sqrt(r_ratio)
    # dg/dr = 0: numerator A + B s_r = 0 -> polynomial A^2 - B^2 s_r^2 = 0, keep roots that solve the original
    num = sp.numer(sp.together(sp.diff(g_r, r_ratio) / sp.sqrt(P)))
    sym_s = sp.Symbol("s", positive=True)
    only_s = num.replace(lambda e: e.is_Pow and e.exp == sp.S.Half, lambda e: sym_s)
    lin = sp.expand(sp.expand(only_s).xreplace({sym_s**2: (1 - r_ratio) ** 2 + 1}))
    A_, B_ = lin.coeff(sym_s, 0), lin.coeff(sym_s, 1)
    poly = sp.factor(sp.expand(A_**2 - B_**2 * ((1 - r_ratio) ** 2 + 1)))
    cands = [rt for rt in sp.Poly(sp.expand(poly), r_ratio).real_roots() if rt > 0]
    r_star = [rt for rt in cands if abs(float(num.subs(r_ratio, rt))) < 1e-12][0]
    best = sp.simplify(g_r.subs(r_ratio, r_star))
    # 4. cavity parameters: chi = C kappa gamma_s/(4 Delta), Gamma = C kappa^2 gamma_s/(4 Delta^2)
    gam = MODEL.symbol("gamma_s")
    chi_c = C * kappa * gam / (4 * Delta)
    Gam_c = C * kappa**2 * gam / (4 * Delta**2)
    eG_c = sp.simplify(Gam_c * N / 2 / (N * chi_c))
    eg_c = sp.simplify(gam / (N * chi_c))
    P_c = sp.simplify(eG_c * eg_c * tau)
    D2 = sp.Symbol("D2", positive=True)  # Delta^2
    Delta_r1 = sp.sqrt(sp.solve((eG_c - r_star * eg_c * tau).subs(Delta, sp.sqrt(D2)), D2)[0])
    Delta_opt = sp.simplify(Delta_r1.subs(tau, _L / 2))
    N_dphi2 = sp.simplify(best.subs(P, P_c))
    dphi2 = sp.simplify((N_dphi2 / N).subs(tau, _L / 2))
    Delta_printed = kappa * sp.sqrt(N * C) / (2 * sp.sqrt(_L))
    steps = (
        Step(
            r"$\xi^2(\tau)$ with collective decay and pump depletion by $\gamma_s$",
            xi2,
            r"the linearised squeezing with depletion of the decoherence derivation (undepleted pumps"
            r" plus a shrinking $B$ spin), $\epsilon = \epsilon_\Gamma + \epsilon_\gamma$",
            lhs=sp.Function("xi^2")(tau),
            label="xi2_noise",
        ),
        Step(
            r"leading order in $1/\tau$, $\epsilon_\Gamma = r \epsilon_\gamma \tau$",
            lead,
            r"$\tau \sim \ln NC \gg 1$: $\epsilon_\gamma (1 - e^{-\tau})$ and"
            r" $\epsilon_\gamma \tau^2/2$ in the exponent are $O(1/\tau)$",
            lhs=_XI2,
            label="xi2_lead",
        ),
        Step(
            r"$e^\tau$ at the minimum over $\tau$",
            w_star,
            r"$\partial (e^{-\tau} + a e^\tau)/\partial e^\tau = 0$, positive root;"
            r" $\tau^2$ slowly varying",
            lhs=sp.Symbol(r"e^{\tau_*}"),
        ),
        Step(
            r"minimum over $\tau$",
            at_tau,
            r"$e^{\tau_*}$ substituted",
            label="min_tau",
            lhs=_XI2_MIN_TAU,
        ),
        Step(
            r"minimum over $\tau$ as a function of $r$ at fixed"
            r" $P = \epsilon_\Gamma \epsilon_\gamma \tau$",
            g_r,
            r"$\epsilon_\gamma \tau = \sqrt{P/r}$",
            lhs=sp.Function("g")(r_ratio),
        ),
        Step(
            r"$g'(r) = 0$ with the square root eliminated",
            poly,
            r"the numerator $A + B \sqrt{(1-r)^2+1} = 0$ squared:"
            r" $A^2 - B^2 [(1-r)^2+1] = 0$",
            lhs=sp.Symbol("A") ** 2 - sp.Symbol("B") ** 2 * ((1 - r_ratio) ** 2 + 1),
        ),
        Step(
            r"optimal $r = \epsilon_\Gamma/(\epsilon_\gamma \tau)$",
            r_star,
            r"the positive root that solves $g'(r) = 0$ itself (the other root was introduced by"
            r" squaring)",
            lhs=_R_OPT,
            label="r_opt",
        ),
        Step(
            r"minimum over $\tau$ and $\Delta$, in terms of $P$",
            best,
            r"$g(r_{\mathrm{opt}})$",
            lhs=_XI2_MIN,
        ),
        Step(
            r"$\epsilon_\Gamma$ with the cavity",
            eG_c,
            r"$\epsilon_\Gamma = (\Gamma N/2)/(N\chi)$ with $\chi$ and $\Gamma$ of the cavity"
            r" elimination and $C = 4 g_F^2/(\kappa \gamma_s)$",
            lhs=eps_G,
        ),
        Step(
            r"$\epsilon_\gamma$ with the cavity",
            eg_c,
            r"$\epsilon_\gamma = \gamma_s/(N\chi)$",
            lhs=eg,
        ),
        Step(
            r"$P$ with the cavity (independent of $\Delta$)",
            P_c,
            r"the product $\epsilon_\Gamma \epsilon_\gamma \tau$",
            lhs=P,
        ),
        Step(
            r"$|\Delta|$ at $r = r_{\mathrm{opt}}$",
            Delta_r1,
            r"$\epsilon_\Gamma = r_{\mathrm{opt}} \epsilon_\gamma \tau$ solved for $|\Delta|$",
            lhs=_ABS_DELTA,
        ),
        Step(
            r"$\tau$ at the optimum",
            sp.Eq(2 * tau, sp.log(2 * N * C / tau)),
            r"$e^\tau = 2/(\epsilon_\gamma \tau)$ with $\epsilon_\gamma \tau = \sqrt{P}$:"
            r" $2\tau = \ln(2NC) - \ln\tau$; to leading logarithmic order $2\tau = \ln 2NC$",
        ),
        Step(
            r"optimal detuning $|\Delta|_{\mathrm{opt}}$",
            Delta_opt,
            r"$2\tau \to \ln(2NC)$",
            label="Delta_opt",
            printed=Delta_printed,
            lhs=sp.Symbol(r"|\Delta|_{\mathrm{opt}}"),
        ),
        Step(
            r"$N (\Delta\phi)^2$ at the optimum",
            N_dphi2,
            r"$N (\Delta\phi)^2 = \xi^2 [1 + O(\epsilon_\gamma \tau)]$",
            lhs=sp.Symbol(r"N (\Delta\phi)^2"),
        ),
        Step(
            "Eq. (7)",
            dphi2,
            r"$2\tau \to \ln(2NC)$",
            label="Eq. (7)",
            printed=eq7_printed(),
            lhs=_DPHI2,
        ),
    )
    return Derivation(
        r"sundar2023 Eq. (7): optimum over $t$ and $\Delta$ with cavity loss and spontaneous emission",
        steps,
        dphi2,
        (N, C, kappa, Delta),
        (
            r"linearised (undepleted pumps, Holstein-Primakoff) noise with pump depletion by"
            r" $\gamma_s$",
            r"leading order in $1/\ln(NC)$ and in $\epsilon_\Gamma$, $\epsilon_\gamma$",
            r"$\phi = 0$, difference protocol:"
            r" $N (\Delta\phi)^2 = \xi^2 [1 + O(\epsilon_\gamma \tau)]$",
            r"beyond-UPA ($\bar n^3/N^3$) corrections neglected: their ratio to the noise term is"
            r" $\sim (C/\ln NC)^2$",
        ),
        (
            much_greater(sp.log(2 * N * C), sp.Integer(1), "long squeezing time tau ~ ln(NC)/2"),
            much_less(C, sp.log(2 * N * C), "pair number at the optimum << sqrt(N) (UPA)"),
        ),
        PaperForm(
            _DPHI2,
            sp.Mul(2, sp.sqrt(sp.log(2 * N * C)), evaluate=False)
            / (N ** sp.Rational(3, 2) * sp.sqrt(C)),
        ),
    )
