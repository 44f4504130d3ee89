"""Decoherence in sundar2023: linearised noise around the undepleted pumps (input of Eq. (7)).

Noise model (the paper's): collective decay sqrt(Gamma)(S_A^- + S_B^-) from cavity loss and
spontaneous emission sqrt(gamma_s) sigma_i^- on every atom; with the cavity eliminated
(``cavity_derivation``) chi = -g_F^2/Delta, Gamma = g_F^2 kappa/Delta^2, so Gamma/|chi| = kappa/|Delta|,
and C = 4 g_F^2/(kappa gamma_s) gives |chi| = C kappa gamma_s/(4 |Delta|).

Undepleted pumps + Holstein-Primakoff (a = a_{e,A}, b = a_{g,B}; S_A^- ~ sqrt(N/2) a,
S_B^- ~ -sqrt(N/2) b^dag), delta = N chi/2:

    H = -g (a^dag b^dag + a b),  g = N chi/2,
    L_coll = sqrt(Gamma N/2) (a - b^dag),  L_A = sqrt(gamma_s) a,  L_B = sqrt(gamma_s) b^dag.

The covariance of R = (x_a, p_a, x_b, p_b) obeys dSigma/dt = A Sigma + Sigma A^T + D with A, D
derived here from the adjoint Lindbladian (c-number commutators of linear jumps).  To leading
order in epsilon = (Gamma N/2 + gamma_s)/(N chi) the squeezed quadrature q1 = (x_a - p_b)/sqrt2
(S_{2,+} up to sqrt(N/4)) has

    xi^2(tau) = e^{-tau} + epsilon (1 - e^{-tau}) + epsilon^2 sinh^2(tau/2),   tau = N chi t,

i.e. diffusion (second term) plus the feed of the anti-squeezed quadrature (third term), with
minimum 2 epsilon at e^{tau} = 2/epsilon.

For gamma_s > 0 the pump depletion by spontaneous emission dominates (``xi2_depletion``): the B spin
shrinks, the pair rate slows, the Zeeman shift no longer cancels the mean field and the fixed
read-out S_{1,-} picks up anti-squeezed noise, giving terms eps_gamma^2 tau^2 e^{tau}; their
balance against e^{-tau} is where ln(N C) enters.

Status (measured, see tests/derive/test_sundar_decoherence.py): both closed forms agree with the
second-order cumulant solution at N = 10^7 (n << sqrt N) to ~1 % for eps ~ 1e-3; the optimisation
over t and Delta and the comparison with the printed Eq. (7) are in :mod:`._eq7`.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, Step
from .._regime import much_less
from ._symbols import N, chi

__all__ = [
    "Gamma",
    "gamma_s",
    "epsilon",
    "epsilon_g",
    "linearised_noise_matrices",
    "decoherence_derivation",
    "xi2_linear",
    "xi2_depletion",
]

from ..models.sundar import MODEL

Gamma, gamma_s = MODEL.symbols("Gamma", "gamma_s")
epsilon = sp.Symbol("epsilon", positive=True)
epsilon_g = sp.Symbol("epsilon_gamma", nonnegative=True)  # gamma_s/(N chi)
_g = sp.Symbol("g", positive=True)
_tau = sp.Symbol("tau", nonnegative=True)
_t, _s = sp.symbols("t s", nonnegative=True)


@cache
def linearised_noise_matrices() -> tuple[sp.Matrix, sp.Matrix]:
    """Drift A and diffusion D of R = (x_a, p_a, x_b, p_b) under the linearised master equation.

    For a quadratic H = R^T h R / 2 the drift is J h (J: [R_i, R_j] = i J_ij); a linear jump
    L = l . R adds drift (i/2)[(J l) l^dag - (J l*) l^T] and diffusion Re(alpha_i^* alpha_j),
    alpha_i = [R_i, L] = i (J l)_i (symmetrised covariance).
    """
    xa, pa, xb, pb = R = sp.symbols("x_a p_a x_b p_b", real=True)
    J = sp.Matrix([[0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, -1, 0]])
    r2 = sp.sqrt(2)
    a, b = (xa + sp.I * pa) / r2, (xb + sp.I * pb) / r2
    ad, bd = (xa - sp.I * pa) / r2, (xb - sp.I * pb) / r2
    H = sp.expand(-_g * (ad * bd + a * b))
    A = J * sp.hessian(H, R)
    D = sp.zeros(4, 4)
    for L in (sp.sqrt(Gamma * N / 2) * (a - bd), sp.sqrt(gamma_s) * a, sp.sqrt(gamma_s) * bd):
        lvec = sp.Matrix([sp.diff(L, r) for r in R])
        lc = lvec.conjugate()
        Jl, Jlc = J * lvec, J * lc
        alpha = sp.I * Jl
        A += sp.Matrix(
            [[sp.I / 2 * (Jl[i] * lc[j] - Jlc[i] * lvec[j]) for j in range(4)] for i in range(4)]
        )
        D += sp.Matrix(
            [
                [sp.re(sp.expand(sp.conjugate(alpha[i]) * alpha[j])) for j in range(4)]
                for i in range(4)
            ]
        )
    return sp.simplify(A), sp.simplify(D)


def _rotation() -> sp.Matrix:
    """Rows: q1 = (x_a - p_b), q2 = (p_a - x_b) (squeezed), q3 = (x_a + p_b), q4 = (p_a + x_b), over sqrt 2."""
    return sp.Matrix([[1, 0, 0, -1], [0, 1, -1, 0], [1, 0, 0, 1], [0, 1, 1, 0]]) / sp.sqrt(2)


@cache
def xi2_linear() -> sp.Expr:
    """xi^2(tau) of the squeezed quadrature to leading order in the noise (derived, see module doc)."""
    A, D = linearised_noise_matrices()
    T = _rotation()
    At, Dt = sp.simplify(T * A * T.T), sp.simplify(T * D * T.T)
    # unperturbed: q1 ~ e^{-g t}, q3 ~ e^{+g t}; first-order feed of q3(0) into q1(t) (variation of constants)
    feed = At[0, 2] * sp.integrate(sp.exp(-_g * (_t - _s)) * sp.exp(_g * _s), (_s, 0, _t))
    # diffusion of q1, squeezed as it accumulates
    diff = sp.integrate(Dt[0, 0] * sp.exp(-2 * _g * (_t - _s)), (_s, 0, _t))
    var = sp.exp(-2 * _g * _t) * sp.Rational(1, 2) + feed**2 * sp.Rational(1, 2) + diff
    xi2 = sp.simplify((2 * var).subs(_t, _tau / (2 * _g)).subs(_g, N * chi / 2))
    eps_def = (Gamma * N / 2 + gamma_s) / (N * chi)
    return sp.simplify(xi2.subs(Gamma, (epsilon - eps_def.subs(Gamma, 0)) * 2 * chi))


@cache
def xi2_depletion() -> sp.Expr:
    """xi^2(tau) including the depletion of the B pump by spontaneous emission (leading order).

    Single-atom decay shrinks the B polarisation, <S_B^z> = (N/4) z_B, z_B = 2 e^{-gamma_s t} - 1.
    Linearised about it (b = -S_B^+ / sqrt(2 <S_B^z>)): (i) the pair rate becomes g sqrt(z_B);
    (ii) the b mode is detuned by 2 chi <S_B^z> - delta = -2 g (1 - e^{-gamma_s t}) ~ -2 g gamma_s t
    (the Zeeman shift no longer cancels the mean field); (iii) the fixed read-out
    S_{1,-} = S_B^x - S_A^y is sqrt(N/4) (x_a - sqrt(z_B) p_b), no longer the squeezed quadrature.
    (ii) and (iii) feed the anti-squeezed quadratures q4 and q3 into q1; to leading order in
    epsilon, epsilon_gamma = gamma_s/(N chi):

        xi^2 = e^{-tau + eps_g tau^2/2} + eps (1 - e^{-tau})
               + e^{tau} [(eps_g tau - eps)^2 + eps_g^2 (tau - 1)^2] / 4.
    """
    xa, pa, xb, pb = R = sp.symbols("x_a p_a x_b p_b", real=True)
    J = sp.Matrix([[0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, -1, 0]])
    T = _rotation()
    A, _ = linearised_noise_matrices()
    At = sp.simplify(T * A * T.T)
    Db = sp.Symbol("Delta_b", real=True)
    Hd = Db * ((xb**2 + pb**2) / 2)  # Delta_b b^dag b (constant dropped)
    Ad = sp.simplify(T * (J * sp.hessian(Hd, R)) * T.T)
    # (ii) detuning Delta_b(s) = -2 g gamma_s s feeds q4(0) e^{g s} into q1
    c4 = sp.integrate(
        sp.exp(-_g * (_t - _s)) * Ad[0, 3].subs(Db, -2 * _g * gamma_s * _s) * sp.exp(_g * _s),
        (_s, 0, _t),
    )
    # q3(0) feed (noise drift, as in xi2_linear) plus (iii) the read-out mismatch (1 - sqrt z_B) ~ gamma_s t:
    # q1_S = q1 + (gamma_s t) p_b / sqrt2 = q1 + (gamma_s t / 2)(q3 - q1), q3(t) ~ e^{g t} q3(0)
    c3 = At[0, 2] * sp.integrate(
        sp.exp(-_g * (_t - _s)) * sp.exp(_g * _s), (_s, 0, _t)
    ) + gamma_s * _t / 2 * sp.exp(_g * _t)
    diff = sp.integrate(
        sp.simplify(T * linearised_noise_matrices()[1] * T.T)[0, 0] * sp.exp(-2 * _g * (_t - _s)),
        (_s, 0, _t),
    )
    # (i) pair rate g sqrt(z_B) ~ g (1 - gamma_s s): squeezing exponent 2 g t - g gamma_s t^2
    sq = sp.exp(-2 * _g * _t + _g * gamma_s * _t**2)
    var = (sq + c3**2 + c4**2) / 2 + diff
    xi2 = (2 * var).subs(_t, _tau / (2 * _g)).subs(_g, N * chi / 2)
    xi2 = xi2.subs(gamma_s, epsilon_g * N * chi)
    xi2 = xi2.subs(Gamma, (epsilon - epsilon_g) * 2 * chi)
    # leading order: sinh(tau/2) -> e^{tau/2}/2 inside the feeds
    xi2 = sp.expand(sp.simplify(xi2.rewrite(sp.exp)))
    keep = [
        term
        for term in xi2.as_ordered_terms()
        if not (
            term.has(sp.exp(-_tau))
            and (term.has(epsilon_g**2) or term.has(epsilon**2) or term.has(epsilon * epsilon_g))
        )
    ]
    return sp.simplify(sp.Add(*keep))


@cache
def decoherence_derivation() -> Derivation:
    """Linearised noise, xi^2(tau) with noise and its minimum over tau (leading order in epsilon)."""
    A, D = linearised_noise_matrices()
    T = _rotation()
    At, Dt = sp.simplify(T * A * T.T), sp.simplify(T * D * T.T)
    xi2 = xi2_linear()
    # minimum over tau to leading order: e^{-tau} balanced against (epsilon^2/4) e^{tau}
    lead = sp.exp(-_tau) + epsilon + epsilon**2 * sp.exp(_tau) / 4
    tau_star = sp.solve(sp.diff(lead, _tau), _tau)[0]
    xi2_min = sp.simplify(lead.subs(_tau, tau_star))
    kappa, Delta, C = sp.symbols("kappa Delta C", positive=True)
    gam_ = sp.Symbol("gamma_s", positive=True)
    chi_c = C * kappa * gam_ / (4 * Delta)  # |chi| = g_F^2/|Delta|, g_F^2 = C kappa gamma_s/4
    Gam_c = C * kappa**2 * gam_ / (4 * Delta**2)  # Gamma = g_F^2 kappa/Delta^2
    eps_c = sp.simplify((Gam_c * N / 2 + gam_) / (N * chi_c))
    steps = (
        Step(
            r"drift $A$, basis $(x_a, p_a, x_b, p_b)$",
            A,
            "adjoint Lindbladian, undepleted pumps and Holstein-Primakoff",
            lhs=sp.Symbol("A"),
        ),
        Step(
            r"diffusion $D$",
            D,
            "c-number commutators of the linear jumps",
            lhs=sp.Symbol("D"),
        ),
        Step(
            r"drift in the squeezed/anti-squeezed basis $(q_1, q_2, q_3, q_4)$",
            At,
            "rotation of quadratures",
            lhs=sp.Symbol(r"T A T^{\mathrm{T}}"),
        ),
        Step(
            "diffusion in the squeezed/anti-squeezed basis",
            Dt,
            "rotation of quadratures",
            lhs=sp.Symbol(r"T D T^{\mathrm{T}}"),
        ),
        Step(
            r"$\xi^2(\tau)$, leading order in $\epsilon = (\Gamma N/2 + \gamma_s)/(N\chi)$",
            xi2,
            r"variation of constants: diffusion plus the first-order feed of $q_3$",
            lhs=sp.Function("xi^2")(_tau),
            label="xi2_noise",
        ),
        Step(
            r"optimal $\tau$",
            tau_star,
            r"$\partial_\tau (e^{-\tau} + \epsilon + \epsilon^2 e^{\tau}/4) = 0$",
            lhs=sp.Symbol(r"\tau_*"),
        ),
        Step(
            r"$\xi^2_{\mathrm{min}}$",
            xi2_min,
            r"leading order in $\epsilon$",
            label="xi2_min_noise",
            lhs=sp.Symbol(r"\xi^2_{\mathrm{min}}"),
        ),
        Step(
            r"$\xi^2(\tau)$ with pump depletion by $\gamma_s$"
            r" ($\epsilon_\gamma = \gamma_s/(N\chi)$)",
            xi2_depletion(),
            r"shrinking $B$ spin: slower pairs, residual detuning, read-out mismatch; leading order",
            lhs=sp.Function("xi^2")(_tau),
            label="xi2_depletion",
        ),
        Step(
            r"$\epsilon$ with the cavity parameters $(C, \kappa, \Delta)$",
            eps_c,
            r"$\chi = g_F^2/\Delta$, $\Gamma = g_F^2 \kappa/\Delta^2$,"
            r" $C = 4 g_F^2/(\kappa \gamma_s)$",
            lhs=epsilon,
            label="epsilon_cavity",
        ),
    )
    return Derivation(
        "sundar2023 decoherence: linearised noise around the undepleted pumps (towards Eq. (7))",
        steps,
        xi2_min,
        (N, chi, Gamma, gamma_s),
        (
            r"undepleted pumps ($\bar n \ll \sqrt{N}$)",
            r"$\delta = N\chi/2$",
            r"pump depletion by $\gamma_s$ neglected in the noise step, included to leading order"
            r" in the depletion step",
        ),
        (much_less(epsilon, sp.Integer(1), "weak noise"),),
    )
