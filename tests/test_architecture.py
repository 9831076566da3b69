"""The layers of DESIGN.md: imports point downwards only, and the public API is pinned."""

from __future__ import annotations

import ast
from pathlib import Path

import hemicycle

SRC = Path(hemicycle.__file__).parent

# package -> packages (and top-level modules) it may import from hemicycle
ALLOWED: dict[str, set[str]] = {
    "types": set(),
    "errors": set(),
    "inputs": {"types", "errors"},
    "core": {"core", "types", "errors"},
    "law": {"law", "core", "types", "errors"},
    "io": {"io", "types", "errors"},
    "analysis": {"analysis", "core", "law", "types", "errors"},
    "forensics": {"forensics", "core", "law", "types", "errors"},
    "audit": {"audit", "core", "law", "types", "errors"},
    "report": {"report", "core", "law", "analysis", "forensics", "audit", "types", "errors"},
    "verify": {"verify", "types", "errors"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hemicycle"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "hemicycle" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_imports_point_downwards() -> None:
    violations = []
    for path in SRC.rglob("*.py"):
        layer = path.relative_to(SRC).parts[0].removesuffix(".py")
        if layer not in ALLOWED:
            continue  # api, cli, web and the package root may import everything
        for imported in _imports(path) - ALLOWED[layer]:
            violations.append(f"{path.relative_to(SRC)} imports hemicycle.{imported}")
    assert violations == []


def test_core_imports_only_stdlib_and_numpy() -> None:
    third_party = set()
    for path in (SRC / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                third_party.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                third_party.add(node.module.split(".")[0])
    import sys

    assert third_party - set(sys.stdlib_module_names) - {"hemicycle", "numpy"} == set()


def test_verify_shares_nothing_with_the_engine() -> None:
    """Certificates are checked by code that imports only the stdlib, types and errors."""
    import sys

    found: set[str] = set()
    for path in (SRC / "verify").rglob("*.py"):
        for name in _module_names(path):
            if name.startswith("hemicycle"):
                found.add(".".join(name.split(".")[:2]))
            else:
                found.add(name.split(".")[0])
    allowed = {"hemicycle.verify", "hemicycle.types", "hemicycle.errors", "__future__"}
    assert found - set(sys.stdlib_module_names) - allowed == set()


def test_only_io_imports_duckdb() -> None:
    users = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "duckdb" in {name.split(".")[0] for name in _module_names(path)}
    }
    assert {user for user in users if not user.startswith("io/")} == set()


def _module_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


PUBLIC_API = {
    "METHODS",
    "Allocation",
    "DataError",
    "HemicycleError",
    "InfeasibleError",
    "Law",
    "LawError",
    "Lot",
    "Outcome",
    "Priority",
    "Tie",
    "TieError",
    "UnknownMethodError",
    "__version__",
    "all_outcomes",
    "analyze",
    "apportion",
    "biproportional",
    "cabinet",
    "compare",
    "get_method",
    "offices",
    "paradoxes",
    "power",
    "simulate",
    "tabulate",
}


def test_public_api_is_pinned() -> None:
    assert set(hemicycle.__all__) == PUBLIC_API
    assert len(hemicycle.__all__) == len(PUBLIC_API)
    for name in hemicycle.__all__:
        assert hasattr(hemicycle, name), name


def test_test_modules_have_unique_names() -> None:
    """pytest imports test modules by their base name: two with the same name cannot coexist."""
    tests = Path(__file__).parent
    names = [path.name for path in tests.rglob("test_*.py")]
    assert sorted({name for name in names if names.count(name) > 1}) == []
