"""Run a block of dense linear algebra on one BLAS thread.

Why: on a shared, oversubscribed machine (more runnable processes than cores) OpenBLAS's
threaded ``dgeqrf`` spins waiting for its worker threads; the blocked QR of the sector
forms then took 3-6 s instead of 0.3 s at N = 10^5 (measured, load ~6 on 2 cores).  The
sector solver's heavy parts are already parallel in numba, so the QR runs single-threaded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from threadpoolctl import threadpool_limits

__all__ = ["single_thread_blas"]


@contextlib.contextmanager
def single_thread_blas() -> Iterator[None]:
    """Limit the BLAS libraries loaded by numpy/scipy to one thread inside the block (threadpoolctl)."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
