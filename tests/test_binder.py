"""binder/: the environment mybinder.org (repo2docker) builds for the "Open in Binder" links.

repo2docker reads only binder/ when that folder exists. Its base image already holds a Jupyter
(notebook 7.4, which requires jupyterlab <4.5); binder/requirements.txt installs the course's
pins on top, so it pins a notebook that accepts our jupyterlab, and leaves out the test tooling.

The fast test checks the pins against requirements.txt. The opt-in one (BINDER_TEST=1, set by
.ci/run; it pip-installs repo2docker, so it needs PyPI) prints repo2docker's Dockerfile for this
repository with --no-build (no docker needed) and has pip resolve binder/requirements.txt
together with the Jupyter packages of repo2docker's base image (read from its lock file).
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
REPO2DOCKER = "jupyter-repo2docker==2026.4.0"
# test and lint tooling (and what only they need): not installed for a Binder session
TOOLING = {"pytest", "iniconfig", "pluggy", "nbval", "coverage", "hypothesis",
           "sortedcontainers", "playwright", "greenlet", "ruff"}


def _pins(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", line).groups() for line in lines
                if "==" in line and not line.startswith("#"))


def test_binder_requirements_are_the_pins_less_the_tooling_plus_a_matching_notebook():
    binder, pins = _pins(BINDER / "requirements.txt"), _pins(ROOT / "requirements.txt")
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in lines  # actlib from the repository itself, as in requirements.txt
    assert set(pins) - set(binder) == TOOLING
    assert set(binder) - set(pins) == {"notebook"}
    assert {name: binder[name] for name in pins if name in binder} == {
        name: v for name, v in pins.items() if name not in TOOLING}
    # notebook 7.N requires jupyterlab 4.N (7.6.x: jupyterlab >=4.6.6,<4.7)
    assert binder["notebook"].split(".")[:2] == ["7", pins["jupyterlab"].split(".")[1]]
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"  # numpy 2.4 needs it


@pytest.fixture(scope="module")
def repo2docker(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("binder")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    python = str(tmp / "venv" / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", REPO2DOCKER], check=True, timeout=900)
    # the repository as a clone has it: tracked and new files, nothing ignored (no .venv)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.split()
    clone = tmp / "clone"
    for name in files:
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((ROOT / name).read_bytes())
    return {"python": python, "clone": clone, "tmp": tmp}


pytest_binder = pytest.mark.skipif(os.environ.get("BINDER_TEST") != "1",
                                   reason="set BINDER_TEST=1 to install repo2docker (needs PyPI)")


@pytest.mark.slow
@pytest_binder
def test_repo2docker_builds_python_3_11_from_binder_requirements(repo2docker):
    out = subprocess.run([str(Path(repo2docker["python"]).parent / "repo2docker"), "--no-build",
                          "--no-run", str(repo2docker["clone"])],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    dockerfile = out.stdout + out.stderr
    assert "Building conda environment for python=3.11" in dockerfile
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert '-r "requirements.txt"' not in dockerfile  # the root one (with the tooling) is not used


def _base_image_jupyter(python):
    """{PyPI name: version} of the Jupyter server packages in repo2docker's base environment
    for Python 3.11, read from the conda lock file repo2docker ships."""
    code = "import os, repo2docker; print(os.path.dirname(repo2docker.__file__))"
    site = subprocess.run([python, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()
    lock = Path(site, "buildpacks", "conda", "environment.py-3.11-linux-64.lock").read_text()
    names = {"notebook": "notebook", "jupyterhub-singleuser": "jupyterhub",
             "jupyter-resource-usage": "jupyter-resource-usage",
             "jupyter-offlinenotebook": "jupyter-offlinenotebook"}
    found = {}
    for conda_name, pypi_name in names.items():
        m = re.search(rf"/{re.escape(conda_name)}-(\d[^-]*)-", lock)
        assert m, f"{conda_name} not in repo2docker's base environment any more"
        found[pypi_name] = m.group(1)
    return found


@pytest.mark.slow
@pytest_binder
def test_binder_requirements_resolve_with_the_base_images_jupyter(repo2docker):
    base = _base_image_jupyter(repo2docker["python"])
    assert base["notebook"].startswith("7.")  # the one binder/requirements.txt replaces
    text = (repo2docker["clone"] / "binder" / "requirements.txt").read_text(encoding="utf-8")
    reqs = repo2docker["tmp"] / "requirements.txt"
    reqs.write_text(text.replace("-e .", f"-e {repo2docker['clone']}"), encoding="utf-8")
    report = repo2docker["tmp"] / "report.json"
    others = [f"{name}=={v}" for name, v in base.items() if name != "notebook"]
    out = subprocess.run([repo2docker["python"], "-m", "pip", "install", "--dry-run",
                          "--ignore-installed", "-q", "--report", str(report), "-r", str(reqs),
                          *others], capture_output=True, text=True, timeout=1200, check=False)
    assert out.returncode == 0, out.stderr[-3000:]  # no conflict
    resolved = {i["metadata"]["name"].lower().replace("_", "-"): i["metadata"]["version"]
                for i in json.loads(report.read_text())["install"]}
    pinned = {name.lower().replace("_", "-"): v for name, v in _pins(reqs).items()}
    assert {name: resolved.get(name) for name in pinned} == pinned  # every pin kept as it is
