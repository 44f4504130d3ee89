"""Grid specifications and the cell store of the sweep engine."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from verify.sweep import CellStore, code_version, parse_axis, parse_grid
from verify.sweep._store import MISSING, cell_key, decode, encode


def test_linear_and_log_grid_specs_give_the_numpy_spacings():
    # independent route: numpy's linspace/geomspace and values written out by hand
    assert parse_axis("x=0:1:5").values == tuple(np.linspace(0, 1, 5))
    ax = parse_axis("t=1e-3:10:9:log")
    assert ax.log and np.allclose(ax.values, np.geomspace(1e-3, 10, 9), rtol=0, atol=0)
    assert parse_axis("N=10:1000:3:log", integer=True).values == (10, 100, 1000)
    assert parse_axis("N=1:3:7", integer=True).values == (1, 2, 3)  # rounded, no repeats
    assert parse_axis("eta=320").values == (320.0,)
    assert parse_axis("U=0.5,1,2").values == (0.5, 1.0, 2.0)


@pytest.mark.parametrize(
    "spec",
    [
        "x=__import__('os').system('true')",
        "x=1:2",
        "x=1:2:0",
        "x=1:2:3:cube",
        "x=0:1:3:log",
        "x=-1:1:3:log",
        "1x=0:1:2",
        "x",
        "x=nan",
        "x=1:inf:3",
        "x=1:2:2.5",
        "x=1:2:1",
    ],
)
def test_bad_grid_specs_are_refused_with_a_parameter_error(spec):
    with pytest.raises(ParameterError):
        parse_axis(spec)


def test_grid_points_run_over_the_cartesian_product_last_axis_fastest():
    g = parse_grid(["a=1,2", "b=10:30:3"], allowed=("a", "b"))
    assert g.shape == (2, 3) and len(g) == 6
    assert list(g.points())[:4] == [
        {"a": 1.0, "b": 10.0},
        {"a": 1.0, "b": 20.0},
        {"a": 1.0, "b": 30.0},
        {"a": 2.0, "b": 10.0},
    ]
    with pytest.raises(ParameterError, match="one of a, b"):
        parse_grid(["c=1:2:3"], allowed=("a", "b"))
    with pytest.raises(ParameterError, match="once"):
        parse_grid(["a=1", "a=2"])


def test_stored_values_round_trip_bit_for_bit_including_inf_and_nan(tmp_path):
    value = {
        "err": np.array([1e-300, np.pi, np.inf, -np.inf, np.nan]),
        "n": 3,
        "x": 0.1 + 0.2,
        "nested": [np.arange(4).reshape(2, 2), {"s": "text"}],
    }
    back = decode(encode(value))
    np.testing.assert_array_equal(back["err"], value["err"])  # NaN == NaN here
    assert back["err"].dtype == np.float64 and back["x"] == 0.1 + 0.2 and back["n"] == 3
    np.testing.assert_array_equal(back["nested"][0], np.arange(4).reshape(2, 2))
    with CellStore(tmp_path / "s.sqlite") as st:
        k = cell_key("task", {"a": 1.0}, "v1")
        assert st.get(k) is MISSING
        st.put(k, "task", {"a": 1.0}, "v1", value)
    with CellStore(tmp_path / "s.sqlite") as st:  # a new connection: it was committed
        assert len(st) == 1
        np.testing.assert_array_equal(st.get(k)["err"], value["err"])


def test_cell_key_changes_with_task_parameters_and_code_version_only():
    p = {"N": 100, "t": np.array([0.0, 0.5]), "eta": 320.0}
    k = cell_key("regime:x", p, "abc")
    assert k == cell_key(
        "regime:x", {"eta": np.float64(320.0), "t": np.array([0.0, 0.5]), "N": 100}, "abc"
    )
    assert k != cell_key("regime:y", p, "abc")
    assert k != cell_key("regime:x", p, "abd")
    assert k != cell_key("regime:x", {**p, "eta": np.nextafter(320.0, 400.0)}, "abc")
    assert k != cell_key("regime:x", {**p, "t": np.array([0.0, 0.25])}, "abc")


def test_code_version_is_a_hash_of_the_package_sources():
    v = code_version()
    assert len(v) == 16 and int(v, 16) >= 0 and code_version() == v
