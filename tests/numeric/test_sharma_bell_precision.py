"""The Bell correlator Q_N of sharma2025 in extended precision certifies its own digits.

Independent route (written here, shares no code with ``numeric.sharma``): the lossless
joint state is pure, ``|Psi(t)> = sum_m C_m e^{i theta_m} |m> |alpha_m>`` with
``alpha_m = beta_m (1 - e^{-i omega_m t})`` and ``theta_m = eta beta_m t - beta_m^2
sin(omega_m t) - U m^2 t`` (coherent-state ansatz of H_m = omega_m n - eta (a + a^dag) +
U m^2, derived in the docstring of ``_state``), so ``rho_A[m, m'] = C_m C_m'
e^{i(theta_m - theta_m')} <alpha_m'|alpha_m>``.  Q_N is then taken from its definition
``ln[2^N |Tr rho_A J_+^N|^2 / (N!)^2]`` with ``J_+ = J_z + i J_y`` (the N-fold product of
the tridiagonal J_+), not from the x-basis element the solver uses.  The formula of the
state is itself checked against the brute-force atom (x) Fock evolution at N = 6.
"""

from __future__ import annotations

import functools

import mpmath as mp
import numpy as np
import pytest

from numeric.sharma import bell_lossy, evolve_atom_cavity

PAR = dict(U=1.0, W0=1.0, Delta_c=1.0, eta=320.0)


def _state(N, U, W0, Delta_c, eta, t):
    """rho_A of the lossless pumped model in mpmath (current precision), as a list of lists.

    For one sector the field obeys alpha' = -i omega alpha + i eta (Schroedinger equation
    with the ansatz e^{i theta}|alpha>), whose phase obeys theta' = eta Re(alpha) - U m^2.
    """
    j = mp.mpf(N) / 2
    t, eta = mp.mpf(t), mp.mpf(eta)
    C, al, th = [], [], []
    for k in range(N + 1):
        m = k - j
        w = -mp.mpf(Delta_c) + 2 * mp.mpf(W0) * m * m
        b = eta / w
        C.append(mp.sqrt(mp.binomial(N, k)) / mp.mpf(2) ** j)
        al.append(b * (1 - mp.exp(mp.mpc(0, -1) * w * t)))
        th.append(eta * b * t - b * b * mp.sin(w * t) - mp.mpf(U) * m * m * t)
    return [
        [
            C[i]
            * C[k]
            * mp.expj(th[i] - th[k])
            * mp.exp(-(abs(al[i]) ** 2 + abs(al[k]) ** 2) / 2 + al[i] * mp.conj(al[k]))
            for k in range(N + 1)
        ]
        for i in range(N + 1)
    ]


@functools.lru_cache(maxsize=4)
def _jplus_power(N, dps):
    """Dense (J_z + i J_y)^N in the Dicke basis, by N products with the tridiagonal J_+."""
    with mp.workdps(dps):
        return _jplus_power_here(N)


def _jplus_power_here(N):
    j = mp.mpf(N) / 2
    m = [k - j for k in range(N + 1)]
    up = [mp.sqrt((j - m[k]) * (j + m[k] + 1)) / 2 for k in range(N)]  # <k+1|J^+|k>/2
    P = [[mp.mpf(1) if r == c else mp.mpf(0) for c in range(N + 1)] for r in range(N + 1)]
    for _ in range(N):  # P <- J_+ P, J_+ = J_z + (J^+ - J^-)/2
        P = [
            [
                m[r] * P[r][c]
                + (up[r - 1] * P[r - 1][c] if r else 0)
                - (up[r] * P[r + 1][c] if r < N else 0)
                for c in range(N + 1)
            ]
            for r in range(N + 1)
        ]
    return P


def _q_trace(N, times, dps):
    with mp.workdps(dps):
        P = _jplus_power(N, dps)
        out = []
        for t in times:
            R = _state(N, **PAR, t=t) if isinstance(t, float) else t
            tr = mp.fsum(R[i][k] * P[k][i] for i in range(N + 1) for k in range(N + 1))
            out.append(float(N * mp.log(2) + 2 * mp.log(abs(tr)) - 2 * mp.log(mp.factorial(N))))
        return out


def test_independent_state_formula_matches_bruteforce_atom_fock_evolution():
    """The test's own rho_A (eta = 3, N = 6) against the truncated-Fock evolution."""
    N, t = 6, [0.1, 0.4]
    bf = evolve_atom_cavity(N, 1.0, 1.0, 1.0, 3.0, t)
    assert bf.converged
    for ti, r in zip(t, bf["rho_atoms"], strict=True):
        with mp.workdps(30):
            R = np.array(_state(N, 1.0, 1.0, 1.0, 3.0, ti), dtype=complex)
        assert np.max(np.abs(R - r)) < 1e-6  # brute-force tolerance 1e-8 on rho entries


def test_bell_at_N50_matches_the_Jplus_trace_at_early_middle_and_late_times():
    """t = 0.002 (t << tau_Q = 0.0128, Q_N ~ -80), 0.006 (sign change), 0.03 (Q_N ~ N).

    The solver must agree with the independent route (60 digits; its own precision is
    checked at 120 digits by the slow test below) to 1e-6 nats (the certification
    tolerance) and report a converged precision with the digits used."""
    N = 50
    times = [0.002, 0.006, 0.03]
    ref60 = _q_trace(N, times, 60)
    got = bell_lossy(N, **PAR, t=times, kappa=0.0)
    assert got.converged
    assert np.all(got["resolved"] == 1.0) and np.all(got["digits"] >= 2 * 45)
    prec = got.convergence[0]
    assert prec.truncation == "working precision (digits)" and prec.error <= 1e-6
    np.testing.assert_allclose(got["bell"], ref60, rtol=0, atol=1e-6)


def test_a_too_low_fixed_precision_is_reported_not_converged():
    """dps = 5 with max_dps = 10 cannot resolve Q_N ~ -80 (element ~1e-35 of O(1) terms):
    the two levels disagree and the Result says so; left free, the precision is raised
    until two levels agree, and the digits used are reported."""
    N = 50
    fixed = bell_lossy(N, **PAR, t=[0.002], kappa=0.0, dps=5, max_dps=10)
    assert not fixed.converged and fixed["resolved"][0] == 0.0
    assert fixed.convergence[0].error > 1e-6
    free = bell_lossy(N, **PAR, t=[0.002], kappa=0.0, dps=5)
    assert free.converged and free["digits"][0] > 10
    assert free["bell"][0] == pytest.approx(_q_trace(N, [0.002], 60)[0], abs=1e-6)


def test_certification_rejects_a_precision_leak_of_double_rounding():
    """A state entry perturbed at the 1e-16 level (what a double-precision phase did) moves
    Q_N at t = 0.002 by tens of nats: the J_+ trace route is sensitive enough to catch the
    old bug, so the agreement above is not a trivially loose comparison."""
    N = 50
    with mp.workdps(60):
        R = _state(N, **PAR, t=0.002)
        R[N // 2][N // 2 + 2] *= 1 + mp.mpf(1e-16)
        R[N // 2 + 2][N // 2] = mp.conj(R[N // 2][N // 2 + 2])
    bad = _q_trace(N, [R], 60)[0]
    good = bell_lossy(N, **PAR, t=[0.002], kappa=0.0)["bell"][0]
    assert abs(bad - good) > 1.0


@pytest.mark.slow
def test_independent_route_agrees_with_itself_at_60_and_120_digits():
    """The reference of the tests above is converged in its own precision at t = 0.002."""
    a = _q_trace(50, [0.002, 0.03], 60)
    b = _q_trace(50, [0.002, 0.03], 120)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)
