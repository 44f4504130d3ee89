"""Adiabatic elimination of a fast mode that is linear in itself.

A fast mode ``X`` (a cavity field, a molecular field, an excited-state amplitude)
obeys ``i dX/dt = A X + S`` with a c-number ``A`` (``-Delta - i kappa/2`` for a
lossy, detuned cavity) and a source ``S`` built from the slow operators.  When
``|A|`` exceeds every other rate, ``X`` follows ``S`` and is replaced by its
stationary value ``X_ss = -S/A``.  Substituted into the slow equations of motion
this gives the reduced dynamics; as an effective model it gives a coherent
coupling ``Re(-1/A) S^dag S`` and, for complex ``A``, a dissipator ``Gamma D[S]``
with ``Gamma = 2 Im(1/A)`` (effective-operator formalism, F. Reiter and
A. S. Sørensen, Phys. Rev. A 85, 032111 (2012), Eqs. (7)-(9)).

This is the one elimination mechanism of qderive: sharma2025 (molecular state),
sundar2023 and tucker2020 (cavity) all go through :func:`eliminate_fast_mode`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Dagger

from ._regime import Condition, much_greater

__all__ = ["Elimination", "eliminate_fast_mode"]


@dataclass(frozen=True, slots=True)
class Elimination:
    """Frozen record of one adiabatic elimination ``i dX/dt = A X + S  ->  X = -S/A``.

    Attributes
    ----------
    fast_mode
        The eliminated mode ``X`` (operator or c-number amplitude).
    coefficient
        ``A``: the c-number multiplying ``X`` in its own equation of motion.
    source
        ``S``: everything else in that equation (may hold slow operators).
    stationary
        ``X_ss = -S/A``.
    equations
        ``((Y, rhs_Y), ...)``: the slow equations ``i dY/dt = rhs_Y`` after the
        substitution ``X -> X_ss``, ``X^dag -> X_ss^dag``.
    shift
        ``Re(-1/A)``: the effective Hamiltonian gains ``shift * S^dag S``.
    rate
        ``2 Im(1/A)``: the effective dissipator is ``rate * D[S]`` (zero for real ``A``).
    hamiltonian
        The effective Hamiltonian ``H_rest + shift * S^dag S`` (``H_rest`` = the terms of
        the given Hamiltonian free of ``X``), or None when no Hamiltonian was given.
    regime
        ``|A| >> r`` for every slow rate ``r``.
    expansions
        ``((name, series), ...)`` of ``shift`` and ``rate`` in the requested small
        parameter, e.g. the dispersive limit ``kappa << Delta`` of a Lorentzian.
    """

    fast_mode: sp.Expr
    coefficient: sp.Expr
    source: sp.Expr
    stationary: sp.Expr
    equations: tuple[tuple[sp.Expr, sp.Expr], ...]
    shift: sp.Expr
    rate: sp.Expr
    hamiltonian: sp.Expr | None
    regime: tuple[Condition, ...]
    expansions: tuple[tuple[str, sp.Expr], ...] = ()

    def equation(self, mode: sp.Expr) -> sp.Expr:
        """Right-hand side of ``i dY/dt`` for the slow mode ``mode`` after elimination."""
        for y, rhs in self.equations:
            if y == mode:
                return rhs
        raise KeyError(f"no equation of motion for {mode} in this elimination")

    def expansion(self, name: str) -> sp.Expr:
        """The series of ``shift`` or ``rate`` (by name) in the small parameter."""
        for n, e in self.expansions:
            if n == name:
                return e
        raise KeyError(f"no expansion named {name!r}; have {[n for n, _ in self.expansions]}")

    def __str__(self) -> str:
        return (
            f"Elimination({self.fast_mode} -> {sp.sstr(self.stationary)}; "
            f"shift {sp.sstr(self.shift)}, rate {sp.sstr(self.rate)}, "
            f"regime {[str(c) for c in self.regime]})"
        )


def _split_linear(rhs: sp.Expr, x: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Split ``rhs = A*x + S`` with c-number ``A``; refuse anything else."""
    coeff = sp.Integer(0)
    source = sp.Integer(0)
    xd = Dagger(x)
    for term in sp.Add.make_args(sp.expand(rhs)):
        if not term.has(x) and not (xd != x and term.has(xd)):
            source += term
            continue
        c, nc = term.args_cnc()
        if nc == [x] and not any(f.has(x) for f in c):
            coeff += sp.Mul(*c)
        elif x.is_commutative and term.as_independent(x)[1] == x:
            coeff += term.as_independent(x)[0]
        else:
            raise ValueError(
                f"the equation of {x} must be linear in it with a c-number coefficient "
                f"(A*{x} + S); offending term: {term}"
            )
    return sp.simplify(coeff), source


def eliminate_fast_mode(
    fast_mode: sp.Expr,
    rhs: sp.Expr,
    equations: Mapping[sp.Expr, sp.Expr] | Iterable[tuple[sp.Expr, sp.Expr]] = (),
    *,
    hamiltonian: sp.Expr | None = None,
    slow_rates: Iterable[sp.Expr] = (),
    small: sp.Symbol | None = None,
    order: int = 2,
    canonical: Callable[[sp.Expr], sp.Expr] = sp.expand,
    text: str = "",
) -> Elimination:
    """Replace a fast mode linear in itself by its stationary value ``X_ss = -S/A``.

    Parameters
    ----------
    fast_mode
        ``X``: a noncommutative symbol / boson operator, or a c-number amplitude.
    rhs
        Right-hand side of ``i dX/dt = rhs``; must be ``A*X + S`` with c-number ``A``
        (complex ``A`` carries losses: ``A = -Delta - i*kappa/2``).
    equations
        The slow equations ``{Y: rhs_Y}`` (meaning ``i dY/dt = rhs_Y``) into which
        ``X -> X_ss`` and ``X^dag -> X_ss^dag`` are substituted.
    hamiltonian
        Optional full Hamiltonian.  Its ``X``-dependent part must equal
        ``X^dag Re(A) X + X^dag S + S^dag X`` (checked with ``canonical``), so that
        ``i dX/dt = [X, H]`` reproduces ``rhs``; the record then holds the effective
        ``H_rest + Re(-1/A) S^dag S``.
    slow_rates
        The rates ``|A|`` must dominate; each becomes a ``|A| >> r`` condition.  When
        empty, the c-number coefficients of the terms of ``S`` are used.
    small, order
        If ``small`` is given, ``shift`` and ``rate`` are expanded in it about 0 up to
        (excluding) ``small**order`` terms beyond the leading one.
    canonical
        Function that brings an operator expression to a canonical form (e.g. normal
        ordering) for the Hamiltonian consistency check.
    text
        Plain-language statement of the regime, stored in the conditions.

    Returns
    -------
    Elimination

    Raises
    ------
    ValueError
        If ``rhs`` is not linear in ``X`` with a c-number coefficient, or the
        Hamiltonian's ``X``-terms do not generate ``rhs``.

    Notes
    -----
    Valid when ``|A|`` is much larger than every rate of the slow dynamics (and of
    ``S``), so that ``dX/dt`` is negligible against ``A X``; corrections are of
    relative order ``rate/|A|``.  For real ``A`` the effective Hamiltonian equals the
    naive substitution of ``X_ss`` into ``H``; for complex ``A`` the coherent and
    dissipative parts are ``Re(-1/A)`` and ``2 Im(1/A)`` (Reiter and Sørensen 2012).

    Examples
    --------
    Far-detuned Λ system, amplitudes ``c1, c2, ce``, ``i dce/dt = -Delta ce +
    (W1 c1 + W2 c2)/2``: the excited state gives the Raman coupling ``W1 W2/(4 Delta)``.

    >>> c1, c2, ce = sp.symbols("c1 c2 c_e")
    >>> W1, W2, D = sp.symbols("Omega1 Omega2 Delta", positive=True)
    >>> el = eliminate_fast_mode(ce, -D * ce + (W1 * c1 + W2 * c2) / 2,
    ...                          {c1: W1 * ce / 2, c2: W2 * ce / 2})
    >>> el.stationary
    (Omega1*c1 + Omega2*c2)/(2*Delta)
    >>> sp.expand(el.equation(c1))
    Omega1**2*c1/(4*Delta) + Omega1*Omega2*c2/(4*Delta)
    >>> str(el.regime[0])
    'Delta >> Omega1/2'
    """
    x = sp.sympify(fast_mode)
    a_coef, source = _split_linear(sp.sympify(rhs), x)
    if a_coef == 0:
        raise ValueError(f"{x} has no linear term in its own equation; nothing to eliminate")
    if not a_coef.is_commutative:
        raise ValueError(f"the coefficient of {x} must be a c-number, got {a_coef}")
    x_ss = sp.factor_terms(-source / a_coef)
    xd = Dagger(x)
    subs = {x: x_ss} if xd == x else {x: x_ss, xd: Dagger(x_ss)}

    eq_items = equations.items() if isinstance(equations, Mapping) else equations
    new_eqs = tuple((y, sp.expand(sp.sympify(r).xreplace(subs))) for y, r in eq_items)

    inv = sp.simplify(1 / a_coef)
    shift = sp.simplify(sp.re(-inv))
    rate = sp.simplify(2 * sp.im(inv))

    h_eff = None
    if hamiltonian is not None:
        h = sp.expand(sp.sympify(hamiltonian))
        rest = sp.Add(*[t for t in sp.Add.make_args(h) if not (t.has(x) or t.has(xd))])
        fast_part = h - rest
        expected = xd * sp.re(a_coef) * x + xd * source + Dagger(source) * x
        if sp.expand(canonical(sp.expand(fast_part - expected))) != 0:
            raise ValueError(
                f"the Hamiltonian's {x}-terms {fast_part} are not X^dag Re(A) X + X^dag S + h.c. "
                f"for A = {a_coef}, S = {source}"
            )
        h_eff = sp.expand(rest + shift * Dagger(source) * source)

    rates = list(slow_rates)
    if not rates:
        for term in sp.Add.make_args(sp.expand(source)):
            # keep the declared-real parameters of each term's c-number factor: amplitudes
            # (symbols without assumptions) and operators are not rates
            factors = sp.Mul.make_args(sp.Mul(*term.args_cnc()[0]))
            r = sp.Abs(sp.Mul(*[f for f in factors if all(s.is_real for s in f.free_symbols)]))
            if r.free_symbols and r not in rates:
                rates.append(r)
    regime = tuple(
        much_greater(sp.Abs(a_coef), r, text or f"{x} is fast: |A| >> {r}") for r in rates
    )

    expansions: tuple[tuple[str, sp.Expr], ...] = ()
    if small is not None:
        expansions = tuple(
            (name, sp.expand(sp.series(e, small, 0, _series_order(e, small, order)).removeO()))
            for name, e in (("shift", shift), ("rate", rate))
        )

    return Elimination(x, a_coef, source, x_ss, new_eqs, shift, rate, h_eff, regime, expansions)


def _series_order(e: sp.Expr, small: sp.Symbol, order: int) -> int:
    """Order argument so that ``order`` nonzero powers beyond the leading one survive."""
    if e == 0:
        return 1
    lead = sp.Poly(sp.series(e, small, 0, 8).removeO(), small).monoms()
    low = min(m[0] for m in lead) if lead else 0
    return low + order + 1
