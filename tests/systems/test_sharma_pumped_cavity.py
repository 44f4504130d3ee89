"""sharma2025 pumped cavity, Fig. 2a parameters: the exact QFI from an independent Fock-space route.

Independent route: with J = 0 the Hamiltonian is block diagonal in J_z = m; each block
H_m = omega_m a^dag a - i eta (a^dag - a) + U m^2 is diagonalised in a truncated Fock space
(numpy eigh; cutoff far above the photon number), the photon states are evolved from the
vacuum, and rho_A[m, m'] = C_m C_m' <phi_m'(t)|phi_m(t)>.  The QFI is then computed from
the eigen-decomposition formula written out here, not with the package's routine.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.special import gammaln

from verify.cli import main


def _rho_fock(N, U, W0, Dc, eta, t, n_max):
    m = np.arange(-N / 2, N / 2 + 1)
    c = np.exp(
        0.5 * (gammaln(N + 1) - gammaln(N / 2 + m + 1) - gammaln(N / 2 - m + 1)) - N / 2 * np.log(2)
    )
    a = np.diag(np.sqrt(np.arange(1, n_max)), 1)
    n = np.arange(n_max)
    phis = np.empty((len(m), n_max), complex)
    vac = np.zeros(n_max)
    vac[0] = 1
    for i, mi in enumerate(m):
        h = np.diag((-Dc + 2 * W0 * mi**2) * n + U * mi**2).astype(complex) - 1j * eta * (a.T - a)
        w, v = np.linalg.eigh(h)
        phis[i] = v @ (np.exp(-1j * w * t) * (v.conj().T @ vac))
    tail = float(np.max(np.abs(phis[:, -5:]) ** 2))
    return c[:, None] * c[None, :] * (phis.conj() @ phis.T).T, tail


def _qfi_eig(rho, N):
    m = np.arange(-N / 2, N / 2)
    jp = np.diag(np.sqrt((N / 2 - m) * (N / 2 + m + 1)), -1)  # <m+1|J_+|m>
    jy = (jp - jp.T) / 2j
    lam, v = np.linalg.eigh(rho)
    g = np.abs(v.conj().T @ jy @ v) ** 2
    s = lam[:, None] + lam[None, :]
    d = (lam[:, None] - lam[None, :]) ** 2
    mask = s > 1e-13
    return 2 * np.sum(d[mask] / s[mask] * g[mask])


def test_eval_sharma_qfi_agrees_with_fock_space_evolution_to_1e8(capsys):
    times = (0.005, 0.01, 0.02)
    argv = [
        "eval",
        "sharma.qfi",
        "N=100",
        "U=1",
        "W0=1",
        "Delta_c=1",
        "eta=320",
        "t=" + ",".join(map(str, times)),
        "--json",
    ]
    assert main(argv) == 0
    got = json.loads(capsys.readouterr().out)["value"]
    for t, value in zip(times, got, strict=True):
        rho, tail = _rho_fock(100, 1.0, 1.0, 1.0, 320.0, t, n_max=150)
        assert tail < 1e-20  # the Fock cutoff is converged for this independent route
        assert np.trace(rho).real == pytest.approx(1.0, abs=1e-12)
        assert value == pytest.approx(_qfi_eig(rho, 100), rel=1e-8)


def test_qfi_starts_at_shot_noise_for_the_coherent_spin_state(capsys):
    assert (
        main(["eval", "sharma.qfi", "N=40", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0", "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["value"][0] == pytest.approx(40.0, rel=1e-10)


def test_eq8_closed_form_tracks_the_exact_qfi_at_fig2a(capsys):
    # Eq. (8) against the exact QFI at the paper's own Fig. 2a point, as a fraction of N^2
    t = np.linspace(0.005, 0.025, 4)
    ts = ",".join(f"{x:.6f}" for x in t)
    base = ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=" + ts, "--json"]
    assert main(["eval", "sharma.eq8", *base]) == 0
    closed = np.array(json.loads(capsys.readouterr().out)["value"])
    exact = np.array([_qfi_eig(_rho_fock(100, 1.0, 1.0, 1.0, 320.0, x, 150)[0], 100) for x in t])
    assert np.max(np.abs(closed - exact)) / 100**2 < 0.05
