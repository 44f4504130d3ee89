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
"""

from ._cumulant import cumulant_evolve
from ._dynamics import evolve, ramsey, xi2_minimum
from ._open import open_evolve
from ._product import product_space_evolve
from ._sector import sector_hamiltonian

__all__ = [
    "cumulant_evolve",
    "evolve",
    "open_evolve",
    "product_space_evolve",
    "ramsey",
    "sector_hamiltonian",
    "xi2_minimum",
]
