"""tucker2020 exact solvers: driven collective decay with single-particle relaxation.

Model: d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho + gamma_s sum_i L[sigma_i^-] rho,
Omega = N Upsilon / 2, ``upsilon`` = Upsilon/Upsilon_c.  Rates in any common unit, times in its
inverse (the tests and claims use Gamma = 1).
"""

from ._collective import (
    analytic_density_matrix,
    analytic_steady_state,
    collective_dynamics,
    collective_liouvillian,
    collective_steady_state,
    steady_state_residual,
    upsilon_critical,
)
from ._cum_solver import (
    MinSqueezing,
    cumulant_dynamics,
    cumulant_observables,
    min_transient_squeezing,
    transient_minimum,
)
from ._cumulant import css_product_moments, integrate_moments
from ._permutational import DickeSpace, pi_dynamics, pi_liouvillian, pi_moments, pi_steady_state
from ._spin import (
    SpinMoments,
    css,
    css_minus_x,
    dicke_degeneracy,
    effective_number,
    moments_from_matrix,
    wineland_xi2,
)
from ._trajectories import jump_operators, trajectories

__all__ = [
    "DickeSpace",
    "SpinMoments",
    "analytic_density_matrix",
    "analytic_steady_state",
    "collective_dynamics",
    "collective_liouvillian",
    "collective_steady_state",
    "css",
    "css_minus_x",
    "css_product_moments",
    "dicke_degeneracy",
    "effective_number",
    "integrate_moments",
    "moments_from_matrix",
    "pi_dynamics",
    "pi_liouvillian",
    "pi_moments",
    "pi_steady_state",
    "jump_operators",
    "steady_state_residual",
    "trajectories",
    "upsilon_critical",
    "wineland_xi2",
    "MinSqueezing",
    "cumulant_dynamics",
    "cumulant_observables",
    "min_transient_squeezing",
    "transient_minimum",
]
