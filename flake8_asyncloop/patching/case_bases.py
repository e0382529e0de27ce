"""Finding a test-case base class in the project's own modules, for ``pytest_world.case_classes``.

``class TestX(DBTestCase)`` with ``from tests.base import DBTestCase``: whether ``TestX``'s
``async def test_*`` ever runs depends on what ``DBTestCase`` derives from.  The module is located as
the test run would import it (``ModuleFinder``) and read without importing; names it re-exports are
followed.  Only the project's modules are read: an installed package's base stays unknown.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Final

from .. import stamps
from ..caches import StatCache
from ..imports import ImportTracker
from ..parsing import parse_file
from ..pytest_world.case_classes import ClassLookup, ClassSource
from .finder import ModuleFinder

#: Re-exports followed at most this many times.
_MAX_HOPS: Final = 8
_trees: StatCache[ast.Module | None] = StatCache(None)


def project_class_lookup(finder: ModuleFinder) -> ClassLookup:
    """A lookup of ``package.module.Class`` in the project's modules."""
    def lookup(qualified: str) -> ClassSource | str | None:
        return _find(finder, qualified, _MAX_HOPS)

    return lookup


def _find(finder: ModuleFinder, qualified: str, hops: int) -> ClassSource | str | None:
    """The class, or the name it is re-exported from when that is outside the project."""
    module_name, _, name = qualified.rpartition(".")
    if not module_name or hops <= 0:
        return None
    location = finder.find(module_name)
    if location is None or not location.in_project:
        return qualified
    if location.path is None:
        return None
    stamps.note(location.path)
    tree = _trees.get(Path(location.path), parse_file)
    if tree is None:
        return None
    imports = module_imports(tree, module_name, location.is_package)
    for node in reversed(tree.body):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return ClassSource(node, tree, imports)
    target = imports.lookup(name)
    return None if target is None or target == qualified else _find(finder, target, hops - 1)


def module_imports(tree: ast.Module, module_name: str, is_package: bool) -> ImportTracker:
    """The names the module's top-level imports bind, relative imports made absolute."""
    tracker = ImportTracker()
    package = module_name if is_package else module_name.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            tracker.bind_import(node)
        elif isinstance(node, ast.ImportFrom):
            tracker.bind_import(_absolute(node, package))
    return tracker


def _absolute(node: ast.ImportFrom, package: str) -> ast.ImportFrom:
    if not node.level:
        return node
    parts = package.split(".") if package else []
    if node.level - 1 > len(parts):
        return node  # beyond the top: stays unresolved
    base = parts[: len(parts) - (node.level - 1)]
    module = ".".join([*base, *([node.module] if node.module else [])])
    return ast.ImportFrom(module=module or None, names=node.names, level=0)
