"""The report's figures, regime maps and scaling fits run in worker processes, as a serial run would.

A user's claims file registers two figures (one that draws, one that raises); the workers load it
through ``$QDERIVE_CLAIMS`` like the claim checks do.
"""

from __future__ import annotations

import pytest

from verify import load_claims
from verify._report import _run_tasks

_FILE = """
from verify import Figure, register_figure


def _draw(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PNG stand-in drawn by a worker")


def _broken(path):
    raise RuntimeError("no data for this panel")


register_figure(Figure("artW.ok", "user2026", "draws", _draw))
register_figure(Figure("artW.broken", "user2026", "raises", _broken))
"""


@pytest.fixture(params=[1, 2])
def user_figures(request, tmp_path, monkeypatch):
    """(directory, workers): the file's figure names carry the worker count (one registry per session)."""
    f = tmp_path / "figs.py"
    f.write_text(_FILE.replace("artW", f"art{request.param}"))
    monkeypatch.setenv("QDERIVE_CLAIMS", str(f))
    monkeypatch.setenv("QDERIVE_CACHE", str(tmp_path / "cache"))
    load_claims(str(f))
    return tmp_path, request.param


def test_figures_drawn_in_workers_and_a_failing_one_is_reported_not_fatal(user_figures):
    tmp, workers = user_figures
    out = tmp / "report"
    ok, broken = f"art{workers}.ok", f"art{workers}.broken"
    res = _run_tasks([("figure", n, (n, str(out))) for n in (ok, broken)], workers)
    assert res["figure", ok] == (ok, f"figures/{ok}.png", None)
    assert (out / "figures" / f"{ok}.png").read_bytes().startswith(b"PNG stand-in")
    name, path, err = res["figure", broken]
    assert path is None and "no data for this panel" in err
