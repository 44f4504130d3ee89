"""The compiled evaluators behind the project's hand-written closed-form quantities.

The papers' claim modules register closed forms as small functions around a compiled derivation
result (``tau_q(N, W0, eta) = float(compiled(N=N, W0=W0, eta=eta))``).  This module declares, for
``qderive eval``'s index (:func:`verify._evalforms.declare_compiled`), which compiled evaluator each
of them is, so that a later ``eval`` runs that evaluator's generated source without sympy.  It is
imported by :func:`verify.load_all` after the claim modules; a declaration whose claim module no
longer has the function named here is skipped (``eval`` then calls the quantity's function, as
before), and ``tests/verify/test_eval_fast.py`` fails on it.
"""

from __future__ import annotations

from ._evalforms import declare_compiled

__all__ = ["declare_project_forms", "missing"]

missing: list[str] = []
"""Declarations that could not be made (their claim module changed)."""


def _sharma() -> None:
    from .claims import sharma_derive as sd
    from .claims import sharma_eq8 as s8

    declare_compiled("sharma.tau_Q", s8._tau_compiled, output="float", positive=("W0", "eta"))
    declare_compiled("sharma.eq8", s8._eq8_compiled, positive=("W0", "eta"))
    # the claim's closed form is _MID * tau_q: the same float product
    declare_compiled("sharma.eq9", s8._tau_compiled, output="float", scale=s8._MID)
    declare_compiled(
        "sharma.tau_C", lambda: sd._coherent_forms()[4], output="float", positive=("W0", "alpha2")
    )
    declare_compiled("sharma.B21-B34", lambda: sd._coherent_forms()[0])
    declare_compiled("sharma.B35-B40", lambda: s8._b39_forms()[2])
    declare_compiled("sharma.oat", sd._oat_compiled)


def _sundar() -> None:
    import sympy as sp

    from derive import compile_expr

    from .claims import sundar as su

    S = su._sym()

    def nbar():  # n = 2 sinh^2(N chi t/2), as nbar_upa computes it
        return compile_expr(2 * sp.sinh(S.N * S.chi * S.t / 2) ** 2, (S.N, S.chi, S.t))

    declare_compiled("sundar.eq5", lambda: su._eq5_compiled("derived"), inputs={"nbar": nbar})
    declare_compiled("sundar.eq6", lambda: su._eq6_compiled("derived"), output="float")


def _tucker() -> None:
    from .claims import tucker as tu

    declare_compiled("tucker.upsilon_c", tu._uc, output="float")
    declare_compiled("tucker.upsilon_c_prime", tu._ucp, output="float")


def declare_project_forms() -> None:
    """Make every declaration above that the claim modules still support."""
    for part in (_sharma, _sundar, _tucker):
        try:
            part()
        except (ImportError, AttributeError) as exc:
            missing.append(f"{part.__name__[1:]}: {type(exc).__name__}: {exc}")
