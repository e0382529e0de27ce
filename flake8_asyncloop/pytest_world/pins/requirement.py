"""One declaration of pytest-asyncio: what it allows, where it is written, and how it reads (PEP 508).

Every reader turns what it finds into ``Declaration`` rows; the precedence module only compares
rows.  Requirements that name other packages are never parsed, so a file full of things this
module cannot read still costs nothing and reports nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...records import record
from .markers import marker_applies
from .specifiers import Constraint, ConstraintError, Version, parse_pep440

PACKAGE = "pytest-asyncio"
#: Other packages whose declaration the rules ask about (does the project use another async test
#: runner?).  Only their presence and constraint are read; a malformed entry of one is never reported.
OTHER_PACKAGES: frozenset[str] = frozenset({
    "pytest-trio", "pytest-aiohttp", "pytest-tornasync", "pytest-tornado", "pytest-aio",
    "pytest-sanic", "pytest-twisted", "pytest-curio", "pytest-asyncio-cooperative", "aiomisc",
    "aiomisc-pytest", "nest-asyncio", "alt-pytest-asyncio", "pytest-asyncio-concurrent",
})
TRACKED: frozenset[str] = OTHER_PACKAGES | {PACKAGE}
_NAME = re.compile(r"\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*")


class RequirementError(ValueError):
    """A requirement naming pytest-asyncio that cannot be read."""


def normalize(name: str) -> str:
    """PEP 503 name: ``Pytest_Asyncio`` and ``pytest.asyncio`` are ``pytest-asyncio``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def may_name_package(text: str) -> bool:
    """Cheap pre-filter: could this text name pytest-asyncio at all?"""
    lowered = text.lower()
    return "pytest" in lowered and "asyncio" in lowered


def may_name_tracked(text: str) -> bool:
    """Cheap pre-filter: could this text name pytest-asyncio or another tracked package?"""
    lowered = text.lower()
    return "pytest" in lowered or "aiomisc" in lowered or "nest" in lowered


@record
class Declaration:
    """pytest-asyncio as one file declares it."""

    constraint: Constraint | None  # None: a URL, path or VCS requirement — says nothing usable
    source: Path
    line: int | None  # 1-based, when known
    text: str  # as written, for messages
    locked: bool = False  # from a lock file: what an install of the project really got
    applies: bool = True  # False: its environment marker is false for this Python
    package: str = PACKAGE  # the normalized name declared (see TRACKED)

    @property
    def exact(self) -> Version | None:
        """The release an exact pin or lock names."""
        return self.constraint.exact if self.constraint is not None and self.applies else None

    @property
    def is_range(self) -> bool:
        """A constraint that narrows the version without naming one release."""
        constraint = self.constraint
        if not self.applies or constraint is None:
            return False
        return constraint.exact is None and not constraint.unconstrained


def split_requirement(text: str) -> tuple[str, str, str | None]:
    """(normalized name, version part, marker) of a PEP 508 line; RequirementError if unreadable."""
    match = _NAME.match(text)
    if match is None:
        raise RequirementError(f"not a requirement: {text.strip()!r}")
    rest = text[match.end():]
    marker = None
    if ";" in rest:
        rest, marker = rest.split(";", 1)
    return normalize(match["name"]), rest.strip(), marker


def parse_requirement(text: str, source: Path, line: int | None) -> Declaration | None:
    """The declaration in one PEP 508 requirement, or None when it names an untracked package.

    Only a pytest-asyncio requirement that cannot be read raises: another tracked package's
    unreadable version says nothing usable and is kept without a constraint.
    """
    try:
        name, spec, marker = split_requirement(text)
    except RequirementError:
        if may_name_package(text):
            raise
        return None
    if name not in TRACKED:
        return None
    written = " ".join(text.split())
    applies = marker_applies(marker)
    if spec.startswith("@"):
        return Declaration(None, source, line, written, applies=applies, package=name)
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1]
    try:
        constraint = parse_pep440(spec)
    except ConstraintError as exc:
        if name != PACKAGE:
            return Declaration(None, source, line, written, applies=applies, package=name)
        raise RequirementError(f"{written!r}: {exc}") from None
    return Declaration(constraint, source, line, written, applies=applies, package=name)


def line_matching(text: str, pattern: str, after: int = 0) -> int | None:
    """The first line (1-based) after line ``after`` that the regular expression matches as a whole."""
    compiled = re.compile(pattern)
    for number, line in enumerate(text.splitlines()[after:], start=after + 1):
        if compiled.fullmatch(line.strip()):
            return number
    return None


def find_line(text: str, *needles: str, after: int = 0) -> int | None:
    """The first line (1-based) after line ``after`` holding every needle, for TOML and JSON files."""
    for number, line in enumerate(text.splitlines()[after:], start=after + 1):
        if all(needle in line for needle in needles):
            return number
    return None
