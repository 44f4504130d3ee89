"""One-axis twisting baseline (W0 = 0): closed-form moments, QFI and its two time scales.

For ``H = U J_z^2`` and the coherent spin state along x, ``C_m^2 = binom(N, k)/2^N``
(``k = N/2 + m``) and every needed moment is a derivative of the binomial
generating function ``sum_k binom(N, k) x^k y^(N-k) = (x + y)^N``:

* ``<J_+^2> = N(N-1)/4 cos^{N-2}(2Ut)``,
* ``<J_y^2> = N/4 + N(N-1)/8 [1 - cos^{N-2}(2Ut)]``, ``<J_z^2> = N/4``,
* ``<{J_y, J_z}> = N(N-1)/2 sin(Ut) cos^{N-2}(Ut)``,

so the pure state has ``F_Q = 4<J_y^2> = N(N+1)/2 - N(N-1)/2 cos^{N-2}(2Ut)``
(Kitagawa and Ueda, PRA 47, 5138 (1993); Pezzè et al., RMP 90, 035005 (2018)).
Large-N asymptotics: the squeezing parameter is minimal at ``2Ut = 192^{1/6} N^{-2/3}``
(``xi^2 ~ 1.04 N^{-2/3}``) and the QFI crosses over as ``exp(-2 N U^2 t^2)``, i.e. on
the non-Gaussian time ``1/(U sqrt(N))``.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._regime import much_greater
from ._symbols import N, U, crossover_shape, t

__all__ = [
    "oat_moments",
    "oat_qfi",
    "oat_derivation",
    "oat_squeezing_asymptotics",
    "oat_squeezing_parameter",
]

kk = sp.Symbol("k", integer=True, nonnegative=True)
x, y, phi = sp.symbols("x y phi", positive=True)
eps, c = sp.symbols("epsilon c", positive=True)


@cache
def oat_moments() -> dict[str, sp.Expr]:
    """``<J_+^2>``, ``<J_y^2>``, ``<J_z^2>``, ``<{J_y,J_z}>`` of the OAT state (closed form)."""
    jp2 = N * (N - 1) / 4 * sp.cos(2 * U * t) ** (N - 2)
    jz2 = N / 4
    jy2 = N / 4 + N * (N - 1) / 8 * (1 - sp.cos(2 * U * t) ** (N - 2))
    jyz = N * (N - 1) / 2 * sp.sin(U * t) * sp.cos(U * t) ** (N - 2)
    return {"Jp2": jp2, "Jy2": jy2, "Jz2": jz2, "JyJz": jyz}


def oat_qfi() -> sp.Expr:
    """``F_Q = N(N+1)/2 - N(N-1)/2 cos^{N-2}(2Ut)`` (pure state, generator J_y)."""
    return N * (N + 1) / 2 - N * (N - 1) / 2 * sp.cos(2 * U * t) ** (N - 2)


def oat_squeezing_parameter() -> sp.Expr:
    """Kitagawa-Ueda ``xi^2 = 4 V_min/N`` (minimal variance in the y-z plane)."""
    mo = oat_moments()
    vyy, vzz, vyz = mo["Jy2"], mo["Jz2"], mo["JyJz"] / 2
    vmin = (vyy + vzz) / 2 - sp.sqrt(((vyy - vzz) / 2) ** 2 + vyz**2)
    return 4 * vmin / N


@cache
def oat_squeezing_asymptotics() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Leading large-N squeezing: ``(xi^2(c) N^{2/3}, c_opt, xi^2_min N^{2/3})`` with ``2Ut = c N^{-2/3}``.

    Derived by setting ``N = eps^{-3}``, ``2Ut = c eps^2`` and expanding in ``eps``
    (``(Q/P)^2`` of the variance square root is small, ``~ 16/(c^2 N^{2/3})``).
    """
    nn = eps**-3
    mu = c * eps**2

    def ser(e: sp.Expr, order: int) -> sp.Expr:
        return sp.series(e, eps, 0, order).removeO()

    a_ = ser(1 - sp.exp(ser((nn - 2) * sp.log(sp.cos(mu)), 9)), 9)
    k_ = ser(sp.exp(ser((nn - 2) * sp.log(sp.cos(mu / 2)), 9)), 9)
    p_ = sp.expand(nn * (nn - 1) / 16 * a_)  # (V_yy - V_zz)/2
    q_ = sp.expand(nn * (nn - 1) / 4 * ser(sp.sin(mu / 2), 12) * k_)  # V_yz
    r2 = sp.expand(ser(sp.expand(q_ / p_), 6) ** 2)
    z = sp.Symbol("z")
    root = ser(sp.sqrt(1 + z).series(z, 0, 4).removeO().subs(z, r2), 8)
    xi2 = sp.factor(ser(sp.expand(4 * (nn / 4 + p_ - p_ * root) / nn), 3) / eps**2)
    c_opt = sp.solve(sp.diff(xi2, c), c)
    c_opt = [s for s in c_opt if s.is_positive][0]
    return xi2, c_opt, sp.nsimplify(sp.simplify(xi2.subs(c, c_opt)))


def oat_nongaussian_time() -> sp.Expr:
    """Time at which the OAT QFI is half-way from N to N(N+1)/2: ``cos^{N-2}(2Ut) = 1/2``.

    Notes
    -----
    Exact for N > 2 (the first root, 0 < 2Ut < pi/2): from ``F_Q = N(N+1)/2 - N(N-1)/2 cos^{N-2}(2Ut)``
    the midpoint ``(N + N(N+1)/2)/2`` needs ``N(N-1)/2 cos^{N-2} = N(N-1)/4``.
    """
    return sp.acos(2 ** (-1 / (N - 2))) / (2 * U)


@cache
def oat_nongaussian_asymptotics() -> tuple[sp.Expr, sp.Expr]:
    """``(b, A)`` of ``t_ng ~ A N^b`` at U = 1 (sympy limits of the exact :func:`oat_nongaussian_time`).

    Notes
    -----
    ``acos(1 - e) ~ sqrt(2e)`` with ``e ~ ln 2 / N``: b = -1/2, A = sqrt(ln 2 / 2).
    """
    tng = oat_nongaussian_time().subs(U, 1)
    b = sp.limit(sp.log(tng) / sp.log(N), N, sp.oo)
    A = sp.limit(tng / N**b, N, sp.oo)
    return sp.simplify(b), sp.simplify(A)


_fOAT = sp.Symbol(r"f_{\mathrm{OAT}}", positive=True)


@cache
def oat_derivation(with_squeezing: bool = False) -> Derivation:
    """Derive the OAT moments, QFI and time scales (W0 = 0, eta = 0).

    Parameters
    ----------
    with_squeezing
        Also derive the N^{-2/3} squeezing asymptotics (a series in N^{-1/3}; ~20 s).

    Notes
    -----
    Exact for any N and t except the asymptotic steps (N >> 1).
    """
    steps: list[Step] = []
    nn = sp.Symbol("n", positive=True)
    bc = sp.binomial(nn, kk)
    ratio = sp.combsimp(
        sp.sqrt(sp.binomial(nn, kk + 2) / bc)
        * sp.sqrt((nn - kk) * (kk + 1) * (nn - kk - 1) * (kk + 2))
    )
    steps.append(
        Step(
            "Binomial weight of the $m$, $m+2$ coherence",
            sp.simplify(ratio),
            r"exact: $C_m^2 = \binom{N}{k}/2^N$, $k = N/2 + m$",
            "binomial weight",
            (nn - kk) * (nn - kk - 1),
            sp.Symbol(r"\frac{C_{m} C_{m+2} \langle m+2|J_{+}^{2}|m\rangle}{C_{m}^{2}}"),
        )
    )
    gen = sp.factor(sp.diff((x + y) ** N, y, 2).subs(y, 1))
    steps.append(
        Step(
            "Generating function",
            gen,
            r"exact: $\partial_y^2 (x+y)^N$ at $y = 1$ $= \sum_k \binom{N}{k}(N-k)(N-k-1) x^k$",
            "moment identity",
            N * (N - 1) * (x + 1) ** (N - 2),
            sp.Symbol(r"\partial_{y}^{2} (x+y)^{N} |_{y=1}"),
        )
    )
    # <J_+^2> = sum binom (N-k)(N-k-1)/2^N e^{i theta (k - N/2 + 1)}, theta = 4Ut
    th = 4 * U * t
    jp2_real = sp.simplify(
        sp.powsimp(
            sp.expand(
                (N * (N - 1) / 2**N)
                * (2 * sp.cos(th / 2)) ** (N - 2)
                * sp.exp(sp.I * th * (N - 2) / 2)
                * sp.exp(sp.I * th * (1 - N / 2))
            ),
            force=True,
        )
    )
    steps.append(
        Step(
            r"$\langle J_+^2\rangle$",
            jp2_real,
            r"$1 + e^{i\theta} = 2 \cos(\theta/2)\, e^{i\theta/2}$; the phases cancel",
            "<J_+^2>",
            oat_moments()["Jp2"],
            sp.Symbol(r"\langle J_{+}^{2} \rangle"),
        )
    )
    # <{J_y, J_z}> = (1/2i)(<J_+(2J_z+1)> - c.c.), <J_+(2J_z+1)> = -i d/dphi [N/2^N (2 cos phi)^{N-1}]
    g1 = sp.factor(sp.diff((x + y) ** N, y).subs(y, 1))
    steps.append(
        Step(
            "First-derivative generating function",
            g1,
            "exact",
            "sum binom(N,k)(N-k) x^k",
            N * (x + 1) ** (N - 1),
            sp.Symbol(r"\partial_{y} (x+y)^{N} |_{y=1}"),
        )
    )
    # <J_+(2J_z+1)> = -i R with R = d/dphi [N/2^N (2 cos phi)^{N-1}] real, so (1/2i)(-iR - iR) = -R
    r_real = sp.diff(N / 2**N * (2 * sp.cos(phi)) ** (N - 1), phi)
    jyz = sp.simplify(sp.powsimp((-r_real).subs(phi, U * t), force=True))
    steps.append(
        Step(
            r"$\langle \{J_y, J_z\}\rangle$",
            jyz,
            r"$(2k - N + 1)\, e^{i\phi(2k-N+1)} = -i\, \partial_\phi$; "
            r"$(1 + e^{2 i\phi})^{N-1} e^{-i\phi(N-1)} = (2 \cos\phi)^{N-1}$",
            "<{J_y,J_z}>",
            oat_moments()["JyJz"],
            sp.Symbol(r"\langle \{J_{y}, J_{z}\} \rangle"),
        )
    )
    fq = sp.expand(N * (N + 1) / 2 - 2 * jp2_real)
    steps.append(
        Step(
            "QFI of the OAT state",
            fq,
            r"pure state: $F_Q = 4 \mathrm{Var}\, J_y = 4\langle J_y^2\rangle = N(N+1)/2 - "
            r"2 \operatorname{Re} \langle J_+^2\rangle$ ($\langle J_y\rangle = 0$ by parity)",
            "F_Q (OAT)",
            oat_qfi(),
            sp.Symbol("F_Q"),
        )
    )
    cc = sp.Symbol("c", positive=True)
    lim = sp.limit((N - 2) * sp.log(sp.cos(2 * U * cc / sp.sqrt(N))), N, sp.oo)
    steps.append(
        Step(
            "Non-Gaussian crossover",
            sp.exp(lim),
            r"$N \gg 1$ at $t = c/\sqrt{N}$: $\cos^{N-2}(2Ut) \to e^{-2 U^2 c^2}$",
            "f_OAT",
            sp.exp(-2 * U**2 * cc**2),
            sp.Symbol(r"f_{\mathrm{OAT}}"),
        )
    )
    tau_ng = sp.Symbol("tau_OAT", positive=True)
    sol = sp.solve(sp.Eq(2 * U**2 * t**2 * N, 2 * t**2 / tau_ng**2), tau_ng)[0]
    steps.append(
        Step(
            "Non-Gaussian time",
            sp.Eq(tau_ng, sol),
            r"$f = e^{-2 (t/\tau)^2}$ as in (B40) at $W_0 = 0$",
            "t ~ N^{-1/2}",
            sp.Eq(tau_ng, 1 / (U * sp.sqrt(N))),
        )
    )
    regime = (much_greater(N, 1, "asymptotic time scales"),)
    xi2_n = sp.Symbol(r"\xi^{2} N^{2/3}")
    if with_squeezing:
        xi2, c_opt, xi_min = oat_squeezing_asymptotics()
        steps.append(
            Step(
                r"Squeezing parameter at $2Ut = c N^{-2/3}$",
                xi2,
                r"$N = \epsilon^{-3} \gg 1$, series in $\epsilon$",
                "xi^2 N^{2/3}",
                c**4 / 96 + 4 / c**2,
                xi2_n,
            )
        )
        t_sq = sp.simplify(c_opt / (2 * U) * N ** sp.Rational(-2, 3))
        steps.append(
            Step(
                "Squeezing time",
                t_sq,
                r"$d\xi^2/dc = 0$",
                "t ~ N^{-2/3}",
                192 ** sp.Rational(1, 6) / (2 * U) * N ** sp.Rational(-2, 3),
                sp.Symbol(r"t_{\mathrm{sq}}"),
            )
        )
        steps.append(
            Step(
                "Minimal squeezing",
                xi_min,
                r"$\xi^2$ at $c_\mathrm{opt}$",
                "xi^2_min N^{2/3}",
                None,
                sp.Symbol(r"\xi^{2}_{\min} N^{2/3}"),
            )
        )
    return Derivation(
        name=r"One-axis twisting baseline ($W_0 = 0$): moments, QFI, time scales",
        steps=tuple(steps),
        result=oat_qfi(),
        parameters=(N, U, t),
        assumptions=("$W_0 = 0$ (no photons), $J = 0$", "coherent spin state along $x$"),
        regime=regime,
        paper_form=PaperForm(
            sp.Symbol("F_Q"),
            crossover_shape(_fOAT),
            (sp.Eq(_fOAT, sp.cos(2 * U * t) ** (N - 2)),),
        ),
    )
