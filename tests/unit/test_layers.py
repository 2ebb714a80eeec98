"""Data flows one way: messages/errors -> calendar -> periods -> rules -> trace/results -> engine ->
explain -> io/cli. No module imports a higher layer (at module level or inside a function),
except the few documented conveniences listed here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "gov_deadlines"

#: Layer of each top-level part of the package; a module may import its own layer or lower.
LAYERS = {
    "_version": 0, "errors": 0,
    "messages": 0,  # the zh/en catalog: data, importable by anything, importing nothing
    "calendar": 1, "dates": 1,
    "_calendar_snapshot": 1,  # generated data of the calendar, for the CLI's fast start
    "datadir": 1,  # the data directory's listing: imports only errors/messages
    "periods": 2,
    "rules": 3,
    "trace": 4, "results": 4, "schedule": 4,
    "engine": 5, "evaluate": 5,
    "explain": 6,
    "io": 7, "report": 7,
    "columns": 7,  # vectorised calendar and verdicts, beside io: built on engine and calendar
    "extraction": 7,  # policy documents -> clauses -> draft rules (reads rules, periods, messages)
    "__init__": 8,  # the public namespace: what the CLI, like a user, imports
    "cli": 9, "__main__": 9,
    "service": 9,  # the HTTP adapter, beside the CLI (cli.serve_cmd starts it)
    "duckdb": 9, "_duckdb": 9, "dask": 9, "_dask": 9,  # engines' adapters over columns
}  # fmt: skip

#: Upward imports made on purpose, inside a method, for a convenience of the public API:
#: ``Step.text()``/``Trace.render()`` render through explain (and so ``Deadline.explain()``,
#: ``Verdict.explain()``).
ALLOWED = {
    ("trace", "explain"),
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("gov_deadlines"):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("gov_deadlines")]
            found += [(node.lineno, name) for name in names]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_import(path: Path) -> None:
    """Each module imports only its own layer or lower ones."""
    rel = path.relative_to(SRC)
    mine = rel.parts[0].removesuffix(".py")
    for line, module in _imports(path):
        theirs = _part(module)
        if (mine, theirs) in ALLOWED or theirs == mine:
            continue
        assert LAYERS[theirs] <= LAYERS[mine], f"{rel}:{line} imports {module} (a higher layer)"
