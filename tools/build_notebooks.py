#!/usr/bin/env python
"""Re-execute the curriculum's notebooks in place and refresh what is generated in them.

Usage (from the project root, with the project's venv)::

    python tools/build_notebooks.py                      # every lesson and solution notebook
    python tools/build_notebooks.py notebooks/02_sigmoid.ipynb   # just one (nav/map refreshed too)
    python tools/build_notebooks.py --no-execute         # only navigation cells and course maps
    python tools/build_notebooks.py --check              # exit 1 if anything generated is stale

Conventions for lesson authors (also in notebooks/AUTHORING.md)
----------------------------------------------------------------
* A lesson is ``notebooks/NN_topic.ipynb``; its first heading is ``# NN · Title`` (middle dot,
  U+00B7): the title shown in navigation lines and course maps is what follows the dot.
* Under a line containing ``**Learning goals**`` comes a bullet list (``- ...``); those bullets
  are copied into the README course map and the contents page (00_start_here).
* The first and last cells are navigation lines (previous · contents · next, then "Open in
  Colab" and "Open in Binder" links). They are markdown cells tagged ``navigation``, written by
  this tool: never edit them by hand. A lesson without them gets them inserted. Exercise
  sources (``exercises/solutions/NN_topic.ipynb``) get one too, written for their learner copy
  in ``exercises/`` (lesson, contents, launch links for the learner copy).
* Right before the first code cell (the Setup cell) comes the install cell, a code cell tagged
  ``install-actlib``, also written by this tool (lessons and exercise sources): where actlib is
  missing (Colab, a bare Jupyter) it pip-installs it from the course's repository at a tag,
  with pyproject's unpinned dependencies, and says so; where actlib is installed it does
  nothing and prints nothing. The build runs it like every other cell (cell 1: a notebook
  reads as executed top to bottom, as ../shared/tools/nbcheck.py requires), and nbval runs it
  and requires it to print nothing. ``ACTLIB_INSTALL_SOURCE`` overrides what it
  installs (a local path or wheel: that is how the tests try it).
* The repository (``owner/name``) and the ref (tag or branch) of the launch links, the README
  badges and the install cell are ``[tool.actlib]`` in pyproject.toml: one place for a fork.
* In 00_start_here a markdown cell tagged ``course-map`` holds the lesson map (written here).
* Tags nbval and this tool honour: ``nbval-ignore-output`` (widgets, progress bars, timings:
  the cell runs but its output is not compared), ``raises-exception`` (the cell is meant to
  raise; execution goes on), ``nbval-skip`` (not run by nbval; avoid).
* Execution: a fresh kernel of the interpreter running this script (the project venv, same
  kernel as ``pytest --nbval-current-env``), working directory = the notebook's folder,
  ``MPLBACKEND`` removed from the kernel's environment, execution counts 1..n, no timing
  metadata; consecutive pieces of one stream (stdout, stderr) merged into one output, since
  the kernel splits a print at arbitrary points under load. Widget state is stripped
  (``metadata.widgets``), and widget outputs are replaced by a one-line placeholder, so
  committed notebooks stay small and diffs stay quiet.
* A notebook that raises stops the build of that notebook: the file is left as it was, the
  error is printed and the exit status is 1.
* Limits checked after execution: < 300 KB per notebook (a warning, and a failure in --check).
* Kernels run with ``ACTLIB_REQUIRE_PINS=1`` (as under ``python -m pytest``, see conftest.py):
  lesson 00's version check then fails instead of warning, so no outputs are stored from an
  environment that differs from requirements.txt.
"""
import argparse
import re
import sys
import time
import tomllib
from pathlib import Path
from urllib.parse import quote

import nbformat

ROOT = Path(__file__).resolve().parents[1]

NAV_TAG = "navigation"
MAP_TAG = "course-map"
INSTALL_TAG = "install-actlib"
MAP_START, MAP_END = "<!-- course-map:start -->", "<!-- course-map:end -->"
BADGES_START, BADGES_END = "<!-- launch-badges:start -->", "<!-- launch-badges:end -->"
REPOSITORY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
CONTENTS = "00_start_here.ipynb"
MAX_BYTES = 300_000
LESSON_RE = re.compile(r"^\d\d_\w+\.ipynb$")
TITLE_RE = re.compile(r"^#\s+(\d\d)\s*·\s*(.+?)\s*$", re.MULTILINE)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = "[interactive widget: run this cell in Jupyter to use it]"
# cell metadata that changes from run to run, or records a reader's UI state
VOLATILE_CELL_KEYS = ("execution", "ExecuteTime", "scrolled", "collapsed")
VOLATILE_NB_KEYS = ("widgets", "papermill", "toc", "varInspector")


# -- reading lessons -------------------------------------------------------------------------

def lesson_paths(root=ROOT):
    """notebooks/NN_topic.ipynb files, in order."""
    return sorted(p for p in (Path(root) / "notebooks").glob("*.ipynb")
                  if LESSON_RE.match(p.name))


def _markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"
            and NAV_TAG not in c.metadata.get("tags", [])]


def lesson_info(path, nb=None):
    """Number, title and learning goals of a lesson, read from its markdown."""
    nb = nb if nb is not None else nbformat.read(path, as_version=4)
    text = "\n\n".join(_markdown(nb))
    m = TITLE_RE.search(text)
    number, title = (m.group(1), m.group(2)) if m else (path.name[:2], path.stem[3:])
    return {"path": Path(path), "number": number, "title": title, "goals": _goals(text)}


def _goals(text):
    """The bullet list that follows '**Learning goals**' (an intro line before it is fine)."""
    i = text.find("**Learning goals**")
    if i < 0:
        return []
    goals = []
    for line in text[i:].splitlines()[1:]:
        bullet = re.match(r"^\s{0,3}(?:[-*+]|\d+\.)\s+(.*)", line)
        if bullet:
            goals.append(bullet.group(1).strip())
        elif goals and line.strip() and line.startswith((" ", "\t")):
            goals[-1] += " " + line.strip()  # a bullet continued on the next line
        elif goals:
            break
    return goals


# -- where the course lives: launch links and the install cell --------------------------------

def launch_config(root=ROOT):
    """``{"repository": "owner/name", "ref": tag or branch}`` from ``[tool.actlib]`` in
    pyproject.toml; ``ref`` defaults to ``"v" + [project] version``."""
    path = Path(root) / "pyproject.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cfg = data.get("tool", {}).get("actlib", {})
    repository = cfg.get("repository", "")
    if not REPOSITORY_RE.match(repository):
        raise ValueError(f"{path}: [tool.actlib] repository must be a GitHub 'owner/name', "
                         f"got {repository!r}")
    ref = cfg.get("ref") or f"v{data['project']['version']}"
    return {"repository": repository, "ref": ref}


def colab_url(cfg, relpath):
    """Colab opens a notebook straight from GitHub: github/<owner>/<name>/blob/<ref>/<path>."""
    return (f"https://colab.research.google.com/github/{cfg['repository']}/blob/{cfg['ref']}/"
            f"{relpath}")


def binder_url(cfg, relpath):
    """mybinder.org builds the repository at ref (binder/ holds its environment) and opens
    relpath in JupyterLab."""
    return (f"https://mybinder.org/v2/gh/{cfg['repository']}/{cfg['ref']}"
            f"?labpath={quote(relpath, safe='')}")


def launch_links(cfg, relpath):
    return (f"[Open in Colab]({colab_url(cfg, relpath)}) · "
            f"[Open in Binder]({binder_url(cfg, relpath)})")


def install_source(cfg):
    return f"git+https://github.com/{cfg['repository']}@{cfg['ref']}"


INSTALL_CELL = '''\
# Installs actlib if this Jupyter lacks it (Colab, a bare Jupyter), from the course's
# repository; does nothing where it is installed (`pip install -r requirements.txt`, Binder).
# Generated by tools/build_notebooks.py from [tool.actlib] in pyproject.toml: do not edit.
import importlib.util

if importlib.util.find_spec("actlib") is None:
    import os
    import subprocess
    import sys
    from importlib.metadata import version

    source = "{source}"
    source = os.environ.get("ACTLIB_INSTALL_SOURCE", source)  # e.g. a local path or wheel
    print(f"actlib is not installed: pip install {{source}} (and what it needs) ...", flush=True)
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-color", source],
                         capture_output=True, text=True, check=False)
    if (pip.stdout + pip.stderr).strip():  # pip's errors and warnings
        print((pip.stdout + pip.stderr).strip()[-3000:])
    if pip.returncode:
        raise RuntimeError(f"could not install actlib; try: pip install {{source}}")
    importlib.invalidate_caches()
    print(f"installed actlib {{version('actlib')}}")'''


def install_cell_source(cfg):
    """The source of the generated install cell (plain Python: no `!pip` magic, so it lints
    and runs under nbval like any cell)."""
    return INSTALL_CELL.format(source=install_source(cfg))


# -- generated markdown ----------------------------------------------------------------------

def _name(info):
    return f"{info['number']} · {info['title']}"


def nav_source(infos, i, cfg):
    """previous · contents · next, for lesson i of infos (relative links within notebooks/),
    then the launch links of that lesson."""
    parts = []
    if i > 0:
        parts.append(f"[← {_name(infos[i - 1])}]({infos[i - 1]['path'].name})")
    if infos[i]["path"].name == CONTENTS:
        parts.append("[Contents](../README.md#course-map)")
    else:
        parts.append(f"[Contents]({CONTENTS})")
    if i + 1 < len(infos):
        parts.append(f"[{_name(infos[i + 1])} →]({infos[i + 1]['path'].name})")
    parts.append(launch_links(cfg, f"notebooks/{infos[i]['path'].name}"))
    return " · ".join(parts)


def exercise_nav_source(infos, name, cfg):
    """The navigation line of exercise notebook ``name``, with links relative to exercises/
    (where the learner copy lives; the source in exercises/solutions/ carries the same line)."""
    parts = [f"[← {_name(info)}](../notebooks/{name})" for info in infos
             if info["path"].name == name]
    parts.append(f"[Contents](../notebooks/{CONTENTS})")
    parts.append(launch_links(cfg, f"exercises/{name}"))
    return " · ".join(parts)


def course_map(infos, prefix):
    """Markdown list of lessons, goals and exercise links; ``prefix`` is the path from the
    document to the project root ("" for README, "../" for a notebook)."""
    lines = []
    for info in infos:
        name = info["path"].name
        line = f"- **[{_name(info)}]({prefix}notebooks/{name})**"
        if (info["path"].parent.parent / "exercises" / name).exists():
            line += f" · exercises: [{name}]({prefix}exercises/{name})"
        lines.append(line)
        lines += [f"  - {goal}" for goal in info["goals"]]
    return "\n".join(lines) if lines else "(no lessons yet)"


def _nav_cell(source, cell_id):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [NAV_TAG]
    cell["id"] = cell_id
    return cell


def _install_cell(source):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = [INSTALL_TAG]
    cell["id"] = "install-actlib"
    return cell


def _has_tag(cell, tag):
    return tag in cell.metadata.get("tags", [])


def refresh_install_cell(nb, cfg):
    """The install cell, right before the first other code cell: rewritten if present,
    inserted if not (a notebook without code needs none). A stored notebook keeps its
    execution count (the build runs it as cell 1) but no outputs: it prints nothing where
    actlib is installed."""
    source = install_cell_source(cfg)
    cells = [c for c in nb.cells if _has_tag(c, INSTALL_TAG)]
    for extra in cells[1:]:
        nb.cells.remove(extra)
    if cells:
        cell = cells[0]
        cell.source, cell.outputs = source, []
    else:
        codes = [n for n, c in enumerate(nb.cells) if c.cell_type == "code"]
        if codes:
            nb.cells.insert(codes[0], _install_cell(source))


def _set_nav_cells(nb, nav):
    for where, cell_id in ((0, "nav-top"), (-1, "nav-bottom")):
        cell = nb.cells[where] if nb.cells else None
        if cell is not None and NAV_TAG in cell.metadata.get("tags", []):
            cell.source = nav
        elif where == 0:
            nb.cells.insert(0, _nav_cell(nav, cell_id))
        else:
            nb.cells.append(_nav_cell(nav, cell_id))


def _snapshot(nb):
    return [(c.cell_type, c.source, c.get("outputs"), c.get("execution_count"))
            for c in nb.cells]


def refresh_generated(nb, infos, i, cfg):
    """Put the navigation cells, the install cell (and, in the contents page, the course map)
    into lesson i. Returns True when something changed."""
    before = _snapshot(nb)
    _set_nav_cells(nb, nav_source(infos, i, cfg))
    refresh_install_cell(nb, cfg)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _has_tag(cell, MAP_TAG):
            cell.source = course_map(infos, "../")
    return before != _snapshot(nb)


def refresh_generated_exercise(nb, infos, name, cfg):
    """Navigation cells and install cell of the exercise source ``name``; True if changed."""
    before = _snapshot(nb)
    _set_nav_cells(nb, exercise_nav_source(infos, name, cfg))
    refresh_install_cell(nb, cfg)
    return before != _snapshot(nb)


def _between(text, start, end, body):
    if start not in text or end not in text:
        raise ValueError(f"README.md lacks the markers {start} ... {end}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def readme_badges(cfg):
    """The README's launch badges (images shipped in .github/badges/: nothing is fetched from
    another site to show the README)."""
    start = f"notebooks/{CONTENTS}"
    return (f"[![Open in Colab](.github/badges/open-in-colab.svg)]({colab_url(cfg, start)})\n"
            f"[![Open in Binder](.github/badges/open-in-binder.svg)]({binder_url(cfg, start)})")


def readme_with_map(text, infos, cfg=None):
    """README text with the course map (and, given cfg, the launch badges) regenerated."""
    text = _between(text, MAP_START, MAP_END, course_map(infos, ""))
    if cfg is not None:
        text = _between(text, BADGES_START, BADGES_END, readme_badges(cfg))
    return text


# -- cleaning and executing ------------------------------------------------------------------

def clean(nb):
    """Drop widget state and volatile metadata; widget outputs become a placeholder."""
    for key in VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {"text/plain": WIDGET_PLACEHOLDER}
                out["metadata"] = {}
    return nb


def merge_streams(outputs):
    """Consecutive stream outputs of the same name (stdout, stderr) as one output.

    ipykernel sends what a cell prints in pieces cut by its flush timer, so under load
    ``print(4)`` can arrive as "4" and "\\n": merged, the stored text does not depend on timing.
    """
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.output_type == "stream" and prev is not None and prev.output_type == "stream"
                and prev.name == out.name):
            prev.text += out.text
        else:
            merged.append(out)
    return merged


def execute(nb, folder, timeout, allow_errors=False):
    """Run nb top to bottom in a fresh kernel of this interpreter, cwd = folder.

    The tests run notebooks through this too (tests/test_exercises.py), so a lesson, an
    exercise copy and a benchmark run all see the same kernel.
    """
    import os

    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                       kernel_spec_manager=NbvalKernelspecManager())
    # The kernel's own log at ERROR: ipykernel forwards what the kernel process writes to its
    # stderr during a cell into that cell's outputs, so a warning it logs there would become a
    # stderr stream in the notebook; at start-up it also warns, once per notebook, about TCP
    # without encryption (a local kernel on 127.0.0.1).
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                            allow_errors=allow_errors,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(folder)}})
    # CI exports MPLBACKEND=Agg; a kernel that inherits it draws no inline figures (dropped
    # from the kernel's environment only: the tests run this in their own process)
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    env.setdefault("ACTLIB_REQUIRE_PINS", "1")  # lesson 00 fails outside the pinned versions
    try:
        client.execute(env=env)
    finally:  # nbclient leaves a kernel it did not create running: one per notebook otherwise
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return nb


def stale_reasons(nb, path):
    """What --check complains about in one notebook besides generated markdown."""
    reasons = []
    codes = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in codes]
    if counts != list(range(1, len(codes) + 1)):
        reasons.append("not executed top to bottom from a fresh kernel (execution counts "
                       f"{counts[:8]}{'...' if len(counts) > 8 else ''})")
    if "widgets" in nb.metadata:
        reasons.append("widget state in metadata")
    if any(WIDGET_MIME in o.get("data", {}) for c in codes for o in c.outputs):
        reasons.append("widget outputs not stripped")
    for n, c in enumerate(codes, 1):
        text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                       for o in c.outputs)
        if ("nbval-ignore-output" not in c.metadata.get("tags", [])
                and (WIDGET_PLACEHOLDER in text or re.search(r"\d(it/s|s/it)\]", text))):
            reasons.append(f"code cell {n} shows a widget or progress bar but is not tagged "
                           "nbval-ignore-output")
    size = path.stat().st_size
    if size > MAX_BYTES:
        reasons.append(f"{size / 1000:.0f} KB > {MAX_BYTES / 1000:.0f} KB")
    return reasons


def _rel(path, root=ROOT):
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help="notebooks to build (default: notebooks/*.ipynb and "
                             "exercises/solutions/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if navigation, course maps or execution "
                             "are stale")
    parser.add_argument("--no-execute", action="store_true",
                        help="only refresh navigation cells and course maps")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # for tests
    args = parser.parse_args(argv)
    root = args.root
    readme = root / "README.md"

    paths = args.paths or lesson_paths(root) + sorted((root / "exercises" / "solutions")
                                                      .glob("*.ipynb"))
    lessons = lesson_paths(root)
    infos = [lesson_info(p) for p in lessons]
    index = {p.resolve(): i for i, p in enumerate(lessons)}
    solutions = (root / "exercises" / "solutions").resolve()
    cfg = launch_config(root)
    problems, failed = [], []

    for path in paths:
        path = Path(path)
        if not path.exists():
            parser.error(f"no such notebook: {path}")
        nb = nbformat.read(path, as_version=4)
        i = index.get(path.resolve())
        if i is not None:
            changed = refresh_generated(nb, infos, i, cfg)
        elif path.resolve().parent == solutions:
            changed = refresh_generated_exercise(nb, infos, path.name, cfg)
        else:
            changed = False
        if args.check:
            if changed:
                problems.append(f"{_rel(path, root)}: navigation, install cell or course map "
                                "out of date")
            problems += [f"{_rel(path, root)}: {r}" for r in stale_reasons(nb, path)]
            continue
        if not args.no_execute:
            start = time.perf_counter()
            try:
                execute(nb, path.resolve().parent, args.timeout)
            except Exception as exc:  # noqa: BLE001 - any failure: report it, build the rest
                failed.append(_rel(path, root))
                print(f"FAILED {_rel(path, root)}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            print(f"{time.perf_counter() - start:6.1f} s  {_rel(path, root)}", flush=True)
        clean(nb)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        size = path.stat().st_size
        if size > MAX_BYTES:
            print(f"WARNING {_rel(path, root)} is {size / 1000:.0f} KB (limit "
                  f"{MAX_BYTES / 1000:.0f} KB): fewer or smaller figures", file=sys.stderr)

    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        new = readme_with_map(text, infos, cfg)
        if new != text:
            if args.check:
                problems.append("README.md: course map or launch badges out of date")
            else:
                readme.write_text(new, encoding="utf-8")

    if args.check:
        for p in problems:
            print(f"STALE {p}", file=sys.stderr)
        if problems:
            print("run: python tools/build_notebooks.py", file=sys.stderr)
        return 1 if problems else 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
