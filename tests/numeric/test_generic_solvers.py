"""Generic spec solvers: basis and operators, refusals, integrator routes, sectors, local jumps.

Expected numbers come from independent routes: dense matrices written out here with numpy
``kron``, scipy ``expm`` of a dense Liouvillian, the sector solver against the full space, and
the atom-by-atom (2^N) space against the permutation-invariant one.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sla

from derive._spec import DofSpec, JumpSpec, LocalJumpSpec, Spec, TermSpec
from numeric import (
    ParameterError,
    _kernels,
    build,
    mesolve,
    sesolve,
    solve,
    spin_operators,
    steadystate,
)

T = TermSpec


def _tc(N, g, cutoff, *, kappa=0.0, wc=0.0, wa=0.0):
    """Tavis–Cummings H = wc a^dag a + wa S^z + g (S^+ a + S^- a^dag), optional cavity loss."""
    n_op = (T(1.0, (("a", "ad", 1), ("a", "a", 1))),)
    return Spec(
        "tc",
        (DofSpec("spin", "S", N), DofSpec("boson", "a", cutoff)),
        (
            T(wc, (("a", "ad", 1), ("a", "a", 1))),
            T(wa, (("S", "z", 1),)),
            T(g, (("S", "+", 1), ("a", "a", 1))),
            T(g, (("S", "-", 1), ("a", "ad", 1))),
        ),
        jumps=(JumpSpec("loss", kappa, (T(1.0, (("a", "a", 1),)),)),) if kappa else (),
        conserved=(("Nexc", n_op + (T(1.0, (("S", "z", 1),)),)),),
        observables=(
            ("Sz", (T(1.0, (("S", "z", 1),)),)),
            ("n", n_op),
            ("Sp_a", (T(1.0, (("S", "+", 1), ("a", "a", 1))),)),
        ),
        params=(("g", g),),
    )


def test_tensor_order_is_spec_order_first_most_significant():
    spec = Spec(
        "x",
        (DofSpec("levels", "q", 2, ("g", "e")), DofSpec("boson", "a", 3)),
        (T(1.0, (("a", "ad", 1), ("a", "a", 1))), T(0.5, (("q", "e,e", 1),))),
        observables=(("x", (T(1.0, (("q", "e,g", 1), ("a", "a", 1))),)),),
    )
    s = build(spec)
    num = np.diag([0.0, 1.0, 2.0])
    ee = np.diag([0.0, 1.0])
    assert np.allclose(s.H.toarray(), np.kron(np.eye(2), num) + 0.5 * np.kron(ee, np.eye(3)))
    a = np.diag(np.sqrt([1.0, 2.0]), 1)
    eg = np.array([[0, 0], [1, 0]])
    assert np.allclose(dict(s.observables)["x"].toarray(), np.kron(eg, a))
    assert s.dims == (2, 3) and "Fock n = 0..2" in s.basis[1]


def test_spin_operators_are_the_one_ladder_and_powers_multiply():
    spec = Spec(
        "s",
        (DofSpec("spin", "S", 5),),
        (T(1.0, (("S", "z", 2),)),),
        observables=(("pm", (T(1.0, (("S", "+", 1), ("S", "-", 1))),)),),
    )
    s = build(spec)
    ops = spin_operators(5)
    assert np.allclose(s.H.toarray(), np.diag(ops.m**2))
    assert np.allclose(dict(s.observables)["pm"].toarray(), (ops.jp @ ops.jm).toarray())


def test_non_hermitian_hamiltonian_is_refused():
    spec = Spec("bad", (DofSpec("spin", "S", 2),), (T(1.0, (("S", "+", 1),)),))
    with pytest.raises(ParameterError, match="hamiltonian must be Hermitian"):
        build(spec)


def test_negative_rate_is_refused():
    spec = Spec(
        "bad",
        (DofSpec("levels", "q", 2, ("g", "e")),),
        (),
        jumps=(JumpSpec("decay", -1.0, (T(1.0, (("q", "g,e", 1),)),)),),
    )
    with pytest.raises(ParameterError, match="rate of jump 'decay' must be a non-negative"):
        build(spec)


def test_liouvillian_too_large_is_refused_with_the_estimate():
    spec = _tc(20, 1.0, 40, kappa=1.0)
    with pytest.raises(ParameterError, match=r"Liouvillian that fits in .*estimate \d"):
        build(spec, max_memory=1e6)


def test_conserved_quantity_not_commuting_with_h_is_refused():
    spec = _tc(2, 1.0, 4)
    wrong = Spec(
        spec.name,
        spec.dofs,
        spec.hamiltonian,
        conserved=(("n", (T(1.0, (("a", "ad", 1), ("a", "a", 1))),)),),
        observables=spec.observables,
    )
    with pytest.raises(ParameterError, match="commuting with H"):
        sesolve(wrong, {"S": "excited"}, [0.0, 1.0])


def test_eigh_and_expm_multiply_routes_agree(monkeypatch):
    spec = _tc(6, 0.8, 10, wc=0.3, wa=-0.2)
    state = {"S": ("css", 1.1, 0.4), "a": ("coherent", 0.7)}
    t = np.linspace(0, 3, 31)
    a = sesolve(spec, state, t, sectors=False)
    monkeypatch.setattr(_kernels, "EIGH_DIM", 0)
    b = sesolve(spec, state, t, sectors=False)
    assert "eigh" in a.method and "expm_multiply" in b.method
    for k in ("Sz", "n", "Sp_a"):
        assert np.abs(a[k] - b[k]).max() < 1e-11
    assert np.iscomplexobj(a["Sp_a"]) and not np.iscomplexobj(a["Sz"])
    step = [c for c in b.convergence if c.truncation == "time step"]
    assert step and step[0].converged
    cut = [c for c in b.convergence if c.truncation == "photon cutoff a"]
    assert cut[0].value == 10 and "cutoff fixed" in cut[0].note


def test_lindblad_matches_dense_expm_on_uniform_and_nonuniform_grids():
    spec = _tc(2, 0.9, 4, kappa=0.4, wc=0.2)
    state = {"S": ("dicke", 1), "a": ("fock", 1)}
    s = build(spec)
    d = s.dim
    H = s.H.toarray()
    Lop = dict(s.c_ops)["loss"].toarray()
    eye = np.eye(d)
    # column-stacking vectorisation, independent of the solver's row-major one
    Lv = (
        -1j * (np.kron(eye, H) - np.kron(H.T, eye))
        + np.kron(Lop.conj(), Lop)
        - 0.5 * (np.kron(eye, Lop.conj().T @ Lop) + np.kron((Lop.conj().T @ Lop).T, eye))
    )
    psi = np.zeros(d, complex)
    psi[2 * 4 + 1] = 1.0  # m = +1 (k = 2), one photon
    rho0 = np.outer(psi, psi.conj())
    nop = dict(s.observables)["n"].toarray()
    for t in (np.linspace(0, 4, 21), np.array([0.0, 0.1, 0.5, 2.2, 4.0])):
        r = mesolve(spec, state, t)
        want = [
            np.trace(
                nop @ (sla.expm(Lv * ti) @ rho0.reshape(-1, order="F")).reshape(d, d, order="F")
            ).real
            for ti in t
        ]
        assert np.abs(r["n"] - want).max() < 1e-9
        assert ("solve_ivp" in r.method) == (t.size == 5)
        step = [c for c in r.convergence if c.truncation in ("time step", "ODE rtol")]
        assert step[0].converged, str(r)


def test_tavis_cummings_sector_equals_full_space():
    spec = _tc(6, 0.7, 10, wc=0.1, wa=0.25)
    state = {"S": ("dicke", 1), "a": ("fock", 2)}
    t = np.linspace(0, 6, 61)
    sec = sesolve(spec, state, t, keep_states=True)
    full = sesolve(spec, state, t, sectors=False, keep_states=True)
    assert sec.extra["sector_size"] == 7 and full.extra["sector_size"] is None
    for k in ("Sz", "n", "Sp_a"):
        assert np.abs(sec[k] - full[k]).max() < 1e-10
    assert np.abs(sec.extra["state"] - full.extra["state"]).max() < 1e-10


def test_two_mode_squeezing_of_two_ensembles_sector_equals_full_space():
    NA = NB = 6
    spec = Spec(
        "tms",
        (DofSpec("spin", "A", NA), DofSpec("spin", "B", NB)),
        (
            T(1.0, (("A", "+", 1), ("B", "+", 1))),
            T(1.0, (("A", "-", 1), ("B", "-", 1))),
            T(0.3, (("A", "z", 1),)),
            T(0.3, (("B", "z", 1),)),
        ),
        conserved=(("D", (T(1.0, (("A", "z", 1),)), T(-1.0, (("B", "z", 1),)))),),
        observables=(
            ("SzA", (T(1.0, (("A", "z", 1),)),)),
            ("ApBp", (T(1.0, (("A", "+", 1), ("B", "+", 1))),)),
        ),
    )
    t = np.linspace(0, 2, 41)
    sec = sesolve(spec, {}, t)
    full = sesolve(spec, {}, t, sectors=False)
    assert sec.extra["sector_size"] == 7
    assert np.abs(sec["SzA"] - full["SzA"]).max() < 1e-10
    assert np.abs(sec["ApBp"] - full["ApBp"]).max() < 1e-10
    assert sec["SzA"].max() > -NA / 2 + 0.5  # pairs are actually produced


def test_cavity_loss_breaks_the_excitation_sector_and_says_so():
    spec = _tc(3, 0.5, 6, kappa=0.2)
    r = mesolve(spec, {"S": "excited"}, np.linspace(0, 1, 5))
    assert r.extra["sector_size"] is None and "jump 'loss' changes" in r.extra["sector"]


def test_local_jumps_atom_by_atom_agree_with_the_permutation_invariant_basis():
    pi = pytest.importorskip("numeric._pi_dicke")
    N, gam, deph, Gc = 4, 0.3, 0.1, 0.2
    spec = Spec(
        "pi",
        (DofSpec("spin", "S", N),),
        (T(0.5, (("S", "+", 1),)), T(0.5, (("S", "-", 1),))),
        jumps=(JumpSpec("collective", Gc, (T(1.0, (("S", "-", 1),)),)),),
        local_jumps=(LocalJumpSpec("decay", "S", "-", gam), LocalJumpSpec("deph", "S", "z", deph)),
        observables=(
            ("Sz", (T(1.0, (("S", "z", 1),)),)),
            ("SpSm", (T(1.0, (("S", "+", 1), ("S", "-", 1))),)),
        ),
    )
    t = np.linspace(0, 3, 16)
    brute = mesolve(spec, {"S": ("css", 0.9, 0.0)}, t, atoms=("S",))
    assert brute.extra["dims"] == (2**N,)
    ops = spin_operators(N)
    L = pi.pi_liouvillian(
        N,
        hamiltonian=lambda j: _block(j, "x"),
        jumps=[lambda j: np.sqrt(Gc) * _block(j, "-")],
        local=pi.LocalRates(emission=gam, dephasing=deph),
    )
    from numeric._product_state import css_state

    ref = pi.pi_evolve(N, L, css_state(N, 0.9, 0.0), t)
    assert np.abs(brute["Sz"] - ref["mean"][:, 2]).max() < 1e-9
    del ops
    auto = solve(spec, {"S": ("css", 0.9, 0.0)}, t)
    assert auto.extra["route"] == "permutation-invariant Dicke basis"
    assert np.abs(auto["Sz"] - brute["Sz"]).max() < 1e-9
    assert np.abs(auto["SpSm"] - brute["SpSm"]).max() < 1e-9


def _block(j, which):
    from numeric._spin import spin_block

    b = spin_block(j)
    return {"x": b.jx, "-": b.jm}[which].toarray()


def test_local_jumps_with_a_cavity_beyond_brute_force_are_refused():
    spec = _tc(12, 1.0, 3)
    spec = Spec(
        spec.name, spec.dofs, spec.hamiltonian, local_jumps=(LocalJumpSpec("decay", "S", "-", 0.1),)
    )
    with pytest.raises(ParameterError, match="<= 8 for local jumps solved atom by atom"):
        solve(spec, {}, [0.0, 1.0])


def test_local_jumps_with_a_cavity_at_small_n_run_atom_by_atom():
    base = _tc(3, 0.6, 4)
    spec = Spec(
        base.name,
        base.dofs,
        base.hamiltonian,
        local_jumps=(LocalJumpSpec("decay", "S", "-", 0.25),),
        observables=base.observables,
    )
    t = np.linspace(0, 2, 201)
    r = solve(spec, {"S": "excited"}, t)
    assert "atoms of S one by one" in r.method and r.extra["dims"] == (8, 4)
    # independent: total excitation n + S^z + N/2 decays only by the atoms, at rate gamma
    # per excited atom, so d<n + Sz>/dt = -gamma <Sz + N/2>
    exc = r["n"] + r["Sz"]
    rate = np.gradient(exc, t)
    assert np.abs(rate + 0.25 * (r["Sz"] + 1.5)).max() < 1e-3


def test_array_initial_state_fixes_the_cutoff_and_says_so():
    spec = Spec(
        "cav",
        (DofSpec("boson", "c", 0),),
        (T(1.0, (("c", "ad", 1), ("c", "a", 1))),),
        observables=(("n", (T(1.0, (("c", "ad", 1), ("c", "a", 1))),)),),
    )
    psi = np.zeros(12, complex)
    psi[3] = 1.0
    r = sesolve(spec, psi, [0.0, 1.0])
    assert r.extra["cutoffs"] == {"c": 12} and "cannot be raised" in r.extra["cutoff_fixed"]
    assert np.allclose(r["n"], 3.0)


def test_steady_state_of_a_decaying_atom_is_the_ground_state():
    spec = Spec(
        "atom",
        (DofSpec("levels", "q", 2, ("g", "e")),),
        (T(0.4, (("q", "e,g", 1),)), T(0.4, (("q", "g,e", 1),))),
        jumps=(JumpSpec("decay", 1.0, (T(1.0, (("q", "g,e", 1),)),)),),
        observables=(("Pe", (T(1.0, (("q", "e,e", 1),)),)),),
    )
    r = steadystate(spec)
    # resonance fluorescence: P_e = (Omega^2/4) / (Omega^2/2 + gamma^2/4) with Omega = 2 * 0.4
    om = 0.8
    assert abs(r["Pe"] - (om**2 / 4) / (om**2 / 2 + 0.25)) < 1e-12
    assert r.converged


def test_cavity_loss_keeps_the_coherence_blocks_of_the_excitation_number():
    spec = _tc(4, 0.6, 7, kappa=0.3, wc=0.1)
    t = np.linspace(0, 4, 21)
    for state in ({"S": ("dicke", 1)}, {"S": ("css", 0.7, 0.2), "a": ("fock", 1)}):
        red = mesolve(spec, state, t, keep_states=True)
        full = mesolve(spec, state, t, sectors=False, keep_states=True)
        assert red.extra["density_entries"] < (5 * 7) ** 2
        assert "density_entries" not in full.extra
        for k in ("Sz", "n", "Sp_a"):
            assert np.abs(red[k] - full[k]).max() < 1e-10
        assert np.abs(red.extra["state"] - full.extra["state"]).max() < 1e-10


def test_independent_decay_of_twenty_atoms_in_the_permutation_invariant_basis():
    pytest.importorskip("numeric._pi_dicke")
    N, gam = 20, 0.4
    spec = Spec(
        "free",
        (DofSpec("spin", "S", N),),
        (),
        local_jumps=(LocalJumpSpec("decay", "S", "-", gam),),
        observables=(("Sz", (T(1.0, (("S", "z", 1),)),)),),
    )
    t = np.linspace(0, 5, 11)
    r = solve(spec, {"S": "excited"}, t)
    # independent atoms: each stays excited with probability exp(-gamma t)
    assert np.abs(r["Sz"] - N * (np.exp(-gam * t) - 0.5)).max() < 1e-9
    assert r.converged
