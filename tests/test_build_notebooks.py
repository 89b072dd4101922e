"""tools/build_notebooks.py: navigation cells, course maps, --check, execution and cleaning."""
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

## Course map

<!-- course-map:start -->
old map
<!-- course-map:end -->

## Other section, kept
"""


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
                               "[02 · Sigmoid →](02_sigmoid.ipynb)")
    assert nbs["00_start_here"].cells[0].source.startswith("[Contents](../README.md")
    assert nbs["02_sigmoid"].cells[-1].source.endswith("[Contents](00_start_here.ipynb)")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "old map" not in readme and "## Other section, kept" in readme
    assert ("- **[01 · Why non-linearity](notebooks/01_why_nonlinearity.ipynb)** · exercises: "
            "[01_why_nonlinearity.ipynb](exercises/01_why_nonlinearity.ipynb)") in readme
    assert "  - solve XOR" in readme
    assert "- **[02 · Sigmoid](notebooks/02_sigmoid.ipynb)**\n" in readme  # no exercise yet
    (cmap,) = [c for c in nbs["00_start_here"].cells if "course-map" in c.metadata.get("tags", [])]
    assert "(../notebooks/02_sigmoid.ipynb)" in cmap.source
    # a second run changes nothing: the navigation cells are replaced, not added again
    before = {p: p.read_bytes() for p in (project / "notebooks").glob("*.ipynb")}
    assert build.main(["--no-execute", "--root", str(project)]) == 0
    assert before == {p: p.read_bytes() for p in before}


def test_check_fails_when_stale_and_passes_when_fresh(project, capsys):
    assert build.main(["--check", "--root", str(project)]) == 1
    assert "navigation or course map out of date" in capsys.readouterr().err
    build.main(["--no-execute", "--root", str(project)])
    # not executed yet, so --check still fails, on execution counts only
    assert build.main(["--check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "execution counts" in err and "out of date" not in err
    for path in (project / "notebooks").glob("*.ipynb"):  # pretend a fresh-kernel run
        nb = _read(path)
        nb.cells[[c.cell_type for c in nb.cells].index("code")].execution_count = 1
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
    codes = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in codes] == [1, 2, 3, 4]
    assert codes[0].outputs[0].text == "solutions\n"  # cwd = the notebook's folder
    assert Path(codes[1].outputs[0].text.strip()).parent == Path(sys.executable).parent
    assert codes[2].outputs[0].ename == "ZeroDivisionError"
    assert codes[3].outputs[0].text == "4\n"
    assert all("execution" not in c.metadata for c in codes)
    # a solution notebook gets no navigation cells
    assert not any("navigation" in c.metadata.get("tags", []) for c in nb.cells)


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
        cell = nb.cells[[c.cell_type for c in nb.cells].index("code")]
        cell.execution_count = 1
        if path.name.startswith("02"):
            cell.outputs = [nbformat.v4.new_output(
                "display_data", data={"text/plain": build.WIDGET_PLACEHOLDER})]
        nbformat.write(nb, path)
    assert build.main(["--check", "--root", str(project)]) == 1
    assert "02_sigmoid.ipynb: code cell 1 shows a widget" in capsys.readouterr().err
    nb = _read(project / "notebooks" / "02_sigmoid.ipynb")
    nb.cells[[c.cell_type for c in nb.cells].index("code")].metadata["tags"] = [
        "nbval-ignore-output"]
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
