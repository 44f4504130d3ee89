"""numba kernels of the permutation-invariant Dicke basis: local-jump rates, moments, matrix-free L.

Private: arrays in, arrays out, no validation (the public wrappers are in :mod:`numeric._pi_dicke`).

The state is the list of blocks ``R_j = d_j rho_j`` (``j = N/2, N/2 - 1, ...``; row-major in
``m, m'`` ascending; block ``b`` of dimension ``d = 2j + 1`` starts at ``offsets[b]``).

Local jumps ``gamma sum_i D[A_i]`` with ``A = sigma^-, sigma^+, sigma^z`` (Pauli, eigenvalues +-1).
The anticommutator part is diagonal (``sum_i A_i^dag A_i = N/2 + J_z, N/2 - J_z, N``); the sandwich
``sum_i A_i rho A_i^dag`` feeds ``(j, m, m')`` from ``(J, M, M')``, ``J = j, j + 1, j - 1`` and
``M = m + 1`` (emission), ``m - 1`` (pumping), ``m`` (dephasing), with a coefficient that factorises,
``gamma c(j, J) f(J, M) f(J, M')`` (Shammah et al., PRA 98, 063815 (2018), Table I; PIQS
``_piqs.pyx`` gamma2-gamma9, there with ``D[sigma^z/2]`` for dephasing):

=========  ===========================  ==============================  ==============================
J          c(j, J)                      f, emission (M = m + 1)         f, pumping (M = m - 1)
=========  ===========================  ==============================  ==============================
j          (N/2 + 1) / (2 j (j + 1))    sqrt((J + M)(J - M + 1))        sqrt((J - M)(J + M + 1))
j + 1      (N/2 + J + 1)/(2J(2J + 1))   sqrt((J + M)(J + M - 1))        sqrt((J - M)(J - M - 1))
j - 1      (N/2 - J)/(2(J + 1)(2J + 1)) sqrt((J - M + 1)(J - M + 2))    sqrt((J + M + 1)(J + M + 2))
=========  ===========================  ==============================  ==============================

and for dephasing (M = m) ``f = 2M``, ``2 sqrt(J^2 - M^2)``, ``2 sqrt((J + 1)^2 - M^2)``.
These tables are the only copy of the rates in :mod:`numeric`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["apply_driven", "block_moments", "local_terms"]


@njit(cache=True)
def channel_prefactors(N, j):
    """c(j, j), c(j, j + 1), c(j, j - 1) of the table (0 where the channel does not exist)."""
    half = 0.5 * N
    cs = 0.5 * (half + 1.0) / (j * (j + 1.0)) if j > 0 else 0.0
    J = j + 1.0
    cu = 0.5 * (half + J + 1.0) / (J * (2.0 * J + 1.0))
    J = j - 1.0
    cd = 0.5 * (half - J) / ((J + 1.0) * (2.0 * J + 1.0)) if j >= 1 else 0.0
    return cs, cu, cd


@njit(cache=True)
def _f(kind, ch, J, M):
    # factor f(J, M) of the table; kind 0 emission, 1 pumping, 2 dephasing; ch 0 same, 1 up, 2 down
    if kind == 0:
        if ch == 0:
            v = (J + M) * (J - M + 1.0)
        elif ch == 1:
            v = (J + M) * (J + M - 1.0)
        else:
            v = (J - M + 1.0) * (J - M + 2.0)
        return np.sqrt(max(v, 0.0))
    if kind == 1:
        if ch == 0:
            v = (J - M) * (J + M + 1.0)
        elif ch == 1:
            v = (J - M) * (J - M - 1.0)
        else:
            v = (J + M + 1.0) * (J + M + 2.0)
        return np.sqrt(max(v, 0.0))
    if ch == 0:
        return 2.0 * M
    if ch == 1:
        return 2.0 * np.sqrt(max(J * J - M * M, 0.0))
    return 2.0 * np.sqrt(max((J + 1.0) * (J + 1.0) - M * M, 0.0))


@njit(cache=True)
def local_terms(N, js, offsets, rates):
    """COO triplets of sum_k rates[k] sum_i D[A_i^k] (k = emission, pumping, dephasing) on the blocks."""
    nb = js.size
    cap = int(offsets[-1]) * 10
    rows = np.empty(cap, np.int64)
    cols = np.empty(cap, np.int64)
    vals = np.empty(cap, np.float64)
    n = 0
    shift = (1, -1, 0)
    for b in range(nb):
        j = js[b]
        d = int(round(2 * j)) + 1
        off = offsets[b]
        cs, cu, cd = channel_prefactors(N, j)
        for a in range(d):
            m = -j + a
            for c in range(d):
                mp = -j + c
                r = off + a * d + c
                rows[n] = r
                cols[n] = r
                vals[n] = (
                    -0.5 * rates[0] * (N + m + mp) - 0.5 * rates[1] * (N - m - mp) - rates[2] * N
                )
                n += 1
                for k in range(3):
                    g = rates[k]
                    if g == 0.0:
                        continue
                    M = m + shift[k]
                    Mp = mp + shift[k]
                    for ch in range(3):
                        if ch == 0:
                            J, bb, cc = j, b, cs
                        elif ch == 1:
                            J, bb, cc = j + 1.0, b - 1, cu
                        else:
                            J, bb, cc = j - 1.0, b + 1, cd
                        if bb < 0 or bb >= nb or cc == 0.0:
                            continue
                        if abs(M) > J + 1e-9 or abs(Mp) > J + 1e-9:
                            continue
                        v = g * cc * _f(k, ch, J, M) * _f(k, ch, J, Mp)
                        if v == 0.0:
                            continue
                        dJ = int(round(2 * J)) + 1
                        rows[n] = r
                        cols[n] = offsets[bb] + int(round(M + J)) * dJ + int(round(Mp + J))
                        vals[n] = v
                        n += 1
    return rows[:n], cols[:n], vals[:n]


@njit(cache=True)
def block_moments(v, js, offsets, out):
    """out[:] = sum_j tr(R_j O_j) for O = 1, J_z, J_z^2, J^2 - J_z^2, J_+, (J_z J_+ + J_+ J_z)/2, J_+^2."""
    # Tr(J_+ R) = sum_m <m+1|J_+|m> R_{m, m+1}
    for q in range(7):
        out[q] = 0.0
    for b in range(js.size):
        j = js[b]
        d = int(round(2 * j)) + 1
        off = offsets[b]
        for a in range(d):
            m = -j + a
            rmm = v[off + a * d + a]
            out[0] += rmm
            out[1] += m * rmm
            out[2] += m * m * rmm
            out[3] += (j * (j + 1) - m * m) * rmm
            if a < d - 1:
                cp = np.sqrt(j * (j + 1) - m * (m + 1))
                r1 = v[off + a * d + a + 1]
                out[4] += cp * r1
                out[5] += (m + 0.5) * cp * r1
            if a < d - 2:
                cp2 = np.sqrt((j * (j + 1) - m * (m + 1)) * (j * (j + 1) - (m + 1) * (m + 2)))
                out[6] += cp2 * v[off + a * d + a + 2]


# fastmath: lets LLVM reassociate/vectorise the complex sums (roundoff-level changes, ~1.5x)
@njit(cache=True, fastmath=True)
def apply_driven(p, js, offsets, mu, x, out):
    """out = (L - mu) x, matrix-free, for the driven-Dicke Liouvillian (see ``_pi_dicke.driven_dicke``).

    ``p = (N, Gamma, chi, Omega, delta, g_em, g_pu, g_de)``: H = chi J+J- + Omega J_x + delta J_z,
    collective jump sqrt(Gamma) J-, local rates of the module table.  Every coefficient factorises
    into per-(j, m) tables, so only the two vectors stream through memory.  x must be Hermitian
    block by block and mu real: L preserves Hermiticity, so only m <= m' is computed and mirrored.
    """
    N, Gamma, chi, Omega, delta = p[0], p[1], p[2], p[3], p[4]
    ge, gp, gd = p[5], p[6], p[7]
    more = gp > 0 or gd > 0
    c0 = -0.5 * (ge + gp) * N - gd * N - mu
    c1 = -0.5 * (ge - gp)
    nb = js.size
    dmax = int(round(2 * js[0])) + 1
    m = np.empty(dmax)
    K = np.empty(dmax)
    E = np.empty(dmax)
    cpp = np.zeros(dmax)  # <m+1|J+|m>
    cpm = np.zeros(dmax)  # <m|J+|m-1>
    ue = np.zeros(dmax)  # from block j+1: emission M = m+1 (source a+2), pumping M = m-1 (a),
    up = np.zeros(dmax)  # dephasing M = m (a+1)
    ud = np.zeros(dmax)
    de = np.zeros(dmax)  # from block j-1: emission (source a), pumping (a-2), dephasing (a-1)
    dp = np.zeros(dmax)
    dd = np.zeros(dmax)
    for b in range(nb):
        j = js[b]
        d = int(round(2 * j)) + 1
        off = offsets[b]
        jj = j * (j + 1)
        cs, cu, cd = channel_prefactors(N, j)
        for a in range(d):
            m[a] = -j + a
            K[a] = jj - m[a] * (m[a] - 1)
            E[a] = chi * K[a] + delta * m[a]
            cpp[a] = np.sqrt(max(jj - m[a] * (m[a] + 1), 0.0))
            cpm[a] = np.sqrt(max(jj - (m[a] - 1) * m[a], 0.0))
        cje = Gamma + ge * cs
        have_up = b > 0
        have_dn = b < nb - 1
        up_e = ge > 0 and have_up
        dn_e = ge > 0 and have_dn
        offu = offsets[b - 1] if have_up else 0
        offd = offsets[b + 1] if have_dn else 0
        dJ = d + 2
        dJd = d - 2
        for a in range(d):
            M = m[a]
            if have_up:
                J = j + 1
                ue[a] = np.sqrt(max((J + M + 1) * (J + M), 0.0))
                up[a] = np.sqrt(max((J - M + 1) * (J - M), 0.0))
                ud[a] = 2.0 * np.sqrt(max(J * J - M * M, 0.0))
            if have_dn:
                J = j - 1
                de[a] = np.sqrt(max((J - M) * (J - M + 1), 0.0))
                dp[a] = np.sqrt(max((J + M) * (J + M + 1), 0.0))
                dd[a] = 2.0 * np.sqrt(max((J + 1) * (J + 1) - M * M, 0.0))
        # collective terms and local emission (the common case), m <= m' only
        for a in range(d):
            ra = off + a * d
            for c in range(a, d):
                r = ra + c
                acc = (
                    -1j * (E[a] - E[c]) - 0.5 * Gamma * (K[a] + K[c]) + c0 + c1 * (m[a] + m[c])
                ) * x[r]
                dr = 0.0j
                if a > 0:
                    dr += cpm[a] * x[r - d]
                if a < d - 1:
                    dr += cpp[a] * x[r + d]
                dc = 0.0j
                if c > 0:
                    dc += cpm[c] * x[r - 1]
                if c < d - 1:
                    dc += cpp[c] * x[r + 1]
                acc += -0.5j * Omega * (dr - dc)
                if a < d - 1 and c < d - 1:
                    acc += cje * cpp[a] * cpp[c] * x[r + d + 1]
                if up_e:
                    acc += ge * cu * ue[a] * ue[c] * x[offu + (a + 2) * dJ + (c + 2)]
                if dn_e and a < d - 2 and c < d - 2:
                    acc += ge * cd * de[a] * de[c] * x[offd + a * dJd + c]
                if c == a:
                    out[r] = acc.real  # exactly Hermitian output, else roundoff grows
                else:
                    out[r] = acc
                    out[off + c * d + a] = np.conj(acc)
        if not more:
            continue
        # local pumping and dephasing, a second pass only when present
        cjp = gp * cs
        cjd = 4.0 * gd * cs
        for a in range(d):
            ra = off + a * d
            for c in range(a, d):
                r = ra + c
                acc = cjd * m[a] * m[c] * x[r]
                if a > 0 and c > 0:
                    acc += cjp * cpm[a] * cpm[c] * x[r - d - 1]
                if have_up:
                    acc += gp * cu * up[a] * up[c] * x[offu + a * dJ + c]
                    acc += gd * cu * ud[a] * ud[c] * x[offu + (a + 1) * dJ + (c + 1)]
                if have_dn:
                    if a >= 2 and c >= 2:
                        acc += gp * cd * dp[a] * dp[c] * x[offd + (a - 2) * dJd + (c - 2)]
                    if a >= 1 and c >= 1 and a < d - 1 and c < d - 1:
                        acc += gd * cd * dd[a] * dd[c] * x[offd + (a - 1) * dJd + (c - 1)]
                if c == a:
                    out[r] += acc.real
                else:
                    out[r] += acc
                    out[off + c * d + a] = np.conj(out[r])
