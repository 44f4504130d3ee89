"""Purcell-enhanced decay of one atom in a bad cavity: a user's claims file for qderive.

    qderive --claims notebooks/examples/purcell.py verify purcell.rate
"""

import numpy as np

from derive import Boson, Jump, Levels, Model, Parameter, eliminate
from numeric import mesolve
from verify import closed_form_claim, register_model
from verify.sweep import RegimeSpec, register_regime

g = Parameter.rate("g", "atom-cavity coupling (half the vacuum Rabi frequency)", positive=True)
kappa = Parameter.rate("kappa", "cavity energy decay rate", positive=True)
Delta = Parameter.real("Delta", "cavity-atom detuning omega_c - omega_a")
cav, atom = Boson("a"), Levels("q", ("g", "e"))
MODEL = register_model("purcell", Model(
    "purcell", (g, kappa, Delta), (atom, cav),
    hamiltonian=Delta.symbol * cav.n + g.symbol * (cav.ad * atom("g", "e") + atom("e", "g") * cav.a),
    jumps=(Jump(cav.a, kappa.symbol, "cavity loss"),)))

ELIM = eliminate(MODEL, "a")                      # bad cavity: g << |Delta - i kappa/2|
PRINTED = g.symbol**2 * kappa.symbol / (Delta.symbol**2 + kappa.symbol**2 / 4)   # textbook


def exact_rate(g, kappa, Delta):
    """1 / integral of P_e(t) dt from the full atom + cavity master equation (= Gamma for e^{-Gamma t})."""
    spec = MODEL.compile(g=g, kappa=kappa, Delta=Delta, observables={"Pe": atom("e", "e")})
    t = np.linspace(0.0, 16.0 * (Delta**2 + kappa**2 / 4) / (g**2 * kappa), 801)  # ~16 lifetimes
    pe = mesolve(spec, {"q": "e", "a": "ground"}, t)["Pe"]
    return 1.0 / np.trapezoid(pe, t)


closed_form_claim(
    "purcell.rate", title="Purcell rate g^2 kappa / (Delta^2 + kappa^2/4) of the eliminated cavity",
    derivation=ELIM.derivation, closed=ELIM.jumps[0].rate, printed=PRINTED, exact=exact_rate,
    points=[dict(g=0.02, kappa=1.0, Delta=0.0), dict(g=0.03, kappa=1.0, Delta=1.0),
            dict(g=0.01, kappa=2.0, Delta=-3.0)],
    breakdown=[dict(g=0.5, kappa=1.0, Delta=0.0)], tolerance=0.02,
    tolerance_note="|Gamma - Gamma_exact| / Gamma_exact; corrections are O(margin^2) <= 1e-2 "
                   "at the regime threshold 0.1, trapezoid error ~1e-4",
    exact_counterpart="atom + cavity Lindblad equation (numeric.mesolve, Fock cutoff converged)")

register_regime(RegimeSpec(
    "purcell.rate", grid=("g_over_kappa=0.005:0.5:8:log", "Delta_over_kappa=-2:2:5"),
    coordinates=lambda q: dict(g=float(q["g_over_kappa"]), kappa=1.0,
                               Delta=float(q["Delta_over_kappa"])),
    along="g_over_kappa", note="Purcell rate vs the exact decay: breaks down as g -> kappa/2"))
