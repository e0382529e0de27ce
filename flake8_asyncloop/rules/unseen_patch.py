"""ALP009: a patch the code under test never sees ("where to patch").

The patch calls and their resolution are ALP004's (``FilePatches``, shared); the consumers and
every file that may read the patched name are read only for a target that resolves to an
attribute of one of the project's modules, and only then.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from ..patching.file_patches import NODE_TYPES, FilePatches
from .base import FileContext, WalkRule
from .info import Example, RuleInfo
from .unseen_patch_doc import DOC

INFO = RuleInfo(
    code="ALP009",
    name="patch-not-seen",
    summary="a patch of `module.name` the code under test never sees: it did `from module import name` "
            "before the patch started",
    concerns="unittest.mock, the mock backport, pytest-mock, pytest's monkeypatch",
    options=("--asyncloop-source-roots",),
    messages={
        "unseen": (
            "{api} target '{target}' is never seen: {consumer} imported {name} before the patch and "
            "keeps its own; patch '{suggestion}' instead"
        ),
    },
    examples=(
        Example("alp009_unseen", fires=True),
        Example("alp009_unseen_ok", fires=False),
    ),
    doc=DOC,
)


class UnseenPatchRule(WalkRule):
    """Checks, for each patched module attribute, whether the modules the test imports see it."""

    info: ClassVar[RuleInfo] = INFO
    node_types = NODE_TYPES

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._patches = context.shared(FilePatches)

    def visit(self, node: ast.AST) -> None:
        """Collect the patch calls (once for every patch rule)."""
        self._patches.visit(node)

    def finish(self) -> None:
        """Look for a consumer of each target; astroid is loaded only if the file patches anything."""
        sites = self._patches.sites()
        if not sites:
            return
        answers = self._patches.answers()
        for site in sites:
            target = site.target
            for attribute in target.attributes:
                found = answers.unseen(self.context.tree, self.context.lines, target, attribute)
                if found is None:
                    continue
                shown = target.written if target.attributes == (attribute,) else f"{target.owner}.{attribute}"
                self.report(
                    target.line, target.col, "unseen", api=target.api, target=shown,
                    consumer=found.consumer, name=attribute, suggestion=found.suggestion,
                )
        self._patches.flush()
