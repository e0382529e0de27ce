"""The entry point the patch rules load lazily: it pulls in astroid, so plain files never pay for it."""

from __future__ import annotations

from collections.abc import Iterable

from ..caches import CACHES
from .finder import ModuleFinder
from .resolver import Resolver
from .roots import project_roots, search_roots

_FINDERS: dict[tuple[tuple[str, ...], tuple[str, ...]], ModuleFinder] = {}
CACHES.register(_FINDERS.clear)


def finder_for(filename: str, source_roots: tuple[str, ...]) -> ModuleFinder:
    """One finder (with its cache) per set of roots, for the whole process."""
    own = project_roots(filename, source_roots)
    roots = search_roots(filename, source_roots)
    key = (roots, own)
    finder = _FINDERS.get(key)
    if finder is None:
        finder = _FINDERS[key] = ModuleFinder(roots, own)
    return finder


def resolver_for(filename: str, source_roots: tuple[str, ...], file_imports: Iterable[str]) -> Resolver:
    """The resolver of one file: the process's finder for its roots, and the modules it imports."""
    return Resolver(finder_for(filename, source_roots), file_imports)
