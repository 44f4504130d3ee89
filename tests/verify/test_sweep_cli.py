"""``qderive sweep regime|scaling`` end to end through the real command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.optimize import brentq

from verify import Claim
from verify._registry import _CLAIMS
from verify.cli import main
from verify.sweep import ScalingLaw, _scaling


@pytest.fixture
def taylor(monkeypatch):
    c = Claim(
        "test.cli_taylor",
        "test",
        "(1)",
        "1 - (a t)^2/2 approximates cos(a t)",
        closed=lambda a, t: 1.0 - (a * t) ** 2 / 2.0,
        exact=lambda a, t: np.cos(a * t),
        parameters=("a", "t"),
        defaults={"a": 1.0},
        tolerance=1e-2,
    )
    monkeypatch.setitem(_CLAIMS, c.id, c)
    return c


def test_sweep_regime_command_writes_map_and_boundary_and_resumes(taylor, tmp_path, capsys):
    argv = [
        "sweep",
        "regime",
        taylor.id,
        "--grid",
        "a=1,2",
        "--grid",
        "t=0.05:1.5:59",
        "--scheduler",
        "serial",
        "--out",
        str(tmp_path),
        "--json",
    ]
    assert main(argv) == 0
    res = json.loads(capsys.readouterr().out)
    # independent route: root of |1 - u^2/2 - cos u| = 0.01 |cos u| (brentq), boundary t = u*/a
    u = brentq(lambda u: abs(1 - u * u / 2 - np.cos(u)) - 1e-2 * abs(np.cos(u)), 0.1, 1.4)
    assert [b["a"] for b in res["boundary"]] == [1.0, 2.0]
    np.testing.assert_allclose([b["boundary"] for b in res["boundary"]], [u, u / 2], rtol=1e-2)
    assert res["computed"] == 2 and res["failures"] == []
    for path in res["files"].values():
        assert (tmp_path / path.split("/")[-1]).stat().st_size > 0
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["reused"] == 2  # nothing recomputed


def test_sweep_regime_command_refuses_code_and_unknown_parameters(taylor, tmp_path, capsys):
    base = ["sweep", "regime", taylor.id, "--out", str(tmp_path), "--scheduler", "serial"]
    assert main(base + ["--grid", "a=__import__('os').getcwd()"]) == 2
    assert "a must be a real number" in capsys.readouterr().err
    assert main(base + ["--grid", "zeta=0:1:3"]) == 2
    assert "one of a, t" in capsys.readouterr().err
    assert main(["sweep", "regime", "no.such_claim", "--out", str(tmp_path)]) == 2
    assert "unknown claim" in capsys.readouterr().err


def test_sweep_scaling_command_fits_and_exits_nonzero_when_the_exponent_disagrees(
    tmp_path, monkeypatch, capsys
):
    def oat_like(N):
        return 1.2 * N ** (-2 / 3)

    monkeypatch.setitem(
        _scaling._LAWS, "test.good", ScalingLaw("test.good", "t_sq", oat_like, -2 / 3)
    )
    monkeypatch.setitem(_scaling._LAWS, "test.bad", ScalingLaw("test.bad", "t_sq", oat_like, -0.5))
    argv = ["--N", "10:10000:4:log", "--scheduler", "serial", "--out", str(tmp_path), "--json"]
    assert main(["sweep", "scaling", "test.good", *argv]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["exponent"] == pytest.approx(-2 / 3, abs=1e-12) and res["agrees"] is True
    assert res["prefactor"] == pytest.approx(1.2, rel=1e-12) and res["N"] == [10, 100, 1000, 10000]
    assert main(["sweep", "scaling", "test.bad", *argv]) == 1
    assert json.loads(capsys.readouterr().out)["agrees"] is False


def test_sweep_scan_rejects_a_parameter_the_scan_does_not_take(tmp_path, capsys):
    assert main(["sweep", "scan", "tucker.fig3a", "--set", "bogus=1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bogus" in err and "chi" in err


def test_sweep_scan_json_carries_every_data_variable_and_the_stored_cells_are_reused(
    tmp_path, capsys
):
    """tucker.fig3b through the CLI: the chi = 0 cell equals the scan function called directly."""
    from verify.claims.tucker_scans import tucker_fig3b

    argv = [
        "sweep",
        "scan",
        "tucker.fig3b",
        "--grid",
        "chi=0,1",
        "--N",
        "200",
        "--scheduler",
        "serial",
        "--out",
        str(tmp_path),
        "--no-progress",
        "--json",
    ]
    assert main(argv) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["coords"]["chi"] == [0.0, 1.0] and res["attrs"]["N"] == 200
    direct = tucker_fig3b(("chi=0",), N=200, scheduler="serial", progress=False)
    assert res["data"]["xi2_min"]["values"][0] == pytest.approx(
        float(direct.data["xi2_min"].values[0]), rel=1e-12
    )
    assert main(argv) == 0
    capsys.readouterr()
