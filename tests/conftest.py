"""Shared test configuration: non-interactive plotting, an isolated check cache."""

from __future__ import annotations

import os

# single-threaded BLAS: on a loaded 2-core machine threaded OpenBLAS slows dense eigh 100x
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    os.environ["QDERIVE_CACHE"] = str(tmp_path_factory.mktemp("qderive-cache"))
    yield
