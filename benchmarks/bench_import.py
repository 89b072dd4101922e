"""How long a lesson takes to get going: ``import actlib`` + ``setup_notebook()``, and the first figure.

Run ``python benchmarks/bench_import.py [--runs 7]``. Two measurements, each repeated in fresh
processes, because import times are only meaningful from a cold interpreter:

1. *script*: a fresh ``python -c`` runs ``import actlib; actlib.setup_notebook()`` (wall and
   CPU time of exactly that), then draws the first figure (``plot_activation``) and encodes it
   as PNG, as the inline backend would (Agg; the first figure pays for loading fonts); and
   once more with ``matplotlib.pyplot`` imported before the clock starts, as every lesson's
   Setup cell does, which leaves actlib's own share;
2. *kernel*: a fresh Jupyter kernel of this interpreter (started, not timed) executes a
   lesson's Setup cell (``import matplotlib.pyplot as plt`` first, then ``import actlib`` and
   ``setup_notebook()``) and then a cell that shows one figure; the times are what the
   notebook's client waits for each cell, so they include the inline backend and the kernel's
   messaging: what a learner's *Run All* waits before the first figure.

Target (issue 13): ``import actlib`` + ``setup_notebook()`` under 0.5 s. Timings depend on the
machine and its load: run it on a quiet machine and write the runs in benchmarks/README.md.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

TARGET = 0.5

SCRIPT = """
import json, sys, time
w, c = time.perf_counter(), time.process_time()
if sys.argv[1] == "after-pyplot":  # as a lesson's Setup cell: pyplot first, then actlib
    import matplotlib.pyplot
    w, c = time.perf_counter(), time.process_time()
import actlib
actlib.setup_notebook()
w1, c1 = time.perf_counter(), time.process_time()
import io
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from actlib.plotting import plot_activation
ax = plot_activation("relu")
ax.figure.canvas.print_figure(io.BytesIO(), format="png", bbox_inches=None)
w2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import_wall": w1 - w, "import_cpu": c1 - c, "figure_wall": w2 - w1,
                  "figure_cpu": c2 - c1}))
"""

SETUP_CELL = "import matplotlib.pyplot as plt\nimport actlib\nrng = actlib.setup_notebook()"
FIGURE_CELL = ("from actlib.plotting import plot_activation\n"
               "ax = plot_activation('relu')\nplt.show()")


def script_run(order="cold"):
    """One fresh interpreter: seconds for import + setup and for the first figure."""
    out = subprocess.run([sys.executable, "-c", SCRIPT, order], capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def kernel_run():
    """One fresh kernel: client-side seconds for the Setup cell and the first figure cell."""
    from jupyter_client import KernelManager
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                       kernel_spec_manager=NbvalKernelspecManager())
    km.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        times = {}
        for name, code in (("setup", SETUP_CELL), ("figure", FIGURE_CELL)):
            start = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
            times[name] = time.perf_counter() - start
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{name} cell failed: {reply['content']}")
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _summary(values):
    return (f"median {statistics.median(values):.3f} s, range {min(values):.3f}-"
            f"{max(values):.3f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; {args.runs} fresh processes each")
    scripts = [script_run() for _ in range(args.runs)]
    for key, label in (("import_wall", "import actlib + setup_notebook(), wall"),
                       ("import_cpu", "import actlib + setup_notebook(), CPU"),
                       ("figure_wall", "then the first figure as PNG, wall"),
                       ("figure_cpu", "then the first figure as PNG, CPU")):
        print(f"  script  {label:46s} {_summary([s[key] for s in scripts])}")
    after = [script_run("after-pyplot") for _ in range(args.runs)]
    label = "actlib's share (pyplot imported first), wall"
    print(f"  script  {label:46s} {_summary([s['import_wall'] for s in after])}")
    kernels = [kernel_run() for _ in range(args.runs)]
    print(f"  kernel  {'Setup cell (pyplot, actlib, setup_notebook)':46s} "
          f"{_summary([k['setup'] for k in kernels])}")
    print(f"  kernel  {'first figure cell':46s} {_summary([k['figure'] for k in kernels])}")
    median = statistics.median(s["import_wall"] for s in scripts)
    print(f"target: import + setup under {TARGET} s (median wall {median:.3f} s: "
          f"{'met' if median < TARGET else 'NOT met'})")
    return 0 if median < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
