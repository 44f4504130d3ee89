"""Compiled segment integrals and the all-times evaluation of the lossy sharma2025 state.

Independent routes: the mpmath twin of the closed forms (``_lossy_bell``, 40 digits, its
own series and thresholds), mpmath quadrature of the defining integrals, and the O(N)
variance route (proved equal to Eq. (5) by the reflection parity) for the Dicke window.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from numeric.sharma import _lossy
from numeric.sharma._lossy import atomic_state_lossy, log_rho_entries, qfi_lossy, tau_Q
from numeric.sharma._lossy_bell import _mp_log_rho, _mp_pair, _mp_phi1, _mp_phi2, _mp_sector
from numeric.sharma._lossy_common import _log_css, _segments
from numeric.sharma._lossy_kernels import _SMALL, _pair_integrals, _phi1, _phi2


def _mp_reference(x, y):
    """phi1(x+y), b(x,y), b(y,x), d(x,y) from the mpmath twin at 40 digits."""
    with mp.workdps(40):
        xm, ym = mp.mpc(x), mp.mpc(y)
        p1x, p1y = _mp_phi1(xm), _mp_phi1(ym)
        p2x, p2y = _mp_phi2(xm), _mp_phi2(ym)
        return [complex(v) for v in _mp_pair(xm, ym, p1x, p1y, mp.exp(-xm), mp.exp(-ym), p2x, p2y)]


def _sample_points():
    """(x, y) with Re >= 0 (loss) over the Taylor, closed-form and near-singular regions."""
    rng = np.random.default_rng(20251)
    mod = 10.0 ** rng.uniform(-9, 2, size=(2, 60))
    ang = rng.uniform(-np.pi / 2, np.pi / 2, size=(2, 60))
    pts = list(zip(mod[0] * np.exp(1j * ang[0]), mod[1] * np.exp(1j * ang[1]), strict=True))
    for w in (1e-8, 0.1, 0.249, 3.0, 40.0):  # x + y ~ 0: the diagonal pair m' = m
        for k in (0.0, 1e-10, 1e-3):
            pts.append((k + 1j * w, k - 1j * w * (1 + 1e-9)))
    for r in (_SMALL * (1 - 1e-9), _SMALL * (1 + 1e-9), 0.5 * (1 - 1e-9), 0.5 * (1 + 1e-9)):
        pts.append((r * np.exp(0.3j), 0.1 - 0.05j))  # branch boundaries of b, d and phi
        pts.append((0.02 + 0.01j, r * np.exp(-1.1j)))
    pts.append((1e-7j, 0.5 + 25j))  # resonant sector against a far one
    return pts


def test_pair_integrals_agree_with_the_mpmath_twin_to_1e_minus_12_everywhere():
    """Independent route: the extended-precision closed forms (their own thresholds and
    series) at 40 digits; every component to 1e-12 relative, over moduli 1e-9..1e2,
    the resonant diagonal x + y ~ 0 and the branch boundaries of the compiled kernel."""
    pts = _sample_points()
    x = np.array([p[0] for p in pts])
    y = np.array([p[1] for p in pts])
    got = _pair_integrals(x, y)
    worst = 0.0
    for i, (xi, yi) in enumerate(pts):
        ref = _mp_reference(xi, yi)
        for g, r in zip((got[0][i], got[1][i], got[2][i], got[3][i]), ref, strict=True):
            worst = max(worst, abs(g - r) / abs(r))
    assert worst < 1e-12


def test_phi1_phi2_agree_with_mpmath_closed_forms_on_both_sides_of_the_series_switch():
    """Independent route: mpmath expm1 closed forms at 40 digits."""
    z = np.array([1e-12, 1e-5 + 3e-5j, 0.3 - 0.2j, 0.4999, 0.5001j, 2 + 7j, 60 - 300j])
    with mp.workdps(40):
        r1 = [complex(-mp.expm1(-mp.mpc(v)) / mp.mpc(v)) for v in z]
        r2 = [complex((mp.mpc(v) + mp.expm1(-mp.mpc(v))) / mp.mpc(v) ** 2) for v in z]
    np.testing.assert_allclose(_phi1(z), r1, rtol=1e-14)
    np.testing.assert_allclose(_phi2(z), r2, rtol=1e-13)


def test_pair_integrals_broadcast_like_numpy():
    """b(x, y) on an outer grid equals the entrywise evaluation (shape contract)."""
    x = np.array([0.01 + 0.1j, 1.0 + 3j])[:, None]
    y = np.array([0.2 - 0.1j, 0.0 + 0.0j, 5.0 - 2j])[None, :]
    out = _pair_integrals(x, y)
    assert all(o.shape == (2, 3) for o in out)
    for i in range(2):
        for j in range(3):
            ref = _mp_reference(complex(x[i, 0]), complex(y[0, j]))
            assert abs(out[1][i, j] - ref[1]) <= 1e-13 * abs(ref[1])


def _mp_log_rho_matrix(N, U, W0, Dc, eta, t, kappa, pump_off):
    segs = _segments(float(t), eta, pump_off)
    lc = _log_css(N)
    ms = np.arange(N + 1) - N / 2
    with mp.workdps(30):
        sec = [_mp_sector(float(m), W0, Dc, segs, kappa, 0.0) for m in ms]
        return np.array(
            [
                [
                    complex(
                        _mp_log_rho(
                            sec[a][0],
                            sec[b][0],
                            sec[a][1],
                            sec[b][1],
                            float(ms[a]),
                            float(ms[b]),
                            U,
                            segs,
                            kappa,
                            0.0,
                            float(t),
                            mp.mpf(lc[a]),
                            mp.mpf(lc[b]),
                        )
                    )
                    for b in range(N + 1)
                ]
                for a in range(N + 1)
            ]
        )


@pytest.mark.parametrize("pump_off", [None, 0.6])
def test_all_times_at_once_and_in_chunks_equal_the_mpmath_entries_at_the_bench_point(
    monkeypatch, pump_off
):
    """Independent route: every ln rho_A[m, m'] from the mpmath twin, per time, at the
    benchmark's parameters (N = 10, eta = 320, kappa tau_Q = 1: most pairs in the Taylor
    branch), with the pump switched off in between.  The chunk size is forced down so that
    the times are split over several chunks."""
    N, eta = 10, 320.0
    tq = tau_Q(N, 1.0, eta)
    kappa = 1.0 / tq
    t = np.array([0.0, 0.05, 0.3, 0.61, 1.2, 2.0]) * tq
    off = None if pump_off is None else pump_off * tq
    monkeypatch.setattr(_lossy, "_CHUNK", 2 * (N + 1) ** 2)  # 2 times per chunk
    rho = atomic_state_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=off)
    for i, ti in enumerate(t):
        ref = np.exp(_mp_log_rho_matrix(N, 1.0, 1.0, 1.0, eta, ti, kappa, off))
        assert np.max(np.abs(rho[i] - ref)) < 1e-13
    k = np.arange(N + 1)
    L = log_rho_entries(
        N, 1.0, 1.0, 1.0, eta, t[3], k[:, None], k[None, :], kappa=kappa, pump_off=off
    )
    ref = _mp_log_rho_matrix(N, 1.0, 1.0, 1.0, eta, t[3], kappa, off)
    assert np.max(np.abs(L - ref)) < 1e-12


def test_qfi_on_the_dicke_window_equals_the_full_range_variance_route():
    """Independent route: 4<J_y^2> over all N+1 Dicke rows (exact by the reflection parity).
    At N = 300 the eigen route drops |m| >~ 6 sqrt(N) (CSS weight < 1e-32) and reports it."""
    N, eta = 300, 320.0
    tq = tau_Q(N, 1.0, eta)
    t = np.array([0.3, 1.0, 2.0]) * tq
    r = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=1.0 / tq)
    v = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=1.0 / tq, method="variance")
    window = [c for c in r.convergence if c.truncation.startswith("Dicke window")][0]
    assert window.value < N + 1 and 0 < window.error < 1e-32
    assert r.converged
    np.testing.assert_allclose(r["qfi"], v["qfi"], rtol=1e-10)
    np.testing.assert_allclose(r["nbar"], v["nbar"], rtol=1e-13)
