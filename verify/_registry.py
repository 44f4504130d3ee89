"""The one registry of claims, ``eval`` quantities, figures and bench problems, and the loading of claim files.

The project's claims live in the modules of :mod:`verify.claims`; a user's claims live in their own
files (``qderive --claims PATH``, ``$QDERIVE_CLAIMS``, or the ``qderive.claims`` entry-point group of
an installed package).  Both register through the same functions (:func:`register`,
:func:`register_quantity`, ...).  Every registration records the source file of the module it came
from, so that cached results can be keyed on the sources that define them (:func:`sources_of`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import traceback
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._records import Claim, Figure, Param, Quantity

if TYPE_CHECKING:
    from derive import Derivation

__all__ = [
    "BenchSuite",
    "ClaimsFileError",
    "DuplicateClaimError",
    "all_claims",
    "bench_suites",
    "claim",
    "derivation_of",
    "figures",
    "load_all",
    "load_claims",
    "load_errors",
    "load_user_claims",
    "claim_quantity",
    "claim_regime",
    "quantities",
    "quantity",
    "record_sources",
    "regime_violations",
    "register",
    "register_bench",
    "register_figure",
    "register_quantity",
    "sources_of",
    "tracked_registry",
    "user_claim_sources",
]

ENV_VAR = "QDERIVE_CLAIMS"
ENTRY_POINT_GROUP = "qderive.claims"
USER_PACKAGE = "qderive_user"


def _claim_modules() -> tuple[str, ...]:
    """Every module of :mod:`verify.claims` (each registers its claims and quantities)."""
    import pkgutil

    pkg = importlib.import_module("verify.claims")  # the package, not the function of that name

    return tuple(
        sorted(
            f"verify.claims.{m.name}"
            for m in pkgutil.iter_modules(pkg.__path__)
            if not m.name.startswith("_")
        )
    )


_REGISTRIES: list[dict] = []


def tracked_registry(d: dict) -> dict:
    """Declare ``d`` a registry: what a claim file adds to it is removed if the file fails or is reloaded."""
    _REGISTRIES.append(d)
    return d


_CLAIMS: dict[str, Claim] = tracked_registry({})
_QUANTITIES: dict[str, Quantity] = tracked_registry({})
_FIGURES: dict[str, Figure] = tracked_registry({})
_SOURCES: dict[tuple[str, str], tuple[str, ...]] = tracked_registry({})
_DECLARED: dict[str, Any] = tracked_registry({})  # quantity -> CompiledDeclaration (_evalforms)


class DuplicateClaimError(ValueError):
    """A claim or quantity id was registered twice."""


def _module_file(name: str | None) -> str | None:
    mod = sys.modules.get(name) if name else None
    f = getattr(mod, "__file__", None)
    return os.path.abspath(f) if f else None


def _caller_module(skip: tuple[str, ...]) -> str | None:
    """``__name__`` of the first frame outside the registering machinery (``skip`` prefixes)."""
    f = sys._getframe(1)
    while f is not None:
        name = f.f_globals.get("__name__", "")
        if not name.startswith(("verify._registry", *skip)):
            return name
        f = f.f_back
    return None


def _callable_files(objs: Sequence[Any]) -> set[str]:
    out = set()
    for obj in objs:
        while hasattr(obj, "func") and not hasattr(obj, "__code__"):  # functools.partial
            obj = obj.func
        if callable(obj):
            f = _module_file(getattr(obj, "__module__", None))
            if f:
                out.add(f)
    return out


def record_sources(
    kind: str, key: str, objs: Sequence[Any] = (), *, skip: tuple[str, ...] = ()
) -> None:
    """Record the source files that define ``(kind, key)``: the registering module and those of ``objs``.

    ``skip`` names module prefixes that are registration helpers (their callers are the definers).
    """
    files = _callable_files(objs)
    caller = _module_file(_caller_module(skip))
    if caller:
        files.add(caller)
    _SOURCES[(kind, key)] = tuple(sorted(files))


def sources_of(kind: str, key: str) -> tuple[str, ...]:
    """The source files recorded for ``(kind, key)`` (``("claim", id)``, ``("regime", id)``, ...)."""
    return _SOURCES.get((kind, key), ())


def _claim_callables(c: Claim) -> list[Any]:
    return [
        c.derivation,
        c.symbolic,
        c.numeric,
        c.quick_numeric,
        c.findings,
        c.closed,
        c.exact,
        c.error_scale,
        c.regime,
    ]


def register(claim: Claim) -> Claim:
    """Add ``claim`` to the registry; a duplicate id is an error.

    The file of the calling module (and of the modules defining the claim's callables) is recorded:
    the claim's cached check is keyed on their contents.
    """
    if claim.id in _CLAIMS:
        raise DuplicateClaimError(f"claim id {claim.id!r} is already registered")
    _CLAIMS[claim.id] = claim
    record_sources("claim", claim.id, _claim_callables(claim))
    return claim


def register_quantity(q: Quantity) -> Quantity:
    """Add an ``eval`` quantity; a duplicate name is an error."""
    if q.name in _QUANTITIES:
        raise DuplicateClaimError(f"quantity {q.name!r} is already registered")
    _QUANTITIES[q.name] = q
    record_sources("quantity", q.name, (q.func,))
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


# ---------------------------------------------------------------- bench problems
@dataclass(frozen=True, slots=True)
class BenchSuite:
    """One model's benchmark problems registered from a claims file (see :func:`register_bench`)."""

    MODEL: str
    problems: Callable[..., Any]
    scaling: Callable[[], Any] | None = None
    NOTES: str = ""


_BENCH: dict[str, BenchSuite] = tracked_registry({})


def register_bench(
    model: str,
    problems: Callable[..., Any],
    *,
    scaling: Callable[[], Any] | None = None,
    notes: str = "",
) -> BenchSuite:
    """Register benchmark problems of a model for ``qderive bench`` (e.g. from a user's claims file).

    Parameters
    ----------
    model
        The model's key (a section of the bench report); registered once.
    problems
        ``problems(quick=False) -> list[verify.bench.Problem]``, as in a ``benchmarks/problems_*.py`` file.
    scaling
        Optional ``scaling() -> list[verify.bench.ScalingSeries]``.
    notes
        Markdown notes for the report.

    Notes
    -----
    The project's own problems are found without registration: every ``benchmarks/problems_*.py`` file
    is loaded (its ``MODEL``, ``problems``, optional ``scaling`` and ``NOTES``).
    """
    if model in _BENCH:
        raise DuplicateClaimError(f"bench problems of {model!r} are already registered")
    suite = BenchSuite(model, problems, scaling, notes)
    _BENCH[model] = suite
    return suite


def bench_suites() -> list[BenchSuite]:
    """Registered bench problems, in registration order."""
    load_all()
    return list(_BENCH.values())


# ---------------------------------------------------------------- loading
_LOAD_ERRORS: dict[str, str] = {}


@cache
def load_all() -> None:
    """Import every claim module once, which registers its claims and quantities.

    A module that fails to import does not hide the others: its error is kept in
    :func:`load_errors` and ``qderive verify`` reports it as a failure.  Claim files named by
    ``$QDERIVE_CLAIMS`` and the ``qderive.claims`` entry points are loaded after the project's.
    """
    for mod in _claim_modules():
        try:
            importlib.import_module(mod)
        except Exception as exc:  # reported by load_errors(), never swallowed silently
            _LOAD_ERRORS[mod] = f"{type(exc).__name__}: {exc}"
    from ._project_forms import declare_project_forms

    declare_project_forms()  # which compiled evaluator each hand-written closed form is (eval)
    for src in user_claim_sources():
        try:
            load_claims(src)
        except ClaimsFileError as exc:
            _LOAD_ERRORS[src] = str(exc)
    for ep in _entry_points():
        try:
            _load_entry_point(ep)
        except ClaimsFileError as exc:
            _LOAD_ERRORS[f"entry point {ep.name}"] = str(exc)


def load_errors() -> dict[str, str]:
    """Claim modules that failed to import, with their errors."""
    load_all()
    return dict(_LOAD_ERRORS)


def _abbrev(text: str, n: int = 100) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 3] + "..."


class ClaimsFileError(Exception):
    """A user's claims file or module that could not be loaded; ``str()`` is one line naming file and line."""

    def __init__(self, what: str, line: int | None, error: str) -> None:
        self.what, self.line, self.error = what, line, error
        where = f"line {line}: " if line else ""
        super().__init__(f"{what} did not import: {where}{_abbrev(error, 200)}")


def user_claim_sources() -> list[str]:
    """The claim files and modules named by ``$QDERIVE_CLAIMS`` (:data:`os.pathsep`-separated)."""
    return [s for s in os.environ.get(ENV_VAR, "").split(os.pathsep) if s.strip()]


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points

    try:
        return list(entry_points(group=ENTRY_POINT_GROUP))
    except Exception:  # broken metadata of an unrelated distribution must not stop qderive
        return []


def _error_line(exc: BaseException, filename: str | None) -> int | None:
    """The line of ``filename`` where ``exc`` arose (a syntax error's own line, else the last frame there)."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        if filename is None or not exc.filename or _same(exc.filename, filename):
            return exc.lineno
    line = None
    for fs in traceback.extract_tb(exc.__traceback__):
        if filename is not None and _same(fs.filename, filename):
            line = fs.lineno
    return line


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"{type(exc).__name__}: {exc.msg}"
    return f"{type(exc).__name__}: {exc}"


_LOADED: dict[str, tuple[str, str]] = {}  # source -> (module name, content hash)
_ADDED: dict[str, list[tuple[int, Any]]] = {}  # module name -> keys it added to each registry


def _snapshot() -> list[set]:
    return [set(d) for d in _REGISTRIES]


def _added_since(before: list[set]) -> list[tuple[int, Any]]:
    out = []
    for i, d in enumerate(_REGISTRIES):
        old = before[i] if i < len(before) else set()
        out += [(i, k) for k in d if k not in old]
    return out


def _remove(added: list[tuple[int, Any]]) -> None:
    for i, k in added:
        _REGISTRIES[i].pop(k, None)
    derivation_of.cache_clear()
    claim_regime.cache_clear()


def _user_package() -> None:
    if USER_PACKAGE not in sys.modules:
        pkg = types.ModuleType(USER_PACKAGE)
        pkg.__path__ = []  # a namespace for users' claim files loaded by path
        sys.modules[USER_PACKAGE] = pkg


def _is_path(source: str) -> bool:
    return source.endswith(".py") or os.sep in source or "/" in source


def _exec_tracked(modname: str, run: Callable[[], Any]) -> Any:
    before = _snapshot()
    try:
        result = run()
    except BaseException:
        _remove(_added_since(before))
        raise
    _ADDED[modname] = _added_since(before)
    return result


def load_claims(source: str) -> types.ModuleType:
    """Load a user's claims file (a ``.py`` path) or importable module; it registers what it defines.

    A file is loaded under the module name ``qderive_user.<stem>_<hash8 of its path>``, so two
    files with the same name never collide.  Loading the same unchanged file again does nothing;
    a file whose contents changed replaces what it registered before.

    Raises
    ------
    ClaimsFileError
        The file is missing or raised on import (syntax error, exception); the message names the
        file and the line.
    """
    if not _is_path(source):
        return _load_module(source)
    path = Path(source).expanduser().resolve()
    what = f"claims file {_abbrev(str(path))}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClaimsFileError(what, None, f"{type(exc).__name__}: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    key = str(path)
    modname = (
        f"{USER_PACKAGE}.{_identifier(path.stem)}_{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    )
    if _LOADED.get(key) == (modname, digest) and modname in sys.modules:
        return sys.modules[modname]
    if modname in _ADDED:  # the file changed: forget what its previous version registered
        _remove(_ADDED.pop(modname))
    _user_package()
    spec = importlib.util.spec_from_file_location(modname, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[modname] = mod

    def run() -> None:
        spec.loader.exec_module(mod)

    try:
        _exec_tracked(modname, run)
    except Exception as exc:
        sys.modules.pop(modname, None)
        _LOADED.pop(key, None)
        raise ClaimsFileError(what, _error_line(exc, str(path)), _describe(exc)) from None
    _LOADED[key] = (modname, digest)
    _pickle_by_value(mod)
    return mod


def _identifier(stem: str) -> str:
    s = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in stem)
    return s if s and not s[0].isdigit() else f"m_{s}"


def _pickle_by_value(mod: types.ModuleType) -> None:
    """Let sweep workers receive functions of a file-loaded module (they cannot import it by name)."""
    try:
        import cloudpickle
    except ImportError:  # pragma: no cover - a sweep dependency
        return
    try:
        cloudpickle.register_pickle_by_value(mod)
    except (ValueError, TypeError):
        pass


def _module_origin(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def _load_module(name: str, what: str | None = None) -> types.ModuleType:
    what = what or f"claims module {_abbrev(name)}"
    if name in sys.modules and name in _ADDED:
        return sys.modules[name]
    try:
        return _exec_tracked(name, lambda: importlib.import_module(name))
    except Exception as exc:
        origin = _module_origin(name) if not isinstance(exc, ModuleNotFoundError) else None
        if origin:
            what = f"{what} ({_abbrev(origin)})"
        raise ClaimsFileError(what, _error_line(exc, origin), _describe(exc)) from None


def _load_entry_point(ep: Any) -> types.ModuleType:
    module = getattr(ep, "module", None) or ep.value.split(":")[0].strip()
    return _load_module(module, f"claims entry point {ep.name!r} (module {_abbrev(module)})")


def load_user_claims(sources: Sequence[str] = ()) -> None:
    """Load the project's claims, then ``sources``, ``$QDERIVE_CLAIMS`` and the entry points.

    Unlike :func:`load_all`, a file that fails raises :class:`ClaimsFileError` (``qderive`` turns it
    into one line and exit status 2).
    """
    load_all()
    for src in (*sources, *user_claim_sources()):
        load_claims(src)
    for ep in _entry_points():
        _load_entry_point(ep)


# ---------------------------------------------------------------- look-ups
def all_claims(paper: str | None = None) -> Iterator[Claim]:
    """All registered claims in registration order, optionally for one paper."""
    load_all()
    for c in list(_CLAIMS.values()):
        if paper is None or c.paper == paper or c.id.startswith(paper + "."):
            yield c


def claim(claim_id: str) -> Claim:
    """The claim with this id; KeyError names the known ids when it is missing."""
    load_all()
    try:
        return _CLAIMS[claim_id]
    except KeyError:
        raise KeyError(
            f"unknown claim {_abbrev(claim_id)!r}; known: {', '.join(_CLAIMS)}"
        ) from None


def quantities() -> Iterator[Quantity]:
    """Every ``eval`` quantity: the registered ones, then one per claim with a closed form (its own id)."""
    load_all()
    for q in list(_QUANTITIES.values()):
        c = _CLAIMS.get(q.name)
        yield _with_closed(q, c) if _has_closed(c) and q.kind != "closed form" else q
    for c in list(_CLAIMS.values()):
        if c.id not in _QUANTITIES and _has_closed(c):
            yield claim_quantity(c)


def _has_closed(c: Claim | None) -> bool:
    return c is not None and c.closed is not None and bool(c.parameters)


def _with_closed(q: Quantity, c: Claim) -> Quantity:
    """An exact quantity registered under a claim's id, with ``form=closed`` evaluating the claim's closed form."""

    def func(form: str = "exact", **kw: Any) -> Any:
        return q.func(**kw) if form == "exact" else c.closed(**kw)

    form = Param(
        "form",
        "choice",
        "any",
        "exact",
        choices=("exact", "closed"),
        doc=f"exact: {q.doc}; closed: the closed form of claim {c.id}",
        unit="none (a choice)",
    )
    return Quantity(
        q.name, (*q.params, form), func, f"{q.doc} (form=closed: the claim's closed form)", q.kind
    )


def quantity(name: str) -> Quantity:
    """The ``eval`` quantity ``name``: a registered one, or the closed form of the claim with that id."""
    load_all()
    c = _CLAIMS.get(name)
    if name in _QUANTITIES:
        q = _QUANTITIES[name]
        return _with_closed(q, c) if _has_closed(c) and q.kind != "closed form" else q
    if _has_closed(c):
        return claim_quantity(c)
    raise KeyError(f"unknown quantity {_abbrev(name)!r}; 'qderive eval --list' names them")


def _claim_param(claim_id: str, name: str) -> Param:
    """An ``eval`` parameter of a claim's closed form, typed by the declaration in the claim's model."""
    from ._models import model_parameter

    decl = model_parameter(claim_id, name)
    if decl is None:
        kind = "time" if name == "t" else "int" if name == "N" else "real"
        # a parameter the model does not declare: its meaning and unit from a quantity of the same
        # paper that takes a parameter of that name (a name means one thing within a paper)
        same = _same_named_param(claim_id, name)
        return Param(
            name,
            kind,
            "nonnegative" if kind == "time" else "positive" if kind == "int" else "any",
            doc=same.doc if same is not None else "",
            unit=same.unit if same is not None else "",
        )
    if decl.unit == "time" or name == "t":
        kind, domain = "time", "nonnegative"
    elif decl.integer:
        kind, domain = (
            "int",
            "positive even"
            if decl.even
            else "positive"
            if (decl.lower or 0) >= 1
            else "nonnegative",
        )
    else:
        kind = "real"
        domain = (
            "any"
            if decl.lower is None or decl.lower < 0
            else "positive"
            if decl.lower > 0 or decl.lower_open
            else "nonnegative"
        )
    return Param(name, kind, domain, doc=decl.meaning, unit=decl.unit)


def _same_named_param(item_id: str, name: str) -> Param | None:
    prefix = item_id.split(".", 1)[0] + "."
    for q in _QUANTITIES.values():
        if q.name.startswith(prefix):
            for p in q.params:
                if p.name == name and p.doc:
                    return p
    return None


def claim_quantity(c: Claim) -> Quantity:
    """The ``eval`` quantity of claim ``c``'s closed form: its id, its parameters, its ``closed`` callable.

    The parameters' kinds, ranges, meanings and units come from the claim's model
    (:func:`verify.register_model`); ``qderive eval`` warns outside the claim's regime
    (:func:`regime_violations`).
    """
    return Quantity(
        c.id,
        tuple(_claim_param(c.id, n) for n in c.parameters),
        c.closed,
        f"closed form of {c.equation or c.id}: {c.title}",
        "closed form",
    )


@cache
def claim_regime(claim_id: str) -> tuple[Any, ...]:
    """The conditions under which the claim's closed form holds: ``Claim.regime`` or its derivation's regime."""
    c = claim(claim_id)
    if c.regime is not None:
        return tuple(c.regime())
    d = derivation_of(claim_id)
    return tuple(d.regime) if d is not None else ()


def regime_violations(name: str, params: dict[str, Any]) -> tuple[bool, list[str]]:
    """``(in_regime, warnings)`` of evaluating quantity ``name`` at ``params``.

    An exact quantity (``form=exact``) has no regime.
    For the quantity of a claim (same id) every regime condition whose symbols are all among
    ``params`` is evaluated (the largest margin over a time array); each one whose margin reaches
    its threshold gives a warning naming the inequality.  Other quantities have no regime.
    """
    load_all()
    if name not in _CLAIMS or params.get("form") == "exact":
        return True, []
    from ._claim_builder import _margin_fn

    out = []
    for cond in claim_regime(name):
        names = {s.name for s in cond.margin.free_symbols}
        if not names <= set(params):
            continue
        try:
            m = _margin_fn(cond)(**{k: params[k] for k in names})
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if not m < cond.threshold:
            why = f" ({cond.text})" if cond.text else ""
            out.append(
                f"{name} outside its regime: {cond} violated, margin {m:.3g} >= {cond.threshold:g}{why}"
            )
    return not out, out


@cache
def derivation_of(claim_id: str) -> Derivation | None:
    """The claim's derivation, built once per process."""
    c = claim(claim_id)
    return None if c.derivation is None else c.derivation()
