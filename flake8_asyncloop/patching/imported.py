"""Which modules are imported by the time a patch starts: what makes a submodule an attribute of its
package (``mock.patch("pkg.sub")`` fails while nobody imported ``pkg.sub``)."""

from __future__ import annotations

from collections.abc import Iterable

from .analysis import module_namespace
from .finder import ModuleFinder, ModuleLocation


class ImportedModules:
    """The test file's imports and, on demand, every module those (and a package) import in turn."""

    def __init__(self, finder: ModuleFinder, file_imports: Iterable[str]) -> None:
        self._finder = finder
        self._file_imports = with_parents(file_imports)
        self._closures: dict[str, frozenset[str]] = {}

    def has(self, package: ModuleLocation, submodule: str) -> bool:
        """Whether anything imported ``submodule`` (making it an attribute of its package): the test
        file, the package itself, or a project module the test file imports (``uvicorn.config`` does
        ``import logging.config``)."""
        if submodule in self._file_imports:
            return True
        if submodule in self._closure(package.name, package.name.split(".")[0]):
            return True
        return any(submodule in self._closure(name, None) for name in self._file_imports)

    def _closure(self, start: str, top: str | None) -> frozenset[str]:
        """Every module ``start`` imports while it is imported, followed within the top-level package
        ``top`` (None: within the project's modules), with the modules it names outside."""
        key = f"{start}|{top}"
        if key in self._closures:
            return self._closures[key]
        done: set[str] = set()
        todo = [start]
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            location = self._finder.find(name)
            if location is None or (top is None and not location.in_project):
                continue
            info = module_namespace(location)
            if info is None:
                continue
            for imported in with_parents(info.imported_modules):
                if (top is None or imported.split(".")[0] == top) and imported not in done:
                    todo.append(imported)
        closure = frozenset(done)
        self._closures[key] = closure
        return closure


def with_parents(modules: Iterable[str]) -> frozenset[str]:
    """Importing ``a.b.c`` imports ``a`` and ``a.b`` too."""
    names: set[str] = set()
    for module in modules:
        parts = module.split(".")
        names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(names)
