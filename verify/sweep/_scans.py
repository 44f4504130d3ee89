"""Compatibility alias for older notebooks: the names of the modules that define registered scans.

Scans now live beside their claims (``verify/claims/*_scans.py``) and register themselves with
:func:`verify.sweep.register_scan`; ``from verify.sweep._scans import NAME`` still finds ``NAME`` in
whichever of those modules defines it.  New code imports from the defining module.
"""

from __future__ import annotations

import sys
from typing import Any


def __getattr__(name: str) -> Any:
    from ._specs import _SCANS, load_all

    load_all()
    for spec in _SCANS.values():
        mod = sys.modules.get(spec.func.__module__)
        if mod is not None and not name.startswith("__") and hasattr(mod, name):
            return getattr(mod, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
