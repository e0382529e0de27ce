"""ALP009: a patch the code under test never sees ("where to patch").

The patch calls and their resolution are ALP004's (``FilePatches``, shared); the consumers and
every file that may read the patched name are read only for a target that resolves to an
attribute of one of the project's modules, and only then.
"""

from __future__ import annotations

from typing import ClassVar, Final

from ..patching.file_patches import PatchSite
from ..patching.mock_usage import CALLED, scope_usage
from ..patching.sync_mocks import patch_mock
from .info import Example, RuleInfo
from .patch_rule import PatchRule
from .unseen_patch_doc import DOC

#: Words without which no test of the file asserts a mock was called.
_CALL_EVIDENCE: Final = (*sorted(CALLED), "called", "call_count")

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


class UnseenPatchRule(PatchRule):
    """Checks, for each patched module attribute, whether the modules the test imports see it."""

    info: ClassVar[RuleInfo] = INFO

    def finish(self) -> None:
        """Look for a consumer of each target; astroid is loaded only if the file patches anything."""
        text = "".join(self.context.lines)
        sites = self._patches.sites() if any(word in text for word in _CALL_EVIDENCE) else []
        if not sites:
            return  # no test here asserts a mock was called
        answers = self._patches.answers()
        for site in sites:
            target = site.target
            for attribute in target.attributes:
                if not self._asserts_called(site, attribute):
                    continue
                found = answers.unseen(self.context.tree, self.context.lines, target, attribute)
                if found is None:
                    continue
                shown = target.written if target.attributes == (attribute,) else f"{target.owner}.{attribute}"
                self.report(
                    target.line, target.col, "unseen", api=target.api, target=shown,
                    consumer=found.consumer, name=attribute, suggestion=found.suggestion,
                )
        self._patches.flush()

    def _asserts_called(self, site: PatchSite, attribute: str) -> bool:
        """The test asserts that the code called the mock (``m.assert_called_once()``, ``m.called``,
        ``m.call_count == 1``, ``m.call_args``): an unseen patch then surely fails the test."""
        call = site.target.call
        mock = patch_mock(site, attribute, self.context.tree)
        if call is None or mock is None:
            return False
        return scope_usage(mock, attribute, call, self.context.tree).called
