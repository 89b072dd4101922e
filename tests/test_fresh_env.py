"""A learner's machine that is not the course's venv: Colab, a bare Jupyter, another venv.

In a throwaway venv holding only a Jupyter kernel and numpy and matplotlib at versions other
than the pins (no requirements.txt installed, no actlib), the lessons' generated install cell
installs actlib (from a wheel of this working tree standing in for the repository's tag, via
ACTLIB_INSTALL_SOURCE) with pyproject's unpinned dependencies and says so; lesson 00 then runs
top to bottom, warning about the versions instead of failing; its figures and widgets work;
lesson 02 and a learner's exercise copy run too. Every compared output of those notebooks
equals the stored one.

It creates a venv and pip-installs into it (network: PyPI), a minute or two, so it is opt-in:
it runs when FRESH_ENV_TEST=1 (.ci/run sets it) and is skipped otherwise.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
OTHER = {"numpy": "2.3.5", "matplotlib": "3.10.8"}  # not the pins; both support Python 3.11
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("FRESH_ENV_TEST") != "1",
                       reason="set FRESH_ENV_TEST=1 to build a fresh venv (needs PyPI)"),
]

RUNNER = """\
import sys
import nbformat
from nbclient import NotebookClient
src, dst, folder = sys.argv[1:]
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3",
               resources={"metadata": {"path": folder}}).execute()
nbformat.write(nb, dst)
"""

WIDGET_CHECK = """\
w = widgets.activation_explorer("sigmoid", x_range=(-6, 6))
png, text = w.output.outputs[0]["data"]["image/png"], w.text.value
w.x_range.value = (-2.0, 2.0)  # sigmoid' > 0.1 on [-2, 2]: nothing saturated
redrawn = w.output.outputs[0]["data"]["image/png"]
print(f"redrawn {redrawn != png}, text changed {w.text.value != text}, {w.fraction:.3f}")
import numpy, matplotlib
print(actlib.__file__, numpy.__version__, matplotlib.__version__)
"""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """(venv python, env for its kernels): a venv with a kernel and OTHER, no actlib."""
    tmp = tmp_path_factory.mktemp("fresh")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    pins = [f"{name}=={version}" for name, version in OTHER.items()]
    subprocess.run([python, "-m", "pip", "install", "-q", "ipykernel", "nbclient", *pins],
                   check=True, timeout=1200)
    # a wheel of actlib built from a clean copy of the package's files, as from the tag
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "actlib", src / "actlib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "wheels"),
                    str(src)], check=True, timeout=600)
    [wheel] = (tmp / "wheels").glob("actlib-*.whl")
    env = {k: v for k, v in os.environ.items()
           if k not in ("ACTLIB_REQUIRE_PINS", "MPLBACKEND", "PYTHONPATH", "VIRTUAL_ENV")}
    env["ACTLIB_INSTALL_SOURCE"] = str(wheel)
    (tmp / "runner.py").write_text(RUNNER, encoding="utf-8")
    return {"python": python, "env": env, "tmp": tmp, "venv": venv}


def _execute(fresh, nb, folder):
    folder.mkdir(parents=True, exist_ok=True)
    src, dst = folder / "in.ipynb", folder / "out.ipynb"
    nbformat.write(nb, src)
    out = subprocess.run([fresh["python"], str(fresh["tmp"] / "runner.py"), str(src), str(dst),
                          str(folder)], env=fresh["env"], cwd=folder, capture_output=True,
                         text=True, timeout=900, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    return nbformat.read(dst, as_version=4)


def _text(cell):
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for o in cell.get("outputs", []) if o.get("output_type") != "error")


def _tags(cell):
    return cell.metadata.get("tags", [])


def _compared(stored, ran, skip=()):
    """Pairs of (stored, new) text outputs of the cells nbval compares."""
    return [(_text(a), _text(b)) for a, b in zip(stored.cells, ran.cells, strict=False)
            if a.cell_type == "code" and "nbval-ignore-output" not in _tags(a)
            and "install-actlib" not in _tags(a) and a.get("id") not in skip]


def _version_check(nb):
    return [c for c in nb.cells if c.cell_type == "code" and "ACTLIB_REQUIRE_PINS" in c.source]


def _errors(nb):
    return [(c.source[:60], o.ename) for c in nb.cells for o in c.get("outputs", [])
            if o.output_type == "error" and "raises-exception" not in _tags(c)]


@pytest.fixture(scope="module")
def colab(fresh):
    """Lesson 00 opened on its own (no ../requirements.txt), as in Colab, plus a cell that
    drives its widget: the first notebook run in the fresh venv, so its install cell installs."""
    stored = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    nb = nbformat.reads(nbformat.writes(stored), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(WIDGET_CHECK))
    return stored, _execute(fresh, nb, fresh["tmp"] / "colab")


def test_lesson_00_opened_alone_installs_actlib_and_runs_with_other_versions(fresh, colab):
    stored, ran = colab
    assert not _errors(ran), _errors(ran)
    [install] = [c for c in ran.cells if "install-actlib" in _tags(c)]
    lines = _text(install).splitlines()  # pip's own warnings, if any, come in between
    assert lines[0] == (f"actlib is not installed: pip install "
                        f"{fresh['env']['ACTLIB_INSTALL_SOURCE']} (and what it needs) ...")
    assert lines[-1] == "installed actlib 0.1.0"
    [check] = _version_check(ran)
    assert f"numpy          {OTHER['numpy']:10s} not compared" in _text(check)
    assert "WARNING: not the environment the stored outputs were made with " \
           "(../requirements.txt not found)." in _text(check)
    # figures: the gallery is a PNG; the widget cell shows a live widget, which redraws
    codes = [c for c in ran.cells if c.cell_type == "code"]
    assert any("image/png" in o.get("data", {}) for c in codes if "plot_gallery" in c.source
               for o in c.outputs)
    [explorer] = [c for c in codes if c.source.startswith("widgets.activation_explorer")]
    assert any(WIDGET_MIME in o.get("data", {}) for o in explorer.outputs)
    lines = _text(ran.cells[-1]).splitlines()
    assert lines[0] == "redrawn True, text changed True, 0.000"
    where, numpy_version, mpl_version = lines[1].split()
    assert Path(where).is_relative_to(fresh["venv"]), where  # the installed wheel, not ROOT
    assert (numpy_version, mpl_version) == (OTHER["numpy"], OTHER["matplotlib"])
    # every output nbval compares is the stored one, but the line that says "pinned"
    after_check = ran.cells[ran.cells.index(check) + 1].get("id")
    pairs = _compared(stored, ran, skip={after_check})
    assert len(pairs) >= 5 and all(a == b for a, b in pairs), [p for p in pairs if p[0] != p[1]]


def test_lesson_00_in_a_clone_names_the_differing_packages(fresh, colab):
    clone = fresh["tmp"] / "clone"
    (clone / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "requirements.txt", clone)
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line)
    ran = _execute(fresh, nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb",
                                        as_version=4), clone / "notebooks")
    assert not _errors(ran), _errors(ran)
    [install] = [c for c in ran.cells if "install-actlib" in _tags(c)]
    assert install.outputs == []  # actlib is there now: nothing to do, nothing printed
    [check] = _version_check(ran)
    text = _text(check)
    assert "WARNING: not the environment the stored outputs were made with (differing: " in text
    for name, version in OTHER.items():
        assert f"{name} {version} (pinned: {pins[name]})" in text
    assert "nbval missing (pinned: " in text  # the test tooling is not installed here


@pytest.mark.parametrize("path", ["notebooks/02_sigmoid.ipynb", "exercises/02_sigmoid.ipynb"])
def test_a_lesson_and_an_exercise_copy_run_with_other_versions(fresh, colab, path):
    stored = nbformat.read(ROOT / path, as_version=4)
    ran = _execute(fresh, stored, fresh["tmp"] / path.replace("/", "_"))
    assert not _errors(ran), _errors(ran)
    if path.startswith("notebooks"):
        pairs = _compared(stored, ran)
        assert len(pairs) >= 5 and all(a == b for a, b in pairs), [
            p for p in pairs if p[0] != p[1]]
    else:
        assert "not attempted yet" in "".join(_text(c) for c in ran.cells)
