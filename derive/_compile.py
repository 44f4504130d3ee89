"""The one place where sympy expressions become numpy functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import sympy as sp

__all__ = ["compile_expr"]


@lru_cache(maxsize=256)
def _compile(expr: sp.Basic, params: tuple[sp.Symbol, ...]) -> Callable:
    return sp.lambdify(params, expr, modules=["numpy", "scipy"], cse=True)


def compile_expr(expr: sp.Basic, params: Sequence[sp.Symbol]) -> Callable[..., np.ndarray]:
    """Compile ``expr`` into a vectorised numpy function of ``params`` (cached).

    The returned callable takes keyword arguments named after the symbols, so a
    closed form and an exact solver share one calling convention.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> f = compile_expr(x * sp.exp(y), (x, y))
    >>> float(f(x=2.0, y=0.0))
    2.0
    """
    params = tuple(params)
    fn = _compile(expr, params)
    names = [p.name for p in params]

    def evaluator(**kwargs: object) -> np.ndarray:
        missing = [n for n in names if n not in kwargs]
        if missing:
            raise TypeError(f"missing parameter(s): {', '.join(missing)}")
        args = [np.asarray(kwargs[n], dtype=float) for n in names]
        return np.asarray(fn(*args))

    evaluator.__name__ = f"compiled_{abs(hash(expr)) % 10**8}"
    evaluator.parameters = tuple(names)  # type: ignore[attr-defined]
    return evaluator
