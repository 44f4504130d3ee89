"""Every notebook in notebooks/ runs top to bottom against the public API (reduced size)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_reproduces_its_figures(path, tmp_path, monkeypatch):
    monkeypatch.setenv("QDERIVE_NB_QUICK", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert list(tmp_path.glob("*.png")), "the notebook drew no figure"


def test_there_is_a_notebook_per_paper_started():
    assert any(p.stem.startswith("sharma2025") for p in NOTEBOOKS)
    assert os.environ.get("QDERIVE_NB_QUICK") in (None, "1")
