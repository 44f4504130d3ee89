"""sundar2023: exact dynamics of two collective spins coupled through a cavity (Eq. (1)).

Public surface
--------------
evolve              exact n(t), xi^2(t) and collective-spin moments in the conserved sector
ramsey              exact Ramsey (Delta phi)^2 of both protocols of Fig. 2
xi2_minimum         minimum over t of the exact xi^2 (Fig. 1(d))
sector_hamiltonian  the tridiagonal sector Hamiltonian
product_space_evolve  brute-force reference on the (N/2+1)^2 product space
open_evolve         exact Lindblad dynamics with collective decay Gamma and emission gamma: two-ensemble
                    permutation-symmetric (PIQS) blocks, N <= 32 (method='product': 2^N brute force)
cumulant_evolve     integrator of the compiled second-order cumulant equations (any N)

The public names load on first use (PEP 562): importing the package loads no solver module
and no numba kernel until one of its names is used.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_WHERE = {
    "cumulant_evolve": "._cumulant",
    "evolve": "._dynamics",
    "open_evolve": "._open",
    "product_space_evolve": "._product",
    "ramsey": "._dynamics",
    "sector_hamiltonian": "._sector",
    "xi2_minimum": "._dynamics",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
