"""tools/build_notebooks.py: navigation cells, course maps, --check, execution and cleaning."""
import os
import shlex
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks as build  # tools/ is not a package: imported from its path (as everywhere)

README = """# Course

<!-- launch-badges:start -->
<!-- launch-badges:end -->

## Course map

<!-- course-map:start -->
old map
<!-- course-map:end -->

## Other section, kept
"""

PYPROJECT = """[project]
name = "course"
version = "1.2.0"

[tool.actlib]
repository = "someone/course"
"""
COLAB = "https://colab.research.google.com/github/someone/course/blob/v1.2.0/"
BINDER = "https://mybinder.org/v2/gh/someone/course/v1.2.0?labpath="


def _lesson(number, title, goals, code="x = 1"):
    cells = [new_markdown_cell(f"# {number} · {title}\n\nWhy it matters."),
             new_markdown_cell("**Learning goals**\n\nAfter this lesson you can\n\n"
                               + "\n".join(f"- {g}" for g in goals) + "\n\n**Setup**"),
             new_code_cell(code)]
    return new_notebook(cells=cells)


@pytest.fixture
def project(tmp_path):
    """A small project: README with markers, a contents page and two lessons, one exercise."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "exercises" / "solutions").mkdir(parents=True)
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    start = _lesson("00", "Start here", ["find your way"])
    start.cells.insert(2, new_markdown_cell("placeholder", metadata={"tags": ["course-map"]}))
    nbformat.write(start, tmp_path / "notebooks" / "00_start_here.ipynb")
    nbformat.write(_lesson("01", "Why non-linearity", ["collapse linear layers", "solve XOR"]),
                   tmp_path / "notebooks" / "01_why_nonlinearity.ipynb")
    nbformat.write(_lesson("02", "Sigmoid", ["derive sigma'"]),
                   tmp_path / "notebooks" / "02_sigmoid.ipynb")
    nbformat.write(new_notebook(), tmp_path / "exercises" / "01_why_nonlinearity.ipynb")
    return tmp_path


def _read(path):
    return nbformat.read(path, as_version=4)


def _pretend_executed(nb):
    """Number the code cells 1..n, as a run top to bottom in a fresh kernel would."""
    for n, cell in enumerate([c for c in nb.cells if c.cell_type == "code"], 1):
        cell.execution_count = n


def _lesson_code(nb):
    """The code cells other than the generated install cell."""
    return [c for c in nb.cells if c.cell_type == "code"
            and "install-actlib" not in c.metadata.get("tags", [])]


def test_lesson_info_reads_title_and_goals(project):
    info = build.lesson_info(project / "notebooks" / "01_why_nonlinearity.ipynb")
    assert (info["number"], info["title"]) == ("01", "Why non-linearity")
    assert info["goals"] == ["collapse linear layers", "solve XOR"]


def test_goals_stop_at_the_end_of_the_list_and_join_continued_bullets():
    text = ("**Learning goals**\n- one\n  continued\n* two\n1. three\n\nNot a goal.\n- nor this")
    assert build._goals(text) == ["one continued", "two", "three"]
    assert build._goals("# no goals here\n- a bullet") == []


def test_no_execute_writes_navigation_and_course_maps(project):
    assert build.main(["--no-execute", "--root", str(project)]) == 0
    nbs = {p.stem: _read(p) for p in sorted((project / "notebooks").glob("*.ipynb"))}
    middle = nbs["01_why_nonlinearity"]
    for cell in (middle.cells[0], middle.cells[-1]):
        assert cell.cell_type == "markdown" and cell.metadata["tags"] == ["navigation"]
        assert cell.source == ("[← 00 · Start here](00_start_here.ipynb) · "
                               "[Contents](00_start_here.ipynb) · "
                               "[02 · Sigmoid →](02_sigmoid.ipynb) · "
                               f"[Open in Colab]({COLAB}notebooks/01_why_nonlinearity.ipynb) · "
                               f"[Open in Binder]({BINDER}notebooks%2F01_why_nonlinearity.ipynb)")
    assert nbs["00_start_here"].cells[0].source.startswith("[Contents](../README.md")
    assert nbs["02_sigmoid"].cells[-1].source.startswith(
        "[← 01 · Why non-linearity](01_why_nonlinearity.ipynb) · [Contents](00_start_here.ipynb)"
        " · [Open in Colab]")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "old map" not in readme and "## Other section, kept" in readme
    assert ("- **[01 · Why non-linearity](notebooks/01_why_nonlinearity.ipynb)** · exercises: "
            "[01_why_nonlinearity.ipynb](exercises/01_why_nonlinearity.ipynb)") in readme
    assert "  - solve XOR" in readme
    assert "- **[02 · Sigmoid](notebooks/02_sigmoid.ipynb)**\n" in readme  # no exercise yet
    (cmap,) = [c for c in nbs["00_start_here"].cells if "course-map" in c.metadata.get("tags", [])]
    assert "(../notebooks/02_sigmoid.ipynb)" in cmap.source
    assert (f"[![Open in Colab](.github/badges/open-in-colab.svg)]({COLAB}notebooks/"
            "00_start_here.ipynb)\n[![Open in Binder](.github/badges/open-in-binder.svg)]"
            f"({BINDER}notebooks%2F00_start_here.ipynb)\n") in readme
    # a second run changes nothing: the navigation cells are replaced, not added again
    before = {p: p.read_bytes() for p in (project / "notebooks").glob("*.ipynb")}
    assert build.main(["--no-execute", "--root", str(project)]) == 0
    assert before == {p: p.read_bytes() for p in before}


def test_check_fails_when_stale_and_passes_when_fresh(project, capsys):
    assert build.main(["--check", "--root", str(project)]) == 1
    assert "navigation, install cell or course map out of date" in capsys.readouterr().err
    build.main(["--no-execute", "--root", str(project)])
    # not executed yet, so --check still fails, on execution counts only
    assert build.main(["--check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "execution counts" in err and "out of date" not in err
    for path in (project / "notebooks").glob("*.ipynb"):  # pretend a fresh-kernel run
        nb = _read(path)
        _pretend_executed(nb)
        nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project)]) == 0
    # renaming a lesson makes its neighbours' navigation and the README map stale
    path = project / "notebooks" / "02_sigmoid.ipynb"
    nb = _read(path)
    nb.cells[1].source = nb.cells[1].source.replace("Sigmoid", "The sigmoid")
    nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "01_why_nonlinearity.ipynb: navigation" in err and "README.md" in err


def test_clean_strips_widget_state_and_volatile_metadata():
    nb = new_notebook(cells=[new_code_cell("w")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.9"}
    cell = nb.cells[0]
    cell.metadata.update({"execution": {"iopub.status.busy": "2026"}, "tags": ["keep"]})
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/plain": "VBox()", build.WIDGET_MIME: {"model_id": "abc"}})]
    build.clean(nb)
    assert "widgets" not in nb.metadata and "version" not in nb.metadata.language_info
    assert cell.metadata == {"tags": ["keep"]}
    assert cell.outputs[0].data == {"text/plain": build.WIDGET_PLACEHOLDER}
    nbformat.validate(nb)


@pytest.mark.slow  # starts a Jupyter kernel
def test_execute_runs_in_place_from_a_fresh_kernel(project):
    path = project / "exercises" / "solutions" / "01_why_nonlinearity.ipynb"
    nb = new_notebook(cells=[
        new_markdown_cell("# 01 · Exercises"),
        new_code_cell("import os, sys\nprint(os.path.basename(os.getcwd()))"),
        new_code_cell("print(sys.executable)"),
        new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]}),
        new_code_cell("print(2 + 2)", execution_count=41),
    ])
    nbformat.write(nb, path)
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py"),
                          "--root", str(project), str(path)],
                         check=False, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "s  exercises/solutions/01_why_nonlinearity.ipynb" in out.stdout  # timing line
    nb = _read(path)
    install, *codes = [c for c in nb.cells if c.cell_type == "code"]
    # the generated install cell comes first, runs as cell 1 and prints nothing here
    assert install.metadata.tags == ["install-actlib"]
    assert install.execution_count == 1 and install.outputs == []
    assert [c.execution_count for c in codes] == [2, 3, 4, 5]
    assert codes[0].outputs[0].text == "solutions\n"  # cwd = the notebook's folder
    assert Path(codes[1].outputs[0].text.strip()).parent == Path(sys.executable).parent
    assert codes[2].outputs[0].ename == "ZeroDivisionError"
    assert codes[3].outputs[0].text == "4\n"
    assert all("execution" not in c.metadata for c in codes)


@pytest.mark.slow  # starts a Jupyter kernel
def test_a_failing_notebook_is_reported_and_left_unchanged(project):
    path = project / "notebooks" / "02_sigmoid.ipynb"
    nb = _read(path)
    nb.cells.append(new_code_cell("raise RuntimeError('broken lesson')"))
    nbformat.write(nb, path)
    before = path.read_bytes()
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py"),
                          "--root", str(project), str(path)],
                         check=False, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "FAILED notebooks/02_sigmoid.ipynb" in out.stderr and "broken lesson" in out.stderr
    assert path.read_bytes() == before


def test_repository_notebooks_and_readme_are_fresh():
    """The committed notebooks were built with the tool: navigation, course maps, execution
    counts, no widget state, size. Fails after adding or renaming a lesson until
    `python tools/build_notebooks.py` is run."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py"), "--check"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_sanitize_file_hides_addresses_and_tqdm_timings_but_no_numbers():
    import re

    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
    assert len(patterns) == 3

    def sanitize(s):
        for regex, replace in patterns:
            s = re.sub(regex, replace, s)
        return s

    a = sanitize("[<matplotlib.lines.Line2D at 0x7f3a5c2e1d90>]")
    assert a == sanitize("[<matplotlib.lines.Line2D at 0x7f00aa001234>]") and "0xADDRESS" in a
    bar1 = " 50%|█████     | 5/10 [00:01<00:01,  4.98it/s]"
    bar2 = " 50%|█████     | 5/10 [00:03<00:03,  1.52s/it]"
    assert sanitize(bar1) == sanitize(bar2) and "5/10" in sanitize(bar1)
    for text in ("loss 0.6931 after 10 epochs", "accuracy 98.5%", "x = 0x10", "lr=1e-3"):
        assert sanitize(text) == text  # what a lesson prints is compared as it is


def test_check_flags_an_untagged_widget_cell(project, capsys):
    build.main(["--no-execute", "--root", str(project)])
    for path in (project / "notebooks").glob("*.ipynb"):
        nb = _read(path)
        cell = _lesson_code(nb)[0]
        _pretend_executed(nb)
        if path.name.startswith("02"):
            cell.outputs = [nbformat.v4.new_output(
                "display_data", data={"text/plain": build.WIDGET_PLACEHOLDER})]
        nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project)]) == 1
    assert "02_sigmoid.ipynb: code cell 2 shows a widget" in capsys.readouterr().err
    nb = _read(project / "notebooks" / "02_sigmoid.ipynb")
    _lesson_code(nb)[0].metadata["tags"] = ["nbval-ignore-output"]
    nbformat.write(nb, project / "notebooks" / "02_sigmoid.ipynb")
    assert build.main(["--check", "--root", str(project)]) == 0


def test_pytest_configuration_runs_lessons_and_solutions_under_strict_nbval():
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    opts = shlex.split(cfg["addopts"])
    assert {"--nbval", "--nbval-current-env", "--doctest-modules"} <= set(opts)
    assert "--nbval-lax" not in opts  # strict: every output compared
    assert opts[opts.index("--nbval-sanitize-with") + 1] == "tests/nbval_sanitize.cfg"
    # lessons and solution sources, never the learner copies in exercises/ itself
    assert {"tests", "actlib", "notebooks", "exercises/solutions"} == set(cfg["testpaths"])


def test_pieces_of_one_stream_are_merged_in_order():
    out = nbformat.v4.new_output
    merged = build.merge_streams([out("stream", name="stdout", text="4"),
                               out("stream", name="stdout", text="\n"),
                               out("stream", name="stderr", text="warning\n"),
                               out("stream", name="stdout", text="5\n"),
                               out("display_data", data={"text/plain": "figure"}),
                               out("stream", name="stdout", text="6\n")])
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "4\n"), ("stream", "stderr", "warning\n"),
        ("stream", "stdout", "5\n"), ("display_data", None, None), ("stream", "stdout", "6\n")]


# -- launch links and the install cell ---------------------------------------------------------

def _install_cells(nb):
    return [c for c in nb.cells if "install-actlib" in c.metadata.get("tags", [])]


def test_install_cell_is_generated_right_before_the_setup_cell_and_kept_fresh(project, capsys):
    assert build.main(["--no-execute", "--root", str(project)]) == 0
    cfg = build.launch_config(project)
    assert cfg == {"repository": "someone/course", "ref": "v1.2.0"}  # ref = "v" + version
    for path in (project / "notebooks").glob("*.ipynb"):
        nb = _read(path)
        [cell] = _install_cells(nb)
        first_code = [c.cell_type for c in nb.cells].index("code")
        assert nb.cells[first_code] is cell and nb.cells[first_code + 1] is _lesson_code(nb)[0]
        assert cell.source == build.install_cell_source(cfg)
        assert '"git+https://github.com/someone/course@v1.2.0"' in cell.source
        assert cell.outputs == [] and cell.execution_count is None
        assert "!" not in cell.source and "%" not in cell.source  # no shell or magic
    # a hand edit, or outputs stored in it, make it stale; a rebuild writes it again, once
    path = project / "notebooks" / "01_why_nonlinearity.ipynb"
    nb = _read(path)
    _pretend_executed(nb)
    [cell] = _install_cells(nb)
    cell.source = cell.source.replace("@v1.2.0", "@v1.1.0")
    nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project), str(path)]) == 1
    assert "install cell" in capsys.readouterr().err
    build.main(["--no-execute", "--root", str(project), str(path)])
    nb = _read(path)
    nb.cells[[c.cell_type for c in nb.cells].index("code")].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="installed actlib\n")]
    nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project), str(path)]) == 1
    build.main(["--no-execute", "--root", str(project), str(path)])
    assert build.main(["--check", "--root", str(project), str(path)]) == 0
    assert len(_install_cells(_read(path))) == 1


def test_one_configured_repository_and_ref_feed_every_link_and_the_install_cell(project):
    text = PYPROJECT.replace('repository = "someone/course"',
                             'repository = "fork/my-course"\nref = "main"')
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    build.main(["--no-execute", "--root", str(project)])
    nb = _read(project / "notebooks" / "02_sigmoid.ipynb")
    assert nb.cells[0].source.endswith(
        "[Open in Colab](https://colab.research.google.com/github/fork/my-course/blob/main/"
        "notebooks/02_sigmoid.ipynb) · [Open in Binder](https://mybinder.org/v2/gh/fork/"
        "my-course/main?labpath=notebooks%2F02_sigmoid.ipynb)")
    assert '"git+https://github.com/fork/my-course@main"' in _install_cells(nb)[0].source
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "someone" not in readme and readme.count("fork/my-course/") == 2
    for bad in ("", "no-slash", "https://github.com/a/b", "a/b/c"):
        (project / "pyproject.toml").write_text(
            PYPROJECT.replace("someone/course", bad), encoding="utf-8")
        with pytest.raises(ValueError, match="owner/name"):
            build.launch_config(project)


def test_exercise_sources_get_navigation_for_their_learner_copy(project):
    path = project / "exercises" / "solutions" / "01_why_nonlinearity.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# 01 · Exercises"),
                                       new_markdown_cell("**Setup**"),
                                       new_code_cell("import actlib")]), path)
    assert build.main(["--no-execute", "--root", str(project)]) == 0
    nb = _read(path)
    nav = ("[← 01 · Why non-linearity](../notebooks/01_why_nonlinearity.ipynb) · "
           "[Contents](../notebooks/00_start_here.ipynb) · "
           f"[Open in Colab]({COLAB}exercises/01_why_nonlinearity.ipynb) · "
           f"[Open in Binder]({BINDER}exercises%2F01_why_nonlinearity.ipynb)")
    assert [c.source for c in (nb.cells[0], nb.cells[-1])] == [nav, nav]
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown", "markdown", "code",
                                               "code", "markdown"]
    assert _install_cells(nb) == [nb.cells[3]] and nb.cells[4].source == "import actlib"


def test_install_cell_prints_nothing_where_actlib_is_installed():
    """In the project venv the install cell is a no-op (nbval also checks this in every
    notebook: its stored output is empty)."""
    source = build.install_cell_source(build.launch_config())
    out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                         timeout=60, check=False,
                         env={**os.environ, "ACTLIB_INSTALL_SOURCE": "/nonexistent"})
    assert (out.returncode, out.stdout, out.stderr) == (0, "", "")


def test_install_cell_is_lint_clean(tmp_path):
    path = tmp_path / "install_cell.py"
    path.write_text(build.install_cell_source(build.launch_config()) + "\n", encoding="utf-8")
    # the project's settings, plus the pycodestyle, bugbear and pyupgrade rules
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), "--extend-select", "E,W,B,UP", str(path)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def _wheel(folder, name, version, body):
    """A minimal pure-Python wheel of package ``name`` (no dependencies, nothing to build)."""
    import base64
    import hashlib
    import zipfile

    dist = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": body,
             f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                              "Tag: py3-none-any\n"}

    def digest(text):
        raw = hashlib.sha256(text.encode()).digest()
        return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    record = "".join(f"{p},{digest(t)},{len(t.encode())}\n" for p, t in files.items())
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for p, t in {**files, f"{dist}/RECORD": record + f"{dist}/RECORD,,\n"}.items():
            zf.writestr(p, t)
    return path


@pytest.mark.slow
def test_install_cell_installs_a_missing_actlib_and_says_so(tmp_path):
    """The install cell's logic in a throwaway venv that lacks actlib, with the install source
    pointed at a local wheel (standing in for the repository's tag): it installs, says what
    it did, and does nothing on a second run; a source that cannot be installed is a clear
    error. (tests/test_fresh_env.py does the same with the real actlib and whole lessons.)"""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    wheel = _wheel(tmp_path, "actlib", "9.8.7", "__version__ = '9.8.7'\n")
    source = build.install_cell_source(build.launch_config())
    env = {**os.environ, "ACTLIB_INSTALL_SOURCE": str(wheel), "PIP_NO_INDEX": "1"}

    def run():
        return subprocess.run([python, "-c", source], capture_output=True, text=True,
                              timeout=300, env=env, check=False, cwd=tmp_path)  # no ./actlib

    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"actlib is not installed: pip install {wheel} (and what it needs) ...",
        "installed actlib 9.8.7"]
    second = run()
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    env["ACTLIB_INSTALL_SOURCE"] = str(tmp_path / "no-such-actlib.whl")
    subprocess.run([python, "-m", "pip", "uninstall", "-y", "-q", "actlib"], check=True)
    failed = run()
    assert failed.returncode == 1
    assert "RuntimeError: could not install actlib; try: pip install" in failed.stderr
    assert "no-such-actlib.whl" in failed.stdout  # pip's own error is shown too
