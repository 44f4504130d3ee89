"""One name per physics: sundar2023's single-atom emission rate is ``gamma_s`` (tucker2020's name for
the same rate); the paper's ``gamma`` stays accepted as an alias by the model and the solvers.

Independent route for the numbers: the same solver called under the new name (the alias must
give bit-identical output, and a different rate must not).
"""

from __future__ import annotations

import numpy as np
import pytest

from derive.models import sundar, tucker
from numeric import ParameterError
from numeric.sundar import open_evolve


def test_the_model_calls_the_rate_gamma_s_like_tucker_and_still_knows_gamma():
    m = sundar.MODEL
    assert m.parameter("gamma").name == "gamma_s" == tucker.MODEL.parameter("gamma_s").name
    assert m.validate({"gamma": 0.5}) == {"gamma_s": 0.5}


def test_the_two_detunings_are_different_quantities_and_say_so():
    # sundar Delta = omega_c - omega_a, tucker Delta_c = omega_a - omega_c: opposite signs
    assert "omega_c - omega_a" in sundar.MODEL.parameter("Delta").meaning
    assert "omega_a - omega_c" in tucker.MODEL.parameter("Delta_c").meaning
    with pytest.raises(KeyError):
        sundar.MODEL.parameter("Delta_c")


def test_open_evolve_takes_gamma_as_the_old_name_of_gamma_s():
    t = np.array([0.0, 0.05, 0.1])
    new = open_evolve(4, 1.0, 0.2, gamma_s=0.5, t=t)["dphi2"]
    old = open_evolve(4, 1.0, 0.2, gamma=0.5, t=t)["dphi2"]
    other = open_evolve(4, 1.0, 0.2, gamma_s=0.0, t=t)["dphi2"]
    assert np.array_equal(new, old)
    assert not np.allclose(new[1:], other[1:], rtol=1e-3)
    with pytest.raises(ParameterError, match="gamma"):
        open_evolve(4, 1.0, 0.2, gamma=0.5, gamma_s=0.5, t=t)
