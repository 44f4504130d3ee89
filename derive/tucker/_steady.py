"""Analytic steady state of driven collective decay (cooperative resonance fluorescence) with chi.

Ansatz (Puri & Lawande 1979; Carmichael 1980): rho_ss ∝ A A^dagger with
A = sum_k (J_-/beta)^k = (1 - J_-/beta)^{-1}.  The spin-1/2 case fixes beta; the same beta
annihilates the Liouvillian exactly for every larger spin checked (j = 1, 3/2, 2 here,
and numerically to N = 400 against sparse LU in the tests), including chi != 0:

    beta = -Omega / (2 chi - i Gamma).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from derive import Derivation, Step

from ._model import Gamma, N, Omega, Upsilon, chi

__all__ = ["beta_derivation", "liouvillian_residual", "spin_matrices"]

_u_re, _u_im = sp.symbols("u_r u_i", real=True)


def spin_matrices(j: sp.Rational) -> tuple[sp.Matrix, sp.Matrix]:
    """J_+ and J_- of spin ``j`` (m ascending)."""
    d = int(2 * j + 1)
    jp = sp.zeros(d, d)
    for a in range(d - 1):
        m = -j + a
        jp[a + 1, a] = sp.sqrt(j * (j + 1) - m * (m + 1))
    return jp, jp.T


def liouvillian_residual(j: sp.Rational, inv_beta: sp.Expr, inv_beta_conj: sp.Expr) -> sp.Matrix:
    """L(A A^dagger) for A = (1 - J_-/beta)^{-1}, with 1/beta and its conjugate given explicitly."""
    jp, jm = spin_matrices(j)
    d = jp.shape[0]
    A = sp.zeros(d, d)
    Ad = sp.zeros(d, d)
    pk = sp.eye(d)
    pkd = sp.eye(d)
    for k in range(d):
        A += pk * inv_beta**k
        Ad += pkd * inv_beta_conj**k
        pk = pk * jm
        pkd = pkd * jp
    rho = A * Ad
    K = jp * jm
    H = chi * K + Omega * (jp + jm) / 2
    L = -sp.I * (H * rho - rho * H) + Gamma * (jm * rho * jp - (K * rho + rho * K) / 2)
    return L.applyfunc(lambda e: sp.simplify(sp.expand(e)))


@cache
def beta_derivation(max_twice_j: int = 4) -> Derivation:
    """Fix beta from spin 1/2 and verify L(A A^dagger) = 0 exactly up to j = max_twice_j/2."""
    u = _u_re + sp.I * _u_im
    uc = _u_re - sp.I * _u_im
    res_half = liouvillian_residual(sp.Rational(1, 2), u, uc)
    eqs = []
    for e in res_half:
        re, im = sp.expand(e).as_real_imag()
        eqs += [re, im]
    sol = sp.solve([e for e in eqs if e != 0], [_u_re, _u_im], dict=True)
    sol = [s for s in sol if s[_u_re] != 0 or s[_u_im] != 0][0]
    inv_beta = sp.simplify(sol[_u_re] + sp.I * sol[_u_im])
    beta = sp.simplify(1 / inv_beta)
    target = -Omega / (2 * chi - sp.I * Gamma)
    steps = [
        Step(
            r"ansatz $\rho = A A^\dagger$, $A = (1 - J_-/\beta)^{-1}$",
            sp.Symbol("A") * sp.Symbol("A^dagger"),
            "Puri--Lawande / Carmichael form",
            lhs=sp.Symbol("rho"),
        ),
        Step(
            r"spin $1/2$: $\mathcal{L}(A A^\dagger) = 0$ fixes $1/\beta$",
            inv_beta,
            "solve 4 real equations",
            lhs=1 / sp.Symbol("beta"),
        ),
        Step(r"$\beta$", beta, "exact", label="beta", printed=None, lhs=sp.Symbol("beta")),
        Step(
            r"$\beta = -\Omega/(2\chi - i \Gamma)$",
            sp.simplify(beta - target),
            "identity (zero)",
            lhs=sp.Symbol("beta") + Omega / (2 * chi - sp.I * Gamma),
        ),
    ]
    ib = -(2 * chi - sp.I * Gamma) / Omega
    ibc = -(2 * chi + sp.I * Gamma) / Omega
    for tj in range(2, max_twice_j + 1):
        j = sp.Rational(tj, 2)
        r = liouvillian_residual(j, ib, ibc)
        steps.append(
            Step(
                rf"$\mathcal{{L}}(A A^\dagger)$ for $j = {sp.latex(j)}$ vanishes",
                r,
                "exact matrix algebra",
                lhs=sp.Function("L_j")(sp.Symbol("A") * sp.Symbol("A^dagger")),
            )
        )
    steps.append(
        Step(
            r"$\beta$ in the paper's variables ($\Omega = N \Upsilon / 2$)",
            target.subs(Omega, N * Upsilon / 2),
            r"definition $\Upsilon = 2 \Omega / N$",
            lhs=sp.Symbol("beta"),
        )
    )
    return Derivation(
        r"Analytic collective steady state ($\gamma_s = 0$)",
        tuple(steps),
        target,
        (Omega, Gamma, chi),
        (
            r"$\gamma_s = 0$",
            r"initial state in the symmetric subspace $j = N/2$",
            r"$\Gamma > 0$ (unique steady state)",
        ),
        (),
    )
