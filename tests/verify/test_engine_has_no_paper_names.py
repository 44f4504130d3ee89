"""The engine is paper-agnostic: no paper name or key under verify/sweep/, verify/bench/ or in verify/cli.py.

What belongs to a paper (regime maps, scaling laws, scans, bench problems) registers itself beside
the paper's claims (verify/claims/, benchmarks/); comments and docstrings count too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "verify"
ENGINE = sorted([*(ROOT / "sweep").glob("*.py"), *(ROOT / "bench").glob("*.py"), ROOT / "cli.py"])
PAPER = re.compile(r"sharma|sundar|tucker|2025|2023|2020", re.IGNORECASE)


def test_the_engine_files_exist():
    names = {p.relative_to(ROOT).as_posix() for p in ENGINE}
    assert {"cli.py", "sweep/_cli.py", "sweep/_engine.py", "bench/_suite.py"} <= names


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_engine_file_names_no_paper(path):
    hits = [
        f"{i}: {line.strip()}"
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if PAPER.search(line)
    ]
    assert not hits, f"{path.relative_to(ROOT)} names a paper:\n" + "\n".join(hits)
