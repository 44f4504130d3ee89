"""sharma2025 two-mode reduction (A10)-(A17): Schwinger identities and matrices in a truncated space."""

from __future__ import annotations

import numpy as np

from derive.sharma._twomode import two_mode_derivation


def _boson(nmax):
    return np.diag(np.sqrt(np.arange(1, nmax + 1)), 1)


def test_onsite_terms_are_N2_over_2_minus_N_plus_2Jz2_and_detuning_shift_is_W0_N_N_minus_2_over_2():
    d = two_mode_derivation()
    cmp = {c.label: c for c in d.comparisons()}
    assert cmp["b1^2+b2^2 = N^2/2 - N + 2Jz^2"].equal
    assert cmp["(A12)-(A17)"].equal
    # printed renormalisation misses +W0 N; the main text's -J J_x is half of (A14)'s
    assert not cmp["main text"].equal and str(cmp["main text"].difference) == "-N*W0"
    assert not cmp["main text H_eff: -J J_x"].equal
    assert cmp["(A16c)"].equal and cmp["(A16d) normalised"].equal and not cmp["(A16d)"].equal


def test_two_mode_hamiltonian_equals_schwinger_form_as_matrices_on_full_fock_space():
    # independent route: brute-force kron matrices of b1, b2 (each up to nb bosons) and a photon
    nb, nph = 6, 3
    b, a = _boson(nb), _boson(nph)
    i_b, i_a = np.eye(nb + 1), np.eye(nph + 1)
    b1 = np.kron(np.kron(b, i_b), i_a)
    b2 = np.kron(np.kron(i_b, b), i_a)
    aa = np.kron(np.kron(i_b, i_b), a)
    dag = lambda x: x.conj().T  # noqa: E731
    dc, eta, eps, J, U, W0 = 1.3, 0.7, 0.2, 0.4, 0.9, 0.6
    onsite = dag(b1) @ dag(b1) @ b1 @ b1 + dag(b2) @ dag(b2) @ b2 @ b2
    n_at = dag(b1) @ b1 + dag(b2) @ b2
    h = (
        -dc * dag(aa) @ aa
        - 1j * eta * (dag(aa) - aa)
        + eps * n_at
        - J * (dag(b1) @ b2 + dag(b2) @ b1)
        + U / 2 * onsite
        + W0 * dag(aa) @ aa @ onsite
    )
    jz = (dag(b1) @ b1 - dag(b2) @ b2) / 2
    jx = (dag(b1) @ b2 + dag(b2) @ b1) / 2
    # project on N atoms (the boson cutoff nb = 6 holds every N <= 6 exactly)
    for N in (2, 5, 6):
        P = np.diag(np.isclose(np.diag(n_at), N).astype(float))
        nphot = dag(aa) @ aa
        derived = (
            -(dc - W0 * (N**2 / 2 - N)) * nphot
            - 1j * eta * (dag(aa) - aa)
            - 2 * J * jx
            + U * jz @ jz
            + 2 * W0 * nphot @ jz @ jz
            + (eps * N + U * (N**2 / 4 - N / 2)) * np.eye(len(h))
        )
        printed = derived + (-W0 * N) * nphot  # Delta_c - W0 N^2/2 instead
        assert np.max(np.abs(P @ (h - derived) @ P)) < 1e-12
        assert np.max(np.abs(P @ (h - printed) @ P)) > 0.5 * W0 * N
