"""The Model record: declared once, validated, compiled to plain data."""

from __future__ import annotations

import pytest
import sympy as sp

from derive import (
    Boson,
    Jump,
    Levels,
    LocalJump,
    Model,
    ModelError,
    Parameter,
    ParameterValueError,
    SpinEnsemble,
)
from derive.models import sharma2025, sundar2023, tucker2020

PAPER_MODELS = (sharma2025, sundar2023, tucker2020)


def _jc() -> Model:
    g = Parameter.rate("g", "coupling", positive=True)
    kappa = Parameter.rate("kappa", "cavity loss")
    delta = Parameter.real("Delta", "detuning")
    cav, atom = Boson("a"), Levels("q", ("g", "e"))
    return Model(
        "jc",
        (g, kappa, delta),
        (atom, cav),
        hamiltonian=delta.symbol * cav.n
        + g.symbol * (cav.ad * atom("g", "e") + atom("e", "g") * cav.a),
        jumps=(Jump(cav.a, kappa.symbol, "cavity loss"),),
    )


@pytest.mark.parametrize("model", PAPER_MODELS, ids=lambda m: m.name)
def test_no_two_symbols_of_a_paper_model_share_a_name(model):
    names = [p.name for p in model.parameters]
    assert len(names) == len(set(names))
    from derive._model import c_number_symbols

    symbols = set()
    for e in model._expressions():
        symbols |= c_number_symbols(e)
    by_name = {}
    for s in symbols | {p.symbol for p in model.parameters}:
        assert by_name.setdefault(s.name, s) == s, f"{s.name} declared twice in {model.name}"


def test_paper_derivations_use_the_models_symbols():
    """Each paper's derivation modules take their parameters from the model (one declaration)."""
    from derive.sharma import _symbols as sh
    from derive.sundar import _symbols as su
    from derive.tucker import _model as tu

    assert sh.N is sharma2025.symbol("N") and sh.Delta_c is sharma2025.symbol("Delta_c")
    assert su.chi is sundar2023.symbol("chi") and su.delta is sundar2023.symbol("delta")
    assert tu.Gamma is tucker2020.symbol("Gamma") and tu.g is tucker2020.symbol("g_s")


def test_two_symbols_with_one_name_and_different_assumptions_are_refused():
    g = Parameter.rate("g", "coupling", positive=True)
    cav = Boson("a")
    with pytest.raises(ModelError, match="two symbols are called 'g'"):
        Model("bad", (g,), (cav,), hamiltonian=sp.Symbol("g") * cav.n)


def test_undeclared_symbol_and_undeclared_dof_are_refused():
    g = Parameter.rate("g", "coupling")
    cav = Boson("a")
    with pytest.raises(ModelError, match="not a declared parameter"):
        Model("bad", (g,), (cav,), hamiltonian=sp.Symbol("w", real=True) * cav.n)
    with pytest.raises(ModelError, match="not a degree of freedom"):
        Model("bad", (g,), (cav,), hamiltonian=g.symbol * Boson("b").n)


def test_a_rate_that_can_be_negative_is_refused():
    d = Parameter.real("Delta", "detuning")
    cav = Boson("a")
    with pytest.raises(ModelError, match="rate"):
        Model("bad", (d,), (cav,), hamiltonian=d.symbol * cav.n, jumps=(Jump(cav.a, d.symbol),))


@pytest.mark.parametrize(
    "value, ok",
    [
        (1.5, True),
        (0.0, False),
        (-1.0, False),
        (float("nan"), False),
        (float("inf"), False),
        (1e300, False),
        ("x", False),
        (True, False),
    ],
)
def test_parameter_ranges_are_checked_with_one_line_errors(value, ok):
    g = Parameter.rate("g", "coupling", positive=True)
    if ok:
        assert g.validate(value) == value
    else:
        with pytest.raises(ParameterValueError) as e:
            g.validate(value)
        msg = str(e.value)
        assert msg.startswith("g must be") and "\n" not in msg and len(msg) < 200


def test_even_size_refuses_odd_values():
    n = Parameter.size("N", "atoms", even=True)
    assert n.validate(4.0) == 4 and isinstance(n.validate(4.0), int)
    with pytest.raises(ParameterValueError, match="even integer"):
        n.validate(5)


def test_compile_gives_plain_data_with_hermitian_conjugate_terms():
    spec = _jc().compile(g=0.5, kappa=0.1, Delta=0.2, observables={"n": Boson("a").n})
    assert [d.kind for d in spec.dofs] == ["levels", "boson"]
    assert spec.dof("q").labels == ("g", "e")
    terms = {t.factors: t.coeff for t in spec.hamiltonian}
    assert terms[(("a", "ad", 1), ("q", "g,e", 1))] == 0.5
    assert terms[(("q", "e,g", 1), ("a", "a", 1))] == 0.5
    assert terms[(("a", "ad", 1), ("a", "a", 1))] == 0.2
    assert spec.jumps[0].rate == 0.1

    # plain data only: no sympy object anywhere in the spec
    def walk(x):
        if isinstance(x, sp.Basic):
            raise AssertionError(f"sympy object {x!r} in a spec")
        if isinstance(x, (tuple, list)):
            for y in x:
                walk(y)
        elif hasattr(x, "__dataclass_fields__"):
            for f in x.__dataclass_fields__:
                walk(getattr(x, f))

    walk(spec)


def test_compile_refuses_a_value_out_of_range_and_a_missing_value():
    with pytest.raises(ParameterValueError, match="kappa"):
        _jc().compile(g=0.5, kappa=-0.1, Delta=0.0)
    with pytest.raises(ParameterValueError, match="Delta"):
        _jc().compile(g=0.5, kappa=0.1)


def test_collective_spin_operators_obey_su2_adjoints():
    from sympy.physics.quantum import Dagger

    S = SpinEnsemble("S", sp.Symbol("N", positive=True))
    assert Dagger(S.Sp) == S.Sm and Dagger(S.Sz) == S.Sz
    assert sp.expand(Dagger(S.Sx) - S.Sx) == 0 and sp.expand(Dagger(S.Sy) - S.Sy) == 0


def test_sundar_model_uses_the_papers_sign_of_sb_and_conserves_total_sz():
    spec = sundar2023.compile(N=4, chi=1.0, delta=2.0, Gamma=0.0, gamma=0.0)
    assert [d.size for d in spec.dofs] == [2, 2]
    terms = {t.factors: t.coeff for t in spec.hamiltonian}
    assert terms[(("A", "+", 1), ("B", "-", 1))] == -1.0  # chi S_A^+ S_B^- with S_B = -J_B
    assert spec.conserved[0][0] == "S_A^z + S_B^z"
    with pytest.raises(ParameterValueError, match="even"):
        sundar2023.compile(N=5, chi=1.0, delta=0.0)


def test_local_jumps_compile_per_ensemble():
    spec = tucker2020.compile(N=6, Gamma=1.0, chi=0.0, Omega=2.0, gamma_s=0.3)
    assert spec.local_jumps[0].dof == "J" and spec.local_jumps[0].rate == 0.3
    with pytest.raises(ModelError, match="local jump kind"):
        LocalJump("J", "x", sp.Integer(1))
