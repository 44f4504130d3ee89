"""Atoms + lossy detuned cavity in the symmetric subspace: the exact model behind tucker.ae.

H = -Delta_c a^dag a + g (a^dag J_- + a J_+) + Omega J_x, kappa D[a] (+ nothing else);
frame rotating at the atomic frequency, Delta_c = omega_a - omega_c.  The atoms are driven
directly (Omega J_x); a cavity drive resonant with the atoms maps onto this after a
displacement of the field.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla

from numeric._result import Convergence, ParameterError, Result

from ._spin import check_N, css_minus_x, jplus, jz_diag

__all__ = ["atom_cavity_dynamics"]


def _liouvillian(N, g, kappa, Delta_c, Omega, nmax):
    j = N / 2
    jp = jplus(j)
    jm = jp.T.tocsr()
    jz = sps.diags(jz_diag(j))
    a = sps.diags(np.sqrt(np.arange(1, nmax + 1)), 1, shape=(nmax + 1, nmax + 1), format="csr")
    ia = sps.identity(nmax + 1, format="csr")
    ij = sps.identity(N + 1, format="csr")
    A = sps.kron(ij, a, format="csr")
    Jp = sps.kron(jp, ia, format="csr")
    Jm = sps.kron(jm, ia, format="csr")
    H = (-Delta_c * (A.T @ A) + g * (A.T @ Jm + A @ Jp) + 0.5 * Omega * (Jp + Jm)).astype(complex)
    d = H.shape[0]
    eye = sps.identity(d, format="csr")
    AdA = (A.T @ A).tocsr()
    L = -1j * (sps.kron(H, eye) - sps.kron(eye, H.T)) + kappa * (
        sps.kron(A, A) - 0.5 * sps.kron(AdA, eye) - 0.5 * sps.kron(eye, AdA.T)
    )
    return L.tocsc(), d, sps.kron(jz, ia).diagonal()


def atom_cavity_dynamics(
    N: int, g: float, kappa: float, Delta_c: float, Omega: float, times, nmax: int = 4
) -> Result:
    """<J_z>(t)/(N/2) of atoms + cavity from the CSS along -x and the cavity vacuum.

    Notes
    -----
    Fock cutoff ``nmax`` is checked by repeating with nmax + 2 (change of <J_z>/(N/2)
    reported as convergence).
    """
    t0 = time.perf_counter()
    N = check_N(N)
    if kappa <= 0:
        raise ParameterError("kappa", "> 0", kappa)
    times = np.asarray(times, float)

    def run(nm):
        L, d, jzd = _liouvillian(N, g, kappa, Delta_c, Omega, nm)
        psi = np.kron(css_minus_x(N / 2), np.eye(nm + 1)[0])
        v = np.outer(psi, psi.conj()).ravel()
        out, tprev = [], 0.0
        for t in times:
            if t > tprev:
                v = spla.expm_multiply(L * (t - tprev), v)
                tprev = t
            rho = v.reshape(d, d)
            out.append(float(np.real(np.sum(jzd * np.diag(rho)))) / (N / 2))
        return np.array(out)

    jz = run(nmax)
    err = float(np.max(np.abs(run(nmax + 2) - jz)))
    return Result(
        "atom_cavity_dynamics",
        dict(N=N, g=g, kappa=kappa, Delta_c=Delta_c, Omega=Omega),
        times,
        {"jz": jz},
        (
            Convergence(
                "photon cutoff", nmax, err, 1e-6, "change of <J_z>/(N/2) for nmax -> nmax+2"
            ),
        ),
        time.perf_counter() - t0,
        "symmetric subspace x Fock space, expm_multiply",
    )
