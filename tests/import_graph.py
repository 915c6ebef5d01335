"""The import graph of our packages, read with ``ast`` (nothing is imported).

Every ``import`` and ``from ... import`` counts, wherever it stands: at the top,
inside functions, under ``if TYPE_CHECKING:`` or ``try:``. Relative imports are
resolved against the importing module's package, and ``from a.b import c``
imports the module ``a.b.c`` when there is one (otherwise ``a.b``). An edge goes
to the module named, not to the packages above it (importing ``a.b.c`` also runs
``a/__init__.py`` and ``a/b/__init__.py``, but counting that would make every
re-exporting ``__init__`` a circle with its own submodules).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One imported module (or a name from it), where it was written."""

    target: str  # absolute dotted name as written/resolved: "whoosh.codec.whoosh3"
    names: tuple[str, ...]  # names taken from it by ``from ... import``; () for ``import``
    line: int


@dataclass
class Module:
    name: str  # "search.engine.whoosh.postings"; a package is its __init__
    path: Path
    is_package: bool
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]

    def where(self, line: int) -> str:
        return f"{self.path.as_posix()}:{line}"


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.package.split(".")
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: Module) -> Iterator[Import]:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield Import(_resolve(module, node), names, node.lineno)


def load_modules(root: Path, packages: Iterable[str]) -> dict[str, Module]:
    """Every ``.py`` module under ``root/<package>`` for each package, by name."""
    modules: dict[str, Module] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            name, is_package = module_name(root, path)
            tree = ast.parse(path.read_text("utf-8"), filename=str(path))
            module = Module(name, path.relative_to(root), is_package, tree)
            module.imports = list(_imports(module))
            modules[name] = module
    return modules


def internal_targets(modules: dict[str, Module], imp: Import) -> list[str]:
    """The modules of ours an import loads: submodules named by ``from``, else the module.

    ``from a.b import c, d`` where ``c`` is a module and ``d`` a function of
    ``a/b/__init__.py`` loads both ``a.b.c`` and ``a.b``.
    """
    targets = []
    plain = not imp.names
    for name in imp.names:
        submodule = f"{imp.target}.{name}"
        if submodule in modules:
            targets.append(submodule)
        else:
            plain = True
    if plain and imp.target in modules:
        targets.append(imp.target)
    return targets


def edges(modules: dict[str, Module]) -> dict[str, dict[str, int]]:
    """importer → {imported module of ours: first line}."""
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for name, module in modules.items():
        for imp in module.imports:
            for target in internal_targets(modules, imp):
                if target != name:
                    graph[name].setdefault(target, imp.line)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One circle (a path back to its start) for each strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm (the graph is small: recursion is fine)
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_circle(graph, group) for group in groups]


def _circle(graph: dict[str, dict[str, int]], group: list[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    members = set(group)
    start = group[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node]):
                if nxt not in members:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no circle in {group}")  # cannot happen for a strong component


def chain(graph: dict[str, dict[str, int]], start: str, goal: set[str]) -> list[str] | None:
    """A shortest import chain from ``start`` to any module of ``goal`` (None if none)."""
    previous: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node]):
                if nxt in previous:
                    continue
                previous[nxt] = node
                if nxt in goal:
                    path: list[str] = [nxt]
                    while (step := previous[path[-1]]) is not None:
                        path.append(step)
                    return path[::-1]
                following.append(nxt)
        frontier = following
    return None
