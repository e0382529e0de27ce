"""ALP005: a conftest.py too long to maintain."""

from __future__ import annotations

import os
from typing import ClassVar

from .base import FileContext, ModelRule
from .info import Example, RuleInfo

INFO = RuleInfo(
    code="ALP005",
    name="conftest-too-long",
    summary="a `conftest.py` too long to maintain",
    concerns="any pytest project",
    options=("--asyncloop-max-conftest-lines",),
    messages={
        "too-long": (
            "conftest.py has {count} lines, over the limit of {limit}; move its fixtures into a fixtures/ "
            "package grouped by kind and import them here"
        ),
    },
    examples=(
        Example("alp005_long", fires=True),
        Example("alp005_ok", fires=False),
        Example("alp005_not_conftest_ok", fires=False),
    ),
    doc="""\
## What it catches

A file named `conftest.py` with more lines than `--asyncloop-max-conftest-lines` (default 400).
Reported once, at line 1, with the count and the limit, so `# noqa: ALP005` on line 1 silences it.

## Why it matters

Nothing fails at run time — the cost is maintenance. Every test below a conftest depends on all of
it; past a few hundred lines nobody finds a fixture in it, fixtures get duplicated with small
differences, and the loop-scope mistakes ALP001 and ALP002 catch hide in the crowd.

## How to fix

Move the fixtures into a `fixtures/` package grouped by kind, and import them in the conftest,
which keeps its configuration (hooks, `pytest_plugins`, marks):

```text
tests/
  conftest.py            # from tests.fixtures.http import *  /  hooks and configuration only
  fixtures/
    __init__.py
    http.py              # HTTP clients and auth headers
    database.py          # database engines and sessions
    factories.py         # model factories
    utils.py             # test utilities
```

flake8-asyncloop follows the fixtures a conftest imports (by name or `*`) when it checks loop scopes,
so this layout loses no ALP001/ALP002 finding.
""",
)


class ConftestLengthRule(ModelRule):
    """A model rule: counts a conftest's lines once, after the walk; reports at line 1."""

    info: ClassVar[RuleInfo] = INFO

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
