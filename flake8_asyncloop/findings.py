"""What a rule reports: a position, a code and a message, as flake8 wants it."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One reported problem; ``col`` is 0-based as in the AST (flake8 adds one)."""

    line: int
    col: int
    code: str
    text: str

    def as_flake8(self) -> tuple[int, int, str, type]:
        """The tuple flake8 expects from a tree plugin's ``run``."""
        return (self.line, self.col, f"{self.code} {self.text}", type(self))
