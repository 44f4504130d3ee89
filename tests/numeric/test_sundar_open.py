"""Exact open-system solver of sundar2023 (Eq. (1) + cavity loss + spontaneous emission)."""

from __future__ import annotations

import numpy as np
import pytest
import qutip as qt

from numeric import ParameterError
from numeric.sundar import evolve, ramsey
from numeric.sundar._open import open_evolve


def _qutip_reference(N, chi, Gamma, gamma, times, phi):
    """Independent reference: QuTiP mesolve on the 2^N qubit space, pulses as explicit unitaries."""
    half = N // 2
    one = qt.qeye(2)

    def site(op, i):
        return qt.tensor([op if k == i else one for k in range(N)])

    # qutip: basis(2,0) = e, basis(2,1) = g; sigmap() = |e><g|
    sp = [site(qt.sigmap(), i) for i in range(N)]
    sz = [site(qt.sigmaz() / 2, i) for i in range(N)]
    SAp, SBp = sum(sp[:half]), -sum(sp[half:])  # paper: S_B^+ = -sum |e,B><g,B|
    SAz, SBz = sum(sz[:half]), sum(sz[half:])
    SAx, SAy = (SAp + SAp.dag()) / 2, (SAp - SAp.dag()) / 2j
    SBx, SBy = (SBp + SBp.dag()) / 2, (SBp - SBp.dag()) / 2j
    Sp = SAp + SBp
    H = chi * Sp * Sp.dag() + chi * N / 2 * (SBz - SAz)
    c_ops = [np.sqrt(Gamma) * Sp.dag()] + [np.sqrt(gamma) * s.dag() for s in sp]
    g, e = qt.basis(2, 1), qt.basis(2, 0)
    psi0 = qt.tensor([g] * half + [e] * half)
    res = qt.mesolve(H, qt.ket2dm(psi0), times, c_ops=c_ops, options={"atol": 1e-11, "rtol": 1e-10})
    S1m = SBx - SAy

    def dphi2(rho):
        def signal(p):
            U = (
                (-1j * np.pi / 2 * (SBx + SAy)).expm()
                * (-1j * p * (SBz - SAz)).expm()
                * (-1j * np.pi / 2 * (SBy + SAx)).expm()
            )
            r = U * rho * U.dag()
            read = SBz - SAz
            return qt.expect(read, r), qt.expect(read * read, r) - qt.expect(read, r) ** 2

        h = 1e-5
        s_plus, s_minus = signal(phi + h)[0], signal(phi - h)[0]
        var = signal(phi)[1]
        return var / ((s_plus - s_minus) / (2 * h)) ** 2

    xi2 = np.array([4 / N * (qt.expect(S1m * S1m, r) - qt.expect(S1m, r) ** 2) for r in res.states])
    nbar = np.array([qt.expect(SAz - SBz, r) + N / 2 for r in res.states])
    return xi2, nbar, np.array([dphi2(r) for r in res.states])


@pytest.mark.parametrize("Gamma,gamma", [(0.3, 0.0), (0.2, 0.5)])
def test_open_lindblad_matches_qutip_mesolve_on_the_atom_space_at_N4(Gamma, gamma):
    times = np.array([0.0, 0.2, 0.6, 1.1])
    xi2, nbar, dphi2 = _qutip_reference(4, 1.0, Gamma, gamma, times, 0.25)
    reps = ["atoms", "dicke"] + (["symmetric"] if gamma == 0 else [])
    for rep in reps:
        r = open_evolve(4, 1.0, Gamma, gamma, times, phi=0.25, representation=rep)
        assert np.allclose(r["xi2"], xi2, rtol=1e-6, atol=1e-8)
        assert np.allclose(r["nbar"], nbar, rtol=1e-6, atol=1e-8)
        assert np.allclose(r["dphi2"], dphi2, rtol=1e-5, atol=1e-8)
        assert all(c.converged for c in r.convergence)


def test_lossless_limit_reproduces_the_conserved_sector_solver():
    """Gamma = gamma = 0: the Lindblad solver must agree with the exact sector solver (independent code)."""
    times = np.linspace(0.0, 0.4, 5)
    r = open_evolve(12, 1.0, 0.0, 0.0, times, phi=0.2)
    e = evolve(12, 1.0, times)
    q = ramsey(12, 1.0, times, phi=0.2)
    assert np.allclose(r["xi2"], e["xi2"], rtol=1e-8, atol=1e-10)
    assert np.allclose(r["nbar"], e["nbar"], rtol=1e-8, atol=1e-10)
    assert np.allclose(r["dphi2"], q["dphi2"], rtol=1e-7)


def test_spontaneous_emission_alone_drives_the_populations_to_the_ground_state():
    """chi = Gamma = 0: independent single-atom decay, n_eA + n_gB = N/2 (1 - e^{-gamma t}) + N/2."""
    times = np.array([0.0, 0.5, 2.0])
    r = open_evolve(4, 0.0, 0.0, 0.7, times, delta=0.0)
    # A atoms start in g (no change); each B atom in e decays: n_gB = 2 (1 - e^{-gamma t})
    assert np.allclose(r["nbar"], 2 * (1 - np.exp(-0.7 * times)), atol=1e-9)


def test_open_solver_rejects_negative_rates_and_gamma_in_symmetric_space():
    with pytest.raises(ParameterError):
        open_evolve(4, 1.0, -0.1, 0.0, [0.1])
    with pytest.raises(ParameterError):
        open_evolve(4, 1.0, 0.0, 0.1, [0.1], representation="symmetric")
