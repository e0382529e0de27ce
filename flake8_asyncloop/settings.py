"""The plugin's flake8 options, validated into one immutable ``Settings``.

Every option is one row of ``OPTIONS``.  Values are parsed by argparse ``type``
callables, which argparse also applies to values flake8 read from
``[flake8]`` in setup.cfg, tox.ini or .flake8 — so a bad value anywhere is a
usage error that names the option, never a traceback.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flake8.options.manager import OptionManager

from .pytest_world.scopes import SCOPES
from .pytest_world.versions import Version, parse_version_option

FIXTURE_SCOPE = "fixture-scope"
ASYNCIO_MODES = ("strict", "auto")


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _one_of(text: str, choices: tuple[str, ...]) -> str:
    value = str(text).strip()
    if value not in choices:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(choices)}; got {text!r}")
    return value


def asyncio_mode(text: str) -> str:
    """Parse a pytest-asyncio mode: ``strict`` or ``auto``."""
    return _one_of(text, ASYNCIO_MODES)


def default_fixture_loop_scope(text: str) -> str:
    """Parse a default fixture loop scope: one of the five scopes, or ``fixture-scope``."""
    return _one_of(text, (*SCOPES, FIXTURE_SCOPE))


def default_test_loop_scope(text: str) -> str:
    """Parse a default test loop scope: one of the five scopes."""
    return _one_of(text, SCOPES)


LOOP_MISMATCH_LEVELS = ("all", "likely", "certain")


def loop_mismatch(text: str) -> str:
    """Parse ALP002's strictness: ``all``, ``likely`` or ``certain``."""
    return _one_of(text, LOOP_MISMATCH_LEVELS)


def pytest_asyncio_version(text: str) -> Version | None:
    """Parse ``auto`` (None) or a pytest-asyncio version such as ``0.21`` or ``1.5.0``."""
    try:
        return parse_version_option(str(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def directory_list(text: str) -> tuple[str, ...]:
    """Parse comma-separated folders (relative to the current directory) into absolute paths."""
    folders = []
    for item in str(text).replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        path = os.path.abspath(item)
        if not os.path.isdir(path):
            raise argparse.ArgumentTypeError(f"{item!r} is not a folder (resolved to {path})")
        folders.append(path)
    return tuple(folders)


class OptionSpec(NamedTuple):
    """One ``--asyncloop-*`` option: its flag, default, parser and help."""

    flag: str
    dest: str
    default: str | None
    parse: Callable[[str], Any]
    help: str


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "--asyncloop-max-conftest-lines",
        "asyncloop_max_conftest_lines",
        "400",
        positive_int,
        "ALP005: the most lines a conftest.py may have (default: %(default)s).",
    ),
    OptionSpec(
        "--asyncloop-asyncio-mode",
        "asyncloop_asyncio_mode",
        None,
        asyncio_mode,
        "pytest-asyncio mode (strict or auto); overrides what the pytest configuration files say.",
    ),
    OptionSpec(
        "--asyncloop-default-fixture-loop-scope",
        "asyncloop_default_fixture_loop_scope",
        None,
        default_fixture_loop_scope,
        "asyncio_default_fixture_loop_scope (function, class, module, package, session or "
        "fixture-scope); overrides what the pytest configuration files say.",
    ),
    OptionSpec(
        "--asyncloop-default-test-loop-scope",
        "asyncloop_default_test_loop_scope",
        None,
        default_test_loop_scope,
        "asyncio_default_test_loop_scope (function, class, module, package or session); "
        "overrides what the pytest configuration files say.",
    ),
    OptionSpec(
        "--asyncloop-pytest-asyncio-version",
        "asyncloop_pytest_asyncio_version",
        "auto",
        pytest_asyncio_version,
        "the pytest-asyncio release whose behaviour to apply, e.g. 0.21 or 1.5.0; 'auto' (default) "
        "reads the one installed beside flake8, else applies the newest behaviour.",
    ),
    OptionSpec(
        "--asyncloop-loop-mismatch",
        "asyncloop_loop_mismatch",
        "likely",
        loop_mismatch,
        "ALP002: which loop mismatches to report: 'certain' (values the runtime table says fail), "
        "'likely' (default: also values made by an await the plugin cannot see into, and waited-on "
        "primitives shared across loops) or 'all' (every mismatch, whatever the value).",
    ),
    OptionSpec(
        "--asyncloop-source-roots",
        "asyncloop_source_roots",
        "",
        directory_list,
        "ALP004: extra folders, comma-separated and relative to the current directory, where patch "
        "targets are looked up after the project root and its src/ (like entries of sys.path).",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Everything the rules need from the command line and flake8 config."""

    max_conftest_lines: int = 400
    asyncio_mode: str | None = None
    default_fixture_loop_scope: str | None = None
    default_test_loop_scope: str | None = None
    pytest_asyncio_version: Version | None = None
    loop_mismatch: str = "likely"
    source_roots: tuple[str, ...] = ()


def register(manager: OptionManager) -> None:
    """Add every option to flake8's option manager."""
    for spec in OPTIONS:
        manager.add_option(
            spec.flag,
            dest=spec.dest,
            default=spec.default,
            type=spec.parse,
            parse_from_config=True,
            help=spec.help,
        )


def from_options(options: argparse.Namespace) -> Settings:
    """Build the immutable settings from flake8's parsed options."""
    values: dict[str, Any] = {}
    for spec in OPTIONS:
        value = getattr(options, spec.dest, None)
        if isinstance(value, str):  # a default argparse did not convert
            value = spec.parse(value)
        values[spec.dest.removeprefix("asyncloop_")] = value
    return Settings(**values)
