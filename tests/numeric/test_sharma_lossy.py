"""Exact lossy (J = 0) solution of the sharma2025 model against independent references."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from numeric import ParameterError
from numeric._qfi import qfi_eig
from numeric._spin import css_amplitudes, spin_operators
from numeric.sharma._bruteforce import evolve_atom_cavity
from numeric.sharma._lossless import atomic_state, photon_number
from numeric.sharma._lossy import (
    atomic_state_lossy,
    photon_amplitudes_lossy,
    qfi_lossy,
    tau_Q,
)
from numeric.sharma._lossy_kernels import _pair_integrals

P = dict(U=0.7, W0=1.1, Delta_c=0.9)


def _mp_b(x, y):
    x, y = mp.mpc(x), mp.mpc(y)
    return mp.quad(lambda s: mp.exp(-x * s) * (-mp.expm1(-y * s)) / y, [0, 1])


def _mp_d(x, y):
    x, y = mp.mpc(x), mp.mpc(y)
    return mp.quad(lambda s: (-mp.expm1(-x * s)) / x * (-mp.expm1(-y * s)) / y, [0, 1])


@pytest.mark.parametrize(
    "x,y",
    [
        (1e-9 + 2e-9j, 3e-9 - 1e-9j),  # t -> 0: Taylor branch
        (0.05 + 0.1j, 0.02 - 0.2j),  # small, Taylor branch
        (0.3 + 40j, 0.3 - 40.00001j),  # x + y ~ 0 (m' = m, resonant pair)
        (0.0 + 1e-7j, 0.5 + 25j),  # omega_m = 0 resonance against a far sector
        (2.0 + 3j, 0.1 - 0.7j),
        (5.0 + 80j, 5.0 - 13j),
    ],
)
def test_segment_integrals_b_d_agree_with_mpmath_quadrature(x, y):
    """Independent route: mpmath quadrature at 30 digits of the defining integrals."""
    mp.mp.dps = 30
    _, bxy, byx, d = _pair_integrals(np.array([x]), np.array([y]))
    for got, ref in ((bxy[0], _mp_b(x, y)), (byx[0], _mp_b(y, x)), (d[0], _mp_d(x, y))):
        assert abs(got - complex(ref)) <= 1e-13 * abs(complex(ref))


@pytest.mark.parametrize("eta,alpha2", [(3.0, 0.0), (0.0, 2.5), (1.5, 1.0)])
def test_kappa_zero_reproduces_lossless_closed_form_eqs_6_7_and_D1_D2(eta, alpha2):
    """Independent route: the displacement-operator closed form (A35)-(A38) of _lossless."""
    t = np.array([0.0, 0.05, 0.3, 1.7])
    for N in (6, 7):
        ours = atomic_state_lossy(
            N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=0.0, alpha2=alpha2
        )
        ref = atomic_state(N, P["U"], P["W0"], P["Delta_c"], eta, t, alpha2=alpha2)
        assert np.max(np.abs(ours - ref)) < 1e-12
        nb = qfi_lossy(N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=0.0, alpha2=alpha2)["nbar"]
        np.testing.assert_allclose(
            nb,
            photon_number(N, P["U"], P["W0"], P["Delta_c"], eta, t, alpha2=alpha2),
            rtol=1e-12,
            atol=1e-14,
        )


def _qutip_rho(N, U, W0, Dc, eta, t, kappa, alpha2, pump_off, nmax):
    qt = pytest.importorskip("qutip")
    a = qt.destroy(nmax)
    m = np.arange(N + 1) - N / 2
    A = qt.tensor(a, qt.qeye(N + 1))
    jz2 = qt.tensor(qt.qeye(nmax), qt.Qobj(np.diag(m**2)))
    n = A.dag() * A
    H0 = -Dc * n + U * jz2 + 2 * W0 * n * jz2
    Hp = -1j * (A.dag() - A)
    H = H0 + eta * Hp if pump_off is None else [H0, [eta * Hp, lambda tt: float(tt < pump_off)]]
    psi = qt.tensor(qt.coherent(nmax, np.sqrt(alpha2)), qt.Qobj(css_amplitudes(N)))
    opts = {"atol": 1e-11, "rtol": 1e-9}
    if pump_off is not None:
        opts["max_step"] = 0.01  # resolve the switch-off
    res = qt.mesolve(H, psi * psi.dag(), t, [np.sqrt(kappa) * A], options=opts)
    return np.array([s.ptrace(1).full() for s in res.states])


@pytest.mark.parametrize(
    "N,eta,kappa,alpha2,pump_off",
    [
        (4, 3.0, 1.0, 0.0, None),  # pumped
        (4, 2.0, 0.6, 0.0, 0.4),  # pump switched off (Appendix E)
        (5, 0.0, 0.9, 2.0, None),  # coherent field, no pump
    ],
)
def test_lossy_state_matches_qutip_mesolve_on_atom_fock_space(N, eta, kappa, alpha2, pump_off):
    """Independent route: QuTiP mesolve of Eq. (10) on atoms (x) Fock(25), traced over photons.

    Photon numbers stay below ~10 here; the cutoff 25 (checked in the brute-force test
    below by raising it) leaves a tail far below the mesolve tolerance 1e-9.
    """
    t = np.linspace(0.0, 1.0, 5)
    ref = _qutip_rho(N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa, alpha2, pump_off, 25)
    ours = atomic_state_lossy(
        N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off
    )
    assert np.max(np.abs(ours - ref)) < 2e-8
    jy = spin_operators(N).jy
    qref = np.array([qfi_eig(r, jy) for r in ref])
    q = qfi_lossy(
        N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off
    )["qfi"]
    assert np.max(np.abs(q - qref)) < 1e-6


@pytest.mark.parametrize("eta,alpha2,pump_off", [(2.5, 0.0, 0.3), (0.0, 1.5, None)])
def test_lossy_qfi_and_photon_number_match_bruteforce_expm_multiply(eta, alpha2, pump_off):
    """Independent route: the other solver's Lindblad superoperator on atoms (x) Fock space,
    with its own photon-cutoff convergence check."""
    N, kappa = 4, 1.2
    t = np.array([0.0, 0.2, 0.5, 0.9])
    bf = evolve_atom_cavity(
        N,
        P["U"],
        P["W0"],
        P["Delta_c"],
        eta,
        t,
        kappa=kappa,
        alpha2=alpha2,
        pump_off=pump_off,
        tol=1e-8,
    )
    assert bf.converged
    ours = qfi_lossy(
        N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off
    )
    rho = atomic_state_lossy(
        N, P["U"], P["W0"], P["Delta_c"], eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off
    )
    assert np.max(np.abs(rho - bf["rho_atoms"])) < 1e-7
    assert np.max(np.abs(ours["qfi"] - bf["qfi"])) < 1e-6
    np.testing.assert_allclose(ours["nbar"], bf["nbar"], rtol=1e-7, atol=1e-9)


def test_eigen_formula_on_parity_blocks_equals_generic_qfi_and_four_jy2():
    """Independent routes: generic Eq. (5) on the full matrix (numeric._qfi.qfi_eig), and the
    O(N) variance formula (equal because rho_A is even under m -> -m)."""
    N, eta, kappa = 12, 5.0, 2.0
    t = np.array([0.05, 0.2, 0.6])
    r = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=0.3)
    rv = qfi_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=0.3, method="variance")
    rho = atomic_state_lossy(N, 1.0, 1.0, 1.0, eta, t, kappa=kappa, pump_off=0.3)
    jy = spin_operators(N).jy
    full = np.array([qfi_eig(x, jy) for x in rho])
    np.testing.assert_allclose(r["qfi"], full, rtol=1e-10)
    np.testing.assert_allclose(rv["qfi"], full, rtol=1e-10)
    assert r.converged
    # the reflection symmetry behind it: rho[m, m'] = rho[m, -m']
    assert np.max(np.abs(rho - rho[:, :, ::-1])) < 1e-15


def test_jz_populations_are_conserved_and_coherences_decay_with_loss():
    """Textbook: with J = 0, J_z is conserved, so diag(rho_A) = C_m^2 for any kappa;
    loss can only shrink |rho[m, m']| (it adds photon which-path information)."""
    N = 10
    t = np.linspace(0.0, 0.4, 7)
    C = css_amplitudes(N)
    lossless = atomic_state_lossy(N, 1.0, 1.0, 1.0, 6.0, t, kappa=0.0)
    lossy = atomic_state_lossy(N, 1.0, 1.0, 1.0, 6.0, t, kappa=3.0)
    for r in lossy:
        np.testing.assert_allclose(np.diag(r).real, C**2, rtol=1e-12)
    # |alpha_m - alpha_m'| grows slower with loss, yet the photons already lost keep the
    # which-m information: the coherence is never larger than C_m C_m'
    assert np.all(np.abs(lossy) <= np.outer(C, C) * (1 + 1e-12))
    assert np.all(np.abs(lossless) <= np.outer(C, C) * (1 + 1e-12))


def test_field_amplitude_relaxes_to_driven_steady_state():
    """Textbook: alpha_m -> -eta/(i omega_m + kappa/2) for t >> 1/kappa."""
    N, eta, kappa, W0, Dc = 4, 2.0, 4.0, 0.5, 1.0
    a = photon_amplitudes_lossy(N, W0, Dc, eta, [20.0], kappa=kappa)[0]
    m = np.arange(N + 1) - N / 2
    np.testing.assert_allclose(a, -eta / (1j * (-Dc + 2 * W0 * m**2) + kappa / 2), rtol=1e-12)


def test_tau_Q_is_eq9_value_for_the_paper_parameters():
    """Eq. (9) by hand: N = 100, W0 = 1, eta = 320 -> (9/(400*320^4))^(1/6) = 0.011357
    (the caption of Fig. 2 rounds it to 0.01); N = 50 gives kappa = 1/tau_Q = 78.44 (Fig. 4: "kappa ~ 78")."""
    assert abs(tau_Q(100, 1.0, 320.0) - 0.0113570037) < 1e-9
    assert abs(1 / tau_Q(50, 1.0, 320.0) - 78.445) < 0.01


@pytest.mark.parametrize(
    "kw,name",
    [
        (dict(N=7.5), "N"),
        (dict(kappa=-1.0), "kappa"),
        (dict(alpha2=-0.1), "alpha2"),
        (dict(pump_off=-1.0), "pump_off"),
        (dict(t=[-0.1]), "t"),
        (dict(method="svd"), "method"),
    ],
)
def test_bad_parameters_raise_parameter_error(kw, name):
    args = dict(N=4, U=1.0, W0=1.0, Delta_c=1.0, eta=1.0, t=[0.1], kappa=0.5)
    args.update(kw)
    with pytest.raises(ParameterError) as e:
        qfi_lossy(**args)
    assert e.value.name == name


def test_closed_form_integrals_match_solve_ivp_of_block_equations_L1_L2():
    """Independent route: integrate alpha_m' = -(i w_m + kappa/2) alpha_m - eta(t) and
    (ln c)' = eta (alpha_m + alpha_m'^*) - iU(m^2 - m'^2) + kappa alpha_m alpha_m'^* with
    scipy solve_ivp (rtol 1e-12, pump switched off inside the interval) and rebuild
    rho_A[m, m'] = C_m C_m' c <<alpha_m'||alpha_m>>."""
    from scipy.integrate import solve_ivp

    N, U, W0, Dc, eta, kappa, a2, toff, T = 6, 0.7, 1.1, 0.9, 2.5, 1.3, 0.8, 0.35, 0.8
    m = np.arange(N + 1) - N / 2
    w = -Dc + 2 * W0 * m**2
    C = css_amplitudes(N)

    def rhs(t, y, e):
        a = y[: N + 1]
        da = -(1j * w + kappa / 2) * a - e
        dL = (
            e * (a[:, None] + np.conj(a)[None, :])
            - 1j * U * (m[:, None] ** 2 - m[None, :] ** 2)
            + kappa * a[:, None] * np.conj(a)[None, :]
        )
        return np.concatenate((da, dL.ravel()))

    y0 = np.concatenate(
        (np.full(N + 1, np.sqrt(a2), dtype=complex), np.full((N + 1) ** 2, -a2, dtype=complex))
    )
    y1 = solve_ivp(rhs, (0, toff), y0, args=(eta,), rtol=1e-12, atol=1e-13).y[:, -1]
    y2 = solve_ivp(rhs, (toff, T), y1, args=(0.0,), rtol=1e-12, atol=1e-13).y[:, -1]
    a = y2[: N + 1]
    L = y2[N + 1 :].reshape(N + 1, N + 1) + a[:, None] * np.conj(a)[None, :]
    ref = np.outer(C, C) * np.exp(L)
    ours = atomic_state_lossy(N, U, W0, Dc, eta, T, kappa=kappa, alpha2=a2, pump_off=toff)
    assert np.max(np.abs(ours - ref)) < 1e-9
