"""The permutation-invariant Dicke-basis solver against the 2^N master equation, QuTiP PIQS and textbook limits."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sps
from scipy.sparse.linalg import expm_multiply

from numeric import (
    LocalRates,
    ParameterError,
    coherent_spin_state,
    dicke_basis,
    driven_dicke,
    local_dissipator,
    pi_evolve,
    pi_expect,
    pi_liouvillian,
    pi_moments,
    pi_steady_state,
    spin_block,
)
from numeric._pi_kernels import apply_driven

TH, PH = 1.1, 0.4  # initial coherent spin state, off every axis
TIMES = np.linspace(0.0, 1.2, 5)

# ---- independent reference: the full 2^N Lindblad equation, operators from numpy kron ------------

_SM = np.array([[0.0, 1.0], [0.0, 0.0]])  # basis (g, e): sigma^- = |g><e|
_SZ = np.diag([-1.0, 1.0])  # Pauli sigma^z


def _site(op, i, N):
    out = np.eye(1)
    for k in range(N):
        out = np.kron(out, op if k == i else np.eye(2))
    return sps.csr_matrix(out)


def _atoms(N):
    sm = [_site(_SM, i, N) for i in range(N)]
    sz = [_site(_SZ, i, N) for i in range(N)]
    Jm = sum(sm)
    Jp = Jm.T.tocsr()
    return sm, sz, {"x": (Jp + Jm) / 2, "y": (Jp - Jm) / 2j, "z": sum(sz) / 2, "+": Jp, "-": Jm}


def _brute_moments(N, H, jumps, times):
    """<J_a> and <{J_a, J_b}>/2 from expm_multiply of the 4^N-dimensional Liouvillian."""
    d = 2**N
    one = sps.identity(d, format="csr")
    L = -1j * (sps.kron(H, one) - sps.kron(one, H.T))
    for A in jumps:
        AdA = A.conj().T @ A
        L = L + sps.kron(A, A.conj()) - 0.5 * sps.kron(AdA, one) - 0.5 * sps.kron(one, AdA.T)
    q = np.array([np.sin(TH / 2) * np.exp(1j * PH), np.cos(TH / 2)])  # (g, e) amplitudes
    psi = np.ones(1)
    for _ in range(N):
        psi = np.kron(psi, q)
    rho = np.outer(psi, psi.conj()).ravel()
    states = expm_multiply(
        L.tocsc(), rho, start=times[0], stop=times[-1], num=times.size, endpoint=True
    )
    J = _atoms(N)[2]
    ax = "xyz"
    mean = np.empty((times.size, 3))
    second = np.empty((times.size, 3, 3))
    for t, r in enumerate(states):
        R = r.reshape(d, d)

        def ex(op, R=R):
            return float(np.real(op.multiply(R.T).sum()))

        for a in range(3):
            mean[t, a] = ex(J[ax[a]])
            for b in range(3):
                second[t, a, b] = ex((J[ax[a]] @ J[ax[b]] + J[ax[b]] @ J[ax[a]]) / 2)
    return mean, second


def _model(N, kind, chi=0.4, Om=0.7):
    """(PI Liouvillian, 2^N Hamiltonian, 2^N jumps) of one local kind plus H = chi J+J- + Om J_x."""
    sm, sz, J = _atoms(N)
    g = {"emission": 0.6, "pumping": 0.45, "dephasing": 0.3, "collective": 0.8}[kind]
    H = chi * (J["+"] @ J["-"]) + Om * J["x"]
    if kind == "collective":
        return driven_dicke(N, chi=chi, Omega=Om, Gamma=g), H, [np.sqrt(g) * J["-"]]
    ops = {"emission": sm, "pumping": [s.T.tocsr() for s in sm], "dephasing": sz}[kind]
    return (
        driven_dicke(N, chi=chi, Omega=Om, local=LocalRates(**{kind: g})),
        H,
        [np.sqrt(g) * s for s in ops],
    )


@pytest.mark.parametrize(
    "kind,N",
    [
        ("emission", 3),
        ("emission", 6),
        ("pumping", 4),
        ("pumping", 5),
        ("dephasing", 3),
        ("dephasing", 6),
        ("collective", 5),
    ],
)
def test_each_local_kind_and_collective_decay_match_the_2_to_the_N_master_equation(kind, N):
    # independent route: Lindblad equation on the 2^N atom space (numpy kron operators, scipy expm_multiply)
    dd, H, jumps = _model(N, kind)
    mean, second = _brute_moments(N, H, jumps, TIMES)
    psi0 = coherent_spin_state(N, TH, PH)
    for L in (dd, dd.matrix):  # matrix-free compiled and CSR compiled paths
        r = pi_evolve(N, L, psi0, TIMES)
        assert np.max(np.abs(r["mean"] - mean)) < 1e-10
        assert np.max(np.abs(r["second"] - second)) < 1e-10  # includes <J^2>: the j-block weights
        assert r.converged


def test_all_local_kinds_with_a_general_collective_hamiltonian_match_the_2_to_the_N_equation():
    # independent route: 2^N Lindblad; H = J_z^2 + 0.3 J_y and jump J_z are outside the driven-Dicke kernel
    N = 4
    sm, sz, J = _atoms(N)
    rates = LocalRates(emission=0.5, pumping=0.2, dephasing=0.35)
    H = J["z"] @ J["z"] + 0.3 * J["y"]
    jumps = (
        [np.sqrt(rates.emission) * s for s in sm]
        + [np.sqrt(rates.pumping) * s.T.tocsr() for s in sm]
        + [np.sqrt(rates.dephasing) * s for s in sz]
        + [np.sqrt(0.25) * J["z"]]
    )
    mean, second = _brute_moments(N, H, jumps, TIMES)

    def ham(j):
        s = spin_block(j)
        return sps.diags(s.jz**2) + 0.3 * s.jy

    L = pi_liouvillian(N, ham, [lambda j: 0.5 * sps.diags(spin_block(j).jz)], rates)
    r = pi_evolve(N, L, coherent_spin_state(N, TH, PH), TIMES[[0, 1, 4]])  # non-uniform: scipy path
    assert np.max(np.abs(r["mean"] - mean[[0, 1, 4]])) < 1e-10
    assert np.max(np.abs(r["second"] - second[[0, 1, 4]])) < 1e-10


def test_a_rate_wrong_by_a_factor_two_in_one_channel_is_caught_by_the_brute_force_comparison():
    # the j+1 -> j channel of local emission doubled: the 2^N equation must tell
    N = 4
    dd, H, jumps = _model(N, "emission")
    mean, _ = _brute_moments(N, H, jumps, TIMES)
    basis = dicke_basis(N)
    block = np.searchsorted(basis.offsets, np.arange(basis.size), side="right") - 1
    L = dd.matrix.tocoo()
    doubled = block[L.col] == block[L.row] - 1
    wrong = sps.csr_matrix((np.where(doubled, 2.0, 1.0) * L.data, (L.row, L.col)), shape=L.shape)
    good = pi_evolve(N, dd.matrix, coherent_spin_state(N, TH, PH), TIMES)
    bad = pi_evolve(N, wrong, coherent_spin_state(N, TH, PH), TIMES)
    assert np.max(np.abs(good["mean"] - mean)) < 1e-10
    assert np.max(np.abs(bad["mean"] - mean)) > 1e-3


def _to_ours(basis, nds: int) -> sps.csr_matrix:
    """0/1 matrix from PIQS's column-stacked vec (blocks j = N/2 first, m descending) to ours."""
    rows, cols, pos = [], [], 0
    for b, d in enumerate(basis.dims):
        a = np.arange(d)
        A, C = np.meshgrid(a, a, indexing="ij")
        rows.append((basis.offsets[b] + A * d + C).ravel())
        cols.append(((pos + d - 1 - A) + (pos + d - 1 - C) * nds).ravel())
        pos += d
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sps.csr_matrix((np.ones(r.size), (r, c)), shape=(basis.size, nds * nds))


@pytest.mark.parametrize("kind", ["emission", "pumping", "dephasing"])
def test_local_dissipator_equals_qutip_piqs_to_its_single_precision_at_N_10(kind):
    # independent route: QuTiP PIQS Dicke(N, ...).liouvillian() (C float rates: relative ~1e-7 per entry);
    # PIQS's dephasing rate multiplies D[sigma^z / 2], i.e. 4 times ours
    pytest.importorskip("qutip")
    from qutip import piqs

    N, g = 10, 0.7
    basis = dicke_basis(N)
    theirs_rate = {"emission": g, "pumping": g, "dephasing": 4 * g}[kind]
    full = piqs.Dicke(N, **{kind: theirs_rate}).liouvillian().data.as_scipy()
    P = _to_ours(basis, piqs.num_dicke_states(N))
    theirs = (P @ full @ P.T).toarray()
    ours = local_dissipator(N, LocalRates(**{kind: g})).toarray()
    assert np.max(np.abs(ours - theirs)) < 1e-6 * np.max(np.abs(ours))
    assert np.count_nonzero(np.abs(theirs) > 1e-9) == np.count_nonzero(np.abs(ours) > 1e-9)


def test_local_pumping_and_decay_relax_to_the_single_atom_bloch_population():
    # textbook: independent atoms, p_e = gamma_up / (gamma_up + gamma_down), a product state:
    # <J_z> = N (p_e - 1/2), Var J_z = N p_e (1 - p_e), no coherence
    N, up, down = 7, 0.3, 1.1
    pe = up / (up + down)
    r = pi_steady_state(N, pi_liouvillian(N, local=LocalRates(emission=down, pumping=up)))
    assert r.converged
    assert abs(r["mean"][2] - N * (pe - 0.5)) < 1e-10
    assert abs(r["second"][2, 2] - r["mean"][2] ** 2 - N * pe * (1 - pe)) < 1e-10
    assert np.max(np.abs(r["mean"][:2])) < 1e-12
    assert abs(r["trace"] - 1) < 1e-12


def test_local_dephasing_conserves_the_excitation_distribution_and_decays_coherence_at_2_gamma():
    # textbook: sigma^z dephasing keeps every atom's population; <J_x> of a CSS along x decays as e^{-2 gamma t}
    N, g = 6, 0.4
    basis = dicke_basis(N)
    L = pi_liouvillian(N, local=LocalRates(dephasing=g))
    r = pi_evolve(N, L, coherent_spin_state(N, 0.9, 0.0), TIMES, store_states=True)
    states = r.extra["states"]

    def excitations(v):  # P(m) = sum_j R_j(m, m), indexed by m + N/2
        p = np.zeros(N + 1)
        for b, j in enumerate(basis.js):
            p[int(round(N / 2 - j)) : int(round(N / 2 + j)) + 1] += np.real(
                np.diag(basis.block(v, b))
            )
        return p

    p0 = excitations(states[0])
    for v in states[1:]:
        assert np.max(np.abs(excitations(v) - p0)) < 1e-12
    assert np.max(np.abs(r["mean"][:, 2] - r["mean"][0, 2])) < 1e-12
    assert np.max(np.abs(r["second"][:, 2, 2] - r["second"][0, 2, 2])) < 1e-12
    np.testing.assert_allclose(
        r["mean"][:, 0], r["mean"][0, 0] * np.exp(-2 * g * TIMES), rtol=1e-10
    )


def test_matrix_free_kernel_applies_the_same_operator_as_the_sparse_liouvillian():
    # consistency of the two representations, every term switched on (odd N has j = 1/2 blocks)
    N = 9
    dd = driven_dicke(
        N,
        chi=0.3,
        Omega=1.1,
        delta=-0.4,
        Gamma=0.7,
        local=LocalRates(emission=0.5, pumping=0.25, dephasing=0.15),
    )
    basis = dd.basis
    rng = np.random.default_rng(1)
    v = np.zeros(basis.size, complex)
    for b, d in enumerate(basis.dims):
        X = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        v[basis.offsets[b] : basis.offsets[b + 1]] = (X + X.conj().T).ravel()
    out = np.empty_like(v)
    apply_driven(dd.kernel, basis.js, basis.offsets, 0.0, v, out)
    assert np.max(np.abs(out - dd.matrix @ v)) < 1e-12 * np.max(np.abs(dd.matrix @ v))


def test_symmetric_state_round_trip_and_moments_equal_traces_with_collective_operators():
    N = 5
    basis = dicke_basis(N)
    psi = coherent_spin_state(N, 0.7, 2.0)
    v = basis.embed_symmetric(psi)
    np.testing.assert_allclose(basis.symmetric_part(v), np.outer(psi, psi.conj()), atol=0)
    tr, mom = pi_moments(N, v)
    j = N / 2  # CSS: <J> = j n
    n = np.array([np.sin(0.7) * np.cos(2.0), np.sin(0.7) * np.sin(2.0), np.cos(0.7)])
    np.testing.assert_allclose(mom.mean, j * n, atol=1e-12)
    assert abs(tr - 1) < 1e-12
    jx2 = pi_expect(N, v, lambda jj: spin_block(jj).jx @ spin_block(jj).jx)
    assert abs(jx2 - mom.second[0, 0]) < 1e-12
    assert basis.size == sum((2 * jj + 1) ** 2 for jj in basis.js)
    assert (
        abs(np.sum(basis.degeneracy * (2 * basis.js + 1)) - 2**N) < 1e-9
    )  # sum_j d_j (2j+1) = 2^N


def test_bad_inputs_are_refused_with_the_parameter_named():
    with pytest.raises(ParameterError, match="emission"):
        LocalRates(emission=-1.0)
    with pytest.raises(ParameterError, match="hamiltonian"):
        pi_liouvillian(3, lambda j: np.eye(2))
    with pytest.raises(ParameterError, match="times"):
        pi_evolve(
            3, pi_liouvillian(3, local=LocalRates(emission=1.0)), coherent_spin_state(3), [0.2, 0.1]
        )
