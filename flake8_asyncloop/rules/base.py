"""The contract between the shared walk and the rules.

A rule declares the node types it wants and a message table (as pylint's
checkers do); the walker hands it those nodes in one pass over the tree that
flake8 already parsed.  Everything a rule may need about the file sits in one
``FileContext`` so no rule re-derives it.
"""

from __future__ import annotations

import ast
import os
from dataclasses import field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..findings import Finding
from ..imports import ImportTracker
from ..options import Settings
from ..pytest_world.relevance import may_hold_pytest_items
from ..records import record
from .info import RuleInfo

if TYPE_CHECKING:  # the model loads only for files that may hold pytest items
    from ..pytest_world.model import PytestModel

FunctionLike = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
_Shared = TypeVar("_Shared")


@record(frozen=False)
class FileContext:
    """The file being checked and where the walk currently is inside it."""

    filename: str
    lines: list[str]
    tree: ast.Module
    settings: Settings
    imports: ImportTracker = field(default_factory=ImportTracker)
    enclosing: tuple[ast.AST, ...] = ()
    _pytest_relevant: bool | None = field(default=None, init=False, repr=False)
    _pytest_model: PytestModel | None = field(default=None, init=False, repr=False)
    _shared: dict[object, Any] = field(default_factory=dict, init=False, repr=False)
    _text: str | None = field(default=None, init=False, repr=False)

    @property
    def text(self) -> str:
        """The file's text, joined once for every cheap test of it."""
        if self._text is None:
            self._text = "".join(self.lines)
        return self._text

    def shared(self, kind: Callable[[FileContext], _Shared]) -> _Shared:
        """One ``kind(self)`` per file: work several rules need (the patch calls) is done once."""
        found = self._shared.get(kind)
        if found is None:
            found = self._shared[kind] = kind(self)
        return found

    def may_hold_pytest_items(self) -> bool:
        """Cheap top-level test: could this file define fixtures, tests or marks?"""
        if self._pytest_relevant is None:
            self._pytest_relevant = may_hold_pytest_items(self.tree)
        return self._pytest_relevant

    def pytest_model(self) -> PytestModel:
        """The fixtures, tests and loops of this file, built on first use and shared by the rules."""
        if self._pytest_model is None:
            from ..pytest_world.fixtures import extract_module
            from ..pytest_world.model import PytestModel

            path = Path(os.path.abspath(self.filename))
            self._pytest_model = PytestModel(extract_module(path, self.tree), self.settings, self.tree)
        return self._pytest_model

    def innermost_function(self) -> FunctionLike | None:
        """The function or lambda whose body the walk is in, if any."""
        for node in reversed(self.enclosing):
            if isinstance(node, FunctionLike):
                return node
        return None

    def in_coroutine(self) -> bool:
        """True when the current code runs inside an ``async def`` body."""
        return isinstance(self.innermost_function(), ast.AsyncFunctionDef)


class LineRanges:
    """Blocks of the file (first and last line) where a rule stays silent, e.g. an expected error."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def add(self, first: int, last: int | None) -> None:
        """Add the block from ``first`` to ``last`` (a node's ``end_lineno``; None: one line)."""
        self._ranges.append((first, last or first))

    def __contains__(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self._ranges)


class Rule:
    """A check of one file, of one of two kinds: a ``WalkRule`` is fed nodes by the shared walk, a
    ``ModelRule`` reads the pytest model or the file as a whole in ``finish``.  Subclasses set
    ``info``, their code's single source."""

    info: ClassVar[RuleInfo]
    #: The node types ``visit`` wants; only walk rules name any.
    node_types: ClassVar[tuple[type[ast.AST], ...]] = ()

    @property
    def code(self) -> str:
        """The code this rule reports under."""
        return self.info.code

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.findings: list[Finding] = []

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Whether this rule has anything to do for the file; False skips it."""
        return True

    def visit(self, node: ast.AST) -> None:
        """Inspect one node of a declared type."""

    def finish(self) -> None:
        """Called once after the walk, for checks on the file as a whole."""

    def report(self, line: int, col: int, key: str, **values: object) -> None:
        """Record a finding with the message ``key`` of this rule's table."""
        text = self.info.messages[key].format(**values)
        self.findings.append(Finding(line, col, self.code, text))

    def report_at(self, node: ast.expr | ast.stmt, key: str, **values: object) -> None:
        """Record a finding at ``node``'s position."""
        self.report(node.lineno, node.col_offset, key, **values)


class WalkRule(Rule):
    """A rule the shared walk feeds: it names the node types it wants and inspects each in ``visit``,
    with the walk's scopes and enclosing definitions current in its ``FileContext``."""


class ModelRule(Rule):
    """A rule that takes no node from the walk: it reads the pytest model of the file (fixtures,
    tests, loops, the conftest chain) or the file as a whole, once, in ``finish``."""

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Only files that could define or request fixtures, tests or marks (a model rule that reads
        the file otherwise says which files it wants)."""
        return context.may_hold_pytest_items()
