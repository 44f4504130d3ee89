"""Built-in regime maps: each map's error equals a direct evaluation of the claim at grid points.

Independent route: the claim's own ``closed`` / ``exact`` callables, called with
keyword arguments built here from the printed definitions of the dimensionless
axes (tau_C of (D4), tau_Q of Eq. (9), N chi t, ...), not from the spec's
change of variables, and the relative error formed here from the claim's
``error_scale`` (default |exact|).
"""

from __future__ import annotations

import numpy as np
import pytest

from verify import claim
from verify.sweep import regime_map, regime_spec

SHARMA = dict(U=1.0, W0=1.0, Delta_c=1.0, eta=320.0)


def _tau_q(N, W0, eta):
    return (9.0 / (4.0 * N * W0**2 * eta**4)) ** (1.0 / 6.0)  # Eq. (9) as printed


# claim id -> (tiny grid, vector axis or None, kwargs(point, vector values) built independently)
CASES = {
    "sharma.B21-B34": (
        ("N=40,200", "t_over_tau=0.5,1,2"),
        "t_over_tau",
        lambda p, x: dict(
            N=p["N"], U=1.0, W0=1.0, alpha2=40.0, t=x / (2 * np.sqrt(p["N"]) * 1.0 * 40.0)
        ),
    ),
    "sharma.B35-B40": (
        ("N=20,60", "t_over_tau=0.5,1,2"),
        "t_over_tau",
        lambda p, x: dict(N=p["N"], **SHARMA, t=x * _tau_q(p["N"], 1.0, 320.0)),
    ),
    "sharma.nbar": (
        ("N=20,200", "W0_N_t=0.05,0.5,2"),
        "W0_N_t",
        lambda p, x: dict(N=p["N"], U=1.0, W0=0.01, Delta_c=1.0, eta=320.0, t=x / (0.01 * p["N"])),
    ),
    "sharma.oat": (
        ("N=10,1000", "Ut_sqrtN=0.5,1,2.5"),
        "Ut_sqrtN",
        lambda p, x: dict(N=p["N"], U=1.0, t=x / np.sqrt(p["N"])),
    ),
    "sundar.nbar": (
        ("N=100,10000", "tau=1,3,6"),
        "tau",
        lambda p, x: dict(N=p["N"], chi=1.0, t=x / p["N"]),
    ),
    "sundar.eq5": (
        ("N=100,10000", "tau=1,3,6"),
        "tau",
        lambda p, x: dict(N=p["N"], chi=1.0, t=x / p["N"], phi=0.2),
    ),
    "tucker.upsilon_c_prime": (
        ("N=6,10", "upsilon=0.3,0.9"),
        None,
        lambda p, _: dict(N=p["N"], Gamma=1.0, chi=0.0, upsilon=p["upsilon"], gamma_s=1.0),
    ),
    "tucker.eq4": (
        ("upsilon=0.5,1.2", "Gamma_t=0.1,0.4"),
        None,
        lambda p, _: dict(N=20, Gamma=1.0, chi=0.0, upsilon=p["upsilon"], t=p["Gamma_t"]),
    ),
}


def _direct_error(c, kw):
    cl = np.asarray(c.closed(**kw), dtype=float)
    ex = np.asarray(c.exact(**kw), dtype=float)
    sc = np.abs(ex) if c.error_scale is None else np.asarray(c.error_scale(**kw), dtype=float)
    return np.broadcast_to(np.abs(cl - ex) / sc, np.shape(ex))


@pytest.mark.parametrize("cid", sorted(CASES))
def test_regime_map_error_equals_direct_closed_vs_exact_at_grid_points(cid):
    grid, vector, kwargs = CASES[cid]
    spec = regime_spec(cid)
    assert spec is not None and spec.quick_grid and spec.note
    c = claim(cid)
    rm = regime_map(cid, grid, scheduler="serial", progress=False)
    assert rm.outcome.ok and rm.tolerance == c.tolerance
    err = rm.error
    cell_dims = [d for d in err.dims if d != vector]
    # two grid points: the first and the last cell of the grid
    for pick in (0, -1):
        p = {d: err[d].values[pick].item() for d in cell_dims}
        if vector is None:
            direct = float(np.max(_direct_error(c, kwargs(p, None))))
            got = float(err.sel(p).values)
            np.testing.assert_allclose(got, direct, rtol=1e-6, atol=1e-15)
        else:
            x = np.asarray(err[vector].values, dtype=float)
            direct = _direct_error(c, kwargs(p, x))
            got = err.sel(p).values
            np.testing.assert_allclose(got, direct, rtol=1e-6, atol=1e-15)


def test_tau_q_law_holds_regime_margins_fixed_and_derives_exponent_minus_one():
    """eta = 640 (N/100)^(5/4): tau_Q ~ N^(-1/6) eta^(-2/3) (Eq. (9) by hand) gives b = -1/6 - 5/6 = -1."""
    from verify.claims.sharma_eq8 import exact_midpoint_time, regime_margins
    from verify.sweep import scaling_law

    law = scaling_law("sharma.eq9")
    assert law is not None
    b = law.exponent() if callable(law.exponent) else law.exponent
    assert b == pytest.approx(-1.0, abs=1e-12)
    A = law.prefactor()
    eta = lambda N: 640.0 * (N / 100.0) ** 1.25  # noqa: E731
    # the prefactor: (ln2/2)^(1/6) tau_Q at N = 1 with the printed Eq. (9)
    assert A == pytest.approx((np.log(2) / 2) ** (1 / 6) * _tau_q(1.0, 0.1, eta(1.0)), rel=1e-12)
    m50, m800 = (regime_margins(N, 1.0, 0.1, 1.0, eta(N)) for N in (50, 800))
    assert m50["N_W0_t"] == pytest.approx(m800["N_W0_t"], rel=1e-12)
    assert law.exact(N=100) == exact_midpoint_time(100, 1.0, 0.1, 1.0, eta(100.0))


def test_oat_has_two_scaling_laws_squeezing_and_nongaussian_time():
    """sharma.oat carries two laws; the non-Gaussian one is keyed sharma.oat:t_ng."""
    from verify.sweep import scaling_law, scaling_laws

    keys = [law.key for law in scaling_laws("sharma.oat")]
    assert keys == ["sharma.oat", "sharma.oat:t_ng"]
    assert scaling_law("sharma.oat:t_ng").name == "t_ng"


def test_oat_nongaussian_time_law_matches_small_angle_asymptotics_and_exact_data():
    """acos(1 - e) ~ sqrt(2 e), e = ln2 / N (by hand): t_ng -> sqrt(ln 2 / 2) N^(-1/2); exact data follow it."""
    from verify.sweep import scaling_law, scaling_sweep

    law = scaling_law("sharma.oat:t_ng")
    assert law.exponent() == pytest.approx(-0.5, abs=1e-14)
    assert law.prefactor() == pytest.approx(np.sqrt(np.log(2) / 2), rel=1e-14)
    fit, outcome = scaling_sweep(law, "300:30000:4:log", scheduler="serial", progress=False)
    assert not outcome.failures
    assert fit.agrees
    # exact t_ng sqrt(N) approaches the derived prefactor from the finite-N side (1/N corrections)
    assert fit.y[-1] * np.sqrt(fit.N[-1]) == pytest.approx(np.sqrt(np.log(2) / 2), rel=2e-3)


def test_sundar_cavity_elimination_map_boundary_is_where_the_neglected_order_reaches_tolerance():
    """The exact side is the atoms + cavity dynamics (N = 2, g_0 = kappa = 1, F = 9/2).  By hand, the
    single-excitation pole lambda = -G/D + G^2/D^3 + ..., G = N g_F^2, D = Delta - i kappa/2, puts the
    limits' worst error (Gamma) at (3 N g_F^2 + kappa^2/4)/Delta^2 to leading order, so the map's
    boundary in kappa/|Delta| is sqrt(tol / (3 N g_F^2 + 1/4)) for either sign of Delta (next order
    O(x^2) ~ 2e-4 relative there).
    """
    rm = regime_map(
        "sundar.ae",
        ("sign=-1,1", "kappa_over_Delta=0.005:0.04:30:log"),
        scheduler="serial",
        progress=False,
    )
    tol = claim("sundar.ae").tolerance
    want = np.sqrt(tol / (3 * 2 * 4.5 / 5.5 + 0.25))
    np.testing.assert_allclose(rm.boundary["boundary"].values, [want, want], rtol=0.03)
