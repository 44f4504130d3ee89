"""Exact lossless atomic state of the cavity-assisted Josephson junction at J = 0 (sharma2025).

Derivation (ours; it replaces the printed Eqs. (6)-(7), (A37)-(A38))
--------------------------------------------------------------------
``H_eff = -Dc a^dag a - i eta (a^dag - a) + U J_z^2 + 2 W0 a^dag a J_z^2`` conserves
``J_z``. In the sector ``J_z = m`` the photon sees the driven oscillator
``H_m = w_m a^dag a - i eta (a^dag - a) + U m^2`` with ``w_m = -Dc + 2 W0 m^2``.
A coherent state stays coherent, ``|psi_m(t)> = exp(i phi_m) |alpha_m(t)>``; inserting
this ansatz in the Schrödinger equation gives

* ``d alpha/dt = -i w alpha - eta``  =>  ``alpha_m(t) = alpha0 e^{-i w t} + i eta (1 - e^{-i w t})/w``,
* ``d phi/dt = -U m^2 + eta Im alpha(t)``  =>
  ``phi_m = -U m^2 t + eta^2 (w t - sin w t)/w^2 - eta alpha0 (1 - cos w t)/w``
  (``alpha0`` real).

For ``alpha0 = 0``, ``eta^2 (w t - sin w t)/w^2 = eta beta t - beta^2 sin(w t)`` with
``beta = eta/w``: the phase carries ``exp(+i eta beta_m t)`` as in (A23)/(B7), not the
``exp(-i eta beta_m t)`` printed in (7)/(A38). Tracing out the photon,

``rho_A[m, m'] = C_m C_m' exp(i(phi_m - phi_m')) <alpha_m'|alpha_m>``,
``<b|a> = exp(-|a - b|^2/2 + i Im(b^* a))``.

The printed (7) has ``exp(-(|g_m|^2 + |g_m'|^2) t/2)``: the factor ``t`` is spurious.

All ``1/w`` factors are removable singularities; they are evaluated through
``(1 - e^{-ix})/x = i e^{-ix/2} sinc(x/2)``, ``(1 - cos x)/x = (x/2) sinc^2(x/2)`` and a
series for ``(x - sin x)/x^2``, so ``w_m = 0`` exactly is fine.
"""

from __future__ import annotations

import math
import time as _time
from dataclasses import dataclass

import numpy as np

from .. import _resources
from .._qfi import qfi_factor
from .._result import Convergence, ParameterError, Result
from .._spin import check_atom_number, css_amplitudes, dicke_m, gammaln, spin_operators
from ._parity import ROUNDOFF, herm, parity_basis, qfi_blocks
from ._variance import (
    PARITY_TOL,
    css_even,
    dicke_window,
    lossless_moments,
    parity_defect,
    window_rows,
)

__all__ = [
    "PhotonAmplitudes",
    "atomic_state",
    "photon_amplitudes",
    "photon_number",
    "qfi_lossless",
]


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------


def _real(name: str, x: object, allowed: str = "a real number") -> float:
    if isinstance(x, bool) or isinstance(x, complex | np.complexfloating):
        raise ParameterError(name, allowed, x)
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(name, allowed, x) from None
    if not math.isfinite(v):
        raise ParameterError(name, allowed, x)
    return v


def _nonneg(name: str, x: object) -> float:
    v = _real(name, x, "a finite real number >= 0")
    if v < 0:
        raise ParameterError(name, "a finite real number >= 0", x)
    return v


def _times(t: object) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(t, dtype=float))
    except (TypeError, ValueError):
        raise ParameterError("t", "real times >= 0", t) from None
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError("t", "a non-empty 1-d array of finite times >= 0", t)
    return arr


def _validate(N, U, W0, Delta_c, eta, t, alpha2):
    N = check_atom_number(N)
    return (
        N,
        _real("U", U),
        _real("W0", W0),
        _real("Delta_c", Delta_c),
        _nonneg("eta", eta),
        _times(t),
        _nonneg("alpha2", alpha2),
    )


# ---------------------------------------------------------------------------
# the photon in sector m
# ---------------------------------------------------------------------------


def _sinc_half(x: np.ndarray) -> np.ndarray:
    """``sin(x/2)/(x/2)`` (``np.sinc`` is ``sin(pi y)/(pi y)``)."""
    return np.sinc(x / (2.0 * np.pi))


def _x_minus_sin_over_x2(x: np.ndarray) -> np.ndarray:
    """``(x - sin x)/x^2``, odd and regular at 0 (series where it cancels)."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    small = np.abs(x) < 1.0
    xs = x[small]
    # sum_{k>=1} (-1)^(k+1) x^(2k-1)/(2k+1)!; 10 terms are exact to 1e-19 for |x| < 1
    term = xs / 6.0
    acc = term.copy()
    for k in range(2, 11):
        term = -term * xs * xs / ((2 * k) * (2 * k + 1))
        acc += term
    out[small] = acc
    xl = x[~small]
    out[~small] = (xl - np.sin(xl)) / (xl * xl)
    return out


@dataclass(frozen=True, slots=True)
class PhotonAmplitudes:
    """Coherent amplitude ``alpha_m(t)`` and phase ``phi_m(t)`` of the photon in each J_z sector.

    Arrays have shape ``(len(t), N+1)``.
    """

    alpha: np.ndarray
    phase: np.ndarray


def photon_amplitudes(
    N: int, U: float, W0: float, Delta_c: float, eta: float, t: np.ndarray, *, alpha2: float = 0.0
) -> PhotonAmplitudes:
    """Photon amplitude and phase conditioned on ``J_z = m`` for the pumped cavity.

    Notes
    -----
    ``alpha_m(t) = alpha0 e^{-i w t} - eta t e^{-i w t/2} sinc(w t/2)`` and
    ``phi_m(t) = -U m^2 t + eta^2 t^2 (x - sin x)/x^2 - eta alpha0 t (x/2) sinc^2(x/2)``
    with ``x = w_m t``, ``alpha0 = sqrt(alpha2)`` real. Exact, regular at ``w_m = 0``.
    """
    _resources.estimate("sharma.amplitudes", N, t)  # refuse before allocating
    N, U, W0, Delta_c, eta, t, alpha2 = _validate(N, U, W0, Delta_c, eta, t, alpha2)
    alpha, phase = _amplitudes(dicke_m(N), U, W0, Delta_c, eta, t, math.sqrt(alpha2))
    return PhotonAmplitudes(alpha=alpha, phase=phase)


def _amplitudes(m, U, W0, Delta_c, eta, t, a0):
    """alpha_m(t), phi_m(t) (shape (len(t), len(m))) for the sectors m (validated inputs)."""
    w = -Delta_c + 2.0 * W0 * m**2
    tt = t[:, None]
    x = w[None, :] * tt
    sh = _sinc_half(x)
    alpha = a0 * np.exp(-1j * x) - eta * tt * np.exp(-0.5j * x) * sh
    phase = (
        -U * m[None, :] ** 2 * tt
        + eta**2 * tt**2 * _x_minus_sin_over_x2(x)
        - eta * a0 * tt * 0.5 * x * sh**2
    )
    return alpha, phase


def _state_matrix(C: np.ndarray, alpha: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """``rho[m,m'] = C_m C_m'^* e^{i(phi_m - phi_m')} <alpha_m'|alpha_m>`` (leading axes: times)."""
    psi = C * np.exp(1j * phase)
    a, b = alpha[..., :, None], alpha[..., None, :]
    diff = a - b
    overlap = np.exp(-0.5 * (diff.real**2 + diff.imag**2) + 1j * np.imag(np.conj(b) * a))
    return psi[..., :, None] * np.conj(psi)[..., None, :] * overlap


def atomic_state(
    N: int, U: float, W0: float, Delta_c: float, eta: float, t, *, alpha2: float = 0.0
) -> np.ndarray:
    """Exact atomic density matrix ``rho_A(t)`` of the lossless model at J = 0.

    Parameters
    ----------
    N, U, W0, Delta_c, eta
        Atom number, on-site interaction, photon-induced interaction per photon,
        cavity detuning as it appears in ``H_eff``, pump amplitude (>= 0).
    t
        Times (>= 0).
    alpha2
        Initial coherent photon number ``|alpha0|^2`` (``alpha0`` real >= 0); 0 is vacuum.

    Returns
    -------
    ndarray
        Shape ``(len(t), N+1, N+1)``, index ``k = m + N/2``.

    Notes
    -----
    Atoms start in the coherent spin state along +x, photons in ``|alpha0>``. No
    truncation: the photon trace is done in closed form (see module docstring).
    Memory is ``16 (N+1)^2 len(t)`` bytes — use :func:`qfi_lossless` for large N.

    Examples
    --------
    Without photon coupling the state stays pure (one-axis twisting):

    >>> rho = atomic_state(4, 1.0, 0.0, 1.0, 0.0, [0.3])[0]
    >>> bool(abs(np.trace(rho @ rho) - 1) < 1e-12)
    True
    """
    _resources.estimate("sharma.state", N, t)  # refuse before allocating
    amps = photon_amplitudes(N, U, W0, Delta_c, eta, t, alpha2=alpha2)
    C = css_amplitudes(int(N))
    return _state_matrix(C, amps.alpha, amps.phase)


def photon_number(
    N: int, U: float, W0: float, Delta_c: float, eta: float, t, *, alpha2: float = 0.0
) -> np.ndarray:
    """Exact mean photon number ``<a^dag a>(t) = sum_m C_m^2 |alpha_m(t)|^2``."""
    _resources.estimate("sharma.amplitudes", N, t)  # refuse before allocating
    amps = photon_amplitudes(N, U, W0, Delta_c, eta, t, alpha2=alpha2)
    C2 = css_amplitudes(int(N)) ** 2
    return np.abs(amps.alpha) ** 2 @ C2


# ---------------------------------------------------------------------------
# QFI
# ---------------------------------------------------------------------------

_FOCK_TAIL = 1e-15


def _fock_cutoff(nmax_alpha2: float) -> tuple[int, float]:
    """Smallest cutoff whose Poisson tail ``P(n > n_ph)`` is below ``_FOCK_TAIL``."""
    from scipy.special import gammainc  # only the Fock route needs it

    n = int(math.ceil(nmax_alpha2 + 10.0 * math.sqrt(nmax_alpha2) + 20))
    while True:
        tail = float(gammainc(n + 1, nmax_alpha2)) if nmax_alpha2 > 0 else 0.0
        if tail < _FOCK_TAIL:
            return n, tail
        n = int(n * 1.2) + 5


def _schmidt_factor(C: np.ndarray, alpha: np.ndarray, phase: np.ndarray, n_ph: int) -> np.ndarray:
    """``A[m, n] = C_m e^{i phi_m} <n|alpha_m>`` so that ``rho_A = A A^dag`` (Fock-truncated)."""
    n = np.arange(n_ph + 1)
    r = np.abs(alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        logr = np.log(r)
        logamp = -0.5 * r[:, None] ** 2 + n[None, :] * logr[:, None] - 0.5 * gammaln(n + 1)[None, :]
    logamp[:, 0] = -0.5 * r**2  # 0 * log 0 := 0 (vacuum component of |0>)
    # one complex exponential for modulus and phase (the costly step at large N)
    arg = n[None, :] * np.angle(alpha)[:, None] + phase[:, None]
    return C[:, None] * np.exp(logamp + 1j * arg)


def _offdiag(psi, alpha, s: int):
    """``rho[k, k+s] = psi_k psi_{k+s}^* <alpha_{k+s}|alpha_k>`` (leading axes: times)."""
    a, b = alpha[..., :-s], alpha[..., s:]
    d = a - b
    ov = np.exp(-0.5 * (d.real**2 + d.imag**2) + 1j * np.imag(np.conj(b) * a))
    return psi[..., :-s] * np.conj(psi[..., s:]) * ov


def _jy_moments_offdiag2(C, alpha, phase, c2):
    """``<J_+^2> = sum_k rho[k, k+2] c_k c_{k+1}`` from the two needed diagonals only
    (leading axes of alpha, phase: times)."""
    return _offdiag(C * np.exp(1j * phase), alpha, 2) @ c2


# stacked dense matrices per batch of the dense eigen route (~16 MiB of complex entries)
_DENSE_BATCH = 1 << 20


def _qfi_dense_batch(rho: np.ndarray, jy: np.ndarray, parity):
    """Eq. (5) and the J_y moments for a stack of dense states on the Dicke window.

    Same formula as :func:`numeric._qfi.qfi_eig` (eigenvalues clipped at 0, pairs with
    ``l_i + l_j = 0`` skipped), vectorised over the leading (time) axis.  Where a state
    has no even-odd coherence under m -> -m (checked per time, to round-off) the eigen
    formula runs on its half-size parity blocks (:func:`._parity.qfi_blocks`), otherwise on
    the full matrix.  ``parity = (Qe, Qo, X)``: dense even / odd basis rows on the window
    and ``X = Qe J_y Qo^T``.  Returns (F_Q, <J_y>, Tr[(rho J_y)^2], 4 Var J_y, largest
    even-odd coherence relative to max |rho|).
    """
    Qe, Qo, X = parity
    M = rho @ jy
    jym = np.trace(M, axis1=1, axis2=2).real
    trc = np.einsum("tij,tji->t", M, M).real
    qvar = 4.0 * (np.einsum("tij,ji->t", M, jy).real - jym**2)
    ne = Qe.shape[0]
    Q = np.concatenate((Qe, Qo))  # real orthogonal: rows = even then odd basis vectors
    rp = Q @ rho @ Q.T
    scale = np.max(np.abs(rho), axis=(1, 2))
    eo = np.max(np.abs(rp[:, :ne, ne:]), axis=(1, 2), initial=0.0) / scale
    split = eo <= ROUNDOFF
    qfi = np.empty(rho.shape[0])
    if split.any():
        qfi[split], _ = qfi_blocks(rp[split, :ne, :ne], rp[split, ne:, ne:], X)
    if not split.all():
        w, V = np.linalg.eigh(herm(rho[~split]))
        w = np.clip(w, 0.0, None)
        Gt = np.conj(np.swapaxes(V, -1, -2)) @ (jy @ V)
        s = w[:, :, None] + w[:, None, :]
        d2 = (w[:, :, None] - w[:, None, :]) ** 2
        ratio = np.divide(d2, s, out=np.zeros_like(s), where=s > 0)
        qfi[~split] = 2.0 * np.sum(ratio * (Gt.real**2 + Gt.imag**2), axis=(1, 2))
    return qfi, jym, trc, qvar, float(np.max(eo))


_DICKE_TAIL = 1e-32


def _dicke_window(C: np.ndarray) -> tuple[int, int, float]:
    """Rows ``k0..k1-1`` of the (symmetric) CSS holding all but < 1e-32 of its weight."""
    return dicke_window(C)


def _parity_refusal() -> ParameterError:
    return ParameterError(
        "method",
        "'eig' or 'auto' unless the initial atomic state has definite m -> -m parity "
        "(C_{-m} = +-C_m)",
        "variance",
    )


def _qfi_variance(N, U, W0, Delta_c, eta, t, a0, C, window, delta):
    """F_Q = 4<J_y^2>, <J_y>, 4 Var J_y and n(t) from the rows ``lo..hi-1`` only.

    ``window = (k0, k1, dropped)`` of :func:`_dicke_window`; ``delta`` the parity defect
    (checked by the caller).  Returns (observables, convergence entries).
    """
    k0, k1, dropped = window
    lo, hi = window_rows(k0, k1, N)
    m_all = dicke_m(N)
    jz2 = float(np.sum(C**2 * m_all**2))  # conserved: all rows, once
    m, Cw = m_all[lo:hi], C[lo:hi]
    j = N / 2
    c2 = np.sqrt((j - m[:-2]) * (j + m[:-2] + 1) * (j - m[:-2] - 1) * (j + m[:-2] + 2))
    jp2, nbar = lossless_moments(m, Cw, c2, U, W0, Delta_c, eta, a0, t)
    # <J_y^2> = (j(j+1) - <J_z^2>)/2 - Re<J_+^2>/2 (J_z^2 is conserved); <J_y> = 0 (parity)
    qfi = 2.0 * (j * (j + 1) - jz2) - 2.0 * jp2
    obs = {"qfi": qfi, "qfi_variance": qfi, "nbar": nbar, "qfi_4jy2": qfi}
    dq = 0.5 * N * (N + 2) * dropped
    dn = dropped * (a0 + eta * float(np.max(t))) ** 2
    conv = (
        Convergence(
            "Dicke window of the CSS",
            k1 - k0,
            dropped,
            _DICKE_TAIL,
            f"CSS weight of the dropped |m| tails (rows {lo}..{hi - 1} evaluated); "
            f"|dF_Q| <= N(N+2)w/2 = {dq:.1e}, |dn| <= w (|alpha0| + eta t)^2 = {dn:.1e}",
        ),
        Convergence(
            "reflection parity m -> -m (precondition of F_Q = 4<J_y^2>)",
            float(N),
            delta,
            PARITY_TOL,
            f"odd part of C_m plus mirror defect of omega_m; rho_A is even to this accuracy, "
            f"so <J_y> = 0 (bound delta N = {delta * N:.1e}) and |Tr[(rho J_y)^2]| <= "
            f"(delta N)^2 = {(delta * N) ** 2:.1e}",
        ),
    )
    return obs, conv


def qfi_lossless(
    N: int,
    U: float,
    W0: float,
    Delta_c: float,
    eta: float,
    t,
    *,
    alpha2: float = 0.0,
    method: str = "auto",
) -> Result:
    """Exact QFI (generator J_y) of the lossless atomic state at J = 0.

    Parameters
    ----------
    N, U, W0, Delta_c, eta, t, alpha2
        As in :func:`atomic_state`.
    method
        ``"auto"`` (default): ``"variance"`` when its precondition (definite m -> -m parity
        of the state) is verified at run time, else ``"eig"``; the check is reported in
        ``convergence``.
        ``"eig"``: the eigen-decomposition formula, Eq. (5) (the reference).
        ``"variance"``: ``F_Q = 4 <J_y^2>``, O(sqrt N) per time on the Dicke window;
        refused where the parity check fails (see Notes).

    Returns
    -------
    Result
        Observables ``qfi``, ``qfi_variance`` (``4 Var J_y``), ``nbar``, ``jy_mean``,
        ``qfi_4jy2`` (``4<J_y^2>``) and, with ``method="eig"``, ``tr_rhojy_sq``
        (condition (B5)).

    Notes
    -----
    *Proof of (B5) used by ``method="variance"``.* The reflection ``P|m> = |-m>``
    commutes with ``H_eff`` (``J_z`` enters only as ``J_z^2``; also ``J_x`` and the
    photon loss commute with P) and ``P J_y P = -J_y``. The initial CSS has
    ``P|psi0> = |psi0>``, so ``P rho_A = rho_A P = rho_A``: rho_A lives in the even
    sector and ``J_y`` maps it into the odd one. Hence ``<J_y> = 0``,
    ``Tr[(rho J_y)^2] = Tr[rho J_y rho J_y] = 0`` and the eigen formula collapses
    to ``4 Tr[rho J_y^2] = N(N+1)/2 - 2 Re <J_+^2>``. The condition is definite
    parity of the initial amplitudes, ``C_{-m} = +-C_m``; it holds for every
    J, kappa, eta, alpha2 of this model.  It is checked at run time
    (:func:`._variance.parity_defect`: odd part of the amplitudes and mirror defect of
    ``omega_m``, below 1e-12) and reported in ``convergence``.

    *Cost of "variance".* Only the rows of the 1e-32 Dicke window (below) plus two on each
    side are evaluated, ``O(sqrt(N))`` per time, all times at once; the pairs left out bound
    ``|dF_Q| <= N(N+2) w/2`` for the dropped weight ``w`` (reported).  The CSS amplitudes
    and the parity check are ``O(N)``, once.

    *Cost of "eig".* Dicke rows with ``|m|`` so large that their total CSS weight
    ``sum C_m^2`` is < 1e-32 are dropped (window reported in ``convergence``; about
    ``2 sqrt(37 N)`` rows remain). ``rho_A = A A^dag`` with ``A[m,n] = C_m e^{i phi_m} <n|alpha_m>``
    (a Schmidt factor in a Fock basis cut where the Poisson tail of the largest
    ``|alpha_m|^2`` is < 1e-15; the cut is reported in ``convergence``). When the
    factor is thinner than the window the eigenpairs come from its ``n_ph x n_ph`` Gram
    matrix in ``O(N n_ph^2)`` (:func:`numeric._qfi.qfi_factor`); otherwise the dense
    ``rho_A`` is diagonalised (the formula of :func:`numeric._qfi.qfi_eig`, for all
    such times in one stacked ``eigh``, on the two half-size m -> -m parity blocks of
    rho_A where its even-odd coherence is at round-off, checked per time). All are Eq. (5).
    A very long time at large N (``|alpha_m|^2`` above the window size) falls back to
    the dense route on the window.

    Examples
    --------
    The coherent spin state is at the shot-noise limit, ``F_Q = N``:

    >>> r = qfi_lossless(100, 1.0, 1.0, 1.0, 320.0, [0.0, 0.01])
    >>> float(round(r["qfi"][0], 9))
    100.0
    >>> bool(r["qfi"][1] > 100)
    True
    """
    # refuse before allocating
    _resources.estimate("sharma.qfi", N, t, method=method, eta=eta, alpha2=alpha2)
    start = _time.perf_counter()
    N, U, W0, Delta_c, eta, t, alpha2 = _validate(N, U, W0, Delta_c, eta, t, alpha2)
    if method not in ("auto", "eig", "variance"):
        raise ParameterError("method", "'auto', 'eig' or 'variance'", method)
    params = dict(N=N, U=U, W0=W0, Delta_c=Delta_c, eta=eta, alpha2=alpha2)
    if method != "eig":
        C = css_even(N)
        window = _dicke_window(C)
        lo, hi = window_rows(window[0], window[1], N)
        delta = parity_defect(C, -Delta_c + 2.0 * W0 * dicke_m(N)[lo:hi] ** 2)
        if delta <= PARITY_TOL:
            a0 = math.sqrt(alpha2)
            obs, conv = _qfi_variance(N, U, W0, Delta_c, eta, t, a0, C, window, delta)
            how = (
                "closed-form state; F_Q = 4<J_y^2> (reflection parity checked at run time, "
                f"defect {delta:.1e}), O(sqrt N) Dicke window rows per time"
            )
            elapsed = _time.perf_counter() - start
            return Result("sharma.qfi_lossless", params, t, obs, conv, elapsed, how)
        if method == "variance":
            raise _parity_refusal()
    C = css_amplitudes(N)
    window = _dicke_window(C)
    amps = photon_amplitudes(N, U, W0, Delta_c, eta, t, alpha2=alpha2)
    ops = spin_operators(N)
    j = N / 2
    m = ops.m
    c2 = np.sqrt((j - m[:-2]) * (j + m[:-2] + 1) * (j - m[:-2] - 1) * (j + m[:-2] + 2))
    jz2 = float(np.sum(C**2 * m**2))
    nbar = np.abs(amps.alpha) ** 2 @ C**2
    # per time: the (times x N) temporaries of one vectorised call fall out of cache at large N
    jp2 = np.array(
        [_jy_moments_offdiag2(C, a, p, c2) for a, p in zip(amps.alpha, amps.phase, strict=True)]
    )
    # <J_y^2> = (j(j+1) - <J_z^2>)/2 - Re<J_+^2>/2 (J_z^2 is conserved)
    jy2 = 0.5 * (j * (j + 1) - jz2) - 0.5 * jp2.real

    # rows whose CSS weight is below 1e-32 in total are dropped (reported in convergence)
    k0, k1, dropped = window
    lo, hi = max(k0 - 1, 0), min(k1 + 1, N + 1)  # +-1 row: J_y is tridiagonal
    jy = ops.jy[lo:hi, lo:hi]
    rows = slice(k0 - lo, k1 - lo)
    Cw = C[k0:k1]
    qfi = np.empty(t.size)
    qvar = np.empty(t.size)
    jym = np.empty(t.size)
    trc = np.empty(t.size)
    worst_tail, worst_nph = 0.0, 0
    dense = []  # times for the dense route, done together below
    for i in range(t.size):
        a, p = amps.alpha[i, k0:k1], amps.phase[i, k0:k1]
        n_ph, tail = _fock_cutoff(float(np.max(np.abs(a) ** 2)))
        if n_ph + 1 < k1 - k0:
            A = np.zeros((hi - lo, n_ph + 1), complex)
            A[rows] = _schmidt_factor(Cw, a, p, n_ph)
            qfi[i] = qfi_factor(A, jy)
            JA = jy @ A
            X = A.conj().T @ JA
            jym[i] = np.trace(X).real
            qvar[i] = 4.0 * (np.sum(np.abs(JA) ** 2) - jym[i] ** 2)
            trc[i] = float(np.sum(np.abs(X) ** 2))  # Tr[(A^dag J A)^2], X Hermitian
            worst_tail, worst_nph = max(worst_tail, tail), max(worst_nph, n_ph)
        else:
            dense.append(i)
    dense_used = bool(dense)
    eo_worst = 0.0
    if dense:
        d = hi - lo
        jyd = jy.toarray()
        _, _, _, Pe, Po, X = parity_basis(N, lo)
        parity = (Pe[:, lo:hi].toarray(), Po[:, lo:hi].toarray(), X)  # slice first: Pe spans N+1
        step = max(1, _DENSE_BATCH // (d * d))
        for b in range(0, len(dense), step):
            idx = np.asarray(dense[b : b + step])
            rho = np.zeros((idx.size, d, d), complex)
            rho[:, rows, rows] = _state_matrix(Cw, amps.alpha[idx, k0:k1], amps.phase[idx, k0:k1])
            qfi[idx], jym[idx], trc[idx], qvar[idx], eo = _qfi_dense_batch(rho, jyd, parity)
            eo_worst = max(eo_worst, eo)
    conv = (
        Convergence(
            "Dicke window of the CSS",
            k1 - k0,
            dropped,
            _DICKE_TAIL,
            "sum of C_m^2 over the dropped |m| tails bounds ||rho_A - rho_window||",
        ),
    )
    if worst_nph:
        conv += (
            Convergence(
                "Fock cutoff of the Schmidt factor",
                worst_nph,
                worst_tail,
                1e-12,
                "Poisson tail P(n > n_ph) of the largest |alpha_m|^2 bounds ||rho_A - A A^dag||",
            ),
        )
    obs = {
        "qfi": qfi,
        "qfi_variance": qvar,
        "nbar": nbar,
        "jy_mean": jym,
        "tr_rhojy_sq": trc,
        "qfi_4jy2": 4.0 * jy2,
    }
    how = "closed-form state; Eq. (5) eigen formula" + (
        " (dense eigh)"
        if dense_used and not worst_nph
        else " (Gram eigh of the Schmidt factor)"
        if not dense_used
        else " (Gram / dense eigh)"
    )
    if dense_used:
        how += (
            f"; dense eigh on the m -> -m parity blocks where the even-odd coherence is "
            f"round-off (largest: {eo_worst:.1e} of max|rho|, threshold {ROUNDOFF:.0e})"
        )
    return Result("sharma.qfi_lossless", params, t, obs, conv, _time.perf_counter() - start, how)
