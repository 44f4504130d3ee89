"""tucker2020 derivations: bad-cavity elimination, mean field, analytic steady state, Eq. (4), cumulants.

Model (Eqs. (1)-(2)): d rho/dt = -i[chi J+J- + Omega J_x, rho] + Gamma L[J-] rho
+ gamma_s sum_i L[sigma_i^-] rho, Upsilon = 2 Omega / N.
"""

from ._cavity import (
    CHI_PRINTED,
    GAMMA_PRINTED,
    ae_combined_derivation,
    ae_derivation,
    cavity_elimination,
)
from ._cum_kernel import KERNEL_PARAMS, cumulant_kernel_source, scaled_cumulant_system
from ._cumulant import tucker_cumulant_system
from ._meanfield import (
    UPSILON_C_PRIME_PRINTED,
    UPSILON_C_PRINTED,
    fixed_point_condition,
    meanfield_equations,
    meanfield_site_equations,
    meanfield_steady_direction,
    s_x,
    s_y,
    s_z,
    upsilon_c_derivation,
    upsilon_c_prime_derivation,
)
from ._model import Gamma, N, Omega, Upsilon, chi, g, gamma_s, model_operators
from ._squeezing import eq4_derivation, neff_derivation, xi2_derivation
from ._steady import beta_derivation, liouvillian_residual

__all__ = [
    "KERNEL_PARAMS",
    "cumulant_kernel_source",
    "meanfield_steady_direction",
    "scaled_cumulant_system",
    "CHI_PRINTED",
    "GAMMA_PRINTED",
    "UPSILON_C_PRIME_PRINTED",
    "UPSILON_C_PRINTED",
    "Gamma",
    "N",
    "Omega",
    "Upsilon",
    "ae_combined_derivation",
    "ae_derivation",
    "beta_derivation",
    "cavity_elimination",
    "chi",
    "eq4_derivation",
    "eq4_derivation",
    "fixed_point_condition",
    "g",
    "gamma_s",
    "liouvillian_residual",
    "meanfield_equations",
    "meanfield_site_equations",
    "model_operators",
    "neff_derivation",
    "s_x",
    "s_y",
    "s_z",
    "tucker_cumulant_system",
    "upsilon_c_derivation",
    "upsilon_c_prime_derivation",
    "xi2_derivation",
]
