"""Brute-force atom (x) Fock evolution of sharma2025 against QuTiP and textbook limits."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

from numeric import ParameterError
from numeric._qfi import qfi_variance, tr_rho_g_squared
from numeric._spin import spin_operators
from numeric.sharma import evolve_atom_cavity

QOPTS = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}


def _qutip_model(N, n_max, U, W0, Dc, eta, J):
    """Same H_eff built from QuTiP's own operators (its Dicke basis runs m = j..-j)."""
    j = N / 2
    Jx, Jz = qutip.jmat(j, "x"), qutip.jmat(j, "z")
    Ia, Ip = qutip.qeye(N + 1), qutip.qeye(n_max + 1)
    a = qutip.tensor(Ia, qutip.destroy(n_max + 1))
    n = a.dag() * a
    Jz2 = qutip.tensor(Jz * Jz, Ip)

    def H(e):
        return (
            -Dc * n - 1j * e * (a.dag() - a) - J * qutip.tensor(Jx, Ip) + U * Jz2 + 2 * W0 * n * Jz2
        )

    _, vecs = Jx.eigenstates()
    psi0 = qutip.tensor(vecs[-1], qutip.basis(n_max + 1, 0))  # J_x = +N/2 eigenstate, vacuum
    return H(eta), H(0.0), a, psi0


def _atoms(state):
    return state.ptrace(0).full()[::-1, ::-1]


def test_pure_evolution_with_tunnelling_matches_qutip_sesolve():
    N, n_max, U, W0, Dc, eta, J = 4, 16, 0.7, 0.5, 1.2, 1.5, 0.8
    t = np.array([0.0, 0.3, 0.7, 1.0])
    ours = evolve_atom_cavity(N, U, W0, Dc, eta, t, J=J, n_max=n_max)
    H, _, a, psi0 = _qutip_model(N, n_max, U, W0, Dc, eta, J)
    ref = qutip.sesolve(H, psi0, t, options=QOPTS)
    for k, st in enumerate(ref.states):
        assert np.max(np.abs(ours["rho_atoms"][k] - _atoms(st))) < 1e-8
        assert np.isclose(ours["nbar"][k], qutip.expect(a.dag() * a, st), atol=1e-8)
        assert np.isclose(ours["n2"][k], qutip.expect((a.dag() * a) ** 2, st), atol=1e-7)


def test_lossy_evolution_matches_qutip_mesolve():
    N, n_max, U, W0, Dc, eta, J, kappa = 3, 12, 1.0, 0.6, 0.7, 1.3, 0.5, 0.9
    t = np.array([0.0, 0.4, 1.0])
    ours = evolve_atom_cavity(N, U, W0, Dc, eta, t, J=J, kappa=kappa, n_max=n_max)
    H, _, a, psi0 = _qutip_model(N, n_max, U, W0, Dc, eta, J)
    ref = qutip.mesolve(H, psi0, t, c_ops=[np.sqrt(kappa) * a], options=QOPTS)
    for k, st in enumerate(ref.states):
        assert np.max(np.abs(ours["rho_atoms"][k] - _atoms(st))) < 1e-8
        assert np.isclose(ours["nbar"][k], qutip.expect(a.dag() * a, st), atol=1e-8)


def test_pump_switched_off_matches_two_stage_qutip_mesolve():
    N, n_max, U, W0, Dc, eta, kappa, t_off = 3, 12, 1.0, 0.8, 1.0, 2.0, 0.5, 0.4
    t = np.array([0.2, 0.4, 0.7, 1.0])
    ours = evolve_atom_cavity(N, U, W0, Dc, eta, t, kappa=kappa, pump_off=t_off, n_max=n_max)
    H_on, H_off, a, psi0 = _qutip_model(N, n_max, U, W0, Dc, eta, 0.0)
    c = [np.sqrt(kappa) * a]
    first = qutip.mesolve(H_on, psi0, [0.0, 0.2, t_off], c_ops=c, options=QOPTS).states
    second = qutip.mesolve(H_off, first[-1], [t_off, 0.7, 1.0], c_ops=c, options=QOPTS).states
    for k, st in enumerate([first[1], first[2], second[1], second[2]]):
        assert np.max(np.abs(ours["rho_atoms"][k] - _atoms(st))) < 1e-8
        assert np.isclose(ours["nbar"][k], qutip.expect(a.dag() * a, st), atol=1e-8)
    assert ours["nbar"][3] < ours["nbar"][1]  # photons leak out once the pump is off


def test_pump_off_at_zero_is_no_pump_and_after_the_last_time_is_always_on():
    t = np.array([0.3, 0.8])
    args = (3, 1.0, 0.7, 0.5, 1.5, t)
    off0 = evolve_atom_cavity(*args, kappa=0.4, pump_off=0.0, n_max=10)
    nopump = evolve_atom_cavity(3, 1.0, 0.7, 0.5, 0.0, t, kappa=0.4, n_max=10)
    assert np.allclose(off0["rho_atoms"], nopump["rho_atoms"], atol=1e-12)
    late = evolve_atom_cavity(*args, pump_off=5.0, n_max=10)
    always = evolve_atom_cavity(*args, n_max=10)
    assert np.allclose(late["rho_atoms"], always["rho_atoms"], atol=1e-12)


def test_decoupled_damped_driven_cavity_is_coherent_with_textbook_amplitude():
    # W0 = J = 0: da/dt = -(i w + kappa/2) a - eta, w = -Dc  =>  alpha(t) = -eta (1 - e^{-zt})/z,
    # z = i w + kappa/2, and the field stays coherent: <n^2> = |alpha|^4 + |alpha|^2.
    Dc, eta, kappa = 0.8, 1.2, 0.7
    t = np.array([0.3, 1.0, 2.5])
    r = evolve_atom_cavity(2, 0.5, 0.0, Dc, eta, t, kappa=kappa, n_max=25, tol=1e-9)
    assert r.converged
    z = -1j * Dc + kappa / 2
    n = np.abs(eta * (1 - np.exp(-z * t)) / z) ** 2
    assert np.allclose(r["nbar"], n, rtol=1e-8)
    assert np.allclose(r["n2"], n**2 + n, rtol=1e-8)


def test_photons_stay_classical_without_tunnelling():
    # J = 0: the field is a mixture of coherent states (Appendix G), so Mandel Q >= 0
    r = evolve_atom_cavity(6, 1.0, 1.0, 1.0, 3.0, np.array([0.2, 0.6, 1.0]))
    Q = (r["n2"] - r["nbar"] ** 2 - r["nbar"]) / r["nbar"]
    assert np.all(Q > -1e-9)
    assert np.any(Q > 1e-3)


def test_reflection_parity_keeps_four_jy_variance_exact_with_tunnelling_and_loss():
    # P|m> = |-m> commutes with H_eff (J_z only as J_z^2, P J_x P = J_x) and with the loss,
    # so rho_A stays parity-even: Tr[(rho J_y)^2] = 0 and F_Q = 4 Var J_y (B5)-(B6).
    N = 4
    r = evolve_atom_cavity(N, 0.7, 0.5, 1.2, 1.5, np.array([0.5, 1.0]), J=0.8, kappa=0.6, n_max=12)
    jy = spin_operators(N).jy
    for rho, F in zip(r["rho_atoms"], r["qfi"], strict=True):
        assert abs(tr_rho_g_squared(rho, jy)) < 1e-10
        assert np.isclose(F, qfi_variance(rho, jy), rtol=1e-9)
        assert np.isclose(np.trace(rho).real, 1.0, atol=1e-10)


def test_photon_cutoff_is_raised_until_converged_and_reported():
    r = evolve_atom_cavity(4, 1.0, 1.0, 1.0, 2.0, np.array([0.5, 1.0]), tol=1e-9)
    cut, top = r.convergence
    assert r.converged and cut.error <= 1e-9 and top.error <= 1e-9
    small = evolve_atom_cavity(4, 1.0, 1.0, 1.0, 2.0, np.array([0.5, 1.0]), n_max=3, tol=1e-9)
    assert not small.converged  # a cutoff of 3 photons for <n> ~ 4 is flagged, not hidden


@pytest.mark.parametrize(
    "kw,name",
    [
        (dict(kappa=-0.1), "kappa"),
        (dict(n_max=0), "n_max"),
        (dict(tol=0.0), "tol"),
        (dict(pump_off=-1.0), "pump_off"),
        (dict(J=float("inf")), "J"),
    ],
)
def test_bad_input_raises_parameter_error(kw, name):
    with pytest.raises(ParameterError, match=f"^{name} must be"):
        evolve_atom_cavity(2, 1.0, 1.0, 1.0, 1.0, [0.1], **kw)
