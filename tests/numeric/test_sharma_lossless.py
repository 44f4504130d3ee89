"""Exact lossless atomic state of sharma2025 (J = 0) against independent routes."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sla

from numeric import ParameterError
from numeric._qfi import qfi_eig, qfi_factor, qfi_variance, tr_rho_g_squared
from numeric._spin import css_amplitudes, dicke_m, spin_operators
from numeric.sharma import atomic_state, evolve_atom_cavity, photon_number, qfi_lossless
from numeric.sharma._lossless import (
    _fock_cutoff,
    _schmidt_factor,
    _state_matrix,
    photon_amplitudes,
)
from numeric.sharma._variance import PARITY_TOL, parity_defect

TIMES = np.array([0.0, 0.07, 0.2, 0.45])

# (N, U, W0, Delta_c, eta, alpha2): pumped, odd N, resonance, coherent photons, both
CASES = [
    (6, 1.0, 1.0, 1.0, 4.0, 0.0),
    (5, 0.7, 0.4, -0.3, 3.0, 0.0),
    (6, 1.0, 1.0, 2.0, 4.0, 0.0),  # w_m = -Dc + 2 W0 m^2 = 0 exactly at m = +-1
    (8, 0.3, 0.5, 8.0, 2.5, 0.0),  # w_m = 0 exactly at m = +-2
    (7, 1.0, 0.6, 1.0, 0.0, 3.0),  # coherent photons, no pump (Appendix D)
    (4, 0.5, 0.8, 1.3, 2.0, 2.0),  # pump on a coherent field
    (10, 0.0, 0.3, 0.5, 3.0, 0.0),  # U = 0
]


@pytest.mark.parametrize("case", CASES)
def test_closed_form_atomic_state_matches_brute_force_fock_evolution(case):
    N, U, W0, Dc, eta, a2 = case
    rho = atomic_state(N, U, W0, Dc, eta, TIMES, alpha2=a2)
    ref = evolve_atom_cavity(N, U, W0, Dc, eta, TIMES, alpha2=a2, tol=1e-10)
    assert ref.converged
    assert np.max(np.abs(rho - ref["rho_atoms"])) < 1e-8
    assert np.allclose(photon_number(N, U, W0, Dc, eta, TIMES, alpha2=a2), ref["nbar"], atol=1e-8)
    q = qfi_lossless(N, U, W0, Dc, eta, TIMES, alpha2=a2)
    assert np.allclose(q["qfi"], ref["qfi"], rtol=1e-8, atol=1e-8)


def test_resonant_sector_is_regular_and_continuous():
    # w_m = 0 at m = +-1: alpha_m -> -eta t, phase finite; approaching it is continuous
    N, U, W0, eta = 6, 1.0, 1.0, 4.0
    t = np.array([0.0, 0.3, 2.0])
    exact = photon_amplitudes(N, U, W0, 2.0, eta, t)
    assert np.all(np.isfinite(exact.alpha)) and np.all(np.isfinite(exact.phase))
    k = int(np.flatnonzero(dicke_m(N) == 1.0)[0])
    assert np.allclose(exact.alpha[:, k], -eta * t, atol=1e-14)
    near = photon_amplitudes(N, U, W0, 2.0 + 1e-9, eta, t)
    assert np.allclose(near.alpha, exact.alpha, atol=1e-8)
    assert np.allclose(near.phase, exact.phase, atol=1e-8)


def _printed_eq7_state(N, U, W0, Dc, eta, t, *, phase_sign=-1.0, t_factor=True):
    """rho_A as printed in Eqs. (6)-(7): exp(-(|g_m|^2+|g_m'|^2) t/2) and exp(-i eta t (b_m - b_m'))."""
    m = dicke_m(N)
    C = css_amplitudes(N)
    w = -Dc + 2 * W0 * m**2
    b = eta / w
    g = b * (np.exp(-1j * w * t) - 1)
    damp = -0.5 * (np.abs(g)[:, None] ** 2 + np.abs(g)[None, :] ** 2) * (t if t_factor else 1.0)
    u = (
        np.exp(damp + g[:, None] * np.conj(g)[None, :])
        * np.exp(phase_sign * 1j * eta * t * (b[:, None] - b[None, :]))
        * np.exp(
            -1j * b[:, None] ** 2 * np.sin(w[:, None] * t)
            + 1j * b[None, :] ** 2 * np.sin(w[None, :] * t)
        )
    )
    return C[:, None] * C[None, :] * np.exp(-1j * U * (m[:, None] ** 2 - m[None, :] ** 2) * t) * u


def test_printed_eq7_differs_from_brute_force_but_corrected_form_agrees():
    # evidence for the findings on Eq. (7): the sign of the eta t beta phase and the spurious factor t
    N, U, W0, Dc, eta, t = 6, 1.0, 1.0, 1.0, 4.0, 0.45
    ref = evolve_atom_cavity(N, U, W0, Dc, eta, [t], tol=1e-10)["rho_atoms"][0]
    printed = _printed_eq7_state(N, U, W0, Dc, eta, t)
    corrected = _printed_eq7_state(N, U, W0, Dc, eta, t, phase_sign=+1.0, t_factor=False)
    assert np.max(np.abs(corrected - ref)) < 1e-8
    assert np.max(np.abs(printed - ref)) > 1e-2
    assert np.max(np.abs(_printed_eq7_state(N, U, W0, Dc, eta, t, t_factor=False) - ref)) > 1e-2


@pytest.mark.parametrize("N", [10, 31, 64])
def test_without_photon_coupling_qfi_is_one_axis_twisting_closed_form(N):
    # W0 = 0: photons decouple, rho_A = exp(-iU Jz^2 t)|CSS> (pure). Binomial theorem on
    # <J_+^2> = sum_k 2^-N binom(N,k) (N-k)(N-k-1) e^{4iUt(k-N/2+1)} = N(N-1)/4 cos^{N-2}(2Ut)
    # gives F_Q = 4<J_y^2> = N(N+1)/2 - N(N-1)/2 cos^{N-2}(2Ut)   (Pezze & Smerzi 2009).
    U, t = 1.0, np.linspace(0, 0.6, 7)
    r = qfi_lossless(N, U, 0.0, 1.3, 5.0, t)
    oat = N * (N + 1) / 2 - N * (N - 1) / 2 * np.cos(2 * U * t) ** (N - 2)
    assert np.allclose(r["qfi"], oat, rtol=1e-10)
    rho = atomic_state(N, U, 0.0, 1.3, 5.0, t)
    purity = np.einsum("tij,tji->t", rho, rho).real
    assert np.allclose(purity, 1.0, atol=1e-12)


def test_unpumped_vacuum_leaves_photons_empty_and_atoms_in_the_oat_state():
    N, U, t = 9, 0.8, np.array([0.1, 0.5])
    rho = atomic_state(N, U, 2.0, 1.0, 0.0, t)
    assert np.allclose(photon_number(N, U, 2.0, 1.0, 0.0, t), 0.0)
    for r, tt in zip(rho, t, strict=True):
        psi = np.exp(-1j * U * dicke_m(N) ** 2 * tt) * css_amplitudes(N)
        assert np.allclose(r, np.outer(psi, psi.conj()), atol=1e-14)


def test_parity_makes_tr_rho_jy_squared_vanish_so_eig_equals_four_jy_squared():
    # the proof in qfi_lossless Notes: rho_A lives in the m -> -m even sector
    N, t = 40, np.linspace(0.0, 0.05, 6)
    r = qfi_lossless(N, 1.0, 1.0, 1.0, 60.0, t, method="eig")
    assert np.max(np.abs(r["tr_rhojy_sq"])) < 1e-10
    assert np.max(np.abs(r["jy_mean"])) < 1e-10
    assert np.allclose(r["qfi"], r["qfi_4jy2"], rtol=1e-10)
    assert np.allclose(r["qfi"], r["qfi_variance"], rtol=1e-10)
    assert np.any(r["qfi"] > 2 * N)  # the state is genuinely mixed and entangled, not trivial


@pytest.mark.parametrize("alpha2", [0.0, 5.0])
def test_variance_method_equals_eigen_method(alpha2):
    N, t = 60, np.linspace(0.0, 0.08, 5)
    eta = 40.0 if alpha2 == 0 else 0.0
    a = qfi_lossless(N, 1.0, 1.0, 1.0, eta, t, alpha2=alpha2, method="eig")
    b = qfi_lossless(N, 1.0, 1.0, 1.0, eta, t, alpha2=alpha2, method="variance")
    assert np.allclose(a["qfi"], b["qfi"], rtol=1e-10)
    assert np.allclose(a["nbar"], b["nbar"], rtol=1e-12)


def test_real_but_asymmetric_amplitudes_break_condition_b5():
    # the paper's condition "C_m real" is not sufficient; definite m -> -m parity is
    N = 8
    jy = spin_operators(N).jy
    C = np.random.default_rng(1).random(N + 1)
    C /= np.linalg.norm(C)
    amps = photon_amplitudes(N, 1.0, 1.0, 1.0, 3.0, [0.5])
    rho = _state_matrix(C, amps.alpha[0], amps.phase[0])
    assert tr_rho_g_squared(rho, jy) > 1e-2
    assert qfi_eig(rho, jy) < qfi_variance(rho, jy) - 0.1
    assert parity_defect(C) > 1e3 * PARITY_TOL  # the run-time check sees it
    sym = (C + C[::-1]) * (1 + 0.3j)  # complex but parity-even: condition holds
    sym /= np.linalg.norm(sym)
    assert parity_defect(sym) <= PARITY_TOL
    rho = _state_matrix(sym, amps.alpha[0], amps.phase[0])
    assert abs(tr_rho_g_squared(rho, jy)) < 1e-14
    assert np.isclose(qfi_eig(rho, jy), qfi_variance(rho, jy), rtol=1e-12)


def test_schmidt_factor_route_equals_dense_eigen_route():
    N, t = 120, 0.01  # n_ph ~ 60 Fock states < N + 1: the thin-factor regime
    C = css_amplitudes(N)
    amps = photon_amplitudes(N, 1.0, 1.0, 1.0, 320.0, [t])
    a, p = amps.alpha[0], amps.phase[0]
    n_ph, tail = _fock_cutoff(float(np.max(np.abs(a) ** 2)))
    assert tail < 1e-15 and n_ph + 1 < N + 1
    A = _schmidt_factor(C, a, p, n_ph)
    rho = _state_matrix(C, a, p)
    assert np.max(np.abs(A @ A.conj().T - rho)) < 1e-13
    jy = spin_operators(N).jy
    assert np.isclose(qfi_factor(A, jy), qfi_eig(rho, jy), rtol=1e-10)


def test_large_N_is_finite_and_between_shot_noise_and_heisenberg():
    N, t = 2000, np.array([0.0, 0.005, 0.02])
    r = qfi_lossless(N, 1.0, 1.0, 1.0, 320.0, t, method="eig")
    v = qfi_lossless(N, 1.0, 1.0, 1.0, 320.0, t, method="variance")
    assert np.all(np.isfinite(r["qfi"]))
    assert np.isclose(r["qfi"][0], N, rtol=1e-12)  # CSS: F_Q = N
    # F_Q <= 4<J_x^2 + J_y^2> = 4(j(j+1) - <J_z^2>) = N^2 + N, as <J_z^2> = N/4 is conserved
    assert np.all(r["qfi"] <= N * (N + 1) * (1 + 1e-12))
    assert np.allclose(r["qfi"], v["qfi"], rtol=1e-10)
    assert r.converged


def test_rotated_state_check_of_the_generator_convention():
    # F_Q for generator J_y of a pure OAT state also equals the Bures-metric route at small N
    N, U, t = 6, 1.0, 0.4
    rho = atomic_state(N, U, 0.0, 1.0, 0.0, [t])[0]
    jy = spin_operators(N).jy.toarray()
    d = 1e-3
    V = sla.expm(-1j * d * jy)
    fid = abs(np.trace(rho @ V @ rho @ V.conj().T))  # pure: F = |<psi|psi_d>|^2
    assert np.isclose(
        qfi_lossless(N, U, 0.0, 1.0, 0.0, [t])["qfi"][0], 4 * (1 - fid) / d**2, rtol=1e-5
    )


@pytest.mark.parametrize(
    "kw,name",
    [
        (dict(N=0), "N"),
        (dict(N=3.5), "N"),
        (dict(eta=-1.0), "eta"),
        (dict(t=[-0.1]), "t"),
        (dict(alpha2=-2.0), "alpha2"),
        (dict(U=float("nan")), "U"),
        (dict(W0="x"), "W0"),
    ],
)
def test_bad_input_raises_parameter_error_naming_the_parameter(kw, name):
    args = dict(N=4, U=1.0, W0=1.0, Delta_c=1.0, eta=1.0, t=[0.1])
    args.update(kw)
    with pytest.raises(ParameterError, match=f"^{name} must be"):
        qfi_lossless(**args)
    with pytest.raises(ParameterError):
        qfi_lossless(4, 1.0, 1.0, 1.0, 1.0, [0.1], method="fast")


def test_closed_form_matches_brute_force_at_the_papers_pump_strength():
    # Fig. 2 parameters (U = W0 = Dc = 1, eta = 320) at N = 10, up to <n> ~ 10 photons
    t = np.array([0.0, 0.004, 0.01])
    rho = atomic_state(10, 1.0, 1.0, 1.0, 320.0, t)
    ref = evolve_atom_cavity(10, 1.0, 1.0, 1.0, 320.0, t, tol=1e-10)
    assert ref.converged
    assert np.max(np.abs(rho - ref["rho_atoms"])) < 1e-8
    q = qfi_lossless(10, 1.0, 1.0, 1.0, 320.0, t)
    assert np.allclose(q["qfi"], ref["qfi"], rtol=1e-8)


def test_atomic_state_is_a_density_matrix_with_conserved_jz_populations():
    rho = atomic_state(12, 0.4, 1.5, -0.7, 6.0, np.linspace(0, 1.0, 5), alpha2=1.5)
    C2 = css_amplitudes(12) ** 2
    for r in rho:
        assert np.allclose(r, r.conj().T, atol=1e-15)
        assert np.linalg.eigvalsh(r).min() > -1e-13
        assert np.allclose(np.diag(r).real, C2, atol=1e-15)  # J_z is conserved at J = 0


def test_closed_form_matches_brute_force_with_forty_photons_at_N20():
    # Fig. 2 pump (eta = 320) up to t = 0.02, where <n> ~ 40: Fock cutoff > 100 in the reference
    t = np.array([0.0, 0.01, 0.02])
    ref = evolve_atom_cavity(20, 1.0, 1.0, 1.0, 320.0, t, tol=1e-10)
    assert ref.converged and ref["nbar"][-1] > 35
    assert np.max(np.abs(atomic_state(20, 1.0, 1.0, 1.0, 320.0, t) - ref["rho_atoms"])) < 1e-8
    assert np.allclose(qfi_lossless(20, 1.0, 1.0, 1.0, 320.0, t)["qfi"], ref["qfi"], rtol=1e-8)


@pytest.mark.parametrize("N", [1, 2, 3])
def test_smallest_atom_numbers_match_brute_force(N):
    # N = 2: m = +-1 share one photon frequency, so F_Q stays at 2 — brute force agrees
    t = np.array([0.0, 0.3, 0.9])
    ref = evolve_atom_cavity(N, 1.0, 1.0, 0.5, 2.0, t, tol=1e-10)
    for method in ("eig", "variance", "auto"):
        assert np.allclose(
            qfi_lossless(N, 1.0, 1.0, 0.5, 2.0, t, method=method)["qfi"], ref["qfi"], rtol=1e-9
        )
    assert np.max(np.abs(atomic_state(N, 1.0, 1.0, 0.5, 2.0, t) - ref["rho_atoms"])) < 1e-9


def test_dicke_window_reproduces_the_untruncated_factor():
    # N = 240: qfi_lossless drops |m| tails of weight < 1e-32; the reference keeps all
    # 241 rows (the factor route itself is checked against dense eigh above)
    N, t = 240, np.array([0.004, 0.012])
    r = qfi_lossless(N, 1.0, 1.0, 1.0, 320.0, t, method="eig")
    window = r.convergence[0]
    assert window.converged and window.value < N + 1
    jy, C = spin_operators(N).jy, css_amplitudes(N)
    amps = photon_amplitudes(N, 1.0, 1.0, 1.0, 320.0, t)
    for i in range(t.size):
        n_ph, _ = _fock_cutoff(float(np.max(np.abs(amps.alpha[i]) ** 2)))
        A = _schmidt_factor(C, amps.alpha[i], amps.phase[i], n_ph)
        assert np.isclose(r["qfi"][i], qfi_factor(A, jy), rtol=1e-11)


def test_stacked_dense_eigen_formula_equals_generic_qfi_with_and_without_reflection_parity():
    """Independent route: numeric._qfi.qfi_eig (full-matrix Eq. (5)) and the direct moments,
    one matrix at a time.  The stack mixes reflection-even states (parity-block route) with
    generic ones (full eigh fallback)."""
    from numeric.sharma._lossless import _qfi_dense_batch
    from numeric.sharma._parity import parity_basis

    N, rng = 9, np.random.default_rng(7)
    d = N + 1
    jy = spin_operators(N).jy.toarray()
    R = np.eye(d)[::-1]  # |m> -> |-m>
    stack = []
    for i in range(6):
        A = rng.normal(size=(d, 3)) + 1j * rng.normal(size=(d, 3))
        if i % 2 == 0:
            A = A + R @ A  # even under the reflection
        rho = A @ A.conj().T
        stack.append(rho / np.trace(rho).real)
    stack = np.array(stack)
    _, _, _, Pe, Po, X = parity_basis(N)
    q, jym, trc, qvar, eo = _qfi_dense_batch(stack, jy, (Pe.toarray(), Po.toarray(), X))
    assert eo > 1e-3  # the generic states took the fallback
    for i, rho in enumerate(stack):
        assert np.isclose(q[i], qfi_eig(rho, jy), rtol=1e-11)
        assert np.isclose(jym[i], np.trace(rho @ jy).real, atol=1e-13)
        assert np.isclose(trc[i], tr_rho_g_squared(rho, jy), atol=1e-12)
        assert np.isclose(qvar[i], qfi_variance(rho, jy), rtol=1e-12)
