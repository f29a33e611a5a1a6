"""Module and function size limits (issue #12), checked by `make lint`.

A module over 500 lines or a function over 80 lines must be listed, with the reason it is not
split, in the table under "## Modules over 500 lines, functions over 80 lines" of
docs/ARCHITECTURE.md; the listed number is its ceiling. Growing past the ceiling, or a new long
module or function, fails: split it, or raise the ceiling there with a reason.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "bijie_etl"
DOC = ROOT / "docs" / "ARCHITECTURE.md"
MODULE_LINES, FUNCTION_LINES = 500, 80
HEADING = "## Modules over 500 lines, functions over 80 lines"
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$")


def ceilings() -> dict[str, int]:
    """``{"validate/rules.py": 1500, "validate/rules.py:_normalise": 130, …}`` from the doc's table."""
    text = DOC.read_text(encoding="utf-8")
    if HEADING not in text:
        sys.exit(f"{DOC}: heading {HEADING!r} not found")
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in section.splitlines():
        m = ROW.match(line)
        if m and m.group(3).strip("- "):
            found[m.group(1)] = int(m.group(2))
    return found


def measured() -> dict[str, int]:
    """Every module over 500 lines and every function over 80 lines, with its length."""
    sizes = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MODULE_LINES:
            sizes[rel] = lines
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    sizes[f"{rel}:{node.name}"] = length
    return sizes


def main() -> int:
    allowed, sizes = ceilings(), measured()
    problems = []
    for name, size in sizes.items():
        if name not in allowed:
            problems.append(
                f"{name}: {size} lines, not listed in {DOC.name} (split it, or list it with a reason)"
            )
        elif size > allowed[name]:
            problems.append(f"{name}: {size} lines, over its ceiling {allowed[name]} in {DOC.name}")
    stale = sorted(set(allowed) - set(sizes))
    for name in stale:
        problems.append(f"{name}: listed in {DOC.name} but no longer long (remove the row)")
    for problem in problems:
        print(problem)
    print(f"sizes: {len(sizes)} long modules/functions, all listed with a reason" if not problems else "")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
