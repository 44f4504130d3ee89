"""Regime maps: relative error on a grid, the boundary of validity, NetCDF/PNG/CSV output."""

from __future__ import annotations

import json

import matplotlib.image as mpimg
import numpy as np
import pytest
import xarray as xr
from scipy.optimize import brentq

from numeric import ParameterError
from verify import Claim
from verify._registry import _CLAIMS
from verify.sweep import regime_map, validity_boundary

TOL = 1e-2


def _taylor_claim(**kw) -> Claim:
    """cos(a t) against its second-order Taylor polynomial: the error grows like (a t)^4 / 24."""
    return Claim(
        "test.cos_taylor",
        "test",
        "(1)",
        "1 - (a t)^2/2 approximates cos(a t) for a t << 1",
        closed=lambda a, t: 1.0 - (a * t) ** 2 / 2.0,
        exact=lambda a, t: np.cos(a * t),
        parameters=("a", "t"),
        defaults={"a": 1.0, "t": 0.1},
        tolerance=TOL,
        **kw,
    )


def _u_star(tol: float) -> float:
    """Independent route: the root of |1 - u^2/2 - cos u| = tol |cos u| by bracketing (scipy brentq)."""
    return brentq(
        lambda u: abs(1 - u * u / 2 - np.cos(u)) - tol * abs(np.cos(u)), 0.1, 1.4, xtol=1e-14
    )


def test_taylor_polynomial_of_cosine_is_valid_up_to_a_t_equal_root_of_error_equation(tmp_path):
    rm = regime_map(
        _taylor_claim(), ["a=0.5:2:4", "t=0.02:1.6:80"], store=tmp_path / "c.sqlite", progress=False
    )
    assert rm.along == "t" and rm.error.dims == ("a", "t") and rm.error.shape == (4, 80)
    # the error at every grid point is the formula evaluated directly
    a, t = np.meshgrid(rm.error["a"].values, rm.error["t"].values, indexing="ij")
    direct = np.abs(1 - (a * t) ** 2 / 2 - np.cos(a * t)) / np.abs(np.cos(a * t))
    np.testing.assert_allclose(rm.error.values, direct, rtol=1e-12, atol=1e-300)
    # the boundary scales as u*/a: interpolation over a grid step of 0.02 is good to ~1e-3
    u = _u_star(TOL)
    b = rm.boundary
    np.testing.assert_allclose(b["boundary"].values, u / rm.error["a"].values, rtol=2e-3)
    assert b["exceeded"].values.all()
    assert np.all(b["last_valid"].values < b["boundary"].values)
    assert np.all(b["boundary"].values <= b["first_invalid"].values)


def test_regime_map_is_saved_as_netcdf_png_and_boundary_csv(tmp_path):
    rm = regime_map(_taylor_claim(), ["a=1,2", "t=0.05:1.5:30"], scheduler="serial", progress=False)
    paths = rm.save(tmp_path / "out")
    ds = xr.open_dataset(paths["netcdf"])
    try:
        np.testing.assert_array_equal(ds["error"].values, rm.error.values)
        np.testing.assert_allclose(ds["boundary_boundary"].values, rm.boundary["boundary"].values)
        assert ds.attrs["claim"] == "test.cos_taylor" and ds.attrs["tolerance"] == TOL
        assert json.loads(ds.attrs["grid"])[0].startswith("a=")
        assert int(ds["failed"].sum()) == 0
    finally:
        ds.close()
    img = mpimg.imread(paths["png"])
    assert img.ndim == 3 and img.shape[0] > 200 and img.shape[1] > 200
    rows = [ln.split(",") for ln in paths["csv"].read_text().splitlines() if not ln.startswith("#")]
    assert rows[0] == ["a", "boundary", "last_valid", "first_invalid", "exceeded"]
    assert [float(r[0]) for r in rows[1:]] == [1.0, 2.0]
    np.testing.assert_allclose(
        [float(r[1]) for r in rows[1:]], [_u_star(TOL), _u_star(TOL) / 2], rtol=2e-2
    )


def test_boundary_reports_valid_everywhere_and_invalid_from_the_start():
    x = np.array([1.0, 2.0, 3.0])
    err = xr.DataArray(
        [[1e-5, 1e-4, 1e-3], [0.5, 0.6, 0.7], [1e-4, np.inf, 1e-4]],
        dims=("y", "x"),
        coords={"y": [0, 1, 2], "x": x},
    )
    b = validity_boundary(err, 1e-2, "x")
    assert list(b["exceeded"].values) == [False, True, True]
    assert b["last_valid"].values[0] == 3.0 and np.isnan(b["boundary"].values[0])
    assert b["first_invalid"].values[1] == 1.0 and np.isnan(b["last_valid"].values[1])
    assert (
        b["first_invalid"].values[2] == 2.0 and b["boundary"].values[2] == 2.0
    )  # inf: no interpolation


def test_non_finite_exact_value_counts_as_outside_the_regime():
    claim = Claim(
        "test.pole",
        "test",
        "(2)",
        "1/(1-x) ~ 1 + x",
        closed=lambda x: 1 + x,
        exact=lambda x: np.nan if x == 1.0 else 1 / (1 - x),
        parameters=("x",),
        defaults={"x": 0.0},
        tolerance=0.5,
    )
    rm = regime_map(claim, ["x=-0.5:1:7"], scheduler="serial", progress=False)
    assert np.isinf(rm.error.sel(x=1.0).item())
    # independent: x^2 = 0.5 (1 + x) ... relative error x^2 exactly; first above 0.5 is x = 0.75
    assert rm.boundary["first_invalid"].item() == 0.75


def test_failing_cells_are_blank_in_the_map_and_listed(tmp_path):
    def exact(a, t):
        if a == 2.0:
            raise ArithmeticError("exact solver did not converge")
        return np.cos(a * t)

    claim = Claim(
        "test.cos_fail",
        "test",
        "(1)",
        "",
        closed=lambda a, t: 1 - (a * t) ** 2 / 2,
        exact=exact,
        parameters=("a", "t"),
        defaults={"a": 1.0},
        tolerance=TOL,
    )
    rm = regime_map(claim, ["a=1,2", "t=0.1:1:10"], scheduler="serial", retries=1, progress=False)
    assert bool(rm.data["failed"].sel(a=2.0)) and np.isnan(rm.error.sel(a=2.0).values).all()
    [f] = rm.failures
    assert f.attempts == 2 and "did not converge" in f.summary
    assert not np.isnan(rm.error.sel(a=1.0).values).any()


def test_registered_claim_is_looked_up_on_the_worker_and_fixed_values_enter_the_key(
    tmp_path, monkeypatch
):
    claim = _taylor_claim()
    monkeypatch.setitem(_CLAIMS, claim.id, claim)
    store = tmp_path / "c.sqlite"
    rm = regime_map(
        claim.id, ["t=0.1:1:10"], fixed={"a": 2.0}, store=store, workers=2, progress=False
    )
    # one cell per a (t is passed whole), looked up by id in the pool worker
    assert rm.outcome.computed == 1
    np.testing.assert_allclose(
        rm.error.values,
        np.abs(1 - (2 * rm.error["t"]) ** 2 / 2 - np.cos(2 * rm.error["t"]))
        / np.abs(np.cos(2 * rm.error["t"])),
        rtol=1e-12,
    )
    other = regime_map(claim.id, ["t=0.1:1:10"], fixed={"a": 1.0}, store=store, progress=False)
    assert other.outcome.computed == 1  # a different fixed value is a different cell
    same = regime_map(claim.id, ["t=0.1:1:10"], fixed={"a": 2.0}, store=store, progress=False)
    assert same.outcome.reused == 1
    with pytest.raises(ParameterError):
        regime_map(claim.id, ["b=0:1:3"], progress=False)
    with pytest.raises(ParameterError):
        regime_map(claim.id, None, progress=False)  # no default grid for this claim


@pytest.mark.slow
def test_sharma_eq8_map_reproduces_the_claims_pointwise_check_at_fig2a_parameters(tmp_path):
    # independent route: verify.pointwise_check (the claim's own check) with the claim's callables,
    # at the Fig. 2a point N = 100 on the same times t = x tau_Q, x = 0..2 in 41 steps
    import verify.claims.sharma_eq8 as m
    from verify import pointwise_check

    x = np.linspace(0.0, 2.0, 41)
    rm = regime_map(
        "sharma.eq8",
        ["N=100", "t_over_tau=" + ",".join(map(repr, x.tolist()))],
        store=tmp_path / "c.sqlite",
        scheduler="serial",
        progress=False,
    )
    fig2a = dict(N=100, U=1.0, W0=1.0, Delta_c=1.0, eta=320.0)
    [row] = pointwise_check(
        m.eq8, m.exact_qfi, [dict(fig2a, t=x * m.tau_q(**fig2a))], 0.05, scale=lambda N, **_: N**2
    ).rows
    assert rm.error.max().item() == pytest.approx(row.error, rel=1e-9)
    assert rm.error.max().item() <= rm.tolerance and not rm.boundary["exceeded"].item()
