"""Version constraints as projects write them (PEP 440 and Poetry), evaluated on release triples.

``packaging`` is not a dependency, so this is the small subset the version search needs: the
release part of a version (pre, post, dev and local parts are dropped — pytest-asyncio's behaviour
changes only with releases), the PEP 440 operators ``== === != < <= > >= ~=`` with ``.*`` wildcards,
and Poetry's ``^``, ``~``, ``*``, bare versions and ``||`` alternatives.
"""

from __future__ import annotations

import re

from ...records import record

Version = tuple[int, int, int]
Release = tuple[int, ...]

_VERSION = re.compile(
    r"v?(?:\d+!)?(?P<release>\d+(?:\.\d+)*)(?P<wild>\.\*)?"
    r"(?P<rest>(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?"  # pre-release
    r"(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?"  # post and dev releases
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)",  # local version
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\s*(?P<op>===|==|!=|<=|>=|~=|<|>|\^|~|=)?\s*(?P<version>[^\s,|]+)\s*")
_PEP440_OPS = ("===", "==", "!=", "<=", ">=", "~=", "<", ">")


class ConstraintError(ValueError):
    """A version constraint this module cannot read."""


@record
class Clause:
    """One comparison: an operator, a release and whether it ends in ``.*``."""

    op: str  # one of _PEP440_OPS
    release: Release
    wildcard: bool = False

    def allows(self, candidate: Version) -> bool:
        """Whether a release triple satisfies this comparison."""
        if self.wildcard:
            prefix = candidate[: len(self.release)] + (0,) * max(0, len(self.release) - 3)
            return (prefix == self.release) == (self.op == "==")
        size = max(len(self.release), 3)
        mine, theirs = _pad(candidate, size), _pad(self.release, size)
        if self.op in ("==", "==="):
            return mine == theirs
        if self.op == "!=":
            return mine != theirs
        if self.op == "~=":
            stem = self.release[:-1]
            return mine >= theirs and _pad(candidate, len(stem))[: len(stem)] == stem
        return {"<": mine < theirs, "<=": mine <= theirs, ">": mine > theirs, ">=": mine >= theirs}[self.op]

    def __str__(self) -> str:
        return f"{self.op}{'.'.join(map(str, self.release))}{'.*' if self.wildcard else ''}"


@record
class Constraint:
    """Alternatives (Poetry's ``||``) of clauses that must all hold; no clause at all allows anything."""

    alternatives: tuple[tuple[Clause, ...], ...]

    def allows(self, candidate: Version) -> bool:
        """Whether a release triple satisfies the constraint."""
        return any(all(clause.allows(candidate) for clause in clauses) for clauses in self.alternatives)

    @property
    def exact(self) -> Version | None:
        """The one release an exact pin (``==X.Y.Z``, ``===``, a bare Poetry version) names, else None."""
        if len(self.alternatives) != 1:
            return None
        for clause in self.alternatives[0]:
            if clause.op in ("==", "===") and not clause.wildcard:
                return to_version(clause.release)
        return None

    @property
    def unconstrained(self) -> bool:
        """True for a bare name or Poetry's ``*``: the project says nothing about the version."""
        return any(not clauses for clauses in self.alternatives)

    def combined(self, other: Constraint) -> Constraint:
        """Both constraints at once, as pip applies a requirement and a constraint together."""
        return Constraint(tuple(a + b for a in self.alternatives for b in other.alternatives))

    def __str__(self) -> str:
        return " || ".join(",".join(map(str, clauses)) or "*" for clauses in self.alternatives)


ANY = Constraint(((),))


def _pad(release: Release, size: int) -> Release:
    return release[:size] + (0,) * (size - len(release))


def to_version(release: Release) -> Version:
    """The first three numbers of a release, zero-padded: ``(0, 21)`` → ``(0, 21, 0)``."""
    major, minor, micro = _pad(release, 3)[:3]
    return (major, minor, micro)


def parse_release(text: str) -> tuple[Release, bool]:
    """The release numbers of a version string and whether it ends in ``.*``; ConstraintError if none."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise ConstraintError(f"not a version: {text!r}")
    if match["wild"] and match["rest"]:
        raise ConstraintError(f"a wildcard must end the version: {text!r}")
    return tuple(int(part) for part in match["release"].split(".")), bool(match["wild"])


def parse_pep440(text: str) -> Constraint:
    """A PEP 440 specifier set such as ``>=0.23,<0.24`` or ``==0.21.*``; empty text allows anything."""
    text = text.strip()
    if not text:
        return ANY
    clauses = []
    for part in text.split(","):
        match = _CLAUSE.fullmatch(part)
        if match is None or match["op"] not in _PEP440_OPS:
            raise ConstraintError(f"not a version specifier: {part.strip()!r}")
        release, wildcard = parse_release(match["version"])
        if wildcard and match["op"] not in ("==", "!="):
            raise ConstraintError(f"only == and != take a wildcard: {part.strip()!r}")
        if match["op"] == "~=" and len(release) < 2:
            raise ConstraintError(f"~= needs at least two release numbers: {part.strip()!r}")
        clauses.append(Clause(match["op"], release, wildcard))
    return Constraint((tuple(clauses),))


def parse_poetry(text: str) -> Constraint:
    """A Poetry constraint: ``^0.21``, ``~0.21.1``, ``*``, ``0.21.2``, ``>=0.21,<0.22``, ``a || b``."""
    alternatives = []
    for alternative in re.split(r"\|\|?", text):
        clauses: list[Clause] = []
        for part in re.split(r"[,\s]+", _join_operators(alternative)):
            clauses.extend(_poetry_clause(part))
        alternatives.append(tuple(clauses))
    return Constraint(tuple(alternatives))


def _join_operators(text: str) -> str:
    """``>= 0.21, < 0.22`` → ``>=0.21, <0.22``: Poetry allows space between operator and version."""
    return re.sub(r"(===|==|!=|<=|>=|~=|<|>|\^|~|=)\s+", r"\1", text.strip())


def _poetry_clause(part: str) -> list[Clause]:
    if part in ("*", ""):
        return []
    match = _CLAUSE.fullmatch(part)
    if match is None:
        raise ConstraintError(f"not a Poetry constraint: {part!r}")
    op = match["op"] or "=="
    release, wildcard = parse_release(match["version"])
    if op in ("^", "~"):
        bound = _caret_bound(release) if op == "^" else _tilde_bound(release)
        return [Clause(">=", release), Clause("<", bound)]
    if op == "=":
        op = "=="
    if op == "~=" and len(release) < 2:
        return [Clause(">=", release), Clause("<", (release[0] + 1,))]
    return [Clause(op, release, wildcard)]


def _caret_bound(release: Release) -> Release:
    """``^1.2.3`` → 2.0.0, ``^0.21.1`` → 0.22.0, ``^0.0.3`` → 0.0.4: bump the first non-zero number."""
    index = next((i for i, number in enumerate(release) if number), len(release) - 1)
    return release[:index] + (release[index] + 1,)


def _tilde_bound(release: Release) -> Release:
    """``~1.2.3`` and ``~1.2`` → 1.3.0; ``~1`` → 2.0.0."""
    if len(release) == 1:
        return (release[0] + 1,)
    return (release[0], release[1] + 1)
