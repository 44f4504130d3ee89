"""Compiled quantum-jump kernel in the Dicke basis of a rotating frame: one trajectory at a time.

The state is a pure vector psi of one total-spin block j, written in the Dicke basis
|j, m'>_R quantised along the axis R e_z of a frame R (a rotation; the lab spin components are
J_a = sum_b R_ab J'_b).  Near-coherent and squeezed states occupy only the top few tens of levels
m' ~ j of the frame that points along their mean spin, instead of ~ 20 sqrt(N) levels of the lab
Dicke basis, so the cost per step does not grow with N.  When the mean spin drifts away from the
frame axis by more than ~ 2/sqrt(j) the frame is re-aligned (psi <- exp(-i a J_z) exp(i b J_y)
exp(i a J_z) psi, computed with the same Taylor machinery).

In the frame, J_- = sum_b (R_xb - i R_yb) J'_b is tridiagonal and

    H_eff = chi J+J- + Omega J_x - (i/2) K,   K = Gamma J+J- + gamma_s (N/2 + J_z)

is pentadiagonal.  Between jumps psi evolves by truncated Taylor steps about a shift mu with
||(H - mu) dt||_inf <= THETA on the support; the Taylor vectors make psi(s dt) a polynomial in s,
so the waiting-time condition ||psi(s dt)||^2 = r is solved by safeguarded Newton iteration on
that polynomial (d||psi||^2/dt = -<psi|K|psi>).  The jumps: sqrt(Gamma + gamma_s (N/2+1)/(2j(j+1)))
J_- (j -> j), and the single-particle-decay operators j -> j -+ 1, which are the spherical
q = -1 components of vector operators between neighbouring blocks; in the frame
V_{-1} = sum_q w_q V'_q with Clebsch-Gordan matrix elements (Wigner-Eckart), normalised so that
in the lab frame they are the A_-+ of ``_trajectories``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

THETA = 2.0  # ||dt (H - mu)||_inf per Taylor step
MMAX = 45  # largest Taylor degree (THETA^46/46! ~ 1e-44)
TAYLOR_TOL = 1e-13  # stop when the last two terms are below this fraction of |psi|_inf
TRIM = 1e-12  # drop amplitudes |psi_k| < TRIM * max|psi| at the edges of the support
REFRAME = 2.0  # re-align the frame when j (1 - cos angle(mean spin, frame axis)) > REFRAME
NEWTON_TOL = 1e-8  # relative accuracy of ||psi||^2 = r at a jump


@njit(cache=True)
def _tri(j, c, cp, lo_, di, up):
    # sum_b c_b J'_b as a tridiagonal: lo_[k] = <k+1|.|k>, di[k] = <k|.|k>, up[k] = <k|.|k+1>
    d = int(round(2 * j)) + 1
    cplus = 0.5 * (c[0] - 1j * c[1])
    cminus = 0.5 * (c[0] + 1j * c[1])
    for k in range(d):
        di[k] = c[2] * (-j + k)
        if k < d - 1:
            lo_[k] = cplus * cp[k]
            up[k] = cminus * cp[k]


@njit(cache=True)
def frame_operators(N, j, R, Gamma, chi, Omega, gs, cp, al, ad, au, hb, kb):
    """Bands of H_eff (hb[o+2, k] = H_eff[k, k+o]), K (kb), and J_- (al, ad, au) in frame R."""
    d = int(round(2 * j)) + 1
    for k in range(d - 1):
        m = -j + k
        cp[k] = np.sqrt(max(j * (j + 1) - m * (m + 1), 0.0))
    s = np.empty(3, np.complex128)
    for b in range(3):
        s[b] = R[0, b] - 1j * R[1, b]
    _tri(j, s, cp, al, ad, au)
    xl = np.zeros(d, np.complex128)
    xd = np.zeros(d, np.complex128)
    xu = np.zeros(d, np.complex128)
    zl = np.zeros(d, np.complex128)
    zd = np.zeros(d, np.complex128)
    zu = np.zeros(d, np.complex128)
    cx = np.empty(3, np.complex128)
    cz = np.empty(3, np.complex128)
    for b in range(3):
        cx[b] = R[0, b]
        cz[b] = R[2, b]
    _tri(j, cx, cp, xl, xd, xu)
    _tri(j, cz, cp, zl, zd, zu)
    ada = np.zeros((5, d), np.complex128)
    # (A^dag A)[k, l] = sum_i conj(A[i, k]) A[i, l], A row i: (i, i-1) = al[i-1], (i, i) = ad[i], (i, i+1) = au[i]
    for i in range(d):
        for p in range(3):
            k = i - 1 + p
            if k < 0 or k >= d:
                continue
            aik = al[i - 1] if p == 0 else (ad[i] if p == 1 else au[i])
            for q in range(3):
                col = i - 1 + q
                if col < 0 or col >= d:
                    continue
                ail = al[i - 1] if q == 0 else (ad[i] if q == 1 else au[i])
                ada[col - k + 2, k] += np.conj(aik) * ail
    for k in range(d):
        for o in range(5):
            hb[o, k] = chi * ada[o, k]
            kb[o, k] = Gamma * ada[o, k]
        hb[2, k] += Omega * xd[k]
        kb[2, k] += gs * (0.5 * N + zd[k])
        if k < d - 1:
            hb[3, k] += Omega * xu[k]  # H[k, k+1]
            kb[3, k] += gs * zu[k]
        if k > 0:
            hb[1, k] += Omega * xl[k - 1]  # H[k, k-1]
            kb[1, k] += gs * zl[k - 1]
        for o in range(5):
            hb[o, k] -= 0.5j * kb[o, k]
    return d


@njit(cache=True)
def _band_apply(B, x, y, a, h, d):
    # y[k] = sum_o B[o+2, k] x[k+o] for k in [a, h], with x taken as zero outside [a, h]
    for k in range(a, h + 1):
        acc = B[2, k] * x[k]
        if k - 1 >= a:
            acc += B[1, k] * x[k - 1]
        if k - 2 >= a:
            acc += B[0, k] * x[k - 2]
        if k + 1 <= h:
            acc += B[3, k] * x[k + 1]
        if k + 2 <= h:
            acc += B[4, k] * x[k + 2]
        y[k] = acc


@njit(cache=True)
def _trim(psi, lo, hi):
    mx = 0.0
    for k in range(lo, hi + 1):
        mx = max(mx, abs(psi[k]))
    cut = TRIM * mx
    while lo < hi and abs(psi[lo]) <= cut:
        psi[lo] = 0.0
        lo += 1
    while hi > lo and abs(psi[hi]) <= cut:
        psi[hi] = 0.0
        hi -= 1
    return lo, hi


@njit(cache=True)
def _norm2(y, lo, hi):
    s = 0.0
    for k in range(lo, hi + 1):
        s += y[k].real ** 2 + y[k].imag ** 2
    return s


@njit(cache=True)
def _eval(w, P, s, lo, hi, y):
    for k in range(lo, hi + 1):
        acc = w[P, k]
        for p in range(P - 1, -1, -1):
            acc = acc * s + w[p, k]
        y[k] = acc


@njit(cache=True)
def _expect_band(B, y, lo, hi, d, tmp):
    _band_apply(B, y, tmp, lo, hi, d)
    s = 0.0
    for k in range(lo, hi + 1):
        s += (np.conj(y[k]) * tmp[k]).real
    return s


@njit(cache=True)
def _taylor(B, mu, dt, psi, lo, hi, d, w):
    """w_p = (-i dt (B - mu))^p psi / p! on windows [lo - 2p, hi + 2p]; returns (P, last/first)."""
    for k in range(max(lo - 2, 0), min(hi + 2, d - 1) + 1):
        w[0, k] = psi[k]
    w0 = 0.0
    for k in range(lo, hi + 1):
        w0 = max(w0, abs(psi[k]))
    prev = w0
    P = 0
    mx = 0.0
    for p in range(1, MMAX + 1):
        a = max(lo - 2 * p, 0)
        h = min(hi + 2 * p, d - 1)
        # w[p-1] lives on [lo-2p+2, hi+2p-2]: clear the stale entries it is read at
        for k in range(max(a - 2, 0), min(lo - 2 * p + 2, d)):
            w[p - 1, k] = 0.0
        for k in range(max(hi + 2 * p - 1, 0), min(h + 2, d - 1) + 1):
            w[p - 1, k] = 0.0
        mx = 0.0
        for k in range(a, h + 1):
            acc = (B[2, k] - mu) * w[p - 1, k]
            if k >= 1:
                acc += B[1, k] * w[p - 1, k - 1]
            if k >= 2:
                acc += B[0, k] * w[p - 1, k - 2]
            if k + 1 < d:
                acc += B[3, k] * w[p - 1, k + 1]
            if k + 2 < d:
                acc += B[4, k] * w[p - 1, k + 2]
            v = (-1j * dt / p) * acc
            w[p, k] = v
            mx = max(mx, abs(v))
        P = p
        if mx + prev <= TAYLOR_TOL * w0:
            break
        prev = mx
    el = max(lo - 2 * P, 0)
    eh = min(hi + 2 * P, d - 1)
    for p in range(P):
        for k in range(el, min(lo - 2 * p, eh + 1)):
            w[p, k] = 0.0
        for k in range(max(hi + 2 * p + 1, el), eh + 1):
            w[p, k] = 0.0
    return P, mx / w0


@njit(cache=True)
def _frame_moments(psi, j, lo, hi, R, out):
    """Lab-frame raw moments (the 7 sums of ``_pi_propagate._block_moments``) of psi in frame R."""
    d = int(round(2 * j)) + 1
    z1 = 0.0
    z2 = 0.0
    pm = 0.0
    p1 = 0.0j
    pz = 0.0j
    p2 = 0.0j
    nrm = 0.0
    for a in range(lo, hi + 1):
        m = -j + a
        q = psi[a].real ** 2 + psi[a].imag ** 2
        nrm += q
        z1 += m * q
        z2 += m * m * q
        pm += (j * (j + 1) - m * m) * q
        if a < d - 1:
            cpa = np.sqrt(max(j * (j + 1) - m * (m + 1), 0.0))
            r1 = psi[a] * np.conj(psi[a + 1])
            p1 += cpa * r1
            pz += (m + 0.5) * cpa * r1
        if a < d - 2:
            cp2 = np.sqrt(max((j * (j + 1) - m * (m + 1)) * (j * (j + 1) - (m + 1) * (m + 2)), 0.0))
            p2 += cp2 * psi[a] * np.conj(psi[a + 2])
    mean = np.array([p1.real, p1.imag, z1]) / nrm
    sec = np.empty((3, 3))
    sec[0, 0] = 0.5 * (p2.real + pm)
    sec[1, 1] = 0.5 * (pm - p2.real)
    sec[2, 2] = z2
    sec[0, 1] = 0.5 * p2.imag
    sec[1, 0] = sec[0, 1]
    sec[0, 2] = pz.real
    sec[2, 0] = pz.real
    sec[1, 2] = pz.imag
    sec[2, 1] = pz.imag
    sec /= nrm
    lm = R @ mean
    ls = R @ sec @ R.T
    out[0] = 1.0
    out[1] = lm[2]
    out[2] = ls[2, 2]
    out[3] = ls[0, 0] + ls[1, 1]
    out[4] = lm[0] + 1j * lm[1]
    out[5] = ls[0, 2] + 1j * ls[1, 2]
    out[6] = ls[0, 0] - ls[1, 1] + 2j * ls[0, 1]
    return mean


@njit(cache=True)
def _frame_mean(psi, j, lo, hi):
    # <J'_x>, <J'_y>, <J'_z> (frame components) of psi, normalised
    d = int(round(2 * j)) + 1
    p1 = 0.0j
    z1 = 0.0
    nrm = 0.0
    for a in range(lo, hi + 1):
        m = -j + a
        q = psi[a].real ** 2 + psi[a].imag ** 2
        nrm += q
        z1 += m * q
        if a < d - 1 and a < hi:
            p1 += np.sqrt(max(j * (j + 1) - m * (m + 1), 0.0)) * psi[a] * np.conj(psi[a + 1])
    return p1.real / nrm, p1.imag / nrm, z1 / nrm


@njit(cache=True)
def _rotate_y(psi, lo, hi, j, beta, cp, w, tmp):
    """psi <- exp(i beta J_y) psi (frame operators), Taylor steps with ||beta J_y||_inf <= THETA."""
    d = int(round(2 * j)) + 1
    B = np.zeros((5, d), np.complex128)
    for k in range(d - 1):
        # J_y = (J_+ - J_-)/(2i): <k+1|J_y|k> = -i cp/2, <k|J_y|k+1> = i cp/2; generator H = -J_y
        B[1, k + 1] = 0.5j * cp[k]  # (-J_y)[k+1, k]
        B[3, k] = -0.5j * cp[k]  # (-J_y)[k, k+1]
    left = abs(beta)
    sgn = 1.0 if beta >= 0 else -1.0
    while left > 0:
        hn = 0.0
        for k in range(max(lo - 2 * MMAX, 0), min(hi + 2 * MMAX, d - 1) + 1):
            hn = max(hn, abs(B[1, k]) + abs(B[3, k]))
        step = min(left, THETA / hn) if hn > 0 else left
        P, _ = _taylor(B, 0.0, sgn * step, psi, lo, hi, d, w)
        el = max(lo - 2 * P, 0)
        eh = min(hi + 2 * P, d - 1)
        _eval(w, P, 1.0, el, eh, psi)
        lo, hi = _trim(psi, el, eh)
        left -= step
    return lo, hi


@njit(cache=True)
def _cg_down(j, m, q):
    # <j, m; 1, q | j-1, m+q>
    M = m + q
    if q == 1:
        return np.sqrt(max((j - M) * (j - M + 1), 0.0) / (2 * j * (2 * j + 1)))
    if q == 0:
        return -np.sqrt(max((j - M) * (j + M), 0.0) / (j * (2 * j + 1)))
    return np.sqrt(max((j + M + 1) * (j + M), 0.0) / (2 * j * (2 * j + 1)))


@njit(cache=True)
def _cg_up(j, m, q):
    # <j, m; 1, q | j+1, m+q>
    M = m + q
    if q == 1:
        return np.sqrt(max((j + M) * (j + M + 1), 0.0) / ((2 * j + 1) * (2 * j + 2)))
    if q == 0:
        return np.sqrt(max((j - M + 1) * (j + M + 1), 0.0) / ((2 * j + 1) * (j + 1)))
    return np.sqrt(max((j - M) * (j - M + 1), 0.0) / ((2 * j + 1) * (2 * j + 2)))


@njit(cache=True)
def run_trajectory(N, Gamma, chi, Omega, gs, R0, times, seed, raw, jout, stats):
    """One trajectory from the CSS along R0 e_z (|j, j>_R0, j = N/2); fills raw (nt, 7), jout (nt,).

    stats = [J_- jumps, j -> j-1 jumps, j -> j+1 jumps, Taylor steps, largest relative last
             Taylor term, largest relative miss of the jump condition, sum of support widths,
             sum of Taylor degrees, Newton evaluations, frame re-alignments].
    """
    np.random.seed(seed)
    nmax = int(round(N)) + 3
    psi = np.zeros(nmax, np.complex128)
    y = np.zeros(nmax, np.complex128)
    y2 = np.zeros(nmax, np.complex128)
    tmp = np.zeros(nmax, np.complex128)
    w = np.zeros((MMAX + 1, nmax), np.complex128)
    cp = np.zeros(nmax)
    al = np.zeros(nmax, np.complex128)
    ad = np.zeros(nmax, np.complex128)
    au = np.zeros(nmax, np.complex128)
    hb = np.zeros((5, nmax), np.complex128)
    kb = np.zeros((5, nmax), np.complex128)
    R = R0.copy()
    j = 0.5 * N
    d = frame_operators(N, j, R, Gamma, chi, Omega, gs, cp, al, ad, au, hb, kb)
    psi[d - 1] = 1.0
    lo, hi = d - 1, d - 1
    nrm = 1.0
    r = np.random.random()
    t = 0.0
    it = 0
    nt = times.size
    while it < nt and times[it] <= t:
        _frame_moments(psi, j, lo, hi, R, raw[it])
        jout[it] = j
        it += 1
    while it < nt:
        # ---- one Taylor step, no longer than the next output time
        dr_min, dr_max, di_min, di_max = 1e300, -1e300, 1e300, -1e300
        for k in range(lo, hi + 1):
            dr_min = min(dr_min, hb[2, k].real)
            dr_max = max(dr_max, hb[2, k].real)
            di_min = min(di_min, hb[2, k].imag)
            di_max = max(di_max, hb[2, k].imag)
        mu = 0.5 * (dr_min + dr_max) + 0.5j * (di_min + di_max)
        hn = 0.0
        # rows the Taylor vectors reach (2 per term, ~10-20 terms); the series' own stopping
        # rule guarantees the accuracy, this bound only sizes the step
        for k in range(max(lo - 40, 0), min(hi + 40, d - 1) + 1):
            row = abs(hb[2, k] - mu) + abs(hb[0, k]) + abs(hb[1, k]) + abs(hb[3, k]) + abs(hb[4, k])
            hn = max(hn, row)
        dt = times[it] - t
        if hn * dt > THETA:
            dt = THETA / hn
        P, last = _taylor(hb, mu, dt, psi, lo, hi, d, w)
        stats[3] += 1
        stats[4] = max(stats[4], last)
        stats[6] += hi - lo + 1
        stats[7] += P
        el = max(lo - 2 * P, 0)
        eh = min(hi + 2 * P, d - 1)
        decay = np.exp(2.0 * mu.imag * dt)
        _eval(w, P, 1.0, el, eh, y)
        n1 = _norm2(y, el, eh) * decay
        if n1 > r:
            ph = np.exp(-1j * mu * dt)
            for k in range(el, eh + 1):
                psi[k] = y[k] * ph
            t += dt
            lo, hi = _trim(psi, el, eh)
            nrm = _norm2(psi, lo, hi)
            if abs(t - times[it]) <= 1e-14 * max(1.0, abs(t)):
                t = times[it]
                while it < nt and times[it] <= t:
                    _frame_moments(psi, j, lo, hi, R, raw[it])
                    jout[it] = j
                    it += 1
        else:
            # ---- a jump inside the step: ||psi(s dt)||^2 = r by Newton on the Taylor polynomial
            n0 = nrm
            d0 = -dt * _expect_band(kb, psi, lo, hi, d, tmp)
            d1 = -dt * _expect_band(kb, y, el, eh, d, tmp) * decay
            s = np.log(n0 / r) / np.log(n0 / n1) if n1 > 0 else 0.5
            s = min(max(s, 1e-12), 1.0 - 1e-12)
            for _ in range(3):
                h00 = (1 + 2 * s) * (1 - s) ** 2
                h10 = s * (1 - s) ** 2
                h01 = s * s * (3 - 2 * s)
                h11 = s * s * (s - 1)
                g = h00 * n0 + h10 * d0 + h01 * n1 + h11 * d1 - r
                dg = (
                    (6 * s * s - 6 * s) * n0
                    + (3 * s * s - 4 * s + 1) * d0
                    + (6 * s - 6 * s * s) * n1
                    + (3 * s * s - 2 * s) * d1
                )
                if dg < 0:
                    s = min(max(s - g / dg, 1e-12), 1.0 - 1e-12)
            a, b = 0.0, 1.0
            f = 0.0
            for _ in range(60):
                _eval(w, P, s, el, eh, y)
                dec = np.exp(2.0 * mu.imag * dt * s)
                f = _norm2(y, el, eh) * dec - r
                stats[8] += 1
                if abs(f) <= NEWTON_TOL * r:
                    break
                if f > 0:
                    a = s
                else:
                    b = s
                dn = -dt * _expect_band(kb, y, el, eh, d, tmp) * dec
                snew = s - f / dn if dn < 0 else 0.5 * (a + b)
                if not (a < snew < b):
                    snew = 0.5 * (a + b)
                s = snew
            stats[5] = max(stats[5], abs(f) / r)
            ph = np.exp(-1j * mu * dt * s)
            for k in range(el, eh + 1):
                psi[k] = y[k] * ph
            t += s * dt
            lo, hi = _trim(psi, el, eh)
            # ---- which jump: weights ||A_k psi||^2 (they sum to <psi|K|psi>)
            ac = Gamma + (gs * (0.5 * N + 1) / (2 * j * (j + 1)) if j > 0 else 0.0)
            # J_- psi into y (window [lo-1, hi+1])
            l1, h1 = max(lo - 1, 0), min(hi + 1, d - 1)
            for k in range(l1, h1 + 1):
                acc = ad[k] * psi[k]
                if k >= 1:
                    acc += al[k - 1] * psi[k - 1]
                if k + 1 < d:
                    acc += au[k] * psi[k + 1]
                y[k] = acc
            wc = ac * _norm2(y, l1, h1)
            # spherical q = -1 component in the frame: V_-1 = sum_q wq[q] V'_q
            cx = (R[0, 0] - 1j * R[1, 0]) / np.sqrt(2.0)
            cy = (R[0, 1] - 1j * R[1, 1]) / np.sqrt(2.0)
            cz = (R[0, 2] - 1j * R[1, 2]) / np.sqrt(2.0)
            wm1 = (cx + 1j * cy) / np.sqrt(2.0)
            wp1 = (-cx + 1j * cy) / np.sqrt(2.0)
            w0 = cz
            wm = 0.0
            wp = 0.0
            if j >= 1:
                # j -> j-1: |j,m> -> |j-1, m+q>, index k -> k+q-1, into y2[0 .. d-3]
                fm = np.sqrt(gs * (0.5 * N + j + 1))
                lm_, hm_ = max(lo - 2, 0), min(hi, d - 3)
                for k in range(lm_, hm_ + 1):
                    y2[k] = 0.0
                for k in range(lo, hi + 1):
                    m = -j + k
                    for q in (-1, 0, 1):
                        kk = k + q - 1
                        if 0 <= kk <= d - 3:
                            wq = wm1 if q == -1 else (w0 if q == 0 else wp1)
                            y2[kk] += fm * wq * _cg_down(j, m, q) * psi[k]
                wm = _norm2(y2, lm_, hm_)
            if j < 0.5 * N:
                fp = np.sqrt(gs * (0.5 * N - j))
                # build into tmp (index k -> k+q+1, window [lo, hi+2])
                for k in range(lo, min(hi + 2, d + 1) + 1):
                    tmp[k] = 0.0
                for k in range(lo, hi + 1):
                    m = -j + k
                    for q in (-1, 0, 1):
                        wq = wm1 if q == -1 else (w0 if q == 0 else wp1)
                        tmp[k + q + 1] += fp * wq * _cg_up(j, m, q) * psi[k]
                wp = _norm2(tmp, lo, min(hi + 2, d + 1))
            u = np.random.random() * (wc + wm + wp)
            if u < wc:
                for k in range(lo, hi + 1):
                    psi[k] = 0.0
                for k in range(l1, h1 + 1):
                    psi[k] = y[k]
                lo, hi = l1, h1
                stats[0] += 1
            elif u < wc + wm:
                for k in range(lo, hi + 1):
                    psi[k] = 0.0
                lm_, hm_ = max(lo - 2, 0), min(hi, d - 3)
                for k in range(lm_, hm_ + 1):
                    psi[k] = y2[k]
                lo, hi = lm_, hm_
                j -= 1.0
                d = frame_operators(N, j, R, Gamma, chi, Omega, gs, cp, al, ad, au, hb, kb)
                for k in range(d, d + 2):
                    psi[k] = 0.0
                stats[1] += 1
            else:
                hp_ = min(hi + 2, d + 1)
                for k in range(lo, hp_ + 1):
                    psi[k] = tmp[k]
                hi = hp_
                j += 1.0
                d = frame_operators(N, j, R, Gamma, chi, Omega, gs, cp, al, ad, au, hb, kb)
                stats[2] += 1
            lo, hi = _trim(psi, lo, hi)
            nrm = _norm2(psi, lo, hi)
            sq = np.sqrt(nrm)
            for k in range(lo, hi + 1):
                psi[k] /= sq
            nrm = 1.0
            r = np.random.random()
            if t >= times[it]:
                while it < nt and times[it] <= t:
                    _frame_moments(psi, j, lo, hi, R, raw[it])
                    jout[it] = j
                    it += 1
        # ---- re-align the frame with the mean spin when it has drifted
        mx_, my_, mz_ = _frame_mean(psi, j, lo, hi)
        ln = np.sqrt(mx_**2 + my_**2 + mz_**2)
        if ln > 0 and j > 0 and j * (1.0 - mz_ / ln) > REFRAME:
            nx, ny, nz = mx_ / ln, my_ / ln, mz_ / ln
            alpha = np.arctan2(ny, nx)
            beta = np.arccos(min(max(nz, -1.0), 1.0))
            # new frame = old frame rotated by M = Rz(alpha) Ry(beta) Rz(-alpha): z -> n
            ca, sa, cb, sb = np.cos(alpha), np.sin(alpha), np.cos(beta), np.sin(beta)
            Rz = np.array([[ca, -sa, 0.0], [sa, ca, 0.0], [0.0, 0.0, 1.0]])
            Ry = np.array([[cb, 0.0, sb], [0.0, 1.0, 0.0], [-sb, 0.0, cb]])
            M = Rz @ Ry @ Rz.T
            # psi_new = U(M)^dag psi_old, U(M) = exp(-i alpha J_z) exp(-i beta J_y) exp(i alpha J_z)
            for k in range(lo, hi + 1):
                psi[k] *= np.exp(1j * alpha * (-j + k))
            lo, hi = _rotate_y(psi, lo, hi, j, beta, cp, w, tmp)
            for k in range(lo, hi + 1):
                psi[k] *= np.exp(-1j * alpha * (-j + k))
            R = R @ M
            d = frame_operators(N, j, R, Gamma, chi, Omega, gs, cp, al, ad, au, hb, kb)
            nrm = _norm2(psi, lo, hi)
            stats[9] += 1
