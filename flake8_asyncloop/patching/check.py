"""The entry point the patch rules load lazily: it pulls in astroid, so plain files never pay for it."""

from __future__ import annotations

from collections.abc import Iterable

from .resolver import Resolver
from .roots import finder_for


def resolver_for(filename: str, source_roots: tuple[str, ...], file_imports: Iterable[str]) -> Resolver:
    """The resolver of one file: the process's finder for its roots, and the modules it imports."""
    return Resolver(finder_for(filename, source_roots), file_imports)
