"""tucker2020 long-time state for gamma_s -> 0+: the birth-death chain in the total spin j.

Independent routes: the exact permutation-invariant steady state (numeric.tucker.pi_steady_state,
full Liouvillian, sparse LU) at small gamma_s, whose difference from the chain must vanish
linearly in gamma_s; the trace flows of the permutation-invariant local dissipator applied to the
block steady states; the mean-field branch s_z = (-1 - sqrt(1 - 2u^2))/2 typed from the
derivation (derive.tucker.upsilon_c_prime_derivation); Upsilon_c/sqrt(2) for the N = oo spinodal.
"""

from __future__ import annotations

import numpy as np
import pytest

from numeric import ParameterError
from numeric._pi_dicke import LocalRates, dicke_basis, local_dissipator
from numeric.tucker import analytic_density_matrix, pi_steady_state
from numeric.tucker._jchain import (
    _chain,
    chain_maxima,
    continuum_switch,
    slow_j_chain,
    spinodal,
    switch_point,
)


@pytest.mark.parametrize("u", [0.6, 0.8])
def test_chain_is_the_pi_steady_state_to_first_order_in_gamma_s(u):
    N = 10
    jz = float(slow_j_chain(N, 1.0, 0.0, u)["jz"])
    d = [abs(float(pi_steady_state(N, 1.0, 0.0, u, g)["jz"]) - jz) for g in (1e-2, 1e-3)]
    assert d[1] < 1e-3  # O(gamma_s/Gamma) with an O(1) coefficient
    assert 5 < d[0] / d[1] < 20  # first order: ten times smaller gamma_s, ten times closer


def test_chain_rates_are_the_trace_flows_of_the_local_dissipator():
    """Block j0 in its collective steady state: d tr R_{j0 +- 1}/dt under sum_i L[sigma_i^-]."""
    N, u = 6, 0.7
    basis = dicke_basis(N)
    D = local_dissipator(N, LocalRates(emission=1.0))
    c = _chain(N, u)
    for b, j0 in enumerate(basis.js):
        if j0 == 0:
            continue
        v = np.zeros(basis.size, complex)
        blk = analytic_density_matrix(int(round(2 * j0)), 1.0, 0.0, u * N / (2 * j0))
        d = int(basis.dims[b])
        v[basis.offsets[b] : basis.offsets[b] + d * d] = blk.ravel()
        dv = D @ v
        tr = [np.trace(basis.block(dv, k)).real for k in range(basis.js.size)]
        k = int(np.flatnonzero(np.isclose(c.js, j0))[0])
        up = tr[b - 1] if b > 0 else 0.0  # blocks are ordered j = N/2, N/2 - 1, ...
        down = tr[b + 1] if b + 1 < basis.js.size else 0.0
        assert abs(up - c.up[k]) < 1e-12 and abs(down - c.down[k]) < 1e-12
        assert abs(sum(tr)) < 1e-12  # the dissipator conserves the trace


def test_ordered_state_follows_the_meanfield_branch_deep_below_the_spinodal():
    u = 0.5
    jz = float(slow_j_chain(1600, 1.0, 0.0, u)["jz"])
    assert abs(jz - (-1 - np.sqrt(1 - 2 * u**2)) / 2) < 1e-3  # finite N: O(1/N)


def test_chain_does_not_depend_on_chi_at_fixed_upsilon_ratio():
    # the block diagonals depend on |beta| = Omega/Upsilon_c only
    a = float(slow_j_chain(200, 1.0, 0.0, 0.65)["jz"])
    b = float(slow_j_chain(200, 0.3, 2.0, 0.65)["jz"])
    assert abs(a - b) < 1e-12


def test_bistable_below_the_spinodal_and_monostable_above():
    assert chain_maxima(_chain(400, 0.65)).size == 2
    assert chain_maxima(_chain(400, 0.75)).size == 1


def test_finite_n_spinodal_approaches_root_two_as_one_over_n():
    target = 1 / np.sqrt(2)
    s = {N: spinodal(N) for N in (200, 400)}
    d = {N: v - target for N, v in s.items()}
    assert d[200] > 0 and d[400] > 0 and 1.8 < d[200] / d[400] < 2.2


def test_continuum_spinodal_is_root_two_and_switch_is_its_equal_depth_point():
    us, um = continuum_switch()
    assert abs(us - 1 / np.sqrt(2)) < 1e-8
    # the finite-N switch decreases towards the continuum value
    m = [switch_point(N) for N in (100, 400)]
    assert m[0] > m[1] > um and m[1] - um < 0.01


@pytest.mark.parametrize(
    "kw",
    [dict(N=0), dict(upsilon=-0.1), dict(upsilon=float("nan")), dict(Gamma=0.0), dict(N=200_001)],
)
def test_bad_input_is_refused_naming_the_parameter(kw):
    p = dict(N=10, Gamma=1.0, chi=0.0, upsilon=0.5) | kw
    with pytest.raises(ParameterError):
        slow_j_chain(**p)


@pytest.mark.slow
def test_finite_gamma_s_steady_state_leaves_the_meanfield_branch_as_n_grows():
    """Exact PI steady state, gamma_s = Gamma, Upsilon = 0.7 Upsilon_c (the Finding's numbers).

    Mean field (gamma_s << N Gamma) puts <J_z>/(N/2) at -0.571 up to Upsilon_c/sqrt(2); the exact
    state moves to the normal side with N: -0.65 at N = 20, -0.29 at N = 40.
    """
    jz = {N: float(pi_steady_state(N, 1.0, 0.0, 0.7, 1.0)["jz"]) for N in (20, 40)}
    assert jz[20] < -0.6 and -0.35 < jz[40] < -0.2
