"""sharma2025 figures not drawn by the claim modules: Fig. 2b (Husimi), Fig. 3b-c (coherent photons), Fig. 6 (Mandel Q).

Each figure is drawn from the public solvers; the notebook ``notebooks/sharma2025.ipynb``
draws every registered sharma2025 figure.
"""

from __future__ import annotations

import numpy as np

from .._records import Figure
from .._registry import quantity, register_figure

PAPER = "sharma2025"


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _draw_fig2b(path) -> None:
    """Husimi Q(theta, phi) at t = 1/(4 U sqrt(N)), N = 100: with the cavity (eta = 320) and bare OAT."""
    from numeric.metrology import husimi_q
    from numeric.sharma import atomic_state

    plt = _plt()
    N = 100
    t = np.array([1.0 / (4.0 * np.sqrt(N))])
    th = np.linspace(0, np.pi, 91)
    ph = np.linspace(-np.pi, np.pi, 181)
    TH, PH = np.meshgrid(th, ph, indexing="ij")
    fig, axs = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, (W0, title) in zip(
        axs, ((1.0, "cavity, $W_0$ = 1, $\\eta$ = 320"), (0.0, "OAT, $W_0$ = 0")), strict=True
    ):
        rho = atomic_state(N, 1.0, W0, 1.0, 320.0, t)[0]
        q = husimi_q(rho, TH, PH)
        im = ax.pcolormesh(PH, TH, q, shading="auto")
        fig.colorbar(im, ax=ax)
        ax.set_xlabel("$\\phi$")
        ax.set_ylabel("$\\theta$")
        ax.set_title(title)
    fig.suptitle("sharma2025 Fig. 2b / 3a: Husimi Q at $t = 1/(4U\\sqrt{N})$, N = 100")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _draw_fig3(path) -> None:
    """Coherent photons |alpha|^2 = 40, N = 100: exact QFI, (D3) and OAT; with loss kappa tau_C = 0.5 x (0.1, 1, 10)."""
    from numeric.sharma import qfi_lossless, qfi_lossy

    plt = _plt()
    N, a2 = 100, 40.0
    tc = float(quantity("sharma.tau_C").func(N=N, W0=1.0, alpha2=a2))
    t = np.linspace(0.0, 6.0 * tc, 121)
    f = np.exp(-2 * (t / tc) ** 2)
    d3 = N / 2 * (1 + f) + N**2 / 2 * (1 - f)
    fig, (a1, a2x) = plt.subplots(1, 2, figsize=(10, 3.8))
    a1.plot(
        t, qfi_lossless(N, 1.0, 1.0, 1.0, 0.0, t, alpha2=a2)["qfi"] / N**2, "k", lw=2, label="exact"
    )
    a1.plot(t, d3 / N**2, "g--", label="Eq. (D3)")
    a1.plot(t, qfi_lossless(N, 1.0, 0.0, 1.0, 0.0, t)["qfi"] / N**2, "b", label="OAT")
    a2x.plot(
        t,
        qfi_lossless(N, 1.0, 1.0, 1.0, 0.0, t, alpha2=a2)["qfi"] / N**2,
        "k",
        lw=2,
        label="$\\kappa$ = 0",
    )
    for k, style in ((0.05, "0.5"), (0.5, "C1"), (5.0, "r-.")):
        r = qfi_lossy(N, 1.0, 1.0, 1.0, 0.0, t, kappa=k / tc, alpha2=a2)
        a2x.plot(t, r["qfi"] / N**2, style, label=f"$\\kappa\\tau_C$ = {k:g}")
    for ax in (a1, a2x):
        ax.axvline(tc, color="r", ls=":")
        ax.set_xlabel("$t$ ($U^{-1}$)")
        ax.set_ylabel("$F_Q/N^2$")
        ax.legend(fontsize=8)
    fig.suptitle(
        f"sharma2025 Fig. 3b-c: coherent photons $|\\alpha|^2$ = 40, N = 100, "
        f"$\\tau_C$ = {tc:.4g} (Eq. (D4))"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _draw_fig6(path) -> None:
    """Mandel Q and photon number with tunnelling, N = 20, (U, W0, Delta_c, J) = (0.2, 0.5, 3.25, 2), eta = 2."""
    from numeric.metrology import mandel_q
    from numeric.sharma import evolve_atom_cavity

    plt = _plt()
    t = np.linspace(0.05, 6.0, 60)
    r = evolve_atom_cavity(20, 0.2, 0.5, 3.25, 2.0, t, J=2.0, n_max=100, tol=1e-6)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
    a1.plot(t, mandel_q(r["nbar"], r["n2"]), "k")
    a1.axhline(0, color="0.5", lw=0.8)
    a1.set_ylabel("Mandel Q")
    a2.plot(t, r["nbar"], "k")
    a2.set_ylabel("$\\langle a^\\dagger a\\rangle$")
    for ax in (a1, a2):
        ax.set_xlabel("$t$")
    fig.suptitle(
        "sharma2025 Fig. 6: N = 20, (U, $W_0$, $\\Delta_c$, J) = (0.2, 0.5, 3.25, 2), "
        f"$\\eta$ = 2 (photon cutoff {r.convergence[0].value:g})"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


register_figure(
    Figure(
        "sharma_fig2b",
        PAPER,
        "Husimi Q(theta, phi) of the exact atomic state at "
        "t = 1/(4U sqrt(N)), N = 100: with the cavity (non-Gaussian, spread around the equator) "
        "and bare one-axis twisting (Fig. 3a).",
        _draw_fig2b,
    )
)
register_figure(
    Figure(
        "sharma_fig3",
        PAPER,
        "Coherent photons |alpha|^2 = 40, N = 100: exact QFI, the "
        "closed form (D3) with tau_C of (D4), OAT; and with photon loss kappa tau_C = 0.05, "
        "0.5, 5.",
        _draw_fig3,
    )
)
register_figure(
    Figure(
        "sharma_fig6",
        PAPER,
        "Mandel Q and photon number with tunnelling J = 2 "
        "(brute-force atom x Fock evolution, cutoff checked).",
        _draw_fig6,
        slow=True,
    )
)
