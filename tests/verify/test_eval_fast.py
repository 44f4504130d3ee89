"""``qderive eval`` of a closed form from the on-disk index: same numbers, no sympy, rebuilt on change.

The compiled form stored in the index is the numpy source sympy generated for the derivation's
result; its value must equal that of the quantity's own function (the route ``eval`` took before
the index existed).  Both evaluate one expression in double precision, in a different order of
operations at most (common-subexpression elimination, a substituted intermediate), so they agree to
a few ulps times the number of operations: 1e-12 relative is the bound used.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from verify import _cache, _evalrun, _registry
from verify._evalforms import build_form, declare_compiled, spec_of
from verify._evalindex import RangeDecl, index_dir, index_key
from verify._evalrun import Form
from verify._params import parse_params
from verify._project_forms import missing
from verify.cli import main

RTOL = 1e-12  # same expression, different operation order: a few ulps x ~100 operations

# reference points of the registered closed forms that are not claims (claims use their defaults)
POINTS = {
    "sharma.tau_Q": ["N=100", "W0=1", "eta=320"],
    "sharma.tau_C": ["N=100", "W0=1", "alpha2=10"],
    "sharma.eq8": ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.005,0.01,0.02"],
    "sundar.eq5": ["N=10000", "chi=1", "t=0.0001,0.0003", "phi=0.2"],
    "sundar.eq6": ["N=10000", "nbar=3", "phi=0.1"],
    "tucker.upsilon_c": ["Gamma=1", "chi=0.5"],
    "tucker.upsilon_c_prime": ["Gamma=1", "chi=0.5"],
    "sharma.B35-B40": ["N=100", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.005,0.01"],
    "sundar.eq7": ["N=100000", "C=10"],
    "tucker.chi_Gamma": ["g=1", "kappa=20", "Delta_c=20"],
    "tucker.ae": ["N=2", "g=1", "kappa=20", "Delta_c=20", "t=0.5,1"],
}
DECLARED = {"sharma.tau_Q", "sharma.tau_C", "sharma.eq8", "sharma.eq9", "sundar.eq5", "sundar.eq6"}
DECLARED |= {"tucker.upsilon_c", "tucker.upsilon_c_prime", "sharma.B21-B34", "sharma.B35-B40"}
DECLARED |= {"sharma.oat"}


def _pairs(q) -> list[str] | None:
    if q.name in POINTS:
        return POINTS[q.name]
    c = _registry._CLAIMS.get(q.name)
    if c is None:
        return None
    out = []
    for p in q.params:
        v = c.defaults.get(p.name)
        if v is None:
            continue
        v = np.atleast_1d(v) if p.kind == "time" else v
        out.append(f"{p.name}={','.join(repr(float(x)) for x in v) if p.kind == 'time' else v}")
    return out


def _disagreement(q, form: Form, pairs: list[str]) -> float:
    """Largest relative difference between the compiled form and the quantity's own function."""
    params = parse_params(q, pairs)
    fast = np.asarray(form(params), dtype=float)
    slow = np.asarray(q.func(**params), dtype=float)
    assert fast.shape == slow.shape or fast.size == slow.size == 1
    scale = np.maximum(np.abs(slow), 1e-300)
    return float(np.max(np.abs(fast.ravel() - slow.ravel()) / scale.ravel()))


def _check_compiled(names) -> set[str]:
    compiled = set()
    for name in names:
        q = _registry.quantity(name)
        payload = build_form(q)
        if payload is None:
            continue
        pairs = _pairs(q)
        assert pairs is not None, f"{q.name}: give it a reference point in POINTS"
        err = _disagreement(q, Form(q.name, payload), pairs)
        assert err <= RTOL, (q.name, err)
        compiled.add(q.name)
    return compiled


def test_the_compiled_upsilon_c_forms_equal_the_quantity_functions():
    assert not missing, f"declarations no longer match their claim modules: {missing}"
    names = {"tucker.upsilon_c", "tucker.upsilon_c_prime"}  # cheap derivations (~1 s each)
    assert _check_compiled(names) == names


@pytest.mark.slow
def test_every_compiled_closed_form_equals_the_quantity_function():
    # builds every derivation behind a closed form (about a minute of CPU)
    assert not missing, f"declarations no longer match their claim modules: {missing}"
    names = [q.name for q in _registry.quantities() if q.kind == "closed form"]
    compiled = _check_compiled(names)
    assert DECLARED <= compiled, DECLARED - compiled


def test_a_wrong_compiled_form_is_seen_to_disagree():
    import sympy as sp

    from derive import compile_expr
    from verify import Param, Quantity

    x = sp.Symbol("x", positive=True)
    right = compile_expr(x**2, (x,))
    q = Quantity("wrongtest.y", (Param("x", "real", "positive"),), right, "x^2", "closed form")
    _registry._QUANTITIES[q.name] = q
    try:
        declare_compiled(q.name, lambda: compile_expr(2 * x**2, (x,)))  # a factor 2
        assert _disagreement(q, Form(q.name, build_form(q)), ["x=3"]) == pytest.approx(1.0)
        declare_compiled(q.name, lambda: compile_expr(x**3, (x,)))  # a wrong exponent
        assert _disagreement(q, Form(q.name, build_form(q)), ["x=3"]) == pytest.approx(2.0)
    finally:
        _registry._QUANTITIES.pop(q.name, None)
        _registry._DECLARED.pop(q.name, None)


def test_the_plain_range_check_gives_derive_s_words_and_verdicts():
    from derive import Parameter, ParameterValueError

    decls = [
        Parameter.size("N", "atoms"),
        Parameter.size("M", "pairs", even=True),
        Parameter.rate("k", "rate", positive=True),
        Parameter.rate("g", "rate"),
        Parameter.real("d", "detuning", upper=2.0, upper_open=True),
        Parameter.time(),
    ]
    values = [0, 1, 2, 3, -1.5, 0.0, 2.0, 2.5, 1e200, float("nan"), float("inf"), True, "x", "4"]
    for p in decls:
        plain = RangeDecl.of(p)
        assert plain.describe() == p.describe()
        for v in values:
            try:
                want = ("ok", p.validate(v))
            except ParameterValueError as exc:
                want = ("error", str(exc))
            try:
                got = ("ok", plain.validate(v))
            except ValueError as exc:
                got = ("error", str(exc))
            assert got == want and type(got[1]) is type(want[1]), (p.name, v)


def _fresh_project_hash(monkeypatch):
    """The key as a new process computes it (others may edit the tree while the tests run)."""
    monkeypatch.setattr(_cache, "project_hash", _cache.project_hash.__wrapped__)


_CHILD = """
import json, sys
from verify.cli import main
from verify._evalindex import index_key
rc = main(sys.argv[1:])
heavy = sorted(m for m in ("sympy", "numba", "derive", "numeric", "scipy") if m in sys.modules)
print(json.dumps({"rc": rc, "heavy": heavy, "key": index_key([])}), file=sys.stderr)
"""


def _child(args: list[str]) -> tuple[str, dict]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, timeout=300
    )
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "tucker.upsilon_c", "Gamma=1", "chi=0.5"],
        ["eval", "--list", "--json"],
        pytest.param(["eval", "sharma.tau_Q", "N=100", "W0=1", "eta=320"], marks=pytest.mark.slow),
        pytest.param(
            ["eval", "sundar.eq5", "N=10000", "chi=1", "t=0.0001,0.0003", "phi=0.2", "--json"],
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_warm_closed_form_eval_imports_neither_sympy_nor_the_solvers(args, monkeypatch, capsys):
    for _ in range(3):  # a file edited by someone else between build and check: build again
        _fresh_project_hash(monkeypatch)
        assert main(args) == 0  # builds the index entries from the loaded registry
        want = capsys.readouterr().out
        out, info = _child(args)
        if info["key"] == index_key([]):
            break
    assert info["rc"] == 0 and out == want
    assert info["heavy"] == [], f"a warm eval imported {info['heavy']}"


@pytest.mark.slow
def test_json_of_every_closed_form_carries_in_regime_and_warnings(capsys):
    # builds every claim's derivation (its regime): about a minute of CPU
    seen = 0
    for q in list(_registry.quantities()):
        if q.kind != "closed form" or q.name not in _registry._CLAIMS:
            continue
        pairs = _pairs(q)
        assert main(["eval", q.name, *pairs, "--json"]) in (0, 1)
        out = json.loads(capsys.readouterr().out)
        assert isinstance(out["in_regime"], bool) and isinstance(out["warnings"], list), q.name
        seen += 1
    assert seen >= 10
    # at t = 0.2 >> tau_Q the short-time condition of Eq. (8) is violated: in_regime false, each
    # violated inequality named; at t = 0.001 the time-dependent conditions hold (fewer warnings)
    args = ["sharma.eq8", *POINTS["sharma.eq8"][:-1], "t=0.01,0.2", "--json"]
    assert main(["eval", *args]) == 0
    late = json.loads(capsys.readouterr().out)
    assert late["in_regime"] is False and late["warnings"]
    assert all("outside its regime" in w for w in late["warnings"])
    assert main(["eval", *args[:-2], "t=0.001", "--json"]) == 0
    early = json.loads(capsys.readouterr().out)
    assert len(early["warnings"]) < len(late["warnings"])
    assert early["in_regime"] is (not early["warnings"])


TOY = '''
"""A toy closed form y = C x^2 + gamma_s, its rate renamed from gamma (kept as an alias)."""
import sympy as sp

from derive import Boson, Jump, Model, Parameter, compile_expr
from verify import Param, Quantity, register_model, register_quantity

C = {c}
x = Parameter.rate("x", "toy drive strength", positive=True)
gs = Parameter.rate("gamma_s", "toy single-particle rate", aliases=("gamma",))
cav = Boson("a")
register_model(
    "toy{tag}",
    Model("toy{tag}", (x, gs), (cav,), hamiltonian=x.symbol * cav.n,
          jumps=(Jump(cav.a, gs.symbol, "loss"),)),
)
F = compile_expr(C * x.symbol**2 + gs.symbol, (x.symbol, gs.symbol))
register_quantity(Quantity(
    "toy{tag}.y", (Param("x", "real", "positive"), Param("gamma_s", "real", "nonnegative", 0.0)),
    F, "C x^2 + gamma_s", "closed form"))
'''


def _toy(path, c: float, tag: str):
    path.write_text(textwrap.dedent(TOY.format(c=repr(c), tag=tag)))
    return str(path)


def test_editing_a_user_claims_file_gives_the_new_value_and_a_warm_call_uses_the_index(
    tmp_path, monkeypatch, capsys
):
    f = _toy(tmp_path / "toy.py", 1.0, "e")
    args = ["--claims", f, "eval", "toye.y", "x=3", "gamma_s=0.5"]
    assert main(args) == 0
    assert float(capsys.readouterr().out) == 9.5  # 1 * 3^2 + 0.5

    def no_registry(*a, **k):
        raise AssertionError("the registry was loaded although the index holds the answer")

    with monkeypatch.context() as m:
        m.setattr(_evalrun, "refresh_index", no_registry)
        assert main(args) == 0
        assert float(capsys.readouterr().out) == 9.5
    _toy(tmp_path / "toy.py", 2.0, "e")  # the formula edited: C = 2
    assert main(args) == 0
    assert float(capsys.readouterr().out) == 18.5


def test_a_corrupted_index_entry_is_reported_and_rebuilt(tmp_path, capsys):
    f = _toy(tmp_path / "toyc.py", 1.0, "c")
    args = ["--claims", f, "eval", "toyc.y", "x=2"]
    assert main(args) == 0 and float(capsys.readouterr().out) == 4.0
    forms = list((index_dir(index_key([f])) / "forms").glob("toyc.y@*.json"))
    assert len(forms) == 1
    entry = json.loads(forms[0].read_text())
    entry["payload"] = entry["payload"].replace("x**2", "x**3")  # valid JSON, wrong checksum
    forms[0].write_text(json.dumps(entry))
    assert main(args) == 0
    res = capsys.readouterr()
    assert float(res.out) == 4.0 and "corrupted; recomputing" in res.err
    forms[0].write_text("{not json")
    assert main(args) == 0
    res = capsys.readouterr()
    assert float(res.out) == 4.0 and "corrupted; recomputing" in res.err


def test_an_old_parameter_name_is_accepted_with_a_one_line_note(tmp_path, capsys):
    f = _toy(tmp_path / "toya.py", 1.0, "a")
    for _ in range(2):  # cold (registry) and warm (index) routes word it alike
        assert main(["--claims", f, "eval", "toya.y", "x=3", "gamma=0.5"]) == 0
        res = capsys.readouterr()
        assert float(res.out) == 9.5
        assert res.err == "qderive: note: gamma is now gamma_s (same quantity)\n"
    assert main(["--claims", f, "eval", "toya.y", "x=3", "gamma=0.5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["params"]["gamma_s"] == 0.5 and "gamma" not in out["params"]
    assert out["warnings"] == ["gamma is now gamma_s (same quantity)"]
    # both names at once, or a name that is no alias: one-line errors, exit 2
    assert main(["--claims", f, "eval", "toya.y", "x=3", "gamma=0.5", "gamma_s=1"]) == 2
    assert "given twice" in capsys.readouterr().err
    assert main(["--claims", f, "eval", "toya.y", "x=3", "gama=0.5"]) == 2
    assert "unknown parameter 'gama'" in capsys.readouterr().err
    assert main(["--claims", f, "eval", "--list", "--json"]) == 0
    (toy,) = [q for q in json.loads(capsys.readouterr().out) if q["name"] == "toya.y"]
    assert toy["params"][1]["aliases"] == ["gamma"]


def test_the_user_purcell_rate_from_the_index_with_its_regime(capsys):
    f = os.path.join(os.path.dirname(__file__), "..", "..", "notebooks", "examples", "purcell.py")
    for _ in range(2):
        assert main(["--claims", f, "eval", "purcell.rate", "g=0.02", "kappa=1", "Delta=0"]) == 0
        # textbook Purcell rate 4 g^2/kappa on resonance
        assert math.isclose(float(capsys.readouterr().out), 4 * 0.02**2, rel_tol=1e-12)
    args = ["--claims", f, "eval", "purcell.rate", "g=0.5", "kappa=1", "Delta=0", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["in_regime"] is False and out["warnings"]


def test_every_parameter_of_every_quantity_has_a_meaning_and_a_unit(capsys):
    assert main(["eval", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {q["name"] for q in listed} == {q.name for q in _registry.quantities()}
    bad = [
        (q["name"], p["name"])
        for q in listed
        for p in q["params"]
        if not p["meaning"].strip()
        or not p["unit"].strip()
        or "unspecified" in (p["meaning"], p["unit"])
    ]
    assert not bad, bad
    assert all(set(q) == {"name", "kind", "description", "params"} for q in listed)
    keys = {"name", "meaning", "unit", "allowed", "default", "aliases", "required"}
    assert all(set(p) == keys for q in listed for p in q["params"])


def test_a_missing_meaning_is_seen():
    from verify import Param, Quantity

    q = Quantity("nomeaning.y", (Param("zeta"),), lambda zeta: zeta, "y", "closed form")
    (p,) = spec_of(q)[0].params
    assert p.listing()["meaning"] == "unspecified" and p.listing()["unit"] == "unspecified"


def test_max_seconds_inf_in_the_environment_lifts_the_budget(monkeypatch, capsys):
    args = ["eval", "sharma.qfi", "N=4", "U=1", "W0=1", "Delta_c=1", "eta=320", "t=0.01"]
    monkeypatch.setenv("QDERIVE_MAX_SECONDS", "inf")
    assert main(args) == 0 and float(capsys.readouterr().out) > 0
    monkeypatch.setenv("QDERIVE_MAX_SECONDS", "1e-12")  # still applied: the solver is refused
    assert main(args) == 2
    assert "time budget" in capsys.readouterr().err
    monkeypatch.setenv("QDERIVE_MAX_SECONDS", "0")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "QDERIVE_MAX_SECONDS" in err and "inf" in err


def test_cache_clear_and_prune_remove_eval_index_entries(tmp_path, capsys):
    f = _toy(tmp_path / "toyp.py", 1.0, "p")
    args = ["--claims", f, "eval", "toyp.y", "x=2"]
    assert main(args) == 0 and float(capsys.readouterr().out) == 4.0
    here = index_dir(index_key([f]))
    stale = here.parent / "0000000000000000"  # the index of another code version
    (stale / "forms").mkdir(parents=True)
    (stale / "index.json").write_text("{}")
    assert main(["--claims", f, "cache", "prune"]) == 0
    assert here.is_dir() and not stale.exists()
    assert main(["cache", "clear"]) == 0
    capsys.readouterr()
    assert not here.exists()
    assert main(args) == 0 and float(capsys.readouterr().out) == 4.0  # rebuilt
    assert here.is_dir()


def test_an_exact_quantity_runs_from_its_own_module_without_sympy(monkeypatch, capsys):
    args = ["eval", "sharma.mandel_q", "N=4", "U=1", "W0=1", "Delta_c=1", "eta=3", "J=0"]
    args.append("t=0.01,0.02")
    for _ in range(3):  # a file edited by someone else between build and check: build again
        _fresh_project_hash(monkeypatch)
        with monkeypatch.context() as m:
            m.setenv("QDERIVE_NO_EVAL_INDEX", "1")  # the registry route, which writes the index
            assert main(args) == 0
        want = capsys.readouterr().out
        out, info = _child(args)
        if info["key"] == index_key([]):
            break
    assert info["rc"] == 0 and out == want
    heavy = set(info["heavy"])
    assert not heavy & {"sympy", "derive"}, f"an exact eval imported {heavy}"
