"""Brute-force atom (x) truncated-Fock evolution of the sharma2025 model (reference at small N).

``H_eff = -Dc a^dag a - i eta (a^dag - a) - J J_x + U J_z^2 + 2 W0 a^dag a J_z^2`` on the
(N+1)(n_max+1)-dimensional space, optionally with photon loss (Lindblad Eq. (10)) and a
pump switched off at ``pump_off``. Nothing model-specific is solved analytically here,
which is what makes it an independent check of the closed forms.
"""

from __future__ import annotations

import math
import time as _time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply
from scipy.special import gammainc, gammaln

from .. import _resources
from .._qfi import qfi_eig
from .._result import Convergence, ParameterError, Result
from .._spin import check_atom_number, css_amplitudes, spin_operators
from ._lossless import _nonneg, _real, _times

__all__ = ["evolve_atom_cavity"]


def _photon_ops(n_max: int) -> tuple[sp.csr_matrix, np.ndarray]:
    a = sp.diags(
        np.sqrt(np.arange(1, n_max + 1, dtype=float)),
        1,
        shape=(n_max + 1, n_max + 1),
        format="csr",
        dtype=complex,
    )
    return a, np.arange(n_max + 1, dtype=float)


def _hamiltonian(N, n_max, U, W0, Delta_c, eta, J) -> sp.csr_matrix:
    ops = spin_operators(N)
    a, n = _photon_ops(n_max)
    Ia = sp.identity(N + 1, format="csr", dtype=complex)
    nph = sp.diags(n).astype(complex)
    jz2 = sp.diags(ops.m**2).astype(complex)
    h_ph = -Delta_c * nph - 1j * eta * (a.conj().T - a)
    H = (
        sp.kron(Ia, h_ph)
        - J * sp.kron(ops.jx, sp.identity(n_max + 1))
        + U * sp.kron(jz2, sp.identity(n_max + 1))
        + 2.0 * W0 * sp.kron(jz2, nph)
    )
    return H.tocsr()


def _liouvillian(H: sp.csr_matrix, N: int, n_max: int, kappa: float) -> sp.csr_matrix:
    """Column-stacking superoperator: vec(A X B) = (B^T kron A) vec(X)."""
    D = H.shape[0]
    Id = sp.identity(D, format="csr", dtype=complex)
    a_ph, _ = _photon_ops(n_max)
    a = sp.kron(sp.identity(N + 1), a_ph).tocsr()
    ad = a.conj().T.tocsr()
    nn = (ad @ a).tocsr()
    L = -1j * (sp.kron(Id, H) - sp.kron(H.T, Id))
    if kappa > 0:
        L = L + kappa * (sp.kron(ad.T, a) - 0.5 * sp.kron(Id, nn) - 0.5 * sp.kron(nn.T, Id))
    return L.tocsr()


def _coherent(alpha0: float, n_max: int) -> np.ndarray:
    n = np.arange(n_max + 1)
    if alpha0 == 0:
        v = np.zeros(n_max + 1)
        v[0] = 1.0
        return v.astype(complex)
    return np.exp(-0.5 * alpha0**2 + n * math.log(alpha0) - 0.5 * gammaln(n + 1)).astype(complex)


def _propagate(gen_on, gen_off, v0, times, pump_off):
    """States at ``times`` (any order) under piecewise-constant generators, by expm_multiply."""
    order = np.argsort(times, kind="stable")
    out = [None] * len(times)
    v, now = v0, 0.0
    for idx in order:
        target = float(times[idx])
        if pump_off is not None and now < pump_off < target:
            v = expm_multiply(gen_on * (pump_off - now), v)
            now = pump_off
        gen = gen_on if (pump_off is None or now < pump_off) else gen_off
        if target > now:
            v = expm_multiply(gen * (target - now), v)
            now = target
        out[idx] = v
    return out


def _run(N, n_max, U, W0, Delta_c, eta, J, kappa, alpha2, t, pump_off):
    psi0 = np.kron(css_amplitudes(N).astype(complex), _coherent(math.sqrt(alpha2), n_max))
    H_on = _hamiltonian(N, n_max, U, W0, Delta_c, eta, J)
    H_off = _hamiltonian(N, n_max, U, W0, Delta_c, 0.0, J) if pump_off is not None else H_on
    d = n_max + 1
    nvec = np.arange(d, dtype=float)
    rhos, nbar, n2, top = [], [], [], []
    if kappa == 0:
        states = _propagate(-1j * H_on, -1j * H_off, psi0, t, pump_off)
        for v in states:
            Psi = v.reshape(N + 1, d)
            rhos.append(Psi @ Psi.conj().T)
            p = np.sum(np.abs(Psi) ** 2, axis=0)
            nbar.append(p @ nvec)
            n2.append(p @ nvec**2)
            top.append(p[-1])
    else:
        L_on = _liouvillian(H_on, N, n_max, kappa)
        L_off = _liouvillian(H_off, N, n_max, kappa) if pump_off is not None else L_on
        r0 = np.outer(psi0, psi0.conj()).reshape(-1, order="F")
        states = _propagate(L_on, L_off, r0, t, pump_off)
        D = (N + 1) * d
        for v in states:
            R = v.reshape(D, D, order="F").reshape(N + 1, d, N + 1, d)
            rhos.append(np.einsum("anbn->ab", R))
            p = np.einsum("anan->n", R).real
            nbar.append(p @ nvec)
            n2.append(p @ nvec**2)
            top.append(p[-1])
    return np.array(rhos), np.array(nbar).real, np.array(n2).real, np.array(top)


def _change(a, b) -> float:
    ra, na, qa, _ = a
    rb, nb, qb, _ = b
    return float(
        max(
            np.max(np.abs(ra - rb)),
            np.max(np.abs(na - nb) / np.maximum(1.0, np.abs(nb))),
            np.max(np.abs(qa - qb) / np.maximum(1.0, np.abs(qb))),
        )
    )


def evolve_atom_cavity(
    N: int,
    U: float,
    W0: float,
    Delta_c: float,
    eta: float,
    t,
    *,
    J: float = 0.0,
    kappa: float = 0.0,
    alpha2: float = 0.0,
    pump_off: float | None = None,
    n_max: int | None = None,
    tol: float = 1e-8,
) -> Result:
    """Evolve atoms (CSS along x) and cavity (vacuum or ``|alpha0>``) on a truncated Fock space.

    Parameters
    ----------
    N, U, W0, Delta_c, eta
        As in :func:`numeric.sharma.atomic_state`.
    t
        Times >= 0 (any order).
    J
        Tunnelling amplitude (``-J J_x``).
    kappa
        Photon loss rate (Lindblad Eq. (10)); 0 evolves the pure state.
    alpha2
        Initial coherent photon number (``alpha0`` real >= 0).
    pump_off
        Time at which ``eta`` is switched to 0 (None: never).
    n_max
        Photon cutoff; None chooses it from the expected photon number and raises it
        until converged.
    tol
        Convergence tolerance on ``rho_A`` (max abs element change) and on the relative
        change of ``<n>`` and ``<n^2>``.

    Returns
    -------
    Result
        Observables ``rho_atoms`` (``(len(t), N+1, N+1)``), ``nbar``, ``n2``, ``qfi``
        (Eq. (5) with generator J_y). ``convergence`` holds the photon cutoff with the
        change of the observables when it was raised, and the largest population of
        the top Fock state.

    Notes
    -----
    Exact up to the photon cutoff (checked) and the ``expm_multiply`` tolerance
    (double precision). Propagation: ``scipy.sparse.linalg.expm_multiply`` of
    ``-iH`` (pure state) or of the column-stacked Liouvillian (``kappa > 0``).
    Dimensions ``(N+1)(n_max+1)`` resp. its square: meant for N <~ 20.
    """
    _resources.estimate(
        "sharma.bruteforce", N, U, W0, Delta_c, eta, t, J=J, kappa=kappa, alpha2=alpha2
    )  # refuse before allocating
    start = _time.perf_counter()
    N = check_atom_number(N)
    U, W0, Delta_c, J = (
        _real(k, v) for k, v in (("U", U), ("W0", W0), ("Delta_c", Delta_c), ("J", J))
    )
    eta, kappa, alpha2 = _nonneg("eta", eta), _nonneg("kappa", kappa), _nonneg("alpha2", alpha2)
    t = _times(t)
    if pump_off is not None:
        pump_off = _nonneg("pump_off", pump_off)
    tol = _real("tol", tol)
    if tol <= 0:
        raise ParameterError("tol", "a positive number", tol)
    if n_max is not None and (
        isinstance(n_max, bool) or not float(n_max).is_integer() or n_max < 1
    ):
        raise ParameterError("n_max", "a positive integer or None", n_max)

    args = (U, W0, Delta_c, eta, J, kappa, alpha2, t, pump_off)
    if n_max is not None:
        n_lo = int(n_max)
        cur = _run(N, n_lo, *args)
        hi = _run(N, n_lo + max(5, n_lo // 4), *args)
        err = _change(cur, hi)
    else:
        # |alpha_m(t)| <= |alpha0| + eta int_0^t e^{-kappa s/2} ds for every J_z sector
        tmax = float(np.max(t))
        drive = tmax if kappa * tmax < 1e-8 else 2.0 / kappa * (-math.expm1(-0.5 * kappa * tmax))
        nb = (math.sqrt(alpha2) + eta * drive) ** 2
        # start where a Poisson distribution of mean nb has tail < tol/1000 (exact for a
        # coherent field, which is what each J_z sector holds at J = 0); the comparison
        # with the next cutoff decides, and keeps raising it if the field is broader
        n_lo = 4
        while nb > 0 and gammainc(n_lo + 1, nb) > 1e-3 * tol:
            n_lo += 1 + n_lo // 8
        step = max(4, int(math.ceil(2.0 * math.sqrt(nb))))
        prev = _run(N, n_lo, *args)
        for _ in range(12):
            n_hi = n_lo + step
            step = int(math.ceil(step * 1.5))
            cur = _run(N, n_hi, *args)
            err = _change(prev, cur)
            if err <= tol:
                break
            prev, n_lo = cur, n_hi
        n_lo = n_hi
    rhos, nbar, n2, top = cur
    jy = spin_operators(N).jy
    qfi = np.array([qfi_eig(r, jy) for r in rhos])
    conv = (
        Convergence(
            "photon cutoff n_max",
            n_lo,
            err,
            tol,
            "max change of rho_A, <n>, <n^2> (relative) against a larger cutoff",
        ),
        Convergence(
            "top Fock population",
            n_lo,
            float(np.max(top)),
            tol,
            "largest population of |n_max> over the times",
        ),
    )
    params = dict(
        N=N,
        U=U,
        W0=W0,
        Delta_c=Delta_c,
        eta=eta,
        J=J,
        kappa=kappa,
        alpha2=alpha2,
        pump_off=pump_off if pump_off is not None else float("inf"),
    )
    method = (
        "expm_multiply of "
        + ("-iH on psi" if kappa == 0 else "the Lindblad superoperator")
        + " in atom (x) Fock space"
    )
    return Result(
        "sharma.evolve_atom_cavity",
        params,
        t,
        {"rho_atoms": rhos, "nbar": nbar, "n2": n2, "qfi": qfi},
        conv,
        _time.perf_counter() - start,
        method,
    )
