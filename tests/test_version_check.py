"""Lesson 00's version check: it warns, naming the packages that differ from requirements.txt,
or saying that requirements.txt is not at hand (a notebook opened on its own, as in Colab),
and fails instead when ACTLIB_REQUIRE_PINS=1 (conftest.py sets it for `python -m pytest`, and
tools/build_notebooks.py for its kernels). Runs the lesson's own cells, from its Setup cell to
the cell after the check, in a fresh kernel of this venv with a requirements.txt of the test's
choosing next to it."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # tools/ is not a package: imported from its path

LESSON = ROOT / "notebooks" / "00_start_here.ipynb"
PINS = (ROOT / "requirements.txt").read_text(encoding="utf-8")
NUMPY_PIN = re.search(r"^numpy==(\S+)$", PINS, re.MULTILINE).group(1)


def _run_version_check(tmp_path, monkeypatch, requirements, require_pins):
    """(text of the check cell, its error or None, text of the next cell)."""
    nb = nbformat.read(LESSON, as_version=4)
    codes = [c for c in nb.cells if c.cell_type == "code"
             and build_notebooks.INSTALL_TAG not in c.metadata.get("tags", [])]
    [check] = [c for c in codes if "ACTLIB_REQUIRE_PINS" in c.source]
    nb.cells = codes[:codes.index(check) + 2]  # Setup ... the check and the cell after it
    (tmp_path / "notebooks").mkdir()
    if requirements is not None:
        (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    monkeypatch.setenv("ACTLIB_REQUIRE_PINS", require_pins)
    build_notebooks.execute(nb, tmp_path / "notebooks", timeout=120, allow_errors=True)
    check, after = nb.cells[-2:]
    errors = [o for o in check.outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in check.outputs)
    return text, errors[0] if errors else None, "".join(o.get("text", "") for o in after.outputs)


@pytest.mark.slow
def test_other_versions_warn_naming_them_and_fail_only_when_pins_are_required(
        tmp_path, monkeypatch):
    other = PINS.replace(f"numpy=={NUMPY_PIN}\n", "numpy==1.0.0\n")
    text, error, after = _run_version_check(tmp_path, monkeypatch, other, "0")
    assert error is None
    assert f"numpy          {NUMPY_PIN:10s} DIFFERS from 1.0.0" in text
    assert re.search(r"WARNING: not the environment the stored outputs were made with "
                     rf"\(differing: numpy {NUMPY_PIN} \(pinned: 1\.0\.0\)\)\.", text), text
    assert "pip install -r requirements.txt" in text
    assert after == "Not the pinned environment: see the warning above.\n"


@pytest.mark.slow
def test_other_versions_fail_when_pins_are_required(tmp_path, monkeypatch):
    other = PINS.replace(f"numpy=={NUMPY_PIN}\n", "numpy==1.0.0\n")
    text, error, _ = _run_version_check(tmp_path, monkeypatch, other, "1")
    assert error is not None and error.ename == "AssertionError"
    assert f"differing: numpy {NUMPY_PIN} (pinned: 1.0.0)" in error.evalue
    assert "run `pip install -r requirements.txt` from the project root" in error.evalue
    assert "WARNING" not in text


@pytest.mark.slow
def test_without_requirements_it_warns_or_fails_when_pins_are_required(tmp_path, monkeypatch):
    text, error, after = _run_version_check(tmp_path, monkeypatch, None, "0")
    assert error is None
    assert f"numpy          {NUMPY_PIN:10s} not compared" in text  # the versions are still listed
    assert "WARNING: not the environment the stored outputs were made with " \
           "(../requirements.txt not found)." in text
    assert after == "Not the pinned environment: see the warning above.\n"
    (tmp_path / "again").mkdir()
    _, error, _ = _run_version_check(tmp_path / "again", monkeypatch, None, "1")
    assert error is not None and error.ename == "AssertionError"


@pytest.mark.slow
def test_the_pinned_environment_passes_quietly(tmp_path, monkeypatch):
    text, error, after = _run_version_check(tmp_path, monkeypatch, PINS, "1")
    assert error is None and "WARNING" not in text and "DIFFERS" not in text
    assert after.endswith("key packages match the pins in requirements.txt\n")
