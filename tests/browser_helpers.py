"""A throw-away JupyterLab server for tests/test_browser.py, and the JavaScript it runs in the page
(plus the Chromium settings tests/test_site.py shares).

The server runs in a temporary copy of the course, with its own Jupyter config, data, runtime
and settings directories, so neither the repository's notebooks nor the user's Jupyter set-up
are touched. Settings turn off the news pop-up, update checks, autosave and notebook windowing
(so every cell is in the page and can be inspected).
"""
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent

# Debian's Chromium, driven by playwright (tests/test_browser.py, tests/test_site.py)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@contextlib.contextmanager
def chromium():
    """Headless Chromium under playwright, closed on exit (both browser tests' fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

# JupyterLab user settings: {plugin id: {setting: value}} (schemas in
# share/jupyter/lab/schemas/<package>/<plugin>.json).
LAB_SETTINGS = {
    # no "Would you like to receive official Jupyter news?" toast, no request to the internet
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    # never write the executed copy back (it is a temporary copy anyway)
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # every cell attached to the page, so the test sees what a scrolling reader would see
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # the extension manager would query PyPI
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` on loopback in a temporary copy of ``copy`` (paths relative to ROOT).

    Use as a context manager: the server, its kernels and any other child process are stopped
    on exit, whatever happened.
    """

    def __init__(self, workdir, copy=("notebooks", "exercises", "requirements.txt"),
                 start_timeout=60):
        self.workdir = Path(workdir)
        self.copy = copy
        self.start_timeout = start_timeout
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = self.workdir / "jupyter-lab.log"

    # -- set-up ----------------------------------------------------------------------------
    def _prepare(self):
        self.root = self.workdir / "course"
        self.root.mkdir(parents=True)
        for name in self.copy:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, self.root / name,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints",
                                                              "__pycache__"))
            elif src.exists():
                shutil.copy2(src, self.root / name)
        home = self.workdir / "jupyter"
        self.settings_dir = home / "lab-settings"
        for plugin, values in LAB_SETTINGS.items():
            package, name = plugin.split(":")
            path = self.settings_dir / package / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ)
        env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"),
                   JUPYTERLAB_SETTINGS_DIR=str(self.settings_dir),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
                   JUPYTER_NO_CONFIG="1", MPLBACKEND="module://matplotlib_inline.backend_inline",
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        return env

    def start(self):
        """Launch the server and wait until it answers."""
        return self.launch().wait_ready()

    def launch(self):
        """Launch the server without waiting (so the browser can start meanwhile)."""
        env = self._prepare()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--expose-app-in-browser",
               f"--LabApp.user_settings_dir={self.settings_dir}",
               "--ServerApp.terminals_enabled=False", "--LabApp.news_url=",
               "--LanguageServerManager.autodetect=False", "--LabApp.extension_manager=readonly"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")   # CI containers run as root
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._started = time.monotonic()
        return self

    def wait_ready(self):
        """Block until the server answers its status API; raise with its log if it dies."""
        deadline = self._started + self.start_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n"
                                   + self.log())
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}",
                                            timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer in {self.start_timeout} s:\n"
                                   + self.log())
            time.sleep(0.25)

    def log(self):
        """The server's output so far (for failure messages)."""
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def lab_url(self, relpath):
        return f"{self.url}/lab/tree/{relpath}?token={self.token}"

    # -- tear-down -------------------------------------------------------------------------
    def stop(self):
        """Stop the server and every process it started (kernels run in their own process
        groups, so they are collected by ancestry, not by process group)."""
        if self.proc is None:
            return
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            children = []
        if self.proc.poll() is None:
            try:  # a clean shutdown also shuts the kernels down
                req = urllib.request.Request(f"{self.url}/api/shutdown?token={self.token}",
                                             method="POST")
                urllib.request.urlopen(req, timeout=5).close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(children, timeout=5)
        self._log.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# -- JavaScript run in the page (window.jupyterapp exists thanks to --expose-app-in-browser) --

# Wait until the notebook `path` is the current widget, its file is loaded and its kernel is
# connected. Resolves to the number of cells.
JS_WAIT_NOTEBOOK = """
async (path) => {
  const app = window.jupyterapp;
  const deadline = Date.now() + 60000;
  let panel = null;
  while (Date.now() < deadline) {
    panel = app.shell.currentWidget;
    if (panel && panel.context && panel.context.path === path && panel.content
        && panel.content.widgets) break;
    panel = null;
    await new Promise(r => setTimeout(r, 100));
  }
  if (!panel) throw new Error('notebook ' + path + ' did not open');
  await panel.context.ready;
  await panel.sessionContext.ready;
  while (Date.now() < deadline) {
    const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (k && k.connectionStatus === 'connected' && k.status === 'idle') break;
    await new Promise(r => setTimeout(r, 100));
  }
  return panel.content.widgets.length;
}
"""

# Clear every output, then Run All (the same commands as Edit > Clear Outputs of All Cells and
# Run > Run All Cells).
JS_CLEAR_AND_RUN_ALL = """
async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  app.commands.execute('notebook:run-all-cells');   // resolves when all ran: not awaited
  return true;
}
"""

# The state of the run: kernel status, and per code cell its execution count, whether it is
# queued or running, its tags and a summary of its outputs.
JS_STATE = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.map((cell, index) => {
    const m = cell.model;
    if (m.type !== 'code') return null;
    const outputs = [];
    for (let i = 0; i < m.outputs.length; i++) {
      const o = m.outputs.get(i).toJSON();
      outputs.push({type: o.output_type, name: o.name || null,
                    text: o.text ? [].concat(o.text).join('') :
                          (o.data && o.data['text/plain'] ? [].concat(o.data['text/plain']).join('') : ''),
                    mimes: o.data ? Object.keys(o.data) : [],
                    ename: o.ename || null, evalue: o.evalue || null});
    }
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    return {index, count: m.executionCount,
            prompt: prompt ? prompt.textContent.trim() : '',
            tags: m.getMetadata('tags') || [],
            source: m.sharedModel.getSource(), outputs};
  }).filter(c => c !== null);
  return {kernel: kernel ? kernel.status : 'none', cells};
}
"""
