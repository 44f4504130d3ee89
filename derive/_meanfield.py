"""Closed moment equations of a :class:`~derive.Model` (spins + bosons + levels), compiled once.

``meanfield(model, ops, order)`` derives the exact equation of motion of each ``<O>``
(:func:`derive._algebra.equation_of_motion`: ``d<O>/dt = <i[H, O]> + sum_k rate_k <L_k^dag O L_k
- {L_k^dag L_k, O}/2>``), then closes it: every expectation of a canonical monomial of more than
``order`` elementary factors is written through the moments of at most ``order`` factors by
setting the joint cumulants above ``order`` to zero (order 1: ``<AB> -> <A><B>``; order 2:
``<ABC> -> <AB><C> + <AC><B> + <BC><A> - 2<A><B><C>``).  Moments the closed equations need but
were not asked for are added (completion), and ``<M^dag> = conj(<M>)`` keeps one of each pair.
The result is compiled once to ``f(t, y, p)`` (numpy source with common subexpressions
eliminated; numba ``njit`` when available).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.printing.numpy import NumPyPrinter
from sympy.utilities.iterables import multiset_partitions

from ._algebra import coefficients, equation_of_motion, factors, normal_order
from ._derivation import Derivation, Step
from ._latex import latex
from ._model import Boson, Levels, Model, ModelError, SpinEnsemble
from ._model import c_number_symbols as _c_syms

__all__ = ["Bound", "MeanField", "meanfield"]


@dataclass(frozen=True, slots=True)
class Bound:
    """A physical-range condition ``value >= 0`` on the moments, with its inequality in words."""

    text: str
    value: sp.Expr


@dataclass(frozen=True, slots=True)
class MeanField:
    """Closed moment equations ``d y/dt = f(y; p)``, their provenance and a compiled right-hand side.

    Attributes
    ----------
    model
        The model the equations come from.
    order
        Closure order: cumulants of more than ``order`` factors are set to zero.
    operators
        Canonical monomial of each variable.
    variables
        The expectation symbols ``<O>`` (real for Hermitian monomials, complex otherwise).
    rhs
        ``d<O>/dt`` after closure, in the variables and the parameters.
    parameters
        c-number symbols of ``rhs`` (the order of ``p`` in :meth:`function`).
    bounds
        Physical ranges the moments must respect (checked by :meth:`check`).
    derivation
        Steps: the exact equation of each moment, then the closed one, each with its licence.
    """

    model: Model
    order: int
    operators: tuple[sp.Expr, ...]
    variables: tuple[sp.Symbol, ...]
    rhs: tuple[sp.Expr, ...]
    parameters: tuple[sp.Symbol, ...]
    bounds: tuple[Bound, ...]
    derivation: Derivation
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def equation(self, op: sp.Expr) -> sp.Expr:
        """The closed ``d<op>/dt``."""
        key = normal_order(op)
        if key in self.operators:
            return self.rhs[self.operators.index(key)]
        raise KeyError(f"{op} is not a variable; have {[sp.sstr(o) for o in self.operators]}")

    def variable(self, op: sp.Expr) -> sp.Symbol:
        """The symbol of ``<op>``."""
        return self.variables[self.operators.index(normal_order(op))]

    def source(self, *, name: str = "meanfield_rhs") -> str:
        """Python source of ``name(t, y, p)`` (numpy; ``y`` complex, ``p`` the parameters)."""
        return _source(self.variables, self.rhs, self.parameters, name)

    def compiled(
        self, *, numba: bool = True
    ) -> Callable[[float, np.ndarray, np.ndarray], np.ndarray]:
        """``f(t, y, p)`` compiled once (numba ``njit`` if ``numba`` and it compiles)."""
        key = "numba" if numba else "numpy"
        if key not in self._cache:
            ns: dict[str, Any] = {"numpy": np}
            exec(compile(self.source(), f"<meanfield {self.model.name}>", "exec"), ns)
            fn = ns["meanfield_rhs"]
            if numba:
                try:
                    import numba as nb

                    jit = nb.njit(cache=False)(fn)
                    jit(0.0, np.zeros(len(self.variables), complex), np.ones(len(self.parameters)))
                    fn = jit
                except Exception:  # numba missing or unsupported construct: numpy source
                    key = "numpy"
            self._cache[key] = fn
            self._cache.setdefault("numba" if numba else "numpy", fn)
        return self._cache[key]

    def function(
        self, *, numba: bool = True, **values: Any
    ) -> Callable[[float, np.ndarray], np.ndarray]:
        """``f(t, y)`` with the parameter values bound (validated against their ranges)."""
        p = self._values(values)
        fn = self.compiled(numba=numba)
        return lambda t, y: fn(t, np.asarray(y, dtype=complex), p)

    def _values(self, values: Mapping[str, Any]) -> np.ndarray:
        nums = self.model.validate(values)
        missing = [s.name for s in self.parameters if s.name not in nums]
        if missing:
            raise TypeError(f"missing parameter(s): {', '.join(missing)}")
        return np.array([float(nums[s.name]) for s in self.parameters])

    def initial(self, moments: Mapping[sp.Expr, complex]) -> np.ndarray:
        """``y0`` from the first moments: given moments are used, the others factorised.

        A moment not given is the product of the given first moments of its factors (a
        product/coherent state); a first moment not given is an error.
        """
        given = {normal_order(k): complex(v) for k, v in moments.items()}
        for k in list(given):
            given.setdefault(normal_order(Dagger(k)), np.conj(given[k]))
        y = np.zeros(len(self.variables), complex)
        for i, op in enumerate(self.operators):
            if op in given:
                y[i] = given[op]
                continue
            _, fs = factors(op)
            try:
                y[i] = np.prod([given[f] for f in fs])
            except KeyError as exc:
                raise KeyError(f"initial value of <{exc.args[0]}> needed for <{op}>") from None
        return y

    def check(self, y: np.ndarray, *, tol: float = 1e-9, **values: Any) -> tuple[str, ...]:
        """Warn for every moment that leaves its physical range along ``y`` (shape ``(n,)`` or ``(n, T)``).

        Returns the texts of the violated inequalities; each also goes to
        :func:`warnings.warn` naming the moment, the inequality and the worst value.
        """
        y = np.asarray(y, dtype=complex)
        if y.ndim == 1:
            y = y[:, None]
        p = self._values(values)
        out = []
        for b in self.bounds:
            key = ("bound", b.text)
            if key not in self._cache:
                self._cache[key] = sp.lambdify(
                    (self.variables, self.parameters), b.value, modules="numpy"
                )
            v = np.real(np.asarray(self._cache[key](list(y), list(p)), dtype=complex))
            v = np.broadcast_to(v, y.shape[1:])
            worst = float(v.min())
            if worst < -tol * max(1.0, float(np.abs(y).max())):
                k = int(v.argmin())
                msg = (
                    f"{b.text} violated by the {self.derivation.name}: margin {worst:.3g} "
                    f"at sample {k}"
                )
                warnings.warn(msg, RuntimeWarning, stacklevel=2)
                out.append(b.text)
        return tuple(out)

    def __str__(self) -> str:
        lines = [f"MeanField({self.model.name}, order {self.order}, {len(self.variables)} moments)"]
        lines += [
            f"  d{v}/dt = {sp.sstr(r)}" for v, r in zip(self.variables, self.rhs, strict=True)
        ]
        return "\n".join(lines)


# --------------------------------------------------------------------------- closure
def _symbol(op: sp.Expr) -> sp.Symbol:
    name = f"<{sp.sstr(op)}>"
    return sp.Symbol(name, real=True) if normal_order(Dagger(op)) == op else sp.Symbol(name)


def _cumulant(block: tuple[sp.Expr, ...], moment: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
    out = sp.Integer(0)
    for part in multiset_partitions(list(range(len(block)))):
        k = len(part)
        term = (-1) ** (k - 1) * sp.factorial(k - 1)
        for b in part:
            term *= moment(sp.Mul(*[block[i] for i in b]))
        out += term
    return out


class _Closure:
    """Moments of canonical monomials with cumulants above ``order`` set to zero."""

    def __init__(self, order: int, requested: Sequence[sp.Expr], complete: bool) -> None:
        self.order, self.complete = order, complete
        self.ops: list[sp.Expr] = []
        self.index: dict[sp.Expr, sp.Symbol] = {}
        for op in requested:
            self.add(op)

    def add(self, op: sp.Expr) -> sp.Symbol:
        if op in self.index:
            return self.index[op]
        s = _symbol(op)
        self.ops.append(op)
        self.index[op] = s
        return s

    def low(self, op: sp.Expr) -> sp.Expr:
        if op in self.index:
            return self.index[op]
        d = normal_order(Dagger(op))
        if d in self.index:
            return sp.conjugate(self.index[d])
        if not self.complete:
            raise ModelError(
                f"the closed equations need <{sp.sstr(op)}>, which is not a variable "
                "(pass it in ops or use complete=True)"
            )
        return self.add(op)

    def moment(self, op: sp.Expr) -> sp.Expr:
        if op == 1:
            return sp.Integer(1)
        _, fs = factors(op)
        if len(fs) <= self.order:
            return self.low(op)
        total = sp.Integer(0)
        for part in multiset_partitions(list(range(len(fs)))):
            if any(len(b) > self.order for b in part):
                continue
            term = sp.Integer(1)
            for b in part:
                blk = tuple(fs[i] for i in b)
                term *= self.low(sp.Mul(*blk)) if len(blk) == 1 else _cumulant(blk, self.moment)
            total += term
        return sp.expand(total)


def _bounds(model: Model, cl: _Closure) -> tuple[Bound, ...]:
    idx = cl.index
    out: list[Bound] = []
    for d in model.dofs:
        if isinstance(d, SpinEnsemble):
            half = sp.sympify(d.size) / 2
            z, m = idx.get(d.Sz), idx.get(d.Sm) or idx.get(d.Sp)
            if z is not None:
                out.append(Bound(f"|<S_{d.name}^z>| <= {d.size}/2", half - sp.Abs(z)))
            if m is not None:
                out.append(Bound(f"|<S_{d.name}^->| <= {d.size}/2", half - sp.Abs(m)))
            if z is not None and m is not None:
                out.append(
                    Bound(
                        f"|<S_{d.name}^->|^2 + <S_{d.name}^z>^2 <= ({d.size}/2)^2",
                        half**2 - sp.Abs(m) ** 2 - z**2,
                    )
                )
            pm = idx.get(normal_order(d.Sp * d.Sm))
            if pm is not None:
                out.append(Bound(f"<S_{d.name}^+ S_{d.name}^-> >= 0", pm))
        elif isinstance(d, Boson):
            n = idx.get(normal_order(d.n))
            if n is not None:
                out.append(Bound(f"<{d.name}^dag {d.name}> >= 0", n))
                a = idx.get(d.a) or idx.get(d.ad)
                if a is not None:
                    out.append(
                        Bound(f"<{d.name}^dag {d.name}> >= |<{d.name}>|^2", n - sp.Abs(a) ** 2)
                    )
        elif isinstance(d, Levels):
            for x in d.labels:
                p = idx.get(d(x, x))
                if p is not None:
                    out.append(Bound(f"<|{x}><{x}|_{d.name}> >= 0", p))
                    out.append(Bound(f"<|{x}><{x}|_{d.name}> <= 1", 1 - p))
            for x in d.labels:
                for y in d.labels:
                    c = idx.get(d(x, y))
                    px, py = idx.get(d(x, x)), idx.get(d(y, y))
                    if x != y and c is not None and px is not None and py is not None:
                        out.append(
                            Bound(
                                f"|<|{x}><{y}|_{d.name}>|^2 <= p_{x} p_{y}",
                                px * py - sp.Abs(c) ** 2,
                            )
                        )
    return tuple(out)


def meanfield(
    model: Model, ops: Iterable[sp.Expr], order: int = 1, *, complete: bool = True
) -> MeanField:
    """Closed equations for ``<ops>`` (mean field at order 1, Gaussian cumulants at order 2).

    Parameters
    ----------
    model
        The model: spin ensembles, boson modes and few-level systems in any combination.
    ops
        Monomials of elementary operators whose expectations are wanted (``a``, ``S^-``,
        ``S^z``, ``|e><g|``; at order 2 also ``a^dag a``, ``S^+ S^-`` ...).
    order
        Closure order, 1 or 2 (any order >= 1 is accepted).
    complete
        Add every moment of at most ``order`` factors the closed equations need (otherwise
        a missing one raises :class:`~derive.ModelError`).

    Returns
    -------
    MeanField

    Raises
    ------
    ModelError
        An operator that is not a single monomial, a missing moment with ``complete=False``,
        or local (per-atom) jumps acting on a moment of degree 2 in one ensemble.

    Notes
    -----
    The equations before closure are exact.  The closure is the approximation: order 1
    treats every degree of freedom as in a product of coherent / spin-coherent states and is
    exact for linear dynamics (a driven damped cavity, a spin rotation); for collective
    spins it becomes exact as ``N -> oo`` at fixed ``g sqrt(N)`` (relative errors
    ``O(1/N)``), and fails near unstable fixed points (a fully inverted ensemble) where
    fluctuations seed the dynamics.  Order 2 adds Gaussian fluctuations.  Validate a small
    instance against the exact master equation; :meth:`MeanField.check` warns where a moment
    leaves its physical range.

    Examples
    --------
    A driven damped cavity (linear: mean field is exact):

    >>> from derive import Boson, Jump, Model, Parameter
    >>> d, eta = Parameter.real("Delta", "detuning"), Parameter.real("eta", "drive")
    >>> k = Parameter.rate("kappa", "loss", positive=True)
    >>> c = Boson("a")
    >>> m = Model("cavity", (d, eta, k), (c,), d.symbol * c.n + eta.symbol * (c.a + c.ad),
    ...           jumps=(Jump(c.a, k.symbol),))
    >>> mf = meanfield(m, [c.a])
    >>> mf.equation(c.a)
    -I*<a>*Delta - <a>*kappa/2 - I*eta
    >>> f = mf.function(numba=False, Delta=0.0, eta=1.0, kappa=2.0)
    >>> complex(f(0.0, [0.0])[0])
    -1j
    """
    if order < 1:
        raise ValueError(f"order must be >= 1, got {order}")
    requested = []
    for op in ops:
        o = normal_order(op)
        cs = coefficients(o)
        if len(cs) != 1 or list(cs.values())[0] != 1 or o == 1:
            raise ModelError(
                f"meanfield needs monomials of elementary operators, got {op} (canonical form {o})"
            )
        requested.append(o)
    cl = _Closure(order, requested, complete)
    sizes = {d.name: sp.sympify(d.size) for d in model.dofs if isinstance(d, SpinEnsemble)}
    rhs: list[sp.Expr] = []
    steps: list[Step] = []
    k = 0
    while k < len(cl.ops):
        op = cl.ops[k]
        exact = equation_of_motion(
            op, model.hamiltonian, model.jumps, local_jumps=model.local_jumps, sizes=sizes
        )
        terms = coefficients(exact)
        unclosed = sp.Add(*[v * (1 if m == 1 else _symbol(m)) for m, v in terms.items()])
        closed = sp.expand(sp.Add(*[v * cl.moment(m) for m, v in terms.items()]))
        lhs = sp.Symbol(f"d<{sp.sstr(op)}>/dt")
        steps.append(
            Step(
                f"equation of $\\langle {latex(op)} \\rangle$",
                sp.Eq(lhs, unclosed),
                "exact: adjoint Lindblad generator, canonical ordering",
            )
        )
        steps.append(
            Step(
                f"closed equation of $\\langle {latex(op)} \\rangle$",
                sp.Eq(lhs, closed),
                f"closure at order {order}: joint cumulants of more than {order} "
                "factors set to zero",
            )
        )
        rhs.append(closed)
        k += 1
    variables = tuple(cl.index[o] for o in cl.ops)
    params: set[sp.Symbol] = set()
    for e in rhs:
        params |= _c_syms(e)
    bounds = _bounds(model, cl)
    for b in bounds:
        params |= _c_syms(b.value)
    params -= set(variables)
    parameters = tuple(sorted(params, key=lambda s: s.name))
    der = Derivation(
        f"order-{order} moment equations of {model.name}",
        tuple(steps),
        sp.Tuple(*rhs),
        parameters,
        (f"cumulants of more than {order} factors vanish",),
    )
    return MeanField(model, order, tuple(cl.ops), variables, tuple(rhs), parameters, bounds, der)


# --------------------------------------------------------------------------- code generation
class _Printer(NumPyPrinter):
    def _print_conjugate(self, expr):
        return f"numpy.conjugate({self._print(expr.args[0])})"

    def _print_Abs(self, expr):
        return f"numpy.abs({self._print(expr.args[0])})"

    def _print_Pow(self, expr, rational=False):
        b, e = expr.as_base_exp()
        if e.is_Integer and 1 < int(e) <= 4:
            return "*".join([self.parenthesize(b, 100)] * int(e))
        return super()._print_Pow(expr, rational=rational)


def _source(
    variables: Sequence[sp.Symbol], rhs: Sequence[sp.Expr], params: Sequence[sp.Symbol], name: str
) -> str:
    ys = [sp.Symbol(f"y{k}", real=v.is_real) for k, v in enumerate(variables)]
    ps = [sp.Symbol(f"p{k}", real=True) for k in range(len(params))]
    rep = dict(zip(variables, ys, strict=True)) | dict(zip(params, ps, strict=True))
    exprs = [sp.sympify(e).xreplace(rep) for e in rhs]
    subs, red = sp.cse(exprs, symbols=sp.numbered_symbols("x"), optimizations="basic")
    pr = _Printer()
    lines = [f"def {name}(t, y, p):"]
    lines += [f"    y{k} = y[{k}]" for k in range(len(ys))]
    lines += [f"    p{k} = p[{k}]" for k in range(len(ps))]
    lines += [f"    {s} = {pr.doprint(e)}" for s, e in subs]
    lines.append(f"    out = numpy.empty({len(ys)}, dtype=numpy.complex128)")
    lines += [f"    out[{k}] = {pr.doprint(e)}" for k, e in enumerate(red)]
    lines.append("    return out")
    return "\n".join(lines) + "\n"
