"""Each paper's fast solver (named by the structure it exploits) against the generic solver of its Model.

The generic route (``derive.models.<paper>.MODEL.compile`` -> ``numeric.sesolve/mesolve``) knows
nothing of the paper: operators built from the one ladder, a Fock cutoff raised until converged,
sectors from the declared conserved quantity, local jumps atom by atom.  Agreement at small size
checks both the fast routes and the models' declarations (signs, conventions, initial states).
"""

from __future__ import annotations

import numpy as np
import pytest

from derive.models import sharma2025, sundar2023, tucker2020
from numeric import mesolve, sesolve, spin_operators


def test_sharma_lossless_closed_form_state_equals_generic_schrodinger_evolution():
    from numeric.sharma import atomic_state, photon_number

    p = dict(N=6, U=1.0, W0=0.7, Delta_c=1.3, eta=2.0)
    t = np.linspace(0.0, 0.4, 9)
    J, a = sharma2025.dof("J"), sharma2025.dof("a")
    spec = sharma2025.compile(
        **p, J=0.0, kappa=0.0, observables={"Jx": J.Sx, "Jy": J.Sy, "Jz2": J.Sz**2, "n": a.n}
    )
    r = sesolve(spec, {"J": ("css", np.pi / 2, 0.0), "a": "ground"}, t)
    rho = atomic_state(t=t, **p)  # (len(t), N+1, N+1), m ascending
    ops = spin_operators(p["N"])
    jx = np.real(np.einsum("tij,ji->t", rho, ops.jx.toarray()))
    jy = np.real(np.einsum("tij,ji->t", rho, ops.jy.toarray()))
    np.testing.assert_allclose(r["Jx"], jx, atol=1e-7)
    np.testing.assert_allclose(r["Jy"], jy, atol=1e-7)
    np.testing.assert_allclose(r["n"], photon_number(t=t, **p), rtol=1e-6, atol=1e-9)
    assert r.converged


def test_sharma_photon_loss_solver_equals_generic_lindblad_evolution():
    from numeric.sharma import atomic_state_lossy

    p = dict(N=4, U=1.0, W0=0.5, Delta_c=0.8, eta=1.5)
    t = np.linspace(0.0, 0.5, 6)
    J = sharma2025.dof("J")
    spec = sharma2025.compile(**p, J=0.0, kappa=0.9, observables={"Jx": J.Sx, "Jy": J.Sy})
    r = mesolve(spec, {"J": ("css", np.pi / 2, 0.0), "a": "ground"}, t)
    rho = atomic_state_lossy(p["N"], p["U"], p["W0"], p["Delta_c"], p["eta"], t, kappa=0.9)
    ops = spin_operators(p["N"])
    jx = np.real(np.einsum("tij,ji->t", rho, ops.jx.toarray()))
    np.testing.assert_allclose(r["Jx"], jx, atol=1e-6)


def test_sundar_sector_solver_equals_generic_sector_evolution():
    from numeric.sundar import evolve

    N, chi = 12, 1.0
    t = np.linspace(0.0, 1.5 / (N * chi), 7)
    A, B = sundar2023.dof("A"), sundar2023.dof("B")
    spec = sundar2023.compile(
        N=N, chi=chi, delta=N * chi / 2, Gamma=0.0, gamma=0.0, observables={"nbar": A.Sz - B.Sz}
    )
    r = sesolve(spec, {"A": "ground", "B": "excited"}, t)
    assert r.extra["sector_size"] is not None and r.extra["sector_size"] < (N // 2 + 1) ** 2
    fast = evolve(N, chi, t)
    np.testing.assert_allclose(r["nbar"] + N / 2, fast["nbar"], rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("gamma_s", [0.0, 0.4])
def test_tucker_permutation_invariant_solver_equals_generic_atom_by_atom_evolution(gamma_s):
    from numeric.tucker import pi_dynamics

    N, Gamma, chi, ups = 4, 1.0, 0.3, 0.8
    Omega = 0.5 * N * ups * np.hypot(Gamma, 2 * chi)
    t = np.linspace(0.0, 1.0, 6)
    Jd = tucker2020.dof("J")
    spec = tucker2020.compile(
        N=N, Gamma=Gamma, chi=chi, Omega=Omega, gamma_s=gamma_s, observables={"Jz": Jd.Sz}
    )
    r = mesolve(spec, {"J": ("css", np.pi / 2, np.pi)}, t, atoms=("J",))
    fast = pi_dynamics(N, Gamma, chi, ups, gamma_s, t)
    np.testing.assert_allclose(r["Jz"] / (N / 2), fast["jz"], atol=1e-8)


def test_a_wrong_model_sign_is_seen_by_the_comparison():
    """The comparison can fail: flipping the drive's sign changes <J_y> of the tucker model."""
    from numeric.tucker import pi_dynamics

    N, Gamma, chi, ups = 4, 1.0, 0.3, 0.8
    Omega = 0.5 * N * ups * np.hypot(Gamma, 2 * chi)
    t = np.linspace(0.0, 1.0, 6)
    Jd = tucker2020.dof("J")
    spec = tucker2020.compile(
        N=N, Gamma=Gamma, chi=chi, Omega=Omega, gamma_s=0.0, observables={"Jz": Jd.Sz}
    )
    wrong = mesolve(spec, {"J": ("css", np.pi / 2, 0.0)}, t)  # +x instead of -x
    fast = pi_dynamics(N, Gamma, chi, ups, 0.0, t)
    assert np.max(np.abs(wrong["Jz"] / (N / 2) - fast["jz"])) > 1e-3
