"""Exact open-system dynamics of sundar2023: Eq. (1) with cavity loss and spontaneous emission.

Master equation (hbar = 1)::

    d rho/dt = -i [H, rho] + Gamma D[S_A^- + S_B^-] rho + gamma_s sum_i D[sigma_i^-] rho,
    H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z),

with N/2 atoms in each ensemble, the paper's sign convention S_B^+ = -J_B^+ (J = standard
spin operators; the sign of a jump operator drops out of D[L]) and the initial state
"A all in g, B all in e".

Two exact representations are used:

* ``gamma_s == 0``: H and the collective jump act inside the symmetric (Dicke, j = N/4) spaces
  of A and B, so rho lives on the (N/2 + 1)^2 product space (Liouvillian of size
  (N/2 + 1)^4); no approximation.
* ``gamma_s > 0``: the permutation-symmetric blocks of each ensemble (PIQS), joint space the
  tensor product of the two (:mod:`._dicke`), exact to N = 32; and, for cross-checks
  (``method='product'``), brute force on the full 2^N space of the N atoms (Liouvillian 4^N),
  N <= 10.

The Liouvillian is built as a sparse matrix in row-major vectorisation,
vec(A rho B) = (A (x) B^T) vec(rho), and propagated with
:func:`scipy.sparse.linalg.expm_multiply`.  The Ramsey read-out is computed from first
and second moments of (S_A, S_B) because the pulses map spin operators linearly
(:func:`._ramsey.heisenberg_readout`).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import expm_multiply

from .. import _resources
from .._result import Convergence, ParameterError, Result
from ._product import spin_matrices
from ._ramsey import heisenberg_readout
from ._sector import check_N

__all__ = ["moment_observables", "open_evolve", "open_operators"]

_MAX_N_SYMMETRIC = 40  # (N/2+1)^4 = 194481 at N = 40
_MAX_N_ATOMS = 10  # 4^10 ~ 1e6
_MAX_N_DICKE = 32  # (sum_j (2j+1)^2)^2 = 969^2 ~ 9.4e5 unknowns at N = 32


def accepts_old_names(**old_to_new: str) -> Callable:
    """Decorator: keyword arguments under an old name (``gamma=``) reach the new one (``gamma_s=``).

    The rate sundar2023 calls gamma is the same single-atom emission rate tucker2020 calls
    gamma_s; the solvers use ``gamma_s`` and keep ``gamma`` working.  Giving both is refused.
    """

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def inner(*args, **kw):
            for old, new in old_to_new.items():
                if old in kw:
                    if new in kw:
                        raise ParameterError(
                            old, f"given once: {old} is the old name of {new}", kw[old]
                        )
                    kw[new] = kw.pop(old)
            return func(*args, **kw)

        return inner

    return wrap


def _real(name: str, v: object, nonneg: bool = False) -> float:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(name, "a real number", v) from None
    if not math.isfinite(x) or (nonneg and x < 0):
        raise ParameterError(name, "a finite number >= 0" if nonneg else "a finite number", v)
    return x


def _kron_all(ops: list) -> sps.csr_matrix:
    out = ops[0]
    for o in ops[1:]:
        out = sps.kron(out, o, "csr")
    return out.tocsr()


def open_operators(N: int, representation: str) -> tuple[dict, dict, list, np.ndarray]:
    """Paper-frame spin operators of both ensembles, single-atom lowering operators, initial state.

    Returns
    -------
    A, B
        dicts of sparse matrices with keys ``'+', '-', 'x', 'y', 'z'`` (S_B with S_B^+ = -J_B^+).
    lowering
        list of the single-atom sigma^- (empty in the symmetric representation).
    psi0
        the initial state vector (A all in g, B all in e).
    """
    N = check_N(N)
    if representation == "symmetric":
        jp, jm, jz = spin_matrices(N / 4)
        one = sps.identity(jz.shape[0], format="csr")
        A = {
            "+": sps.kron(jp, one, "csr"),
            "-": sps.kron(jm, one, "csr"),
            "z": sps.kron(jz, one, "csr"),
        }
        B = {
            "+": -sps.kron(one, jp, "csr"),
            "-": -sps.kron(one, jm, "csr"),
            "z": sps.kron(one, jz, "csr"),
        }
        d = jz.shape[0]
        psi0 = np.zeros(d * d, complex)
        psi0[d - 1] = 1.0  # m_A = -j (index 0), m_B = +j (index d - 1)
        lowering: list = []
    elif representation == "atoms":
        # single qubit basis (g, e): sigma^+ = |e><g|, sigma^z/2 = diag(-1/2, 1/2)
        sp = sps.csr_matrix(np.array([[0.0, 0.0], [1.0, 0.0]]))
        sz = sps.csr_matrix(np.diag([-0.5, 0.5]))
        one = sps.identity(2, format="csr")

        def site(op, i):
            return _kron_all([op if k == i else one for k in range(N)])

        half = N // 2
        lowering = [site(sp.T.tocsr(), i) for i in range(N)]
        raising = [site(sp, i) for i in range(N)]
        zs = [site(sz, i) for i in range(N)]
        A = {"+": sum(raising[:half]), "-": sum(lowering[:half]), "z": sum(zs[:half])}
        B = {"+": -sum(raising[half:]), "-": -sum(lowering[half:]), "z": sum(zs[half:])}
        # A atoms in g (index 0), B atoms in e (index 1): basis index bits, first atom most significant
        idx = sum(1 << (N - 1 - i) for i in range(half, N))
        psi0 = np.zeros(2**N, complex)
        psi0[idx] = 1.0
    else:
        raise ParameterError("representation", "'symmetric' or 'atoms'", representation)
    for S in (A, B):
        S["x"] = ((S["+"] + S["-"]) / 2).tocsr()
        S["y"] = ((S["+"] - S["-"]) / 2j).tocsr()
    return A, B, lowering, psi0


def moment_observables(
    N: int, mean: np.ndarray, cov: np.ndarray, phi: float, protocol: str
) -> dict:
    """n, xi^2 and the Ramsey (Delta phi)^2 from first and second moments of the collective spins.

    ``mean`` (T, 6) and ``cov`` (T, 6, 6) are <S> and the symmetrised covariance of
    (S_A^x, S_A^y, S_A^z, S_B^x, S_B^y, S_B^z) in the paper frame.  The pulses map spin
    operators linearly, O_H = w . S, so <O_H> = w . <S>, (Delta O_H)^2 = w^T C w and
    d<O_H>/dphi = (dw/dphi) . <S>.
    """
    wA, wB, dwA, dwB = heisenberg_readout(protocol, phi)
    w, dw = np.concatenate([wA, wB]), np.concatenate([dwA, dwB])
    s1m = np.array([0.0, -1.0, 0.0, 1.0, 0.0, 0.0])  # S_{1,-} = S_B^x - S_A^y
    obs = {
        "nbar": mean[:, 2] + N / 2 - mean[:, 5],  # n_eA + n_gB = (S_A^z + N/4) + (N/4 - S_B^z)
        "xi2": 4.0 / N * np.einsum("i,tij,j->t", s1m, cov, s1m),
        "signal": mean @ w,
        "slope": mean @ dw,
        "var_O": np.einsum("i,tij,j->t", w, cov, w),
        "mean_S": mean,
        "cov_S": cov,
    }
    with np.errstate(divide="ignore"):
        obs["dphi2"] = np.where(
            obs["slope"] != 0,
            obs["var_O"] / np.where(obs["slope"] != 0, obs["slope"], 1) ** 2,
            np.inf,
        )
    return obs


def _expect(op: sps.csr_matrix, rho: np.ndarray, tr: float) -> float:
    """tr(op rho) / tr(rho) with rho row-major: sum_ij op_ij rho_ji."""
    return float(np.real(op.multiply(rho.T).sum())) / tr


def _dissipator(L: sps.csr_matrix, one: sps.csr_matrix) -> sps.csr_matrix:
    LdL = (L.conj().T @ L).tocsr()
    return (
        sps.kron(L, L.conj(), "csr")
        - 0.5 * sps.kron(LdL, one, "csr")
        - 0.5 * sps.kron(one, LdL.T, "csr")
    )


def _liouvillian(H, jumps, dim):
    one = sps.identity(dim, format="csr")
    Lv = -1j * (sps.kron(H, one, "csr") - sps.kron(one, H.T, "csr"))
    for L in jumps:
        Lv = Lv + _dissipator(L, one)
    return Lv.tocsr()


@accepts_old_names(gamma="gamma_s")
def open_evolve(
    N: int,
    chi: float,
    Gamma: float,
    gamma_s: float,
    t,
    phi: float = 0.0,
    protocol: str = "difference",
    delta: float | None = None,
    representation: str | None = None,
    *,
    method: str = "dicke",
) -> Result:
    """Exact (Delta phi)^2, xi^2 and n(t) of Eq. (1) with collective decay Gamma and emission gamma_s.

    Parameters
    ----------
    N
        Total atom number (even); N/2 atoms per ensemble.
    chi, delta
        Eq. (1); ``delta`` defaults to N chi / 2.
    Gamma, gamma_s
        Collective decay rate (jump sqrt(Gamma)(S_A^- + S_B^-)) and single-atom
        spontaneous-emission rate (jump sqrt(gamma_s) sigma_i^- on every atom; the paper's
        gamma, still accepted as the keyword ``gamma=``).
    t
        Times (array-like).
    phi, protocol
        Ramsey phase and protocol ('difference' or 'sum') of Fig. 2.
    representation
        'symmetric' (only for gamma_s = 0: the (N/2+1)^2 product of the two Dicke spaces),
        'dicke' (permutation-symmetric blocks |j_A, m_A, m_A'> (x) |j_B, m_B, m_B'>, any gamma_s,
        :mod:`._dicke`) or 'atoms' (2^N space).  Default from ``method``.
    method
        'dicke' (default): symmetric when gamma_s == 0, else dicke; 'product': the brute-force
        route kept for cross-checks, symmetric when gamma_s == 0, else atoms.

    Returns
    -------
    Result
        observables ``nbar``, ``xi2`` = (4/N)(Delta S_{1,-})^2, ``dphi2``, ``signal``, ``slope``,
        ``var_O``, ``mean_S`` (T, 6) and ``cov_S`` (T, 6, 6) of (S_A^x, S_A^y, S_A^z, S_B^x, S_B^y, S_B^z)
        (paper frame, symmetrised covariance), ``trace`` (should stay 1).

    Notes
    -----
    Exact up to the expm_multiply tolerance; the trace and hermiticity of rho are reported in
    ``convergence``.  Sizes: symmetric N <= 40, atoms N <= 10.
    """
    _resources.estimate("sundar.open", N, chi, Gamma, gamma_s, t)  # refuse before allocating
    t0 = time.perf_counter()
    N = check_N(N)
    chi = _real("chi", chi)
    Gamma = _real("Gamma", Gamma, nonneg=True)
    gamma_s = _real("gamma_s", gamma_s, nonneg=True)
    phi = _real("phi", phi)
    delta = chi * N / 2 if delta is None else _real("delta", delta)
    if method not in ("dicke", "product"):
        raise ParameterError("method", "'dicke' or 'product'", method)
    if representation is None:
        representation = (
            "symmetric" if gamma_s == 0 else ("dicke" if method == "dicke" else "atoms")
        )
    if representation not in ("symmetric", "dicke", "atoms"):
        raise ParameterError("representation", "'symmetric', 'dicke' or 'atoms'", representation)
    if representation == "dicke" and N > _MAX_N_DICKE:
        raise ParameterError(
            "N", f"an even integer <= {_MAX_N_DICKE} (two-ensemble Dicke space)", N
        )
    if representation == "symmetric" and gamma_s != 0:
        raise ParameterError("representation", "'atoms' when gamma_s > 0", representation)
    if representation == "symmetric" and N > _MAX_N_SYMMETRIC:
        raise ParameterError("N", f"an even integer <= {_MAX_N_SYMMETRIC} (symmetric space)", N)
    if representation == "atoms" and N > _MAX_N_ATOMS:
        raise ParameterError("N", f"an even integer <= {_MAX_N_ATOMS} (2^N space)", N)
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if times.ndim != 1 or np.any(times < 0) or not np.all(np.isfinite(times)):
        raise ParameterError("t", "finite times >= 0", t)

    heisenberg_readout(protocol, phi)  # validates the protocol before the propagation
    if representation == "dicke":
        return _dicke_evolve(N, chi, Gamma, gamma_s, times, phi, protocol, delta, t0)
    A, B, lowering, psi0 = open_operators(N, representation)
    dim = psi0.size
    Sp, Sm = A["+"] + B["+"], A["-"] + B["-"]
    H = (chi * (Sp @ Sm) + delta * (B["z"] - A["z"])).tocsr()
    jumps = []
    if Gamma > 0:
        jumps.append(math.sqrt(Gamma) * Sm)
    if gamma_s > 0:
        jumps.extend(math.sqrt(gamma_s) * s for s in lowering)
    Lv = _liouvillian(H, jumps, dim)

    ops = [A["x"], A["y"], A["z"], B["x"], B["y"], B["z"]]
    pairs = {
        (i, j): ((ops[i] @ ops[j] + ops[j] @ ops[i]) / 2).tocsr()
        for i in range(6)
        for j in range(i, 6)
    }
    heisenberg_readout(protocol, phi)  # validates the protocol before the propagation

    T = len(times)
    mean = np.empty((T, 6))
    cov = np.empty((T, 6, 6))
    trace = np.empty(T)
    herm = 0.0
    rho_vec = np.outer(psi0, psi0.conj()).ravel()
    order = np.argsort(times)
    tprev = 0.0
    for i in order:
        if times[i] > tprev:
            rho_vec = expm_multiply(Lv * (times[i] - tprev), rho_vec)
        tprev = times[i]
        rho = rho_vec.reshape(dim, dim)
        herm = max(herm, float(np.max(np.abs(rho - rho.conj().T))))
        tr = np.trace(rho).real
        trace[i] = tr

        m = np.array([_expect(o, rho, tr) for o in ops])
        mean[i] = m
        for (a, b), op in pairs.items():
            cov[i, a, b] = cov[i, b, a] = _expect(op, rho, tr) - m[a] * m[b]

    obs = moment_observables(N, mean, cov, phi, protocol)
    obs["trace"] = trace
    conv = (
        Convergence(
            "trace of rho",
            dim,
            float(np.max(np.abs(trace - 1.0))) if T else 0.0,
            1e-8,
            "expm_multiply keeps tr rho = 1 up to its tolerance",
        ),
        Convergence("hermiticity of rho", dim, herm, 1e-8, "max |rho - rho^dag|"),
    )
    name = {
        "symmetric": f"symmetric (Dicke j = N/4) product space, dim {dim}",
        "atoms": f"full 2^N atom space, dim {dim}",
    }[representation]
    return Result(
        "sundar.open_evolve",
        {
            "N": N,
            "chi": chi,
            "Gamma": Gamma,
            "gamma_s": gamma_s,
            "delta": delta,
            "phi": phi,
            "protocol": protocol,
        },
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        f"exact Lindblad on the {name} (sparse Liouvillian, expm_multiply); {protocol} Ramsey "
        "read-out from first and second spin moments",
        {"representation": representation},
    )


def _dicke_evolve(N, chi, Gamma, gamma_s, times, phi, protocol, delta, t0) -> Result:
    """open_evolve on the two-ensemble Dicke (PIQS) space."""
    from ._dicke import joint_moments, two_ensemble_liouvillian

    sp_, Lv, v = two_ensemble_liouvillian(N, chi, delta, Gamma, gamma_s)
    T = len(times)
    mean = np.empty((T, 6))
    cov = np.empty((T, 6, 6))
    trace = np.empty(T)
    herm = 0.0
    order = np.argsort(times)
    tprev = 0.0
    s = sp_.size
    for i in order:
        if times[i] > tprev:
            v = expm_multiply(Lv * (times[i] - tprev), v)
        tprev = times[i]
        tr, m, second = joint_moments(N, v)
        trace[i] = tr
        mean[i] = m
        cov[i] = second - np.outer(m, m)
        # hermiticity of the symmetric-symmetric block (j_A = j_B = N/4), the one seeded at t = 0
        d0 = int(sp_.dims[0])
        blk = (
            v.reshape(s, s)[: d0 * d0, : d0 * d0]
            .reshape(d0, d0, d0, d0)
            .transpose(0, 2, 1, 3)
            .reshape(d0 * d0, d0 * d0)
        )
        herm = max(herm, float(np.max(np.abs(blk - blk.conj().T))))
    obs = moment_observables(N, mean, cov, phi, protocol)
    obs["trace"] = trace
    conv = (
        Convergence(
            "trace of rho",
            Lv.shape[0],
            float(np.max(np.abs(trace - 1.0))) if T else 0.0,
            1e-8,
            "expm_multiply keeps sum_j tr R_j = 1 up to its tolerance",
        ),
        Convergence(
            "hermiticity of rho",
            Lv.shape[0],
            herm,
            1e-8,
            "max |rho - rho^dag| on the j_A = j_B = N/4 block",
        ),
    )
    return Result(
        "sundar.open_evolve",
        {
            "N": N,
            "chi": chi,
            "Gamma": Gamma,
            "gamma_s": gamma_s,
            "delta": delta,
            "phi": phi,
            "protocol": protocol,
        },
        times,
        obs,
        conv,
        time.perf_counter() - t0,
        f"exact Lindblad on the two-ensemble permutation-symmetric (PIQS) space, {Lv.shape[0]} unknowns "
        f"(sparse Liouvillian, expm_multiply); {protocol} Ramsey read-out from first and second spin moments",
        {"representation": "dicke"},
    )
