"""Resource estimates before work: memory and time of the exact solvers from their parameters.

Every public solver of :mod:`numeric.sharma`, :mod:`numeric.sundar` and :mod:`numeric.tucker`
calls :func:`require` on an :class:`Estimate` at entry, before it allocates anything.  Above
the memory available now (``MemAvailable`` of /proc/meminfo) or a stated time budget it
raises :class:`ResourceError` (a :class:`numeric.ParameterError`) whose one-line message gives
the estimate, what dominates it and the way out.

Limits, innermost first: :func:`budget` (a context, used by ``qderive eval --max-memory /
--max-seconds``), the environment variables ``QDERIVE_MAX_MEMORY`` (bytes, or ``10G``,
``512M``) and ``QDERIVE_MAX_SECONDS``, then the defaults: the available memory and no time
budget.  The available memory is also capped by what a ``ulimit -v`` (RLIMIT_AS) leaves.

The constants are measured peak RSS and wall times of the solvers on one core (2025, the
project's CI machine); the estimates are meant to be right within a factor of a few, which
is what deciding "this will not fit" needs.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ._result import ParameterError

__all__ = [
    "Estimate",
    "ResourceError",
    "budget",
    "estimate",
    "format_bytes",
    "limits",
    "parse_bytes",
    "require",
]

_ENV_MEMORY = "QDERIVE_MAX_MEMORY"
_ENV_SECONDS = "QDERIVE_MAX_SECONDS"
_BUDGET: contextvars.ContextVar[tuple[float | None, float | None, list | None]] = (
    contextvars.ContextVar("qderive_budget", default=(None, None, None))
)


@dataclass(frozen=True, slots=True)
class Estimate:
    """Memory and time a solver call will need, and what dominates them.

    Attributes
    ----------
    what
        The solver (``"sharma.qfi_lossless"``).
    bytes
        Peak memory in bytes (``inf`` when it overflows a float).
    seconds
        Wall time on one core, or None where it is not cheap to say.
    dominant
        What dominates, in words and sizes: ``"(N+1) amplitudes x 200 times x 16 B"``.
    param
        The parameter that drives the cost (named in a refusal).
    value
        Its value.
    hint
        The way out: ``"use fewer times"``.
    """

    what: str
    bytes: float
    seconds: float | None
    dominant: str
    param: str = "N"
    value: object = None
    hint: str = ""

    def __str__(self) -> str:
        t = "" if self.seconds is None else f", ~{format_seconds(self.seconds)}"
        return f"{self.what}: ~{format_bytes(self.bytes)}{t} ({self.dominant})"


class ResourceError(ParameterError):
    """A solver call would need more memory or time than allowed; refused before allocating."""

    def __init__(self, est: Estimate, resource: str, limit: float) -> None:
        self.estimate = est
        self.name, self.got = est.param, est.value
        if resource == "memory":
            need, have = format_bytes(est.bytes), format_bytes(limit)
            tail = f"available {have}; {est.hint + ' or ' if est.hint else ''}raise --max-memory"
        else:
            need, have = format_seconds(est.seconds or 0.0), format_seconds(limit)
            tail = f"time budget {have}; {est.hint + ' or ' if est.hint else ''}raise --max-seconds"
        self.allowed = f"a size needing at most {have}"
        ValueError.__init__(
            self, f"{est.param} = {_num(est.value)} needs ~{need} ({est.dominant}); {tail}"
        )


# ------------------------------------------------------------------------------ limits
def parse_bytes(text: str | float | int) -> float:
    """``"10G"``, ``"512M"``, ``"1.5GiB"``, ``"2e9"`` -> bytes (powers of 1024 for K, M, G, T)."""
    if isinstance(text, (int, float)):
        x = float(text)
    else:
        m = re.fullmatch(
            r"\s*([0-9.]+(?:[eE][+-]?[0-9]+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", str(text)
        )
        if m is None:
            raise ValueError(f"a memory size like 10G, 512M or 2e9 bytes, got {str(text)[:40]!r}")
        x = float(m.group(1)) * 1024.0 ** " KMGT".index((m.group(2) or " ").upper())
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"a memory size > 0, got {str(text)[:40]!r}")
    return x


def _env(name: str, parse) -> float | None:
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise ParameterError(
            name, "a positive size (10G, 512M, 2e9) or number of seconds", text[:40]
        ) from None


def _seconds(text: str) -> float:
    x = float(text)
    if not (math.isfinite(x) and x > 0):
        raise ValueError(text)
    return x


def limits() -> tuple[float, float | None]:
    """The memory limit in bytes and the time budget in seconds (None: none) in force now."""
    mem, sec, _ = _BUDGET.get()
    if mem is None:
        mem = _env(_ENV_MEMORY, parse_bytes)
    if sec is None:
        sec = _env(_ENV_SECONDS, _seconds)
    if mem is None:
        from ._system import available_memory

        mem = min(float(available_memory()), _address_space_left())
    return mem, sec


def _address_space_left() -> float:
    """What a ``ulimit -v`` (RLIMIT_AS) still allows this process to map, else inf."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft == resource.RLIM_INFINITY:
            return math.inf
        with open("/proc/self/status") as fh:
            vm = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:")), 0)
        return max(float(soft - vm), 0.0)
    except (ImportError, OSError, ValueError):
        return math.inf


@contextlib.contextmanager
def budget(
    max_memory: float | str | None = None, max_seconds: float | None = None
) -> Iterator[list[Estimate]]:
    """Within the block, refuse solver calls above ``max_memory`` bytes or ``max_seconds``.

    Yields the list of the estimates accepted within the block (a progress display reads it;
    ``max_seconds = inf`` lifts the time budget).

    Examples
    --------
    >>> with budget(max_memory="1G") as seen:
    ...     limits()[0] == 2.0**30
    True
    """
    mem = None if max_memory is None else parse_bytes(max_memory)
    sec = None if max_seconds is None else float(max_seconds)
    seen: list[Estimate] = []
    token = _BUDGET.set((mem, sec, seen))
    try:
        yield seen
    finally:
        _BUDGET.reset(token)


def require(est: Estimate) -> Estimate:
    """Return ``est`` if it fits the limits in force, else raise :class:`ResourceError`."""
    seen = _BUDGET.get()[2]
    mem, sec = limits()
    if not est.bytes <= mem:
        raise ResourceError(est, "memory", mem)
    if sec is not None and est.seconds is not None and not est.seconds <= sec:
        raise ResourceError(est, "time", sec)
    if seen is not None:
        seen.append(est)
    return est


# ------------------------------------------------------------------------------ formatting
def format_bytes(n: float) -> str:
    """``1.5e10`` -> ``"14 GiB"``."""
    if not math.isfinite(n):
        return "more than 1e300 B"
    for unit, k in (("PiB", 50), ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 2.0**k:
            return f"{n / 2.0**k:.3g} {unit}"
    return f"{n:.0f} B"


def format_seconds(s: float) -> str:
    """``4000`` -> ``"1.1 h"``."""
    if not math.isfinite(s):
        return "forever"
    for unit, k in (("years", 3.15e7), ("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if s >= k:
            return f"{s / k:.3g} {unit}"
    return f"{s:.2g} s"


def _num(v: object) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        f = _f(v)
        return f"{f:.3g}" if math.isfinite(f) else f"a {len(str(abs(int(v))))}-digit integer"
    return str(v)[:40]


# ------------------------------------------------------------------------------ estimators
def _f(x: object) -> float:
    """A size as a float (inf where it overflows: a Python int beyond 1e308).

    Anything that is not a number raises ``ValueError``: the solver's own validation names it.
    """
    if isinstance(x, (str, bytes, bool)) or x is None:
        raise ValueError(x)
    try:
        return float(x)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf


def _nt(t: object) -> int:
    try:
        return max(1, len(t))  # type: ignore[arg-type]
    except TypeError:
        return 1


def _tmax(t: object) -> float:
    try:
        return max((abs(_f(x)) for x in t), default=0.0)  # type: ignore[union-attr]
    except TypeError:
        return abs(_f(t))


_FEW = "use a smaller N or fewer times"


def _sharma_amplitudes(N, t, **_: object) -> Estimate:
    n, nt = _f(N) + 1, _nt(t)
    # (len(t), N+1) arrays: alpha, phase, x, sinc and their temporaries; measured at
    # N = 1e5, 200 times (one core, CPU): 73 B / 3.8e-7 s (lossless), 128 B / 4.2e-7 s
    # (lossy) per entry
    return Estimate(
        "sharma.photon_amplitudes",
        100.0 * n * nt + 64.0 * n,
        4e-7 * n * nt,
        f"(N+1) x {nt} times x ~100 B",
        "N",
        N,
        _FEW,
    )


def _sharma_state(N, t, *, lossy: bool = False, **_: object) -> Estimate:
    n, nt = _f(N) + 1, _nt(t)
    # the (len(t), N+1, N+1) complex density matrices, plus (lossless) the overlap, the
    # difference of amplitudes and the outer product built at once; lossy works in chunks.
    # Measured at N = 200, 400 (one core, CPU): 56 B / 1.8e-7 s (lossless), ~20 B beyond the
    # output / 2.7e-7 s (lossy) per entry
    per = 32.0 if lossy else 64.0
    return Estimate(
        "sharma.atomic_state",
        per * n * n * nt,
        (2.7e-7 if lossy else 1.8e-7) * n * n * nt,
        f"(N+1)^2 x {nt} times x {per:.0f} B",
        "N",
        N,
        _FEW,
    )


def _sharma_qfi(
    N, t, *, method: str = "auto", lossy: bool = False, eta=0.0, alpha2=0.0, **_: object
) -> Estimate:
    n, nt = _f(N) + 1, _nt(t)
    # the Dicke window ~ 2 sqrt(37 N) rows holding all but 1e-32 of the CSS weight
    w = min(n, 2.0 * math.sqrt(37.0 * n) + 5.0)
    if method in ("auto", "variance"):
        # "auto" runs the variance route for the model's (even) CSS.  Measured (2026-12,
        # one core, CPU time): O(N) once (CSS amplitudes, parity check, window search)
        # 32 B and ~2.2e-7 s per level lossless, 72 B and ~3e-7 s lossy; per time the lower
        # half of the window, ~1e-7 s (numpy) resp. ~7e-7 s (compiled pair integrals) per
        # window row, in batches of 2^17 (lossless, ~16 real temporaries) resp. 2^18 (lossy,
        # ~200 B per pair) entries; lossy: + ~0.5 s numba start-up in a fresh process
        if lossy:
            mem = 72.0 * n + 200.0 * min(0.5 * w * nt, 2.0**18) + 1e7
            sec = 0.5 + 3e-7 * n + 7e-7 * w * nt
        else:
            mem = 32.0 * n + 128.0 * min(0.5 * w * nt, 2.0**17)
            sec = 2.2e-7 * n + 1e-7 * w * nt
        return Estimate(
            "sharma.qfi (variance)",
            mem,
            sec,
            f"(N+1) levels once + {w:.0f} window rows x {nt} times",
            "N",
            N,
            _FEW,
        )
    if lossy:
        # measured (N = 100, 300, 1000; 200 times): pair entries of the rows m >= 0
        # (~w^2/2 per time, ~0.3 us each) and the stacked eigh of the even block (w/2)^3;
        # blocks in chunks of 2^18 entries
        return Estimate(
            "sharma.qfi (eig, lossy)",
            72.0 * n + 200.0 * min(0.5 * w * w * nt, 2.0**18) + 64.0 * w * w + 1e7,
            0.5 + (3e-7 * 0.5 * w * w + 2e-9 * (0.5 * w) ** 3) * nt,
            f"{w:.0f}^2/2 pair entries x {nt} times",
            "N",
            N,
            _FEW,
        )
    # lossless eig (measured N = 100, 1000, 10^4; 200 times): the photon amplitudes of all
    # N+1 sectors at all times (~64 B each), then
    # per time either the dense state on the window (batches of >= 2^20 entries, ~96 B each;
    # eigh of the parity blocks) or, when the Fock cutoff n_ph of the Schmidt factor is below
    # the window, its Gram matrix (O(w n_ph^2 + n_ph^3))
    try:
        ts = [abs(_f(x)) for x in t]  # type: ignore[union-attr]
    except TypeError:
        ts = [abs(_f(t))]
    a0 = math.sqrt(abs(_f(alpha2)))
    sec = 2e-7 * n * nt
    dense = False
    for x in ts:
        amp = a0 + abs(_f(eta)) * x
        nph = amp * amp + 10.0 * amp + 20.0
        if nph + 1.0 < w:
            sec += 4e-8 * w * nph + 1.5e-9 * w * nph * nph + 8e-9 * nph**3
        else:
            dense = True
            sec += 2.5e-9 * w**3 + 1e-7 * w * w
    mem = 64.0 * n * nt + 300.0 * n + (48.0 * max(2.0**20, w * w) if dense else 48.0 * w * w)
    return Estimate(
        "sharma.qfi (eig)",
        mem,
        sec,
        f"(N+1) x {nt} amplitudes, {w:.0f}-row window {'dense' if dense else 'Gram'} eigh",
        "N",
        N,
        _FEW,
    )


def _sharma_bell(N, t, **_: object) -> Estimate:
    n, nt = _f(N) + 1, _nt(t)
    # mpmath closed form: (N/2+1)^2/2 pairs per time at 0.31 N + 42 digits (~1 ms at N = 1000),
    # evaluated twice (d and 2d digits) to certify the precision: measured 2.3-2.4 x one
    # level at N = 50..200 (higher levels only where the two disagree)
    pairs = 0.5 * (0.5 * n + 1.0) * (0.5 * n + 1.0)
    return Estimate(
        "sharma.bell_lossy",
        2000.0 * n,
        2.4 * 2.5e-4 * (1.0 + 0.0031 * n) * pairs * nt,
        f"{pairs:.3g} multiprecision pairs x 2 precision levels x {nt} times",
        "N",
        N,
        _FEW,
    )


def _bell_correlator(N, **_: object) -> Estimate:
    n = _f(N) + 1
    return Estimate(
        "metrology.bell_correlator",
        48.0 * n * n,
        2e-8 * n * n,
        "(N+1)^2 density matrix",
        "N",
        N,
        "use a smaller N",
    )


def _cfi(N, t, **_: object) -> Estimate:
    n, nt = _f(N) + 1, _nt(t)
    # measured at N = 1000: 204 MB, 45 s per time (Fourier coefficients, O(N^3))
    return Estimate(
        "metrology.classical_fisher",
        210.0 * n * n,
        4.5e-8 * n * n * n * nt,
        f"(N+1)^2 x 210 B, O(N^3) x {nt} times",
        "N",
        N,
        _FEW,
    )


def _sharma_bruteforce(
    N, U, W0, Delta_c, eta, t, *, J=0.0, kappa=0.0, alpha2=0.0, **_: object
) -> Estimate:
    n, nt, tm = _f(N) + 1, _nt(t), _tmax(t)
    drive = math.sqrt(abs(_f(alpha2))) + abs(_f(eta)) * tm
    nph = drive * drive + 10.0 * drive + 25.0
    d = n * (nph + 1.0)
    j2 = 0.25 * n * n
    # ||H||: the largest diagonal (U J_z^2, Delta_c n, 2 W0 n J_z^2) plus the off-diagonal terms
    norm = (
        abs(_f(U)) * j2
        + abs(_f(Delta_c)) * nph
        + 2.0 * abs(_f(W0)) * nph * j2
        + abs(_f(eta)) * math.sqrt(nph)
        + abs(_f(J)) * n
        + abs(_f(kappa)) * nph
    )
    dim = d * d if _f(kappa) > 0 else d
    # expm_multiply needs ~||H|| t matrix-vector products of ~4 nonzeros per row; about four
    # cutoffs are tried while converging; the atomic states are kept for every time
    seconds = 4.0 * (norm * tm + 30.0 * nt) * 4.0 * dim * 1e-7
    mem = 16.0 * dim * 12.0 + 16.0 * n * n * nt * 3.0
    return Estimate(
        "sharma.evolve_atom_cavity",
        mem,
        seconds,
        f"dimension {dim:.3g}, ||H|| t ~ {norm * tm:.3g} steps",
        "N" if n > 40 else "t",
        N if n > 40 else tm,
        "use a smaller N, shorter times or smaller rates",
    )


def _sundar_sector(N, t, **_: object) -> Estimate:
    n, nt, tm = _f(N), _nt(t), _tmax(t)
    M = 0.5 * n
    # kept sites: the undepleted-pump tail estimate, capped by the turning point of the energy
    # window (~M/2 + 12 M^(1/3) + 100); window eigenvectors m grow ~14 per decade of N
    # (59, 70, 84 at N = 2e4, 1e5, 1e6)
    r = min(M * tm, 350.0)
    K = min(M + 1.0, max(400.0, 70.0 * (math.sinh(r) ** 2 + 1.0) + 200.0))
    K = min(K, 0.5 * M + 12.0 * M ** (1.0 / 3.0) + 100.0)
    m = max(20.0, 14.0 * math.log10(max(n, 10.0)))
    if K <= 2500:  # full diagonalisation (LAPACK), the populated eigenvectors kept
        m, eig = min(m, K), 2e-8 * K * K
    else:
        # measured at N = 1e6 (K = 2.5e5, m = 84): isolation, bisection and 3 Rayleigh-quotient
        # inverse iterations ~2.8 s CPU, i.e. ~130 ns per site and eigenvector
        eig = 1.3e-7 * K * m
    if nt <= 10 * m:  # one sweep over the sites: 4 K m flops per time (~20 ns per site-time)
        obs, what = 2e-8 * K * nt, f"{nt} times in one sweep over the sites"
    else:  # m x m forms: QR of K x 2m (~14 K m^2 flops at ~1.5 GF/s), then m^2 per time
        obs, what = 1e-8 * K * m * m + 1e-8 * m * m * nt, f"{nt} times from m x m forms"
    return Estimate(
        "sundar.evolve",
        8.0 * K * m * 1.3 + 64.0 * (M + 1.0) + 2.0 * 16.0 * 4097.0 * nt + 48.0 * m * nt + 1e6,
        eig + obs,
        f"~{K:.3g} kept sites x ~{m:.0f} window eigenvectors, {what}",
        "N",
        N,
        _FEW,
    )


def _sundar_open(N, chi, Gamma, gamma_s, t, **_: object) -> Estimate:
    n, tm, nt = _f(N), _tmax(t), _nt(t)
    if _f(gamma_s) == 0:
        h = 0.5 * n + 1.0
        d = h * h
        dim = d * d
    else:
        # two-ensemble permutation-symmetric blocks |j, m, m'>: (k+1)(k+2)(k+3)/6 per ensemble of k
        k = 0.5 * n
        b = (k + 1.0) * (k + 2.0) * (k + 3.0) / 6.0
        dim = b * b
    norm = (
        abs(_f(chi)) * (1.0 + n * n) + (abs(_f(Gamma)) + abs(_f(gamma_s))) * (1.0 + n * n)
    ) * 1.0
    seconds = (norm * tm + 30.0 * nt) * 8.0 * dim * 3e-8
    return Estimate(
        "sundar.open_evolve",
        16.0 * dim * 30.0,
        seconds,
        f"Liouville dimension {dim:.3g}, ||L|| t ~ {norm * tm:.3g}",
        "chi",
        chi,
        "use shorter times or smaller rates",
    )


def _stiff_ode(name: str, rate: float, t, n_vars: float, param: str, value: object) -> Estimate:
    tm, nt = _tmax(t), _nt(t)
    # an implicit (LSODA/BDF) integrator follows oscillations at ``rate``: ~20 steps per period
    steps = 100.0 * rate * tm / (2.0 * math.pi) + 50.0 + nt
    return Estimate(
        name,
        8.0 * n_vars * (nt + 50.0) + 1e6,
        2e-5 * steps * max(n_vars, 10.0) / 10.0,
        f"~{steps:.3g} ODE steps of {n_vars:.0f} moments",
        param,
        value,
        "use shorter times or smaller rates",
    )


def _sundar_cumulant(N, chi, Gamma, gamma_s, t, **_: object) -> Estimate:
    rate = abs(_f(chi)) * _f(N) + abs(_f(Gamma)) * _f(N) + abs(_f(gamma_s))
    return _stiff_ode("sundar.cumulant_evolve", rate, t, 40.0, "chi", chi)


def _sundar_product(N, t, **_: object) -> Estimate:
    h = 0.5 * _f(N) + 1.0
    d = h * h
    nt = _nt(t)
    # dense d x d complex pulses (3 expm) and Heisenberg read-outs (~12 matrices) once, then per
    # time an expm_multiply step and three dense mat-vecs; measured (one core, load ~10):
    # N = 40 (d = 441) 0.96 s, N = 80 (d = 1681) 36 s CPU for 200 times
    return Estimate(
        "sundar.product_space_evolve",
        16.0 * (12.0 * d * d + nt * d) + 1e6,
        8e-9 * d**3 + nt * (1.5e-3 + 1e-7 * d),
        f"product space of dimension {d:.3g}: dense {d:.3g}^2 pulse matrices",
        "N",
        N,
        "use a smaller N",
    )


def _tucker_steady(N, **_: object) -> Estimate:
    n = _f(N) + 1
    # log-bands and moments of the analytic steady state: ~ a dozen float arrays of N+1
    return Estimate(
        "tucker.analytic_steady_state",
        120.0 * n,
        1.5e-6 * n,
        "(N+1) x 15 float arrays",
        "N",
        N,
        "use a smaller N",
    )


def _tucker_dense(N, **_: object) -> Estimate:
    n = _f(N) + 1
    return Estimate(
        "tucker.density_matrix",
        48.0 * n * n,
        1e-8 * n * n,
        "(N+1)^2 dense matrix",
        "N",
        N,
        "use a smaller N",
    )


def _tucker_collective(N, Gamma, chi, upsilon, t, **_: object) -> Estimate:
    n, tm, nt = _f(N) + 1, _tmax(t), _nt(t)
    d = n * n
    # expm_multiply of the (N+1)^2 Liouvillian: ||L|| ~ (Gamma + |chi|) N^2 + Omega N
    norm = (abs(_f(Gamma)) + abs(_f(chi))) * (1.0 + abs(_f(upsilon))) * n * n
    seconds = (norm * tm + 30.0 * nt) * 6.0 * d * 1e-8
    return Estimate(
        "tucker.collective_dynamics",
        16.0 * d * 25.0,
        seconds,
        f"(N+1)^2 = {d:.3g} Liouvillian, ||L|| t ~ {norm * tm:.3g}",
        "N",
        N,
        "use a smaller N, shorter times, method=trajectories or method=cumulant",
    )


def _tucker_pi(N, Gamma, chi, upsilon, gamma_s, t=(), **_: object) -> Estimate:
    n, tm = _f(N), _tmax(t)
    d = (n + 2.0) * (n + 2.0) * (n + 2.0) / 6.0
    G, c, gs = abs(_f(Gamma)), abs(_f(chi)), abs(_f(gamma_s))
    omega = 0.5 * n * abs(_f(upsilon)) * math.hypot(G, 2.0 * c)
    # Liouvillian products ~ 2 ||L||_1 t (numeric._pi_propagate.pi_applications_model; measured
    # 1.8-2.4 at N = 20..100), each ~ 9 ns per unknown (real frame, chi = 0: 0.86 ms for 9.2e4
    # unknowns at N = 80 on this machine under load; the complex route, chi != 0, ~1.3x that)
    norm = (G + 2.0 * c) * n * n / 2.0 + omega * n + 2.0 * gs * n
    per = 9e-9 * d * (1.3 if c else 1.0)
    # building the CSR Liouvillian and the Taylor parameters (1-norm estimates): ~3e-5 s per
    # unknown; the steady state (no times) is a sparse LU instead, ~N^2.5 (2.5 s at N = 20)
    setup = 1.0 + 3e-5 * d if tm > 0 else 1.0 + 1e-3 * n * n * math.sqrt(n)
    seconds = setup + 2.0 * norm * tm * per
    return Estimate(
        "tucker.pi_dynamics",
        16.0 * d * 60.0,
        seconds,
        f"Dicke space ~(N+2)^3/6 = {d:.3g} unknowns x ~{2.0 * norm * tm:.3g} Liouvillian products",
        "N",
        N,
        "use a smaller N, shorter times or method=cumulant",
    )


def _tucker_trajectories(N, Gamma, chi, upsilon, gamma_s, t, *, ntraj=20, **_: object) -> Estimate:
    n, tm, nt, m = _f(N) + 1, _tmax(t), _nt(t), _f(ntraj)
    # per trajectory: jumps at rate ~ (Gamma N^2 + gamma_s N) t; the state lives on a trimmed
    # support (~sqrt(N) levels in the frame of its mean spin), so the cost per unit of that rate
    # is nearly N-independent: measured 5e-6..1e-5 s (N = 2000, Gamma t = 0.4: 15 s; N = 10^4,
    # chi = Gamma, gamma_s = 186 Gamma, N Gamma t = 25: 8 s CPU); 2e-5 s leaves a factor 2
    rate = (
        (abs(_f(Gamma)) + abs(_f(chi))) * (1.0 + abs(_f(upsilon))) * n * n + abs(_f(gamma_s)) * n
    ) * tm
    per = 0.02 + 2e-5 * rate + 1e-6 * n * nt
    return Estimate(
        "tucker.trajectories",
        16.0 * n * 40.0 + 8.0 * m * nt * 8.0,
        per * m,
        f"{m:.3g} trajectories x ~{format_seconds(per)} each",
        "ntraj",
        ntraj,
        "use fewer trajectories, shorter times or method=cumulant",
    )


def _tucker_cumulant(N, Gamma, chi, upsilon, gamma_s, t, **_: object) -> Estimate:
    rate = (abs(_f(Gamma)) + abs(_f(chi))) * (1.0 + abs(_f(upsilon))) * _f(N) + abs(_f(gamma_s))
    return _stiff_ode("tucker.cumulant_dynamics", rate, t, 12.0, "t", _tmax(t))


_ESTIMATORS = {
    "sharma.amplitudes": _sharma_amplitudes,
    "sharma.state": _sharma_state,
    "sharma.qfi": _sharma_qfi,
    "sharma.bell": _sharma_bell,
    "sharma.bruteforce": _sharma_bruteforce,
    "metrology.bell_correlator": _bell_correlator,
    "metrology.cfi": _cfi,
    "sundar.sector": _sundar_sector,
    "sundar.open": _sundar_open,
    "sundar.cumulant": _sundar_cumulant,
    "sundar.product": _sundar_product,
    "tucker.steady": _tucker_steady,
    "tucker.dense": _tucker_dense,
    "tucker.collective": _tucker_collective,
    "tucker.pi": _tucker_pi,
    "tucker.trajectories": _tucker_trajectories,
    "tucker.cumulant": _tucker_cumulant,
}


def estimate(kind: str, *args: object, check: bool = True, **kwargs: object) -> Estimate:
    """Estimate the memory and time of solver ``kind`` and (``check``) :func:`require` it.

    Parameters
    ----------
    kind
        One of the keys of the estimator table (``"sharma.qfi"``, ``"tucker.collective"``...).
    *args, **kwargs
        The solver's own arguments (unvalidated: sizes that overflow a float give ``inf``).
    check
        Raise :class:`ResourceError` when the estimate is above the limits in force.

    Examples
    --------
    >>> e = estimate("sharma.qfi", 10**9, [0.01], method="variance", check=False)
    >>> e.bytes > 2**34
    True
    """
    try:
        est = _ESTIMATORS[kind](*args, **kwargs)
    except (TypeError, ValueError, ZeroDivisionError):
        # malformed arguments: the solver's own validation names them
        return Estimate(kind, 0.0, None, "not estimated (arguments rejected by the solver)")
    if math.isnan(est.bytes) or (est.seconds is not None and math.isnan(est.seconds)):
        return Estimate(kind, 0.0, None, "not estimated (NaN arguments, rejected by the solver)")
    return require(est) if check else est
