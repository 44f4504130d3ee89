"""The numeric spec of a model: plain data, no sympy, the contract between ``derive`` and ``numeric``.

:meth:`derive.Model.compile` turns a symbolic model and numbers for its parameters into a
:class:`Spec`: degrees of freedom, and the Hamiltonian, jump operators, conserved quantities
and observables as sums of products of *elementary operators*, each product a tuple of
``(dof, op, power)`` factors with a complex coefficient.  Nothing in a spec is a sympy
object, so :mod:`numeric` (which never imports sympy or :mod:`derive`) reads it by its
attribute names and builds sparse matrices in its own basis.

Elementary operators, by kind of degree of freedom:

========  ===============================  =====================================================
kind      ``op``                           meaning
========  ===============================  =====================================================
spin      ``"+"``, ``"-"``, ``"z"``        collective S^+, S^-, S^z of ``size`` spin-1/2 atoms
boson     ``"a"``, ``"ad"``                annihilation a and creation a^dag
levels    ``"i,j"`` (two labels)           the transition |i><j| between labels of ``labels``
========  ===============================  =====================================================

Conventions (stated once, here): tensor factors in the order of ``Spec.dofs`` (the first is
the most significant index, as in QuTiP); a dissipator is ``rate * D[L]`` with
``D[L] rho = L rho L^dag - {L^dag L, rho}/2``; a local jump ``kind`` on a spin ensemble is
``rate * sum_i D[sigma_i^kind]`` with ``sigma^- = |g><e|``, ``sigma^+ = |e><g|`` and
``sigma^z = |e><e| - |g><g|`` (Pauli, eigenvalues +-1); ``S^z = sum_i sigma_i^z / 2``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DofSpec", "Factor", "JumpSpec", "LocalJumpSpec", "Spec", "TermSpec"]

Factor = tuple[str, str, int]
"""``(dof name, elementary op, power)``, e.g. ``("a", "ad", 1)`` or ``("S", "+", 2)``."""


@dataclass(frozen=True, slots=True)
class DofSpec:
    """One degree of freedom.

    Parameters
    ----------
    kind
        ``"spin"`` (a collective spin of ``size`` two-level atoms), ``"boson"`` (a mode; ``size``
        is a Fock cutoff to use, or 0 to let the solver choose and converge it) or ``"levels"``
        (a few-level system with ``size == len(labels)``).
    name
        Its name in the factors of every term.
    size
        Atom number, Fock cutoff (number of Fock states kept; 0 = solver's choice) or level count.
    labels
        Level labels for ``"levels"``; basis index ``i`` is ``labels[i]``.
    """

    kind: str
    name: str
    size: int
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TermSpec:
    """``coeff * prod(factors)``, factors in operator order (leftmost acts last)."""

    coeff: complex
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class JumpSpec:
    """A dissipator ``rate * D[L]`` with ``L = sum(operator)``."""

    name: str
    rate: float
    operator: tuple[TermSpec, ...]


@dataclass(frozen=True, slots=True)
class LocalJumpSpec:
    """``rate * sum_i D[sigma_i^kind]`` on every atom of the spin ensemble ``dof``."""

    name: str
    dof: str
    kind: str
    rate: float


@dataclass(frozen=True, slots=True)
class Spec:
    """A model with numbers: what an exact solver needs, as plain data.

    Parameters
    ----------
    name
        The model's name.
    dofs
        The degrees of freedom, in tensor-product order.
    hamiltonian
        ``H`` as a sum of :class:`TermSpec` (Hermitian; checked by the solver).
    jumps
        Collective dissipators.
    local_jumps
        Per-atom dissipators on spin ensembles.
    conserved
        ``(name, terms)`` of operators commuting with ``H`` and every jump; solvers may use
        them to cut the space into sectors.
    observables
        ``(name, terms)`` of the operators whose expectation values a solver reports.
    params
        ``(name, value)`` of every parameter value the spec was compiled with.
    conventions
        The model's stated conventions (frame, sign choices), for the record.
    """

    name: str
    dofs: tuple[DofSpec, ...]
    hamiltonian: tuple[TermSpec, ...]
    jumps: tuple[JumpSpec, ...] = ()
    local_jumps: tuple[LocalJumpSpec, ...] = ()
    conserved: tuple[tuple[str, tuple[TermSpec, ...]], ...] = ()
    observables: tuple[tuple[str, tuple[TermSpec, ...]], ...] = ()
    params: tuple[tuple[str, float], ...] = ()
    conventions: tuple[str, ...] = ()

    def dof(self, name: str) -> DofSpec:
        """The degree of freedom called ``name``."""
        for d in self.dofs:
            if d.name == name:
                return d
        raise KeyError(f"no degree of freedom {name!r}; have {[d.name for d in self.dofs]}")
