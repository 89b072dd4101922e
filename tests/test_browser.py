"""End to end: a learner opens lessons in JupyterLab, runs all cells, and moves a slider.

Starts ``jupyter lab`` (this venv's) on 127.0.0.1 with a random port and token, in a temporary
copy of notebooks/ and exercises/ with isolated Jupyter directories (tests/browser_helpers.py),
and drives Debian's Chromium headless through playwright. For each notebook: clear all outputs,
Run All, wait for every code cell to execute, then check what a learner would see.

Skipped when playwright or Chromium is missing, unless REQUIRE_BROWSER=1 (set by .ci/run), in
which case that is a failure. On failure a screenshot is saved to BROWSER_ARTIFACTS (default: a
folder in the system temp dir) and its path printed.

    python -m pytest -m browser
"""
import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM,
    JS_CLEAR_AND_RUN_ALL,
    JS_STATE,
    JS_WAIT_NOTEBOOK,
    ROOT,
    LabServer,
    chromium,
)

pytestmark = pytest.mark.browser

# The notebooks a learner opens: a lesson with an ipywidgets slider that redraws a figure,
# and an untouched learner copy of an exercise notebook.
LESSON = "notebooks/00_start_here.ipynb"
EXERCISE = "exercises/02_sigmoid.ipynb"

RUN_TIMEOUT = 60          # s for Run All of one notebook (they take a few seconds)
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS",
                                Path(tempfile.gettempdir()) / "actlib-browser-artifacts"))
WIDGET_ERRORS = ["Error displaying widget", "Loading widget...", "Error creating widget"]


def _unavailable(reason):
    """Skip, or fail when the environment promised a browser (CI sets REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def _requirements():
    """Skip (or fail under REQUIRE_BROWSER=1) before starting anything if a piece is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements.txt)")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (Debian/Ubuntu: apt-get install "
                     "chromium; or set CHROMIUM=/path/to/chromium)")
    missing = [p for p in (LESSON, EXERCISE) if not (ROOT / p).exists()]
    if missing:
        _unavailable(f"notebooks not in the repository yet: {', '.join(missing)}")


@pytest.fixture(scope="module")
def lab(_requirements, tmp_path_factory):
    """JupyterLab in a temporary copy of the course; stopped whatever happens."""
    server = LabServer(tmp_path_factory.mktemp("lab"))
    try:
        yield server.launch()   # page() waits for it, after starting the browser
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(_requirements):
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page(lab, browser):
    """One page for the whole module: JupyterLab loads once, notebooks open in tabs."""
    lab.wait_ready()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    try:
        yield pg
    finally:
        context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, lab, name):
    """Save what the page showed when the block failed, and say where."""
    try:
        yield
    except BaseException:
        print(f"\n{_screenshot(page, name + '-FAILED')}\njupyter lab log (tail):\n{lab.log()}")
        raise
    if os.environ.get("BROWSER_SCREENSHOTS") == "always":   # to look at a passing run
        print(f"\n{_screenshot(page, name)}")


def _screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}.png"
    try:
        page.screenshot(path=str(shot))
        return f"screenshot of the page: {shot}"
    except Exception as exc:  # noqa: BLE001 (a failed screenshot must not hide the real failure)
        return f"no screenshot ({exc})"


@pytest.fixture(autouse=True)
def _copy_not_saved(lab):
    """Autosave is off: running the notebooks must not write even the temporary copy (and the
    repository's files are never served: the server's root is the copy)."""
    assert ROOT not in lab.root.parents
    before = {p: p.stat().st_mtime_ns for p in lab.root.rglob("*.ipynb")
              if ".ipynb_checkpoints" not in p.parts}
    yield
    assert {p: p.stat().st_mtime_ns for p in lab.root.rglob("*.ipynb")
              if ".ipynb_checkpoints" not in p.parts} == before


# -- the steps a learner takes ------------------------------------------------------------------


def open_and_run_all(page, lab, relpath):
    """Open relpath in JupyterLab, clear outputs, Run All; return the final state once every
    code cell has an execution count and the kernel is idle."""
    if page.url.startswith(lab.url):   # JupyterLab already loaded: open it as a new tab
        page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', "
                      "{path}); }", relpath)
    else:
        page.goto(lab.lab_url(relpath), wait_until="domcontentloaded")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.evaluate(JS_WAIT_NOTEBOOK, relpath)
    page.evaluate(JS_CLEAR_AND_RUN_ALL)
    deadline = time.monotonic() + RUN_TIMEOUT
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(JS_STATE)
        running = [c for c in state["cells"] if c["prompt"] == "[*]:"]
        if (state["kernel"] == "idle" and not running
                and all(c["count"] is not None for c in state["cells"])):
            return state
        # Run All stops at an unexpected error: no point in waiting for the rest
        if state["kernel"] == "idle" and not running and _errors(state):
            return state
        time.sleep(0.3)
    return state


def wait_idle(page, quiet=1.0, timeout=RUN_TIMEOUT):
    """Wait until the kernel has been idle for `quiet` seconds."""
    deadline, idle_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if page.evaluate(JS_STATE)["kernel"] == "idle":
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= quiet:
                return
        else:
            idle_since = None
        time.sleep(0.1)
    raise AssertionError(f"kernel still busy after {timeout} s")


def _errors(state):
    """(cell index, ename, evalue) of every error output in a cell not tagged raises-exception."""
    return [(c["index"], o["ename"], o["evalue"]) for c in state["cells"]
            if "raises-exception" not in c["tags"]
            for o in c["outputs"] if o["type"] == "error"]


def assert_ran_cleanly(page, state):
    assert state is not None
    assert not _errors(state), f"error outputs: {_errors(state)}"
    unexecuted = [c["index"] for c in state["cells"] if c["count"] is None]
    assert not unexecuted, f"code cells not executed (kernel {state['kernel']}): {unexecuted}"
    counts = [c["count"] for c in state["cells"]]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}"
    for text in WIDGET_ERRORS:
        assert page.locator(".jp-Notebook", has_text=text).count() == 0, f"{text!r} on the page"
    assert not dom_errors(page), f"errors shown on the page: {dom_errors(page)}"
    assert not page.js_errors, f"JavaScript errors in the page: {page.js_errors}"


def dom_errors(page):
    """(cell index, text) of every error or traceback the page shows, widget outputs included,
    outside cells tagged raises-exception."""
    return page.evaluate("""() => {
        const found = [];
        window.jupyterapp.shell.currentWidget.content.widgets.forEach((cell, i) => {
            if ((cell.model.getMetadata('tags') || []).includes('raises-exception')) return;
            cell.node.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"],'
                + '[data-mime-type="application/vnd.jupyter.stderr"]').forEach(el => {
                const text = el.textContent;
                if (el.dataset.mimeType.endsWith('error') || /Traceback|Error/.test(text))
                    found.push([i, text.slice(-300)]);
            });
        });
        return found;
    }""")


def rendered_images(page, cell_index):
    """src of every image in the output of the cell_index-th cell, once it has decoded."""
    return page.evaluate("""(i) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
        return [...cell.node.querySelectorAll('.jp-OutputArea img')]
            .filter(img => img.complete && img.naturalWidth > 0).map(img => img.src);
    }""", cell_index)


# -- the tests ----------------------------------------------------------------------------------


def test_lesson_runs_and_its_slider_redraws_the_figure(page, lab):
    with screenshot_on_failure(page, lab, "lesson"):
        _lesson(page, lab)


def _lesson(page, lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    state = open_and_run_all(page, lab, LESSON)
    assert_ran_cleanly(page, state)

    # figures: every cell whose output holds a PNG shows it as a decoded image
    figure_cells = [c["index"] for c in state["cells"]
                    if any("image/png" in o["mimes"] for o in c["outputs"])]
    assert figure_cells, f"{LESSON} drew no figure"
    for i in figure_cells:
        assert rendered_images(page, i), f"cell {i}: figure not rendered as an image"

    # widgets: the first slider is visible; moving it redraws the figure next to it
    slider = page.locator(".jp-Notebook .widget-slider").first
    slider.scroll_into_view_if_needed()
    assert slider.is_visible(), "no ipywidgets slider visible"
    widget_cell = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .findIndex(c => c.node.querySelector('.widget-slider') !== null)""")
    page.wait_for_function("""(i) => [...window.jupyterapp.shell.currentWidget.content
        .widgets[i].node.querySelectorAll('.jp-OutputArea img')].some(im => im.naturalWidth > 0)""",
                           arg=widget_cell, timeout=15_000)
    before = rendered_images(page, widget_cell)
    readout = slider.locator(".widget-readout").first
    readout_before = readout.text_content()
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    try:
        page.wait_for_function("""([i, before]) => {
            const imgs = [...window.jupyterapp.shell.currentWidget.content.widgets[i].node
                .querySelectorAll('.jp-OutputArea img')].filter(im => im.naturalWidth > 0);
            return imgs.length > 0
                && JSON.stringify(imgs.map(im => im.src)) !== JSON.stringify(before);
        }""", arg=[widget_cell, before], timeout=15_000)
    except PlaywrightTimeout:
        raise AssertionError(f"cell {widget_cell}: moving the slider did not redraw the figure "
                             f"within 15 s; widget output: {dom_errors(page)}") from None
    assert readout.text_content() != readout_before, "the slider's value did not change"
    wait_idle(page)   # every redraw the key presses asked for has been made
    after = rendered_images(page, widget_cell)
    assert after and after != before, "after the redraws, no figure or the first one again"
    assert_ran_cleanly(page, page.evaluate(JS_STATE))   # the redraw raised nothing either


def test_untouched_exercise_copy_reports_not_attempted(page, lab):
    with screenshot_on_failure(page, lab, "exercise"):
        _exercise(page, lab)


def _exercise(page, lab):
    state = open_and_run_all(page, lab, EXERCISE)
    assert_ran_cleanly(page, state)
    check_cells = [c for c in state["cells"] if re.search(r"\bchecks\.check_\w+\(", c["source"])]
    assert check_cells, f"{EXERCISE} has no check cell"
    for c in check_cells:
        text = "".join(o["text"] for o in c["outputs"])
        assert "not attempted" in text, f"cell {c['index']} printed {text!r}"
    shown = page.locator(".jp-Notebook .jp-OutputArea-output", has_text="not attempted")
    assert shown.count() >= len(check_cells), "the checks' messages are not on the page"
