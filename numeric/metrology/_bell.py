"""Many-body Bell correlator Q_N = ln[2^N E_N / (N!)^2], E_N = |Tr[rho J_+^N]|^2 (sharma2025).

With the paper's ``J_+ = J_z + i J_y`` one has ``[J_x, J_+] = -J_+``: it is ``i`` times the
*lowering* operator of ``J_x`` (``J_z + i J_y = i (J_y - i J_z)``).  Its N-th power maps
the top ``J_x`` state to the bottom one with the product of all ladder factors,
``prod_{k=1}^{N} sqrt(k (N - k + 1)) = N!``:

    (J_z + i J_y)^N = i^N N! |-x><+x|,   Tr[rho J_+^N] = i^N N! <+x|rho|-x>,

where ``|+-x>`` are the coherent spin states along +-x.  (With the raising operator
``J_z - i J_y`` one gets the complex conjugate, so ``E_N`` is the same either way.)
Hence

    Q_N = N ln 2 + 2 ln |<+x|rho|-x>|,

a single matrix element of rho in the J_x basis; ``<m|+x> = C_m`` and
``<m|-x> = (-1)^k C_m`` (``k = m + N/2``, up to a global phase).  No factorial is formed.
Bounds: Q_N <= (N - 2) ln 2 (the GHZ state along x); the coherent state along z gives
``Q_N = -N ln 2``; the coherent state along x gives ``E_N = 0``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import mpmath as mp
import numpy as np

from .._result import ParameterError
from .._spin import css_amplitudes

__all__ = ["BellCorrelator", "bell_correlator", "bell_from_element"]

# the element counts as resolved when it exceeds its round-off floor this many times,
# i.e. Q_N = ... + 2 ln|element| is then good to ~2e-4
_RESOLVE = 1e4


@dataclass(frozen=True, slots=True)
class BellCorrelator:
    """The Bell correlator of one state.

    Attributes
    ----------
    N
        Atom number.
    value
        ``Q_N``; ``-inf`` when the element is exactly zero.
    log_element
        ``ln |<+x|rho|-x>|``.
    resolved
        False when ``|<+x|rho|-x>|`` is less than 1e4 times the round-off floor of the
        summation; then ``value`` is only an upper bound (from ``|element| + floor``).
    floor
        Absolute round-off bound of the element.
    """

    N: int
    value: float
    log_element: float
    resolved: bool
    floor: float

    def __float__(self) -> float:
        return float(self.value)


def bell_from_element(N: int, log_abs_element: float) -> float:
    """``Q_N = N ln 2 + 2 ln|<+x|rho|-x>|`` from the log of the element."""
    return N * math.log(2.0) + 2.0 * log_abs_element


def _mp_css(N: int) -> list:
    two = mp.mpf(2)
    return [mp.sqrt(mp.binomial(N, k)) / two ** (mp.mpf(N) / 2) for k in range(N + 1)]


def _warn_zero(N: int) -> None:
    why = (
        "odd N: it vanishes by the m -> -m symmetry of a parity-invariant state"
        if N % 2
        else "the state has no +x/-x coherence, e.g. the coherent state along x"
    )
    warnings.warn(f"Q_N = -inf: <+x|rho|-x> = 0 exactly (E_N = 0; {why})", stacklevel=3)


def bell_correlator(rho) -> BellCorrelator:
    """Q_N of an atomic state given in the Dicke basis.

    Parameters
    ----------
    rho
        A numpy array (double precision) or an ``mpmath.matrix`` (evaluated at the
        current ``mp.dps``, for states known to more than double precision).

    Notes
    -----
    The element ``<+x|rho|-x> = sum_{k,k'} C_k rho_kk' (-1)^k' C_k'`` can be many orders
    smaller than its terms (it vanishes for the coherent state along x), so the sum is
    done exactly (``math.fsum`` of the rounded terms for doubles; mpmath arithmetic
    otherwise) and its round-off floor ``4 eps sum|terms|`` is reported: below 1e4 times
    the floor (Q_N then uncertain by more than ~2e-4), it is flagged as not resolved by
    the input precision and ``value`` is the upper bound from ``|element| + floor``.
    """
    if isinstance(rho, mp.matrix):
        n = rho.rows
        if rho.cols != n:
            raise ParameterError("rho", "a square matrix", (rho.rows, rho.cols))
        N = n - 1
        C = _mp_css(N)
        acc = mp.mpc(0)
        tot = mp.mpf(0)
        for k in range(n):
            for kk in range(n):
                term = C[k] * rho[k, kk] * C[kk] * (1 if kk % 2 == 0 else -1)
                acc += term
                tot += abs(term)
        floor = 4 * mp.mpf(2) ** (-mp.mp.prec) * n * tot
        el = abs(acc)
        resolved = bool(el > _RESOLVE * floor)
        if el == 0:
            _warn_zero(N)
            return BellCorrelator(N, -math.inf, -math.inf, False, float(floor))
        le = float(mp.log(el if resolved else el + floor))
        return BellCorrelator(N, bell_from_element(N, le), le, resolved, float(floor))
    rho = np.asarray(rho, dtype=complex)
    if rho.ndim != 2 or rho.shape[0] != rho.shape[1]:
        raise ParameterError("rho", "a square matrix", rho.shape)
    N = rho.shape[0] - 1
    # scale by the largest term in log space: C_m reaches 2^{-N/2}, so for N >~ 1000 the
    # products C_k rho_kk' C_k' underflow in double precision
    lC = css_amplitudes(N, log=True)
    with np.errstate(divide="ignore"):
        lt = lC[:, None] + lC[None, :] + np.log(np.abs(rho))
    if not np.any(np.isfinite(lt)):
        _warn_zero(N)
        return BellCorrelator(N, -math.inf, -math.inf, True, 0.0)
    M = float(np.max(lt))
    sgn = np.where(np.arange(N + 1) % 2 == 0, 1.0, -1.0)
    terms = (np.exp(lt - M) * np.exp(1j * np.angle(rho)) * sgn[None, :]).ravel()
    re = math.fsum(terms.real.tolist())
    im = math.fsum(terms.imag.tolist())
    el = math.hypot(re, im)  # element / e^M
    # each entry carries a relative round-off ~eps; fsum adds none of its own
    floor = float(4 * np.finfo(float).eps * np.sum(np.abs(terms)))
    resolved = el > _RESOLVE * floor
    if el == 0.0:
        _warn_zero(N)
        return BellCorrelator(N, -math.inf, -math.inf, False, floor * math.exp(M))
    le = math.log(el if resolved else el + floor) + M
    return BellCorrelator(N, bell_from_element(N, le), le, resolved, floor * math.exp(M))
