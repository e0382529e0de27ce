"""The TOML parser, imported the first time a TOML file is read: most checked files need none."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import cast


def toml_parser() -> ModuleType | None:
    """``tomllib`` (``tomli`` before Python 3.11); None where neither is installed."""
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415 - loaded on first use

        return tomllib
    try:  # pragma: no cover - exercised on Python 3.10, where the backport is a dependency
        import tomli  # noqa: PLC0415

        return cast(ModuleType, tomli)
    except ImportError:  # pragma: no cover
        return None
