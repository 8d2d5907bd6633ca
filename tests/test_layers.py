"""The code's shape, checked: imports run one way (pages -> the Streamlit layer -> areas -> kinds -> the import
pipeline -> the store -> the vocabulary), with no cycle; only the Streamlit layer and the pages import streamlit;
pages run no SQL and import no SQLAlchemy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module may import modules of its own rank or below, never above.
RANKS = [
    ("lib.vocab", 0), ("lib.errors", 0), ("lib.fmt", 0), ("lib.xlsx", 0), ("lib.frames", 0),
    ("lib.store", 1),
    ("lib.ingest", 2),
    ("lib.kinds", 3),
    ("lib.importer", 4), ("lib.areas", 4),
    ("lib.charts", 5), ("lib.exports", 5), ("lib.demo", 5), ("lib.pack_charts", 5), ("lib.pack", 5),
    ("lib.cli", 6),
    ("lib.ui", 7),
    ("pages", 8), ("app", 8), ("serve", 8),
]


def rank(module: str) -> int:
    if module == "lib":
        return 0  # the package itself: an empty __init__
    for prefix, value in RANKS:
        if module == prefix or module.startswith(prefix + "."):
            return value
    raise AssertionError(f"{module} has no place in RANKS: add it where it belongs")


def sources() -> dict[str, Path]:
    """Every module of the project: lib (but the migrations, which Alembic loads as scripts), pages, app, serve."""
    found = {"app": ROOT / "app.py", "serve": ROOT / "serve.py"}
    for path in sorted((ROOT / "lib").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for path in sorted((ROOT / "pages").glob("*.py")):
        found[f"pages.{path.stem}"] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (annotations only: nothing runs them)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.add(inner.lineno)
    return lines


def imports(module: str, path: Path) -> set[str]:
    """The modules this one imports, anywhere in it (inside functions too), resolved to full names."""
    tree = ast.parse(path.read_text(), str(path))
    skip = _type_checking_only(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            out.add(stem)
            out.update(f"{stem}.{alias.name}" for alias in node.names)  # `from lib import fmt` imports lib.fmt
    return out


def graph() -> dict[str, set[str]]:
    mods = sources()
    return {m: {i for i in imports(m, p) if i in mods and i != m} for m, p in mods.items()}


def test_every_module_has_a_rank():
    for module in sources():
        rank(module)


def test_no_module_imports_one_above_it():
    upward = [f"{m} (rank {rank(m)}) imports {i} (rank {rank(i)})"
              for m, targets in graph().items() for i in targets if rank(i) > rank(m)]
    assert not upward, "\n".join(upward)


def test_no_import_cycle():
    edges = graph()
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    assert not cycles, f"import cycles: {cycles}"


def test_only_the_streamlit_layer_and_pages_import_streamlit():
    offenders = [m for m, p in sources().items() if rank(m) < rank("lib.ui")
                 and any(i == "streamlit" or i.startswith("streamlit.") for i in imports(m, p))]
    assert not offenders, offenders


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")) + ["app.py"])
def test_pages_run_no_sql(page):
    path = ROOT / ("app.py" if page == "app.py" else f"pages/{page}")
    text = path.read_text()
    used = imports("pages.x", path)
    assert not [i for i in used if i.split(".")[0] in ("sqlalchemy", "sqlmodel", "sqlite3", "psycopg")], used
    for pattern in (r"\.execute\(", r"(?<![\w.])select\(", r"\b(SELECT|INSERT|UPDATE|DELETE) "):
        assert not re.search(pattern, text), f"{page} holds SQL ({pattern})"
