"""Time every lesson (and, with --all, every exercise solution) top to bottom, as a learner's
Run All would: a fresh kernel of this interpreter per notebook, nothing written back.

Run ``python benchmarks/bench_notebooks.py``. The budget of the curriculum (issue 13): each
lesson in under 6 s on two CPU cores, all lessons together in under 40 s. Wall time includes
starting the kernel (about 0.6 s here) and the imports of the Setup cell (about 0.5 s); the
notebooks on disk are left untouched (``tools/build_notebooks.py`` is what re-executes them in
place). The exit status is 1 when the lessons are over either budget.
"""
import argparse
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_notebooks import execute, lesson_paths  # tools/ is not a package

LESSON_BUDGET, TOTAL_BUDGET = 6.0, 40.0


def time_notebook(path, timeout=120):
    """Wall seconds to execute the notebook at ``path`` in a fresh kernel (read, not written)."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    execute(nb, path.parent, timeout)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="exercise solutions too")
    args = parser.parse_args(argv)
    lessons = lesson_paths()
    solutions = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    print(f"python {sys.version.split()[0]}; wall seconds per notebook, fresh kernel each")
    totals, over_lesson = {}, False
    for group, paths in (("lessons", lessons), ("solutions", solutions if args.all else [])):
        total = 0.0
        for path in paths:
            seconds = time_notebook(path)
            total += seconds
            too_slow = group == "lessons" and seconds > LESSON_BUDGET
            over_lesson |= too_slow
            note = f"  OVER {LESSON_BUDGET:.0f} s" if too_slow else ""
            print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}{note}")
        if paths:
            totals[group] = total
    for group, total in totals.items():
        budget = f" (budget {TOTAL_BUDGET:.0f} s)" if group == "lessons" else ""
        print(f"{total:6.1f} s  all {group}{budget}")
    return 0 if totals.get("lessons", 0) <= TOTAL_BUDGET and not over_lesson else 1


if __name__ == "__main__":
    sys.exit(main())
