"""The plugin's flake8 options, validated into one immutable ``Settings``.

Every option is one row of ``OPTIONS``.  Values are parsed by argparse ``type``
callables, which argparse also applies to values flake8 read from
``[flake8]`` in setup.cfg, tox.ini or .flake8 — so a bad value anywhere is a
usage error that names the option, never a traceback.  The one exception is
``--asyncloop-source-roots``: flake8 resolves it as it resolves its own path
options (against the configuration file's folder), and a folder that does not
exist is one stderr line, never a stop (see ``source_roots``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any, NamedTuple

from flake8.options.manager import OptionManager

from . import source_roots
from .options import (
    ASYNCIO_MODES, FIXTURE_SCOPE, LOOP_MISMATCH_LEVELS, Settings, Version, parse_version_option,
)
from .pytest_world.scopes import SCOPES


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


def loop_mismatch(text: str) -> str:
    """Parse ALP002's strictness: ``all``, ``likely`` or ``certain``."""
    return _one_of(text, LOOP_MISMATCH_LEVELS)


def pytest_asyncio_version(text: str) -> Version | None:
    """Parse ``auto`` (None) or a pytest-asyncio version such as ``0.21`` or ``1.5.0``."""
    try:
        return parse_version_option(str(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def path_list(text: str) -> list[str]:
    """Split comma- or line-separated paths, as flake8's ``comma_separated_list`` does."""
    return [item.strip() for item in str(text).replace("\n", ",").split(",") if item.strip()]


_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")


def boolean(text: str) -> bool:
    """Parse a switch's value from a config file: true/false, yes/no, on/off, 1/0."""
    value = str(text).strip().lower()
    if value not in _TRUE + _FALSE:
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")
    return value in _TRUE


class Switch(argparse.Action):
    """``store_true`` whose config-file value goes through ``type``, so a bad value is a usage error.

    flake8 reads a ``store_true`` option from ``[flake8]`` with ``getboolean``, which raises a bare
    ValueError (a traceback) on ``maybe``; any other action gets the text, which argparse converts
    with ``type`` like every other option's value.
    """

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, True)


class OptionSpec(NamedTuple):
    """One ``--asyncloop-*`` option: its flag, default, parser and help; ``switch``: takes no value.

    ``paths`` options are left to flake8's own path handling (``normalize_paths``), which
    replaces ``parse``; their folders are resolved in ``from_options``.
    """

    flag: str
    dest: str
    default: str | None
    parse: Callable[[str], Any]
    help: str
    switch: bool = False
    paths: bool = False
    #: One path, resolved by flake8 as ``paths`` are (against the configuration file's folder).
    path: bool = False


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
        "reads the project's pins, lock files or ranges, else the release installed beside flake8, "
        "else applies the newest behaviour (see --asyncloop-explain).",
    ),
    OptionSpec(
        "--asyncloop-explain",
        "asyncloop_explain",
        "false",
        boolean,
        "print to stderr, once per project, which pytest-asyncio release's behaviour applies and "
        "why, and which pytest configuration file and values are used.",
        switch=True,
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
        path_list,
        "extra folders on the test run's import path (like sys.path entries), comma-separated: "
        "relative to the flake8 configuration file that sets them, as flake8's own paths.",
        paths=True,
    ),
    OptionSpec(
        "--asyncloop-cache-dir",
        "asyncloop_cache_dir",
        "",
        str,
        "where to keep each file's findings and what was read from other files between runs, relative "
        "to the flake8 configuration file (default: .asyncloop_cache in the project's top folder, which "
        "gets its own .gitignore).",
        path=True,
    ),
    OptionSpec(
        "--asyncloop-no-cache",
        "asyncloop_no_cache",
        "false",
        boolean,
        "keep no cache on disk: check every file and read every other file again on every run.",
        switch=True,
    ),
)


def register(manager: OptionManager) -> None:
    """Add every option to flake8's option manager."""
    for spec in OPTIONS:
        kwargs: dict[str, Any] = {"type": spec.parse, "action": Switch if spec.switch else "store"}
        if spec.paths:
            kwargs = {"comma_separated_list": True, "normalize_paths": True}
        elif spec.path:
            kwargs = {"normalize_paths": True}
        manager.add_option(
            spec.flag, dest=spec.dest, default=spec.default, parse_from_config=True, help=spec.help, **kwargs
        )


def from_options(options: argparse.Namespace) -> Settings:
    """Build the immutable settings from flake8's parsed options."""
    values: dict[str, Any] = {}
    for spec in OPTIONS:
        value = getattr(options, spec.dest, None)
        if isinstance(value, str):  # a default argparse did not convert
            value = spec.parse(value)
        if spec.paths:
            value = source_roots.resolve(value or (), options)
        elif spec.path and value:  # a bare name too, as source roots are: beside the config file
            value = os.path.join(source_roots.flake8_config_folder(options), value)
        elif spec.path:
            value = ""
        values[spec.dest.removeprefix("asyncloop_")] = value
    return Settings(**values)
