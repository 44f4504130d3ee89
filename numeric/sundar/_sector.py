"""Exact dynamics of Eq. (1) of sundar2023 in its conserved sector.

Model (hbar = 1)::

    H = chi (S_A^+ + S_B^+)(S_A^- + S_B^-) + delta (S_B^z - S_A^z),

with N/2 atoms in each ensemble (two collective spins of length j = N/4), the
sign convention ``S_B^+ = -J_B^+`` (``J`` = standard spin operators), and the
initial state "A all in g, B all in e".  H conserves S_A^z + S_B^z, so the state
stays in the sector spanned by ``|k> = |m_A = -j + k> |m_B = j - k>``,
k = 0 .. M with M = N/2.  In that basis H is real tridiagonal::

    H_kk - H_00   = 2 k [chi (M - k) - delta]
    H_{k+1,k}     = -chi (M - k)(k + 1)

(the minus sign of the hopping is the sign convention of S_B^+).

Large N: the population sits at k of the order of the pair number n/2, far below
M near the squeezing optimum, and never beyond the classically allowed region of the
relevant energies (k ~ M/2 once the pumps are depleted), so the sector is truncated at
K < M sites and the truncated tridiagonal matrix is diagonalised only in an energy window
around 0: the initial state |0> overlaps only with eigenvectors of energy |E| of a few
chi M (for the two-mode-squeezing generator the spectral density of |0> is
sech(pi E / 2 chi M) / (2 chi M)).  Both truncations are checked on every call: a
Duhamel bound on the state error from the cut coupling (:func:`truncation_bound`), and
the weight of |0> outside the energy window.  Observables are then evaluated in one sweep
over the sites for all times (:mod:`._sweep`), or as small quadratic forms in the eigenbasis
(:mod:`._forms`) for many times.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh_tridiagonal

from .. import _resources
from .._result import Convergence, ParameterError
from ._eigen import window_eigenpairs

__all__ = [
    "SectorPropagator",
    "check_N",
    "sector_hamiltonian",
    "sector_propagator",
    "truncation_bound",
    "checked_propagator",
    "truncation_report",
    "turning_point",
]

_FULL_DIAG_MAX = 2500  # below this sector size diagonalise everything
_POP_TOL = 1e-9  # allowed bound on the norm of the truncation error of the state
_WEIGHT_TOL = 1e-12  # weight of |0> allowed outside the energy window
_FULL_DROP_TOL = (
    1e-26  # weight of |0> dropped with unpopulated eigenvectors after a full diagonalisation
)


def check_N(N: object) -> int:
    """Validate the atom number: a positive even integer (N/2 atoms per ensemble)."""
    try:
        n = int(N)
    except (TypeError, ValueError):
        raise ParameterError("N", "a positive even integer", N) from None
    if n != N or n <= 0 or n % 2:
        raise ParameterError("N", "a positive even integer", N)
    return n


def _check_real(name: str, v: object, positive: bool = False) -> float:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(name, "a real number", v) from None
    if not math.isfinite(x) or (positive and x <= 0):
        raise ParameterError(name, "a finite number > 0" if positive else "a finite number", v)
    return x


def sector_hamiltonian(
    N: int, chi: float, delta: float | None = None, K: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal and off-diagonal of Eq. (1) in the S_A^z + S_B^z = 0 sector.

    Parameters
    ----------
    N
        Total atom number (even); each ensemble holds N/2 atoms.
    chi, delta
        Coupling and Zeeman splitting of Eq. (1); ``delta`` defaults to N chi / 2.
    K
        Number of kept sites k = 0 .. K-1 (default: the whole sector, N/2 + 1).

    Returns
    -------
    d, e
        ``H_kk - H_00`` and ``H_{k+1,k}``, the diagonal shifted by the constant
        ``H_00 = (chi + delta) N/2`` so that the relevant energies sit near zero.
    """
    _resources.estimate("sundar.sector", N, ())  # refuse before allocating
    N = check_N(N)
    M = N // 2
    delta = chi * M if delta is None else float(delta)
    K = M + 1 if K is None else int(min(K, M + 1))
    k = np.arange(K, dtype=float)
    d = 2.0 * k * (chi * (M - k) - delta)
    kb = k[:-1]
    e = -chi * (M - kb) * (kb + 1.0)
    return d, e


@dataclass(frozen=True, slots=True)
class SectorPropagator:
    """Spectral data of the (truncated) sector Hamiltonian seen by the initial state.

    ``amplitudes(t)`` returns c_k(t) = <k| exp(-i H t) |0> for k < K.
    """

    N: int
    chi: float
    delta: float
    K: int
    energies: np.ndarray  # eigenvalues kept (H - H_00)
    vectors: np.ndarray  # (K, n) eigenvectors
    overlaps: np.ndarray  # <E_n|0>
    window_weight_missing: float
    method: str
    orthogonality: float = 0.0
    # window route: (Davis-Kahan bound on the eigenvector angles, max residual, ||T||)
    accuracy: tuple = (0.0, 0.0, 0.0)

    @property
    def M(self) -> int:
        return self.N // 2

    def amplitudes(self, times: np.ndarray) -> np.ndarray:
        """Sector amplitudes, shape (len(times), K)."""
        times = np.atleast_1d(np.asarray(times, dtype=float))
        ph = np.exp(-1j * np.outer(times, self.energies)) * self.overlaps[None, :]
        return ph @ self.vectors.T


def _diagonalise(d: np.ndarray, e: np.ndarray, scale: float, window: float | None):
    if window is None:
        w, v = eigh_tridiagonal(d, e)
        return w, v, 0.0, (0.0, 0.0, 0.0)
    r = window_eigenpairs(d, e, -window * scale, window * scale)
    return r.values, r.vectors, r.orthogonality, (r.vector_error, r.residual, r.norm)


def sector_propagator(
    N: int, chi: float, delta: float | None = None, *, t_max: float = 0.0, K: int | None = None
) -> tuple[SectorPropagator, float]:
    """Build the spectral propagator on a sector truncated to reach ``t_max``.

    The truncation K is chosen from the undepleted-pump estimate of the pair number
    at ``t_max`` (which overestimates the exact one), capped at the classically allowed
    region of the window (:func:`turning_point`), and the window from the spectral
    density of |0>, enlarged until the missing window weight is below tolerance.  The
    truncation itself is checked by the caller (:func:`checked_propagator`).  Returns the
    propagator and the wall time spent.
    """
    t0 = time.perf_counter()
    N = check_N(N)
    chi = _check_real("chi", chi)
    if chi == 0:
        raise ParameterError("chi", "a nonzero real number", chi)
    M = N // 2
    delta = chi * M if delta is None else _check_real("delta", delta)
    g = abs(chi) * M
    window0 = 20.0 + 2.0 * abs(delta - chi * M) / g
    if K is None:
        # thermal tail of the two-mode squeezed vacuum: P(k >= K) = tanh(r)^(2K); this
        # overestimates the exact pair number, so it is capped by the classically allowed
        # region of the window energies (beyond it every eigenvector decays)
        r = min(g * abs(t_max), 350.0)
        kbar = math.sinh(r) ** 2
        # amplitude ~ exp(-k / 2 kbar): 70 kbar keeps the Duhamel bound (t |e_K| |c_K|) below 1e-9
        K = int(min(M + 1, max(400, math.ceil(70.0 * (kbar + 1.0)) + 200)))
        K = min(K, turning_point(N, chi, delta, window0 * g))
    K = int(min(K, M + 1))
    d, e = sector_hamiltonian(N, chi, delta, K)
    if K <= _FULL_DIAG_MAX:
        w, v, ortho, acc = _diagonalise(d, e, g, None)
        # keep only the eigenvectors |0> actually populates: the observables are quadratic forms
        # of size m (cost ~ K m^2 in sector_forms); the overlaps fall off exponentially, so a
        # dropped weight far below round-off costs only a few more vectors; it is reported
        ov2 = v[0, :] ** 2
        order = np.argsort(ov2)
        drop = order[np.cumsum(ov2[order]) <= _FULL_DROP_TOL]
        keep = np.setdiff1d(np.arange(w.size), drop)
        missing = float(np.sum(ov2[drop]))
        w, v = w[keep], np.ascontiguousarray(v[:, keep])
        method = (
            f"full diagonalisation of the {K}-site tridiagonal sector ({keep.size} eigenvectors "
            f"populated by |0> kept)"
        )
    else:
        # sech(pi E / 2 chi M) < 1e-13 beyond |E| = 20 chi M for the two-mode squeezing generator
        window = window0
        while True:
            w, v, ortho, acc = _diagonalise(d, e, g, window)
            missing = max(0.0, 1.0 - float(np.sum(v[0, :] ** 2)))
            if missing <= _WEIGHT_TOL or window > 1e4:
                break
            window *= 2.0
        method = (
            f"tridiagonal eigenpairs in the energy window |E - H_00| < {window:g} chi M on a {K}-site truncated "
            f"sector (of {M + 1})"
        )
    prop = SectorPropagator(N, chi, delta, K, w, v, v[0, :].copy(), missing, method, ortho, acc)
    return prop, time.perf_counter() - t0


def turning_point(N: int, chi: float, delta: float, half_width: float) -> int:
    """Number of sites up to the classically forbidden region of the energy window, plus a margin.

    Row k of the sector matrix has Gershgorin disc d_k +- (|e_{k-1}| + |e_k|); once the
    discs lie entirely outside [-half_width, half_width] (and move away), eigenvectors of
    window energies decay there.  The decay is slow at first (the turning point is a band
    edge: the local decay rate grows like sqrt(k - k_t) / M^(1/2)), so 12 M^(1/3) + 100 sites
    are kept beyond; the truncation is then *checked* (:func:`truncation_bound`).
    """
    M = N // 2
    k = np.arange(M + 1, dtype=float)
    d = 2.0 * k * (chi * (M - k) - delta)
    e = np.abs(chi) * (M - k) * (k + 1.0)
    r = e + np.concatenate([[0.0], e[:-1]])
    inside = (d + r >= -half_width) & (d - r <= half_width)
    last = int(np.nonzero(inside)[0][-1]) if inside.any() else 0
    return int(min(M + 1, last + 1 + 12 * round(M ** (1 / 3)) + 100))


def truncation_bound(prop: SectorPropagator, t_max: float, n_samples: int = 4001) -> float:
    """Duhamel bound on the state error of the truncated sector, ||psi_K(t) - psi(t)|| for t <= t_max.

    The only coupling cut is e_{K-1} between sites K-1 and K, so
    ||psi_K(t) - psi(t)|| <= |e_{K-1}| int_0^t |c_{K-1}(s)| ds <= t_max |e_{K-1}| max_s |c_{K-1}(s)|;
    the maximum is taken over ``n_samples`` times in [0, t_max] and never exceeds the
    rigorous sum_n |<K-1|E_n><E_n|0>|, which is used when smaller.
    """
    if prop.K >= prop.M + 1:
        return 0.0
    M = prop.M
    eK = abs(prop.chi) * (M - (prop.K - 1)) * prop.K
    row = prop.vectors[prop.K - 1, :] * prop.overlaps
    rigorous = float(np.sum(np.abs(row)))
    s = np.linspace(0.0, t_max, n_samples)
    sampled = (
        float(np.max(np.abs(np.exp(-1j * np.outer(s, prop.energies)) @ row))) if row.size else 0.0
    )
    return t_max * eK * min(rigorous, max(sampled, 0.0))


def checked_propagator(
    N: int, chi: float, delta: float | None, t_max: float, K: int | None = None
) -> tuple[SectorPropagator, float]:
    """A propagator whose truncation bound at ``t_max`` is below tolerance (or the full sector).

    K jumps to the turning point of the window first (the UPA tail estimate failed), then doubles.  Returns the propagator
    and its :func:`truncation_bound`.
    """
    prop, _ = sector_propagator(N, chi, delta, t_max=t_max, K=K)
    while True:
        bound = truncation_bound(prop, t_max)
        if bound <= _POP_TOL or prop.K >= prop.M + 1:
            return prop, bound
        K_turn = turning_point(
            prop.N,
            prop.chi,
            prop.delta,
            (20.0 + 2.0 * abs(prop.delta - prop.chi * prop.M) / abs(prop.chi * prop.M))
            * abs(prop.chi)
            * prop.M,
        )
        # the thermal tail estimate failed: the state feels the depletion, go to the allowed region
        K_new = K_turn if prop.K < K_turn else 2 * prop.K
        prop, _ = sector_propagator(N, chi, delta, K=K_new)


def truncation_report(
    prop: SectorPropagator, bound: float, t_max: float | None = None
) -> tuple[Convergence, ...]:
    """Convergence records of the sector truncation, of the energy window and of the eigenpairs.

    ``bound`` is the Duhamel bound of :func:`truncation_bound` (a state-vector norm);
    ``t_max`` (if given) turns the eigenpair residual into a bound on the phase error.
    """
    out = []
    if prop.K < prop.M + 1:
        out.append(
            Convergence(
                "sector truncation K",
                prop.K,
                bound,
                _POP_TOL,
                f"bound on ||psi_K(t) - psi(t)|| from the cut coupling e_(K-1) "
                f"(full sector has {prop.M + 1} sites)",
            )
        )
    else:
        out.append(
            Convergence("sector truncation K", prop.K, 0.0, _POP_TOL, "full sector, no truncation")
        )
    if len(prop.energies) < prop.K:
        out.append(
            Convergence(
                "energy window",
                len(prop.energies),
                prop.window_weight_missing,
                _WEIGHT_TOL,
                "weight of the initial state outside the kept eigenvectors",
            )
        )
        out.append(
            Convergence(
                "eigenvector orthogonality",
                len(prop.energies),
                prop.orthogonality,
                1e-9,
                "max |V^T V - 1| of the inverse-iteration eigenvectors",
            )
        )
        dk, res, norm = prop.accuracy
        out.append(
            Convergence(
                "eigenpair residual",
                len(prop.energies),
                res / norm if norm else 0.0,
                1e-13,
                f"max ||T v - E v|| / ||T|| (backward error; ||T|| = {norm:.3g}); Davis-Kahan bound "
                f"on the eigenvector angles {dk:.2g}",
            )
        )
        if t_max is not None:
            out.append(
                Convergence(
                    "eigenvalue phase error",
                    len(prop.energies),
                    res * t_max,
                    1e-6,
                    "max ||T v - E v|| t_max: bound (rad) on the phase error of every eigencomponent "
                    "(double-precision floor ~eps ||T|| t_max: 4e-10 at N = 1e5, 1e-8 at 1e6, 4e-7 "
                    "at 1e7; measured relative errors of xi^2 vs LAPACK stebz/stein stayed below it)",
                )
            )
    return tuple(out)
