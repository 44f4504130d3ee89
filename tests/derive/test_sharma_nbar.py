"""sharma2025 photon number n(t) = eta^2 t^2: series against the exact lossless solver."""

from __future__ import annotations

import numpy as np

from derive import compile_expr
from derive.sharma._nbar import nbar_derivation
from derive.sharma._symbols import W0, Delta_c, N, eta, t
from numeric.sharma import photon_number


def test_photon_number_series_to_t4_matches_exact_solver_at_short_times():
    d = nbar_derivation()
    assert all(c.equal for c in d.comparisons())
    f = compile_expr(d.step("n(t) to O(t^4)").expr, (N, W0, Delta_c, eta, t))
    tt = np.array([0.002, 0.004, 0.006])
    ex = photon_number(100, 1.0, 1.0, 1.0, 320.0, tt)
    series = f(N=100, W0=1.0, Delta_c=1.0, eta=320.0, t=tt)
    lead = 320.0**2 * tt**2
    # the O(t^4) correction captures the deviation from eta^2 t^2 (error O((W0 N t)^4))
    assert np.all(np.abs(series - ex) < 0.1 * np.abs(lead - ex))
