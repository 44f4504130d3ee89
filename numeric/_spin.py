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
import scipy.sparse as sp

from ._result import ParameterError

__all__ = [
    "SpinOperators",
    "check_atom_number",
    "coherent_spin_state",
    "css_amplitudes",
    "dicke_m",
    "jplus_ladder",
    "reflection",
    "rotation",
    "spin_block",
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


def _check_spin(j: object) -> float:
    try:
        two_j = float(j) * 2  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError("j", "a half-integer >= 0", j) from None
    if not (np.isfinite(two_j) and two_j >= 0 and float(two_j).is_integer()):
        raise ParameterError("j", "a half-integer >= 0", j)
    return two_j / 2


def jplus_ladder(j: float) -> np.ndarray:
    """The ladder ``<j, m+1|J_+|j, m> = sqrt((j - m)(j + m + 1))`` for ``m = -j, ..., j - 1``.

    The one raising-operator ladder of :mod:`numeric`: every spin matrix (``spin_operators``,
    the Dicke blocks of the permutation-invariant solver, the paper solvers) is built from it.

    Parameters
    ----------
    j
        Spin (a half-integer ``>= 0``; ``j = 0`` gives an empty ladder).

    Returns
    -------
    ndarray
        The ``2j`` sub-diagonal elements, real and positive.

    Notes
    -----
    Condon-Shortley phase; exact up to the round-off of one square root.
    ``(j - m)(j + m + 1)`` is a product of integers (or of half-odd integers whose
    product is an integer), so the argument is exact in floating point for ``j < 2^25``.

    Examples
    --------
    >>> jplus_ladder(1.0) ** 2
    array([2., 2.])
    """
    j = _check_spin(j)
    m = np.arange(int(round(2 * j)), dtype=float) - j
    return np.sqrt((j - m) * (j + m + 1))


def spin_block(j: float) -> SpinOperators:
    """``J_z, J_+-, J_x, J_y`` of one spin ``j`` (``2j + 1`` states, m ascending).

    Notes
    -----
    The same ladder as :func:`spin_operators` (``spin_block(N/2)`` equals
    ``spin_operators(N)``); ``j`` may be any half-integer ``>= 0``, as the blocks of the
    permutation-invariant Dicke basis need. The field ``N`` of the record is ``2j``.
    """
    j = _check_spin(j)
    n = int(round(2 * j))
    m = np.arange(n + 1, dtype=float) - j
    jp = sp.diags(jplus_ladder(j), -1, shape=(n + 1, n + 1), format="csr", dtype=complex)
    jm = jp.conj().T.tocsr()
    jx = ((jp + jm) * 0.5).tocsr()
    jy = ((jp - jm) * (-0.5j)).tocsr()
    return SpinOperators(N=n, m=m, jz=m.copy(), jp=jp, jm=jm, jx=jx, jy=jy)


def spin_operators(N: int) -> SpinOperators:
    """Build ``J_z, J_±, J_x, J_y`` for ``N`` two-mode bosons.

    Notes
    -----
    ``J_+|j,m> = sqrt((j-m)(j+m+1)) |j,m+1>`` — the Condon–Shortley phase, which
    is what ``b1^dag b2`` gives on ``|n1, n2> = |j+m, j-m>`` (:func:`jplus_ladder`).
    """
    N = check_atom_number(N)
    return spin_block(N / 2)


def coherent_spin_state(N: int, theta=np.pi / 2, phi=0.0) -> np.ndarray:
    """Dicke amplitudes of the coherent spin state along ``(theta, phi)``: all N atoms in one direction.

    ``<j, m|theta, phi> = sqrt(binom(N, j + m)) cos(theta/2)^(j+m) sin(theta/2)^(j-m) e^{i (j-m) phi}``
    (Radcliffe 1971; ``j = N/2``), so that ``<J> = j (sin theta cos phi, sin theta sin phi, cos theta)``:
    ``theta = 0`` is ``m = +j``, ``(pi/2, 0)`` is +x, ``(pi/2, pi)`` is -x.

    Parameters
    ----------
    N
        Atom number.
    theta, phi
        Polar angle from +z and azimuth (scalars or broadcastable arrays).

    Returns
    -------
    ndarray
        Complex amplitudes, shape ``broadcast(theta, phi).shape + (N + 1,)``, m ascending.

    Notes
    -----
    Exact for any N: built in log space (``gammaln``) so that the binomials neither overflow
    nor underflow before the product; ``0 * log 0`` is taken as 0 at the poles, and the signs
    of ``cos(theta/2)``, ``sin(theta/2)`` are kept for ``theta`` outside ``[0, pi]``. Not
    renormalised: the norm is 1 up to ~1e-16 N log N round-off of ``gammaln``.

    Examples
    --------
    >>> abs(coherent_spin_state(2, 0.0, 0.0)).round(12)
    array([0., 0., 1.])
    """
    N = check_atom_number(N)
    th = np.asarray(theta, dtype=float)[..., None]
    ph = np.asarray(phi, dtype=float)[..., None]
    k = np.arange(N + 1)
    lb = 0.5 * (gammaln(N + 1) - gammaln(k + 1) - gammaln(N - k + 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        lc = np.log(np.abs(np.cos(th / 2)))
        ls = np.log(np.abs(np.sin(th / 2)))
        logmod = lb + np.where(k == 0, 0.0, k * lc) + np.where(k == N, 0.0, (N - k) * ls)
    sign = np.where(k == 0, 1.0, np.sign(np.cos(th / 2)) ** k) * np.where(
        k == N, 1.0, np.sign(np.sin(th / 2)) ** (N - k)
    )
    return sign * np.exp(logmod + 1j * (N - k) * ph)


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


_LGAMMA_LOOP_MAX = 200_000


def gammaln(x: np.ndarray | float) -> np.ndarray:
    """``log Gamma(x)`` elementwise, without importing :mod:`scipy.special` for small arrays.

    Below ``_LGAMMA_LOOP_MAX`` elements ``math.lgamma`` per element (C library, within a few
    ulp, as ``scipy.special.gammaln``); above, scipy's vectorised one.  ``scipy.special``
    costs ~0.12 s to import, 4x the whole lossless QFI solve at N = 10^4.
    """
    a = np.asarray(x, dtype=float)
    if a.size <= _LGAMMA_LOOP_MAX:
        flat = np.fromiter((math.lgamma(v) for v in a.ravel()), float, a.size)
        return flat.reshape(a.shape)
    from scipy.special import gammaln as _gl

    return _gl(a)


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
    import scipy.linalg as sla

    gen = ops.axis(axis).toarray()
    return sla.expm(1j * theta * gen)
