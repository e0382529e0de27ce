"""The pytest-asyncio settings a project's pytest run would see (SPEC §2), and where each came from.

For each setting the first source that says something valid wins, in the order pytest applies them:

1. the flake8 option (``--asyncloop-asyncio-mode`` etc.) — the user's word overrides the files;
2. ``--asyncio-mode`` inside ``addopts`` (mode only: pytest-asyncio reads the command-line option
   before the ini value, so it beats even ``-o asyncio_mode=...``);
3. ``-o key=value`` / ``--override-ini key=value`` inside ``addopts`` (pytest applies overrides over the
   file's keys);
4. the key in the configuration file;
5. pytest-asyncio's default.

Within one source the last occurrence wins, as on pytest's command line.  A value pytest-asyncio
would reject is reported once on stderr (file and key) and skipped, so the next source applies.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..caches import Memo
from ..display import display_path
from ..faults import report_ignored, report_unparsable
from ..options import ASYNCIO_MODES, FIXTURE_SCOPE, Settings
from . import config_files
from ..records import record
from .config_files import ConfigFile, locate
from .scopes import SCOPES
from .versions import AsyncioSemantics, Version, semantics_for

MODE_KEY = "asyncio_mode"
FIXTURE_KEY = "asyncio_default_fixture_loop_scope"
TEST_KEY = "asyncio_default_test_loop_scope"
DEFAULT_ORIGIN = "pytest-asyncio default"
#: pytest-asyncio 0.17-0.19 also accept ``legacy`` (0.17-0.18's default); 0.20 refuses it.
LEGACY_MODE = "legacy"


@record
class ConfigValue:
    """A setting's value and, for messages, where it came from (file and key, or option)."""

    value: str
    origin: str


@record
class PytestConfig:
    """What pytest-asyncio will run with, for the tests of one folder."""

    path: Path | None  # the configuration file pytest would use, None if none
    rootdir: Path | None  # its folder (where conftest lookup stops), None if unknown
    asyncio_mode: ConfigValue  # "strict" or "auto"
    fixture_loop_scope: ConfigValue | None  # None: unset or "fixture-scope" (the fixture's own scope)
    test_loop_scope: ConfigValue  # one of the five scopes; default "function"


class _Candidate(NamedTuple):
    """One source's say on a setting, before validation."""

    value: object
    origin: str  # for messages when it is used
    where: str  # for the stderr line when it is ignored: section and key, or the addopts entry


_CacheKey = tuple[str, str | None, str | None, str | None, Version]
_answers: Memo[_CacheKey, PytestConfig] = Memo()


def find_config(folder: Path | str, settings: Settings) -> PytestConfig:
    """The pytest configuration in force for the tests in ``folder`` (cached per folder and settings)."""
    semantics = semantics_for(settings, folder)
    key = (
        os.path.abspath(folder),
        settings.asyncio_mode,
        settings.default_fixture_loop_scope,
        settings.default_test_loop_scope,
        semantics.version,
    )
    return _answers.get(key, lambda: _find_config(key[0], settings, semantics))


def _find_config(folder: str, settings: Settings, semantics: AsyncioSemantics) -> PytestConfig:
    location = locate(folder)
    file = location.file
    if file is not None and file.broken is not None:
        if file.unparsable:  # the same line as the pytest-asyncio version search says for this file
            report_unparsable(file.path, file.broken)
        else:
            detail = f"the pytest configuration ({file.broken}; pytest-asyncio defaults apply)"
            report_ignored(display_path(file.path, levels_up=0), detail)
    sources = _ValueSources(file, settings)
    return PytestConfig(
        path=file.path if file is not None else None,
        rootdir=location.rootdir,
        asyncio_mode=_resolve_mode(sources, semantics),
        fixture_loop_scope=_resolve_fixture_loop_scope(sources, semantics),
        test_loop_scope=_resolve_test_loop_scope(sources, semantics),
    )


def clear_cache() -> None:
    """Forget every answer (for tests that rewrite files in place)."""
    _answers.clear()
    config_files.clear_cache()


def _resolve_mode(sources: _ValueSources, semantics: AsyncioSemantics) -> ConfigValue:
    modes = (*ASYNCIO_MODES, LEGACY_MODE) if semantics.legacy_mode_exists else ASYNCIO_MODES
    for candidate in sources.candidates(MODE_KEY, "asyncio_mode", command_line_flag=True):
        if candidate.value in modes:
            return ConfigValue(str(candidate.value), candidate.origin)
        sources.ignore(candidate, f"expected {' or '.join(modes)}")
    return ConfigValue("strict", DEFAULT_ORIGIN)


def _resolve_fixture_loop_scope(sources: _ValueSources, semantics: AsyncioSemantics) -> ConfigValue | None:
    if not semantics.default_fixture_loop_scope_option:
        return None
    for candidate in sources.candidates(FIXTURE_KEY, "default_fixture_loop_scope"):
        if candidate.value in SCOPES:
            return ConfigValue(str(candidate.value), candidate.origin)
        if candidate.value == FIXTURE_SCOPE and (semantics.fixture_scope_value or _is_option(candidate)):
            return None
        reason = f"expected one of {', '.join(SCOPES)}"
        if candidate.value == FIXTURE_SCOPE:
            reason = f"{FIXTURE_SCOPE} needs pytest-asyncio >= 1.5, the project uses {semantics}"
        elif semantics.fixture_scope_value:
            reason += f" or {FIXTURE_SCOPE}"
        sources.ignore(candidate, reason)
    return None


def _resolve_test_loop_scope(sources: _ValueSources, semantics: AsyncioSemantics) -> ConfigValue:
    if semantics.default_test_loop_scope_option:
        for candidate in sources.candidates(TEST_KEY, "default_test_loop_scope"):
            if candidate.value in SCOPES:
                return ConfigValue(str(candidate.value), candidate.origin)
            sources.ignore(candidate, f"expected one of {', '.join(SCOPES)}")
    return ConfigValue("function", DEFAULT_ORIGIN)


def _is_option(candidate: _Candidate) -> bool:
    return candidate.origin.startswith("--asyncloop-")


class _ValueSources:
    """The flake8 options, the file's keys and its ``addopts``, in the order pytest applies them."""

    def __init__(self, file: ConfigFile | None, settings: Settings) -> None:
        self._file = file
        self._settings = settings
        self._source = "" if file is None else display_path(file.path, levels_up=0)
        self._section = f"{file.section} " if file is not None and file.section else ""
        self._label = f"{self._source} {self._section.strip()}".strip()
        self.mode_flags: list[_Candidate] = []
        self.overrides: dict[str, list[_Candidate]] = {}
        if file is not None and "addopts" in file.values:
            self._read_addopts(file.values["addopts"], file.toml_mode)

    def candidates(self, key: str, field: str, command_line_flag: bool = False) -> Iterator[_Candidate]:
        """Every source's say on ``key``, strongest first (last occurrence first within addopts)."""
        option = getattr(self._settings, field)
        if option is not None:
            flag = "--asyncloop-" + field.replace("_", "-")
            yield _Candidate(option, flag, flag)
        if command_line_flag:
            yield from reversed(self.mode_flags)
        yield from reversed(self.overrides.get(key, []))
        if self._file is not None and key in self._file.values:
            yield self._key_candidate(key, self._file.values[key])

    def ignore(self, candidate: _Candidate, reason: str) -> None:
        """Say once on stderr that this value is not used, and why."""
        detail = f"{candidate.where} = {candidate.value!r} ({reason})"
        report_ignored(self._source or candidate.origin, detail)

    def _key_candidate(self, key: str, value: object) -> _Candidate:
        return _Candidate(value, f"{self._label}: {key}", f"{self._section}{key}")

    def _read_addopts(self, value: object, toml_mode: bool) -> None:
        tokens = self._addopts_tokens(value, toml_mode)
        for kind, text in _scan_addopts(tokens):
            if kind == "mode":
                entry = f"--asyncio-mode={text}"
                origin = f"{self._label} addopts: {entry}"
                self.mode_flags.append(_Candidate(text, origin, f"{self._section}addopts --asyncio-mode"))
                continue
            key, equals, setting = text.partition("=")
            entry = f"-o {text}"
            if not equals:
                self._ignore_addopts(repr(entry), "-o expects key=value")
                continue
            self.overrides.setdefault(key, []).append(
                _Candidate(setting, f"{self._label} addopts: {entry}", f"{self._section}addopts -o {key}")
            )

    def _addopts_tokens(self, value: object, toml_mode: bool) -> list[str]:
        if isinstance(value, str) and not toml_mode:
            try:
                return shlex.split(value)
            except ValueError as exc:
                self._ignore_addopts(repr(value), f"cannot split it: {exc}")
                return []
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        self._ignore_addopts(repr(value), "expected a list of strings" if toml_mode else "expected a string")
        return []

    def _ignore_addopts(self, entry: str, reason: str) -> None:
        report_ignored(self._source, f"{self._section}addopts {entry} ({reason})")


def _scan_addopts(tokens: list[str]) -> Iterator[tuple[str, str]]:
    """("mode", value) for ``--asyncio-mode``, ("override", "key=value") for ``-o``, in order.

    Spellings argparse accepts: ``--asyncio-mode X``, ``--asyncio-mode=X``, ``-o k=v``, ``-ok=v``,
    ``-o=k=v``, ``--override-ini k=v``, ``--override-ini=k=v``.  pytest disables abbreviations, and
    ``--`` ends the options.
    """
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "--":
            return
        kind, attached = _option_of(token)
        if kind is None:
            continue
        if attached is None:
            if index >= len(tokens):
                return
            attached = tokens[index]
            index += 1
        yield kind, attached


def _option_of(token: str) -> tuple[str | None, str | None]:
    if token in ("--asyncio-mode", "--override-ini", "-o"):
        return ("mode" if token == "--asyncio-mode" else "override"), None
    for flag, kind in (("--asyncio-mode=", "mode"), ("--override-ini=", "override")):
        if token.startswith(flag):
            return kind, token[len(flag):]
    if token.startswith("-o") and not token.startswith("--"):
        rest = token[2:]
        return "override", rest[1:] if rest.startswith("=") else rest
    return None, None
