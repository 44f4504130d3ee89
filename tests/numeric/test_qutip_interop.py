"""QuTiP interop: states, operators, PIQS Dicke-basis matrices and results, in QuTiP's basis order.

Expected numbers come from QuTiP itself (an independent implementation): ``jmat``,
``spin_coherent``, ``spin_q_function`` and ``qutip.piqs``.
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric import (
    Result,
    as_state,
    coherent_spin_state,
    dicke_basis,
    from_qobj,
    pi_moments,
    spin_operators,
    to_qobj,
)
from numeric.metrology import husimi_q

qutip = pytest.importorskip("qutip")
piqs = pytest.importorskip("qutip.piqs.piqs")

TOL = 1e-12


@pytest.mark.parametrize(
    ("j", "theta", "phi"), [(5, np.pi / 3, 0.0), (2.5, 2.0, 0.7), (10, 0.3, -1.2)]
)
def test_jz_of_qutip_spin_coherent_equals_ours_after_conversion(j, theta, phi):
    q = qutip.spin_coherent(j, theta, phi)
    psi = from_qobj(q)
    N = int(round(2 * j))
    jz = spin_operators(N).jz_matrix()
    ours = np.vdot(psi, jz @ psi).real
    assert abs(ours - qutip.expect(qutip.jmat(j, "z"), q)) < TOL
    assert abs(ours - j * np.cos(theta)) < 1e-10
    # and our own coherent state is QuTiP's, up to a global phase
    assert abs(abs(np.vdot(coherent_spin_state(N, theta, phi), psi)) - 1) < 1e-12


def test_spin_operators_map_onto_jmat():
    N = 6
    ops = spin_operators(N)
    for comp in "xyz":
        ours = to_qobj(ops.axis(comp))
        assert np.max(abs(ours.full() - qutip.jmat(N / 2, comp).full())) < TOL


def test_round_trip_of_kets_and_density_matrices_is_the_identity():
    rng = np.random.default_rng(1)
    psi = rng.normal(size=7) + 1j * rng.normal(size=7)
    rho = np.outer(psi, psi.conj())
    assert np.max(abs(from_qobj(to_qobj(psi)) - psi)) < TOL
    assert np.max(abs(from_qobj(to_qobj(rho)) - rho)) < TOL
    assert to_qobj(psi).isket and to_qobj(rho).isoper


def test_spin_tensor_fock_reverses_only_the_spin_factor():
    N, nmax = 2, 3
    jz = np.diag(np.arange(N + 1) - N / 2)
    n = np.diag(np.arange(nmax, dtype=float))
    op = np.kron(jz, n)
    q = to_qobj(op, dims=[N + 1, nmax], spin=[True, False])
    ref = qutip.tensor(qutip.jmat(1, "z"), qutip.num(nmax))
    assert np.max(abs(q.full() - ref.full())) < TOL
    assert np.max(abs(from_qobj(q, spin=[True, False]) - op)) < TOL


@pytest.mark.parametrize("N", [2, 3])
def test_husimi_q_equals_qutip_spin_q_function_on_the_same_state(N):
    theta, phi = np.linspace(0, np.pi, 9), np.linspace(0, 2 * np.pi, 7)
    j = N / 2
    q = qutip.spin_coherent(j, 0.9, 0.4).proj() * 0.7 + qutip.spin_state(j, -j).proj() * 0.3
    Qq, TH, PH = qutip.spin_q_function(q, theta, phi)
    ours = husimi_q(from_qobj(q), TH, PH)
    assert np.max(abs(ours - Qq)) < TOL
    # a Qobj handed over directly is converted, never read in the wrong order
    assert np.max(abs(husimi_q(q, TH, PH) - Qq)) < TOL


@pytest.mark.parametrize("N", [3, 4])
def test_piqs_density_matrix_round_trips_through_the_dicke_blocks(N):
    css = piqs.css(N, 1.1, 0.3, basis="dicke", coordinates="polar")
    rho = 0.6 * css / css.tr() + 0.4 * piqs.dicke(N, N / 2 - 1, N / 2 - 1)
    v = from_qobj(rho, basis="dicke")
    assert v.size == dicke_basis(N).size
    back = to_qobj(v, basis="dicke")
    assert np.max(abs(back.full() - rho.full())) < TOL
    trace, mom = pi_moments(N, v)
    assert abs(trace - rho.tr()) < TOL
    for a, comp in enumerate("xyz"):  # moments are per unit trace; Tr rho = 1 here
        assert abs(mom.mean[a] - (piqs.jspin(N, comp) * rho).tr()) < TOL


def test_results_convert_both_ways():
    r = Result(
        "demo",
        {"N": 2},
        np.array([0.0, 0.5]),
        {"Jz": np.array([1.0, 0.5])},
        method="test",
        extra={"states": [np.array([0, 0, 1.0]), np.array([0, 1.0, 0])]},
    )
    q = to_qobj(r)
    assert q.times == [0.0, 0.5]
    assert np.allclose(q.expect[0], [1.0, 0.5])
    assert abs(qutip.expect(qutip.jmat(1, "z"), q.states[0]) - 1) < TOL
    back = from_qobj(q)
    assert np.allclose(back["Jz"], r["Jz"])
    assert np.max(abs(back.extra["states"][0] - r.extra["states"][0])) < TOL


def test_a_qutip_mesolve_result_comes_back_in_numeric_order():
    H = qutip.jmat(1, "x")
    res = qutip.sesolve(H, qutip.spin_state(1, 1), [0.0, 0.3], options={"store_states": True})
    r = from_qobj(res)
    assert abs(r.extra["states"][0][-1] - 1) < TOL


def test_as_state_converts_qobj_and_passes_arrays_through():
    psi = np.array([0.0, 1.0, 0.0])
    assert as_state(psi) is psi
    assert np.allclose(as_state(qutip.spin_state(1, -1)), [1, 0, 0])


def test_generic_solver_takes_a_qutip_initial_state_in_qutips_order():
    """mesolve from qutip.spin_coherent equals mesolve from the same CSS as a product spec."""
    import qutip

    from derive import Jump, Model, Parameter, SpinEnsemble
    from numeric import mesolve

    N = Parameter.size("N", "atoms")
    G = Parameter.rate("Gamma", "collective decay", positive=True)
    S = SpinEnsemble("S", N.symbol)
    m = Model("sr", (N, G), (S,), hamiltonian=0 * N.symbol, jumps=(Jump(S.Sm, G.symbol),))
    spec = m.compile(N=6, Gamma=0.7, observables={"Jz": S.Sz, "Jx": S.Sx})
    t = np.linspace(0.0, 1.0, 5)
    a = mesolve(spec, qutip.spin_coherent(3, 0.7, 0.3), t)
    b = mesolve(spec, {"S": ("css", 0.7, 0.3)}, t)
    np.testing.assert_allclose(a["Jz"], b["Jz"], atol=1e-12)
    np.testing.assert_allclose(a["Jx"], b["Jx"], atol=1e-12)
