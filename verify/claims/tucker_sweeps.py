"""Regime maps of the tucker2020 claims, registered for ``qderive sweep``.

Nothing is computed at import time: the claims are looked up when a cell runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..sweep import RegimeSpec, register_regime


def _tucker_coordinates(q: Mapping[str, Any]) -> dict[str, Any]:
    """Grid point (N, Upsilon/Upsilon_c) -> keyword arguments of tucker.eq3 (chi, Gamma at defaults)."""
    return {
        "N": int(q["N"]),
        "Gamma": float(q.get("Gamma", 1.0)),
        "chi": float(q.get("chi", 0.0)),
        "upsilon": float(q["upsilon"]),
    }


def _ucp_coordinates(q: Mapping[str, Any]) -> dict[str, Any]:
    """(N, Upsilon/Upsilon_c) at gamma_s = Gamma -> keyword arguments of tucker.upsilon_c_prime."""
    return {
        "N": int(q["N"]),
        "Gamma": float(q["Gamma"]),
        "chi": float(q["chi"]),
        "upsilon": float(q["upsilon"]),
        "gamma_s": float(q["gamma_s"]),
    }


def _eq4_coordinates(q: Mapping[str, Any]) -> dict[str, Any]:
    """(Upsilon/Upsilon_c, Gamma t) at N = 20 -> keyword arguments of tucker.eq4 (one time per cell)."""
    G = float(q["Gamma"])
    return {
        "N": int(q["N"]),
        "Gamma": G,
        "chi": float(q["chi"]),
        "upsilon": float(q["upsilon"]),
        "t": float(q["Gamma_t"]) / G,
    }


def _ae_coordinates(q: Mapping[str, Any]) -> dict[str, Any]:
    """(g sqrt(N)/kappa, Delta_c/kappa) at g = 1 -> keyword arguments of tucker.ae over 0 <= N Gamma t <= 3."""
    N, g = int(q["N"]), 1.0
    kappa = g * np.sqrt(N) / float(q["g_sqrtN_over_kappa"])
    Delta_c = float(q["delta_over_kappa"]) * kappa
    G = 4 * g**2 * kappa / (4 * Delta_c**2 + kappa**2)
    return {
        "N": N,
        "g": g,
        "kappa": kappa,
        "Delta_c": Delta_c,
        "t": np.linspace(0.0, 3.0 / (N * G), 12),
    }


register_regime(
    RegimeSpec(
        "tucker.eq3",
        grid=("N=50:2000:5:log", "upsilon=0.2:1.6:29"),
        coordinates=_tucker_coordinates,
        along="upsilon",
        labels={"upsilon": r"$\Upsilon/\Upsilon_c$", "N": "N"},
        integers=("N",),
        quick_grid=("N=50:2000:4:log", "upsilon=0.2:1.6:15"),
        note="mean-field <J_z>/(N/2) against the exact collective steady state (gamma_s = 0), absolute "
        "error: largest at the threshold Upsilon = Upsilon_c, where the kink sharpens as N grows.",
    )
)

register_regime(
    RegimeSpec(
        "tucker.ae",
        grid=("N=2,4", "delta_over_kappa=-1.5:1.5:7", "g_sqrtN_over_kappa=0.025:1:8:log"),
        coordinates=_ae_coordinates,
        integers=("N",),
        along="g_sqrtN_over_kappa",
        labels={
            "g_sqrtN_over_kappa": r"$g\sqrt{N}/\kappa$",
            "delta_over_kappa": r"$\Delta_c/\kappa$",
        },
        quick_grid=("N=2", "delta_over_kappa=-1:1:3", "g_sqrtN_over_kappa=0.033:1:5:log"),
        note="the effective spin model with the eliminated chi, Gamma of tucker.ae against atoms + the "
        "driven lossy cavity (truncated Fock space), max over 0 <= N Gamma t <= 3 of the <J_z>/(N/2) "
        "difference at Upsilon = 0.9 Upsilon_c: the elimination needs kappa >> g sqrt(N) (and holds "
        "at any Delta_c/kappa, where the Lorentzian forms are kept in full).",
    )
)

register_regime(
    RegimeSpec(
        "tucker.upsilon_c_prime",
        grid=("N=10:40:4", "upsilon=0.1:0.95:18"),
        coordinates=_ucp_coordinates,
        along="upsilon",
        labels={"upsilon": r"$\Upsilon/\Upsilon_c$", "N": "N"},
        integers=("N",),
        quick_grid=("N=10,20", "upsilon=0.1:0.9:9"),
        note="mean-field <J_z>/(N/2) for gamma_s -> 0+ (threshold Upsilon_c/sqrt(2) = 0.707 Upsilon_c) "
        "against the exact permutation-invariant steady state at gamma_s = Gamma; error scale as "
        "the claim defines it. The mean field is N -> oo: expect the error to shrink with N below "
        "the threshold and to be large above it (the exact state has no sharp transition).",
    )
)

register_regime(
    RegimeSpec(
        "tucker.eq4",
        grid=("upsilon=0.3:1.5:13", "Gamma_t=0.02:1:15"),
        coordinates=_eq4_coordinates,
        along="Gamma_t",
        labels={"upsilon": r"$\Upsilon/\Upsilon_c$", "Gamma_t": r"$\Gamma t$"},
        quick_grid=("upsilon=0.5:1.5:3", "Gamma_t=0.05:1:4"),
        note="the closed Wineland xi^2 of Eq. (4) (min over n_perp in closed form) against a brute-force "
        "angle scan on the same exact collective state (N = 20, chi = 0, gamma_s = 0): an identity, "
        "so the map is at the brute-force precision (~1e-8) everywhere.",
    )
)
