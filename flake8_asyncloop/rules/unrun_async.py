"""ALP006: async tests and fixtures that strict-mode pytest-asyncio never runs."""

from __future__ import annotations

from typing import ClassVar

from ..pytest_world.unrun import UnrunAsync
from .base import ModelRule
from .info import RuleInfo
from .unrun_async_info import INFO


class UnrunAsyncRule(ModelRule):
    """A model rule: unmarked async tests and plain async fixtures, at their ``def`` lines."""

    info: ClassVar[RuleInfo] = INFO

    def finish(self) -> None:
        """Report each unmarked async test and each plain async fixture once."""
        model = self.context.pytest_model()
        unrun = UnrunAsync(model, self.context.tree, "".join(self.context.lines))
        for test in unrun.unmarked_tests():
            self.report(test.def_line, test.def_col, "unmarked-test", test=test.name)
        for fixture in unrun.plain_fixtures():
            self.report(fixture.def_line, fixture.def_col, "plain-fixture", fixture=fixture.name)
