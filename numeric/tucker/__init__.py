"""tucker2020 exact solvers: driven collective decay with single-particle relaxation.

Model: d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho + gamma_s sum_i L[sigma_i^-] rho,
Omega = N Upsilon / 2, ``upsilon`` = Upsilon/Upsilon_c.  Rates in any common unit, times in its
inverse (the tests and claims use Gamma = 1).

The public names load on first use (PEP 562): importing the package loads no solver module
and no numba kernel until one of its names is used.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_WHERE = {
    "DickeSpace": "._permutational",
    "MinSqueezing": "._cum_solver",
    "SpinMoments": "._spin",
    "analytic_density_matrix": "._collective",
    "analytic_steady_state": "._collective",
    "collective_dynamics": "._collective",
    "collective_liouvillian": "._collective",
    "collective_steady_state": "._collective",
    "css": "._spin",
    "css_minus_x": "._spin",
    "css_product_moments": "._cumulant",
    "cumulant_dynamics": "._cum_solver",
    "cumulant_observables": "._cum_solver",
    "dicke_degeneracy": "._spin",
    "effective_number": "._spin",
    "integrate_moments": "._cumulant",
    "jump_operators": "._trajectories",
    "min_transient_squeezing": "._cum_solver",
    "moments_from_matrix": "._spin",
    "pi_dynamics": "._permutational",
    "pi_liouvillian": "._permutational",
    "pi_moments": "._permutational",
    "pi_steady_state": "._permutational",
    "steady_state_residual": "._collective",
    "trajectories": "._trajectories",
    "transient_minimum": "._cum_solver",
    "upsilon_critical": "._collective",
    "wineland_xi2": "._spin",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
