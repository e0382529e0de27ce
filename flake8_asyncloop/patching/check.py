"""The entry point the ALP004 rule loads lazily: it pulls in astroid, so plain files never pay for it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..caches import CACHES
from .finder import ModuleFinder
from .resolver import Resolver
from .values import Problem
from .roots import project_roots, search_roots
from .targets import PatchTarget

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


def check_targets(
    filename: str, source_roots: tuple[str, ...], targets: Iterable[PatchTarget], file_imports: Iterable[str]
) -> Iterator[tuple[PatchTarget, Problem]]:
    """Every problem of every target of one file, in target order."""
    resolver = Resolver(finder_for(filename, source_roots), file_imports)
    for target in targets:
        for problem in resolver.check(target):
            yield target, problem
