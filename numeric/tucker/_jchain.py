"""Long-time state of tucker2020 in the limit gamma_s -> 0+: a birth-death chain in the total spin j.

For gamma_s = 0 every total-spin block relaxes (at rates ~ Gamma j) to its own steady state of
driven collective decay, the cooperative-resonance-fluorescence form rho_j ∝ A A^dagger with
A = (1 - J_-/beta)^{-1}, beta = -Omega/(2 chi - i Gamma) (:mod:`._collective`).  Single-particle
relaxation gamma_s sum_i L[sigma_i^-] then moves probability between neighbouring blocks
j -> j +- 1 at rates O(gamma_s); to first order in gamma_s (degenerate perturbation theory of the
zero eigenvalues, one per block) the long-time state is sum_j P_j rho_j with P_j the stationary
distribution of the chain

    W_down(j) = gamma_s (N/2 + j + 1)/(2 j (2j + 1)) <(j + M)(j + M - 1)>_j,
    W_up(j)   = gamma_s (N/2 - j)/(2 (j + 1)(2j + 1)) <(j - M + 1)(j - M + 2)>_j,

(<.>_j over the diagonal of rho_j; the coefficients are the local-emission rates of the
permutation-invariant Dicke basis, Shammah et al., PRA 98, 063815 (2018), Table I, tabulated in
:mod:`numeric._pi_kernels`).  A birth-death chain has detailed balance:
P_{j+1}/P_j = W_up(j)/W_down(j+1).  The cost is O(N^2) (all blocks, each O(j)), so N = 10^4 takes
~0.1 s; nothing is truncated.

The diagonal of rho_j depends on the drive only through |beta| = Omega/Upsilon_c = N u/2
(u = Upsilon/Upsilon_c): the chain, hence <J_z> and the switch locations below, do not depend on
chi at fixed u (an exact identity of the A A^dagger form).
"""

from __future__ import annotations

import math
import time

import numpy as np
from numba import njit

from numeric._result import Convergence, ParameterError, Result

from ._spin import check_N

__all__ = ["SlowChain", "slow_j_chain", "chain_maxima", "ordered_weight"]


@njit(cache=True)
def _block_rates(N, log_beta, js, mean_m, down, up):
    """Per block: <M>, W_down/gamma_s, W_up/gamma_s of the block steady state (diagonal only)."""
    half = 0.5 * N
    for b in range(js.size):
        j = js[b]
        d = int(round(2 * j)) + 1
        # h(m) = [ln (j+m)! - ln (j-m)!]/2 - m ln|beta|, by its one-step recursion from m = -j
        h = np.empty(d)
        h[0] = -0.5 * math.lgamma(2.0 * j + 1.0) + j * log_beta
        for a in range(d - 1):
            m = -j + a
            h[a + 1] = h[a] + 0.5 * (math.log(j + m + 1.0) + math.log(j - m)) - log_beta
        # S(a) = ln sum_{c >= a} e^{2 h(c)}; log p(a) = -2 h(a) + S(a) - log Z
        S = np.empty(d)
        acc = -np.inf
        for a in range(d - 1, -1, -1):
            x = 2.0 * h[a]
            if x > acc:
                acc = x + math.log1p(math.exp(acc - x))
            else:
                acc = acc + math.log1p(math.exp(x - acc))
            S[a] = acc
        lp = np.empty(d)
        top = -np.inf
        for a in range(d):
            lp[a] = -2.0 * h[a] + S[a]
            top = max(top, lp[a])
        z = 0.0
        for a in range(d):
            z += math.exp(lp[a] - top)
        em = 0.0
        edn = 0.0
        eup = 0.0
        for a in range(d):
            p = math.exp(lp[a] - top) / z
            m = -j + a
            em += p * m
            edn += p * (j + m) * (j + m - 1.0)
            eup += p * (j - m + 1.0) * (j - m + 2.0)
        mean_m[b] = em
        down[b] = 0.5 * (half + j + 1.0) / (j * (2.0 * j + 1.0)) * edn if j > 0 else 0.0
        up[b] = 0.5 * (half - j) / ((j + 1.0) * (2.0 * j + 1.0)) * eup


class SlowChain:
    """The gamma_s -> 0+ chain at one (N, u): ``js`` ascending, ``logP`` (normalised), block <M>.

    Attributes: ``N``, ``upsilon``, ``js``, ``logP``, ``mean_m``, ``down``, ``up`` (rates per
    gamma_s), ``jz`` = <J_z>/(N/2) of the long-time state.
    """

    __slots__ = ("N", "upsilon", "js", "logP", "mean_m", "down", "up", "jz")

    def __init__(self, N, upsilon, js, logP, mean_m, down, up):
        self.N, self.upsilon, self.js, self.logP = N, upsilon, js, logP
        self.mean_m, self.down, self.up = mean_m, down, up
        self.jz = float(np.sum(np.exp(logP) * mean_m) / (N / 2))


def _chain(N: int, upsilon: float) -> SlowChain:
    js = np.arange(N % 2 / 2, N / 2 + 0.25, 1.0)
    mean_m, down, up = np.empty(js.size), np.empty(js.size), np.empty(js.size)
    _block_rates(float(N), math.log(0.5 * N * upsilon), js, mean_m, down, up)
    with np.errstate(divide="ignore"):
        steps = np.log(up[:-1]) - np.log(down[1:])
    logP = np.concatenate(([0.0], np.cumsum(steps)))
    top = logP.max()
    logP = logP - (top + math.log(np.sum(np.exp(logP - top))))
    return SlowChain(N, upsilon, js, logP, mean_m, down, up)


def slow_j_chain(N: int, Gamma: float, chi: float, upsilon: float) -> Result:
    """Long-time state for gamma_s -> 0+ (first order in gamma_s/(N Gamma)): <J_z>/(N/2), P_j.

    Parameters
    ----------
    N : atom number (1 .. 10^5); Gamma > 0, chi: rates (they enter through Upsilon_c only);
    upsilon : Upsilon/Upsilon_c > 0 (Omega = N Upsilon/2).

    Returns
    -------
    Result with observables ``jz`` (<J_z>/(N/2)), ``logP`` (ln P_j, j ascending), ``js``,
    ``mean_m`` (<J_z> of each block's steady state).

    Notes
    -----
    Regime: gamma_s much smaller than the collective relaxation rate of every block that carries
    weight (~ Gamma j |1 - u_j^2|^(1/2), u_j = u N/(2j)); it is the gamma_s -> 0+ limit at fixed N,
    with no other truncation.  Checked against the exact permutation-invariant steady state at
    small gamma_s (the difference is O(gamma_s), tests/numeric/test_tucker_slow_chain.py).  The
    convergence entry reports the detailed-balance residual of the rates (exact up to round-off).
    """
    t0 = time.perf_counter()
    N = check_N(N)
    if N > 100_000:
        raise ParameterError("N", "<= 100000 (cost ~ N^2/4 operations)", N)
    if not (np.isfinite(Gamma) and Gamma > 0):
        raise ParameterError("Gamma", "a finite number > 0", Gamma)
    if not np.isfinite(chi):
        raise ParameterError("chi", "a finite number", chi)
    if not (np.isfinite(upsilon) and upsilon > 0):
        raise ParameterError("upsilon", "a finite number > 0 (Upsilon/Upsilon_c)", upsilon)
    c = _chain(N, float(upsilon))
    # probability conservation of the chain: sum of the flows j -> j+1 minus j+1 -> j
    P = np.exp(c.logP)
    flow = P[:-1] * c.up[:-1] - P[1:] * c.down[1:]
    res = float(np.max(np.abs(flow)) / max(np.max(P * (c.up + c.down)), 1e-300))
    conv = (
        Convergence(
            "detailed balance", c.js.size, res, 1e-10, "max |P_j W_up(j) - P_j+1 W_down(j+1)|"
        ),
    )
    return Result(
        "slow_j_chain",
        dict(N=N, Gamma=Gamma, chi=chi, upsilon=upsilon),
        np.array([]),
        {"jz": np.array(c.jz), "logP": c.logP, "js": c.js, "mean_m": c.mean_m},
        conv,
        time.perf_counter() - t0,
        "birth-death chain in j over block steady states (gamma_s -> 0+)",
    )


def chain_maxima(c: SlowChain) -> np.ndarray:
    """Indices (j ascending) of the local maxima of ln P_j, boundaries included."""
    lp = c.logP
    left = np.concatenate(([True], lp[1:] >= lp[:-1]))
    right = np.concatenate((lp[:-1] > lp[1:], [True]))
    return np.flatnonzero(left & right)


def ordered_weight(c: SlowChain) -> float:
    """Probability of the ordered (large-j) peak: the weight above the minimum between the two
    outermost maxima of ln P_j; 1 or 0 when the chain has a single maximum (ordered/disordered,
    told apart by the sign of the block <J_z> there: ordered means <M>/j < -1/4)."""
    mx = chain_maxima(c)
    P = np.exp(c.logP)
    if mx.size == 1:
        k = mx[0]
        return 1.0 if c.mean_m[k] < -0.25 * max(c.js[k], 0.5) else 0.0
    lo, hi = mx[0], mx[-1]
    cut = lo + int(np.argmin(c.logP[lo : hi + 1]))
    return float(np.sum(P[cut + 1 :]))


def ordered_bump(c: SlowChain) -> float:
    """max over 2j/N >= u of ln(W_up(j)/W_down(j+1)): > 0 iff ln P_j has an ordered maximum.

    Below 2j/N = u every block is above its own threshold (u_j = u N/(2j) > 1) and ln P_j falls
    (the disordered side); an ordered maximum needs ln P_j to rise again above it.  The ratio
    there is continuous in u, so its root in u is well defined (:func:`spinodal`).
    """
    with np.errstate(divide="ignore"):
        steps = np.log(c.up[:-1]) - np.log(c.down[1:])
    upper = 2 * c.js[:-1] / c.N >= c.upsilon
    return float(np.max(steps[upper])) if upper.any() else -np.inf


def _brent(f, lo, hi, xtol):
    from scipy.optimize import brentq

    return float(brentq(f, lo, hi, xtol=xtol))


def spinodal(N: int, xtol: float = 1e-7) -> float:
    """Largest Upsilon/Upsilon_c at which the gamma_s -> 0+ chain at size N is bistable.

    The root of :func:`ordered_bump` in u (Brent's method, ``xtol``): above it ln P_j has only the
    disordered (small-j) maximum.
    """
    N = check_N(N)
    return _brent(lambda u: ordered_bump(_chain(N, u)), 0.5, 0.95, xtol)


def switch_point(N: int, xtol: float = 1e-7) -> float:
    """Upsilon/Upsilon_c at which the ordered peak of P_j carries half the probability (size N).

    The equal-weight point of a first-order switch (Brent's method on :func:`ordered_weight` - 1/2).
    """
    N = check_N(N)
    return _brent(lambda u: ordered_weight(_chain(N, u)) - 0.5, 0.3, 0.72, xtol)


def _continuum_log_ratio(x: float, u: float) -> float:
    """lim_{N->oo} ln(W_up/W_down) at x = 2j/N (block state: ordered for x > u, disordered below)."""
    if x <= u:
        return math.log((1 - x) / (1 + x))
    c = math.sqrt(1 - (u / x) ** 2)
    return math.log((1 - x) * (1 + c) ** 2 / ((1 + x) * (1 - c) ** 2))


def continuum_switch() -> tuple[float, float]:
    """(spinodal, equal-depth point) of the N -> oo chain: the large-deviation limit.

    Notes
    -----
    For j = x N/2 -> oo the block steady state concentrates at M/j = -sqrt(1 - (u/x)^2) for
    x > u (|beta| < j: the superradiant block) and is symmetric in M for x < u, so the rates of the
    module docstring become W_up/W_down -> (1 - x)(1 - mu)^2/((1 + x)(1 + mu)^2) (mu = M/j), and
    (1 - x)/(1 + x) on the disordered side.  ln P_j = (N/2) int_0^x ln(W_up/W_down) + o(N): the
    ordered maximum x*(u) is a root of the ratio (it exists up to the spinodal) and the long-time
    state switches where int_0^{x*} ln(W_up/W_down) dx = 0 (equal depth).  The fixed point
    reproduces the mean-field branch s_z = (-1 - sqrt(1 - 2u^2))/2 (tests).
    """
    from scipy.integrate import quad
    from scipy.optimize import brentq

    def xstar(u):
        xs = np.linspace(u + 1e-12, 1 - 1e-12, 4001)
        v = np.array([_continuum_log_ratio(x, u) for x in xs])
        idx = np.flatnonzero((v[:-1] > 0) & (v[1:] <= 0))
        if idx.size == 0:
            return None
        k = idx[-1]
        return brentq(lambda x: _continuum_log_ratio(x, u), xs[k], xs[k + 1], xtol=1e-14)

    def bump(u):
        xs = np.linspace(u + 1e-12, 1 - 1e-12, 4001)
        return max(_continuum_log_ratio(x, u) for x in xs)

    def depth(u):
        xo = xstar(u)
        a = quad(lambda y: _continuum_log_ratio(y, u), 0, u, epsabs=1e-13)[0]
        return a + quad(lambda y: _continuum_log_ratio(y, u), u, xo, epsabs=1e-13, limit=200)[0]

    us = brentq(bump, 0.6, 0.8, xtol=1e-10)
    return float(us), float(brentq(depth, 0.45, 0.68, xtol=1e-12))
