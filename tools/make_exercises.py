#!/usr/bin/env python
"""Generate the learner's exercise notebooks from the solution sources.

Usage (from the project root, with the project's venv)::

    python tools/make_exercises.py            # write exercises/NN_topic.ipynb from exercises/solutions/
    python tools/make_exercises.py --check    # change nothing; exit 1 if a learner copy is stale

For every ``exercises/solutions/NN_topic.ipynb``, the learner's copy ``exercises/NN_topic.ipynb``
is the same notebook with

* every block between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers)
  replaced by ``# YOUR CODE HERE`` and ``raise NotImplementedError()``, indented like the
  markers, so ``def`` lines above a block stay and each stub is still a valid function;
* outputs and execution counts cleared;
* cell metadata reduced to ``tags`` (nbgrader's cell metadata is dropped: instructors who use
  nbgrader run ``nbgrader generate_assignment`` on the solution sources instead), notebook
  metadata reduced to the kernelspec and language.

The result depends only on the source, so ``--check`` simply regenerates in memory and compares.
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_BLOCK = re.compile(r"^([ \t]*)" + re.escape(BEGIN) + r"[ \t]*\n.*?^[ \t]*" + re.escape(END)
                    + r"[ \t]*$", re.DOTALL | re.MULTILINE)


def strip_solutions(source):
    """Replace each solution block of a cell's source by the two-line stub.

    Raises ValueError for unbalanced markers, so a typo cannot leak a solution.

    >>> print(strip_solutions("def f(x):\\n    ### BEGIN SOLUTION\\n    return x\\n    ### END SOLUTION"))
    def f(x):
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    def stub(match):
        indent = match.group(1)
        return "\n".join(indent + line for line in STUB)

    out = _BLOCK.sub(stub, source)
    if BEGIN in out or END in out:
        raise ValueError(f"unbalanced {BEGIN!r}/{END!r} markers in cell:\n{source}")
    return out


def learner_copy(nb):
    """The learner's notebook for a solution notebook (a new object; nb is not changed)."""
    nb = nbformat.from_dict(nb)
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))  # deep copy
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC,
                                      "language_info": {"name": "python"}})
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return nb


def pairs(root=ROOT):
    """(solution source, learner copy) paths, in order."""
    sources = sorted((Path(root) / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    return [(src, src.parent.parent / src.name) for src in sources]


def render(src):
    """The text the learner's copy of ``src`` must have."""
    return nbformat.writes(learner_copy(nbformat.read(src, as_version=4))) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any learner copy is missing or stale")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # for tests
    args = parser.parse_args(argv)
    stale = []
    for src, dst in pairs(args.root):
        text = render(src)
        if dst.exists() and dst.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(dst)
            continue
        dst.write_text(text, encoding="utf-8")
        print(f"wrote {dst.relative_to(args.root)}")
    if stale:
        for dst in stale:
            print(f"STALE {dst.relative_to(args.root)}", file=sys.stderr)
        print("run: python tools/make_exercises.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
