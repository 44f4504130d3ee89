"""The O(sqrt(N)) route F_Q = 4<J_y^2> of sharma2025: its run-time precondition and its cost.

*Why it is exact.*  The reflection ``P|m> = |-m>`` commutes with ``H_eff`` (``J_z`` enters
only as ``J_z^2``) and with the photon loss, and ``P J_y P = -J_y``.  When the initial atomic
amplitudes have definite parity (``C_{-m} = +-C_m``; the coherent spin state along +x is
even), every entry ``rho_A[m, m']`` depends on m, m' only through ``m^2, m'^2`` up to the
common sign, so ``P rho_A = rho_A P = +-rho_A``: rho_A lives in one parity sector and J_y maps
it into the other.  Then ``<J_y> = 0``, ``Tr[(rho_A J_y)^2] = 0`` (condition (B5)) and the
eigen formula (5) collapses to ``4 Tr[rho_A J_y^2]``, which needs only the diagonal ``J_z^2``
moment (conserved) and the second off-diagonal ``rho_A[m, m+2]``.

*Run-time check.*  :func:`parity_defect` measures the odd part of the amplitudes actually
used, ``delta = ||C - s P C||_2 / (2 ||C||_2)`` for the better sign s, and the mirror defect
of the sector frequencies ``omega_m`` on the window.  A state whose amplitudes carry an odd
part of norm delta has ``|<J_y>| <= delta N`` and ``|Tr[(rho J_y)^2]| <= (delta N)^2``
(block decomposition of rho in the parity basis, ``||J_y|| = N/2``); the route is taken only
when delta is at round-off (``PARITY_TOL``) and the check is reported in ``convergence``.

*Dicke window.*  Only rows ``k0 - 2 .. k1 + 1`` around the window ``k0..k1-1`` holding all
but ``w < 1e-32`` of the CSS weight enter; every pair ``(k, k+2)`` with a row inside the
window is kept, so the pairs left out have both rows outside and
``sum |rho[k, k+2]| c2_k <= max(c2) w``: ``|Delta F_Q| <= 2 max(c2) w = N(N+2) w / 2``, and
``|Delta n| <= w (sqrt(alpha2) + eta t)^2`` (``|alpha_m(t)| <= |alpha_0| + eta t``).

Notes
-----
:func:`qfi_operation_count` gives the operation count of each route (the bench table
compares measured times with it at the ~1e8 complex operations per second of one core).
"""

from __future__ import annotations

import math

import numpy as np

from ._lossy_common import _log_css

__all__ = [
    "PARITY_TOL",
    "css_even",
    "dicke_window",
    "lossless_moments",
    "parity_defect",
    "qfi_operation_count",
    "window_rows",
]

# Relative odd part of the amplitudes accepted as round-off (CSS amplitudes from gammaln
# carry ~1e-14 at N ~ 400, see numeric._spin.css_amplitudes).
PARITY_TOL = 1e-12


def css_even(N: int) -> np.ndarray:
    """CSS amplitudes ``C_m = sqrt(binom(N, N/2+m)) / 2^(N/2)``, bitwise even in m -> -m,
    ``sum C_m^2 = 1`` to round-off (:func:`._lossy_common._log_css`)."""
    return np.exp(_log_css(N))


_DICKE_TAIL = 1e-32


def dicke_window(C: np.ndarray) -> tuple[int, int, float]:
    """Rows ``k0..k1-1`` of a symmetric CSS holding all but < 1e-32 of its weight, and the
    weight ``sum C_m^2`` of the rows left out."""
    cum = np.cumsum(C**2)  # from the light tail: tiny terms are summed first
    s = int(np.searchsorted(cum, 0.5 * _DICKE_TAIL, side="right"))
    dropped = 2.0 * float(cum[s - 1]) if s > 0 else 0.0
    return s, C.size - s, dropped


def parity_defect(C: np.ndarray, omega: np.ndarray | None = None) -> float:
    """Relative size of the part of the state that breaks the reflection parity m -> -m.

    Parameters
    ----------
    C
        Initial Dicke amplitudes over all ``N + 1`` rows (index ``k = m + N/2``).
    omega
        Sector frequencies ``omega_m`` on a window symmetric about ``m = 0`` (optional):
        their mirror defect ``max|omega_m - omega_-m| / max|omega|`` is added.

    Returns
    -------
    float
        ``min_s ||C - s C[::-1]||_2 / (2 ||C||_2)`` (plus the omega defect); 0 for an exactly
        even or odd state.

    Notes
    -----
    The model's entries depend on m only through ``m^2`` (``omega_m``, the phases, the loss
    integrals); the solvers compute them from ``m**2``, which is bitwise even, so the
    amplitudes are the only place an odd part can enter.
    """
    C = np.asarray(C)
    R = C[::-1]
    norm = float(np.linalg.norm(C))
    if norm == 0.0:
        return math.inf
    d = 0.5 * min(float(np.linalg.norm(C - R)), float(np.linalg.norm(C + R))) / norm
    if omega is not None and omega.size:
        scale = float(np.max(np.abs(omega)))
        d += float(np.max(np.abs(omega - omega[::-1]))) / scale if scale > 0 else 0.0
    return d


def window_rows(k0: int, k1: int, N: int) -> tuple[int, int]:
    """Rows ``lo..hi-1`` the variance route evaluates: the window ``k0..k1-1`` plus two rows
    on each side (so every pair ``(k, k+2)`` touching the window is kept)."""
    return max(k0 - 2, 0), min(k1 + 2, N + 1)


def _x_minus_sin_over_x2(x: np.ndarray, sx: np.ndarray) -> np.ndarray:
    """(x - sin x)/x^2 given sin x; the series below |x| = 1 (10 terms: exact to 1e-19)."""
    out = np.empty_like(x)
    small = np.abs(x) < 1.0
    xs = x[small]
    term = xs / 6.0
    acc = term.copy()
    for k in range(2, 11):
        term = -term * xs * xs / ((2 * k) * (2 * k + 1))
        acc += term
    out[small] = acc
    xl = x[~small]
    out[~small] = (xl - sx[~small]) / (xl * xl)
    return out


# (time, row) entries evaluated at once (~1 MiB per real temporary)
_BATCH = 1 << 17


def lossless_moments(m, C, c2, U, W0, Dc, eta, a0, t):
    """Re<J_+^2> and n(t) of the lossless closed-form state from the rows ``m`` only.

    Per time and row: ``alpha_m = a0 e^{-ix} - eta t e^{-ix/2} sinc(x/2)``,
    ``phi_m = -U m^2 t + eta^2 t^2 (x - sin x)/x^2 - eta a0 t (x/2) sinc^2(x/2)`` with
    ``x = omega_m t`` (the formulas of :func:`._lossless.photon_amplitudes`, in real
    arithmetic from one ``sin``/``cos`` of ``x/2``), then
    ``Re rho[k, k+2] = C_k C_{k+2} e^{-|a-b|^2/2} cos(phi_k - phi_{k+2} + Im(b^* a))``
    (``a = alpha_k``, ``b = alpha_{k+2}``), summed with the weights ``c2``.

    The rows must be a window symmetric about m = 0 with even amplitudes (checked by the
    caller, :func:`parity_defect`): then row ``W-1-r`` equals row ``r`` and pair ``W-3-p``
    is the complex conjugate of pair ``p``, so only the lower half is evaluated.

    Returns
    -------
    (jp2_re, nbar)
        Arrays of length ``len(t)``.
    """
    W = m.size
    hr = (W - 1) // 2  # rows r < hr count twice; r == hr once if W is odd
    hp = (W - 3) // 2 if W >= 3 else -1  # pairs p < hp twice; p == hp once if W is odd
    R = max(hr, hp + 2) + 1
    mk2 = m[:R] ** 2
    wx = -Dc + 2.0 * W0 * mk2
    r = np.arange(R)
    rw = np.where(r <= hr, np.where(2 * r == W - 1, 1.0, 2.0), 0.0) * C[:R] ** 2
    p = np.arange(hp + 1)
    pw = np.where(2 * p == W - 3, 1.0, 2.0) * c2[: hp + 1] * C[p] * C[p + 2]
    jp2 = np.empty(t.size)
    nbar = np.empty(t.size)
    step = max(1, _BATCH // R)
    for b in range(0, t.size, step):
        tt = t[b : b + step, None]
        x = wx[None, :] * tt
        h = 0.5 * x
        s, c = np.sin(h), np.cos(h)
        with np.errstate(invalid="ignore", divide="ignore"):
            sh = np.where(h != 0.0, s / h, 1.0)
        sx = 2.0 * s * c
        f = eta * tt * sh
        ar = a0 * (c * c - s * s) - f * c
        ai = f * s - a0 * sx
        ph = (
            -U * mk2[None, :] * tt
            + eta * eta * tt * tt * _x_minus_sin_over_x2(x, sx)
            - eta * a0 * tt * 0.5 * x * sh * sh
        )
        nbar[b : b + step] = (ar * ar + ai * ai) @ rw
        if hp < 0:
            jp2[b : b + step] = 0.0
            continue
        a_r, a_i, b_r, b_i = ar[:, : hp + 1], ai[:, : hp + 1], ar[:, 2 : hp + 3], ai[:, 2 : hp + 3]
        dr, di = a_r - b_r, a_i - b_i
        th = ph[:, : hp + 1] - ph[:, 2 : hp + 3] + (b_r * a_i - b_i * a_r)
        jp2[b : b + step] = (np.exp(-0.5 * (dr * dr + di * di)) * np.cos(th)) @ pw
    return jp2, nbar


def _window_size(N: int) -> float:
    """Rows of the 1e-32 Dicke window: ``2 sqrt(37 N)`` (Hoeffding: P(|m| > M) <= 2 e^{-2M^2/N})."""
    return min(N + 1.0, 2.0 * math.sqrt(37.0 * N) + 5.0)


# complex-operation equivalents (1 = one complex multiply-add ~ 4 real flops; one real
# transcendental ~ 5), counted from the code per (time, row) of each route
_OPS_AMPLITUDE = 15.0  # lossless alpha_m, phi_m in real arithmetic: sin, cos, ~20 flops
_OPS_PAIR = 13.0  # Re rho[k, k+2]: exp, cos, ~12 flops, weight
_OPS_AMPLITUDE_COMPLEX = 30.0  # numpy complex route (eig): two complex exps, sinc, series
_OPS_DENSE_ENTRY = 12.0  # one dense entry rho[m, m'] (complex exp of the overlap, products)
_OPS_LOSSY_PAIR = 45.0  # _pair_s: phi1(x+y), b, b, d (closed forms / series) + exponent
_OPS_LOSSY_AMPLITUDE = 15.0  # phi1, phi2, e^{-x}, I1, alpha update per sector and segment
_OPS_EIGH = 3.3  # zheevd ~ (4/3 + 2) n^3 complex ops with eigenvectors


def qfi_operation_count(
    N: int,
    n_times: int,
    method: str = "auto",
    lossy: bool = False,
    *,
    segments: int = 1,
    n_ph: float | None = None,
) -> float:
    """Complex operations of one QFI call of sharma2025 (the cost model of each route).

    Parameters
    ----------
    N
        Atom number.
    n_times
        Number of output times.
    method
        ``"auto"`` / ``"variance"`` (what ``"auto"`` runs for the model's even CSS) or
        ``"eig"``.
    lossy
        The photon-loss solver (:func:`numeric.sharma.qfi_lossy`) instead of the lossless one.
    segments
        Pump segments (2 with ``pump_off`` inside the time range).
    n_ph
        Lossless ``"eig"`` only: Fock cutoff of the Schmidt factor (``|alpha|^2 + 10|alpha| +
        20``); when it is below the window the Gram route is counted, else (default) the dense
        route, an upper bound.

    Returns
    -------
    float
        Complex-operation equivalents (one complex multiply-add = 1, one real transcendental
        call ~ 5), to compare with ~1e8 per second of one core.

    Notes
    -----
    ``W = 2 sqrt(37 N)`` rows hold all but 1e-32 of the CSS weight (all N + 1 for N <~ 150);
    the variance routes evaluate the lower half, ``R = W/2 + 2`` rows.

    * variance, lossless: ``T R (A + P)`` — amplitudes and the pair ``(k, k+2)`` per row.
    * variance, lossy: ``T R (A_l + P_l) segments``.
    * eig, lossless: ``T (N+1) A_c`` (amplitudes of all sectors) plus per time the dense state
      ``W^2 E`` and the eigh of the two parity blocks ``2 x 3.3 (W/2)^3``, or the Gram route
      ``W n_ph (E + n_ph) + 3.3 n_ph^3``.
    * eig, lossy: ``T (W^2/2 (P_l segments) + 3.3 (W/2)^3)`` — the pairs of the rows m >= 0,
      eigh of the even block.

    Plus ``10 (N + 1)`` once (the CSS amplitudes, the parity check, the window search).

    Examples
    --------
    >>> qfi_operation_count(10_000, 200) < 1e7
    True
    """
    N, T = int(N), int(n_times)
    W = _window_size(N)
    R = 0.5 * W + 2.0
    once = 10.0 * (N + 1)
    if method in ("variance", "auto"):
        if lossy:
            return once + T * R * (_OPS_LOSSY_AMPLITUDE + _OPS_LOSSY_PAIR) * segments
        return once + T * R * (_OPS_AMPLITUDE + _OPS_PAIR)
    if method == "eig":
        half = 0.5 * W
        if lossy:
            return once + T * (0.5 * W * W * _OPS_LOSSY_PAIR * segments + _OPS_EIGH * half**3)
        per = _OPS_AMPLITUDE_COMPLEX * (N + 1)
        if n_ph is not None and n_ph + 1 < W:
            per += W * n_ph * (_OPS_DENSE_ENTRY + n_ph) + _OPS_EIGH * n_ph**3
        else:
            per += W * W * _OPS_DENSE_ENTRY + 2.0 * _OPS_EIGH * half**3
        return once + T * per
    raise ValueError(f"method must be 'auto', 'variance' or 'eig', got {method!r}")
