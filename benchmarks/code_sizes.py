"""Lines of code, docstring and comment per module of a package (default: actlib).

    python benchmarks/code_sizes.py                 # this checkout's actlib
    python benchmarks/code_sizes.py /path/to/actlib  # another copy, e.g. an older commit's

A line counts as *docstring* when it lies inside a module, class or function docstring, as
*comment* when it holds only a comment, as *blank* when it is empty, and as *code* otherwise
(a code line with a trailing comment is code). Read with ``ast`` (docstrings) and
``tokenize`` (comments), so strings that are not docstrings count as code.
"""
import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _docstring_lines(tree):
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    return lines


def sizes(path):
    """(code, docstring, comment, blank) line counts of one Python file."""
    text = path.read_text()
    doc = _docstring_lines(ast.parse(text))
    comment_only, code = set(), set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            comment_only.add(tok.start[0])
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENDMARKER):
            code.update(range(tok.start[0], tok.end[0] + 1))
    code -= doc
    comment_only -= code | doc
    n = len(text.splitlines())
    return len(code), len(doc), len(comment_only), n - len(code) - len(doc) - len(comment_only)


def main(package):
    rows = [(str(p.relative_to(package)), *sizes(p)) for p in sorted(package.rglob("*.py"))]
    total = [sum(r[i] for r in rows) for i in range(1, 5)]
    print(f"{'module':28s} {'code':>6s} {'docstr':>6s} {'comment':>7s} {'blank':>6s} {'total':>6s}")
    for name, *c in rows + [("TOTAL", *total)]:
        print(f"{name:28s} {c[0]:6d} {c[1]:6d} {c[2]:7d} {c[3]:6d} {sum(c):6d}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "actlib")
