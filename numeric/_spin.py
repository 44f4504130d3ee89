"""Collective spin N/2 in the Dicke basis (Schwinger two-mode representation).

Index convention everywhere in :mod:`numeric`: basis state ``k = 0..N`` is the
Dicke state ``|j, m>`` with ``j = N/2`` and ``m = k - N/2``, i.e. ``n1 = k``
atoms in mode 1 and ``n2 = N - k`` in mode 2 (sharma2025 Eq. (A17):
``J_z = (n1 - n2)/2``, ``J_+ = b1^dag b2``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.special import gammaln

from ._result import ParameterError

__all__ = [
    "SpinOperators",
    "check_atom_number",
    "css_amplitudes",
    "dicke_m",
    "reflection",
    "rotation",
    "spin_operators",
]


def check_atom_number(N: object, name: str = "N") -> int:
    """Return ``N`` as an int after checking it is a positive integer."""
    if isinstance(N, bool) or not isinstance(N, numbers.Integral | float | np.floating):
        raise ParameterError(name, "a positive integer", N)
    if isinstance(N, float | np.floating) and not float(N).is_integer():
        raise ParameterError(name, "a positive integer", N)
    if int(N) < 1:
        raise ParameterError(name, "a positive integer", N)
    return int(N)


def dicke_m(N: int) -> np.ndarray:
    """Magnetic quantum numbers ``m = -N/2, ..., N/2`` (half-integers for odd N)."""
    N = check_atom_number(N)
    return np.arange(N + 1, dtype=float) - N / 2


@dataclass(frozen=True, slots=True)
class SpinOperators:
    """Collective spin operators of spin ``N/2`` as sparse (banded) matrices.

    ``jz`` is kept as the vector of its diagonal; the others are CSR matrices of
    shape ``(N+1, N+1)``.
    """

    N: int
    m: np.ndarray
    jz: np.ndarray
    jp: sp.csr_matrix
    jm: sp.csr_matrix
    jx: sp.csr_matrix
    jy: sp.csr_matrix

    def jz_matrix(self) -> sp.csr_matrix:
        return sp.diags(self.jz).tocsr()

    def axis(self, name: str) -> sp.csr_matrix:
        """The generator ``J_x``, ``J_y`` or ``J_z`` by name."""
        if name == "x":
            return self.jx
        if name == "y":
            return self.jy
        if name == "z":
            return self.jz_matrix()
        raise ParameterError("axis", "one of 'x', 'y', 'z'", name)


def spin_operators(N: int) -> SpinOperators:
    """Build ``J_z, J_±, J_x, J_y`` for ``N`` two-mode bosons.

    Notes
    -----
    ``J_+|j,m> = sqrt((j-m)(j+m+1)) |j,m+1>`` — the Condon–Shortley phase, which
    is what ``b1^dag b2`` gives on ``|n1, n2> = |j+m, j-m>``.
    """
    N = check_atom_number(N)
    m = dicke_m(N)
    j = N / 2
    # c[k] = <m+1|J_+|m> for m = m[k], k = 0..N-1
    c = np.sqrt((j - m[:-1]) * (j + m[:-1] + 1))
    jp = sp.diags(c, -1, shape=(N + 1, N + 1), format="csr", dtype=complex)
    jm = jp.conj().T.tocsr()
    jx = ((jp + jm) * 0.5).tocsr()
    jy = ((jp - jm) * (-0.5j)).tocsr()
    return SpinOperators(N=N, m=m, jz=m.copy(), jp=jp, jm=jm, jx=jx, jy=jy)


def css_amplitudes(N: int, *, log: bool = False) -> np.ndarray:
    """Dicke amplitudes of the coherent spin state along +x, ``(b1^dag + b2^dag)^N |vac>``.

    ``C_m = sqrt(binom(N, N/2 + m)) / 2^(N/2)``, real and positive, symmetric under
    ``m -> -m``. Computed in log space (``gammaln``) so that N in the tens of
    thousands neither overflows nor underflows prematurely.

    Parameters
    ----------
    N
        Atom number (any positive integer).
    log
        Return ``log C_m`` instead of ``C_m``.
    """
    N = check_atom_number(N)
    k = np.arange(N + 1)
    logc = 0.5 * (gammaln(N + 1) - gammaln(k + 1) - gammaln(N - k + 1)) - 0.5 * N * np.log(2.0)
    # gammaln(N+1) ~ N log N carries a common absolute round-off of ~1e-16 N log N into
    # every log C_m; renormalising removes it (sum_m C_m^2 = 1 to the last bit).
    logc -= 0.5 * math.log(math.fsum(np.exp(2.0 * logc)))
    return logc if log else np.exp(logc)


def reflection(N: int) -> sp.csr_matrix:
    """The permutation ``P|m> = |-m>`` (mode exchange ``b1 <-> b2``).

    ``P J_x P = J_x``, ``P J_y P = -J_y``, ``P J_z P = -J_z``: the model's
    Hamiltonian (which contains ``J_z`` only through ``J_z^2``) commutes with P.
    """
    N = check_atom_number(N)
    idx = np.arange(N + 1)
    return sp.csr_matrix((np.ones(N + 1), (idx, N - idx)), shape=(N + 1, N + 1))


def rotation(N: int, theta: float, axis: str) -> np.ndarray:
    """The rotation ``exp(i theta J_axis)`` as a dense unitary matrix.

    Notes
    -----
    For ``axis='z'`` it is diagonal and exact; for ``x`` and ``y`` it is
    ``scipy.linalg.expm`` of the dense generator (fine for N up to a few
    thousand).
    """
    ops = spin_operators(N)
    if axis == "z":
        return np.diag(np.exp(1j * theta * ops.m))
    gen = ops.axis(axis).toarray()
    return sla.expm(1j * theta * gen)
