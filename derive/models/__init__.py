"""The papers' models, each declared once as a :class:`derive.Model`.

``sharma2025`` (atom pairs in a pumped cavity), ``sundar2023`` (two ensembles, pair
production), ``tucker2020`` (driven-dissipative collective spin with single-atom decay).
Each module's ``MODEL`` holds the parameters (the keyword names ``qderive eval`` takes),
the degrees of freedom, the Hamiltonian and the jumps; the paper's derivations take their
symbols from it.
"""

from __future__ import annotations

from .sharma import MODEL as sharma2025
from .sundar import MODEL as sundar2023
from .tucker import MODEL as tucker2020

__all__ = ["sharma2025", "sundar2023", "tucker2020"]
