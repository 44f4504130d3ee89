"""``qderive eval`` parameters: parsed as numbers, ranged by the model, never echoed at length."""

from __future__ import annotations

import numpy as np
import pytest

from verify import quantity
from verify._params import InputError, describe_param, parse_params

BASE = ["N=10", "U=1", "W0=1", "Delta_c=1", "eta=3"]


def test_time_range_gives_n_points_with_both_ends():
    out = parse_params(quantity("sharma.qfi"), BASE + ["t=0:2:5"])
    assert np.allclose(out["t"], np.linspace(0, 2, 5))
    out = parse_params(quantity("sharma.qfi"), BASE + ["t=0.01:1:3:log"])
    assert np.allclose(out["t"], [0.01, 0.1, 1.0])


@pytest.mark.parametrize(
    "t", ["0:1", "1:0:5", "0:1:0", "0:1:2.5", "0:1:3:lin", "0:1:3:log", "a:b:c"]
)
def test_malformed_time_ranges_are_refused_in_one_line(t):
    with pytest.raises(InputError) as e:
        parse_params(quantity("sharma.qfi"), BASE + [f"t={t}"])
    assert "\n" not in str(e.value) and str(e.value).startswith("t ")


def test_the_models_range_refuses_a_negative_interaction():
    # sharma2025 declares U >= 0 (bare on-site interaction); the quantity's own Param said "any"
    with pytest.raises(InputError, match="U must be a number >= 0"):
        parse_params(
            quantity("sharma.cfi"),
            ["N=10", "U=-1e300", "W0=1", "Delta_c=1", "eta=3", "t=0.1", "theta=0"],
        )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "1e200"])
def test_non_finite_and_absurd_magnitudes_are_refused(value):
    with pytest.raises(InputError, match="Delta_c"):
        parse_params(
            quantity("sharma.qfi"), ["N=10", "U=1", "W0=1", f"Delta_c={value}", "eta=3", "t=0.1"]
        )


def test_an_error_never_echoes_a_long_input():
    with pytest.raises(InputError) as e:
        parse_params(quantity("sharma.qfi"), ["N=" + "9" * 100_000] + BASE[1:] + ["t=1"])
    assert len(str(e.value)) < 200


def test_every_parameter_of_every_quantity_has_a_unit_and_a_meaning_or_says_unspecified():
    from verify import quantities

    missing = []
    for q in quantities():
        for p in q.params:
            d = describe_param(q, p)
            assert set(d) >= {"name", "allowed", "unit", "meaning", "default"}
            if d["meaning"] == "unspecified":
                missing.append(f"{q.name}:{p.name}")
    # the models declare a meaning for every physical parameter; only solver options may lack one
    assert all(
        m.split(":")[1]
        in {"method", "protocol", "axis", "ntraj", "theta", "upsilon", "pump_off", "phi"}
        for m in missing
    ), missing
