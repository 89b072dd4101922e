"""The course website: built from the committed notebooks, then read in headless Chromium.

Two parts:

* Staging (no browser, no Jupyter Book; runs everywhere): tools/build_site.py on a small fake
  course finds a new lesson by itself, keeps the solutions out, turns widget placeholders into
  notes and external images into text, and links each page to its notebook and Binder.
* The real site (marked ``browser``): tools/build_site.py, run with the site's own Python
  (``SITE_PYTHON``; default ``.site-venv/bin/python``, see README "The course website"),
  builds the site into a temporary folder; a loopback HTTP server serves it, Debian's Chromium
  opens the home page, every lesson and every exercise page, and checks what a reader sees:
  no console error, no request leaving 127.0.0.1 (MathJax included), every figure decoded,
  formulas typeset by MathJax without error, widget notes in place, previous/next reaching
  the right lesson, the download being the committed notebook.

Skipped when the site's Python (or playwright, or Chromium) is missing, unless REQUIRE_SITE=1
(or REQUIRE_BROWSER=1), both set by .ci/run, in which case that is a failure. With
BROWSER_SCREENSHOTS=always each page is also saved at a laptop and a phone width to
BROWSER_ARTIFACTS (default: a folder in the system temp dir).

    python -m pytest tests/test_site.py
"""
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path
from urllib.parse import quote, urljoin

import nbformat
import pytest
from browser_helpers import CHROMIUM, ROOT, chromium

sys.path.insert(0, str(ROOT / "tools"))
import build_site
from build_notebooks import WIDGET_PLACEHOLDER, lesson_info, lesson_paths

SITE_PYTHON = os.environ.get("SITE_PYTHON") or str(ROOT / ".site-venv" / "bin" / "python")
REPO = "https://github.com/example-org/activation-course"   # only written into links
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS",
                                Path(tempfile.gettempdir()) / "actlib-browser-artifacts"))
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}

LESSONS = lesson_paths()
EXERCISES = build_site.exercise_paths()


def _html(relpath):
    return str(Path(relpath).with_suffix(".html"))


def _rel(path):
    return path.relative_to(ROOT).as_posix()


# -- staging, on a fake course (fast; no Jupyter Book needed) -----------------------------------

def _notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"}, "language_info": {"name": "python"}}
    return nb


def _fake_course(root):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    (root / "notebooks").mkdir(parents=True)
    (root / "exercises" / "solutions").mkdir(parents=True)
    nav = md("[Contents](../README.md)")
    nav.metadata["tags"] = ["navigation"]
    widget = code("interactive_plot(draw, n=(1, 9))")
    widget.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": WIDGET_PLACEHOLDER},
                                             execution_count=1)]
    install = code("# installs actlib where it is missing")
    install.metadata["tags"] = ["install-actlib"]
    bar = code("for i in tqdm(range(3)):\n    pass")
    bar.outputs = [nbformat.v4.new_output("display_data", {"text/plain": WIDGET_PLACEHOLDER})]
    lessons = {"00_intro": "Intro", "01_first": "First", "11_brand_new": "Brand new"}
    for stem, title in lessons.items():
        cells = [nav, md(f"# {stem[:2]} · {title}\n\nWhy it matters."), install, widget, bar,
                 md("[![Open in Colab](https://colab.example/badge.svg)](https://colab.example/x)"
                    ' and <img src="https://img.example/b.svg" alt="a badge">'
                    "\n\nSee [the licence](../LICENSE) and [the guide](../GUIDE.md).")]
        nbformat.write(_notebook(cells), root / "notebooks" / f"{stem}.ipynb")
    nbformat.write(_notebook([md("# 01 · Exercises: First")]),
                   root / "exercises" / "01_first.ipynb")
    nbformat.write(_notebook([md("# 01 · Solutions, not for the site")]),
                   root / "exercises" / "solutions" / "01_first.ipynb")
    (root / ".github" / "badges").mkdir(parents=True)
    (root / ".github" / "badges" / "colab.svg").write_text("<svg/>")
    (root / "README.md").write_text(
        "# Course\n\n[![Open in Colab](.github/badges/colab.svg)](https://colab.example/c)"
        "\n\n[Intro](notebooks/00_intro.ipynb)\n\n## Set-up\n\nInstall it.\n")
    (root / "LICENSE").write_text("MIT\n")
    (root / "GUIDE.md").write_text("# Guide\n\n[back](README.md)\n")


def test_staging_finds_the_lessons_and_prepares_them_for_the_web(tmp_path):
    root, dest = tmp_path / "course", tmp_path / "staged"
    _fake_course(root)
    dest.mkdir()
    repo = build_site.Repository(REPO, "main")
    toc, sources = build_site.stage(root, dest, repo)

    # a lesson 11 is in the table of contents without any configuration, in number order
    assert toc["root"] == "README"
    assert [p["caption"] for p in toc["parts"]] == ["Lessons", "Exercises", "About"]
    assert toc["parts"][0]["chapters"] == [{"file": "notebooks/00_intro"},
                                           {"file": "notebooks/01_first"},
                                           {"file": "notebooks/11_brand_new"}]
    assert toc["parts"][1]["chapters"] == [{"file": "exercises/01_first"}]
    assert toc["parts"][2]["chapters"] == [{"file": "GUIDE"}]   # linked .md: a page
    assert sorted(p.relative_to(root).as_posix() for p in sources) == [
        "GUIDE.md", "README.md", "exercises/01_first.ipynb", "notebooks/00_intro.ipynb",
        "notebooks/01_first.ipynb", "notebooks/11_brand_new.ipynb"]
    assert (dest / "LICENSE").read_text() == "MIT\n"             # linked file: a download
    assert (dest / ".github" / "badges" / "colab.svg").exists()  # a local badge: shown
    assert "(.github/badges/colab.svg)" in (dest / "README.md").read_text()
    # the learner copy is staged; the solution never is
    assert (dest / "exercises" / "01_first.ipynb").exists()
    assert not [p for p in dest.rglob("*") if "solutions" in p.parts]

    nb = nbformat.read(dest / "notebooks" / "11_brand_new.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    # the "Run this lesson" box comes right under the title cell
    assert "Run this lesson" in sources[2] and "# 11 · Brand new" in sources[1]
    binder = ("https://mybinder.org/v2/gh/example-org/activation-course/main"
              "?labpath=notebooks%2F11_brand_new.ipynb")
    assert binder in sources[2]
    assert f"{REPO}/blob/main/notebooks/11_brand_new.ipynb" in sources[2]
    assert ("https://colab.research.google.com/github/example-org/activation-course/blob/main/"
            "notebooks/11_brand_new.ipynb") in sources[2]
    # the install cell (for Colab) is folded on the page
    assert nb.cells[3].metadata["tags"] == ["install-actlib", "hide-input"]
    assert "install cell" in nb.cells[3].metadata["mystnb"]["code_prompt_show"]
    assert "<../_download/notebooks/11_brand_new.ipynb>" in sources[2]
    # the committed notebook, byte for byte, is what the download link serves
    assert ((dest / "_download" / "notebooks" / "11_brand_new.ipynb").read_bytes()
            == (root / "notebooks" / "11_brand_new.ipynb").read_bytes())
    # widget and progress-bar placeholders become notes that say where they work
    notes = [o.data["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert len(notes) == 2
    assert "Interactive" in notes[0] and "JupyterLab" in notes[0] and binder in notes[0]
    assert "Progress bar" in notes[1]
    # external images become their alt text (a badge inside a link stays a link)
    badges = sources[-1]
    assert "[Open in Colab](https://colab.example/x)" in badges
    assert "a badge" in badges and "img.example" not in badges and "badge.svg" not in badges

    # the source notebooks are untouched
    assert len(nbformat.read(root / "notebooks" / "11_brand_new.ipynb", as_version=4).cells) == 6


def test_without_a_repository_there_are_no_github_or_binder_links(tmp_path):
    root, dest = tmp_path / "course", tmp_path / "staged"
    _fake_course(root)
    dest.mkdir()
    build_site.stage(root, dest, build_site.Repository(None))
    text = (dest / "notebooks" / "00_intro.ipynb").read_text()
    assert "mybinder" not in text and "github.com" not in text
    assert "_download/notebooks/00_intro.ipynb" in text
    assert "open this lesson in JupyterLab" in text


def test_the_repository_is_the_one_the_notebooks_link_to(tmp_path):
    cfg = build_site.launch_config(ROOT)
    repo = build_site.Repository.configured(ROOT)
    assert repo.url == f"https://github.com/{cfg['repository']}" and repo.ref == cfg["ref"]
    rel = _rel(LESSONS[0])
    # the same Binder launch as the notebook's own navigation line
    assert repo.binder_launch(rel) == build_site.binder_url(cfg, rel)
    assert build_site.Repository.configured(tmp_path).url is None   # no pyproject.toml


def test_a_repository_that_is_not_on_github_is_refused():
    with pytest.raises(SystemExit, match="github.com/OWNER/REPO"):
        build_site.Repository("https://gitlab.example/o/r")


# -- the real site, in a real browser -----------------------------------------------------------

def _unavailable(reason, required_by):
    """Skip, or fail when the environment promised the piece (.ci/run sets REQUIRE_SITE=1 with
    the site's venv, REQUIRE_BROWSER=1 with Chromium)."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{required_by}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site_python():
    """The site venv's Python (it has Jupyter Book and MathJax), or skip."""
    if not os.access(SITE_PYTHON, os.X_OK):
        _unavailable(f"no site Python at {SITE_PYTHON} (python -m venv .site-venv && "
                     ".site-venv/bin/pip install -r requirements-site.txt; or set SITE_PYTHON)",
                     "REQUIRE_SITE")
    probe = subprocess.run([SITE_PYTHON, "-c", "import jupyter_book, mathjax"],
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        _unavailable(f"{SITE_PYTHON} lacks the site's packages (pip install -r "
                     f"requirements-site.txt): {probe.stderr.strip()[-300:]}", "REQUIRE_SITE")
    return SITE_PYTHON


def build(python, out, *args):
    return subprocess.run([python, str(ROOT / "tools" / "build_site.py"), "--out", str(out),
                           *args], capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def site(site_python, tmp_path_factory):
    """The site, built from the repository's notebooks into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "html"
    run = build(site_python, out, "--repository-url", REPO, "--ref", "main")
    assert run.returncode == 0, f"site build failed:\n{run.stdout}\n{run.stderr}"
    print(run.stdout.strip())
    return out


@pytest.mark.browser
def test_a_new_lesson_gets_its_page_and_a_broken_link_fails_the_build(site_python, tmp_path):
    """On a fake course, through Jupyter Book: lesson 11 is built and linked by itself; a
    link to a notebook that does not exist stops the build (so it fails CI)."""
    root, out = tmp_path / "course", tmp_path / "html"
    _fake_course(root)
    run = build(site_python, out, "--root", str(root), "--no-repository")
    assert run.returncode == 0, run.stdout + run.stderr
    page = (out / "notebooks" / "11_brand_new.html").read_text(encoding="utf-8")
    assert re.search(r'class="left-prev"\s+href="01_first.html"', page)
    assert "<h1>11 · Brand new" in page
    assert not (out / "exercises" / "solutions").exists()

    nb = nbformat.read(root / "notebooks" / "01_first.ipynb", as_version=4)
    nb.cells[1].source += "\n\nSee [the next one](02_missing.ipynb)."
    nbformat.write(nb, root / "notebooks" / "01_first.ipynb")
    run = build(site_python, out, "--root", str(root), "--no-repository")
    assert run.returncode != 0
    assert "02_missing" in run.stdout + run.stderr, run.stdout + run.stderr


@pytest.mark.browser
def test_the_site_holds_the_learner_copies_and_nothing_from_outside(site):
    """Static checks of the files (every page, not only the ones the browser opens)."""
    assert (site / "index.html").exists() and (site / "README.html").exists()
    for path in LESSONS + EXERCISES:
        assert (site / _html(_rel(path))).exists(), f"no page for {_rel(path)}"
    assert not [p for p in site.rglob("*") if "solutions" in p.parts]
    pages = list(site.rglob("*.html"))
    external = re.compile(r"<(?:script|img|iframe)\b[^>]*\bsrc=\"(?:https?:)?//|"
                          r"<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*rel=\"stylesheet|"
                          r"<link\b[^>]*rel=\"stylesheet\"[^>]*href=\"(?:https?:)?//")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text, f"{page}: a solution is on the site"
        found = external.search(text)
        assert not found, f"{page.relative_to(site)} loads from outside: {found.group(0)}"
    for path in EXERCISES:   # the learner's stubs, not the answers
        assert "NotImplementedError" in (site / _html(_rel(path))).read_text(encoding="utf-8")
    assert (site / "_static" / "mathjax" / "tex-mml-chtml.js").stat().st_size > 100_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # the browser drops connections it no longer needs (it moved on to the next page)
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server(site):
    """The built site on http://127.0.0.1:<free port>/ (as GitHub Pages would serve it)."""
    httpd = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(site):
    try:
        import playwright.sync_api  # noqa: F401 - only: is it installed?
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements.txt)",
                     "REQUIRE_BROWSER")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (Debian/Ubuntu: apt-get install "
                     "chromium; or set CHROMIUM=/path/to/chromium)", "REQUIRE_BROWSER")
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and aborts any request off 127.0.0.1."""
    context = browser.new_context(viewport={"width": WIDTHS["laptop"][0],
                                            "height": WIDTHS["laptop"][1]})
    pg = context.new_page()
    pg.errors, pg.outside = [], []
    pg.on("console", lambda msg: msg.type == "error" and pg.errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))

    def route(r):
        if r.request.url.startswith(server):
            r.continue_()
        else:
            pg.outside.append(r.request.url)
            r.abort()
    pg.route("**/*", route)
    try:
        yield pg
    finally:
        context.close()


def open_page(page, url):
    """Go to url and wait until its images have loaded and MathJax has typeset the page."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => [...document.images].every(im => im.complete)",
                           timeout=30_000)
    page.evaluate("""async () => {
        if (!document.querySelector('.math')) return;
        const t0 = Date.now();
        while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
            if (Date.now() - t0 > 30000) throw new Error('MathJax did not start');
            await new Promise(r => setTimeout(r, 50));
        }
        await MathJax.startup.promise;
    }""")


def check_reader_view(page, path=None):
    """What every page must get right; path is the notebook the page was built from."""
    images = page.evaluate("""() => [...document.querySelectorAll('main img')]
        .map(im => ({src: im.getAttribute('src'), w: im.naturalWidth}))""")
    broken = [im["src"] for im in images if im["w"] == 0]
    assert not broken, f"images that did not decode: {broken}"
    math = page.evaluate("""() => ({
        raw: [...document.querySelectorAll('main .math')]
             .filter(el => !el.querySelector('mjx-container'))
             .map(el => el.textContent).slice(0, 3),
        typeset: document.querySelectorAll('main mjx-container').length,
        errors: [...document.querySelectorAll('main mjx-merror')].map(e => e.textContent)})""")
    assert not math["raw"], f"formulas left as TeX: {math['raw']}"
    assert not math["errors"], f"MathJax could not typeset: {math['errors']}"
    if path is not None:
        nb = nbformat.read(path, as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
        widgets = sum(str(o.get("data", {}).get("text/plain", "")).strip() == WIDGET_PLACEHOLDER
                      for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        figures = page.locator("main .cell_output img").count()
        assert figures == pngs, f"{figures} figures on the page, {pngs} in the notebook"
        if re.search(r"\$[^$\s][^$]*\$", markdown):
            assert math["typeset"] > 0, "the notebook has formulas, the page typeset none"
        assert page.locator("main .widget-note").count() == widgets
        assert WIDGET_PLACEHOLDER not in page.inner_text("main")
    assert not page.outside, f"requests that left the machine: {page.outside}"
    assert not page.errors, f"console errors: {page.errors}"


def screenshots(page, name):
    if os.environ.get("BROWSER_SCREENSHOTS") != "always":
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = page.url
    for label, (w, h) in WIDTHS.items():
        # loaded at that width, as a reader would (a resized page is caught mid-transition)
        page.set_viewport_size({"width": w, "height": h})
        open_page(page, url)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"site-{name}-{label}.png"))
    page.set_viewport_size({"width": WIDTHS["laptop"][0], "height": WIDTHS["laptop"][1]})
    open_page(page, url)


def title_of(path):
    info = lesson_info(path)
    return f"{info['number']} · {info['title']}"


@pytest.mark.browser
def test_home_page_is_the_course_map(page, server):
    open_page(page, server)   # index.html sends the reader on to README.html
    page.wait_for_url(re.compile(r"README\.html"), timeout=10_000)
    check_reader_view(page)
    assert page.locator("main h1").first.inner_text().startswith(
        "Activation functions, by measurement")
    assert page.locator("main mjx-container").count() > 0, "no formula typeset on the home page"
    for path in LESSONS:   # the course map links every lesson, and the links work
        link = page.locator(f"main a[href='{_html(_rel(path))}']").first
        assert link.count() == 1, f"the course map does not link {_rel(path)}"
    screenshots(page, "home")
    page.locator(f"main a[href='{_html(_rel(LESSONS[0]))}']").first.click()
    page.wait_for_load_state("load")
    assert page.locator("main h1").first.inner_text().startswith(title_of(LESSONS[0]))


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(LESSONS)), ids=[p.stem for p in LESSONS])
def test_lesson_page(page, server, index):
    path = LESSONS[index]
    url = urljoin(server, _html(_rel(path)))
    open_page(page, url)
    check_reader_view(page, path)
    assert page.locator("main h1").first.inner_text().startswith(title_of(path))
    screenshots(page, path.stem)

    # "Run this lesson": Binder, GitHub, and the committed notebook as the download
    rel = _rel(path)
    box = page.locator("main .run-this")
    assert box.count() == 1
    hrefs = box.locator("a").evaluate_all("els => els.map(a => a.href)")
    repo = build_site.Repository(REPO, "main")
    assert repo.binder_launch(rel) in hrefs and repo.colab_launch(rel) in hrefs
    assert f"{REPO}/blob/main/{rel}" in hrefs
    download = [h for h in hrefs if h.startswith(server) and h.endswith(path.name)]
    assert len(download) == 1, hrefs
    # and so is the theme's "download source file" button
    download.append(urljoin(page.url, page.locator("a.btn-download-source-button")
                            .get_attribute("href")))
    for url in download:
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.read() == path.read_bytes(), f"{url} is not the committed notebook"

    # previous / next: the neighbouring lessons (home before the first, exercises after the last)
    prev = _html(_rel(LESSONS[index - 1])) if index > 0 else "README.html"
    nxt = (_html(_rel(LESSONS[index + 1])) if index + 1 < len(LESSONS)
           else "exercises/README.html")
    for selector, expected in (("a.left-prev", prev), ("a.right-next", nxt)):
        link = page.locator(selector)
        assert link.count() == 1, f"no {selector} link"
        assert urljoin(page.url, link.get_attribute("href")) == urljoin(server, expected)
    # follow "next" (the previous page's title is checked by that page's own test)
    page.locator("a.right-next").click()
    page.wait_for_load_state("load")
    assert page.url == urljoin(server, nxt)
    if index + 1 < len(LESSONS):
        assert page.locator("main h1").first.inner_text().startswith(
            title_of(LESSONS[index + 1]))
    assert not page.outside and not page.errors, (page.outside, page.errors)


@pytest.mark.browser
@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_exercise_page(page, server, path):
    open_page(page, urljoin(server, _html(_rel(path))))
    check_reader_view(page, path)
    assert page.locator("main .run-this").count() == 1
    assert "YOUR CODE HERE" in page.inner_text("main")
    screenshots(page, "exercise-" + path.stem)
    # its lesson, linked from the top of the page, is one click away
    lesson = ROOT / "notebooks" / path.name
    if lesson.exists():
        page.locator(f"main a[href='../{_html(_rel(lesson))}']").first.click()
        page.wait_for_load_state("load")
        assert page.locator("main h1").first.inner_text().startswith(title_of(lesson))


@pytest.mark.browser
def test_search_finds_a_lesson(page, server):
    """Sphinx's search runs in the page, from the site's own index."""
    lesson = LESSONS[-1]
    words = lesson_info(lesson)["title"]
    open_page(page, urljoin(server, f"search.html?q={quote(words)}"))
    page.wait_for_function("() => /Search finished/.test(document.body.innerText)",
                           timeout=30_000)
    results = page.locator("#search-results li a").all_inner_texts()
    assert any(t.startswith(title_of(lesson)) for t in results), (words, results)
    assert not page.outside and not page.errors, (page.outside, page.errors)
