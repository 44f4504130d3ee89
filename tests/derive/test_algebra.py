"""The model operator algebra: su(2), boson and transition identities, and matrices built here."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from derive import Boson, Jump, Levels, LocalJump, SpinEnsemble, SpinOp, Transition
from derive._algebra import commutator, equation_of_motion, factors, normal_order, operators_equal

S = SpinEnsemble("S", sp.Symbol("N", positive=True, integer=True))
T = SpinEnsemble("T", sp.Symbol("M", positive=True, integer=True))
Q = Levels("q", ("g", "e", "r"))
C = Boson("a")


# ----------------------------------------------------------------- matrices written here
def spin_matrices(j: float) -> dict[str, np.ndarray]:
    """Spin-j matrices in the |j, m> basis, m = j..-j (textbook ladder elements)."""
    m = np.arange(j, -j - 1, -1)
    sp_ = np.zeros((len(m), len(m)))
    for k in range(1, len(m)):
        sp_[k - 1, k] = np.sqrt(j * (j + 1) - m[k] * (m[k] + 1))
    return {"p": sp_, "m": sp_.T.copy(), "z": np.diag(m)}


def level_matrix(labels, i, j):
    out = np.zeros((len(labels), len(labels)))
    out[labels.index(i), labels.index(j)] = 1.0
    return out


def to_matrix(expr, mats, dims, order):
    """Evaluate a polynomial in elementary operators with matrices (tensor order ``order``)."""
    dim = int(np.prod([dims[d] for d in order]))
    out = np.zeros((dim, dim), complex)
    for t in sp.Add.make_args(sp.expand(expr)):
        c, ops = factors(t)
        m = np.eye(dim, dtype=complex) * complex(c)
        for o in ops:
            m = m @ embed(o, mats, dims, order)
        out += m
    return out


def embed(o, mats, dims, order):
    if isinstance(o, SpinOp):
        name, local = o.ensemble, mats[o.ensemble][str(o.args[1])]
    elif isinstance(o, Transition):
        name = o.system
        local = level_matrix(Q.labels, *o.levels)
    else:
        name = str(o.name)
        local = mats[name]["a"] if o.is_annihilation else mats[name]["a"].T
    out = np.eye(1)
    for d in order:
        out = np.kron(out, local if d == name else np.eye(dims[d]))
    return out


SPIN_MATS = {"S": spin_matrices(1.5), "T": spin_matrices(1.0)}
DIMS = {"S": 4, "T": 3, "q": 3}
ORDER = ("S", "T", "q")


def random_monomial(rng, pool, degree):
    return sp.Mul(*[pool[k] for k in rng.integers(0, len(pool), degree)])


POOL = [S.Sp, S.Sm, S.Sz, T.Sp, T.Sz, T.Sm, Q("g", "e"), Q("e", "r"), Q("r", "r"), Q("e", "g")]


# ----------------------------------------------------------------- identities
def test_su2_commutators_are_the_collective_spin_algebra():
    assert commutator(S.Sp, S.Sm) == 2 * S.Sz
    assert commutator(S.Sz, S.Sp) == S.Sp
    assert commutator(S.Sz, S.Sm) == -S.Sm
    assert commutator(S.Sx, S.Sy) == sp.I * S.Sz
    assert commutator(S.Sp, T.Sm) == 0


def test_wrong_factor_in_su2_commutator_is_detected():
    assert not operators_equal(commutator(S.Sp, S.Sm), S.Sz)  # factor 2 dropped
    assert not operators_equal(commutator(S.Sz, S.Sp), -S.Sp)  # sign flipped


def test_su2_casimir_commutes_with_every_component():
    casimir = S.Sz**2 + (S.Sp * S.Sm + S.Sm * S.Sp) / 2
    for o in (S.Sp, S.Sm, S.Sz, S.Sx):
        assert commutator(casimir, o) == 0
    assert commutator(casimir, S.Sz**2 * S.Sp) == 0


def test_jacobi_identity_on_random_monomials():
    rng = np.random.default_rng(7)
    pool = POOL + [C.a, C.ad]
    for _ in range(25):
        a, b, c = (random_monomial(rng, pool, int(rng.integers(1, 4))) for _ in range(3))
        jac = (
            commutator(a, commutator(b, c))
            + commutator(b, commutator(c, a))
            + commutator(c, commutator(a, b))
        )
        assert normal_order(jac) == 0


def test_canonical_form_is_unique_for_equal_operators():
    # S^- S^+ and S^+ S^- - 2 S^z are the same operator
    assert normal_order(S.Sm * S.Sp) == normal_order(S.Sp * S.Sm - 2 * S.Sz)
    assert normal_order(C.a * C.ad * S.Sm) == normal_order(S.Sm * C.ad * C.a + S.Sm)


def test_transition_products_are_exact_not_only_commutators():
    assert normal_order(Q("g", "e") * Q("e", "r")) == Q("g", "r")
    assert normal_order(Q("g", "e") * Q("g", "r")) == 0
    assert normal_order(Q("e", "e") ** 3) == Q("e", "e")


def test_completeness_eliminates_one_projector():
    got = normal_order(Q("g", "g") * S.Sz, eliminate=[(Q, "g")])
    assert operators_equal(got, S.Sz - Q("e", "e") * S.Sz - Q("r", "r") * S.Sz)
    # off-diagonal transitions stay
    assert normal_order(Q("g", "e"), eliminate=[(Q, "g")]) == Q("g", "e")


# ----------------------------------------------------------------- matrices
def test_commutators_agree_with_spin_and_three_level_matrices():
    rng = np.random.default_rng(11)
    for _ in range(30):
        a = random_monomial(rng, POOL, int(rng.integers(1, 4)))
        b = random_monomial(rng, POOL, int(rng.integers(1, 4)))
        ma = to_matrix(a, SPIN_MATS, DIMS, ORDER)
        mb = to_matrix(b, SPIN_MATS, DIMS, ORDER)
        got = to_matrix(commutator(a, b), SPIN_MATS, DIMS, ORDER)
        np.testing.assert_allclose(got, ma @ mb - mb @ ma, atol=1e-12)
        prod = to_matrix(normal_order(a * b), SPIN_MATS, DIMS, ORDER)
        np.testing.assert_allclose(prod, ma @ mb, atol=1e-12)


def test_matrix_comparison_detects_a_wrong_sign():
    ma = to_matrix(S.Sz, SPIN_MATS, DIMS, ORDER)
    mb = to_matrix(S.Sp, SPIN_MATS, DIMS, ORDER)
    wrong = to_matrix(-S.Sp, SPIN_MATS, DIMS, ORDER)
    assert not np.allclose(wrong, ma @ mb - mb @ ma)


def test_boson_normal_order_agrees_with_truncated_fock_matrices_below_the_cutoff():
    cut, deg = 12, 4
    a = np.diag(np.sqrt(np.arange(1, cut)), 1)
    mats = {"b": {"a": a}}
    b = BosonOp("b")
    rng = np.random.default_rng(3)
    for _ in range(10):
        x = random_monomial(rng, [b, Dagger(b)], deg)
        dims, order = {"b": cut}, ("b",)
        exact = to_matrix(x, mats, dims, order)
        got = to_matrix(normal_order(x), mats, dims, order)
        keep = cut - deg  # truncation spoils only the top deg Fock states
        np.testing.assert_allclose(got[:keep, :keep], exact[:keep, :keep], atol=1e-10)


# ----------------------------------------------------------------- equations of motion
def _lindblad(h, jumps, rho):
    out = -1j * (h @ rho - rho @ h)
    for L, r in jumps:
        out += r * (L @ rho @ L.conj().T - (L.conj().T @ L @ rho + rho @ L.conj().T @ L) / 2)
    return out


def test_equation_of_motion_is_the_adjoint_lindbladian_on_matrices():
    w, g, k = 0.7, 0.4, 0.3
    h = w * S.Sz + g * (S.Sp * Q("g", "e") + Q("e", "g") * S.Sm) + 0.2 * Q("r", "r") * T.Sz
    jumps = [Jump(S.Sm, k), Jump(Q("g", "e") + 0.5 * Q("r", "e"), 0.6), Jump(T.Sp * T.Sz, 0.1)]
    rng = np.random.default_rng(5)
    dim = 36
    x = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
    rho = x @ x.conj().T
    rho /= np.trace(rho)
    mh = to_matrix(h, SPIN_MATS, DIMS, ORDER)
    mj = [(to_matrix(j.operator, SPIN_MATS, DIMS, ORDER), j.rate) for j in jumps]
    for o in (S.Sm, S.Sz * Q("e", "r"), T.Sp * S.Sz, Q("e", "e")):
        d = equation_of_motion(o, h, jumps)
        lhs = np.trace(to_matrix(o, SPIN_MATS, DIMS, ORDER) @ _lindblad(mh, mj, rho))
        rhs = np.trace(to_matrix(d, SPIN_MATS, DIMS, ORDER) @ rho)
        assert abs(lhs - rhs) < 1e-12


def test_local_decay_and_dephasing_on_two_atoms_agree_with_site_matrices():
    sm = np.array([[0, 0], [1, 0]], complex)  # |g><e| in basis (e, g)
    sz = np.diag([1.0, -1.0]).astype(complex)
    one = np.eye(2)
    sites_m = [np.kron(sm, one), np.kron(one, sm)]
    sites_z = [np.kron(sz, one), np.kron(one, sz)]
    mats = {"S": {"p": sum(s.conj().T for s in sites_m), "m": sum(sites_m), "z": sum(sites_z) / 2}}
    n = S.size
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho = x @ x.conj().T / np.trace(x @ x.conj().T)
    jumps = (
        [(s, 0.3) for s in sites_m]
        + [(z, 0.2) for z in sites_z]
        + [(s.conj().T, 0.1) for s in sites_m]
    )
    local = [LocalJump("S", "-", 0.3), LocalJump("S", "z", 0.2), LocalJump("S", "+", 0.1)]
    for o in (S.Sm, S.Sz, S.Sp):
        d = equation_of_motion(o, 0, local_jumps=local, sizes={"S": n}).subs(n, 2)
        lhs = np.trace(
            to_matrix(o, mats, {"S": 4}, ("S",)) @ _lindblad(np.zeros((4, 4)), jumps, rho)
        )
        rhs = np.trace(to_matrix(d, mats, {"S": 4}, ("S",)) @ rho)
        assert abs(lhs - rhs) < 1e-12


def test_local_jumps_refuse_second_moments():
    with pytest.raises(ValueError, match="degree 2"):
        equation_of_motion(S.Sz * S.Sz, 0, local_jumps=[LocalJump("S", "-", 1)], sizes={"S": 3})
