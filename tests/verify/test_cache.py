"""The check cache and the sweep store never hide a change: keys, checksums, concurrent writers, maintenance."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from verify import CheckOutcome, Claim, _cache, _registry
from verify._run import _entry_path, run_claim
from verify.cli import main


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("QDERIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QDERIVE_CLAIMS", "")
    before = set(_registry._ADDED)
    yield tmp_path / "cache"
    for mod in set(_registry._ADDED) - before:
        _registry._remove(_registry._ADDED.pop(mod))
        sys.modules.pop(mod, None)
    for key in [k for k, (m, _) in _registry._LOADED.items() if m not in _registry._ADDED]:
        _registry._LOADED.pop(key)


def _counting_claim(cid: str = "test.counted") -> tuple[Claim, list[int]]:
    calls: list[int] = []

    def numeric() -> CheckOutcome:
        calls.append(1)
        return CheckOutcome("pass", "ok", worst_error=0.0)

    return Claim(cid, "test", "-", "counted", numeric=numeric), calls


def test_a_garbled_or_truncated_entry_is_reported_in_one_line_and_recomputed(cache, capsys):
    c, calls = _counting_claim()
    run_claim(c)
    path = _entry_path(c, False)
    assert path.exists() and len(calls) == 1
    run_claim(c)
    assert len(calls) == 1  # served from the cache
    text = path.read_text()
    path.write_text(text[: len(text) // 2])  # truncated mid-write
    rep = run_claim(c)
    err = capsys.readouterr().err
    assert rep.ok and len(calls) == 2
    assert (
        err.count("\n") == 1
        and "qderive: warning: cache entry" in err
        and "corrupted; recomputing" in err
    )
    assert _cache.read_entry(path) is not None  # rewritten whole
    entry = json.loads(path.read_text())
    entry["payload"] = entry["payload"].replace('"pass"', '"fail"')  # valid JSON, wrong checksum
    path.write_text(json.dumps(entry))
    assert run_claim(c).ok and len(calls) == 3
    assert "corrupted; recomputing" in capsys.readouterr().err


def test_a_dependency_or_python_version_change_changes_the_key_and_recomputes(cache, monkeypatch):
    c, calls = _counting_claim("test.deps")
    base = _cache.code_version()
    run_claim(c)
    key = _entry_path(c, False)
    real = _cache.dependency_versions()
    monkeypatch.setattr(_cache, "dependency_versions", lambda: {**real, "numpy": "0.0.1"})
    assert _cache.code_version() != base and _entry_path(c, False) != key
    run_claim(c)
    assert len(calls) == 2  # not served from the entry of the other numpy
    monkeypatch.setattr(_cache, "dependency_versions", lambda: real)
    assert _cache.code_version() == base
    monkeypatch.setattr(_cache.platform, "python_version", lambda: "3.99.0")
    assert _cache.code_version() != base


def test_the_key_covers_every_dependency_and_python():
    env = _cache.environment()
    assert set(env) == {"python", "numpy", "scipy", "sympy", "numba", "mpmath", "qutip"}
    assert env["numpy"] and env["python"].count(".") == 2


def test_no_cache_recomputes_and_refreshes_the_stored_result(cache, capsys, tmp_path, user_claim):
    f = tmp_path / "mine.py"
    f.write_text(user_claim("user.nc", 1.0))
    assert main(["--claims", str(f), "verify", "user.nc"]) == 0
    c = _registry.claim("user.nc")
    path = _entry_path(c, True)
    payload, meta = _cache.read_entry(path)
    payload["numeric"]["status"] = "fail"  # a stale wrong result, checksum intact
    _cache.write_entry(path, payload, meta)
    assert main(["--claims", str(f), "verify", "user.nc"]) == 1
    assert main(["--claims", str(f), "verify", "--no-cache", "user.nc"]) == 0
    assert main(["--claims", str(f), "verify", "user.nc"]) == 0  # the refreshed entry
    capsys.readouterr()


def test_cache_info_prune_and_clear(cache, capsys):
    c, _ = _counting_claim("test.maint")
    run_claim(c)
    old = cache / "checks" / "0123456789abcdef"
    _cache.write_entry(old / "x.y@00.json", {"a": 1})
    assert main(["cache", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (
        info["entries"] == 2
        and info["size_bytes"] > 0
        and info["location"] == str(cache / "checks")
    )
    assert {v["code_version"] for v in info["versions"]} == {info["current"], "0123456789abcdef"}
    assert main(["cache", "prune"]) == 0
    assert "pruned 1 entries" in capsys.readouterr().out
    assert not old.exists() and _entry_path(c, False).exists()
    assert main(["cache", "clear"]) == 0
    assert "cleared 1 entries" in capsys.readouterr().out
    assert main(["cache", "info"]) == 0
    assert "0 entries" in capsys.readouterr().out


_CACHE_WRITER = """
import sys
from pathlib import Path
from verify._cache import write_entry
root, tag = Path(sys.argv[1]), sys.argv[2]
for i in range(150):
    write_entry(root / f"{tag}-{i}.json", {"tag": tag, "i": i, "pad": "x" * 2000})
    write_entry(root / f"shared-{i % 25}.json", {"tag": tag, "i": i, "pad": "y" * 2000})
"""

_STORE_WRITER = """
import sys
from verify.sweep._store import CellStore, cell_key
path, tag = sys.argv[1], sys.argv[2]
with CellStore(path, timeout=0.05) as db:   # a short busy timeout: the retries must carry the load
    for i in range(300):
        p = {"i": i, "tag": tag}
        db.put(cell_key("t", p, "c"), "t", p, "c", [float(i)] * 50)
"""


def _two_processes(script: str, *args: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *args, tag],
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err


def test_two_processes_writing_one_cache_dir_at_once_lose_nothing(tmp_path):
    root = tmp_path / "entries"
    _two_processes(_CACHE_WRITER, str(root))
    files = sorted(root.iterdir())
    assert len(files) == 2 * 150 + 25 and not [f for f in files if f.suffix == ".tmp"]
    for f in files:
        payload, _ = _cache.read_entry(f)  # every entry whole, checksum valid
        assert payload["tag"] in ("a", "b")


def test_two_processes_writing_one_sweep_store_at_once_lose_nothing(tmp_path):
    from verify.sweep._store import MISSING, CellStore, cell_key

    path = tmp_path / "cells.sqlite"
    _two_processes(_STORE_WRITER, str(path))
    with CellStore(path) as db:
        assert db.count("t") == 600
        for tag in ("a", "b"):
            for i in (0, 151, 299):
                assert db.get(cell_key("t", {"i": i, "tag": tag}, "c")) == [float(i)] * 50
        assert db.get(cell_key("t", {"i": 300, "tag": "a"}, "c")) is MISSING


def test_a_corrupted_sweep_cell_is_reported_and_recomputed(tmp_path, capsys):
    from verify.sweep import run_cells

    path = tmp_path / "cells.sqlite"
    calls: list[float] = []

    def f(p):
        calls.append(p["x"])
        return p["x"] ** 2

    cells = [{"x": 1.0}, {"x": 2.0}]
    run_cells(f, cells, task="test:sq", store=path, scheduler="serial", progress=False, code="c")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE cells SET value = '5.0' WHERE params LIKE '%\"2.0\"%'")
    out = run_cells(
        f, cells, task="test:sq", store=path, scheduler="serial", progress=False, code="c"
    )
    assert out.values == (1.0, 4.0) and out.computed == 1 and calls == [1.0, 2.0, 2.0]
    err = capsys.readouterr().err
    assert "qderive: warning: cache entry" in err and "corrupted; recomputing" in err


def test_the_sweep_key_covers_the_source_of_the_claim_file(tmp_path, cache, user_claim):
    from verify.sweep._store import code_version

    f = tmp_path / "mine.py"
    f.write_text(user_claim("user.sw", 1.0))
    _registry.load_claims(str(f))
    v1 = code_version("regime:user.sw")
    assert v1 != code_version() and code_version("regime:sharma.eq8") == code_version(
        "regime:sharma.eq8"
    )
    f.write_text(user_claim("user.sw", 2.0))
    _registry.load_claims(str(f))
    assert code_version("regime:user.sw") != v1
