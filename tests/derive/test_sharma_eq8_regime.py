"""The first neglected orders behind sharma2025 Eq. (8), against direct numerics of the exact
block solution (finite differences / small-t evaluation, no series)."""

from __future__ import annotations

import numpy as np
import pytest

from derive.sharma._eq8_regime import eq8_error_estimate, eq8_neglected_orders


def _phi(w, t, eta=1.0):
    return eta**2 * (w * t - np.sin(w * t)) / w**2


def test_sin_expansion_coefficient_matches_the_exact_phase_derivative():
    """d Phi/d omega by central difference: relative O(t^2) term is -(3/20) omega^2 t^2, so
    the exponent (quadratic in the phase) moves by (3/10) omega^2 t^2."""
    d = eq8_neglected_orders()
    assert str(d.step("(B37)").expr.rhs) == "3*omega**2*t**2/10"
    w, t, h = 3.0, 0.02, 1e-4
    dphi = (_phi(w + h, t) - _phi(w - h, t)) / (2 * h)
    rel = dphi / (t**3 / 6) - 1
    assert rel == pytest.approx(-0.15 * w**2 * t**2, rel=1e-3)


def test_overlap_dephasing_matches_the_exact_overlap():
    """Re ln<alpha_2|alpha_1> = -|alpha_1 - alpha_2|^2/2 exactly; at small t it is
    -eta^2 (omega_2 - omega_1)^2 t^4 / 8, which with <(m+1)^2> = N/4 gives 9/(4 eta^2 t^2) of L."""
    d = eq8_neglected_orders()
    assert str(d.step("(B37a)").expr.rhs) == "9/(4*eta**2*t**2)"
    eta, w1, w2, t = 2.0, 5.0, 7.0, 1e-3
    a = [1j * eta * (1 - np.exp(-1j * w * t)) / w for w in (w1, w2)]
    re = -(abs(a[0] - a[1]) ** 2) / 2
    assert re == pytest.approx(-(eta**2) * (w2 - w1) ** 2 * t**4 / 8, rel=1e-4)


def test_error_estimate_grows_with_each_neglected_order():
    """A wrong estimate that ignored one order would not see these breakdowns."""
    base = dict(N=1000, U=1.0, W0=1.0, Delta_c=1.0, eta=5690.0)
    e0 = eq8_error_estimate(**base)
    assert e0["total"] < 0.05
    assert (
        eq8_error_estimate(**dict(base, U=30.0))["bare_interaction"] > 10 * e0["bare_interaction"]
    )
    assert eq8_error_estimate(**dict(base, eta=1012.0))["sin_expansion"] > 5 * e0["sin_expansion"]
    assert eq8_error_estimate(**dict(base, N=50))["finite_N"] == pytest.approx(1 / 50)
