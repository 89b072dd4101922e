"""The Python code passes ruff with the settings in pyproject.toml (unused imports, unused
variables, import order, likely bugs). ruff is pinned in requirements.txt."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format",
                          "concise", "actlib", "tools", "tests", "benchmarks"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
