"""Mean photon number of the pumped cavity: n(t) = eta^2 t^2 for short times.

In block ``m`` the photon is the coherent state ``alpha_m(t) = i eta (1 - e^{-i omega_m t})/omega_m``,
so ``|alpha_m|^2 = eta^2 t^2 sinc^2(omega_m t/2)`` exactly, and
``n(t) = sum_m C_m^2 |alpha_m|^2 = eta^2 t^2 [1 - <omega_m^2> t^2/12 + O(t^4)]`` with
``<omega_m^2> = Delta_c^2 - Delta_c W0 N + W0^2 (3N^2/4 - N/2)`` for the coherent spin state.
The correction is small only if ``<omega_m^2>^{1/2} t << 1``, i.e. ``W0 N t << 1`` as
well as ``Delta_c t << 1``: the printed condition ``Delta_c t << 1`` is not enough
when ``2 W0 m^2 ~ W0 N/2`` exceeds ``Delta_c``.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._regime import much_less
from ._symbols import W0, Delta_c, N, eta, m, omega, t

__all__ = ["nbar_derivation"]

_GAMMA2 = sp.Symbol(r"|\gamma_{m}|^{2}")
_NBAR = sp.Symbol(r"\bar{n}(t)")


@cache
def nbar_derivation() -> Derivation:
    """Derive ``n(t) = eta^2 t^2`` and its first correction.

    Notes
    -----
    Regime: ``sqrt(<omega_m^2>) t << 1`` with ``<omega_m^2> ~ 3 W0^2 N^2/4`` for
    ``W0 N >> Delta_c``; ``J = 0``, no loss, photons start in the vacuum.
    """
    steps: list[Step] = []
    alpha = sp.I * eta * (1 - sp.exp(-sp.I * omega * t)) / omega
    mod2 = sp.simplify(sp.expand_complex(alpha * sp.conjugate(alpha)).rewrite(sp.cos))
    steps.append(
        Step(
            "Photon number in block $m$",
            mod2,
            r"exact: driven oscillator, vacuum at $t = 0$ (A29): $\alpha_m = -i \gamma_m$",
            "|gamma_m|^2",
            4 * eta**2 * sp.sin(omega * t / 2) ** 2 / omega**2,
            _GAMMA2,
        )
    )
    ser = sp.expand(sp.series(mod2, t, 0, 6).removeO())
    steps.append(
        Step(
            "Short-time series",
            ser,
            r"$\omega_m t \ll 1$",
            "|gamma_m|^2 series",
            eta**2 * t**2 - eta**2 * omega**2 * t**4 / 12,
            _GAMMA2,
        )
    )
    # CSS moments: <m^2> = N/4, <m^4> = 3N^2/16 - N/8 (binomial central moments)
    w2 = sp.expand((-Delta_c + 2 * W0 * m**2) ** 2)
    w2_avg = sp.expand(w2.subs(m**4, 3 * N**2 / 16 - N / 8).subs(m**2, N / 4))
    steps.append(
        Step(
            r"$\langle \omega_m^2 \rangle$ over the coherent spin state",
            w2_avg,
            r"exact: binomial moments $\langle m^2\rangle = N/4$, "
            r"$\langle m^4\rangle = 3N^2/16 - N/8$",
            "<omega^2>",
            None,
            sp.Symbol(r"\langle \omega_{m}^{2} \rangle"),
        )
    )
    nb = sp.expand(eta**2 * t**2 - eta**2 * w2_avg * t**4 / 12)
    steps.append(
        Step(
            "Mean photon number",
            nb,
            r"average of the series over $C_m^2$",
            "n(t) to O(t^4)",
            None,
            _NBAR,
        )
    )
    lead = eta**2 * t**2
    steps.append(
        Step(
            "Leading order",
            lead,
            r"$\sqrt{\langle \omega_m^2 \rangle}\, t \ll 1$",
            "n(t) = eta^2 t^2",
            eta**2 * t**2,
            _NBAR,
        )
    )
    return Derivation(
        name=r"Mean photon number of the pumped cavity, $\bar n(t) = \eta^2 t^2$",
        steps=tuple(steps),
        result=lead,
        parameters=(eta, t),
        assumptions=(
            "$J = 0$, no loss, vacuum at $t = 0$",
            "atoms in the coherent spin state along $x$",
        ),
        paper_form=PaperForm(_NBAR, eta**2 * t**2),
        regime=(
            much_less(sp.Abs(Delta_c) * t, 1, "printed condition"),
            much_less(W0 * N * t, 1, r"the photon frequencies $2 W_0 m^2 \sim W_0 N/2$ too"),
        ),
    )
