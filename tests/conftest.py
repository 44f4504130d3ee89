"""Shared test configuration: non-interactive plotting, an isolated check cache."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    os.environ["QDERIVE_CACHE"] = str(tmp_path_factory.mktemp("qderive-cache"))
    yield
