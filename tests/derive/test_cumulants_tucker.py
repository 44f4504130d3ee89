"""tucker2020 second-order cumulant equations (derive.cumulants) against the exact Dicke solver."""

from __future__ import annotations

import numpy as np
import scipy.sparse.linalg as spla

from derive.tucker import tucker_cumulant_system
from numeric.tucker import (
    css_minus_x,
    css_product_moments,
    integrate_moments,
    pi_dynamics,
    pi_liouvillian,
    pi_moments,
)


def _run(N, Gamma, chi, u, gs, t):
    cc = tucker_cumulant_system(2)
    Om = 0.5 * N * u * np.hypot(Gamma, 2 * chi) if Gamma or chi else 0.5 * N * u
    p = dict(N=float(N), Gamma=Gamma, chi=chi, Omega=Om, gamma_s=gs)
    return integrate_moments(
        cc.rhs_vector,
        cc.names,
        p,
        css_product_moments(cc.names, (-1, 0, 0)),
        t,
        cc.spin_moments,
        N,
        vector_arg="y",
    )


def test_closure_is_exact_for_independent_spins_driven_and_relaxing():
    # Gamma = chi = 0: the state stays a product state, third cumulants vanish exactly
    # (independent route: exact permutation-invariant solver with Omega = N u / 2)
    N, t = 10, np.linspace(0, 2.0, 9)
    r = _run(N, 0.0, 0.0, 1.3, 0.8, t)
    space, L = pi_liouvillian(N, 0.0, 0.0, 0.5 * N * 1.3, 0.8)
    psi = css_minus_x(N / 2)
    vs = spla.expm_multiply(
        L.tocsc(),
        space.embed_symmetric(np.outer(psi, psi.conj())),
        start=0,
        stop=2.0,
        num=9,
        endpoint=True,
    )
    jz = np.array([pi_moments(space, v)[1].mean[2] for v in vs]) / (N / 2)
    xx = np.array([pi_moments(space, v)[1].second[0, 0] for v in vs])
    assert np.max(np.abs(r["jz"] - jz)) < 1e-6
    assert np.max(np.abs(r["second"][:, 0, 0] - xx)) < 1e-5


def test_gaussian_closure_tracks_the_exact_minimum_squeezing_at_N_20():
    t = np.linspace(0, 2.0, 120)
    r = _run(20, 1.0, 0.0, 0.9, 1.0, t)
    e = pi_dynamics(20, 1.0, 0.0, 0.9, 1.0, t)
    assert abs(r["xi2"].min() / e["xi2"].min() - 1) < 0.1
    assert r.converged
