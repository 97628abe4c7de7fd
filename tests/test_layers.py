"""The architecture holds: SQL lives only in db/, writes/ and figures/; no docstring points outside
the repository; the figures the commands print are frozen records."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "repdesk"
SQL = re.compile(r"\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)")
HOMES = ("db", "writes", "figures")


def test_sql_only_in_db_writes_and_figures() -> None:
    strays = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] in HOMES:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line) and not line.lstrip().startswith("#"):
                strays.append(f"{rel}:{n}: {line.strip()}")
    assert not strays, "SQL outside db/, writes/ and figures/:\n" + "\n".join(strays)


def test_no_docstring_points_outside_the_repository() -> None:
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "DESIGN" not in text and "§" not in text, path


def test_figures_come_out_as_typed_records_not_loose_dicts() -> None:
    """A figure read by a screen, a command or an export is a record with named fields; only a stored
    row as ``--json`` prints it (``records.record``) is a plain mapping of its columns."""
    import ast

    allowed = {("records.py", "record")}
    loose = re.compile(r"^(list|tuple)?\[?dict\[str, Any\]")
    found = []
    for path in sorted((SRC / "figures").glob("*.py")):
        tree = ast.parse(path.read_text())
        methods = [n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body]
        for node in [*tree.body, *methods]:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.returns is not None:
                returns = ast.unparse(node.returns)
                if node.name != "to_json" and loose.match(returns) and (path.name, node.name) not in allowed:
                    found.append(f"{path.name}:{node.lineno} {node.name} -> {returns}")
    assert not found, found
