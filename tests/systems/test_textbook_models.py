"""Textbook cavity-QED models through the generic spec solvers, each against an independent route.

=====================================  ====================================================
model                                  independent route
=====================================  ====================================================
vacuum Rabi (Jaynes–Cummings)          P_e(t) = cos^2(g t) (one excitation, resonance)
spontaneous emission                   P_e(t) = exp(-gamma t)
damped coherent cavity                 <a>(t) = alpha exp(-kappa t / 2) (stays coherent)
driven lossy cavity, steady state      <n> = |eta|^2 / (Delta^2 + kappa^2/4) (coherent)
superradiant decay, N = 10             QuTiP mesolve with ``qutip.jmat`` (m descending)
Tavis–Cummings, excitation sector      the same solver on the full space
=====================================  ====================================================
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from derive._spec import DofSpec, JumpSpec, Spec, TermSpec
from numeric import mesolve, sesolve, solve, steadystate

T = TermSpec
NUM = (T(1.0, (("a", "ad", 1), ("a", "a", 1))),)


def _agrees(got, want, tol: float) -> bool:
    """Whether a solver's curve matches the expected one to ``tol`` (absolute, max over t)."""
    got, want = np.asarray(got), np.asarray(want)
    return got.shape == want.shape and bool(np.abs(got - want).max() <= tol)


def _jc(g, cutoff=0):
    return Spec(
        "jc",
        (DofSpec("levels", "q", 2, ("g", "e")), DofSpec("boson", "a", cutoff)),
        (T(g, (("q", "e,g", 1), ("a", "a", 1))), T(g, (("q", "g,e", 1), ("a", "ad", 1)))),
        conserved=(("Nexc", NUM + (T(1.0, (("q", "e,e", 1),)),)),),
        observables=(("Pe", (T(1.0, (("q", "e,e", 1),)),)), ("n", NUM)),
        params=(("g", g),),
    )


def _cavity(kappa, *, delta=0.0, eta=0.0):
    return Spec(
        "cavity",
        (DofSpec("boson", "a", 0),),
        (T(delta, NUM[0].factors), T(eta, (("a", "a", 1),)), T(eta, (("a", "ad", 1),))),
        jumps=(JumpSpec("loss", kappa, (T(1.0, (("a", "a", 1),)),)),),
        observables=(("a", (T(1.0, (("a", "a", 1),)),)), ("n", NUM)),
        params=(("kappa", kappa), ("Delta", delta), ("eta", eta)),
    )


def test_vacuum_rabi_oscillation_follows_cos_squared_g_t():
    g = 0.63
    t = np.linspace(0, 10, 101)
    r = solve(_jc(g), {"q": "e"}, t)
    assert r.extra["route"] == "Schrödinger" and r.extra["sector_size"] == 2
    assert _agrees(r["Pe"], np.cos(g * t) ** 2, 1e-12)
    assert _agrees(r["n"], np.sin(g * t) ** 2, 1e-12)
    assert r.converged, str(r)


def test_a_factor_two_on_g_in_the_expectation_is_detected():
    g = 0.63
    t = np.linspace(0, 10, 101)
    r = solve(_jc(g), {"q": "e"}, t)
    assert _agrees(r["Pe"], np.cos(g * t) ** 2, 1e-10)
    assert not _agrees(r["Pe"], np.cos(2 * g * t) ** 2, 1e-3)


def test_spontaneous_emission_is_exponential():
    gam = 0.8
    spec = Spec(
        "atom",
        (DofSpec("levels", "q", 2, ("g", "e")),),
        (),
        jumps=(JumpSpec("decay", gam, (T(1.0, (("q", "g,e", 1),)),)),),
        observables=(("Pe", (T(1.0, (("q", "e,e", 1),)),)),),
    )
    t = np.linspace(0, 6, 61)
    r = solve(spec, {"q": "e"}, t)
    assert r.extra["route"] == "Lindblad"
    assert _agrees(r["Pe"], np.exp(-gam * t), 1e-12)


def test_damped_coherent_cavity_decays_as_alpha_exp_minus_kappa_t_over_2():
    kappa, alpha = 0.7, 3.0 * np.exp(0.4j)  # |alpha|^2 = 9
    t = np.linspace(0, 5, 51)
    r = mesolve(_cavity(kappa), {"a": ("coherent", alpha)}, t)
    assert _agrees(r["a"], alpha * np.exp(-kappa * t / 2), 1e-8 * abs(alpha))
    assert _agrees(r["n"], 9.0 * np.exp(-kappa * t), 1e-7)
    cut = next(c for c in r.convergence if c.truncation == "photon cutoff a")
    assert cut.value > 9 and cut.converged and "raised x1.5" in cut.note
    assert r.extra["cutoffs"]["a"] == cut.value


def test_cutoff_below_the_photon_number_is_reported_not_converged():
    r = mesolve(_cavity(0.7), {"a": ("coherent", 3.0)}, np.linspace(0, 1, 5), cutoffs={"a": 9})
    cut = next(c for c in r.convergence if c.truncation == "photon cutoff a")
    assert cut.value == 9 and not cut.converged and not r.converged


def test_driven_lossy_cavity_steady_state_photon_number():
    kappa, delta, eta = 0.6, 0.9, 1.7
    r = steadystate(_cavity(kappa, delta=delta, eta=eta))
    n_ss = eta**2 / (delta**2 + kappa**2 / 4)
    assert abs(r["n"] - n_ss) < 1e-8 * n_ss
    assert abs(r["a"] - (-eta / (delta - 0.5j * kappa))) < 1e-8
    cut = next(c for c in r.convergence if c.truncation == "photon cutoff a")
    assert cut.converged and cut.value > n_ss and len(r.extra["cutoff_history"]) >= 2
    assert r.converged, str(r)


def test_superradiant_decay_of_ten_atoms_matches_qutip():
    qutip = pytest.importorskip("qutip")
    N, Gam = 10, 1.0
    spec = Spec(
        "dicke",
        (DofSpec("spin", "S", N),),
        (T(0.0, (("S", "z", 1),)),),
        jumps=(JumpSpec("collective", Gam, (T(1.0, (("S", "-", 1),)),)),),
        observables=(
            ("Sz", (T(1.0, (("S", "z", 1),)),)),
            ("emission", (T(Gam, (("S", "+", 1), ("S", "-", 1))),)),
        ),
    )
    t = np.linspace(0, 1.5, 61)
    r = solve(spec, {"S": "excited"}, t, keep_states=True)
    j = N / 2
    jm = qutip.jmat(j, "-")
    jz = qutip.jmat(j, "z")
    psi0 = qutip.basis(N + 1, 0)  # QuTiP: index 0 is m = +j (descending)
    ref = qutip.mesolve(
        qutip.qzero(N + 1),
        psi0 * psi0.dag(),
        t,
        [np.sqrt(Gam) * jm],
        e_ops=[jz, Gam * jm.dag() * jm],
        options={"atol": 1e-13, "rtol": 1e-11, "store_final_state": True},
    )
    assert _agrees(r["Sz"], np.real(ref.expect[0]), 1e-8)
    assert _agrees(r["emission"], np.real(ref.expect[1]), 1e-8)
    rho_q = ref.final_state.full()[::-1, ::-1]  # to m ascending, our basis
    assert np.abs(r.extra["state"] - rho_q).max() < 1e-8
    # the emission peaks after t = 0 (superradiant burst), near ln(N)/(N Gamma)
    assert 0 < t[np.argmax(r["emission"])] < 3 * np.log(N) / (N * Gam)


def test_tavis_cummings_excitation_sector_equals_the_full_space():
    N, g = 8, 0.4
    spec = Spec(
        "tc",
        (DofSpec("spin", "S", N), DofSpec("boson", "a", 0)),
        (
            T(0.2, NUM[0].factors),
            T(g, (("S", "+", 1), ("a", "a", 1))),
            T(g, (("S", "-", 1), ("a", "ad", 1))),
        ),
        conserved=(("Nexc", NUM + (T(1.0, (("S", "z", 1),)),)),),
        observables=(("Sz", (T(1.0, (("S", "z", 1),)),)), ("n", NUM)),
    )
    t = np.linspace(0, 8, 81)
    sec = sesolve(spec, {"S": "excited"}, t)
    full = sesolve(spec, {"S": "excited"}, t, sectors=False, cutoffs=sec.extra["cutoffs"])
    assert sec.extra["sector_size"] == N + 1
    assert _agrees(sec["Sz"], full["Sz"], 1e-10) and _agrees(sec["n"], full["n"], 1e-10)
    assert np.allclose(sec["n"] + sec["Sz"], N / 2, atol=1e-12)


@pytest.mark.slow
def test_tavis_cummings_fifty_atoms_with_cavity_loss_timing():
    N, cut = 50, 30
    g = 1.0 / np.sqrt(N)
    spec = Spec(
        "tc",
        (DofSpec("spin", "S", N), DofSpec("boson", "a", cut)),
        (T(g, (("S", "+", 1), ("a", "a", 1))), T(g, (("S", "-", 1), ("a", "ad", 1)))),
        jumps=(JumpSpec("loss", 0.5, (T(1.0, (("a", "a", 1),)),)),),
        conserved=(("Nexc", NUM + (T(1.0, (("S", "z", 1),)),)),),
        observables=(("Sz", (T(1.0, (("S", "z", 1),)),)), ("n", NUM)),
    )
    t = np.linspace(0, 10, 200)
    t0 = time.perf_counter()
    r = mesolve(spec, {"S": ("dicke", -N / 2 + 10)}, t, check=False)
    elapsed = time.perf_counter() - t0
    print(
        f"Tavis-Cummings N={N}, cutoff {cut}, 200 times: {elapsed:.1f} s, "
        f"{r.extra['density_entries']} of {((N + 1) * cut) ** 2} density-matrix entries"
    )
    assert r.extra["dims"] == (N + 1, cut) and elapsed < 120
    # cavity loss shifts N_exc by -1 uniformly: only the blocks q_i - q_j = 0 are evolved
    assert r.extra["density_entries"] < ((N + 1) * cut) ** 2 / 50
    # loss only removes quanta: the excitation number n + S^z + N/2 never grows from 10
    exc = r["n"] + r["Sz"] + N / 2
    assert np.all(np.diff(exc) <= 1e-9) and abs(exc[0] - 10) < 1e-12
