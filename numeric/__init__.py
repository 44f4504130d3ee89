"""Exact solvers and metrology quantities (numpy, scipy, numba).

Nothing here imports sympy, :mod:`derive` or :mod:`verify`.  The public names load on first use
(PEP 562): ``import numeric`` costs nothing beyond numpy, and a caller that needs one solver does not
compile or load the numba kernels of the others.
"""

from __future__ import annotations

from ._lazy import lazy_exports

_WHERE = {
    "Convergence": "._result",
    "DickeBasis": "._pi_dicke",
    "DrivenDicke": "._pi_dicke",
    "LocalRates": "._pi_dicke",
    "ParameterError": "._result",
    "Result": "._result",
    "SpinMoments": "._observables",
    "System": "._system",
    "as_state": "._qutip",
    "build": "._system",
    "classical_fisher": ".metrology",
    "classical_fisher_basis": ".metrology",
    "coherent_spin_state": "._spin",
    "css_amplitudes": "._spin",
    "dicke_basis": "._pi_dicke",
    "dicke_m": "._spin",
    "driven_dicke": "._pi_dicke",
    "effective_atom_number": "._observables",
    "fisher_from_probabilities": ".metrology",
    "from_qobj": "._qutip",
    "jplus_ladder": "._spin",
    "kitagawa_ueda_xi2": "._observables",
    "local_dissipator": "._pi_dicke",
    "mesolve": "._generic",
    "min_perpendicular_variance": "._observables",
    "pi_evolve": "._pi_dicke",
    "pi_expect": "._pi_dicke",
    "pi_liouvillian": "._pi_dicke",
    "pi_moments": "._pi_dicke",
    "pi_steady_state": "._pi_dicke",
    "qfi_eig": "._qfi",
    "qfi_factor": "._qfi",
    "qfi_pure": "._qfi",
    "qfi_variance": "._qfi",
    "reflection": "._spin",
    "rotation": "._spin",
    "sesolve": "._generic",
    "solve": "._generic",
    "spin_block": "._spin",
    "spin_operators": "._spin",
    "steadystate": "._generic",
    "to_qobj": "._qutip",
    "tr_rho_g_squared": "._qfi",
    "wineland_xi2": "._observables",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
