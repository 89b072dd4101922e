"""The one call at the top of every lesson: seeded RNG, print precision, figure style."""

import numpy as np
import threadpoolctl

from .validate import int_param


def setup_notebook(seed=0):
    """Prepare a notebook: rounded numpy printing, the curriculum's figure style, PNG figures.

    Call it once in the Setup cell, after ``import matplotlib.pyplot as plt``. Outside IPython
    (scripts, tests) it only sets the print options and the style.

    Parameters
    ----------
    seed : int, default 0
        Seed of the returned generator; a lesson draws all its randomness from it (or from
        ``seed=`` arguments), so every run prints the same numbers.

    Returns
    -------
    numpy.random.Generator

    Notes
    -----
    numpy prints 4 decimals with small numbers suppressed (``np.set_printoptions(precision=4,
    suppress=True)``); figures use :data:`actlib.plotting.STYLE` and are sent to the notebook
    as PNG only (no SVG or PDF copies), at 100 dpi, which keeps notebook files small, and at
    the size they were made (not cropped by ``bbox_inches="tight"``). BLAS is
    limited to one thread (``threadpoolctl``): the lessons' matrices are small.

    Examples
    --------
    >>> saved = np.get_printoptions()
    >>> rng = setup_notebook(seed=1)
    >>> float(np.round(rng.standard_normal(), 4))
    0.3456
    >>> np.array([1 / 3, 1e-9])
    array([0.3333, 0.    ])
    >>> np.set_printoptions(**saved)  # doctests share one process: leave it as it was
    """
    seed = int_param(seed, "seed", low=0)
    from . import plotting  # here, so that `import actlib` does not load matplotlib

    np.set_printoptions(precision=4, suppress=True)
    # One BLAS thread: lessons multiply small matrices, where a second thread only adds
    # hand-off cost, and on a busy machine spinning BLAS threads slow them down many times.
    threadpoolctl.threadpool_limits(1, user_api="blas")
    plotting.use_style()
    _png_figures()
    return np.random.default_rng(int(seed))


def _png_figures():
    """Inline figures as PNG only, when running inside IPython; a no-op elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is pinned in requirements.txt
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib

    # A Jupyter kernel started with MPLBACKEND=Agg in its environment (CI scripts export it)
    # draws no figure at all: plt.show() is silent. Lessons always want inline figures.
    if hasattr(shell, "kernel") and matplotlib.get_backend().lower() == "agg":
        shell.run_line_magic("matplotlib", "inline")
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # bbox_inches=None: IPython's default "tight" draws every figure twice (once to measure
    # it, once to render it); constrained layout (plotting.STYLE) already fits each figure
    # into its size. About 0.1-0.2 s of CPU per figure-heavy cell (benchmarks/README.md).
    set_matplotlib_formats("png", bbox_inches=None)
