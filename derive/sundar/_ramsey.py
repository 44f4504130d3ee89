"""Ramsey read-out, Eqs. (4)-(6): symbolic pulse rotation, error propagation, beyond-UPA correction."""

from __future__ import annotations

from functools import cache

import sympy as sp

from .._derivation import Derivation, PaperForm, Step
from .._regime import much_greater, much_less
from ._symbols import N, chi, g, nbar, phi, s, t

__all__ = ["rotation", "heisenberg_readout", "ramsey_derivation", "beyond_upa_derivation"]

_DPHI2 = sp.Symbol(r"(\Delta\phi)^2")
_XI2 = sp.Symbol("xi^2")
_OMEGA = sp.Symbol("omega")

_X, _Y, _Z = sp.Matrix([1, 0, 0]), sp.Matrix([0, 1, 0]), sp.Matrix([0, 0, 1])


def rotation(n: sp.Matrix, theta: sp.Expr) -> sp.Matrix:
    """Rotation matrix about the unit vector n (Rodrigues)."""
    K = sp.Matrix([[0, -n[2], n[1]], [n[2], 0, -n[0]], [-n[1], n[0], 0]])
    return sp.eye(3) + sp.sin(theta) * K + (1 - sp.cos(theta)) * K * K


def heisenberg_readout(protocol: str = "difference") -> tuple[sp.Matrix, sp.Matrix]:
    """(w_A, w_B) with U^dag O U = w_A . S_A + w_B . S_B for the pulse sequence of Fig. 2.

    Uses U^dag (v . S) U = (R(n, -theta) v) . S for U = exp(-i theta n . S) (vector-operator
    rotation); the first pulse is outermost in the Heisenberg picture.
    """
    h = sp.pi / 2
    if protocol == "difference":
        pulses = (((_X, h), (_Y, h)), ((_Z, -phi), (_Z, phi)), ((_Y, h), (_X, h)))
        o = (-_Z, _Z)
    else:
        pulses = (((_X, -h), (_Y, h)), ((_Z, phi), (_Z, phi)), ((_Y, -h), (_X, h)))
        o = (_Z, _Z)
    out = []
    for ens in (0, 1):
        R = sp.eye(3)
        for p in pulses:
            n, th = p[ens]
            R = R * rotation(n, -th)
        out.append(sp.simplify(R * o[ens]))
    return out[0], out[1]


@cache
def ramsey_derivation(protocol: str = "difference") -> Derivation:
    """Eq. (4) and Eq. (5): signal and UPA sensitivity of the Ramsey protocol.

    Notes
    -----
    O_H = cos(phi) S_{2,+} + sin(phi) S_{3,-} (difference protocol; the sum protocol gives
    the same up to the sign of the S_{2,+} term).  In the S_A^z + S_B^z = 0 sector <S_{2,+}> = 0
    and <S_{2,+} S_{3,-}> = 0 exactly, so
    (Delta phi)^2 = [(Delta S_{2,+})^2 + tan^2 phi (Delta S_{3,-})^2] / <S_{3,-}>^2 exactly; the UPA
    inserts N e^{-N chi t}/4, n(n+2) and N/2.
    """
    wA, wB = heisenberg_readout(protocol)
    # S_{2,+} = S_B^y + S_A^x, S_{3,-} = S_B^z - S_A^z as (w_A, w_B) vectors
    c2p = (wA[0], wB[1])
    c3m = (-wA[2], wB[2])
    varS2, varS3, mS3 = sp.symbols("V_{2+} V_{3-} M_{3-}", positive=True)
    c1, c3 = sp.simplify(wA[0]), sp.simplify(wB[2])
    signal = c3 * mS3
    slope = sp.diff(signal, phi)
    dphi2_general = sp.simplify((c1**2 * varS2 + c3**2 * varS3) / slope**2)
    upa = {varS2: N * sp.exp(-N * chi * t) / 4, varS3: nbar * (nbar + 2), mS3: N / 2}
    dphi2_upa = sp.expand(sp.simplify(dphi2_general.subs(upa)).rewrite(sp.tan))
    dphi2_upa = sp.expand(
        sp.simplify(dphi2_upa.subs(sp.cos(phi), 1 / sp.sqrt(1 + sp.tan(phi) ** 2)))
    )
    printed5 = sp.exp(-N * chi * t) / N + nbar * (nbar + 2) / (4 * N**2) * sp.tan(phi) ** 2
    tanmax = sp.Symbol("T", positive=True)
    # dynamic range: the anti-squeezing term alone reaches the SQL 1/N (n >> 1)
    anti = sp.expand(dphi2_upa - dphi2_upa.subs(phi, 0)).subs(sp.tan(phi), tanmax)
    rng = sp.solve(sp.Eq(sp.limit(anti / nbar**2, nbar, sp.oo) * nbar**2, 1 / N), tanmax)[0]
    steps = (
        Step(
            r"Heisenberg read-out vectors $(w_A, w_B)$",
            sp.Matrix.hstack(wA, wB),
            r"exact: pulses rotate $S_\alpha$ as vectors,"
            r" $U^\dagger (v \cdot S) U = (R(n,-\theta) v) \cdot S$",
            lhs=sp.Symbol(r"(w_{A}, w_{B})"),
        ),
        Step(
            r"$O_H = \cos\phi\, S_{2,+} + \sin\phi\, S_{3,-}$",
            sp.Matrix([c2p[0] - c2p[1], c3m[0] - c3m[1]]),
            r"exact; entries: the coefficient mismatch of $S_A^x$ against $S_B^y$ and of $-S_A^z$"
            r" against $S_B^z$, which must vanish",
            label="O_H = cos(phi) S_{2,+} + sin(phi) S_{3,-}",
            lhs=sp.Matrix([sp.Symbol(r"w_{A,x} - w_{B,y}"), sp.Symbol(r"-w_{A,z} - w_{B,z}")]),
        ),
        Step(
            r"signal $\langle O \rangle$",
            sp.Eq(sp.Symbol(r"\langle O \rangle"), signal),
            r"exact in the sector: transverse first moments vanish;"
            r" $\langle S_{3,-} \rangle = N/2 - \bar n$",
        ),
        Step(
            "signal in the UPA",
            signal.subs(mS3, N / 2),
            r"$\langle S_{3,-} \rangle \to N/2$ ($\bar n \ll N$)",
            lhs=sp.Symbol(r"\langle O \rangle"),
            label="Eq. (4)",
            printed=N / 2 * sp.sin(phi),
        ),
        Step(
            r"error propagation $(\Delta\phi)^2 = (\Delta O)^2/(\partial_\phi \langle O \rangle)^2$",
            dphi2_general,
            r"exact in the sector: $\langle S_{2,+} S_{3,-} \rangle = 0$ (it changes"
            r" $S_A^z + S_B^z$ by $\pm 1$); $V_{2+} = (\Delta S_{2,+})^2$,"
            r" $V_{3-} = (\Delta S_{3,-})^2$, $M_{3-} = \langle S_{3,-} \rangle$",
            lhs=_DPHI2,
        ),
        Step(
            "UPA sensitivity",
            dphi2_upa,
            r"undepleted pumps: $(\Delta S_{2,+})^2 = N e^{-N\chi t}/4$,"
            r" $(\Delta S_{3,-})^2 = \bar n(\bar n+2)$, $\langle S_{3,-} \rangle = N/2$",
            lhs=_DPHI2,
            label="Eq. (5)",
            printed=printed5,
        ),
        Step(
            r"dynamic range $|\tan\phi| < T$",
            rng,
            r"anti-squeezing term below the SQL $1/N$, $\bar n \gg 1$",
            lhs=tanmax,
            label="dynamic range",
            printed=2 * sp.sqrt(N) / nbar,
        ),
    )
    return Derivation(
        f"Ramsey signal and UPA sensitivity ({protocol} protocol)",
        steps,
        dphi2_upa,
        (N, chi, t, nbar, phi),
        (r"state in the $S_A^z + S_B^z = 0$ sector",),
        (much_less(nbar, N, "undepleted pumps"),),
        PaperForm(
            _DPHI2,
            _XI2 / N + 4 * nbar * (nbar + 2) * sp.tan(phi) ** 2 / N**2,
            (sp.Eq(_XI2, sp.exp(-N * chi * t)),),
        ),
    )


def _geometric_sum(term: sp.Expr, kk: sp.Symbol) -> sp.Expr:
    r = sp.piecewise_fold(sp.summation(term, (kk, 0, sp.oo)))
    if isinstance(r, sp.Piecewise):
        r = r.args[0][0]
    return sp.simplify(r)


@cache
def beyond_upa_derivation() -> Derivation:
    """Eq. (6): pump depletion detunes the pair production; optimum over n.

    Notes
    -----
    (i) Exact sector diagonal at delta = N chi/2: H_kk - H_00 = -2 chi k^2 (k pairs), i.e. a
    pair-number-dependent detuning; linearised about the mean, each mode sees
    omega = dE/dk / 2 = -2 chi k = -alpha chi n with alpha = 1 (the paper's substitution
    pumps -> sqrt((N - n)/2) in Eq. (2) gives alpha = 1/2).  (ii) First order in omega, the
    detuning rotates the anti-squeezed quadrature into the squeezed one:
    Phi = e^{-g t} int_0^t omega(s) e^{2 g s} ds, xi^2 = e^{-2 g t} + Phi^2.  (iii) For n >> 1:
    xi^2 = 1/(2n) + alpha^2 n^3/(2 N^2) with n^3 taken at its mean (mean field).  (iv) The
    detuning is an operator: averaging the angle^2 x anti-squeezed-variance (both linear in
    the pair number) over the thermal pair distribution of the TMS state multiplies the
    mean-field n^3 by <k^3>/<k>^3 = 6 (semiclassical/TWA-type average).
    """
    alpha = sp.Symbol("alpha", positive=True)
    k, kb = sp.symbols("k kbar", positive=True)
    M = N / 2
    dk = 2 * k * (chi * (M - k) - N * chi / 2)  # exact sector diagonal
    omega_pair = sp.diff(dk, k).subs(k, kb)
    omega_mode = sp.simplify(omega_pair / 2)  # per mode, pair = 2 modes
    omega_t = -alpha * chi * 2 * sp.sinh(g * s) ** 2  # -alpha chi n(s)
    integral = sp.integrate(sp.expand((omega_t * sp.exp(2 * g * s)).rewrite(sp.exp)), (s, 0, t))
    Phi = sp.simplify(sp.exp(-g * t) * integral)
    lead = sp.limit(Phi * sp.exp(-3 * g * t), t, sp.oo)  # Phi ~ lead e^{3gt}
    E = sp.Symbol("E", positive=True)  # e^{2 g t} = 2 n at n >> 1
    corr = sp.simplify((lead**2 * E**3).subs(E, 2 * nbar).subs(g, N * chi / 2))
    xi2_mf = 1 / (2 * nbar) + corr
    # thermal (geometric) pair distribution of the TMS state
    lam = sp.Symbol("lambda", positive=True)
    kk = sp.Symbol("kk", integer=True, nonnegative=True)
    m1 = _geometric_sum(kk * (1 - lam) * lam**kk, kk)
    m3 = _geometric_sum(kk**3 * (1 - lam) * lam**kk, kk)
    ratio = sp.limit(m3 / m1**3, lam, 1)
    xi2_fl = sp.expand(1 / (2 * nbar) + ratio * corr.subs(alpha, 1))
    tanp = sp.tan(phi)
    dphi2 = sp.expand(xi2_fl / N + 4 * nbar * (nbar + 2) * tanp**2 / N**2)
    f0 = dphi2.subs(phi, 0)
    nopt = [r for r in sp.solve(sp.diff(f0, nbar), nbar) if r.is_positive][0]
    fopt = sp.simplify(f0.subs(nbar, nopt))
    printed6 = 1 / (2 * N * nbar) + nbar**3 / (2 * N**3) + nbar * (nbar + 2) / (4 * N**2) * tanp**2
    p0 = printed6.subs(phi, 0)
    n_p = [r for r in sp.solve(sp.diff(p0, nbar), nbar) if r.is_positive][0]
    steps = (
        Step(
            r"exact sector diagonal at $\delta = N\chi/2$ ($k$ pairs)",
            sp.factor(dk),
            "exact (Eq. (1) in the sector)",
            lhs=sp.Symbol(r"H_{kk} - H_{00}"),
        ),
        Step(
            r"per-mode detuning, linearised at $k = \bar n/2$",
            omega_mode.subs(kb, nbar / 2),
            "mean-field linearisation about the mean pair number",
            lhs=_OMEGA,
        ),
        Step(
            r"the paper's route: pumps $\to \sqrt{(N - \bar n)/2}$ in Eq. (2)",
            -chi * nbar / 2,
            r"per-mode detuning $\chi (N - \bar n)/2 - \delta$; gives $\alpha = 1/2$",
            lhs=_OMEGA,
        ),
        Step(
            r"quadrature mixing $\Phi(t)$",
            Phi,
            r"first order in $\omega = -\alpha\chi \bar n(s)$, $g = N\chi/2$",
            lhs=sp.Function("Phi")(t),
        ),
        Step(
            r"$\xi^2$, mean field, $\bar n \gg 1$",
            xi2_mf,
            r"leading order in $1/\bar n$ and $\bar n/N$",
            label="xi^2, mean field, n >> 1",
            lhs=_XI2,
        ),
        Step(
            r"$\langle k^3 \rangle/\langle k \rangle^3$ of the thermal pair distribution",
            ratio,
            r"two-mode squeezed state: $P(k) = (1-\lambda) \lambda^k$, $\bar n \gg 1$",
            lhs=sp.Symbol(r"\langle k^{3} \rangle") / sp.Symbol(r"\langle k \rangle") ** 3,
        ),
        Step(
            r"$\xi^2$ with the pair-number fluctuations",
            xi2_fl,
            r"semiclassical average of the operator-valued detuning, $\alpha = 1$",
            lhs=_XI2,
        ),
        Step(
            "beyond-UPA sensitivity",
            dphi2,
            r"$(\Delta\phi)^2 = \xi^2/N$ plus the $\tan^2\phi$ term of Eq. (5) (corrected)",
            lhs=_DPHI2,
            label="Eq. (6)",
            printed=printed6,
        ),
        Step(
            "optimal n",
            nopt,
            r"$\partial (\Delta\phi)^2/\partial \bar n = 0$ at $\phi = 0$",
            lhs=sp.Symbol(r"\bar n_{\mathrm{opt}}"),
            label="n_opt",
            printed=sp.sqrt(N) / 3 ** sp.Rational(1, 4),
        ),
        Step(
            "optimal sensitivity",
            fopt,
            r"$\phi = 0$, $\bar n = \bar n_{\mathrm{opt}}$",
            lhs=sp.Symbol(r"(\Delta\phi)^2_{\mathrm{opt}}"),
            label="(Delta phi)^2_opt",
            printed=2 / (3 ** sp.Rational(3, 4) * N ** sp.Rational(3, 2)),
        ),
        Step(
            "optimum of the printed Eq. (6)",
            sp.simplify(p0.subs(nbar, n_p)),
            "for reference",
            lhs=sp.Symbol(r"(\Delta\phi)^2_{\mathrm{opt}}"),
        ),
    )
    return Derivation(
        "beyond-UPA sensitivity and its optimum",
        steps,
        dphi2,
        (N, nbar, phi),
        (r"$\delta = N\chi/2$", r"state from $A$ in $g$, $B$ in $e$"),
        (much_greater(nbar, 1, "many pairs"), much_less(nbar, N, "weak depletion")),
        PaperForm(
            _DPHI2,
            _XI2 / N + 4 * nbar * (nbar + 2) * tanp**2 / N**2,
            (sp.Eq(_XI2, 1 / (2 * nbar) + 3 * nbar**3 / N**2),),
        ),
    )
