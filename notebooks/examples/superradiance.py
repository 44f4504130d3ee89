"""Superradiant decay of N atoms from the fully excited state: a user's claims file for qderive.

The emission peaks at t_peak ~ ln N / (N Gamma) (Dicke superradiance; Gross & Haroche, Phys.
Rep. 93, 301 (1982)); as a power law, exp(N Gamma t_peak) ~ A N^b with b = 1.

    qderive --claims notebooks/examples/superradiance.py verify superradiance.t_peak
"""

import numpy as np
import sympy as sp

from derive import Conserved, Jump, Model, Parameter, SpinEnsemble, asymptotics
from numeric import mesolve
from verify import register_model, scaling_claim

N = Parameter.size("N", "number of atoms")
Gamma = Parameter.rate("Gamma", "single-atom decay rate into the common mode", positive=True)
S = SpinEnsemble("S", N.symbol)
MODEL = register_model("superradiance", Model(
    "superradiance", (N, Gamma), (S,), hamiltonian=sp.Integer(0),
    jumps=(Jump(S.Sm, Gamma.symbol, "collective decay"),),
    conserved=(Conserved("S^z (H = 0; the jump lowers it by one)", S.Sz),)))
T_PEAK = sp.log(N.symbol) / (N.symbol * Gamma.symbol)
LAW = asymptotics(sp.exp(N.symbol * Gamma.symbol * T_PEAK), N.symbol)   # b = 1, A = 1


def exact_y(N, Gamma=1.0):
    """exp(N Gamma t_peak), t_peak the maximum of the exact emission rate Gamma <S+ S->(t)."""
    spec = MODEL.compile(N=N, Gamma=Gamma, observables={"I": S.Sp * S.Sm})
    t = np.linspace(0.0, 2.5 * np.log(N) / (N * Gamma) + 4.0 / (N * Gamma), 1201)
    emission = mesolve(spec, {"S": "excited"}, t)["I"]
    k = min(max(int(np.argmax(emission)), 1), t.size - 2)   # parabola through the top 3 points
    y0, y1, y2 = emission[k - 1:k + 2]
    return float(np.exp(N * Gamma * (t[k] + 0.5 * (t[1] - t[0]) * (y0 - y2) / (y0 - 2 * y1 + y2))))


scaling_claim(
    "superradiance.t_peak", quantity="exp(N Gamma t_peak)", exact=exact_y,
    exponent=float(LAW.exponent), prefactor=float(LAW.prefactor), derivation=LAW.derivation,
    N=(10, 20, 40, 80, 160, 320, 640, 1000),          # two decades
    # a wrong law is >= 1 away (2 ln N/(N Gamma): b = 2; no log: b = 0); the O(1) offset of
    # N Gamma t_peak - ln N settles over N = 10..1000 and tilts the fit by ~0.1
    tolerance=0.15, title="peak emission time t_peak ~ ln N / (N Gamma)",
    exact_counterpart="Lindblad equation in the symmetric subspace (numeric.mesolve)")
