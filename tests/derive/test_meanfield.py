"""meanfield(model, ops, order): closed moment equations of spins + bosons, compiled once."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from derive import Boson, Jump, Model, Parameter, SpinEnsemble
from derive._meanfield import meanfield

Delta = Parameter.real("Delta", "cavity detuning")
eta = Parameter.real("eta", "cavity drive")
kappa = Parameter.rate("kappa", "cavity loss", positive=True)
Omega = Parameter.real("Omega", "Rabi frequency")
g = Parameter.rate("g", "atom-cavity coupling", positive=True)
N = Parameter.size("N", "atom number")
d, e, k, W, gs, n = (p.symbol for p in (Delta, eta, kappa, Omega, g, N))
CAV = Boson("a")
S = SpinEnsemble("S", n)


def cavity_model():
    return Model(
        "driven cavity",
        (Delta, eta, kappa),
        (CAV,),
        hamiltonian=d * CAV.n + e * (CAV.a + CAV.ad),
        jumps=(Jump(CAV.a, k, "loss"),),
    )


def tavis_cummings():
    return Model(
        "tavis-cummings",
        (Delta, g, kappa, N),
        (S, CAV),
        hamiltonian=d * CAV.n + gs * (CAV.ad * S.Sm + CAV.a * S.Sp),
        jumps=(Jump(CAV.a, k, "loss"),),
    )


def integrate(f, y0, ts):
    sol = solve_ivp(f, (ts[0], ts[-1]), y0, t_eval=ts, rtol=1e-10, atol=1e-12)
    assert sol.success
    return sol.y


# ----------------------------------------------------------------- driven damped cavity
def analytic_field(t, a0, dv, ev, kv):
    """Solution of d<a>/dt = -(i Delta + kappa/2) <a> - i eta (written by hand)."""
    lam = 1j * dv + kv / 2
    ass = -1j * ev / lam
    return ass + (a0 - ass) * np.exp(-lam * t)


def test_driven_damped_cavity_field_follows_the_analytic_solution():
    mf = meanfield(cavity_model(), [CAV.a])
    assert mf.order == 1 and len(mf.variables) == 1
    ts = np.linspace(0, 8, 41)
    vals = dict(Delta=0.7, eta=0.9, kappa=0.5)
    y = integrate(mf.function(**vals), np.array([0.3 + 0.1j]), ts)[0]
    exact = analytic_field(ts, 0.3 + 0.1j, 0.7, 0.9, 0.5)
    np.testing.assert_allclose(y, exact, atol=1e-8)
    wrong = analytic_field(ts, 0.3 + 0.1j, -0.7, 0.9, 0.5)  # sign of Delta flipped
    assert not np.allclose(y, wrong, atol=1e-3)


def test_order_two_photon_number_of_a_coherent_drive_is_the_modulus_squared():
    mf = meanfield(cavity_model(), [CAV.a, CAV.n], order=2)
    assert [str(v) for v in mf.variables] == ["<a>", "<Dagger(a)*a>"]
    ts = np.linspace(0, 6, 31)
    vals = dict(Delta=-0.4, eta=0.6, kappa=1.2)
    y0 = mf.initial({CAV.a: 0.5j})  # coherent: <a^dag a> = |<a>|^2
    assert y0[1] == pytest.approx(0.25)
    y = integrate(mf.function(numba=False, **vals), y0, ts)
    field = analytic_field(ts, 0.5j, -0.4, 0.6, 1.2)
    np.testing.assert_allclose(y[1].real, np.abs(field) ** 2, atol=1e-8)
    assert mf.check(y, **vals) == ()


# ----------------------------------------------------------------- single collective spin
def spin_matrices(j):
    m = np.arange(j, -j - 1, -1)
    up = np.zeros((len(m), len(m)))
    for i in range(1, len(m)):
        up[i - 1, i] = np.sqrt(j * (j + 1) - m[i] * (m[i] + 1))
    return up, up.T.copy(), np.diag(m)


def test_spin_under_omega_sx_rotates_as_the_exact_spin_matrices():
    m = Model("rabi", (Omega, N), (S,), hamiltonian=W * S.Sx)
    mf = meanfield(m, [S.Sm, S.Sz])
    ts = np.linspace(0, 5, 26)
    nv, wv = 6, 1.3
    y0 = mf.initial({S.Sm: 0.0, S.Sz: nv / 2})
    y = integrate(mf.function(Omega=wv, N=nv), y0, ts)
    np.testing.assert_allclose(y[1].real, nv / 2 * np.cos(wv * ts), atol=1e-8)
    # independent: exp(-i H t) on the spin-3 top state, matrices built here
    sp_, sm, sz = spin_matrices(nv / 2)
    h = wv * (sp_ + sm) / 2
    psi0 = np.zeros(nv + 1)
    psi0[0] = 1
    for t, ym, yz in zip(ts[::5], y[0][::5], y[1][::5], strict=True):
        psi = expm(-1j * h * t) @ psi0
        assert np.vdot(psi, sz @ psi).real == pytest.approx(yz.real, abs=1e-8)
        assert np.vdot(psi, sm @ psi) == pytest.approx(ym, abs=1e-8)
    assert not np.allclose(y[1].real, nv / 2 * np.cos(2 * wv * ts), atol=1e-3)  # factor 2 seen


def test_check_warns_naming_the_moment_and_the_inequality():
    m = Model("rabi", (Omega, N), (S,), hamiltonian=W * S.Sx)
    mf = meanfield(m, [S.Sm, S.Sz])
    good = np.array([[0.5, 0.0], [1.0, 0.0]], complex)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mf.check(good, Omega=1.0, N=4) == ()
    bad = np.array([[0.0, 0.0], [1.0, 2.5]], complex)  # <S^z> = 2.5 > N/2 = 2
    with pytest.warns(RuntimeWarning) as rec:
        got = mf.check(bad, Omega=1.0, N=4)
    assert "|<S_S^z>| <= N/2" in got
    assert any("|<S_S^z>| <= N/2 violated" in str(w.message) for w in rec)
    assert any("<= (N/2)^2 violated" in str(w.message) for w in rec)  # Bloch ball as well


# ----------------------------------------------------------------- Tavis-Cummings
def test_order_one_tavis_cummings_equations_are_the_maxwell_bloch_equations():
    mf = meanfield(tavis_cummings(), [CAV.a, S.Sm, S.Sz])
    a, s, z = mf.variables
    assert z.is_real and not a.is_real
    hand = {  # Maxwell-Bloch equations written by hand
        CAV.a: -(sp.I * d + k / 2) * a - sp.I * gs * s,
        S.Sm: 2 * sp.I * gs * a * z,
        S.Sz: sp.I * gs * (sp.conjugate(a) * s - a * sp.conjugate(s)),
    }
    for op, rhs in hand.items():
        assert sp.expand(mf.equation(op) - rhs) == 0
    assert sp.expand(mf.equation(S.Sm) - gs * a * z) != 0  # missing 2i is detected
    assert len(mf.variables) == 3  # closed: no completion needed


def test_order_two_tavis_cummings_completes_the_second_moments():
    mf = meanfield(tavis_cummings(), [CAV.a, S.Sm, S.Sz], order=2)
    names = {str(v) for v in mf.variables}
    assert {"<Dagger(a)*a>", "<S_S^-*Dagger(a)>", "<S_S^+*S_S^->"} <= names
    assert all(len(str(r)) for r in mf.rhs)
    assert "closure at order 2" in mf.derivation.steps[1].licence


def _exact_tavis_cummings(nv, gv, kv, theta, ts, nf):
    """Lindblad evolution in the symmetric (N+1) x Fock(nf) space, built here with numpy."""
    sp_, sm, sz = spin_matrices(nv / 2)
    a1 = np.diag(np.sqrt(np.arange(1, nf)), 1)
    ia, i_s = np.eye(nf), np.eye(nv + 1)
    a = np.kron(i_s, a1)
    Sm, Sz = np.kron(sm, ia), np.kron(sz, ia)
    h = gv * (a.conj().T @ Sm + a @ Sm.conj().T)
    sy = (sp_ - sm) / 2j
    css = expm(-1j * theta * sy)[:, 0]
    vac = np.zeros(nf)
    vac[0] = 1
    psi = np.kron(css, vac)
    rho0 = np.outer(psi, psi.conj())
    ad_a = a.conj().T @ a
    dim = len(psi)

    def f(t, r):
        rho = r.reshape(dim, dim)
        out = -1j * (h @ rho - rho @ h) + kv * (
            a @ rho @ a.conj().T - 0.5 * (ad_a @ rho + rho @ ad_a)
        )
        return out.ravel()

    sol = solve_ivp(
        f, (ts[0], ts[-1]), rho0.ravel().astype(complex), t_eval=ts, rtol=1e-8, atol=1e-10
    )
    return np.array([np.trace(Sz @ r.reshape(dim, dim)).real for r in sol.y.T])


def test_tavis_cummings_mean_field_approaches_the_exact_answer_as_n_grows():
    """At fixed collective coupling g sqrt(N), the mean-field error of <S^z>/N falls with N."""
    mf = meanfield(tavis_cummings(), [CAV.a, S.Sm, S.Sz])
    g0, kv, theta = 1.0, 1.5, 2.0
    ts = np.linspace(0, 4, 41)
    errs = []
    for nv, nf in [(1, 4), (2, 5), (4, 7), (8, 10)]:
        gv = g0 / np.sqrt(nv)
        y0 = mf.initial({CAV.a: 0.0, S.Sm: nv * np.sin(theta) / 2, S.Sz: nv * np.cos(theta) / 2})
        y = integrate(mf.function(numba=False, Delta=0.0, g=gv, kappa=kv, N=nv), y0, ts)
        exact = _exact_tavis_cummings(nv, gv, kv, theta, ts, nf)
        assert exact[0] == pytest.approx(nv * np.cos(theta) / 2)
        errs.append(np.max(np.abs(y[2].real - exact)) / nv)
    assert all(b < a for a, b in zip(errs, errs[1:], strict=False)), errs
    assert errs[-1] < errs[0] / 3, errs


def test_compiled_right_hand_side_is_numba_and_matches_the_numpy_source():
    mf = meanfield(tavis_cummings(), [CAV.a, S.Sm, S.Sz])
    y = np.array([0.1 + 0.2j, 0.3 - 0.1j, -0.4])
    p = np.array([0.3, 0.5, 0.7, 4.0])  # Delta, N, g, kappa (sorted by name)
    assert [s.name for s in mf.parameters] == ["Delta", "N", "g", "kappa"]
    fast, slow = mf.compiled(numba=True), mf.compiled(numba=False)
    np.testing.assert_allclose(fast(0.0, y, p), slow(0.0, y, p))
    assert "njit" in type(fast).__name__.lower() or hasattr(fast, "py_func")
    expected_da = -(1j * 0.3 + 4.0 / 2) * y[0] - 1j * 0.7 * y[1]
    assert slow(0.0, y, p)[0] == pytest.approx(expected_da)
