"""The one registry of claims and ``eval`` quantities."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache

from derive import Derivation

from ._records import Claim, Figure, Quantity

__all__ = ["DuplicateClaimError", "register", "register_quantity", "all_claims", "claim",
           "quantities", "quantity", "derivation_of", "load_all", "load_errors", "register_figure", "figures"]

def _claim_modules() -> tuple[str, ...]:
    """Every module of :mod:`verify.claims` (each registers its claims and quantities)."""
    import pkgutil

    pkg = importlib.import_module("verify.claims")  # the package, not the function of that name

    return tuple(sorted(f"verify.claims.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)
                        if not m.name.startswith("_")))

_CLAIMS: dict[str, Claim] = {}
_QUANTITIES: dict[str, Quantity] = {}
_FIGURES: dict[str, Figure] = {}


class DuplicateClaimError(ValueError):
    """A claim or quantity id was registered twice."""


def register(claim: Claim) -> Claim:
    """Add ``claim`` to the registry; a duplicate id is an error."""
    if claim.id in _CLAIMS:
        raise DuplicateClaimError(f"claim id {claim.id!r} is already registered")
    _CLAIMS[claim.id] = claim
    return claim


def register_quantity(q: Quantity) -> Quantity:
    """Add an ``eval`` quantity; a duplicate name is an error."""
    if q.name in _QUANTITIES:
        raise DuplicateClaimError(f"quantity {q.name!r} is already registered")
    _QUANTITIES[q.name] = q
    return q


def register_figure(fig: Figure) -> Figure:
    """Add a report figure; a duplicate name is an error."""
    if fig.name in _FIGURES:
        raise DuplicateClaimError(f"figure {fig.name!r} is already registered")
    _FIGURES[fig.name] = fig
    return fig


def figures() -> Iterator[Figure]:
    load_all()
    yield from _FIGURES.values()


_LOAD_ERRORS: dict[str, str] = {}


@cache
def load_all() -> None:
    """Import every claim module once, which registers its claims and quantities.

    A module that fails to import does not hide the others: its error is kept in
    :func:`load_errors` and ``qderive verify`` reports it as a failure.
    """
    for mod in _claim_modules():
        try:
            importlib.import_module(mod)
        except Exception as exc:  # reported by load_errors(), never swallowed silently
            _LOAD_ERRORS[mod] = f"{type(exc).__name__}: {exc}"


def load_errors() -> dict[str, str]:
    """Claim modules that failed to import, with their errors."""
    load_all()
    return dict(_LOAD_ERRORS)


def all_claims(paper: str | None = None) -> Iterator[Claim]:
    """All registered claims in registration order, optionally for one paper."""
    load_all()
    for c in _CLAIMS.values():
        if paper is None or c.paper == paper or c.id.startswith(paper + "."):
            yield c


def claim(claim_id: str) -> Claim:
    """The claim with this id; KeyError names the known ids when it is missing."""
    load_all()
    try:
        return _CLAIMS[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim {claim_id!r}; known: {', '.join(_CLAIMS)}") from None


def quantities() -> Iterator[Quantity]:
    load_all()
    yield from _QUANTITIES.values()


def quantity(name: str) -> Quantity:
    load_all()
    try:
        return _QUANTITIES[name]
    except KeyError:
        raise KeyError(f"unknown quantity {name!r}; 'qderive eval --list' names them") from None


@cache
def derivation_of(claim_id: str) -> Derivation | None:
    """The claim's derivation, built once per process."""
    c = claim(claim_id)
    return None if c.derivation is None else c.derivation()
