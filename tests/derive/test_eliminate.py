"""eliminate(model, fast=...): Purcell decay, Lamb shift, Raman coupling, against textbook and matrices."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.linalg import expm

from derive import Boson, Jump, Levels, Model, ModelError, Parameter, compare_forms
from derive._algebra import coefficients, normal_order
from derive._eliminate import eliminate

g = Parameter.rate("g", "atom-cavity coupling", positive=True)
kappa = Parameter.rate("kappa", "cavity energy loss rate", positive=True)
Delta = Parameter.real("Delta", "cavity-atom detuning")
W1 = Parameter.rate("Omega1", "Rabi frequency, leg 1", positive=True)
W2 = Parameter.rate("Omega2", "Rabi frequency, leg 2", positive=True)
G1 = Parameter.rate("Gamma1", "decay e -> g1", positive=True)
G2 = Parameter.rate("Gamma2", "decay e -> g2", positive=True)
gs, ks, ds = g.symbol, kappa.symbol, Delta.symbol
w1, w2, g1, g2 = W1.symbol, W2.symbol, G1.symbol, G2.symbol

CAV, ATOM = Boson("a"), Levels("q", ("g", "e"))


def purcell_model(detuned: bool) -> Model:
    h = gs * (CAV.ad * ATOM("g", "e") + ATOM("e", "g") * CAV.a)
    if detuned:
        h += ds * CAV.n
    return Model(
        "purcell",
        (g, kappa, Delta),
        (ATOM, CAV),
        hamiltonian=h,
        jumps=(Jump(CAV.a, ks, "cavity loss"),),
    )


def lambda_model() -> Model:
    lam = Levels("L", ("g1", "g2", "e"))
    h = (
        -ds * lam("e", "e")
        + w1 / 2 * (lam("e", "g1") + lam("g1", "e"))
        + w2 / 2 * (lam("e", "g2") + lam("g2", "e"))
    )
    return Model(
        "lambda",
        (Delta, W1, W2, G1, G2),
        (lam,),
        hamiltonian=h,
        jumps=(Jump(lam("g1", "e"), g1, "decay to g1"), Jump(lam("g2", "e"), g2, "decay to g2")),
    )


def coeff(expr, op):
    return sp.simplify(coefficients(normal_order(expr)).get(op, 0))


# ----------------------------------------------------------------- Purcell
def test_purcell_rate_is_4g2_over_kappa_on_resonance():
    el = eliminate(purcell_model(False), "a")
    (j,) = el.jumps
    assert j.operator == ATOM("g", "e")
    assert compare_forms(j.rate, 4 * gs**2 / ks).equal  # textbook Purcell rate
    assert not compare_forms(j.rate, 2 * gs**2 / ks).equal  # a factor 2 is detected
    assert el.hamiltonian == 0  # no Lamb shift on resonance
    assert [d.name for d in el.model.dofs] == ["q"]


def test_detuned_purcell_rate_and_lamb_shift_are_the_lorentzian_forms():
    el = eliminate(purcell_model(True), "a")
    (j,) = el.jumps
    lorentz = gs**2 * ks / (ds**2 + ks**2 / 4)  # textbook detuned Purcell rate
    assert compare_forms(j.rate, lorentz).equal
    assert not compare_forms(j.rate, -lorentz).equal  # a sign error is detected
    shift = coeff(el.hamiltonian, ATOM("e", "e"))
    assert compare_forms(shift, -(gs**2) * ds / (ds**2 + ks**2 / 4)).equal
    # dispersive limit: -g^2/Delta
    assert sp.limit(shift * ds, ks, 0) == -(gs**2)


def test_purcell_rate_agrees_with_the_exact_atom_cavity_decay():
    """Independent route: exact atom (2) x Fock (4) Liouvillian built here, P_e(t) by expm."""
    el = eliminate(purcell_model(True), "a")
    rate = sp.lambdify((gs, ks, ds), el.jumps[0].rate)
    for gv, kv, dv in [(0.02, 1.0, 0.0), (0.02, 1.0, 0.7), (0.01, 0.5, -0.3)]:
        nf = 4
        a = np.kron(np.eye(2), np.diag(np.sqrt(np.arange(1, nf)), 1))
        sm = np.kron(np.array([[0, 1], [0, 0]]), np.eye(nf))  # |g><e|, atom basis (g, e)
        h = gv * (a.conj().T @ sm + sm.conj().T @ a) + dv * a.conj().T @ a
        eye = np.eye(2 * nf)
        liou = -1j * (np.kron(h, eye) - np.kron(eye, h.T)) + kv * (
            np.kron(a, a.conj())
            - 0.5 * np.kron(a.conj().T @ a, eye)
            - 0.5 * np.kron(eye, (a.conj().T @ a).T)
        )
        rho0 = np.zeros((2 * nf, 2 * nf))
        rho0[nf, nf] = 1.0  # |e, 0>
        pe = np.kron(np.diag([0.0, 1.0]), np.eye(nf))
        t1, t2 = 20.0 / kv, 20.0 / kv + 0.2 / float(rate(gv, kv, dv))
        p1, p2 = (
            np.trace(pe @ (expm(liou * t) @ rho0.ravel()).reshape(2 * nf, 2 * nf)).real
            for t in (t1, t2)
        )
        slowest = np.log(p1 / p2) / (t2 - t1)
        tol = 20 * (gv / kv) ** 2
        assert slowest == pytest.approx(float(rate(gv, kv, dv)), rel=tol)
        assert slowest != pytest.approx(2 * float(rate(gv, kv, dv)), rel=tol)  # factor 2 seen


def test_single_excitation_levels_route_gives_the_same_purcell_model():
    """The cavity photon as a level |g1> of {g0, e0, g1}: effective operators vs fast mode."""
    s = Levels("s", ("g0", "e0", "g1"))
    m = Model(
        "purcell-1x",
        (g, kappa, Delta),
        (s,),
        hamiltonian=ds * s("g1", "g1") + gs * (s("g1", "e0") + s("e0", "g1")),
        jumps=(Jump(s("g0", "g1"), ks, "cavity loss"),),
    )
    el = eliminate(m, "g1")
    (j,) = el.jumps
    assert compare_forms(j.rate, gs**2 * ks / (ds**2 + ks**2 / 4)).equal
    assert j.operator == s("g0", "e0")
    assert compare_forms(
        coeff(el.hamiltonian, s("e0", "e0")), -(gs**2) * ds / (ds**2 + ks**2 / 4)
    ).equal
    assert el.mechanism == "effective operators"


def test_purcell_regime_is_g_much_less_than_the_cavity_width_and_evaluates():
    el = eliminate(purcell_model(True), "a")
    (c,) = el.regime
    margin = sp.lambdify((gs, ks, ds), c.margin)
    assert margin(0.01, 1.0, 0.0) == pytest.approx(0.02)
    assert margin(0.01, 1.0, 0.0) < c.threshold < margin(1.0, 1.0, 0.0)
    assert margin(0.1, 1.0, 3.0) == pytest.approx(0.1 / abs(3.0 - 0.5j))


def test_reduced_model_compiles_to_a_spec():
    el = eliminate(purcell_model(True), "a")
    spec = el.model.compile(g=0.1, kappa=1.0, Delta=0.5)
    assert spec.jumps[0].rate == pytest.approx(0.01 / (0.25 + 0.25))
    assert "q" in el.derivation.to_markdown() or el.derivation.steps


# ----------------------------------------------------------------- Lambda system
def test_lambda_raman_coupling_is_omega1_omega2_over_4_delta():
    el = eliminate(lambda_model(), "e")
    lam = el.model.dof("L")
    assert lam.labels == ("g1", "g2")
    raman = coeff(el.hamiltonian, lam("g1", "g2"))
    gam = g1 + g2
    assert compare_forms(raman, w1 * w2 * ds / (4 * (ds**2 + gam**2 / 4))).equal
    # far detuned, no decay: the textbook Omega1 Omega2 / (4 Delta)
    assert sp.simplify(raman.subs({g1: 0, g2: 0}) - w1 * w2 / (4 * ds)) == 0
    assert not compare_forms(raman.subs({g1: 0, g2: 0}), w1 * w2 / (2 * ds)).equal
    assert compare_forms(
        coeff(el.hamiltonian, lam("g1", "g1")).subs({g1: 0, g2: 0}), w1**2 / (4 * ds)
    ).equal  # AC Stark shift


def test_lambda_effective_decays_give_the_low_saturation_scattering_rate():
    el = eliminate(lambda_model(), "e")
    lam = el.model.dof("L")
    out_of_g1 = sp.Integer(0)
    for j in el.jumps:
        out_of_g1 += j.rate * coeff(
            sp.physics.quantum.Dagger(j.operator) * j.operator, lam("g1", "g1")
        )
    gam = g1 + g2
    # textbook: Gamma (Omega/2)^2 / (Delta^2 + Gamma^2/4), low saturation
    assert compare_forms(out_of_g1, gam * w1**2 / 4 / (ds**2 + gam**2 / 4)).equal
    assert not compare_forms(out_of_g1, gam * w1**2 / 2 / (ds**2 + gam**2 / 4)).equal


def test_lambda_effective_hamiltonian_matches_exact_three_level_eigenvalues():
    """Independent route: the two light eigenvalues of the 3x3 H (numpy) vs those of H_eff."""
    el = eliminate(lambda_model(), "e")
    lam = el.model.dof("L")
    vals = {ds: 40.0, w1: 1.3, w2: 0.8, g1: 0.0, g2: 0.0}
    heff = np.array(
        [
            [complex(coeff(el.hamiltonian, lam(i, j)).subs(vals)) for j in ("g1", "g2")]
            for i in ("g1", "g2")
        ]
    )
    d, a, b = 40.0, 1.3, 0.8
    h = np.array([[0, 0, a / 2], [0, 0, b / 2], [a / 2, b / 2, -d]])
    exact = np.sort(np.linalg.eigvalsh(h))[1:]
    approx = np.sort(np.linalg.eigvalsh(heff))
    assert np.allclose(approx, exact, atol=5 * (a**2 + b**2) ** 2 / d**3)
    assert not np.allclose(2 * approx, exact, atol=5 * (a**2 + b**2) ** 2 / d**3)


def test_lambda_regime_couplings_much_less_than_the_excited_width():
    el = eliminate(lambda_model(), "e")
    texts = [str(c) for c in el.regime]
    assert any("Omega1/2 <<" in t for t in texts)
    steps = [s.name for s in el.derivation.steps]
    assert steps[:4] == [
        "excited manifold",
        "excitation",
        "ground Hamiltonian",
        "non-Hermitian Hamiltonian",
    ]
    assert all(s.licence for s in el.derivation.steps)


# ----------------------------------------------------------------- refusals
def test_kerr_cavity_is_refused():
    chi = Parameter.real("chi", "Kerr")
    m = Model(
        "kerr",
        (g, kappa, chi),
        (ATOM, CAV),
        hamiltonian=chi.symbol * CAV.ad**2 * CAV.a**2
        + gs * (CAV.ad * ATOM("g", "e") + ATOM("e", "g") * CAV.a),
        jumps=(Jump(CAV.a, ks),),
    )
    with pytest.raises(ModelError, match="linear"):
        eliminate(m, "a")


def test_lossless_mode_and_jump_into_excited_state_are_refused():
    m = purcell_model(False).replace(jumps=())
    with pytest.raises(ModelError, match="no loss"):
        eliminate(m, "a")
    lam = lambda_model()
    pump = lam.replace(jumps=lam.jumps + (Jump(lam.dof("L")("e", "g1"), g1, "pump"),))
    with pytest.raises(ModelError, match="decays excited -> ground"):
        eliminate(pump, "e")


def test_excited_manifold_coupled_to_a_cavity_operator_in_h_nh_is_refused():
    chi = Parameter.real("chi", "dispersive shift")
    m = Model(
        "disp",
        (g, kappa, chi),
        (ATOM, CAV),
        hamiltonian=chi.symbol * CAV.n * ATOM("e", "e")
        + gs * (CAV.ad * ATOM("g", "e") + ATOM("e", "g") * CAV.a),
        jumps=(Jump(ATOM("g", "e"), ks),),
    )
    with pytest.raises(ModelError, match="c-number"):
        eliminate(m, "e")
