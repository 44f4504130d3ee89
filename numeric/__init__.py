"""Exact solvers and metrology quantities (numpy, scipy, numba).

Nothing here imports sympy, :mod:`derive` or :mod:`verify`.
"""

from ._generic import mesolve, sesolve, solve, steadystate
from ._observables import (
    SpinMoments,
    effective_atom_number,
    kitagawa_ueda_xi2,
    min_perpendicular_variance,
    wineland_xi2,
)
from ._pi_dicke import (
    DickeBasis,
    DrivenDicke,
    LocalRates,
    dicke_basis,
    driven_dicke,
    local_dissipator,
    pi_evolve,
    pi_expect,
    pi_liouvillian,
    pi_moments,
    pi_steady_state,
)
from ._qfi import qfi_eig, qfi_factor, qfi_pure, qfi_variance, tr_rho_g_squared
from ._qutip import as_state, from_qobj, to_qobj
from ._result import Convergence, ParameterError, Result
from ._spin import (
    coherent_spin_state,
    css_amplitudes,
    dicke_m,
    jplus_ladder,
    reflection,
    rotation,
    spin_block,
    spin_operators,
)
from ._system import System, build
from .metrology import classical_fisher, classical_fisher_basis, fisher_from_probabilities

__all__ = [
    "Convergence",
    "DickeBasis",
    "DrivenDicke",
    "LocalRates",
    "ParameterError",
    "Result",
    "SpinMoments",
    "classical_fisher",
    "classical_fisher_basis",
    "coherent_spin_state",
    "css_amplitudes",
    "dicke_basis",
    "dicke_m",
    "driven_dicke",
    "effective_atom_number",
    "fisher_from_probabilities",
    "jplus_ladder",
    "kitagawa_ueda_xi2",
    "local_dissipator",
    "min_perpendicular_variance",
    "pi_evolve",
    "pi_expect",
    "pi_liouvillian",
    "pi_moments",
    "pi_steady_state",
    "qfi_eig",
    "qfi_factor",
    "qfi_pure",
    "qfi_variance",
    "reflection",
    "rotation",
    "spin_block",
    "spin_operators",
    "tr_rho_g_squared",
    "wineland_xi2",
]
__all__ += ["System", "build", "mesolve", "sesolve", "solve", "steadystate"]
__all__ += ["as_state", "from_qobj", "to_qobj"]
