"""The instructor's nbgrader workflow of the README, run for real on every exercise source.

A course directory gets all of ``exercises/solutions/*.ipynb`` as one assignment; nbgrader
generates the student version from them, then autogrades three students with
``ACTLIB_CHECKS_STRICT=1`` (as the README says to): one who handed in the untouched release,
one who handed in the solutions, one who handed in only the sigmoid notebook, solved but with
the tutorials' wrong sigmoid formula. The scores must be 0, full, and that notebook's points
minus the one check the wrong formula fails.

nbgrader is not a dependency of the curriculum (its JupyterLab extensions would change the
learners' interface), so it runs from the interpreter named by ``NBGRADER_PYTHON``: .ci/run
builds one that sees this environment's packages plus nbgrader (.ci/nbgrader-requirements.txt).
Skipped when nbgrader is not available, unless REQUIRE_NBGRADER=1 (set by .ci/run).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
ASSIGNMENT = "exercises"
WRONG_SIGMOID = """import numpy as np

def sigmoid(x):
    return 1 / (1 - np.exp(-np.asarray(x, dtype=float)))   # the tutorials' sign error
"""

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]


@pytest.fixture(scope="module")
def nbgrader_python():
    python = os.environ.get("NBGRADER_PYTHON") or sys.executable
    probe = subprocess.run([python, "-c", "import nbgrader, actlib"], capture_output=True,
                           text=True, check=False)
    if probe.returncode != 0:
        reason = f"nbgrader (with actlib) is not importable by {python}: {probe.stderr.strip()[-200:]}"
        if os.environ.get("REQUIRE_NBGRADER") == "1":
            pytest.fail(f"REQUIRE_NBGRADER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return python


def _nbgrader(python, course, *args, extra_env=()):
    # nbgrader runs the `alembic` script of its environment to set up the gradebook
    env = {**os.environ, **dict(extra_env),
           "PATH": os.pathsep.join([str(Path(python).parent), os.environ.get("PATH", "")])}
    out = subprocess.run([python, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                         text=True, timeout=600, check=False, env=env)
    assert out.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def _max_points(path):
    cells = json.loads(path.read_text())["cells"]
    return sum(c["metadata"]["nbgrader"].get("points", 0) for c in cells
               if c["metadata"].get("nbgrader", {}).get("grade"))


def _with_wrong_sigmoid(path):
    nb = json.loads(path.read_text())
    [cell] = [c for c in nb["cells"]
              if c["metadata"].get("nbgrader", {}).get("grade_id") == "sigmoid_solution"]
    cell["source"] = WRONG_SIGMOID.splitlines(keepends=True)
    return json.dumps(nb)


@pytest.fixture(scope="module")
def graded(nbgrader_python, tmp_path_factory):
    """Generate, submit and autograde; returns (course dir, {student: (score, max_score)})."""
    course = tmp_path_factory.mktemp("course")
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    for src in SOURCES:
        shutil.copy(src, course / "source" / ASSIGNMENT / src.name)
    students = ("untouched", "solved", "wrong_sigmoid")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'activations'\n"
        f"c.CourseDirectory.db_assignments = [dict(name={ASSIGNMENT!r})]\n"
        f"c.CourseDirectory.db_students = [dict(id=s) for s in {students!r}]\n")
    _nbgrader(nbgrader_python, course, "generate_assignment", ASSIGNMENT, "--force")

    release = course / "release" / ASSIGNMENT
    for student in students:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for src in SOURCES:
            if student == "untouched":
                shutil.copy(release / src.name, folder / src.name)
            elif student == "solved":
                shutil.copy(src, folder / src.name)
            elif src.name == "02_sigmoid.ipynb":  # hands in this one only: the rest score 0
                (folder / src.name).write_text(_with_wrong_sigmoid(src))

    _nbgrader(nbgrader_python, course, "autograde", ASSIGNMENT, "--force",
              extra_env={"ACTLIB_CHECKS_STRICT": "1"})  # the README's grading setting
    _nbgrader(nbgrader_python, course, "export", "--to", "grades.csv")
    with open(course / "grades.csv", newline="") as f:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    return course, scores


def test_nbgrader_releases_exactly_our_learner_copies(graded):
    course, _ = graded
    release = course / "release" / ASSIGNMENT
    assert sorted(p.name for p in release.glob("*.ipynb")) == [p.name for p in SOURCES]
    for path in release.glob("*.ipynb"):
        text = path.read_text()
        # the release holds stubs, never the answers
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path.name
        assert "raise NotImplementedError" in text, path.name
        # and it is, cell for cell, the learner copy tools/make_exercises.py wrote
        learner = json.loads((ROOT / "exercises" / path.name).read_text())["cells"]
        released = json.loads(text)["cells"]
        assert [(c["cell_type"], "".join(c["source"])) for c in released] == \
               [(c["cell_type"], "".join(c["source"])) for c in learner], path.name


def test_autograding_scores_untouched_solved_and_wrong_work(graded):
    _, scores = graded
    total = sum(_max_points(p) for p in SOURCES)
    assert total >= 25  # one point per auto-checked exercise
    assert scores["untouched"] == (0.0, total), "an untouched stub must not earn points"
    assert scores["solved"] == (total, total), "the reference solutions must earn every point"
    sigmoid_points = _max_points(ROOT / "exercises" / "solutions" / "02_sigmoid.ipynb")
    assert scores["wrong_sigmoid"] == (sigmoid_points - 1, total), "the wrong sigmoid loses its point"
