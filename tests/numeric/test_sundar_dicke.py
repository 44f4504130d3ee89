"""Permutation-symmetric (two-ensemble PIQS) master-equation solver of sundar2023."""

from __future__ import annotations

import numpy as np
import pytest
import qutip as qt
from qutip import piqs

from numeric import ParameterError
from numeric.sundar import open_evolve

_KEYS = ("xi2", "nbar", "dphi2", "mean_S", "cov_S")


@pytest.mark.parametrize("N,Gamma,gamma,phi", [(6, 0.3, 0.5, 0.2), (4, 0.1, 1.3, 0.0)])
def test_dicke_blocks_equal_the_full_atom_space_with_collective_and_single_atom_decay(
    N, Gamma, gamma, phi
):
    # independent route: brute-force Lindblad on the 2^N space of the atoms (sigma_i^- per atom)
    t = np.array([0.0, 0.1, 0.35, 0.8]) * 4 / N
    a = open_evolve(N, 1.0, Gamma, gamma, t, phi=phi, method="product")
    d = open_evolve(N, 1.0, Gamma, gamma, t, phi=phi)
    assert a.extra["representation"] == "atoms" and d.extra["representation"] == "dicke"
    for k in _KEYS:
        np.testing.assert_allclose(d[k], a[k], rtol=1e-9, atol=1e-11)
    assert d.converged


def test_single_atom_decay_of_one_ensemble_matches_qutip_piqs():
    # independent route: QuTiP PIQS (Shammah et al. 2018) for one ensemble of n = 6 excited atoms.
    # chi = Gamma = delta = 0: ensemble A stays in its ground state, B decays by gamma sigma_i^-.
    n, g = 6, 0.4
    t = np.array([0.0, 0.3, 0.8, 1.5])
    res = qt.mesolve(
        piqs.Dicke(n, emission=g).liouvillian(),
        piqs.excited(n),
        t,
        e_ops=[
            piqs.jspin(n, "z"),
            piqs.jspin(n, "z") ** 2,
            piqs.jspin(n, "+") * piqs.jspin(n, "-"),
        ],
        options={"atol": 1e-12, "rtol": 1e-10},
    )
    r = open_evolve(2 * n, 0.0, 0.0, g, t, delta=0.0)
    m, c = r["mean_S"], r["cov_S"]
    np.testing.assert_allclose(m[:, 5], np.real(res.expect[0]), atol=1e-7)
    np.testing.assert_allclose(c[:, 5, 5] + m[:, 5] ** 2, np.real(res.expect[1]), atol=1e-7)
    jpjm = (
        c[:, 3, 3] + m[:, 3] ** 2 + c[:, 4, 4] + m[:, 4] ** 2 + m[:, 5]
    )  # J+J- = Jx^2 + Jy^2 + Jz
    np.testing.assert_allclose(jpjm, np.real(res.expect[2]), atol=1e-7)


def test_dicke_space_reduces_to_the_symmetric_product_space_without_emission():
    # independent route: the (N/2+1)^2 symmetric product space (gamma = 0 keeps j_A = j_B = N/4)
    t = np.linspace(0, 0.5, 4)
    s = open_evolve(12, 1.0, 0.2, 0.0, t, phi=0.3)
    d = open_evolve(12, 1.0, 0.2, 0.0, t, phi=0.3, representation="dicke")
    assert s.extra["representation"] == "symmetric"
    for k in _KEYS:
        np.testing.assert_allclose(d[k], s[k], rtol=1e-9, atol=1e-11)


def test_dicke_solver_rejects_bad_method_and_too_large_N():
    with pytest.raises(ParameterError):
        open_evolve(4, 1.0, 0.1, 0.1, [0.1], method="trajectories")
    with pytest.raises(ParameterError):
        open_evolve(40, 1.0, 0.1, 0.1, [0.1])
