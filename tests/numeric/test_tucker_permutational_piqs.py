"""The permutation-invariant Liouvillian and propagator against QuTiP PIQS, entry by entry.

PIQS computes its dissipator rates in C ``float`` (single precision, qutip/piqs/_piqs.pyx:
``cdef float j, m, m1, ...``), so its Liouvillian carries relative errors up to ~1e-7 per
rate; its Hamiltonian part (qutip spre/spost) is double.  The tests therefore compare
(i) the Hamiltonian part to 1e-12, (ii) the dissipator to PIQS's single precision,
(iii) the propagation and moments at 1e-9 by feeding PIQS's own Liouvillian to our propagator
and QuTiP's mesolve, and (iv) the whole solver at 1e-9 against the double-precision 2^N master
equation (QuTiP mesolve on N spins).
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip as qt
import scipy.sparse as sps
from qutip import piqs

from numeric.tucker import css_minus_x, pi_dynamics, pi_liouvillian
from numeric.tucker._permutational import DickeSpace, _spin_moments
from numeric.tucker._pi_propagate import propagate_moments

F32 = float(np.finfo(np.float32).eps)


def _to_ours(space: DickeSpace, nds: int) -> sps.csr_matrix:
    """0/1 matrix from PIQS's column-stacked vec (blocks j = N/2 first, m descending) to ours."""
    rows, cols, pos = [], [], 0
    for b, d in enumerate(space.dims):
        a = np.arange(d)
        A, C = np.meshgrid(a, a, indexing="ij")
        rows.append((space.offsets[b] + A * d + C).ravel())
        cols.append(((pos + d - 1 - A) + (pos + d - 1 - C) * nds).ravel())
        pos += d
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sps.csr_matrix((np.ones(r.size), (r, c)), shape=(space.size, nds * nds))


def _piqs_liouvillian(N, G, chi, Om, gs):
    jp = piqs.jspin(N, "+")
    H = chi * jp * jp.dag() + Om * piqs.jspin(N, "x")
    return piqs.Dicke(N, hamiltonian=H, emission=gs, collective_emission=G).liouvillian()


def test_dicke_liouvillian_equals_piqs_hamiltonian_part_exactly_and_dissipator_to_single_precision():
    # independent route: QuTiP PIQS Dicke(...).liouvillian() in its own basis, mapped to ours
    N, G, chi, gs = 11, 1.0, 0.3, 0.7
    Om = 0.5 * N * 0.9 * np.hypot(G, 2 * chi)
    space, L = pi_liouvillian(N, G, chi, Om, gs)
    P = _to_ours(space, piqs.num_dicke_states(N))
    full = _piqs_liouvillian(N, G, chi, Om, gs).data.as_scipy()
    # the block-diagonal elements are an invariant subspace of PIQS's L: nothing feeds them from outside
    assert abs(P @ full - (P @ full @ P.T) @ P).sum() < 1e-12
    Lp = (P @ full @ P.T).tocsr()
    ham_ours = pi_liouvillian(N, 0.0, chi, Om, 0.0)[1]
    ham_piqs = (P @ _piqs_liouvillian(N, 0.0, chi, Om, 0.0).data.as_scipy() @ P.T).tocsr()
    assert abs(ham_ours - ham_piqs).max() < 1e-12 * abs(ham_ours).max()
    diss_ours, diss_piqs = (L - ham_ours).tocoo(), (Lp - ham_piqs).tocsr()
    theirs = np.asarray(diss_piqs[diss_ours.row, diss_ours.col]).ravel()
    rel = np.abs(theirs - diss_ours.data) / np.maximum(np.abs(diss_ours.data), 1e-300)
    assert rel.max() < 2 * F32  # single-precision rates on the PIQS side
    assert abs(diss_piqs).sum() - abs(theirs).sum() < 1e-9  # no PIQS entry we do not have


def test_propagator_and_degeneracy_weighted_moments_match_mesolve_on_the_piqs_liouvillian():
    # independent route: QuTiP mesolve of PIQS's Liouvillian and qutip.expect with piqs.jspin
    N, G, chi, gs = 10, 1.0, 0.0, 1.0
    Om = 0.5 * N * 0.9 * G
    Lq = _piqs_liouvillian(N, G, chi, Om, gs)
    nds = piqs.num_dicke_states(N)
    space = DickeSpace(N)
    P = _to_ours(space, nds)
    psi = qt.spin_coherent(N / 2, np.pi / 2, np.pi).full().ravel()  # along -x, m descending
    rho0 = np.zeros((nds, nds), complex)
    rho0[: N + 1, : N + 1] = np.outer(psi, psi.conj())
    jx, jy, jz = piqs.jspin(N)
    ops = [jx, jy, jz, jx * jx, jy * jy, jz * jz, 0.5 * (jx * jz + jz * jx)]
    t = np.linspace(0.0, 1.0, 21)
    out = qt.mesolve(
        Lq,
        qt.Qobj(rho0, dims=jx.dims),
        t,
        e_ops=ops,
        options={"atol": 1e-13, "rtol": 1e-12, "nsteps": 10**6},
    )
    e = np.real(np.array(out.expect))
    # our propagator on the same (PIQS) matrix, our initial state embedding, our moments
    v0 = space.embed_symmetric(np.outer(css_minus_x(N / 2), css_minus_x(N / 2).conj()))
    raw, _ = propagate_moments(
        (P @ Lq.data.as_scipy() @ P.T).tocsr(), v0, t[1], t.size - 1, space.js, space.offsets
    )
    _, mom = _spin_moments(raw)
    ours = np.stack(
        [
            mom.mean[:, 0],
            mom.mean[:, 1],
            mom.mean[:, 2],
            mom.second[:, 0, 0],
            mom.second[:, 1, 1],
            mom.second[:, 2, 2],
            mom.second[:, 0, 2],
        ]
    )
    assert np.max(np.abs(ours - e)) < 1e-9


def test_pi_dynamics_agrees_with_piqs_to_its_single_precision_and_with_2_to_the_N_to_1e9():
    # independent routes: (a) PIQS + mesolve (single-precision rates: ~2e-7 in xi^2 at N = 10),
    # (b) QuTiP mesolve of the full 2^N master equation, N = 5 (double precision)
    N, G, chi, gs, u = 10, 1.0, 0.0, 1.0, 0.9
    Om = 0.5 * N * u * G
    jx, jy, jz = piqs.jspin(N)
    psi = qt.spin_coherent(N / 2, np.pi / 2, np.pi).full().ravel()
    nds = piqs.num_dicke_states(N)
    rho0 = np.zeros((nds, nds), complex)
    rho0[: N + 1, : N + 1] = np.outer(psi, psi.conj())
    t = np.linspace(0.0, 2.0, 11)
    out = qt.mesolve(
        _piqs_liouvillian(N, G, chi, Om, gs),
        qt.Qobj(rho0, dims=jx.dims),
        t,
        e_ops=[jz, jx * jx],
        options={"atol": 1e-13, "rtol": 1e-12},
    )
    r = pi_dynamics(N, G, chi, u, gs, t)
    assert np.max(np.abs(r["mean"][:, 2] - out.expect[0])) < 1e-6 * N
    assert np.max(np.abs(r["second"][:, 0, 0] - out.expect[1])) < 1e-6 * N**2

    n = 5
    Om = 0.5 * n * u * G

    def site(op, i):
        o = [qt.qeye(2)] * n
        o[i] = op
        return qt.tensor(o)

    sm = [site(qt.sigmam(), i) for i in range(n)]
    Jm = sum(sm)
    Jx = (Jm + Jm.dag()) / 2
    Jz = sum(site(qt.sigmaz(), i) for i in range(n)) / 2
    one = (qt.basis(2, 0) - qt.basis(2, 1)).unit()  # qutip basis(2, 0) is up: along -x
    ex = qt.mesolve(
        Om * Jx,
        qt.tensor([one] * n),
        t,
        [np.sqrt(G) * Jm] + [np.sqrt(gs) * s for s in sm],
        e_ops=[Jz, Jx, Jx * Jx],
        options={"atol": 1e-13, "rtol": 1e-12},
    ).expect
    r = pi_dynamics(n, G, 0.0, u, gs, t)
    assert np.max(np.abs(r["mean"][:, 2] - ex[0])) < 1e-9
    assert np.max(np.abs(r["mean"][:, 0] - ex[1])) < 1e-9
    assert np.max(np.abs(r["second"][:, 0, 0] - ex[2])) < 1e-9


@pytest.mark.slow
def test_pi_dynamics_matches_the_2_to_the_N_master_equation_at_N_8_to_1e9():
    # independent route: QuTiP mesolve on the full 2^8-dimensional Hilbert space (double precision)
    n, G, gs, u = 8, 1.0, 1.0, 0.9
    Om = 0.5 * n * u * G

    def site(op, i):
        o = [qt.qeye(2)] * n
        o[i] = op
        return qt.tensor(o)

    sm = [site(qt.sigmam(), i) for i in range(n)]
    Jm = sum(sm)
    Jx, Jy = (Jm + Jm.dag()) / 2, (Jm.dag() - Jm) / 2j
    Jz = sum(site(qt.sigmaz(), i) for i in range(n)) / 2
    one = (qt.basis(2, 0) - qt.basis(2, 1)).unit()
    t = np.linspace(0.0, 2.0, 21)
    ex = qt.mesolve(
        Om * Jx,
        qt.tensor([one] * n),
        t,
        [np.sqrt(G) * Jm] + [np.sqrt(gs) * s for s in sm],
        e_ops=[Jz, Jx, Jx * Jx, Jy * Jy],
        options={"atol": 1e-13, "rtol": 1e-12},
    ).expect
    r = pi_dynamics(n, G, 0.0, u, gs, t)
    assert np.max(np.abs(r["mean"][:, 2] - ex[0])) < 1e-9
    assert np.max(np.abs(r["mean"][:, 0] - ex[1])) < 1e-9
    assert np.max(np.abs(r["second"][:, 0, 0] - ex[2])) < 1e-9
    assert np.max(np.abs(r["second"][:, 1, 1] - ex[3])) < 1e-9
