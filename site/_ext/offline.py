"""Keep the course website offline: nothing a page loads comes from outside the site.

MathJax
-------
Served from the built site itself, so formulas typeset offline and without a CDN.
The files come from the PyPI package ``django-static-mathjax`` (pinned in
requirements-site.txt; it ships MathJax's own ``es5`` build, 3.2.2, and needs no Django for
this). After a successful HTML build the component MathJax loads (``mathjax_path`` in
_config.yml: ``tex-mml-chtml.js``) and the folders it loads from at run time are copied to
``_static/mathjax/``. They are copied after the build, not listed in ``html_static_path``,
because Jupyter Book adds a script tag for every .js file in a static folder.

Thebe
-----
Jupyter Book always loads sphinx-thebe (live code cells run on Binder), whose script would
load thebe from unpkg.com when a reader presses its button, and which here declares its
config twice per page (a console error on every page). The site has no thebe button, so the
handler that adds those scripts is disconnected before it runs; its CSS stays (a local file).
"""
import shutil
from importlib import resources
from pathlib import Path

ENTRY = "tex-mml-chtml.js"
# what tex-mml-chtml.js loads on demand: extensions, fonts, the menu, accessibility, speech
FOLDERS = ("input", "output", "ui", "a11y", "sre", "adaptors")


def mathjax_source():
    """The es5 folder of the installed MathJax; a clear error when it is missing."""
    try:
        root = Path(str(resources.files("mathjax"))) / "static" / "mathjax"
    except ModuleNotFoundError:
        root = None
    if root is None or not (root / "es5" / ENTRY).is_file():
        raise RuntimeError("MathJax not found: install the site's packages with "
                           "`pip install -r requirements-site.txt` (django-static-mathjax)")
    return root


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    root = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(root / "es5" / ENTRY, target / ENTRY)
    shutil.copy2(root / "LICENSE", target / "LICENSE")
    for name in FOLDERS:
        shutil.copytree(root / "es5" / name, target / name)


def disconnect_thebe(app):
    """Remove the handler with which sphinx_thebe (set up before this extension) adds its
    scripts to every page."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            handler = listener.handler
            if (getattr(handler, "__module__", "") == "sphinx_thebe"
                    and handler.__name__ == "init_thebe_core"):
                listeners.remove(listener)


def setup(app):
    mathjax_source()   # fail before building, not after
    app.connect("build-finished", copy_mathjax)
    disconnect_thebe(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
