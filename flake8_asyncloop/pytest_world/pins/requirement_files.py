"""pip requirements and constraints files, following ``-r`` and ``-c`` as pip does.

An included path is relative to the file that includes it (tox deps: to tox.ini's folder).
Comments, ``\\`` continuations, per-requirement options (``--hash``) and other pip options are
handled; ``-e`` lines, URLs and lines with environment variables say nothing about a release and
are skipped.  A file included twice, or in a cycle, is read once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .files import Malformed, Reads
from .requirement import Declaration, RequirementError, may_name_tracked, parse_requirement

_COMMENT = re.compile(r"(^|\s)#.*$")
_INCLUDE = re.compile(r"^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=-[rc]))(?P<path>\S.*)$")
_OPTION_TAIL = re.compile(r"\s+--?[A-Za-z].*$")


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each requirement line: comments cut, continuations joined."""
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = _COMMENT.sub("", raw)
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        joined = " ".join(pending).strip()
        pending = []
        if joined:
            yield start, joined
    if pending and " ".join(pending).strip():
        yield start, " ".join(pending).strip()


def read_requirements_file(path: Path, reads: Reads, seen: set[Path] | None = None) -> list[Declaration]:
    """Every declaration in a requirements or constraints file and the files it includes."""
    seen = set() if seen is None else seen
    resolved = path.resolve()
    if resolved in seen:
        return []
    seen.add(resolved)
    return read_requirement_lines(logical_lines(reads.text(path)), path, path.parent, reads, seen)


def read_requirement_lines(
    lines: Iterable[tuple[int | None, str]], source: Path, base: Path, reads: Reads, seen: set[Path]
) -> list[Declaration]:
    """Declarations in requirement lines written in ``source``; includes resolve against ``base``."""
    found: list[Declaration] = []
    for number, line in lines:
        include = _INCLUDE.match(line)
        if include is not None:
            found.extend(_include(include["path"].strip(), source, number, base, reads, seen))
        elif not line.startswith("-") and may_name_tracked(line) and "${" not in line:
            declaration = _requirement(_OPTION_TAIL.sub("", line), source, number, reads)
            if declaration is not None:
                found.append(declaration)
    return found


def _requirement(line: str, source: Path, number: int | None, reads: Reads) -> Declaration | None:
    try:
        return parse_requirement(line, source, number)
    except RequirementError as exc:
        reads.problem(source, f"line {number}: {exc}" if number else str(exc))
        return None


def _include(
    written: str, source: Path, number: int | None, base: Path, reads: Reads, seen: set[Path]
) -> list[Declaration]:
    if "://" in written or "${" in written:
        return []
    target = Path(os.path.normpath(base / written))
    try:
        return read_requirements_file(target, reads, seen)
    except Malformed as exc:
        where = f"line {number}: " if number else ""
        reads.problem(source, f"{where}the included {written} ({exc})")
        return []
