"""The general moment-equation mechanism of derive.cumulants against brute-force Lindblad algebra."""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from derive.cumulants import (
    collective,
    derive_moment_equations,
    local,
    moment_symbol,
    spin_moment_exprs,
    spin_operators,
)

_PAULI = {
    "x": np.array([[0, 1], [1, 0]], complex),
    "y": np.array([[0, -1j], [1j, 0]]),
    "z": np.array([[1, 0], [0, -1]], complex),
}


def _kron(ops):
    out = np.eye(1)
    for o in ops:
        out = np.kron(out, o)
    return out


def _site(p, i, n):
    return _kron([_PAULI[p] if k == i else np.eye(2) for k in range(n)])


def _lindblad(rho, H, Ls):
    out = -1j * (H @ rho - rho @ H)
    for L in Ls:
        LdL = L.conj().T @ L
        out += L @ rho @ L.conj().T - 0.5 * (LdL @ rho + rho @ LdL)
    return out


def _random_symmetric_state(n, rng):
    A = rng.normal(size=(2**n, 2**n)) + 1j * rng.normal(size=(2**n, 2**n))
    rho = A @ A.conj().T
    # symmetrise over site permutations
    perms = list(itertools.permutations(range(n)))
    out = np.zeros_like(rho)
    for p in perms:
        P = np.zeros((2**n, 2**n))
        for s in range(2**n):
            bits = [(s >> (n - 1 - k)) & 1 for k in range(n)]
            t = sum(bits[p[k]] << (n - 1 - k) for k in range(n))
            P[t, s] = 1
        out += P @ rho @ P.T
    return out / np.trace(out)


def test_unclosed_two_site_equations_match_brute_force_lindblad_at_N_equal_2():
    # at N = 2 three-site moments carry the factor (N - 2) = 0, so the order-2 equations are exact
    Ns, G, X, W, gs = (
        sp.Symbol("N", positive=True),
        *sp.symbols("Gamma chi Omega gamma_s", real=True),
    )
    J = spin_operators("a")
    H = J["+"] * J["-"] * X + J["x"] * W
    sysm = derive_moment_equations(
        H,
        [(G, J["-"])],
        [(gs, local("a", {"x": sp.Rational(1, 2), "y": -sp.I / 2}))],
        {"a": Ns},
        order=2,
    )
    n, vals = 2, {G: 0.7, X: 0.4, W: 1.3, gs: 0.5, Ns: 2}
    Jm = sum((_site("x", i, n) - 1j * _site("y", i, n)) / 2 for i in range(n))
    Jx = sum(_site("x", i, n) for i in range(n)) / 2
    sm = [(_site("x", i, n) - 1j * _site("y", i, n)) / 2 for i in range(n)]
    Hm = 0.4 * Jm.conj().T @ Jm + 1.3 * Jx
    rho = _random_symmetric_state(n, np.random.default_rng(3))
    drho = _lindblad(rho, Hm, [np.sqrt(0.7) * Jm] + [np.sqrt(0.5) * s for s in sm])

    def op(key):
        return _kron([_PAULI[p] for _, p in key]) if len(key) == 2 else _site(key[0][1], 0, n)

    subs = {
        moment_symbol(k): np.trace(op(k) @ rho).real
        for k in [(("a", p),) for p in "xyz"]
        + [tuple(sorted((("a", p), ("a", q)))) for p in "xyz" for q in "xyz"]
    }
    for var, rhs in zip(sysm.variables, sysm.rhs, strict=True):
        key = tuple((lab[:-1], lab[-1]) for lab in var.name[2:].split("_"))
        exact = np.trace(op(key) @ drho).real
        assert abs(float(rhs.subs(vals).subs(subs)) - exact) < 1e-10, var


def test_two_species_exchange_and_joint_decay_match_brute_force():
    # sundar-like two ensembles, one spin each: H = chi (J+_a J-_b + h.c.) + Omega J_x^a,
    # collective decay of J-_a + J-_b; closure-free since each species has one site
    Na, Nb = sp.Symbol("N_a", positive=True), sp.Symbol("N_b", positive=True)
    X, W, G = sp.symbols("chi Omega Gamma", real=True)
    Ja, Jb = spin_operators("a"), spin_operators("b")
    H = (Ja["+"] * Jb["-"] + Jb["+"] * Ja["-"]) * X + Ja["x"] * W
    L = Ja["-"] + Jb["-"]
    # single-site equations involve at most two-site moments: exact at order 2
    sysm = derive_moment_equations(
        H, [(G, L)], [], {"a": Na, "b": Nb}, order=2, keys=[((s, p),) for s in "ab" for p in "xyz"]
    )
    vals = {X: 0.6, W: 0.9, G: 0.8, Na: 1, Nb: 1}
    sx, sy, sz = (np.kron(_PAULI[p], np.eye(2)) for p in "xyz")
    tx, ty, tz = (np.kron(np.eye(2), _PAULI[p]) for p in "xyz")
    am, bm = (sx - 1j * sy) / 2, (tx - 1j * ty) / 2
    Hm = 0.6 * (am.conj().T @ bm + bm.conj().T @ am) + 0.9 * sx / 2
    A = np.random.default_rng(5).normal(size=(4, 4)) + 1j * np.random.default_rng(6).normal(
        size=(4, 4)
    )
    rho = A @ A.conj().T
    rho /= np.trace(rho)
    drho = _lindblad(rho, Hm, [np.sqrt(0.8) * (am + bm)])
    single = {("a", p): np.kron(_PAULI[p], np.eye(2)) for p in "xyz"} | {
        ("b", p): np.kron(np.eye(2), _PAULI[p]) for p in "xyz"
    }

    def op(key):
        out = np.eye(4, dtype=complex)
        for k in key:
            out = out @ single[k]
        return out

    subs = {}
    for var in sysm.variables:
        key = tuple((lab[:-1], lab[-1]) for lab in var.name[2:].split("_"))
        subs[var] = np.trace(op(key) @ rho).real
    checked = 0
    for var, rhs in zip(sysm.variables, sysm.rhs, strict=True):
        key = tuple((lab[:-1], lab[-1]) for lab in var.name[2:].split("_"))
        if len(key) == 2 and key[0][0] == key[1][0]:
            continue  # two distinct sites of one species do not exist at N_s = 1
        val = rhs.subs(vals)
        rep = {}
        for v in val.free_symbols:
            k = tuple((lab[:-1], lab[-1]) for lab in v.name[2:].split("_"))
            species = [s for s, _ in k]
            # two distinct sites of one species carry the factor (N_s - 1) = 0
            rep[v] = 0 if len(set(species)) < len(species) else np.trace(op(k) @ rho).real
        val = val.subs(rep)
        assert abs(float(val) - np.trace(op(key) @ drho).real) < 1e-10, var
        checked += 1
    assert checked == 6


def test_collective_second_moments_of_a_product_state_are_binomial():
    # textbook: a CSS along x has <J_x^2> = N^2/4, <J_y^2> = N/4
    N = sp.Symbol("N", positive=True)
    mean, second = spin_moment_exprs("a", N)
    css = {moment_symbol((("a", "x"),)): 1, moment_symbol((("a", "x"), ("a", "x"))): 1}
    zero = {
        s: 0 for e in (mean + sum(second, ())) for s in e.free_symbols if s not in css and s != N
    }
    assert sp.simplify(second[0][0].subs(css).subs(zero) - N**2 / 4) == 0
    assert sp.simplify(second[1][1].subs(css).subs(zero) - N / 4) == 0
    assert collective("a", {"z": 1}).terms
