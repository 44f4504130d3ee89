"""tucker2020 second-order cumulants in scaled variables, emitted as the numba kernel of numeric.tucker.

The closed Gaussian equations of Eq. (1) (``tucker_cumulant_system(2)``) are rewritten in the
Bloch vector m = 2<J>/N and the O(1) scaled pair cumulants c_ab (``derive.cumulants.
scale_cumulants``), differentiated for the exact Jacobian, and printed as numba source into
``numeric/tucker/_cum_kernel.py`` (parameters p = (N, Gamma, chi, Omega, gamma_s)).
Regenerate with ``python -m derive.tucker._cum_kernel``; a test checks the file is current.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from derive.cumulants import ScaledCumulants, numba_kernel_source, scale_cumulants

from ._cumulant import tucker_cumulant_system
from ._model import Gamma, N, Omega, chi, gamma_s

__all__ = ["KERNEL_PARAMS", "scaled_cumulant_system", "cumulant_kernel_source", "KERNEL_PATH"]

KERNEL_PARAMS = (N, Gamma, chi, Omega, gamma_s)
"""Order of the parameter vector ``p`` of the generated kernel."""

KERNEL_PATH = Path(__file__).resolve().parents[2] / "numeric" / "tucker" / "_cum_kernel.py"

_HEADER = (
    "Second-order cumulant equations of tucker2020 (Eq. (1)) in scaled variables, compiled.\n\n"
    "y = (m_x, m_y, m_z, c_xx, c_xy, c_xz, c_yy, c_yz, c_zz): m = 2<J>/N and\n"
    "Cov(J_a, J_b) = (N/4)(delta_ab - m_a m_b + c_ab); p = (N, Gamma, chi, Omega, gamma_s).\n"
    "Derived by derive.tucker.scaled_cumulant_system (exact Heisenberg equations, third\n"
    "cumulants dropped); tucker_rhs is dy/dt, tucker_jac its exact Jacobian.\n"
)


@cache
def scaled_cumulant_system() -> ScaledCumulants:
    """The Gaussian-closed moment equations of Eq. (1) in (m, c) variables, with their Jacobian."""
    return scale_cumulants(tucker_cumulant_system(2).system)


def cumulant_kernel_source() -> str:
    """Source text of ``numeric/tucker/_cum_kernel.py`` (deterministic)."""
    s = scaled_cumulant_system()
    extra = set(s.parameters()) - set(KERNEL_PARAMS)
    if extra:
        raise ValueError(f"unexpected parameters {extra}")
    return numba_kernel_source(
        s.rhs, s.jacobian, s.variables, KERNEL_PARAMS, prefix="tucker", header=_HEADER
    )


if __name__ == "__main__":  # pragma: no cover - regeneration entry point
    KERNEL_PATH.write_text(cumulant_kernel_source())
    print(f"wrote {KERNEL_PATH}")
