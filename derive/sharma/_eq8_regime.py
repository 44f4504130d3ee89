"""Regime of Eq. (8) from the first neglected order of each approximation in (B35)-(B40).

The chain of :func:`pumped_qfi_derivation` makes four approximations.  Each drops a
term whose size relative to the kept one is derived here (sympy series of the exact
block solution), and the error it causes in ``F_Q/N^2`` follows from the sensitivity
of Eq. (8) to its exponent:

    F_Q/N^2 ~ (1 - f)/2,  f = e^{-L},  delta(F_Q/N^2) = (1/2) f L |delta L / L|,

so a relative error ``eps(t)`` of the exponent ``L = 2 (t/tau_Q)^6`` costs at most
``max_x x^6 e^{-2 x^6} eps(x tau_Q)`` (``x = t/tau_Q``).  The neglected orders:

* **sin(omega_m t) to O(t^3)** (B37): the pump phase ``Phi(omega) = eta^2 (omega t -
  sin omega t)/omega^2`` enters through ``Phi_m - Phi_{m+2} ~ Phi'(omega) delta omega``;
  the next term of ``Phi'`` is ``-(3/20) omega^2 t^2`` relative to the kept one (derived
  below); at the Gaussian width ``m^2 = N/4`` used by (B38), ``omega = W0 N/2 - Delta_c``.
  The exponent is quadratic in the phase: ``eps = 2 (3/20) omega^2 t^2``.
* **the O(t^4) real part of the overlap** (dropped after (B37a)):
  ``-eta^2 (omega_{m+2} - omega_m)^2 t^4/8`` adds ``2 N W0^2 eta^2 t^4`` to L, i.e.
  ``eps = 9/(4 n(t))`` with ``n = eta^2 t^2`` (the paper's "n >> 1").
* **W0 n >> U** (Eq. (9) from (B40)): ``chi`` loses ``U t`` against
  ``(2/3) eta^2 W0 t^3``; L ~ chi^2, so ``eps = 3 U/(W0 n(t))``.
* **N >> 1** (sum -> Gaussian integral, N^2/4 - m^2 for the square root): corrections of
  relative order 1/N to the N^2 term, ``delta(F_Q/N^2) ~ 1/N``.

Notes
-----
This is an estimate of the first neglected order, not a bound: the orders have
different signs (the sin expansion slows the decay, the other two speed it up), so the
sum of their magnitudes over-estimates the error where they compete.  It is the
regime's definition, fixed before comparing with the exact QFI (issue #13).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from .._derivation import Derivation, Step
from ._symbols import W0, Delta_c, N, U, eta, omega, t

__all__ = ["eq8_neglected_orders", "eq8_error_estimate", "EQ8_X_GRID"]

EQ8_X_GRID = np.linspace(0.05, 2.0, 400)
"""Times t/tau_Q over which the estimate is maximised."""


@cache
def eq8_neglected_orders() -> Derivation:
    """Relative size of the first neglected term of each approximation behind Eq. (8).

    Returns
    -------
    Derivation
        Steps "sin expansion", "overlap dephasing", "bare interaction", each an
        ``Eq(eps, expression)`` for the relative error of the exponent L of f_Q.

    Notes
    -----
    Regime of the estimate itself: each eps small (first order); N >> 1.
    """
    eps = sp.Symbol("epsilon")
    steps: list[Step] = []
    phi = eta**2 * (omega * t - sp.sin(omega * t)) / omega**2
    dphi = sp.series(sp.diff(phi, omega), t, 0, 6).removeO()
    lead = sp.expand(dphi).coeff(t, 3) * t**3
    rel = sp.simplify(sp.expand(dphi - lead) / lead)  # -(3/20) omega^2 t^2
    steps.append(
        Step(
            r"$\sin$ expansion",
            sp.Eq(eps, sp.Abs(2 * rel)),
            r"$d\Phi/d\omega$ to $O(t^5)$ over its $O(t^3)$ term, doubled ($L \sim \chi^2$); "
            r"evaluate at $\omega = W_0 N/2 - \Delta_c$ ($m^2 = N/4$)",
            "(B37)",
            sp.Eq(eps, sp.Rational(3, 10) * omega**2 * t**2),
        )
    )
    w1, w2 = sp.symbols("omega_1 omega_2", real=True, nonzero=True)
    a1 = sp.I * eta * (1 - sp.exp(-sp.I * w1 * t)) / w1
    a2 = sp.I * eta * (1 - sp.exp(-sp.I * w2 * t)) / w2
    c1, c2 = (x.subs(sp.I, -sp.I) for x in (a1, a2))
    ln_ov = -(a1 * c1) / 2 - (a2 * c2) / 2 + c2 * a1
    re4 = sp.simplify(sp.re(sp.expand_complex(sp.series(ln_ov, t, 0, 5).removeO().coeff(t, 4))))
    k = sp.Symbol("k", real=True)  # k = m + 1, <k^2> = N/4
    re4k = sp.simplify(
        re4.subs({w1: -Delta_c + 2 * W0 * (k - 1) ** 2, w2: -Delta_c + 2 * W0 * (k + 1) ** 2})
    )
    dL = sp.simplify(-re4k.subs(k**2, N / 4) * t**4)  # added to L
    L = sp.Rational(8, 9) * N * W0**2 * eta**4 * t**6
    steps.append(
        Step(
            "overlap dephasing",
            sp.Eq(eps, sp.simplify(dL / L)),
            r"$O(t^4)$ real part of $\ln\langle\alpha_{m+2}|\alpha_m\rangle$, averaged with "
            r"$\langle (m+1)^2\rangle = N/4$, over $L$",
            "(B37a)",
            sp.Eq(eps, sp.Rational(9, 4) / (eta**2 * t**2)),
        )
    )
    chi3 = sp.Rational(2, 3) * eta**2 * W0 * t**3
    steps.append(
        Step(
            "bare interaction",
            sp.Eq(eps, sp.simplify(sp.expand((chi3 + U * t) ** 2 / chi3**2 - 1).coeff(U, 1) * U)),
            r"$\chi = 4(U t + (2/3) \eta^2 W_0 t^3)$: first order in $U$ of $\chi^2$ relative "
            r"to $U = 0$",
            "Eq. (9)",
            sp.Eq(eps, 3 * U / (W0 * eta**2 * t**2)),
        )
    )
    return Derivation(
        name="First neglected orders behind Eq. (8)",
        steps=tuple(steps),
        result=sp.Tuple(*(s.expr.rhs for s in steps)),
        parameters=(N, U, W0, Delta_c, eta, t),
        assumptions=("as pumped_qfi_derivation",),
        regime=(),
    )


def eq8_error_estimate(N, U, W0, Delta_c, eta, **_) -> dict[str, float]:
    """First-neglected-order estimate of max_t |F_Eq8 - F_exact| / N^2, by term.

    Returns the contribution of each neglected order (its eps(t) weighted by
    ``x^6 e^{-2x^6}``, maximised over ``x = t/tau_Q`` in :data:`EQ8_X_GRID`), the
    finite-N term ``1/N`` and ``total`` (the maximum over x of the summed eps, plus 1/N).
    """
    tau = (9.0 / (4.0 * N * W0**2 * eta**4)) ** (1.0 / 6.0)
    x = EQ8_X_GRID
    tt = x * tau
    n = (eta * tt) ** 2
    w = x**6 * np.exp(-2 * x**6)
    om = W0 * N / 2.0 - Delta_c
    parts = {
        "sin_expansion": 0.3 * om**2 * tt**2,
        "overlap_dephasing": 2.25 / n,
        "bare_interaction": 3.0 * U / (W0 * n),
    }
    out = {k: float(np.max(w * v)) for k, v in parts.items()}
    out["finite_N"] = 1.0 / N
    out["total"] = float(np.max(w * sum(parts.values()))) + 1.0 / N
    return out
