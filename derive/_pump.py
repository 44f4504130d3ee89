"""The undepleted-pump approximation on a :class:`~derive.Model`: a strongly occupied mode as a c-number.

A boson mode in a large coherent state ``|alpha>`` with ``|alpha|^2 >> 1`` that gives away few
quanta over the time of interest is replaced by its amplitude: ``a -> alpha``,
``a^dag -> conj(alpha)``.  The Hamiltonian is normal ordered first, so the c-numbers of
commutators are kept (``a a^dag -> |alpha|^2 + 1``), and for a coherent pump the replacement
is then exact for expectation values in that mode at ``t = 0``.  With ``order = k >= 1`` the
mode is displaced instead, ``a -> alpha + a``, and the fluctuation terms up to total degree
``k`` are kept (linearisation at ``k = 2``: the beyond-pump expansion).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from ._algebra import coefficients, factors, normal_order
from ._derivation import Derivation, Step
from ._latex import latex
from ._model import Boson, Jump, Model, ModelError, Parameter, c_number_symbols
from ._regime import Condition, much_greater

__all__ = ["Pumped", "undepleted_pump"]


@dataclass(frozen=True, slots=True)
class Pumped:
    """Frozen record of an undepleted-pump reduction; unpacks as ``(derivation, model)``.

    Attributes
    ----------
    derivation
        The steps (normal ordering, substitution, kept order, dropped jumps) with licences.
    model
        The reduced model (pump modes removed at ``order = 0``, displaced otherwise).
    amplitudes
        ``((mode, alpha), ...)``.
    order
        Highest total degree kept in the pump-mode fluctuations (0: pure c-number).
    regime
        ``|alpha|^2 >> 1`` for each pump.
    """

    derivation: Derivation
    model: Model
    amplitudes: tuple[tuple[str, sp.Expr], ...]
    order: int
    regime: tuple[Condition, ...]

    def __iter__(self) -> Iterator:
        yield self.derivation
        yield self.model


def _degree(term: sp.Expr, modes: set[str]) -> int:
    _, ops = factors(term)
    return sum(1 for o in ops if isinstance(o, BosonOp) and str(o.name) in modes)


def _substitute(
    expr: sp.Expr, rep: Mapping[sp.Expr, sp.Expr], modes: set[str], order: int
) -> sp.Expr:
    out = normal_order(sp.sympify(expr).xreplace(rep))
    if order == 0:
        return out
    return sp.Add(*[t for t in sp.Add.make_args(out) if _degree(t, modes) <= order])


def undepleted_pump(
    model: Model,
    pumps: Mapping[str, sp.Symbol | Parameter],
    *,
    order: int = 0,
    threshold: float = 0.1,
    name: str | None = None,
) -> Pumped:
    """Replace strongly occupied boson modes by c-number amplitudes (``a -> alpha``).

    Parameters
    ----------
    model
        The full model.
    pumps
        ``{mode name: amplitude}``; the amplitude is a :class:`~derive.Parameter` or a sympy
        symbol (declared as a new parameter when the model does not have it; give it
        ``real=True``/``positive=True`` for a real amplitude).
    order
        0: ``a -> alpha`` and the mode disappears.  ``k >= 1``: ``a -> alpha + a`` and the
        terms of total degree ``<= k`` in the pump fluctuations are kept.
    threshold
        Margin of the ``|alpha|^2 >> 1`` conditions.
    name
        Name of the reduced model.

    Returns
    -------
    Pumped
        Unpacks as ``(derivation, reduced_model)``.

    Raises
    ------
    ModelError
        A pump that is not a boson mode of the model, or a negative order.

    Notes
    -----
    Regime: ``|alpha|^2 >> 1`` and the pump depletion over the time of interest (the number
    of quanta it gives to the other degrees of freedom) ``<< |alpha|^2``; the neglected terms
    are of relative order ``1/|alpha|`` per fluctuation operator.  At ``order = 0`` a jump
    acting only on the pump becomes a c-number and ``D[c] = 0``: pump losses are dropped (a
    decaying amplitude must be put in by hand, e.g. ``alpha exp(-kappa t/2)``).

    Examples
    --------
    Parametric down-conversion ``chi (a b^dag c^dag + h.c.)`` with a real pump amplitude:

    >>> from derive import Boson, Model, Parameter
    >>> chi = Parameter.real("chi", "nonlinear coupling")
    >>> a, b, c = Boson("a"), Boson("b"), Boson("c")
    >>> m = Model("pdc", (chi,), (a, b, c),
    ...           chi.symbol * (a.a * b.ad * c.ad + a.ad * b.a * c.a))
    >>> alpha = sp.Symbol("alpha", positive=True)
    >>> der, reduced = undepleted_pump(m, {"a": alpha})
    >>> reduced.hamiltonian
    alpha*chi*Dagger(b)*Dagger(c) + alpha*chi*b*c
    >>> [d.name for d in reduced.dofs]
    ['b', 'c']
    """
    if order < 0:
        raise ModelError(f"order must be >= 0, got {order}")
    params = list(model.parameters)
    amps: list[tuple[str, sp.Expr]] = []
    rep: dict[sp.Expr, sp.Expr] = {}
    declared = {p.symbol for p in params}
    for mode, amp in pumps.items():
        d = model.dof(mode)
        if not isinstance(d, Boson):
            raise ModelError(f"undepleted pump: {mode} is a {d.kind}, not a boson mode")
        p = amp if isinstance(amp, Parameter) else None
        sym = p.symbol if p is not None else sp.sympify(amp)
        if not isinstance(sym, sp.Symbol):
            raise ModelError(
                f"undepleted pump: the amplitude of {mode} must be a symbol, got {amp}"
            )
        if sym not in declared:
            params.append(
                p
                or Parameter(
                    sym,
                    f"c-number amplitude of pump mode {mode}",
                    "sqrt(quanta)",
                    lower=0.0 if sym.is_nonnegative else None,
                )
            )
            declared.add(sym)
        amps.append((mode, sym))
        if order == 0:
            rep[d.a], rep[d.ad] = sym, sp.conjugate(sym)
        else:
            rep[d.a], rep[d.ad] = sym + d.a, sp.conjugate(sym) + d.ad
    modes = {m for m, _ in amps}
    h0 = normal_order(model.hamiltonian)
    h = _substitute(h0, rep, modes, order)
    h = sp.Add(*[sp.simplify(v) * k for k, v in coefficients(h).items()])
    jumps, dropped = [], []
    for j in model.jumps:
        op = _substitute(j.operator, rep, modes, order)
        if all(k == 1 for k in coefficients(op)):
            dropped.append(j.name or sp.sstr(j.operator))
            continue
        jumps.append(Jump(op, j.rate, j.name))
    subs = ", ".join(f"{m} -> {sp.sstr(rep[model.dof(m).a])}" for m in modes)
    steps = [
        Step(
            "normal order",
            sp.Eq(sp.Symbol("H", commutative=False), h0),
            "exact: creators left of annihilators, so commutator c-numbers are kept",
        ),
        Step(
            "c-number pump",
            sp.Tuple(*[sp.Eq(model.dof(m).a, rep[model.dof(m).a]) for m in modes]),
            r"undepleted pump: coherent amplitude with $|\alpha|^2 \gg 1$ and negligible depletion"
            if order == 0
            else f"displacement ${latex(subs)}$ (exact)",
        ),
        Step(
            "reduced Hamiltonian",
            sp.Eq(sp.Symbol("H_pump", commutative=False), h),
            "substitution"
            + ("" if order == 0 else f"; fluctuation terms of total degree $\\le {order}$ kept"),
        ),
    ]
    if dropped:
        steps.append(
            Step(
                "pump jumps dropped",
                sp.Tuple(*[sp.Symbol(x) for x in dropped]),
                "$D[c] = 0$ for a c-number jump operator $c$",
            )
        )
    regime = tuple(
        much_greater(sp.Abs(s) ** 2, 1, f"pump {m} strongly occupied: |{s}|^2 >> 1", threshold)
        for m, s in amps
    )
    dofs = model.dofs if order else tuple(d for d in model.dofs if d.name not in modes)
    reduced = model.replace(
        name=name or f"{model.name}/pump {','.join(sorted(modes))}",
        parameters=tuple(params),
        dofs=dofs,
        hamiltonian=h,
        jumps=tuple(jumps),
        conserved=tuple(
            c
            for c in model.conserved
            if not any(
                sp.sympify(c.operator).has(model.dof(m).a)
                or sp.sympify(c.operator).has(Dagger(model.dof(m).a))
                for m in modes
            )
        ),
        conventions=model.conventions + (f"undepleted pump {subs or ''}".strip(),),
    )
    syms: set[sp.Symbol] = c_number_symbols(h)
    der = Derivation(
        f"undepleted pump {', '.join(sorted(modes))} in {model.name}",
        tuple(steps),
        h,
        tuple(sorted(syms, key=lambda s: s.name)),
        ("coherent pump, depletion negligible",),
        regime,
    )
    return Pumped(der, reduced, tuple(amps), order, regime)
