"""The architecture's rules that import-linter cannot see, checked on the source."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from novex import registry

SRC = Path(__file__).resolve().parents[2] / "src" / "novex"
EDGES = ("api", "web", "cli", "edge")
# What only the unit of work may touch: the transaction, the session, the repositories.
FORBIDDEN_ATTRIBUTES = {"repo", "rollback", "commit", "session", "flush"}


def edge_modules() -> list[Path]:
    return sorted(p for edge in EDGES for p in (SRC / edge).rglob("*.py"))


@pytest.mark.parametrize("path", edge_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_edges_never_touch_a_repository_session_or_transaction(path):
    tree = ast.parse(path.read_text("utf-8"))
    touched = [
        f"{path.name}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES
    ]
    imported = [
        f"{path.name}:{node.lineno} {node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("sqlalchemy", "novex.store"))
    ]
    assert touched == [] and imported == []


def test_the_contract_fails_on_a_side_door(tmp_path):
    """The check above would catch an edge reaching past the services."""
    bad = "def route(uow):\n    uow.get(X).repo.claims()\n    session.rollback()\n"
    tree = ast.parse(bad)
    found = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} & FORBIDDEN_ATTRIBUTES
    assert found == {"repo", "rollback"}


def test_the_registry_order_is_the_import_order_checked_by_lint_imports():
    """The contexts' cycle order (registry) and the layers contract (pyproject) tell the same story."""
    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    floor = {name.strip(): len(layers) - i for i, layer in enumerate(layers) for name in layer.split("|")}
    packages = [c.split(".context")[0] for c in registry.CONTEXTS]
    assert all(p in floor for p in packages), [p for p in packages if p not in floor]
    heights = [floor[p] for p in packages]
    assert heights == sorted(heights), list(zip(packages, heights, strict=True))
    assert floor["novex.registry"] < min(heights)  # the registry sits below every context
