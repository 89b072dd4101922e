#!/usr/bin/env python
"""Build the course website from the committed, executed notebooks, without executing them.

Usage (from the project root, with the site's own venv; see README, "The course website")::

    python -m venv .site-venv && .site-venv/bin/pip install -r requirements-site.txt
    .site-venv/bin/python tools/build_site.py              # -> build/site/index.html
    .site-venv/bin/python tools/build_site.py --out DIR --no-repository   # no GitHub/Binder

What goes in, all found at build time (a new lesson appears by itself):

* the home page: README.md (the course map);
* the lessons ``notebooks/NN_topic.ipynb``, in the order and with the titles that
  tools/build_notebooks.py uses for the navigation lines;
* the learner copies ``exercises/NN_topic.ipynb`` and exercises/README.md; never the solutions;
* every other file those pages link to: a Markdown file becomes a page ("About"), any other
  file a download.

Nothing in the repository is changed. The pages are built by Jupyter Book 1 (Sphinx, myst-nb,
sphinx-book-theme) from copies in a temporary staging folder, where each notebook gets:

* a "Run this lesson" box under its title: a download of the notebook exactly as committed
  and, when a repository is configured (``[tool.actlib]`` in pyproject.toml, the one the
  notebooks' own Colab and Binder links use), a Binder launch and a link to it on GitHub;
* for each widget output (stored as a placeholder, since widget state is stripped) a note that
  the cell is interactive in JupyterLab, instead of an empty box;
* the generated install cell (for Colab) folded, since a reader of the page does not need it;
* external images (badges) replaced by their alt text, so that viewing the site fetches
  nothing from the internet. MathJax is served from the site too (site/_ext/offline.py).

Warnings are errors: a broken link or a missing page fails the build (and CI).
"""
import argparse
import html
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
# the lesson list, titles, widget placeholder and Binder links, exactly as the notebooks use them
from build_notebooks import (
    INSTALL_TAG,
    LESSON_RE,
    NAV_TAG,
    WIDGET_MIME,
    WIDGET_PLACEHOLDER,
    binder_url,
    colab_url,
    launch_config,
    lesson_paths,
)

SITE = ROOT / "site"          # _config.yml, _ext/, _static/ of the website
DOWNLOADS = "_download"       # staging folder for the notebooks as committed (not pages)
# Markdown links and images; external Markdown and HTML images (badges), and their alt text
LINK_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
EXTERNAL_IMAGE_RE = re.compile(
    r"!\[([^\]]*)\]\(\s*<?(?:https?:)?//[^)\s>]*>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*?\bsrc=[\"'](https?:)?//[^\"']*[\"'][^>]*>", re.IGNORECASE)
HTML_ALT_RE = re.compile(r"\balt=[\"']([^\"']*)[\"']", re.IGNORECASE)


# -- what the site holds -------------------------------------------------------------------------

def exercise_paths(root=ROOT):
    """The learner copies exercises/NN_topic.ipynb, in order (never exercises/solutions/)."""
    return sorted(p for p in (Path(root) / "exercises").glob("*.ipynb") if LESSON_RE.match(p.name))


def _rel(path, root):
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


class Repository:
    """Where the course's repository is, for GitHub and Binder links (or None of it).

    ``ref`` is the tag or branch the links open: by default the same as the notebooks' own
    launch links (``[tool.actlib]`` in pyproject.toml, see tools/build_notebooks.py).
    """

    def __init__(self, url=None, ref="main", binder=True):
        self.url = url.rstrip("/").removesuffix(".git") if url else None
        if self.url and not re.match(r"^https://github\.com/[^/]+/[^/]+$", self.url):
            raise SystemExit(f"--repository-url must be https://github.com/OWNER/REPO "
                             f"(the theme and Binder links need GitHub), got {url!r}")
        self.ref = ref
        self.binder = binder and self.url is not None

    @classmethod
    def configured(cls, root=ROOT, binder=True):
        """The one in pyproject.toml's [tool.actlib], or none if it names none."""
        try:
            cfg = launch_config(root)
        except (OSError, KeyError, ValueError):
            return cls(None)
        return cls(f"https://github.com/{cfg['repository']}", cfg["ref"], binder)

    def blob(self, relpath):
        return f"{self.url}/blob/{self.ref}/{relpath}"

    def _cfg(self):
        return {"repository": self.url.removeprefix("https://github.com/"), "ref": self.ref}

    def binder_launch(self, relpath):
        return binder_url(self._cfg(), relpath)

    def colab_launch(self, relpath):
        return colab_url(self._cfg(), relpath)


# -- staging: copies of the pages, made ready for the web ---------------------------------------

def _cell(source, tags=()):
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def run_this_cell(relpath, depth, repo, kind, interactive=True):
    """The "Run this lesson" box: Binder, download as committed, GitHub."""
    up = "../" * depth
    name = Path(relpath).name
    ways = []
    if repo.binder:
        ways.append(f"launch it on [Binder]({repo.binder_launch(relpath)}) or "
                    f"[Colab]({repo.colab_launch(relpath)}) (nothing to install)")
    ways.append(f"download {{download}}`{name} <{up}{DOWNLOADS}/{relpath}>` and open it in "
                f"JupyterLab after the [set-up]({up}README.md#set-up)")
    source = f" Source: [{relpath} on GitHub]({repo.blob(relpath)})." if repo.url else ""
    if kind == "lesson":
        title = "Run this lesson"
        what = ("This page shows the outputs stored in the lesson. To run it"
                + (" and move its sliders" if interactive else ""))
    else:
        title, what = "Do these exercises", ("This page shows the learner's copy. To write "
                                             "your answers and have them checked")
    return _cell(f":::{{admonition}} {title}\n:class: tip run-this\n"
                 f"{what}, {', or '.join(ways)}.{source}\n:::", ["site-run-this"])


def widget_note(source, repo, relpath):
    """HTML shown instead of a widget (or tqdm progress bar) output."""
    if re.search(r"\btqdm\b", source):
        text = ("<strong>Progress bar</strong>: it shows while this cell runs in JupyterLab; "
                "the results it tracks are printed below.")
    else:
        text = "<strong>Interactive</strong>: open this lesson in JupyterLab to use this widget"
        if repo.binder:
            text += (f" (or <a href=\"{html.escape(repo.binder_launch(relpath))}\">launch it "
                     "on Binder</a>)")
        text += "."
    return nbformat.v4.new_output("display_data", data={
        "text/html": f'<div class="widget-note">{text}</div>',
        "text/plain": WIDGET_PLACEHOLDER})


def is_widget_output(out):
    data = out.get("data", {})
    return WIDGET_MIME in data or str(data.get("text/plain", "")).strip() == WIDGET_PLACEHOLDER


def offline_markdown(text):
    """External images (badges) as their alt text: a link around one stays a link."""
    text = EXTERNAL_IMAGE_RE.sub(lambda m: m.group(1) or "image", text)

    def html_img(m):
        alt = HTML_ALT_RE.search(m.group(0))
        return html.escape(alt.group(1)) if alt else ""
    return HTML_IMG_RE.sub(html_img, text)


def stage_notebook(src, staging, root, repo, kind):
    relpath = _rel(src, root)
    dest = staging / relpath
    nb = nbformat.read(src, as_version=4)
    # under the title and its paragraph (the cell holding "# NN · Title"), else at the top
    # below the navigation line
    titled = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
              and re.search(r"^#\s", c.source, re.MULTILINE)]
    at = titled[0] + 1 if titled else int(
        bool(nb.cells) and NAV_TAG in nb.cells[0].metadata.get("tags", []))
    interactive = any(is_widget_output(o) for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    nb.cells.insert(at, run_this_cell(relpath, relpath.count("/"), repo, kind, interactive))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = offline_markdown(cell.source)
        elif cell.cell_type == "code":
            tags = cell.metadata.setdefault("tags", [])
            if INSTALL_TAG in tags and "hide-input" not in tags:
                tags.append("hide-input")   # for Colab, not for a reader: folded on the page
                cell.metadata["mystnb"] = {"code_prompt_show": "The install cell (for Colab)",
                                           "code_prompt_hide": "Hide the install cell"}
            cell.outputs = [widget_note(cell.source, repo, relpath) if is_widget_output(o) else o
                            for o in cell.outputs]
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    # the notebook exactly as committed, for the download link
    download = staging / DOWNLOADS / relpath
    download.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, download)


def markdown_of(path):
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def linked_files(doc, root):
    """Files inside the repository that doc's Markdown links to or shows (relative only)."""
    found, text = [], markdown_of(doc)
    # an image inside a link ([![badge](img.svg)](url)) is a target of its own
    targets = [m.group(3) for m in LINK_RE.finditer(text)]
    targets += [m.group(1) for m in IMAGE_RE.finditer(text)]
    for target in targets:
        target = target.split("#")[0]
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue   # an anchor on the same page, or http:, mailto:, ...
        path = (doc.parent / target).resolve()
        if path.is_file() and Path(root).resolve() in path.parents:
            found.append(path)
    return found


def stage(root, dest, repo):
    """Copy the pages into dest, transformed. Returns the table of contents (a dict) and the
    pages' own files (the theme's "download source" button is to serve those, not the
    transformed copies)."""
    root = Path(root)
    lessons = lesson_paths(root)
    if not lessons:
        raise SystemExit(f"no lessons in {root / 'notebooks'}")
    exercises = exercise_paths(root)
    readme = root / "README.md"
    ex_readme = root / "exercises" / "README.md"

    pages = {readme.resolve()}
    for path in lessons:
        stage_notebook(path, dest, root, repo, "lesson")
        pages.add(path.resolve())
    for path in exercises:
        stage_notebook(path, dest, root, repo, "exercises")
        pages.add(path.resolve())
    markdown_pages = [readme] + ([ex_readme] if ex_readme.exists() else [])
    pages.update(p.resolve() for p in markdown_pages)

    # whatever the pages link to: .md files become "About" pages, other files downloads
    about, queue = [], list(markdown_pages) + lessons + exercises
    solutions = (root / "exercises" / "solutions").resolve()
    while queue:
        for path in linked_files(queue.pop(0), root):
            if path in pages or solutions in path.parents or path == solutions:
                continue
            pages.add(path)
            if path.suffix == ".md":
                about.append(path)
                queue.append(path)
            else:
                target = dest / _rel(path, root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    for path in markdown_pages + about:
        target = dest / _rel(path, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(offline_markdown(path.read_text(encoding="utf-8")), encoding="utf-8")

    def entry(path):
        return {"file": Path(_rel(path, root)).with_suffix("").as_posix()}

    parts = [{"caption": "Lessons", "chapters": [entry(p) for p in lessons]}]
    # exercises/README.md is titled "Exercises", like the part it opens
    ex = ([dict(entry(ex_readme), title="About the exercises")] if ex_readme.exists() else [])
    ex += [entry(p) for p in exercises]
    if ex:
        parts.append({"caption": "Exercises", "chapters": ex})
    if about:
        parts.append({"caption": "About", "chapters": [entry(p) for p in about]})
    toc = {"format": "jb-book", "root": entry(readme)["file"], "parts": parts}
    return toc, markdown_pages + lessons + exercises + about


def config(repo):
    """site/_config.yml, plus the repository, when one is configured."""
    cfg = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    if repo.url:
        cfg["repository"] = {"url": repo.url, "branch": repo.ref, "path_to_book": ""}
        cfg["html"].update(use_repository_button=True, use_issues_button=True)
        if repo.binder:
            cfg["launch_buttons"] = {"binderhub_url": "https://mybinder.org",
                                     "notebook_interface": "jupyterlab"}
    else:   # Jupyter Book's default points to its own repository: no repository at all
        cfg["repository"] = {"url": "", "branch": repo.ref, "path_to_book": ""}
    return cfg


# -- building ------------------------------------------------------------------------------------

def build(root, out, repo, quiet=True):
    """Stage, build with Jupyter Book (warnings are errors), and put the HTML in out."""
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="actlib-site-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        toc, sources = stage(root, src, repo)
        (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
        (src / "_config.yml").write_text(yaml.safe_dump(config(repo), sort_keys=False),
                                         encoding="utf-8")
        for name in ("_ext", "_static"):
            shutil.copytree(SITE / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
               "build", str(src), "--path-output", str(tmp), "-W", "--keep-going"]
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run(cmd + (["-q"] if quiet else []), env=env, text=True, check=False,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            raise SystemExit(f"the site build failed (exit {proc.returncode}):\n{proc.stdout}")
        html_dir = Path(tmp) / "_build" / "html"
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(html_dir), str(out))
    for path in sources:   # "download source" (the theme's button): the file as committed
        target = out / "_sources" / _rel(path, root)
        if target.exists():
            shutil.copy2(path, target)
    (out / ".nojekyll").touch()   # GitHub Pages: serve _static/ and _images/ as they are
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site",
                        help="folder for the HTML (replaced; default: build/site)")
    parser.add_argument("--repository-url", metavar="https://github.com/OWNER/REPO",
                        help="for the GitHub and Binder links (default: [tool.actlib] "
                             "repository in pyproject.toml, as the notebooks' own links)")
    parser.add_argument("--ref", help="tag or branch those links open (default: [tool.actlib] "
                                      "ref, as the notebooks' own links)")
    parser.add_argument("--no-repository", action="store_true",
                        help="no GitHub or Binder links at all")
    parser.add_argument("--no-binder", action="store_true", help="no Binder launch links")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's output")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # for tests
    args = parser.parse_args(argv)
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        parser.error("Jupyter Book is not installed in this Python: use the site's venv "
                     "(pip install -r requirements-site.txt); see README, 'The course website'")
    repo = Repository.configured(args.root, binder=not args.no_binder)
    if args.no_repository:
        repo = Repository(None)
    elif args.repository_url or args.ref:
        repo = Repository(args.repository_url or repo.url, args.ref or repo.ref,
                          binder=not args.no_binder)
    start, cpu0 = time.perf_counter(), _cpu()
    out = build(args.root, args.out, repo, quiet=not args.verbose)
    pages = sum(1 for _ in out.rglob("*.html"))
    print(f"site: {pages} pages in {out} ({time.perf_counter() - start:.1f} s wall, "
          f"{_cpu() - cpu0:.1f} s CPU); open {out / 'index.html'}")


def _cpu():
    """CPU seconds of this process and its finished children (the Sphinx build)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    main()
