"""Which pytest-asyncio release the project's own declarations point to (SPEC "pytest-asyncio versions").

1. An exact pin or a lock, in the nearest folder that has one.  Several in that folder: a lock
   beats a pin (it is what an install really got); among several releases, the one installed
   beside flake8 if it is one of them, else the newest (a test matrix's current row).
2. Else a range, in the nearest folder that has one.  All ranges of that folder are combined, as pip
   would when installing them together; the release installed beside flake8 when the range allows
   it, else the newest known release it allows.  When they exclude each other, each is taken
   alone: the installed release if one allows it, else the newest answer.
A declaration whose environment marker is false for this Python, or one without a usable version
(a bare name, a URL, ``*``), decides nothing; None means the project declares no version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...display import display_path
from ...records import record
from .folders import folder_declarations, search_folders
from .releases import newest_allowed
from .requirement import Declaration
from .specifiers import Constraint, Version

#: The release installed beside flake8, or a function that says it: asked only where it decides.
Installed = Version | None | Callable[[], Version | None]


@record
class Choice:
    """A release, and in words why it was chosen (for ``--asyncloop-explain`` and messages)."""

    version: Version
    origin: str
    used: tuple[Declaration, ...] = ()  # the declarations that decided
    passed_over: tuple[str, ...] = ()  # the others, and why they did not decide


def declared_version(folder: Path, installed: Installed) -> Choice | None:
    """The release the project declares for the tests in ``folder``, or None when it declares none.
    ``installed`` is asked only when several pins or a range leave the choice to it."""
    ask = _asker(installed)
    per_folder = [folder_declarations(current) for current in search_folders(folder)]
    every = [declaration for declarations in per_folder for declaration in declarations]
    for declarations in per_folder:
        exact = [d for d in declarations if d.exact is not None]
        if exact:
            return _with_passed_over(_from_exact(exact, ask), every)
    for declarations in per_folder:
        ranges = [d for d in declarations if d.is_range]
        if ranges:
            choice = _from_ranges(ranges, ask())
            if choice is not None:
                return _with_passed_over(choice, every)
    return None


def every_declaration(folder: Path) -> list[Declaration]:
    """Every declaration the search for ``folder`` reads, nearest folder first."""
    return [declaration for current in search_folders(folder) for declaration in folder_declarations(current)]


def where(declaration: Declaration) -> str:
    """``requirements/test.txt:3`` — the file (and line) a declaration is written in."""
    path = display_path(declaration.source, levels_up=2)
    return f"{path}:{declaration.line}" if declaration.line else path


def _asker(installed: Installed) -> Callable[[], Version | None]:
    if callable(installed):
        return installed
    return lambda: installed


def _from_exact(exact: list[Declaration], ask: Callable[[], Version | None]) -> Choice:
    locked = [d for d in exact if d.locked]
    pool = locked or exact
    installed = ask() if len({d.exact for d in pool}) > 1 else None
    winner = next((d for d in pool if d.exact == installed), None) if installed is not None else None
    if winner is None:
        winner = max(pool, key=lambda d: d.exact or (0, 0, 0))
    version = winner.exact
    assert version is not None
    verb = "locked" if winner.locked else "pinned"
    return Choice(version, f"{verb} in {where(winner)}: {winner.text}", (winner,))


def _from_ranges(ranges: list[Declaration], installed: Version | None) -> Choice | None:
    combined = ranges[0].constraint
    assert combined is not None
    for declaration in ranges[1:]:
        assert declaration.constraint is not None
        combined = combined.combined(declaration.constraint)
    answer = _in_range(combined, ranges, installed)
    if answer is not None:
        return answer
    answers = [choice for d in ranges if d.constraint and (choice := _in_range(d.constraint, [d], installed))]
    inside = [choice for choice in answers if choice.version == installed]
    return inside[0] if inside else max(answers, key=lambda choice: choice.version, default=None)


def _in_range(constraint: Constraint, ranges: list[Declaration], installed: Version | None) -> Choice | None:
    declared = " and ".join(f"{d.text} ({where(d)})" for d in ranges)
    if installed is not None and constraint.allows(installed):
        origin = f"installed beside flake8, inside the declared range {declared}"
        return Choice(installed, origin, tuple(ranges))
    newest = newest_allowed(constraint)
    if newest is None:
        return None
    return Choice(newest, f"the newest release the declared range {declared} allows", tuple(ranges))


def _with_passed_over(choice: Choice, every: list[Declaration]) -> Choice:
    notes = [
        f"{where(declaration)}: {declaration.text} ({_why_not(declaration)})"
        for declaration in every
        if declaration not in choice.used
    ]
    return Choice(choice.version, choice.origin, choice.used, tuple(notes))


def _why_not(declaration: Declaration) -> str:
    if not declaration.applies:
        return "its environment marker excludes this Python"
    if declaration.constraint is None or declaration.constraint.unconstrained:
        return "no version"
    if declaration.exact is not None:
        return "a nearer pin, a lock, or the installed or newest of several pins decides"
    return "a range; a pin, a lock or a nearer range decides"
