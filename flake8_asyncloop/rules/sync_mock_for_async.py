"""ALP007: a synchronous mock put in place of a coroutine function.

The patch calls are the ones ALP004 collects (``FilePatches``, shared); the replacement is read
from the call first, so only a file that puts a ``MagicMock``/``Mock`` somewhere resolves anything,
with the resolver ALP004 already built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..patching.file_patches import PatchSite
from ..patching.mock_usage import runs_coroutines, usage
from ..patching.sync_mocks import SyncMock, sync_replacement
from .info import Example, RuleInfo
from .patch_rule import PatchRule
from .sync_mock_doc import DOC

if TYPE_CHECKING:
    from ..patching.module_reads import ModuleReads

INFO = RuleInfo(
    code="ALP007",
    name="sync-mock-for-async",
    summary="a `MagicMock`/`Mock` patched in place of an `async def`: awaiting its call raises TypeError",
    concerns="unittest.mock (3.8+), the mock backport, pytest-mock, pytest's monkeypatch",
    options=("--asyncloop-source-roots",),
    messages={
        "sync-mock": (
            "{api} replaces async def {target} with {sync_mock}, whose call returns nothing awaitable "
            "(TypeError on await); use {async_fix}"
        ),
    },
    examples=(
        Example("alp007_sync_mocks", fires=True),
        Example("alp007_sync_mocks_ok", fires=False),
    ),
    doc=DOC,
)


class SyncMockForAsyncRule(PatchRule):
    """Reads the replacement of every patch call, and resolves the targets of synchronous ones."""

    info: ClassVar[RuleInfo] = INFO

    def finish(self) -> None:
        """Resolve the targets of synchronous replacements the test relies on; astroid is loaded only
        if there is one."""
        candidates = self._candidates()
        if not candidates:
            return
        from ..patching.awaitables import always_awaited  # noqa: PLC0415
        from ..patching.module_reads import reads_of_tree  # noqa: PLC0415
        from ..patching.reached import surely_awaits  # noqa: PLC0415

        answers = self._patches.answers()
        own = reads_of_tree(self.context.tree, None, False)
        for site, attribute, mock, shown_called in candidates:
            if not answers.is_coroutine(site.target, attribute):
                continue
            tops = self._tops(site.target.owner, own)
            if not always_awaited(answers.finder, self.context.filename, own, tops, attribute):
                continue
            target = site.target
            call = target.call
            if call is None or not (
                shown_called
                or surely_awaits(mock.scope, call, site.names(), answers.finder, target.owner, attribute)
            ):
                continue
            shown = target.written if target.attributes == (attribute,) else f"{target.owner}.{attribute}"
            self.report(
                target.line, target.col, "sync-mock",
                api=target.api, target=shown, sync_mock=mock.shown, async_fix=mock.fix,
            )
        self._patches.flush()

    def _candidates(self) -> list[tuple[PatchSite, str, SyncMock, bool]]:
        """Synchronous replacements left as they are, where coroutines run; with whether the test
        shows the code calls them (else the test must be seen awaiting the target)."""
        tree = self.context.tree
        found = []
        for site in self._patches.sites():
            call = site.target.call
            if call is None:
                continue
            enclosing = site.enclosing
            for attribute in site.target.attributes:
                mock = sync_replacement(
                    site, attribute, tree, lambda name: self._patches.is_mocker(name, enclosing)
                )
                if mock is None or not runs_coroutines(mock.scope):
                    continue
                used = usage(mock, attribute, call, tree)
                if not used.configured:
                    found.append((site, attribute, mock, used.awaited_result_expected))
        return found

    def _tops(self, owner: str, own: ModuleReads) -> set[str]:
        """The packages whose code may call the target: its own, and the project's the test imports."""
        from ..patching.project_files import project_tops  # noqa: PLC0415

        finder = self._patches.answers().finder
        imported = {*self._patches.file_imports, *own.late_modules}
        return project_tops(finder, imported) | {owner.split(".")[0]}
