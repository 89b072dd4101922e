"""Outputs that tests compare must read the same on every CPU and every supported Python.

Two guards. Statically: no doctest, no compared notebook output prints a float at full
precision (tests/float_text.py says why). Dynamically: actlib's doctests pass again under
another SIMD dispatch (tools/cpu_variant.py); .ci/run does the same for every notebook.
"""
import doctest
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from float_text import long_floats

import actlib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(ROOT.glob("notebooks/[0-9]*.ipynb")) + sorted(
    ROOT.glob("exercises/solutions/[0-9]*.ipynb"))
MODULES = sorted(m.name for m in pkgutil.walk_packages(actlib.__path__, "actlib."))


def _compared_text(cell):
    """The text of a code cell's outputs that strict nbval compares with a fresh run."""
    if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
        return ""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif out["output_type"] in ("execute_result", "display_data"):
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
        elif out["output_type"] == "error":
            parts.append(out["evalue"])
    return "\n".join(parts)


@pytest.mark.parametrize("module", MODULES)
def test_doctests_print_no_float_at_full_precision(module):
    found = [(test.name, ex.source.strip(), long_floats(ex.want))
             for test in doctest.DocTestFinder().find(importlib.import_module(module))
             for ex in test.examples if long_floats(ex.want)]
    assert not found, ("round these (print(f'{x:.6f}'), np.round): the last digits depend on "
                       f"the CPU: {found}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in NOTEBOOKS])
def test_stored_outputs_print_no_float_at_full_precision(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [(i, long_floats(_compared_text(c))) for i, c in enumerate(cells)
             if c["cell_type"] == "code" and long_floats(_compared_text(c))]
    assert not found, f"cells print full-precision floats (round them): {found}"


def test_the_scan_sees_a_full_precision_float_in_a_compared_output():
    cell = {"metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout",
                                         "text": ["p = 0.2689414213699951\n"]}]}
    assert long_floats(_compared_text(cell)) == ["0.2689414213699951"]
    cell["metadata"]["tags"] = ["nbval-ignore-output"]  # not compared: may print anything
    assert _compared_text(cell) == ""


def _variant_env():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "cpu_variant.py"), "--check"],
                         check=False, capture_output=True, text=True)
    if run.returncode != 0:
        pytest.skip(f"no other SIMD dispatch to try on this CPU: {run.stderr.strip()}")
    return dict(line.split("=", 1) for line in run.stdout.split())


def test_variant_really_changes_numpys_kernels():
    env = _variant_env()
    probe = ("from numpy._core._multiarray_umath import __cpu_features__ as f; "
             "print(' '.join(k for k, v in f.items() if v))")
    on = subprocess.run([sys.executable, "-c", probe], env={**os.environ, **env}, check=True,
                        capture_output=True, text=True).stdout.split()
    assert not set(env["NPY_DISABLE_CPU_FEATURES"].split(",")) & set(on)


@pytest.mark.slow
def test_doctests_pass_under_another_simd_dispatch():
    env = {**os.environ, **_variant_env()}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--doctest-modules", "-o", "addopts=", "actlib", "tests/float_text.py"],
                         check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
