"""A physicist's own model, end to end: the README's two textbook user files, checked by qderive.

Each file declares a Model, derives (eliminate / asymptotics), compiles, solves exactly with the
generic solvers and registers its claim; ``qderive --claims FILE verify`` checks it.  A file
edited to be wrong must fail on the next run, with no cache cleared by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "notebooks" / "examples"


def _qderive(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QDERIVE_CACHE": str(cache), "MPLBACKEND": "Agg"}
    env.pop("QDERIVE_CLAIMS", None)
    return subprocess.run(
        [sys.executable, "-m", "verify.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_purcell_rate_of_the_eliminated_cavity_matches_the_exact_master_equation(tmp_path):
    user = tmp_path / "purcell.py"
    user.write_text((EXAMPLES / "purcell.py").read_text())
    ok = _qderive("--claims", str(user), "verify", "purcell.rate", cache=tmp_path / "c")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "symbolic pass" in ok.stdout and "numeric pass" in ok.stdout
    # the same file with the rate off by a factor 2: the next run fails, same cache directory
    text = user.read_text().replace("closed=ELIM.jumps[0].rate", "closed=2 * ELIM.jumps[0].rate")
    assert text != user.read_text()
    user.write_text(text)
    bad = _qderive("--claims", str(user), "verify", "purcell.rate", cache=tmp_path / "c")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "numeric fail" in bad.stdout


def test_superradiant_peak_time_exponent_is_checked_and_a_wrong_exponent_fails(tmp_path):
    # reduced N range (the file's own two decades run in the notebook and by hand: b = 1.096)
    src = (
        (EXAMPLES / "superradiance.py")
        .read_text()
        .replace("N=(10, 20, 40, 80, 160, 320, 640, 1000)", "N=(40, 80, 160, 320)")
    )
    good, wrong = tmp_path / "sr_good.py", tmp_path / "sr_wrong.py"
    good.write_text(src)
    # a factor 2 in t_peak = 2 ln N / (N Gamma) gives the derived exponent b = 2
    wrong.write_text(src.replace("T_PEAK = sp.log(N.symbol)", "T_PEAK = 2 * sp.log(N.symbol)"))
    ok = _qderive("--claims", str(good), "verify", "superradiance.t_peak", cache=tmp_path / "c")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _qderive("--claims", str(wrong), "verify", "superradiance.t_peak", cache=tmp_path / "c")
    assert bad.returncode == 1 and "derived b = 2" in bad.stdout, bad.stdout + bad.stderr


def test_each_user_file_is_at_most_sixty_lines():
    for f in EXAMPLES.glob("*.py"):
        assert len(f.read_text().splitlines()) <= 60, f.name
