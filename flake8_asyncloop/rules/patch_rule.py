"""The base of the patch rules (ALP004, ALP007, ALP009): one patch collection per file, shared."""

from __future__ import annotations

import ast

from ..patching.file_patches import NODE_TYPES, FilePatches
from .base import FileContext, WalkRule


class PatchRule(WalkRule):
    """A rule about a file's patch calls: the walk feeds the file's one ``FilePatches``, whichever
    patch rule is handed the node first; the subclass reads it in ``finish``."""

    node_types = NODE_TYPES

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._patches = context.shared(FilePatches)

    def visit(self, node: ast.AST) -> None:
        """Collect the patch calls (once for every patch rule)."""
        self._patches.visit(node)
