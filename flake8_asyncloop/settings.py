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


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


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
