"""The object flake8 loads through the ``ALP`` entry point."""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from typing import ClassVar

from flake8.options.manager import OptionManager

from . import __version__, settings
from .caches import CACHES
from .faults import report_internal_error
from .once import start_run
from .options import Settings
from .rules import DEFAULT_OFF, RULES
from .rules.base import FileContext
from .walker import TreeWalker


class AsyncLoopChecker:
    """A flake8 tree plugin: one walk of the parsed tree feeds every ALP rule."""

    name = "flake8-asyncloop"
    version = __version__
    settings: ClassVar[Settings] = Settings()

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]) -> None:
        self._tree = tree
        self._filename = filename
        self._lines = lines

    @classmethod
    def add_options(cls, manager: OptionManager) -> None:
        """Register the ``--asyncloop-*`` options; codes not yet right on every real suite start off."""
        settings.register(manager)
        if DEFAULT_OFF:
            manager.extend_default_ignore(DEFAULT_OFF)

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Freeze the parsed options for every file of this run."""
        cls.settings = settings.from_options(options)
        start_run()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        """Yield every finding for this file; an internal error never escapes."""
        if not isinstance(self._tree, ast.Module):
            return
        CACHES.settle()
        context = FileContext(self._filename, self._lines, self._tree, self.settings)
        if self.settings.explain:
            self._explain()
        try:
            rules = [rule(context) for rule in RULES if rule.applies_to(context)]
            TreeWalker(context, rules).walk()
        except Exception as exc:  # noqa: BLE001 - never abort the user's flake8 run
            report_internal_error(self._filename, "the checker", exc)
            return
        for rule in rules:
            for finding in rule.findings:
                yield finding.as_flake8()

    def _explain(self) -> None:
        """``--asyncloop-explain``: say which pytest-asyncio release and configuration apply here."""
        try:
            from .pytest_world.explain import explain_file

            explain_file(self._filename, self.settings)
        except Exception as exc:  # noqa: BLE001 - never abort the user's flake8 run
            report_internal_error(self._filename, "--asyncloop-explain", exc)
