"""The real frame of the permutation-invariant Liouvillian (anti-unitary symmetry) and its detection.

The independent routes: the complex Dicke-basis Liouvillian (CSR, tested against the 2^N master
equation in test_pi_dicke.py), scipy's expm_multiply on it, and the explicit phase map
``r_{ac} = i^(c - a) rho_{ac}``. The real route must equal the complex one to round-off: both are
the same exact propagator truncated at 2^-53 per step, so 1e-12 relative after ~1e3 steps.
"""

import numpy as np
import pytest
import scipy.sparse.linalg as spla

from numeric._pi_dicke import LocalRates, dicke_basis, driven_dicke, pi_evolve, pi_liouvillian
from numeric._pi_kernels import block_moments
from numeric._pi_propagate import pi_operation_count, pi_stencil_nonzeros, propagate_moments
from numeric._pi_symmetry import apply_driven_x, block_moments_x, from_x, real_frame, to_x
from numeric._spin import spin_block
from numeric.tucker._spin import css_minus_x

ALL_LOCAL = LocalRates(emission=0.7, pumping=0.3, dephasing=0.2)


def _hermitian_vector(N, seed=1):
    b = dicke_basis(N)
    rng = np.random.default_rng(seed)
    v = rng.normal(size=b.size) + 1j * rng.normal(size=b.size)
    for k in range(len(b.dims)):
        B = b.block(v, k)
        B[:] = B + B.T.conj()
    return b, v


def _css(N):
    psi = css_minus_x(N / 2)
    return np.outer(psi, psi.conj())


@pytest.mark.parametrize("local", [LocalRates(emission=1.0), ALL_LOCAL])
@pytest.mark.parametrize("N", [5, 8])
def test_real_kernel_is_the_liouvillian_seen_through_the_phase_map(N, local):
    # L' X = to_x(L rho): the kernel against the complex CSR and the explicit phase map
    dd = driven_dicke(N, Omega=0.45 * N, Gamma=1.0, local=local)
    b, v = _hermitian_vector(N)
    x = to_x(v, b.js, b.dims)
    out = np.empty_like(x)
    apply_driven_x(dd.kernel, b.js, b.offsets, 0.0, x, out)
    ref = to_x(dd.matrix @ v, b.js, b.dims)
    assert np.max(np.abs(out - ref)) < 1e-13 * np.max(np.abs(ref))
    Lr = real_frame(dd.matrix, b.js, b.dims)
    assert Lr is not None and np.max(np.abs(Lr @ x - ref)) < 1e-13 * np.max(np.abs(ref))


def test_frame_round_trip_and_moments_equal_the_complex_ones():
    b, v = _hermitian_vector(9)
    x = to_x(v, b.js, b.dims)
    assert np.max(np.abs(from_x(x, b.js, b.dims, b.offsets) - v)) < 1e-15 * np.max(np.abs(v))
    m1, m2 = np.zeros(7, complex), np.zeros(7, complex)
    block_moments(v, b.js, b.offsets, m1)
    block_moments_x(x, b.js, b.offsets, m2)
    assert np.max(np.abs(m1 - m2)) < 1e-13 * np.max(np.abs(m1))


@pytest.mark.parametrize("local", [LocalRates(emission=1.0), ALL_LOCAL])
def test_real_route_equals_the_complex_route_over_a_tucker_trajectory(local):
    N = 12
    dd = driven_dicke(N, Omega=0.45 * N, Gamma=1.0, local=local)
    b = dd.basis
    v = b.embed_symmetric(_css(N))
    args = (dd.matrix, v, 0.02, 100, b.js, b.offsets)
    mr, nr = propagate_moments(*args, phys=dd.kernel, real=True)
    mc, nc = propagate_moments(*args, phys=dd.kernel, real=False)
    mcsr, _ = propagate_moments(*args, real=True)  # real CSR frame, detected from the matrix
    scale = np.max(np.abs(mc))
    assert nr > 100 and nc > 100
    assert np.max(np.abs(mr - mc)) < 1e-12 * scale
    assert np.max(np.abs(mcsr - mc)) < 1e-12 * scale


def test_a_diagonal_hamiltonian_term_breaks_the_symmetry_and_is_refused():
    # chi J+J- (and delta J_z, J_y) give -i(E_a - E_c): U^dag L U is not real
    N = 6
    b = dicke_basis(N)
    for kw in ({"chi": 0.3}, {"delta": 0.5}):
        dd = driven_dicke(N, Omega=2.0, Gamma=1.0, local=ALL_LOCAL, **kw)
        assert real_frame(dd.matrix, b.js, b.dims) is None
    Ly = pi_liouvillian(N, lambda j: 2.0 * spin_block(j).jy, local=ALL_LOCAL)
    assert real_frame(Ly, b.js, b.dims) is None
    Lx = pi_liouvillian(N, lambda j: 2.0 * spin_block(j).jx, local=ALL_LOCAL)
    assert real_frame(Lx, b.js, b.dims) is not None


def test_with_chi_the_complex_route_is_taken_and_agrees_with_scipy():
    N = 6
    dd = driven_dicke(N, chi=0.4, Omega=2.7, Gamma=1.0, local=LocalRates(emission=1.0))
    times = np.linspace(0, 1, 11)
    r = pi_evolve(N, dd, _css(N), times)
    assert "complex" in r.method
    v = dd.basis.embed_symmetric(_css(N))
    vt = spla.expm_multiply(dd.matrix.tocsc(), v, start=0, stop=1, num=11, endpoint=True)
    tr = vt @ dd.basis.trace_vector()
    jz = np.zeros(11)  # sum_j tr(R_j J_z) over all blocks
    for b, j in enumerate(dd.basis.js):
        d = int(dd.basis.dims[b])
        jz += np.array([np.diag(dd.basis.block(w, b)).real @ (np.arange(d) - j) for w in vt])
    assert np.max(np.abs(r["mean"][:, 2] - jz / tr.real)) < 1e-12 * N


def test_the_real_kernel_fed_a_broken_symmetry_gives_a_wrong_answer():
    # why the detection matters: the real kernel ignores chi; with chi != 0 it differs at O(chi)
    N = 8
    dd = driven_dicke(N, chi=0.3, Omega=3.6, Gamma=1.0, local=LocalRates(emission=1.0))
    b = dd.basis
    v = b.embed_symmetric(_css(N))
    args = (dd.matrix, v, 0.05, 20, b.js, b.offsets)
    mc, _ = propagate_moments(*args, phys=dd.kernel)
    forced = dd.kernel.copy()
    forced[2] = 0.0  # pretend chi = 0 to get the real route: the dynamics is then another one
    mf, _ = propagate_moments(*args, phys=forced)
    assert np.max(np.abs(mf - mc)) > 1e-3 * np.max(np.abs(mc))


def test_stored_states_through_the_real_frame_equal_scipy_on_the_complex_liouvillian():
    N = 6
    dd = driven_dicke(N, Omega=2.7, Gamma=1.0, local=ALL_LOCAL)
    times = np.array([0.0, 0.1, 0.25, 0.6])  # non-uniform: the scipy path
    r = pi_evolve(N, dd.matrix, _css(N), times, store_states=True)
    assert "real frame" in r.method
    v = dd.basis.embed_symmetric(_css(N))
    for k, t in enumerate(times):
        ref = spla.expm_multiply(dd.matrix.tocsc() * t, v) if t > 0 else v
        assert np.max(np.abs(r.extra["states"][k] - ref)) < 1e-13


@pytest.mark.parametrize("N", [2, 7, 20])
def test_operation_count_counts_the_liouvillian_nonzeros(N):
    # the kernel stencil = the CSR nonzeros, plus structural terms whose coefficient vanishes
    # exactly at a block edge (at most one per block)
    for local, kinds in (
        (LocalRates(emission=1.0), (True, False, False)),
        (ALL_LOCAL, (True,) * 3),
    ):
        nnz = driven_dicke(N, Omega=1.0, Gamma=1.0, local=local).matrix.nnz
        s = pi_stencil_nonzeros(N, kinds)
        assert nnz <= s <= nnz + len(dicke_basis(N).js)
    c = pi_operation_count(N, 1000)
    assert c.unknowns == dicke_basis(N).size
    assert c.ops == 1000 * (2 * c.nonzeros + 6 * c.unknowns)
    assert c.floor_seconds == pytest.approx(c.ops / 1e8)
