"""ALP005: a conftest.py too long to maintain."""

from __future__ import annotations

import os
from typing import ClassVar

from .base import FileContext, Rule


class ConftestLengthRule(Rule):
    """Counts a conftest's lines once, after the walk; reports at line 1."""

    code = "ALP005"
    messages: ClassVar = {
        "too-long": (
            "conftest.py has {count} lines, more than the limit of {limit} "
            "(--asyncloop-max-conftest-lines): every test below it depends on a file this "
            "long and nobody finds a fixture in it; move the fixtures into a fixtures/ "
            "package grouped by kind (HTTP clients and auth headers; database engines and "
            "sessions; model factories; test utilities) and import them in the conftest, "
            "which keeps its configuration"
        ),
    }

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Only files named conftest.py."""
        return os.path.basename(context.filename) == "conftest.py"

    def finish(self) -> None:
        """Report once if the file is over the limit."""
        count = len(self.context.lines)
        limit = self.context.settings.max_conftest_lines
        if count > limit:
            self.report(1, 0, "too-long", count=count, limit=limit)
