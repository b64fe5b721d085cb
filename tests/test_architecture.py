"""The house rules of docs/architecture.md, held by reading the source (ast), not by trust.

- one owner per concept: only ``refman/identifiers.py`` finds or normalises identifiers; only
  ``refman/formats/`` decides what kind a collection file is; only ``refman/store.py`` names the
  build folder's files;
- no import circle (lazy and ``TYPE_CHECKING`` imports count), no upward arrow between layers, no
  module imports the package root;
- the pure core imports nothing from the network, files or terminal layers;
- tests never import bench; no module over 600 lines without a word in docs/architecture.md.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "refman"

#: Layers, lowest first: a module may import its own layer and the ones below, never above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("refman._version", "refman.bulk", "refman.errors", "refman.model", "refman.settings"),
    ("refman.identifiers", "refman.translit", "refman.lang", "refman.formats.latex"),
    ("refman.normalise", "refman.keys", "refman.store"),
    ("refman.parse", "refman.formats", "refman.render"),
    ("refman.extract", "refman.dedupe", "refman.rulings", "refman.resolve", "refman.linkcheck"),
    ("refman.plugins", "refman.library", "refman.report", "refman.documents"),
    ("refman.pipeline",),
    ("refman.integrations", "refman.cli", "refman.tui", "refman", "refman.__main__"),
)

#: The pure core: values in, values out.
PURE = (
    "refman.bulk",
    "refman.model",
    "refman.identifiers",
    "refman.translit",
    "refman.lang",
    "refman.normalise",
    "refman.keys",
    "refman.parse",
    "refman.extract",
    "refman.dedupe",
    "refman.rulings",
    "refman.resolve.words",
    "refman.resolve.glossary",
    "refman.resolve.features",
    "refman.resolve.evidence",
    "refman.resolve.match",
    "refman.resolve.mapping",
    "refman.resolve.records",
    "refman.resolve.stats",
    "refman.linkcheck.links",
    "refman.linkcheck.classify",
    "refman.documents.layout",
    "refman.documents.html",
    "refman.documents.docx",
    "refman.formats",
    "refman.render",
    "refman.report",
    "refman.library.identity",
    "refman.library.decisions",
)
#: Kept in the repository, not shipped in the wheel: not part of the running core.
NOT_SHIPPED = ("refman.parse.training",)
#: What the pure core may not import: the network, files, terminal and process layers.
IMPURE = (
    "refman.store",
    "refman.library.store",
    "refman.library.folder",
    "refman.library.library",
    "refman.pipeline",
    "refman.cli",
    "refman.tui",
    "refman.resolve.crossref",
    "refman.resolve.web",
    "refman.resolve.http",
    "refman.resolve.doiorg",
    "refman.resolve.cache",
    "refman.resolve.resolver",
    "refman.linkcheck.checker",
    "refman.linkcheck.cache",
    "httpx",
    "habanero",
    "requests",
    "urllib.request",
    "socket",
    "sqlite3",
    "asyncio",
    "subprocess",
    "shutil",
    "tempfile",
    "rich",
    "textual",
    "click",
)
#: Modules of the core allowed one file-reading import, and why.
PURE_EXCEPTIONS = {
    # read_collection(path) is the formats package's one door to the disk; the parsers it
    # dispatches to are pure
    ("refman.formats.collection", "refman.store"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``path`` imports (lazy and TYPE_CHECKING imports too), with its line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in _modules() else base), node.lineno


def _refman_imports(name: str) -> set[str]:
    return {m for m, _ in _imports(name, _modules()[name]) if m in _modules()}


def _owner(module: str, owners: tuple[str, ...]) -> str | None:
    """The longest of ``owners`` that ``module`` is, or lives inside."""
    found = [o for o in owners if module == o or module.startswith(o + ".")]
    return max(found, key=len) if found else None


def _layer(module: str) -> int:
    """The index of the layer that owns ``module`` (its longest owning prefix decides)."""
    owners = [(len(o), i) for i, layer in enumerate(LAYERS) for o in layer if o == module]
    owners += [
        (len(o), i)
        for i, layer in enumerate(LAYERS)
        for o in layer
        if o != "refman" and module.startswith(o + ".")
    ]
    assert owners, f"{module} is in no layer of LAYERS: place it"
    return max(owners)[1]


def _strings(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node.lineno


def _outside(*owners: str) -> list[tuple[str, Path]]:
    return [(n, p) for n, p in _modules().items() if _owner(n, owners) is None]


def test_every_module_has_a_layer() -> None:
    for name in _modules():
        _layer(name)


def test_no_import_circle() -> None:
    graph = {name: _refman_imports(name) for name in _modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert circles == []


def test_no_upward_arrow() -> None:
    upward = [
        f"{name} (layer {_layer(name)}) imports {dep} (layer {_layer(dep)})"
        for name in _modules()
        for dep in _refman_imports(name)
        if _layer(dep) > _layer(name)
    ]
    assert upward == []


def test_no_module_imports_the_package_root() -> None:
    offenders = [
        f"{name}:{line}"
        for name, path in _modules().items()
        for module, line in _imports(name, path)
        if module == "refman" and name != "refman"
    ]
    assert offenders == []


def test_pure_core_imports_no_network_file_or_terminal_layer() -> None:
    offenders = [
        f"{name}:{line} imports {module}"
        for name, path in _modules().items()
        if _owner(name, PURE) and not _owner(name, NOT_SHIPPED)
        for module, line in _imports(name, path)
        if _owner(module, IMPURE) and (name, _owner(module, IMPURE)) not in PURE_EXCEPTIONS
    ]
    assert offenders == []


DOI_PATTERN = re.compile(r"10\\?\.\\d|10\\?\.\[0-9\]")
IDENTIFIER_FUNCTION = re.compile(
    r"(find|normali[sz]e|clean|extract|valid|is)_\w*(doi|isbn|issn|arxiv|pmid)", re.I
)


def test_only_identifiers_finds_or_normalises_identifiers() -> None:
    offenders = []
    for name, path in _outside("refman.identifiers"):
        offenders += [
            f"{name}:{line}: DOI pattern {text!r}"
            for text, line in _strings(path)
            if DOI_PATTERN.search(text)
        ]
        offenders += [
            f"{name}:{node.lineno}: defines {node.name}"
            for node in ast.walk(_tree(path))
            if isinstance(node, ast.FunctionDef) and IDENTIFIER_FUNCTION.search(node.name)
        ]
    assert offenders == []


COLLECTION_SUFFIXES = {".bib", ".bibtex", ".json", ".yaml", ".yml", ".csl"}


def test_only_formats_decides_a_collection_files_kind() -> None:
    offenders = [
        f"{name}:{line}: {text!r}"
        for name, path in _outside("refman.formats")
        for text, line in _strings(path)
        if text.lower() in COLLECTION_SUFFIXES
    ]
    assert offenders == []


BUILD_FILES = {"references.json", "references.bib", "report.md", "report.json", "decisions.json"}


def test_only_store_names_the_build_folders_files() -> None:
    offenders = [
        f"{name}:{line}: {text!r}"
        for name, path in _outside("refman.store")
        for text, line in _strings(path)
        if text in BUILD_FILES
    ]
    assert offenders == []


def test_tests_never_import_bench() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                names, line = [a.name for a in node.names], node.lineno
            elif isinstance(node, ast.ImportFrom):
                names, line = [node.module or ""], node.lineno
            else:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{line}" for n in names if n.split(".")[0] == "bench"]
    assert offenders == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_long_module_says_why_in_the_architecture_doc(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > 600:
        doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
        assert str(path.relative_to(ROOT)) in doc, (
            f"{lines} lines: say in docs/architecture.md why it is one job"
        )
