"""sharma2025 molecular-state elimination (A5)-(A9): symbolic steps and an exact small system."""

from __future__ import annotations

import numpy as np
import pytest

from derive.sharma._ae import molecular_elimination, molecular_elimination_derivation


def test_every_printed_equation_of_appendix_a1_is_reproduced_including_factor_2_of_A8b():
    d = molecular_elimination_derivation()
    bad = [str(c) for c in d.comparisons() if not c.equal]
    assert bad == []
    assert {c.label for c in d.comparisons()} >= {
        "(A5a)",
        "(A5b)",
        "(A5c)",
        "(A7)",
        "(A8a)",
        "(A8b)",
        "(A9)",
        "(A8b) via (A9)",
        "Eq. (4)",
    }


def test_molecular_elimination_regime_is_large_detuning():
    el = molecular_elimination()
    assert el.regime and all(c.relation == ">>" for c in el.regime)
    assert str(el.regime[0].lhs) == "Delta_A"


@pytest.mark.parametrize("n_photons", [1, 3])
def test_pair_energy_shift_matches_exact_diagonalisation_of_the_molecular_coupling(n_photons):
    # independent route: exact eigenvalue of the 2x2 block {|n photons, 2 atoms, 0 molecules>,
    # |n-1, 0, 1>} of H' (A6) with coupling <n-1,0,1| -i Omega_R f Psi_D^dag Psi^2 a |n,2,0>
    # = -i Omega_R f sqrt(2) sqrt(n); H_eff (A9) predicts the shift U0 f^2 n * 2 (Psi^dag^2 Psi^2 = 2)
    om, f, dA, dc = 0.3, 0.8, 200.0, 1.0
    n = n_photons
    c = -1j * om * f * np.sqrt(2 * n)
    h = np.array([[-dc * n, np.conj(c)], [c, -dc * (n - 1) - dA]])
    ev = np.linalg.eigvalsh(h)
    shift = ev[np.argmin(abs(ev + dc * n))] + dc * n
    u0 = om**2 / dA
    # corrections: Delta_c/Delta_A and (coupling/Delta_A)^2, both <= 1e-2 here
    assert shift == pytest.approx(u0 * f**2 * n * 2, rel=1e-2)
