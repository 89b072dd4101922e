"""Time every slider move a learner can make: each explorer's redraw, in every lesson.

Run ``python benchmarks/bench_widgets.py`` (or name some notebooks). For each lesson it runs
the code cells in a fresh process, as Run All would (Agg backend, nothing displayed, nothing
written back), and collects every widget a cell leaves as its value. Then, for every control
in it (sliders, dropdowns, check boxes, found by walking the widget tree), it sets a few values
one at a time (min, middle, max, every option) exactly as ipywidgets does when the learner
lets go of a slider: ``control.value = v``, which runs the observers, redraws the figure and
encodes its PNG. The time of that assignment is the redraw time; the value goes back to where
it started afterwards (not timed).

Target (issue 13): median under 150 ms, none over 400 ms. The exit status is 1 when a redraw
is over 400 ms. Timings depend on the machine and its load: run it on a quiet machine, several
times, and write the runs and their spread in benchmarks/README.md.
"""
import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEDIAN_TARGET, WORST_TARGET = 0.150, 0.400


def _cell_code(source):
    """Compile a cell so that its last expression's value lands in ``_cell_value``."""
    tree = ast.parse(source)
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        tree.body[-1] = ast.Assign(targets=[ast.Name("_cell_value", ast.Store())],
                                   value=tree.body[-1].value)
        ast.fix_missing_locations(tree)
    return compile(tree, "<cell>", "exec")


def _controls(widget):
    """Every value control inside a widget tree (not outputs, labels or text)."""
    import ipywidgets as w

    if isinstance(widget, (w.Output, w.HTML, w.Label, w.Image)):
        return []
    if isinstance(widget, w.Box):
        return [c for child in widget.children for c in _controls(child)]
    return [widget] if isinstance(widget, w.ValueWidget) else []


def _values_to_try(control):
    import ipywidgets as w

    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.SelectionSlider)):
        values = [v for _, v in control._options_full] if hasattr(control, "_options_full") \
            else list(control.options)
        return [v for v in values if v != control.value]
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [not control.value]
    if isinstance(control, (w.FloatRangeSlider, w.IntRangeSlider)):
        lo, hi = control.min, control.max
        return [(lo, hi), (lo, (lo + hi) / 2), ((lo + hi) / 2, hi)]
    if isinstance(control, w.FloatLogSlider):
        exponents = (control.min, (control.min + control.max) / 2, control.max)
        return [v for v in (control.base ** e for e in exponents)
                if not abs(v - control.value) <= 1e-9 * abs(v)]
    if hasattr(control, "min") and hasattr(control, "max"):
        mid = (control.min + control.max) / 2
        if isinstance(control.value, int):
            mid = round(mid)
        return [v for v in (control.min, mid, control.max) if v != control.value]
    return []


def bench_one(path):
    """Run one notebook's cells, then time every control move; a list of result dicts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    nb = nbformat.read(path, as_version=4)
    os.chdir(path.parent)
    namespace = {"__name__": "__main__"}
    found = []
    warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        namespace.pop("_cell_value", None)
        try:
            exec(_cell_code(cell.source), namespace)  # noqa: S102 - the lesson's own code
        except Exception:
            if "raises-exception" not in cell.metadata.get("tags", []):
                raise
        plt.close("all")
        value = namespace.get("_cell_value")
        if _controls_or_none(value):
            found.append((index, value))
    results = []
    for index, widget in found:
        for control in _controls(widget):
            start_value = control.value
            for v in _values_to_try(control):
                t0, c0 = time.perf_counter(), time.process_time()
                control.value = v
                seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
                results.append({"notebook": path.name, "cell": index,
                                "control": control.description or type(control).__name__,
                                "value": repr(v)[:30], "seconds": seconds, "cpu": cpu})
                control.value = start_value
                plt.close("all")
    return results


def _controls_or_none(value):
    try:
        import ipywidgets as w
    except ImportError:
        return None
    return isinstance(value, w.Widget) and _controls(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(bench_one(args.one.resolve())))
        return 0
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    env = {**os.environ, "MPLBACKEND": "Agg"}
    results = []
    for path in paths:
        run = subprocess.run([sys.executable, __file__, "--one", str(path)], env=env,
                             capture_output=True, text=True, check=True)
        results += json.loads(run.stdout.strip().splitlines()[-1])
    if not results:
        print("no widgets found")
        return 0
    print(f"python {sys.version.split()[0]}; one row per control move: wall and CPU ms (BLAS "
          "runs on one thread, so on a quiet machine the two agree; under load CPU time is "
          "the steadier number)")
    for r in results:
        flag = "  OVER 400 ms" if r["seconds"] > WORST_TARGET else ""
        print(f"{1000 * r['seconds']:7.1f} {1000 * r['cpu']:7.1f}  {r['notebook']} cell "
              f"{r['cell']:>2}  {r['control']} = {r['value']}{flag}")
    times = [r["seconds"] for r in results]
    groups = {}
    for r in results:
        groups.setdefault(r["notebook"], []).append(r)
    groups["all"] = results
    print()
    for name, rs in groups.items():
        wall, cpu = [r["seconds"] for r in rs], [r["cpu"] for r in rs]
        print(f"{name:40s} median {1000 * statistics.median(wall):6.1f} ms "
              f"(CPU {1000 * statistics.median(cpu):6.1f}), worst {1000 * max(wall):6.1f} ms "
              f"(CPU {1000 * max(cpu):6.1f}), {len(rs)} moves")
    print(f"targets: median {1000 * MEDIAN_TARGET:.0f} ms, worst {1000 * WORST_TARGET:.0f} ms")
    return 0 if max(times) <= WORST_TARGET and statistics.median(times) <= MEDIAN_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
