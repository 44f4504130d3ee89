"""The :class:`Model` record: a physical model declared once, consumed by every layer.

A model holds its parameters (sympy symbols with assumptions, each with the keyword name the
numerics use, a meaning, a unit and an allowed range), its degrees of freedom (collective
spins, boson modes, few-level systems, in tensor-product order), the Hamiltonian and the jump
operators as sympy operator expressions, conserved quantities, and its conventions stated
once.  Derivation verbs (:func:`derive.eliminate`, :func:`derive.meanfield`, ...) take a model
and return a :class:`~derive.Derivation` and, where it applies, a reduced model;
:meth:`Model.compile` turns it with numbers into the plain-data :class:`~derive.Spec` the
exact solvers of :mod:`numeric` read.

Examples
--------
A two-level atom in a lossy cavity (Jaynes-Cummings with losses):

>>> import sympy as sp
>>> from derive import Boson, Jump, Levels, Model, Parameter
>>> g = Parameter.rate("g", "atom-cavity coupling", unit="rate", positive=True)
>>> kappa = Parameter.rate("kappa", "cavity energy decay rate", unit="rate")
>>> cav, atom = Boson("a"), Levels("q", ("g", "e"))
>>> m = Model("jc", (g, kappa), (atom, cav),
...           hamiltonian=g.symbol * (cav.ad * atom("g", "e") + atom("e", "g") * cav.a),
...           jumps=(Jump(cav.a, kappa.symbol, "cavity loss"),))
>>> spec = m.compile(g=1.0, kappa=0.5)
>>> [d.kind for d in spec.dofs], spec.jumps[0].rate
(['levels', 'boson'], 0.5)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import sympy as sp
from sympy.physics.quantum import Dagger, Operator
from sympy.physics.quantum.boson import BosonOp

from ._spec import DofSpec, JumpSpec, LocalJumpSpec, Spec, TermSpec

__all__ = [
    "Boson",
    "Conserved",
    "Jump",
    "Levels",
    "LocalJump",
    "Model",
    "ModelError",
    "Parameter",
    "ParameterValueError",
    "SpinEnsemble",
    "SpinOp",
    "Transition",
]


class ModelError(ValueError):
    """A model declaration is inconsistent (one line naming what and where)."""


class ParameterValueError(ValueError):
    """A parameter value is outside its declared range; the message names both."""

    def __init__(self, name: str, allowed: str, got: object) -> None:
        self.name, self.allowed, self.got = name, allowed, got
        text = repr(got)
        if len(text) > 60:
            text = text[:57] + "..."
        super().__init__(f"{name} must be {allowed}, got {text}")


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True, slots=True)
class Parameter:
    """A model parameter: its symbol, keyword name, meaning, unit and allowed range.

    Parameters
    ----------
    symbol
        The sympy symbol, with the assumptions derivations rely on.  Its name is the keyword
        the numerics and ``qderive eval`` use.
    meaning
        One line saying what it is ("cavity field decay rate").
    unit
        A unit or dimension: ``"rate"``, ``"time"``, ``"dimensionless"``, ``"in units of chi"``...
    lower, upper
        Allowed range (``None``: unbounded); ``lower_open`` / ``upper_open`` make it strict.
    integer, even
        The value must be an integer (an even integer).
    default
        A default value, or None when the parameter must be given.
    aliases
        Other names accepted for it (old names kept working).
    max_magnitude
        The largest ``|value|`` at which evaluation keeps its meaning (float overflow of the
        closed forms and solvers); values beyond are refused.

    Notes
    -----
    The range is checked by :meth:`validate` and by the command line; derivations see only
    the symbol's assumptions (``positive``, ``real``...), which must be implied by the range.
    """

    symbol: sp.Symbol
    meaning: str
    unit: str = "dimensionless"
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    upper_open: bool = False
    integer: bool = False
    even: bool = False
    default: float | None = None
    aliases: tuple[str, ...] = ()
    max_magnitude: float = 1e150

    @property
    def name(self) -> str:
        return self.symbol.name

    # constructors for the common kinds ---------------------------------------------------
    @classmethod
    def rate(
        cls, name: str, meaning: str, *, unit: str = "rate", positive: bool = False, **kw: Any
    ) -> Parameter:
        """A rate or coupling: real, ``>= 0`` (``> 0`` with ``positive``)."""
        sym = kw.pop("symbol", None) or sp.Symbol(
            name, **({"positive": True} if positive else {"nonnegative": True})
        )
        return cls(sym, meaning, unit, lower=0.0, lower_open=positive, **kw)

    @classmethod
    def real(cls, name: str, meaning: str, *, unit: str = "rate", **kw: Any) -> Parameter:
        """A real parameter of either sign (a detuning, a phase)."""
        sym = kw.pop("symbol", None) or sp.Symbol(name, real=True)
        return cls(sym, meaning, unit, **kw)

    @classmethod
    def size(cls, name: str, meaning: str, *, even: bool = False, **kw: Any) -> Parameter:
        """A size (atom number): an integer ``>= 1`` (even with ``even``)."""
        sym = kw.pop("symbol", None) or sp.Symbol(name, positive=True, integer=True)
        return cls(sym, meaning, "dimensionless", lower=1.0, integer=True, even=even, **kw)

    @classmethod
    def time(cls, name: str = "t", meaning: str = "evolution time", **kw: Any) -> Parameter:
        """A time ``>= 0``."""
        sym = kw.pop("symbol", None) or sp.Symbol(name, nonnegative=True)
        return cls(sym, meaning, kw.pop("unit", "time"), lower=0.0, **kw)

    def describe(self) -> str:
        """The allowed range in words: "an integer >= 1", "a number > 0", ..."""
        what = "an even integer" if self.even else "an integer" if self.integer else "a number"
        parts = []
        if self.lower is not None:
            parts.append(f"{'>' if self.lower_open else '>='} {self.lower:g}")
        if self.upper is not None:
            parts.append(f"{'<' if self.upper_open else '<='} {self.upper:g}")
        return what + (" " + " and ".join(parts) if parts else "")

    def validate(self, value: Any) -> float | int:
        """Return ``value`` as a number in range, or raise :class:`ParameterValueError`.

        Refuses NaN, infinities, booleans, non-numbers and magnitudes beyond
        ``max_magnitude``; integers are returned as ``int``.
        """
        allowed = self.describe()
        if isinstance(value, bool):
            raise ParameterValueError(self.name, allowed, value)
        if not isinstance(value, numbers.Real):
            try:
                value = float(value)  # numpy scalars, numeric strings
            except (TypeError, ValueError):
                raise ParameterValueError(self.name, allowed, value) from None
        x = float(value)
        if not math.isfinite(x):
            raise ParameterValueError(self.name, allowed + " (finite)", value)
        if abs(x) > self.max_magnitude:
            raise ParameterValueError(
                self.name, f"{allowed} with |{self.name}| <= {self.max_magnitude:g}", value
            )
        if self.lower is not None and (x < self.lower or (self.lower_open and x == self.lower)):
            raise ParameterValueError(self.name, allowed, value)
        if self.upper is not None and (x > self.upper or (self.upper_open and x == self.upper)):
            raise ParameterValueError(self.name, allowed, value)
        if self.integer or self.even:
            if x != int(x):
                raise ParameterValueError(self.name, allowed, value)
            if self.even and int(x) % 2:
                raise ParameterValueError(self.name, allowed, value)
            return int(x)
        return x


# --------------------------------------------------------------------------- operators
class SpinOp(Operator):
    """A collective spin operator ``S^+``, ``S^-`` or ``S^z`` of one ensemble.

    ``[S^z, S^+-] = +-S^+-``, ``[S^+, S^-] = 2 S^z``, ``(S^+)^dag = S^-``.
    """

    is_hermitian = None

    @classmethod
    def _eval_args(cls, args):  # keep plain Symbols (no Qubit/Hilbert-space parsing)
        return tuple(sp.Symbol(str(a)) for a in args)

    @property
    def ensemble(self) -> str:
        return str(self.args[0])

    @property
    def component(self) -> str:
        return {"p": "+", "m": "-", "z": "z"}[str(self.args[1])]

    def _eval_adjoint(self):
        return SpinOp(self.args[0], {"p": "m", "m": "p", "z": "z"}[str(self.args[1])])

    def _print_contents(self, printer, *args):
        return f"S_{self.ensemble}^{self.component}"

    def _print_contents_latex(self, printer, *args):
        return rf"S_{{{self.ensemble}}}^{{{self.component}}}"

    def _sympystr(self, printer, *args):
        return f"S_{self.ensemble}^{self.component}"


class Transition(Operator):
    """The transition operator ``|i><j|`` of a few-level system."""

    @classmethod
    def _eval_args(cls, args):
        return tuple(sp.Symbol(str(a)) for a in args)

    @property
    def system(self) -> str:
        return str(self.args[0])

    @property
    def levels(self) -> tuple[str, str]:
        return str(self.args[1]), str(self.args[2])

    def _eval_adjoint(self):
        return Transition(self.args[0], self.args[2], self.args[1])

    def _sympystr(self, printer, *args):
        i, j = self.levels
        return f"|{i}><{j}|_{self.system}"

    def _print_contents_latex(self, printer, *args):
        i, j = self.levels
        return rf"\sigma^{{{self.system}}}_{{{i}{j}}}"


# --------------------------------------------------------------------------- degrees of freedom
@dataclass(frozen=True, slots=True)
class SpinEnsemble:
    """A collective spin of ``size`` identical two-level atoms (``size`` a symbol, e.g. N).

    Attributes ``Sp``, ``Sm``, ``Sz``, ``Sx``, ``Sy`` are the collective operators
    (``S^z = sum_i sigma_i^z / 2``, ``S^+ = sum_i |e><g|_i``).
    """

    name: str
    size: sp.Expr

    @property
    def kind(self) -> str:
        return "spin"

    @property
    def Sp(self) -> SpinOp:
        return SpinOp(self.name, "p")

    @property
    def Sm(self) -> SpinOp:
        return SpinOp(self.name, "m")

    @property
    def Sz(self) -> SpinOp:
        return SpinOp(self.name, "z")

    @property
    def Sx(self) -> sp.Expr:
        return (self.Sp + self.Sm) / 2

    @property
    def Sy(self) -> sp.Expr:
        return (self.Sp - self.Sm) / (2 * sp.I)


@dataclass(frozen=True, slots=True)
class Boson:
    """A bosonic mode; ``a`` and ``ad`` are its annihilation and creation operators."""

    name: str

    @property
    def kind(self) -> str:
        return "boson"

    @property
    def a(self) -> BosonOp:
        return BosonOp(self.name)

    @property
    def ad(self) -> BosonOp:
        return Dagger(BosonOp(self.name))

    @property
    def n(self) -> sp.Expr:
        return self.ad * self.a


@dataclass(frozen=True, slots=True)
class Levels:
    """A few-level system with labelled levels; ``sys(i, j)`` is ``|i><j|``."""

    name: str
    labels: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "levels"

    def __call__(self, i: str, j: str) -> Transition:
        for x in (i, j):
            if x not in self.labels:
                raise ModelError(f"level {x!r} is not one of {self.labels} of {self.name}")
        return Transition(self.name, i, j)

    def projector(self, i: str) -> Transition:
        return self(i, i)


Dof = SpinEnsemble | Boson | Levels


@dataclass(frozen=True, slots=True)
class Jump:
    """A dissipator ``rate * D[operator]``."""

    operator: sp.Expr
    rate: sp.Expr
    name: str = ""


@dataclass(frozen=True, slots=True)
class LocalJump:
    """``rate * sum_i D[sigma_i^kind]`` on every atom of ``ensemble`` (kind ``-``, ``+``, ``z``)."""

    ensemble: str
    kind: str
    rate: sp.Expr
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("-", "+", "z"):
            raise ModelError(f"local jump kind must be '-', '+' or 'z', got {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Conserved:
    """An operator that commutes with the Hamiltonian, and that each jump shifts by a constant.

    A sector label: a pure Hamiltonian evolution stays in one sector; with jumps that shift it
    uniformly (cavity loss lowers ``a^dag a + |e><e|`` by one) the density matrix keeps its
    block structure in the difference of sector labels, which the exact solvers exploit.
    """

    name: str
    operator: sp.Expr


# --------------------------------------------------------------------------- the model
def _freeze(m: Mapping | None) -> Mapping:
    return MappingProxyType(dict(m or {}))


@dataclass(frozen=True, slots=True)
class Model:
    """A physical model, declared once.

    Parameters
    ----------
    name
        Short name ("purcell", "tucker2020").
    parameters
        Every :class:`Parameter` the model's expressions and its derivations use.
    dofs
        Degrees of freedom in tensor-product order.
    hamiltonian
        ``H`` as a sympy operator expression (``hbar = 1``).
    jumps, local_jumps
        Collective and per-atom dissipators.
    conserved
        Conserved quantities (used by solvers to cut the space into sectors).
    conventions
        Plain-language conventions stated once (frame, sign of ``S_B^+``, basis order).
    frame
        The frame the Hamiltonian is written in ("rotating at the pump frequency").
    notes
        Free text (source, paper equation numbers).

    Raises
    ------
    ModelError
        If two symbols share a name, an expression holds an undeclared symbol or an
        operator of an undeclared degree of freedom, or a rate can be negative.

    Notes
    -----
    Every free symbol of the Hamiltonian, jumps and conserved quantities must be a declared
    parameter or an ensemble size, so that :meth:`compile` knows its range.
    """

    name: str
    parameters: tuple[Parameter, ...]
    dofs: tuple[Dof, ...]
    hamiltonian: sp.Expr = sp.Integer(0)
    jumps: tuple[Jump, ...] = ()
    local_jumps: tuple[LocalJump, ...] = ()
    conserved: tuple[Conserved, ...] = ()
    conventions: tuple[str, ...] = ()
    frame: str = ""
    notes: str = ""
    _by_name: Mapping[str, Parameter] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "dofs", tuple(self.dofs))
        object.__setattr__(self, "hamiltonian", sp.sympify(self.hamiltonian))
        object.__setattr__(self, "jumps", tuple(self.jumps))
        object.__setattr__(self, "local_jumps", tuple(self.local_jumps))
        object.__setattr__(self, "conserved", tuple(self.conserved))
        object.__setattr__(self, "conventions", tuple(self.conventions))
        by_name: dict[str, Parameter] = {}
        for p in self.parameters:
            for key in (p.name, *p.aliases):
                if key in by_name:
                    raise ModelError(f"model {self.name}: two parameters are called {key!r}")
                by_name[key] = p
        object.__setattr__(self, "_by_name", _freeze(by_name))
        names = [d.name for d in self.dofs]
        for p in self.parameters:
            if p.symbol == sp.Symbol(p.name) and p.name in names:
                raise ModelError(
                    f"model {self.name}: parameter {p.name!r} is also a degree of "
                    "freedom's name; give the parameter an assumption or rename it"
                )
        if len(set(names)) != len(names):
            raise ModelError(f"model {self.name}: two degrees of freedom share a name in {names}")
        self._check_symbols()
        for j in (*self.jumps, *self.local_jumps):
            r = sp.sympify(j.rate)
            if r.is_nonnegative is not True and not (r.is_number and float(r) >= 0):
                raise ModelError(
                    f"model {self.name}: jump {j.name or j} has rate {r}, which "
                    "its symbols' assumptions do not make >= 0"
                )
        for lj in self.local_jumps:
            if self.dof(lj.ensemble).kind != "spin":
                raise ModelError(f"model {self.name}: local jump on {lj.ensemble}, not a spin")

    # ---------------------------------------------------------------- lookups
    def _expressions(self) -> Iterable[sp.Expr]:
        yield self.hamiltonian
        for j in self.jumps:
            yield sp.sympify(j.operator)
            yield sp.sympify(j.rate)
        for lj in self.local_jumps:
            yield sp.sympify(lj.rate)
        for c in self.conserved:
            yield sp.sympify(c.operator)
        for d in self.dofs:
            if isinstance(d, SpinEnsemble):
                yield sp.sympify(d.size)

    def _check_symbols(self) -> None:
        """Every free symbol declared, no name twice (operator labels are not symbols)."""
        declared = {p.symbol for p in self.parameters}
        seen: dict[str, sp.Symbol] = {p.name: p.symbol for p in self.parameters}
        dof_names = {d.name for d in self.dofs}
        for e in self._expressions():
            for s in c_number_symbols(e):
                if s.name in seen and seen[s.name] != s:
                    raise ModelError(
                        f"model {self.name}: two symbols are called {s.name!r} with different "
                        f"assumptions ({_assumed(seen[s.name])} vs {_assumed(s)})"
                    )
                if s not in declared:
                    raise ModelError(
                        f"model {self.name}: symbol {s.name!r} is not a declared parameter"
                    )
            for a in e.atoms(SpinOp, Transition, BosonOp):
                dof = (
                    a.ensemble
                    if isinstance(a, SpinOp)
                    else (a.system if isinstance(a, Transition) else str(a.name))
                )
                if dof not in dof_names:
                    raise ModelError(
                        f"model {self.name}: operator {a} acts on {dof!r}, which "
                        f"is not a degree of freedom ({sorted(dof_names)})"
                    )

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (or one of its aliases)."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(
                f"model {self.name} has no parameter {name!r}; it has "
                f"{', '.join(p.name for p in self.parameters)}"
            ) from None

    def symbol(self, name: str) -> sp.Symbol:
        """The sympy symbol of the parameter ``name``."""
        return self.parameter(name).symbol

    def symbols(self, *names: str) -> tuple[sp.Symbol, ...]:
        return tuple(self.symbol(n) for n in names)

    def dof(self, name: str) -> Dof:
        for d in self.dofs:
            if d.name == name:
                return d
        raise KeyError(f"model {self.name} has no degree of freedom {name!r}")

    def replace(self, **changes: Any) -> Model:
        """A new model with some fields changed (the record itself never mutates)."""
        fields = {
            f: getattr(self, f)
            for f in (
                "name",
                "parameters",
                "dofs",
                "hamiltonian",
                "jumps",
                "local_jumps",
                "conserved",
                "conventions",
                "frame",
                "notes",
            )
        }
        fields.update(changes)
        return Model(**fields)

    def validate(
        self, values: Mapping[str, Any], *, names: Iterable[str] | None = None
    ) -> dict[str, float | int]:
        """Check ``values`` against the declared ranges; aliases are mapped to names.

        Raises :class:`ParameterValueError` (one line naming the parameter and the range)
        or :class:`KeyError` for an unknown name.
        """
        out: dict[str, float | int] = {}
        for k, v in values.items():
            p = self.parameter(k)
            out[p.name] = p.validate(v)
        for n in names or ():
            if n not in out:
                p = self.parameter(n)
                if p.default is None:
                    raise ParameterValueError(n, p.describe() + " (required)", "nothing")
                out[n] = p.default
        return out

    # ---------------------------------------------------------------- compile
    def compile(
        self,
        *,
        cutoffs: Mapping[str, int] | None = None,
        observables: Mapping[str, sp.Expr] | None = None,
        **values: Any,
    ) -> Spec:
        """The model with numbers: a plain-data :class:`~derive.Spec` for :mod:`numeric`.

        Parameters
        ----------
        cutoffs
            Fock cutoff (number of states kept) per boson mode; a mode not named gets 0, which
            lets the solver choose and converge it.
        observables
            ``name -> operator expression`` whose expectation values the solvers report.
        **values
            A number for every parameter that appears (ensemble sizes included).

        Raises
        ------
        ParameterValueError
            A value outside its declared range, or a parameter that appears but is not given.
        """
        nums = self.validate(values)
        subs = {self.symbol(k): v for k, v in nums.items()}
        cut = dict(cutoffs or {})
        dofs = []
        for d in self.dofs:
            if isinstance(d, SpinEnsemble):
                n = _number(sp.sympify(d.size), subs, f"size of {d.name}")
                if n != int(n) or n < 1:
                    raise ParameterValueError(f"size of {d.name}", "an integer >= 1", n)
                dofs.append(DofSpec("spin", d.name, int(n)))
            elif isinstance(d, Boson):
                dofs.append(DofSpec("boson", d.name, int(cut.pop(d.name, 0))))
            else:
                dofs.append(DofSpec("levels", d.name, len(d.labels), tuple(d.labels)))
        if cut:
            raise KeyError(f"cutoffs given for {sorted(cut)}, which are not boson modes")
        # a jump whose rate is zero at these values is left out (a closed system stays closed)
        jumps = tuple(
            JumpSpec(j.name or f"jump {i}", r, operator_terms(j.operator, subs))
            for i, j in enumerate(self.jumps)
            if (r := _rate(j.rate, subs, j.name)) > 0
        )
        local = tuple(
            LocalJumpSpec(lj.name or f"local {lj.kind}", lj.ensemble, lj.kind, r)
            for lj in self.local_jumps
            if (r := _rate(lj.rate, subs, lj.name)) > 0
        )
        cons = tuple((c.name, operator_terms(c.operator, subs)) for c in self.conserved)
        obs = tuple((k, operator_terms(v, subs)) for k, v in (observables or {}).items())
        return Spec(
            self.name,
            tuple(dofs),
            operator_terms(self.hamiltonian, subs),
            jumps,
            local,
            cons,
            obs,
            tuple((k, float(v)) for k, v in nums.items()),
            self.conventions,
        )

    def __str__(self) -> str:
        lines = [
            f"Model {self.name}: " + " ⊗ ".join(f"{d.kind} {d.name}" for d in self.dofs),
            f"  H = {sp.sstr(self.hamiltonian)}",
        ]
        lines += [
            f"  jump {j.name}: {sp.sstr(j.rate)} D[{sp.sstr(j.operator)}]" for j in self.jumps
        ]
        lines += [
            f"  local {lj.name}: {sp.sstr(lj.rate)} sum_i D[sigma_i^{lj.kind}]"
            for lj in self.local_jumps
        ]
        lines += [f"  {p.name}: {p.meaning} [{p.unit}], {p.describe()}" for p in self.parameters]
        return "\n".join(lines)


def _assumed(s: sp.Symbol) -> str:
    keys = ("positive", "nonnegative", "real", "integer")
    return ", ".join(k for k in keys if s.assumptions0.get(k)) or "no assumptions"


def c_number_symbols(e: sp.Expr) -> set[sp.Symbol]:
    """Free symbols of ``e`` outside its operators (the labels inside operators are not symbols)."""
    e = sp.sympify(e)
    if isinstance(e, (SpinOp, Transition, BosonOp)):
        return set()
    if isinstance(e, sp.Symbol):
        return {e}
    out: set[sp.Symbol] = set()
    for a in e.args:
        out |= c_number_symbols(a)
    return out


def _number(e: sp.Expr, subs: Mapping[sp.Symbol, Any], what: str) -> complex | float:
    v = sp.sympify(e).xreplace(subs)
    if c_number_symbols(v):
        missing = ", ".join(sorted(s.name for s in c_number_symbols(v)))
        raise ParameterValueError(missing, "given (it appears in " + what + ")", "nothing")
    z = complex(sp.N(v, 17))
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise ParameterValueError(what, "finite", z)
    return z.real if z.imag == 0 else z


def _rate(e: sp.Expr, subs: Mapping[sp.Symbol, Any], name: str) -> float:
    r = _number(e, subs, f"the rate of {name or 'a jump'}")
    if isinstance(r, complex) or r < 0:
        raise ParameterValueError(f"rate of {name or 'a jump'}", "a real number >= 0", r)
    return float(r)


def _factor(op: sp.Expr, power: int) -> tuple[str, str, int]:
    if isinstance(op, SpinOp):
        return (op.ensemble, op.component, power)
    if isinstance(op, BosonOp):
        return (str(op.name), "a" if op.is_annihilation else "ad", power)
    if isinstance(op, Transition):
        i, j = op.levels
        return (op.system, f"{i},{j}", power)
    raise ModelError(f"{op} is not an elementary operator of a declared degree of freedom")


def operator_terms(expr: sp.Expr, subs: Mapping[sp.Symbol, Any]) -> tuple[TermSpec, ...]:
    """An operator expression with numbers substituted, as plain :class:`~derive.TermSpec` terms.

    Each term of the expanded expression becomes ``coeff * prod(factors)``, factors in operator
    order; equal operator products are merged.
    """
    merged: dict[tuple, complex] = {}
    for term in sp.Add.make_args(sp.expand(sp.sympify(expr))):
        c, nc = term.args_cnc()
        factors = []
        for f in nc:
            base, exp = (f.base, f.exp) if isinstance(f, sp.Pow) else (f, sp.Integer(1))
            if not (exp.is_Integer and exp > 0):
                raise ModelError(f"operator powers must be positive integers, got {f}")
            fac = _factor(base, int(exp))
            if factors and factors[-1][:2] == fac[:2]:
                factors[-1] = (fac[0], fac[1], factors[-1][2] + fac[2])
            else:
                factors.append(fac)
        z = _number(sp.Mul(*c), subs, "an operator coefficient")
        key = tuple(factors)
        merged[key] = merged.get(key, 0) + complex(z)
    return tuple(TermSpec(complex(v), k) for k, v in merged.items() if v != 0)
