"""The module map in CONTRIBUTING.md is the architecture: every actlib module is in it, and
each module imports only modules listed above it (or on its own row), so imports flow one way."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACTLIB = ROOT / "actlib"


def _module_rows():
    """Modules named in the 'actlib at a glance' table, as a list of rows (sets of names)."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    section = text.split("## actlib at a glance", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            rows.append({name.rstrip("/") for name in re.findall(r"`([\w/]+?)(?:\.py)?`", first_cell)})
    return rows


def _local_imports(path):
    """Names of actlib modules a file imports with ``from .x import`` / ``from . import x``."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_every_module_is_in_the_map():
    listed = set().union(*_module_rows())
    modules = {p.stem for p in ACTLIB.glob("*.py") if p.stem != "__init__"} | {"checks"}
    assert modules == listed, f"missing from the map: {modules - listed}, not a module: {listed - modules}"


def test_imports_flow_down_the_map():
    rows = _module_rows()
    rank = {name: i for i, row in enumerate(rows) for name in row}
    for path in ACTLIB.glob("*.py"):
        if path.stem == "__init__":
            continue
        for target in _local_imports(path):
            assert rank[target] <= rank[path.stem], (
                f"actlib/{path.name} imports {target}, which the map lists below it")
