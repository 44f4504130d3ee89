"""Adaptive Krylov propagation of the driven-Dicke Liouvillian with local emission (real frame)."""

from __future__ import annotations

import numpy as np
import qutip as qt
from qutip import piqs

from numeric._pi_dicke import LocalRates, _initial_vector, dicke_basis, driven_dicke, pi_evolve
from numeric._pi_krylov import krylov_moments
from numeric._pi_propagate import propagate_moments
from numeric._pi_symmetry import to_x
from numeric.tucker import pi_dynamics
from numeric.tucker._spin import css_minus_x


def _tucker(N, upsilon=0.9, gamma_s=1.0):
    Om = 0.5 * N * upsilon
    dd = driven_dicke(N, Omega=Om, Gamma=1.0, local=LocalRates(emission=gamma_s))
    psi = css_minus_x(N / 2)
    return dd, np.outer(psi, psi.conj())


def test_krylov_route_equals_taylor_route_for_superradiant_emission_at_N_20():
    # independent route: Al-Mohy-Higham Taylor at 2^-53 (numeric._pi_propagate), same grid
    N = 20
    dd, rho0 = _tucker(N)
    t = np.linspace(0, 2, 60)
    k = pi_evolve(N, dd, rho0, t)
    s = pi_evolve(N, dd, rho0, t, method="taylor")
    assert "Krylov" in k.method and "Taylor" in s.method
    assert k.converged
    # requested 1e-10 per unit time on [0, 2]; moments are O(N^2) = 400: 1e-9 absolute is
    # 10x the summed estimate on xi2 = O(1)
    assert np.max(np.abs(k["xi2"] - s["xi2"])) < 1e-9
    assert np.max(np.abs(k["mean"] - s["mean"])) < 1e-8
    assert np.max(np.abs(k["trace"] - 1)) < 1e-10


def test_krylov_route_matches_qutip_piqs_mesolve_at_N_7():
    # independent route: QuTiP PIQS Liouvillian + mesolve (odd N: j = 1/2 blocks); PIQS rates in
    # single precision (~1e-7 relative), mesolve at 1e-11
    N, G, u, gs = 7, 1.0, 0.9, 2.0
    Om = 0.5 * N * u
    system = piqs.Dicke(N, emission=gs, collective_emission=G)
    jx, jy, jz = piqs.jspin(N)
    system.hamiltonian = Om * jx
    rho0 = piqs.dicke(N, N / 2, -N / 2)
    t = np.linspace(0, 1.0, 6)
    out = qt.mesolve(
        system.liouvillian(),
        rho0,
        t,
        e_ops=[jz, jx, jy * jy],
        options={"atol": 1e-11, "rtol": 1e-11},
    )
    ground = np.zeros((N + 1, N + 1))
    ground[0, 0] = 1.0
    r = pi_dynamics(N, G, 0.0, u, gs, t, rho0=ground)
    assert "Krylov" in r.method
    assert np.max(np.abs(r["mean"][:, 2] - out.expect[0])) < 1e-7
    assert np.max(np.abs(r["mean"][:, 0] - out.expect[1])) < 1e-7
    # <J_y^2> ~ 6: the ~1e-7 relative error of PIQS's rates, relative to the value
    assert np.max(np.abs(r["second"][:, 1, 1] - out.expect[2])) < 1e-7 * np.max(out.expect[2])


def test_krylov_error_estimate_bounds_the_achieved_error_at_loose_tolerance():
    # requested 1e-6 per unit time; the achieved error of the moments (against the 2^-53 Taylor
    # route) must not exceed the summed a posteriori estimate by more than the moment weights
    # (|J_z| <= N/2, so a 2-norm error e of the state vector moves <J_z> by <= e N/2 sqrt(n))
    N = 16
    dd, rho0 = _tucker(N)
    b = dicke_basis(N)
    v = _initial_vector(b, rho0)
    h, q = 2 / 40, 40
    ref, _ = propagate_moments(dd.matrix, v, h, q, b.js, b.offsets, phys=dd.kernel)
    anorm = float(abs(dd.matrix).sum(axis=0).max())
    x0 = to_x(v, b.js, b.dims.astype(np.int64))
    got, info = krylov_moments(dd.kernel, x0, h, q, b.js, b.offsets, anorm, tol=1e-6)
    assert info["converged"]
    assert info["error_estimate"] <= 1.2 * 1e-6 * h * q * 2  # Expokit's delta = 1.2 per step
    err_trace = np.max(np.abs(got[:, 0] - ref[:, 0]))
    err_jz = np.max(np.abs(got[:, 1] - ref[:, 1]))
    bound = info["error_estimate"] * np.sqrt(b.size)
    assert err_trace <= bound
    assert err_jz <= bound * N / 2
    # and the loose tolerance is really looser: fewer products than at 1e-10
    _, tight = krylov_moments(dd.kernel, x0, h, q, b.js, b.offsets, anorm, tol=1e-10)
    assert info["products"] < tight["products"]
