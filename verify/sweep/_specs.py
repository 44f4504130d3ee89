"""What a sweep is, declared beside the claims: regime-map specifications, scaling laws and scans.

Claim modules (the project's under :mod:`verify.claims`, or a user's own claims file) register
these records; the sweep engine only looks them up.  This module imports nothing heavy (no
xarray, dask or matplotlib), so registering costs nothing when no sweep runs.  Each registration
records the defining module's source file: sweep cells are keyed on it (see
:func:`verify.sweep.code_version`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._registry import load_all, record_sources, tracked_registry

__all__ = [
    "RegimeSpec",
    "ScalingLaw",
    "ScanSpec",
    "known_scaling_keys",
    "register_regime",
    "register_scaling",
    "register_scan",
    "regime_spec",
    "scaling_law",
    "scaling_laws",
    "scan_function",
    "scan_names",
    "scan_spec",
]

_SKIP = ("verify.sweep._specs",)


@dataclass(frozen=True, slots=True)
class RegimeSpec:
    """How to map a claim: default grid, and the change of variables from grid axes to claim parameters.

    Parameters
    ----------
    claim_id
        The claim this specification belongs to.
    grid
        Default ``--grid`` specifications (e.g. ``("N=10:1000:7:log", "t_over_tau=0.05:2.5:50")``).
    coordinates
        Maps a point ``{axis or parameter: value}`` (defaults and ``--set`` values
        merged in) to the claim's keyword arguments; None means the axes are the
        claim's own parameters.  It must accept the vector axis as an array.
    vector
        The axis passed whole as an array to one evaluation (a time axis: one
        exact time evolution per cell gives every time point).
    along
        The axis along which the validity boundary is sought (default: ``vector``,
        else the last axis).
    integers
        Axes whose values are integers (besides parameters with an int default).
    labels
        Axis name -> plot label.
    note
        What the map shows, for the report.
    prepare
        Called in the driving process before cells are computed (see
        :func:`run_cells`), e.g. to build a derivation the workers then inherit.
    quick_grid
        A coarser grid for the default report (``grid`` is the full map).
    """

    claim_id: str
    grid: tuple[str, ...]
    coordinates: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    vector: str | None = None
    along: str | None = None
    integers: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    prepare: Callable[[], Any] | None = None
    quick_grid: tuple[str, ...] | None = None


_SPECS: dict[str, RegimeSpec] = tracked_registry({})


def register_regime(spec: RegimeSpec) -> RegimeSpec:
    """Register the regime-map specification of a claim (one per claim)."""
    if spec.claim_id in _SPECS:
        raise ValueError(f"a regime specification for {spec.claim_id!r} is already registered")
    _SPECS[spec.claim_id] = spec
    record_sources("regime", spec.claim_id, (spec.coordinates, spec.prepare), skip=_SKIP)
    return spec


def regime_spec(claim_id: str) -> RegimeSpec | None:
    """The registered specification of a claim, or None."""
    load_all()
    return _SPECS.get(claim_id)


@dataclass(frozen=True, slots=True)
class ScalingLaw:
    """An asymptotic law y(N) ~ A N^b of a claim: the exact quantity and the derived exponent.

    Parameters
    ----------
    claim_id
        The claim the law belongs to.
    quantity
        Name of y (e.g. "tau_Q", "F_Q(t = 1.5 tau_Q)").
    exact
        Callable ``exact(N=..., **fixed) -> float``: y from the exact solver.
    exponent
        The derived exponent b, a number or a zero-argument callable returning one
        (e.g. a sympy limit evaluated on demand).
    prefactor
        The derived prefactor A (number, callable, or None if not derived).
    N
        Default N range, ``lo:hi:n[:log]``.
    fixed
        Values of the other parameters.
    exponent_tol
        Allowed |b_fit - b| (absolute, in the exponent) on top of ``nsigma``
        standard errors: the size of the finite-N correction over the range.
    note
        Where the exponent comes from.
    prepare
        Called in the driving process before cells are computed (see :func:`run_cells`).
    name
        Distinguishes several laws of one claim (e.g. a squeezing time and a
        non-Gaussian time); the law's key is ``claim_id`` or ``claim_id:name``.
    """

    claim_id: str
    quantity: str
    exact: Callable[..., float]
    exponent: float | Callable[[], float] | None
    prefactor: float | Callable[[], float] | None = None
    N: str = "10:1000:9:log"
    fixed: Mapping[str, Any] = field(default_factory=dict)
    exponent_tol: float = 0.02
    note: str = ""
    prepare: Callable[[], Any] | None = None
    name: str = ""

    @property
    def key(self) -> str:
        """``claim_id`` for a claim's main law, ``claim_id:name`` for a further one."""
        return f"{self.claim_id}:{self.name}" if self.name else self.claim_id


_LAWS: dict[str, ScalingLaw] = tracked_registry({})


def register_scaling(law: ScalingLaw) -> ScalingLaw:
    """Register a scaling law under its key (``claim`` or ``claim:name``); a key is registered once."""
    if law.key in _LAWS:
        raise ValueError(f"a scaling law {law.key!r} is already registered")
    _LAWS[law.key] = law
    record_sources(
        "scaling", law.key, (law.exact, law.prepare, law.exponent, law.prefactor), skip=_SKIP
    )
    return law


def scaling_law(key: str) -> ScalingLaw | None:
    """The law registered under ``key`` (``claim`` or ``claim:name``), or None."""
    load_all()
    return _LAWS.get(key)


def scaling_laws(claim_id: str) -> list[ScalingLaw]:
    """Every law of a claim, main law first."""
    load_all()
    found = [v for v in _LAWS.values() if v.claim_id == claim_id]
    return sorted(found, key=lambda law: (law.name != "", law.name))


def known_scaling_keys() -> list[str]:
    """The keys of every registered scaling law."""
    load_all()
    return list(_LAWS)


@dataclass(frozen=True, slots=True)
class ScanSpec:
    """A named parameter scan on the sweep engine (``qderive sweep scan NAME``).

    Parameters
    ----------
    name
        The scan's id (e.g. ``<paper>.fig3a``).
    func
        ``func(grid=None, *, store=..., scheduler=..., workers=..., retries=..., progress=...,
        code=..., out=..., **parameters) -> ScanResult``.  Its further keyword-only parameters are
        the scan's own options: the command line sets them with ``--set p=v`` (and ``--N``).
    description
        One line for ``qderive sweep scan --list``.
    """

    name: str
    func: Callable[..., Any]
    description: str = ""


_SCANS: dict[str, ScanSpec] = tracked_registry({})


def register_scan(name: str, func: Callable[..., Any], description: str = "") -> ScanSpec:
    """Register a parameter scan under ``name`` (once); see :class:`ScanSpec`."""
    if name in _SCANS:
        raise ValueError(f"a scan {name!r} is already registered")
    spec = ScanSpec(name, func, description)
    _SCANS[name] = spec
    record_sources("scan", name, (func,), skip=_SKIP)
    return spec


def scan_names() -> list[str]:
    """The names of every registered scan."""
    load_all()
    return list(_SCANS)


def scan_spec(name: str) -> ScanSpec:
    """The registered scan ``name``; :class:`~numeric.ParameterError` names the known ones."""
    from numeric import ParameterError

    load_all()
    try:
        return _SCANS[name]
    except KeyError:
        raise ParameterError(
            "scan", "one of " + (", ".join(_SCANS) or "(none registered)"), name[:100]
        ) from None


def scan_function(name: str) -> Callable[..., Any]:
    """The function of the registered scan ``name``."""
    return scan_spec(name).func
