"""The house rules of the layout, checked on the source with ``ast``.

* one order of packages (:data:`PACKAGE_ORDER`): a module imports only from its
  own package and the packages of the layers above its own; peers of one layer
  (``engine/`` and ``index/``) never import each other. The table of
  ``docs/architecture.md`` is drawn from the same rules (a test compares them);
* no import circles;
* the query side (``search/query/``, ``search/engine/``, ``web/``) never imports
  build-side code (``search/ingest/``, ``search/index/``), neither directly nor
  through other modules;
* ``search/text/`` imports nothing else from ``search/``;
* Whoosh's private names are used only behind the fence: ``search/engine/whoosh/``,
  the index writers ``search/index/writer/`` and ``search/index/segment_workers.py``
  (which commits their segments), and the two store modules that read Whoosh's
  own files (``search/store/position_codec.py``, ``search/store/field_lengths.py``)
  and the compact codec's (``search/store/compact_codec.py``, ``compact_reading.py``).

How imports are read is :mod:`tests.import_graph`'s docstring. Failures name the
file, the line and the import.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from .import_graph import (
    Import,
    Module,
    chain,
    cycles,
    edges,
    internal_targets,
    load_modules,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("search", "web")

#: The layers, top first: each package may import the packages of the layers above
#: its own, never a peer of its layer nor anything below (so ``search/text/``, a peer
#: of the defaults and errors, imports nothing else of ours). ``search`` is the root
#: package's own ``__init__`` (the version), not everything under it.
PACKAGE_ORDER: tuple[tuple[str, ...], ...] = (
    ("search", "search.config", "search.errors", "search.data", "search.text"),
    ("search.request",),
    ("search.store",),
    ("search.ingest",),
    ("search.engine", "search.index"),
    ("search.query",),
    ("web",),
    ("search.cli",),
)
#: What each package is, for the table in docs/architecture.md.
PACKAGE_ROLES = {
    "search": "the version",
    "search.config": "defaults",
    "search.errors": "typed errors",
    "search.data": "the names and outlets tables (JSON)",
    "search.text": "the language: tokens, normaliser, stemmer, stopwords, names",
    "search.request": "what a search asks for: params, syntax, plan, facet registry, deadline",
    "search.store": "the on-disk format: layout, schema, codecs, derived per-version files",
    "search.ingest": "corpus readers, extraction (clean, publisher, dates, actors, places)",
    "search.engine": "the seam (base.py) and the engines behind it (whoosh/, solr/)",
    "search.index": "build and update (Whoosh segments, Solr batches)",
    "search.query": "run_search, names, suggestions, snippets, response",
    "web": "Flask: JSON API, page",
    "search.cli": "click commands",
}

QUERY_SIDE = ("search.query", "search.engine", "web")
BUILD_SIDE = ("search.ingest", "search.index")
TEXT = "search.text"
WHOOSH_FENCE = (
    "search.engine.whoosh",
    "search.index.writer",
    "search.index.segment_workers",
    "search.store.position_codec",
    "search.store.field_lengths",
    "search.store.compact_codec",
    "search.store.compact_reading",
)
#: Private Whoosh attributes we know of (flagged outside the fence on any object).
KNOWN_PRIVATE = frozenset(
    {
        "_data",
        "_next_block",
        "_read_data",
        "_read_weights",
        "_read_values",
        "_weights",
        "_values",
        "_byteids",
        "_perdoc",
        "_terms",
        "_cached_reader",
        "_commit_toc",
        "_tindex",
        "_struct",
        "_length_byte_cache",
        "_lenfield",
        "_INT_SIZE",
        "_LENGTHS",
        "_text_to_bytes",
        "_finalize_segment",
        "_segments",
    }
)


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def is_query_side(name: str) -> bool:
    return _in(name, QUERY_SIDE)


def is_build_side(name: str) -> bool:
    return _in(name, BUILD_SIDE)


def package_of(name: str) -> tuple[int, str] | None:
    """The layer and package of a module by :data:`PACKAGE_ORDER` (``None``: unlisted)."""
    found = None
    for layer, packages in enumerate(PACKAGE_ORDER):
        for package in packages:
            within = name == package or (package != "search" and name.startswith(package + "."))
            if within and (found is None or len(package) > len(found[1])):
                found = (layer, package)
    return found


def order_violations(modules: dict[str, Module]) -> list[str]:
    """Every import that runs against :data:`PACKAGE_ORDER`: up, or across to a peer."""
    problems = []
    for name, module in sorted(modules.items()):
        own = package_of(name)
        if own is None:
            problems.append(f"{module.path.as_posix()}: {name} is in no layer of PACKAGE_ORDER")
            continue
        for imp in module.imports:
            for target in internal_targets(modules, imp):
                other = package_of(target)
                if other is None or other[1] == own[1] or other[0] < own[0]:
                    continue
                how = "its peer" if other[0] == own[0] else "a package below it"
                problems.append(
                    f"{module.where(imp.line)}: {name} imports {target} ({how}, {other[1]})"
                )
    return problems


def _where(package: str) -> str:
    """A package as a path: ``search/text/``, ``search/config.py``, ``web/``."""
    if package == "search":
        return "`search/__init__.py`"
    path = package.replace(".", "/")
    return f"`{path}.py`" if (ROOT / f"{path}.py").is_file() else f"`{path}/`"


def order_table() -> str:
    """The table of docs/architecture.md, as :data:`PACKAGE_ORDER` and the query-side
    rule draw it."""
    rows = ["| layer | package | what it is | may import |", "|---|---|---|---|"]
    for layer, packages in enumerate(PACKAGE_ORDER, start=1):
        above = {1: "nothing of ours", 2: "layer 1"}.get(layer, f"layers 1–{layer - 1}")
        for package in packages:
            never = [p for p in packages if p != package] if layer > 1 else []
            if package in QUERY_SIDE:
                never += [p for p in BUILD_SIDE if p not in never]
            may = above + (f"; never {', '.join(map(_where, never))}" if never else "")
            rows.append(f"| {layer} | {_where(package)} | {PACKAGE_ROLES[package]} | {may} |")
    return "\n".join(rows)


def is_fenced(name: str) -> bool:
    return _in(name, WHOOSH_FENCE)


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_modules(ROOT, PACKAGES)


@pytest.fixture(scope="module")
def graph(modules: dict[str, Module]) -> dict[str, dict[str, int]]:
    return edges(modules)


def _report(problems: list[str], rule: str) -> None:
    if problems:
        pytest.fail(f"{rule}: {len(problems)} violation(s)\n  " + "\n  ".join(problems))


def test_the_walk_sees_every_module_of_search_and_web(modules: dict[str, Module]) -> None:
    expected = {p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    assert {ROOT / m.path for m in modules.values()} == expected
    for name in ("search.text.analyzers", "search.engine.whoosh.postings", "web.api"):
        assert name in modules


def test_every_import_follows_the_package_order(modules: dict[str, Module]) -> None:
    _report(order_violations(modules), "imports against the package order")


def _inject(modules: dict[str, Module], into: str, target: str) -> dict[str, Module]:
    """``modules`` with one more import written in ``into`` (the source is left alone)."""
    module = modules[into]
    extra = Import(target, (), 999)
    return {**modules, into: replace(module, imports=[*module.imports, extra])}


@pytest.mark.parametrize(
    ("into", "target", "why"),
    [
        ("search.text.normalise", "search.query.run", "a package below it"),
        ("search.request.plan", "search.engine.base", "a package below it"),
        ("search.store.layout", "search.ingest.corpus", "a package below it"),
        ("search.engine.whoosh.reader", "search.index.build", "its peer"),
        ("search.index.derived", "search.engine.whoosh.ranking", "its peer"),
        ("web.api", "search.cli.main", "a package below it"),
    ],
)
def test_the_order_check_fails_on_an_injected_upward_or_sideways_import(
    modules: dict[str, Module], into: str, target: str, why: str
) -> None:
    assert order_violations(modules) == []
    problems = order_violations(_inject(modules, into, target))
    assert problems == [f"{modules[into].path.as_posix()}:999: {into} imports {target} ({why}, "
                        f"{package_of(target)[1]})"]  # fmt: skip


def test_the_table_in_the_architecture_notes_is_the_one_the_order_draws() -> None:
    notes = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    table = order_table()
    assert table in notes, "docs/architecture.md should hold this table:\n" + table


def test_every_package_of_the_order_has_modules(modules: dict[str, Module]) -> None:
    listed = {p for layer in PACKAGE_ORDER for p in layer}
    assert listed == set(PACKAGE_ROLES)
    for package in listed:
        assert any(package_of(name) == (next(i for i, layer in enumerate(PACKAGE_ORDER)
                   if package in layer), package) for name in modules), package  # fmt: skip


def test_no_module_imports_itself_through_a_circle(
    modules: dict[str, Module], graph: dict[str, dict[str, int]]
) -> None:
    problems = []
    for circle in cycles(graph):
        steps = [
            f"{a} ({modules[a].where(graph[a][b])})"
            for a, b in zip(circle, circle[1:], strict=False)
        ]
        problems.append(" → ".join([*steps, circle[-1]]))
    _report(problems, "import circles")


def test_the_query_side_never_imports_build_side_code(modules: dict[str, Module]) -> None:
    problems = []
    for name, module in sorted(modules.items()):
        if not is_query_side(name):
            continue
        for imp in module.imports:
            for target in internal_targets(modules, imp):
                if is_build_side(target):
                    problems.append(f"{module.where(imp.line)}: {name} imports {target}")
    _report(problems, "query side imports build side")


def test_the_query_side_does_not_pull_in_build_side_code_through_other_modules(
    modules: dict[str, Module], graph: dict[str, dict[str, int]]
) -> None:
    build = {name for name in modules if is_build_side(name)}
    problems = []
    for name in sorted(modules):
        if is_query_side(name):
            path = chain(graph, name, build)
            if path is not None and len(path) > 2:  # direct imports: the test above
                first = modules[path[0]].where(graph[path[0]][path[1]])
                problems.append(f"{first}: " + " → ".join(path))
    _report(problems, "query side reaches build side")


ENGINE_PACKAGES = ("search.engine.whoosh", "search.engine.solr")
#: Only these talk HTTP to a cluster (the Solr engine's client; its writer and tests use it).
HTTP_CLIENTS = ("search.store.solr_client",)


def test_engines_do_not_import_each_other_and_only_the_solr_client_speaks_http(
    modules: dict[str, Module],
) -> None:
    """An engine is one package behind the seam: the Solr engine works without Whoosh's
    read path and the Whoosh engine without a cluster; HTTP goes through one client,
    where retries and the "cluster not reachable" error live."""
    problems = []
    for name, module in sorted(modules.items()):
        own = next((p for p in ENGINE_PACKAGES if _in(name, (p,))), None)
        for imp in module.imports:
            if _in(imp.target, ("requests", "urllib3", "http.client")) and not _in(
                name, HTTP_CLIENTS
            ):
                problems.append(f"{module.where(imp.line)}: {name} imports {imp.target}")
            if own is None:
                continue
            for target in internal_targets(modules, imp):
                other = next((p for p in ENGINE_PACKAGES if _in(target, (p,))), None)
                if other is not None and other != own:
                    problems.append(f"{module.where(imp.line)}: {name} imports {target}")
        if _in(name, ("search.engine.solr",)) and _imports_whoosh(module):
            problems.append(f"{name} imports whoosh")
    _report(problems, "engines apart, HTTP in one client")


def test_search_text_imports_nothing_else_from_search(modules: dict[str, Module]) -> None:
    problems = []
    for name, module in sorted(modules.items()):
        if not _in(name, (TEXT,)):
            continue
        for imp in module.imports:
            targets = internal_targets(modules, imp) or [imp.target]
            for target in targets:
                if _in(target, ("search",)) and not _in(target, (TEXT,)):
                    problems.append(f"{module.where(imp.line)}: {name} imports {target}")
    _report(problems, "search/text imports outside search/text")


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _imports_whoosh(module: Module) -> bool:
    return any(_in(imp.target, ("whoosh",)) for imp in module.imports)


def test_private_whoosh_names_are_imported_only_inside_the_fence(
    modules: dict[str, Module],
) -> None:
    problems = []
    for name, module in sorted(modules.items()):
        if is_fenced(name):
            continue
        for imp in module.imports:
            if not _in(imp.target, ("whoosh",)):
                continue
            private = [p for p in imp.target.split(".") if _private(p)]
            private += [n for n in imp.names if _private(n) or n in KNOWN_PRIVATE]
            if private:
                taken = (
                    f"from {imp.target} import {', '.join(imp.names)}"
                    if imp.names
                    else (f"import {imp.target}")
                )
                problems.append(
                    f"{module.where(imp.line)}: {taken} (private: {', '.join(private)})"
                )
    _report(problems, "private Whoosh names imported outside the fence")


def _private_accesses(module: Module, generic: bool) -> list[tuple[int, str]]:
    """``x._name`` accesses (not on ``self``/``cls``) and ``getattr(x, "_name")``:
    every private one when ``generic``, else only the known Whoosh ones."""

    def flagged(attr: str) -> bool:
        return attr in KNOWN_PRIVATE or (generic and _private(attr))

    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute) and flagged(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            found.append((node.lineno, f"{ast.unparse(owner)}.{node.attr}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and flagged(node.args[1].value)
        ):
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_private_attributes_of_whoosh_objects_are_used_only_inside_the_fence(
    modules: dict[str, Module],
) -> None:
    """Outside the fence: no known private Whoosh attribute anywhere, and in a module
    that imports whoosh, no private attribute of anything but ``self``/``cls``."""
    problems = []
    for name, module in sorted(modules.items()):
        if is_fenced(name):
            continue
        for line, access in _private_accesses(module, generic=_imports_whoosh(module)):
            problems.append(f"{module.where(line)}: {name} uses {access}")
    _report(problems, "private attributes outside the Whoosh fence")


# --- the walk itself, on a made-up package -------------------------------------------


def test_the_walk_resolves_relative_nested_and_type_checking_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg.sub import leaf\n",
        "top.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from .sub.leaf import Thing\n"
            "def late():\n    import pkg.other\n"
        ),
        "other.py": "from . import top\n",
        "sub/__init__.py": "VALUE = 1\n",
        "sub/leaf.py": "from .. import other\nfrom . import VALUE\n",
    }
    for relative, text in files.items():
        (package / relative).write_text(text, "utf-8")
    found = load_modules(tmp_path, ["pkg"])
    graph = edges(found)
    assert graph == {
        "pkg": {"pkg.sub.leaf": 1},
        "pkg.top": {"pkg.sub.leaf": 3, "pkg.other": 5},
        "pkg.other": {"pkg.top": 1},
        "pkg.sub": {},
        "pkg.sub.leaf": {"pkg.other": 1, "pkg.sub": 2},
    }
    assert cycles(graph) == [["pkg.other", "pkg.top", "pkg.other"]]
    assert chain(graph, "pkg.top", {"pkg.sub"}) == ["pkg.top", "pkg.sub.leaf", "pkg.sub"]
