"""Adiabatic elimination on a :class:`~derive.Model`: a lossy cavity, or the excited levels of an atom.

One verb, two mechanisms, both the effective-operator formalism of F. Reiter and A. S. Sørensen,
Phys. Rev. A 85, 032111 (2012):

* ``fast`` names a boson mode ``a``: its Heisenberg-Langevin equation ``i da/dt = [a, H] -
  i kappa/2 a = A a + S`` must be linear in ``a`` with a c-number ``A`` (``Delta - i kappa/2``);
  :func:`derive.eliminate_fast_mode` gives ``a -> -S/A``, the coherent part ``Re(-1/A) S^dag S``
  and the jump ``S`` with rate ``2 Im(1/A)`` (Purcell decay ``4 g^2/kappa`` on resonance);
* ``fast`` names levels of a :class:`~derive.Levels` system: with ``P_e`` their projector,
  ``H_NH = P_e H P_e - i/2 sum_k L_k^dag L_k`` (``L_k = P_g L_k P_e``) must be a c-number
  matrix on the excited manifold; then ``H_eff = H_g - V_- [H_NH^-1 + (H_NH^-1)^dag] V_+ / 2``
  and ``L_eff,k = L_k H_NH^-1 V_+`` with ``V_+ = P_e H P_g``, ``V_- = V_+^dag`` (their Eqs. (8)-(9)).

Each returns a :class:`ModelElimination`: the derivation (steps with their licences), the reduced
model, and the regime as inequalities with numeric thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Dagger

from ._algebra import coefficients, equation_of_motion, normal_order
from ._derivation import Derivation, Step
from ._elimination import Elimination, eliminate_fast_mode
from ._latex import latex
from ._model import Boson, Jump, Levels, Model, ModelError, Transition, c_number_symbols
from ._regime import Condition, much_less

__all__ = ["ModelElimination", "eliminate"]

_RS = "Reiter & Sørensen, PRA 85, 032111 (2012)"


@dataclass(frozen=True, slots=True)
class ModelElimination:
    """Frozen record of an adiabatic elimination on a model.

    Attributes
    ----------
    derivation
        The steps (each an equation with its licence) and the result
        ``Tuple(H_eff, L_eff_1, ...)``.
    model
        The reduced model: the fast mode removed (or the Levels system cut to its ground
        labels), ``H_eff`` as Hamiltonian, effective jumps beside the untouched ones.
    regime
        Inequalities (:class:`~derive.Condition`, numeric thresholds) under which it holds.
    fast
        What was eliminated: ``("a",)`` or the level labels.
    mechanism
        ``"fast mode"`` (a boson, linear) or ``"effective operators"`` (few-level manifold).
    hamiltonian
        ``H_eff``.
    jumps
        The effective jumps (``rate * D[L_eff]``), a subset of ``model.jumps``.
    fast_mode
        The underlying :class:`~derive.Elimination` for a boson, else None.
    """

    derivation: Derivation
    model: Model
    regime: tuple[Condition, ...]
    fast: tuple[str, ...]
    mechanism: str
    hamiltonian: sp.Expr
    jumps: tuple[Jump, ...]
    fast_mode: Elimination | None = None

    def __str__(self) -> str:
        js = "; ".join(f"{sp.sstr(j.rate)} D[{sp.sstr(j.operator)}]" for j in self.jumps)
        return (
            f"ModelElimination({self.mechanism}: {', '.join(self.fast)} of "
            f"{self.derivation.name}; H_eff = {sp.sstr(self.hamiltonian)}; jumps {js or 'none'}; "
            f"regime {[str(c) for c in self.regime]})"
        )


# --------------------------------------------------------------------------- helpers
def _nonneg(r: sp.Expr) -> sp.Expr:
    r = sp.simplify(r)
    if r.is_nonnegative is True or (r.is_number and float(r) >= 0):
        return r
    f = sp.factor(r)
    return f if f.is_nonnegative is True else sp.Abs(r)


def _jump(op: sp.Expr, rate: sp.Expr, name: str) -> Jump | None:
    """``rate D[op]`` with the common c-number factor of ``op`` moved into the rate."""
    terms = coefficients(normal_order(op))
    terms = {k: sp.simplify(v) for k, v in terms.items() if sp.simplify(v) != 0}
    if not terms or all(k == 1 for k in terms):
        return None  # a c-number jump operator generates nothing
    dummies = {k: sp.Dummy(f"m{i}") for i, k in enumerate(terms)}
    common, rest = sp.factor_terms(
        sp.Add(*[v * dummies[k] for k, v in terms.items()])
    ).as_independent(*dummies.values())
    if common == 0 or not common.is_commutative:
        common, rest = sp.Integer(1), sp.Add(*[v * dummies[k] for k, v in terms.items()])
    back = {d: k for k, d in dummies.items()}
    op_ = normal_order(rest.xreplace(back))
    return Jump(op_, _nonneg(rate * common * sp.conjugate(common)), name)


def _params(m: Model, exprs: Iterable[sp.Expr]) -> tuple[sp.Symbol, ...]:
    syms: set[sp.Symbol] = set()
    for e in exprs:
        syms |= c_number_symbols(e)
    return tuple(sorted(syms, key=lambda s: s.name))


def _couplings(expr: sp.Expr) -> list[sp.Expr]:
    """``|c|`` of the c-number coefficient of each operator monomial (nonzero, not numbers)."""
    out: list[sp.Expr] = []
    for k, v in coefficients(expr).items():
        if k == 1:
            continue
        r = sp.simplify(sp.Abs(v))
        if r.free_symbols and r not in out:
            out.append(r)
    return out


def _resolve(model: Model, fast: str | Iterable[str], dof: str | None):
    labels = (fast,) if isinstance(fast, str) else tuple(fast)
    if dof is not None:
        d = model.dof(dof)
    elif len(labels) == 1 and any(x.name == labels[0] for x in model.dofs):
        d = model.dof(labels[0])
    else:
        owners = [x for x in model.dofs if isinstance(x, Levels) and set(labels) <= set(x.labels)]
        if len(owners) != 1:
            raise ModelError(
                f"model {model.name}: {labels} names no boson mode and "
                f"{'several' if owners else 'no'} Levels system holding those "
                "labels; pass dof="
            )
        d = owners[0]
    if isinstance(d, Boson):
        return d, labels
    if isinstance(d, Levels):
        if labels == (d.name,):
            raise ModelError(f"fast={d.name!r} is a Levels system: name its excited labels")
        return d, labels
    raise ModelError(
        f"cannot eliminate {d.kind} {d.name}: only boson modes and few-level "
        "excited manifolds (use meanfield for a collective spin)"
    )


def eliminate(
    model: Model,
    fast: str | Iterable[str],
    *,
    dof: str | None = None,
    threshold: float = 0.1,
    name: str | None = None,
) -> ModelElimination:
    """Adiabatically eliminate a lossy mode or excited levels: the reduced model and its regime.

    Parameters
    ----------
    model
        The full model.
    fast
        A boson mode name (``"a"``), or one or several level labels of a
        :class:`~derive.Levels` system (``"e"``, ``("e1", "e2")``).
    dof
        The Levels system the labels belong to, when the labels alone are ambiguous.
    threshold
        Margin below which each strong inequality of the regime counts as satisfied.
    name
        Name of the reduced model (default ``"<model>/<fast>"``).

    Returns
    -------
    ModelElimination

    Raises
    ------
    ModelError
        A boson whose equation is not linear in itself with a c-number coefficient (Kerr,
        dispersive ``a^dag a S^z``, jumps other than its own loss); excited levels whose
        ``H_NH`` holds operators of another degree of freedom or is singular; jumps into or
        within the excited manifold; nothing left in the ground manifold.

    Notes
    -----
    Regime: the eliminated part must be fast and weakly excited.  For a mode,
    ``|c| << |A|`` (``A = Delta - i kappa/2``) for every coupling ``c`` of its source and every
    other rate of the model; for levels, every coupling of ``V_+`` and every ground-state
    energy ``<< |(H_NH)_ee|``.  Corrections are of relative order ``|c|/|A|``; the reduced
    model is second order in the couplings (Reiter & Sørensen 2012).  Input noise of the
    eliminated mode is vacuum (it drops out of normally ordered averages).

    Examples
    --------
    Purcell decay of an atom in a resonant bad cavity, ``H = g (a^dag s + s^dag a)``:

    >>> from derive import Boson, Jump, Levels, Model, Parameter
    >>> g = Parameter.rate("g", "coupling", positive=True)
    >>> k = Parameter.rate("kappa", "cavity loss", positive=True)
    >>> cav, q = Boson("a"), Levels("q", ("g", "e"))
    >>> m = Model("jc", (g, k), (q, cav), g.symbol * (cav.ad * q("g", "e") + q("e", "g") * cav.a),
    ...           jumps=(Jump(cav.a, k.symbol, "cavity loss"),))
    >>> el = eliminate(m, "a")
    >>> el.jumps[0].rate, el.jumps[0].operator
    (4*g**2/kappa, |g><e|_q)
    >>> [str(c) for c in el.regime]
    ['g << kappa/2']
    """
    d, labels = _resolve(model, fast, dof)
    if isinstance(d, Boson):
        return _eliminate_mode(model, d, threshold, name)
    return _eliminate_levels(model, d, labels, threshold, name)


# --------------------------------------------------------------------------- a boson mode
def _eliminate_mode(
    model: Model, cav: Boson, threshold: float, name: str | None
) -> ModelElimination:
    a, ad = cav.a, cav.ad
    loss, kept = [], []
    for j in model.jumps:
        op = normal_order(j.operator)
        if not (op.has(a) or op.has(ad)):
            kept.append(j)
            continue
        terms = coefficients(op)
        if list(terms) != [a]:
            raise ModelError(
                f"model {model.name}: jump {j.name or j} acts on {cav.name} as "
                f"{op}; only its own loss c*{cav.name} can be eliminated"
            )
        c = terms[a]
        loss.append(Jump(a, sp.simplify(j.rate * c * sp.conjugate(c)), j.name))
    if not loss:
        raise ModelError(
            f"model {model.name}: mode {cav.name} has no loss; a lossless mode "
            "is not eliminated by this verb (a detuned one gives only a shift: "
            "use eliminate_fast_mode)"
        )
    kappa = sp.Add(*[j.rate for j in loss])
    h = normal_order(model.hamiltonian)
    rhs = normal_order(sp.I * equation_of_motion(a, h, loss))
    try:
        el = eliminate_fast_mode(
            a,
            rhs,
            hamiltonian=h,
            canonical=normal_order,
            text=f"mode {cav.name} is fast: |Delta - i kappa/2| >> coupling",
        )
    except ValueError as exc:
        raise ModelError(f"model {model.name}: cannot eliminate {cav.name}: {exc}") from None
    source = el.source
    ops_in_source = coefficients(source)
    if any(k.has(a) or k.has(ad) for k in ops_in_source):
        raise ModelError(f"model {model.name}: the source of {cav.name} holds the mode itself")
    h_eff = normal_order(el.hamiltonian)
    h_eff = sp.Add(*[sp.simplify(v) * k for k, v in coefficients(h_eff).items()])
    eff = _jump(source, el.rate, f"{cav.name} eliminated")
    jumps = tuple(kept) + ((eff,) if eff else ())
    regime = tuple(much_less(c.rhs, c.lhs, c.text, threshold) for c in el.regime)
    big = sp.Abs(el.coefficient)
    regime += tuple(
        much_less(
            j.rate,
            sp.simplify(big),
            f"{j.name or 'a slow jump'} slower than mode {cav.name}",
            threshold,
        )
        for j in kept
        if sp.sympify(j.rate).free_symbols
    )
    regime += tuple(
        much_less(lj.rate, sp.simplify(big), "local jumps slower than the mode", threshold)
        for lj in model.local_jumps
        if sp.sympify(lj.rate).free_symbols
    )
    lhs = sp.Symbol(f"i d{cav.name}/dt", commutative=False)
    _c = latex(a)
    _a = f"i\\, d{_c}/dt"
    steps = (
        Step(
            "Heisenberg-Langevin equation",
            sp.Eq(lhs, rhs),
            f"exact: ${_a} = [{_c}, H] - i \\kappa {_c}/2$, with $\\kappa = {latex(kappa)}$ "
            "the total loss (vacuum input noise drops out)",
        ),
        Step(
            "linear form",
            sp.Eq(sp.Symbol("A"), el.coefficient),
            f"exact: ${_a} = A {_c} + S$ with $S = {latex(source)}$",
        ),
        Step(
            "stationary mode",
            sp.Eq(a, el.stationary),
            f"adiabatic: $|d{_c}/dt| \\ll |A {_c}|$ when $|A|$ exceeds every slow rate",
        ),
        Step(
            "effective Hamiltonian",
            sp.Eq(sp.Symbol("H_eff", commutative=False), h_eff),
            r"$H_{\mathrm{rest}} + \operatorname{Re}(-1/A)\, S^\dagger S$, shift "
            f"$\\operatorname{{Re}}(-1/A) = {latex(el.shift)}$ ({_RS})",
        ),
        Step(
            "effective jump",
            sp.Eq(sp.Symbol("L_eff", commutative=False), source),
            f"rate $2 \\operatorname{{Im}}(1/A) = {latex(el.rate)}$ times $D[S]$ ({_RS})",
        ),
    )
    reduced = model.replace(
        name=name or f"{model.name}/{cav.name}",
        dofs=tuple(x for x in model.dofs if x.name != cav.name),
        hamiltonian=h_eff,
        jumps=jumps,
        conserved=tuple(
            c
            for c in model.conserved
            if not (sp.sympify(c.operator).has(a) or sp.sympify(c.operator).has(ad))
        ),
        conventions=model.conventions + (f"mode {cav.name} adiabatically eliminated",),
    )
    result = sp.Tuple(h_eff, *(j.operator for j in jumps if j not in kept))
    der = Derivation(
        f"elimination of mode {cav.name} from {model.name}",
        steps,
        result,
        _params(model, [h_eff, *(sp.sympify(j.rate) for j in jumps)]),
        (f"mode {cav.name} linear in itself", "vacuum input noise"),
        regime,
    )
    return ModelElimination(
        der, reduced, regime, (cav.name,), "fast mode", h_eff, (eff,) if eff else (), el
    )


# --------------------------------------------------------------------------- excited levels
def _projector(lev: Levels, labels: Iterable[str]) -> sp.Expr:
    return sp.Add(*[Transition(lev.name, x, x) for x in labels])


def _block(op: sp.Expr, rows: sp.Expr, cols: sp.Expr) -> sp.Expr:
    return normal_order(rows * sp.sympify(op) * cols)


def _eliminate_levels(
    model: Model, lev: Levels, excited: tuple[str, ...], threshold: float, name: str | None
) -> ModelElimination:
    for x in excited:
        if x not in lev.labels:
            raise ModelError(f"level {x!r} is not one of {lev.labels} of {lev.name}")
    ground = tuple(x for x in lev.labels if x not in excited)
    if not ground:
        raise ModelError(f"eliminating every level {lev.labels} of {lev.name} leaves nothing")
    pe, pg = _projector(lev, excited), _projector(lev, ground)
    h = normal_order(model.hamiltonian)
    h_e, h_g = _block(h, pe, pe), _block(h, pg, pg)
    v_p, v_m = _block(h, pe, pg), _block(h, pg, pe)
    if not v_p.free_symbols and v_p == 0:
        raise ModelError(f"model {model.name}: H does not couple {ground} to {excited}")

    decays, kept = [], []
    for j in model.jumps:
        lge, lgg = _block(j.operator, pg, pe), _block(j.operator, pg, pg)
        bad = _block(j.operator, pe, pe) != 0 or _block(j.operator, pe, pg) != 0
        if bad or (lge != 0 and lgg != 0):
            raise ModelError(
                f"model {model.name}: jump {j.name or j} does not take {excited} "
                "to the ground manifold (or acts on both); the effective-operator "
                "formalism needs decays excited -> ground"
            )
        if lge != 0:
            decays.append(Jump(lge, j.rate, j.name))
        else:
            kept.append(j)
    h_nh = normal_order(
        h_e - sp.I / 2 * sp.Add(*[j.rate * Dagger(j.operator) * j.operator for j in decays])
    )
    n = len(excited)
    mat = sp.zeros(n, n)
    for k, v in coefficients(h_nh).items():
        if not (isinstance(k, Transition) and k.system == lev.name):
            raise ModelError(
                f"model {model.name}: H_NH on {excited} holds {k}, not a c-number "
                "matrix; eliminate that degree of freedom first or include it"
            )
        i, jj = k.levels
        mat[excited.index(i), excited.index(jj)] += v
    if sp.simplify(mat.det()) == 0:
        raise ModelError(
            f"model {model.name}: H_NH on {excited} is singular ({mat.tolist()}): "
            "a resonant, undamped excited manifold cannot be eliminated"
        )
    inv = sp.simplify(mat.inv())
    e = excited
    h_inv = sp.Add(
        *[inv[i, k] * Transition(lev.name, e[i], e[k]) for i in range(n) for k in range(n)]
    )
    h_inv_d = sp.Add(
        *[
            sp.conjugate(inv[k, i]) * Transition(lev.name, e[i], e[k])
            for i in range(n)
            for k in range(n)
        ]
    )
    h_eff = normal_order(h_g - v_m * (h_inv + h_inv_d) * v_p / 2)
    h_eff = sp.Add(*[sp.simplify(v) * k for k, v in coefficients(h_eff).items()])
    effs = []
    steps = [
        Step(
            "excited manifold",
            sp.Eq(sp.Symbol("P_e", commutative=False), pe),
            f"choice: levels {', '.join(excited)} are eliminated, {', '.join(ground)} kept",
        ),
        Step(
            "excitation",
            sp.Eq(sp.Symbol("V_+", commutative=False), v_p),
            r"exact block $V_+ = P_e H P_g$ ($V_- = V_+^\dagger$)",
        ),
        Step(
            "ground Hamiltonian",
            sp.Eq(sp.Symbol("H_g", commutative=False), h_g),
            r"exact block $H_g = P_g H P_g$",
        ),
        Step(
            "non-Hermitian Hamiltonian",
            sp.Eq(sp.Symbol("H_NH", commutative=False), h_nh),
            r"$H_{\mathrm{NH}} = P_e H P_e - \frac{i}{2} \sum_k L_k^\dagger L_k$ over decays to "
            f"the ground manifold ({_RS})",
        ),
        Step(
            "inverse",
            sp.Eq(sp.Symbol("H_NH^-1", commutative=False), h_inv),
            "exact: matrix inverse on the excited manifold",
        ),
        Step(
            "effective Hamiltonian",
            sp.Eq(sp.Symbol("H_eff", commutative=False), h_eff),
            r"second order in $V$: $H_g - V_- [H_{\mathrm{NH}}^{-1} + \mathrm{h.c.}] V_+ / 2$ "
            f"({_RS}, Eq. 8)",
        ),
    ]
    for j in decays:
        l_eff = normal_order(j.operator * h_inv * v_p)
        l_eff = sp.Add(*[sp.simplify(v) * k for k, v in coefficients(l_eff).items()])
        steps.append(
            Step(
                f"effective jump {j.name}".strip(),
                sp.Eq(sp.Symbol("L_eff", commutative=False), l_eff),
                r"$L_{\mathrm{eff}} = L H_{\mathrm{NH}}^{-1} V_+$ with rate "
                f"${latex(j.rate)}$ ({_RS}, Eq. 9)",
            )
        )
        eff = _jump(l_eff, j.rate, f"{j.name or 'decay'} (effective)")
        if eff is not None:
            effs.append(eff)
    widths = [sp.simplify(sp.Abs(mat[i, i])) for i in range(n)]
    regime: list[Condition] = []
    for w, x in zip(widths, excited, strict=True):
        for c in _couplings(v_p):
            regime.append(
                much_less(c, w, f"excitation of {x} weak: |coupling| << |(H_NH)_{x}{x}|", threshold)
            )
        for c in _couplings(h_g):
            regime.append(much_less(c, w, f"ground dynamics slow against {x}", threshold))
    reduced_lev = Levels(lev.name, ground)
    dofs = tuple(reduced_lev if x.name == lev.name else x for x in model.dofs)
    jumps = tuple(kept) + tuple(effs)
    reduced = model.replace(
        name=name or f"{model.name}/{'+'.join(excited)}",
        dofs=dofs,
        hamiltonian=h_eff,
        jumps=jumps,
        conserved=tuple(
            c
            for c in model.conserved
            if not any(
                t.system == lev.name and set(t.levels) & set(excited)
                for t in sp.sympify(c.operator).atoms(Transition)
            )
        ),
        conventions=model.conventions
        + (f"levels {', '.join(excited)} of {lev.name} adiabatically eliminated",),
    )
    result = sp.Tuple(h_eff, *(j.operator for j in effs))
    der = Derivation(
        f"elimination of {', '.join(excited)} of {lev.name} from {model.name}",
        tuple(steps),
        result,
        _params(model, [h_eff, *(sp.sympify(j.rate) for j in jumps)]),
        (
            "decays take the excited manifold to the ground manifold",
            "weak excitation: second order in V",
        ),
        tuple(regime),
    )
    return ModelElimination(
        der, reduced, tuple(regime), excited, "effective operators", h_eff, tuple(effs), None
    )
