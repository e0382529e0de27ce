"""Whether the project declares another package the rules care about (another async test runner).

The same files and folders as the pytest-asyncio search are read (``folders``); a declaration
anywhere on the search path counts, nearest folder first, whatever its version.  The rules that
ask only need "is it there" and, for a plugin whose behaviour changed at a release, whether the
declared range allows a release before it.
"""

from __future__ import annotations

from pathlib import Path

from .folders import search_folders, tracked_declarations
from .requirement import TRACKED, Declaration, normalize
from .specifiers import Version


def declarations_of(folder: Path, package: str) -> tuple[Declaration, ...]:
    """Every declaration of ``package`` (a tracked name) that applies to this Python, nearest first."""
    name = normalize(package)
    if name not in TRACKED:
        raise ValueError(f"{package!r} is not a tracked package")
    return tuple(
        declaration
        for current in search_folders(folder)
        for declaration in tracked_declarations(current)
        if declaration.package == name and declaration.applies
    )


def declares(folder: Path, package: str) -> bool:
    """Whether the project around ``folder`` declares ``package`` at all."""
    return bool(declarations_of(folder, package))


def may_run_before(folder: Path, package: str, release: Version) -> bool:
    """Whether a declaration of ``package`` allows a release older than ``release``.

    A declaration without a readable constraint (a URL, a bare name) allows any release;
    a bare name is read the way pip installs it, as the newest, so it is not "before".
    """
    for declaration in declarations_of(folder, package):
        constraint = declaration.constraint
        if constraint is None:
            return True
        if constraint.unconstrained:
            continue
        exact = constraint.exact
        if exact is not None:
            if exact < release:
                return True
            continue
        if not constraint.allows(release) or not constraint.allows((release[0] + 1, 0, 0)):
            return True
    return False
