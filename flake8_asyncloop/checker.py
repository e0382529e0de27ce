"""The object flake8 loads through the ``ALP`` entry point.

It imports only what registering the options and reading the disk cache need: a file whose findings
the cache still holds is answered without importing a rule, the pytest model, astroid or a TOML
parser; the rules (``checking``) load on the first file the cache cannot answer, and then only
those a file can need (``rules.REGISTRY``).
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from typing import ClassVar

from flake8.options.manager import OptionManager

from . import __version__, disk_cache, settings, stamps, workers
from .faults import report_internal_error
from .once import start_run
from .options import Settings
from .result_cache import FileResults, Found
from .rules import DEFAULT_OFF, wanted_by_none


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
        """Freeze the parsed options for every file of this run; when flake8 is about to fork workers
        for a run the disk cache cannot answer, load the rules first, so the workers share them."""
        cls.settings = settings.from_options(options)
        start_run()
        disk_cache.new_run()
        if workers.forks(options) and workers.likely_cold(cls.settings):
            from .checking import load_rules  # noqa: PLC0415

            load_rules()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        """Yield every finding for this file, from the disk cache when it still holds them; an internal
        error never escapes."""
        if not isinstance(self._tree, ast.Module):
            return
        if self.settings.explain:
            self._explain()
        if wanted_by_none(self._filename, self._lines):
            return  # no rule reads anything here: no finding, and nothing worth a cache entry
        results = FileResults.open(self._filename, self._lines, self.settings)
        if results is None:
            found = self._check(self._tree)
        else:
            with results.gathering():
                found = results.stored()
                if found is None:
                    with stamps.recording(stamps.Recorder()) as recorder:
                        found = self._check(self._tree)
                    if found is not None:
                        results.store(recorder, found)
                    else:
                        results.store_parts()
        for line, col, text in found or ():
            yield line, col, text, type(self)

    def _check(self, tree: ast.Module) -> list[Found] | None:
        try:
            from .checking import check_file  # noqa: PLC0415 - the rules load on the first miss

            return check_file(self._filename, self._lines, tree, self.settings)
        except Exception as exc:  # noqa: BLE001 - never abort the user's flake8 run
            report_internal_error(self._filename, "the checker", exc)
            return None

    def _explain(self) -> None:
        """``--asyncloop-explain``: say which pytest-asyncio release and configuration apply here."""
        try:
            from .pytest_world.explain import explain_file

            explain_file(self._filename, self.settings)
        except Exception as exc:  # noqa: BLE001 - never abort the user's flake8 run
            report_internal_error(self._filename, "--asyncloop-explain", exc)
