"""The never-rules of ARCHITECTURE.md, read from the import graph of the package.

Every ``import`` and ``from ... import`` in ``callevent_toolkit/`` counts, including those
inside functions and ``TYPE_CHECKING`` blocks (a lazy import is still a dependency; it only
moves the cost). The root ``__init__`` is the package's lazy facade and is left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "callevent_toolkit"
PACKAGE = "callevent_toolkit"

#: The layer of each top-level unit: a unit may import only units of a lower layer, so
#: units of one layer (the two faces; the plugin and the command line) never import each
#: other. Adding a unit means giving it a layer here and in ARCHITECTURE.md.
LAYERS: dict[str, int] = {
    "errors": 0,
    "_lazy": 0,
    "schemas": 1,
    "_checks": 2,
    "_process": 2,
    "strict_json": 2,
    "validation": 3,
    "prefilter": 3,
    "ndjson": 4,
    "envelopes": 4,
    "engine": 5,
    "strategies": 6,
    "generation": 6,
    "assertions": 7,
    "fuzz": 7,
    "sending": 7,
    "contract_coverage": 7,
    "jobs": 7,
    "pytest_plugin": 8,
    "cli": 8,
    "__main__": 9,
}

#: The faces: the core must never import them.
FACES = {"strategies", "generation"}

#: No function or method of the package is longer than this (``def`` line to last line).
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(importer: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(name: str) -> Iterator[tuple[str, str | None]]:
    """``(module, imported name or None)`` for every import in module ``name``."""
    path = _modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node, path.name == "__init__.py")
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in _modules():
                    yield submodule, None
                else:
                    yield target, alias.name


@cache
def _graph() -> dict[str, set[tuple[str, str | None]]]:
    return {
        name: {(m, n) for m, n in _imports(name) if m == PACKAGE or m.startswith(PACKAGE + ".")}
        for name in _modules()
        if name != PACKAGE
    }


def _unit(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_every_unit_has_a_layer():
    units = {_unit(m) for m in _modules() if m != PACKAGE}
    assert units - LAYERS.keys() == set(), "give new units a layer in LAYERS and ARCHITECTURE.md"


def test_units_import_only_lower_layers():
    wrong = sorted(
        f"{importer} imports {target}"
        for importer, targets in _graph().items()
        for target, _name in targets
        if target != PACKAGE
        and _unit(target) != _unit(importer)
        and LAYERS[_unit(target)] >= LAYERS[_unit(importer)]
    )
    assert wrong == []


def test_nothing_imports_the_package_facade():
    """``from callevent_toolkit import x`` inside the package would import the lazy facade."""
    assert (
        sorted(i for i, targets in _graph().items() if any(t == PACKAGE for t, _ in targets)) == []
    )


def test_the_core_imports_no_face():
    assert (
        sorted(
            f"{importer} imports {target}"
            for importer, targets in _graph().items()
            if _unit(importer) == "engine"
            for target, _name in targets
            if _unit(target) in FACES
        )
        == []
    )


def _owner_of_private(module: str, name: str | None) -> str | None:
    """The package a private module or name belongs to, or None if nothing is private."""
    parts = module.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    if name is not None and name.startswith("_") and not name.startswith("__"):
        is_package = _modules()[module].name == "__init__.py"
        return module if is_package else ".".join(parts[:-1])
    return None


def test_no_private_import_across_packages():
    """A private module or name is used only inside the package that owns it."""
    wrong = []
    for importer, targets in _graph().items():
        for target, name in targets:
            owner = _owner_of_private(target, name)
            inside = owner is not None and (importer == owner or importer.startswith(owner + "."))
            if owner is not None and not inside:
                wrong.append(f"{importer} imports {target}{'.' + name if name else ''}")
    assert sorted(wrong) == []


def test_no_import_cycles():
    graph = {m: {t for t, _ in targets if t in _graph()} for m, targets in _graph().items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _functions() -> Iterator[tuple[str, int]]:
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                key = f"{path.relative_to(ROOT).as_posix()}:{node.name}"
                yield key, node.end_lineno - node.lineno + 1


def test_no_function_is_over_the_limit():
    """Every function, method and nested function of the package, no exceptions listed."""
    lengths = dict(_functions())
    long = {key: lines for key, lines in lengths.items() if lines > MAX_FUNCTION_LINES}
    assert long == {}
    # the walk sees real code: methods, nested functions, and functions near the limit
    assert "engine/_plans.py:__init__" in lengths
    assert "engine/_compiler.py:build" in lengths
    assert max(lengths.values()) > MAX_FUNCTION_LINES // 2


@pytest.mark.parametrize(
    ("importer", "target", "name", "private"),
    [
        ("callevent_toolkit.cli._fuzz", "callevent_toolkit.fuzz._naming", None, True),
        ("callevent_toolkit.fuzz._api", "callevent_toolkit.fuzz._naming", None, False),
        ("callevent_toolkit.generation", "callevent_toolkit.engine", None, False),
        ("callevent_toolkit.generation", "callevent_toolkit.engine._plans", None, True),
        ("callevent_toolkit.generation", "callevent_toolkit._checks", None, False),
    ],
)
def test_the_private_rule_itself(importer, target, name, private):
    """The rule the test above applies, on known cases (so it cannot pass vacuously)."""
    owner = _owner_of_private(target, name)
    inside = owner is not None and (importer == owner or importer.startswith(owner + "."))
    assert (owner is not None and not inside) is private


def test_architecture_md_states_the_layers_the_test_enforces():
    """The layer table of ARCHITECTURE.md and :data:`LAYERS` are one table."""
    import re

    text = (ROOT.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    stated: dict[str, int] = {}
    for layer, units in re.findall(r"^\| (\d+) \| ([^|]+) \|", text, re.M):
        for unit in re.findall(r"`([\w]+)/?`", units):
            stated[unit] = int(layer)
    assert stated == LAYERS
