"""The exact sharma2025 ``eval`` quantities as plain functions of numbers (no sympy, no derive).

``qderive eval sharma.qfi ...`` imports this module alone, so an exact evaluation pays for the
solver it calls and nothing else; the claim modules register these functions.
"""

from __future__ import annotations


def qfi_quantity(N, U, W0, Delta_c, eta, t, kappa=0.0, alpha2=0.0, pump_off=None):
    """Exact F_Q(t) of the atoms: lossless (closed-form state) or with photon loss / pump switch-off."""
    # "auto": the O(sqrt N) route F_Q = 4<J_y^2>, exact by the reflection symmetry m -> -m of the
    # state (checked at run time, tested equal to Eq. (5)); Eq. (5) itself where the check fails
    method = "auto"
    if kappa == 0 and pump_off is None:
        from numeric.sharma import qfi_lossless

        return qfi_lossless(N, U, W0, Delta_c, eta, t, alpha2=alpha2, method=method)["qfi"]
    from numeric.sharma import qfi_lossy

    return qfi_lossy(
        N, U, W0, Delta_c, eta, t, kappa=kappa, alpha2=alpha2, pump_off=pump_off, method=method
    )["qfi"]
