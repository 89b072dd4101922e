"""The exercise notebooks: sources are well formed, learner copies are up to date, contain no
solution, and run top to bottom in a fresh kernel with every check "not attempted yet"; a
failing check shows no traceback from inside actlib.

Executing the ten learner copies costs one fresh kernel each (a few seconds apiece, most of
it kernel start-up and imports); the solution notebooks themselves are run by strict nbval
(pyproject.toml collects exercises/solutions/).
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

from actlib import checks

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # tools/ is not a package: imported from its path
import make_exercises

SOLUTIONS = ROOT / "exercises" / "solutions"
NOTEBOOKS = sorted(checks.EXERCISES)


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def test_one_source_and_one_learner_copy_per_lesson():
    assert [p.stem for p in sorted(SOLUTIONS.glob("*.ipynb"))] == NOTEBOOKS
    assert [src.stem for src, _ in make_exercises.pairs()] == NOTEBOOKS
    # every lesson but 00 (the start page) has exactly one exercise notebook, same name
    lessons = [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    assert NOTEBOOKS == [name for name in lessons if not name.startswith("00_")]
    assert sum(len(v) for v in checks.EXERCISES.values()) >= 25


@pytest.mark.parametrize("key", NOTEBOOKS)
def test_source_has_task_stub_check_and_hint_for_each_exercise(key):
    nb = _read(SOLUTIONS / f"{key}.ipynb")
    cells = nb.cells
    for name in checks.EXERCISES[key]:
        [i] = [i for i, c in enumerate(cells) if c.cell_type == "code"
               and re.search(rf"^def {name}\(", c.source, re.MULTILINE)]
        assert cells[i - 1].cell_type == "markdown" and "Exercise" in cells[i - 1].source
        assert "### BEGIN SOLUTION" in cells[i].source
        assert cells[i + 1].source == f"checks.check_{name}({name})"
        assert cells[i + 2].cell_type == "markdown" and "<details>" in cells[i + 2].source
        assert cells[i].metadata["nbgrader"]["solution"] is True
        # the committed run shows the solution passing its check
        assert _text(cells[i + 1]).startswith(f"{name}: correct"), _text(cells[i + 1])
    assert _code(nb)[-1].source == f'checks.progress("{key}")'
    assert "predict" in " ".join(c.source.lower() for c in cells if c.cell_type == "markdown")
    counts = [c.execution_count for c in _code(nb)]  # the install cell is cell 1
    assert counts == list(range(1, len(counts) + 1)), "execute it from a fresh kernel"


def test_learner_copies_are_up_to_date():
    stale = [dst.name for src, dst in make_exercises.pairs()
             if not dst.exists() or dst.read_text(encoding="utf-8") != make_exercises.render(src)]
    assert not stale, f"run: python tools/make_exercises.py (stale: {stale})"
    assert make_exercises.main(["--check"]) == 0


def test_check_mode_reports_a_stale_copy(tmp_path, capsys):
    (tmp_path / "exercises" / "solutions").mkdir(parents=True)
    src = tmp_path / "exercises" / "solutions" / "02_sigmoid.ipynb"
    src.write_bytes((SOLUTIONS / "02_sigmoid.ipynb").read_bytes())
    assert make_exercises.main(["--check", "--root", str(tmp_path)]) == 1  # missing
    assert make_exercises.main(["--root", str(tmp_path)]) == 0
    assert make_exercises.main(["--check", "--root", str(tmp_path)]) == 0
    nb = _read(src)
    nb.cells[0].source += "\nA new sentence."
    nbformat.write(nb, src)
    assert make_exercises.main(["--check", "--root", str(tmp_path)]) == 1  # source changed
    assert "STALE exercises/02_sigmoid.ipynb" in capsys.readouterr().err


@pytest.mark.parametrize("key", NOTEBOOKS)
def test_learner_copy_has_stubs_and_no_solution_or_output(key):
    nb = _read(ROOT / "exercises" / f"{key}.ipynb")
    source = _read(SOLUTIONS / f"{key}.ipynb")
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    stubs = "\n".join(c.source for c in _code(nb)).count("raise NotImplementedError()")
    assert stubs == len(checks.EXERCISES[key])
    for cell in _code(nb):
        assert cell.outputs == [] and cell.execution_count is None
        assert set(cell.metadata) <= {"tags"}
        compile(cell.source, key, "exec")  # every stub is still valid Python
    for cell in _code(source):
        m = re.search(r"### BEGIN SOLUTION\n(.*?)\n\s*### END SOLUTION", cell.source, re.DOTALL)
        if m:
            for line in m.group(1).splitlines():
                if len(line.strip()) > 8:
                    assert line not in text, f"solution line in the learner copy: {line}"


def test_strip_solutions_keeps_signature_and_indentation():
    src = ("def f(x, alpha=0.1):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n"
           "    y = x * alpha\n    return y\n    ### END SOLUTION\n\nf(1.0)")
    out = make_exercises.strip_solutions(src)
    assert out == ("def f(x, alpha=0.1):\n    \"\"\"Doc.\"\"\"\n    # YOUR CODE HERE\n"
                   "    raise NotImplementedError()\n\nf(1.0)")
    two = make_exercises.strip_solutions("### BEGIN SOLUTION\na = 1\n### END SOLUTION\n"
                                         "b = 2\n### BEGIN SOLUTION\nc = 3\n### END SOLUTION")
    assert "a = 1" not in two and "c = 3" not in two and "b = 2" in two
    with pytest.raises(ValueError, match="unbalanced"):
        make_exercises.strip_solutions("### BEGIN SOLUTION\nsecret = 1\n")


def _run(nb, allow_errors=False):
    """Execute nb in a fresh kernel, cwd exercises/, as the notebook build does."""
    return build_notebooks.execute(nb, ROOT / "exercises", timeout=120, allow_errors=allow_errors)


@pytest.mark.slow  # a Jupyter kernel per notebook: about 1.5 s each
@pytest.mark.parametrize("key", NOTEBOOKS)
def test_untouched_learner_copy_runs_and_reports_not_attempted(key):
    nb = _run(_read(ROOT / "exercises" / f"{key}.ipynb"))
    names = checks.EXERCISES[key]
    for name in names:
        [cell] = [c for c in _code(nb) if c.source == f"checks.check_{name}({name})"]
        assert _text(cell) == (f"{name}: not attempted yet (the stub still raises "
                               "NotImplementedError)\n")
    tally = _text(_code(nb)[-1]).splitlines()
    assert tally[0] == f"Progress: 0 of {len(names)} done, 0 failing, {len(names)} not attempted"
    errors = [o for c in _code(nb) for o in c.outputs if o.output_type == "error"
              or o.get("name") == "stderr"]
    assert not errors, errors


@pytest.mark.slow  # starts a Jupyter kernel
def test_a_failing_check_in_jupyter_shows_no_actlib_traceback():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in (
        "import numpy as np\nfrom actlib import checks",
        "def sigmoid(x):\n    return 1 / (1 - np.exp(-x))",
        "checks.check_sigmoid(sigmoid)",
        "checks.progress(['sigmoid'])")])
    nb = _run(nb, allow_errors=True)
    [error] = nb.cells[2].outputs
    assert error.output_type == "error" and error.ename == "AssertionError"
    shown = "\n".join(error.traceback)
    assert "wrong value at x =" in shown and "Hint:" in shown
    assert "checks.py" not in shown and "actlib" not in shown.replace("actlib.sigmoid", ""), shown
    assert "1 failing" in _text(nb.cells[3])
