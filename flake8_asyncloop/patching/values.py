"""What a step of a patch target's resolution can give: values, problems, or "cannot know"."""

from __future__ import annotations

from dataclasses import field
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from ..records import record
from .finder import ModuleLocation

if TYPE_CHECKING:  # the answers of the disk cache are read without astroid
    from .analysis import ModuleNamespace


class ProblemKind(Enum):
    """Why a target does not exist; each value is a message key of ALP004 (a test checks they match)."""

    LATE_IMPORT = "late-import"
    LATE_ASSIGNMENT = "late-assignment"
    TYPE_CHECKING_ONLY = "type-checking"
    MISSING_ATTRIBUTE = "missing-attribute"
    MISSING_CLASS_ATTRIBUTE = "missing-class-attribute"
    MISSING_MODULE = "missing-module"
    NONE_PLACEHOLDER = "none-placeholder"
    SUBMODULE_NOT_IMPORTED = "submodule-not-imported"
    INHERITED_DELETE = "inherited-delete"
    LAZY_TARGET_MISSING = "lazy-target-missing"
    LAZY_DELETE = "lazy-delete"


@record
class Problem:
    """Why a target does not exist: a message key and the words that fill it."""

    kind: ProblemKind
    owner: str
    name: str
    function: str = ""
    suggestion: str = ""
    detail: str = ""
    #: Found while resolving the path before the patched attribute (the runtimes word that differently).
    in_path: bool = False


@record
class Unseen:
    """Why a patch is not seen (ALP009): the consumer, the name it bound, and the target to patch
    instead."""

    consumer: str
    local: str

    @property
    def suggestion(self) -> str:
        """The consumer's own reference: what the code under test calls."""
        return f"{self.consumer}.{self.local}"


@record
class ModuleValue:
    """A module (or package) the path has reached."""

    location: ModuleLocation


@record
class ClassValue:
    """A class defined in a module we read; ``qualname`` is the dotted name it was reached by."""

    info: ModuleNamespace = field(compare=False)
    node: Any = field(compare=False)
    qualname: str = ""


@record
class NoneValue:
    """A module attribute bound to ``None`` at import time."""

    info: ModuleNamespace = field(compare=False)
    name: str = ""


@record
class FunctionValue:
    """A ``def`` or ``async def`` in a module or class body we read (its body is not kept)."""

    info: ModuleNamespace = field(compare=False)
    node: Any = field(compare=False)


class _Opaque:
    """Something that exists but whose attributes cannot be known."""


OPAQUE: Final = _Opaque()
Value = ModuleValue | ClassValue | NoneValue | FunctionValue | _Opaque


@record(frozen=False)
class Lookup:
    """The answers of one lookup step."""

    values: list[Value] = field(default_factory=list)
    unknown: bool = False
    problems: list[Problem] = field(default_factory=list)

    def add(self, other: Lookup) -> None:
        """Merge the answers of another way the same name may be bound."""
        self.values.extend(other.values)
        self.unknown = self.unknown or other.unknown
        self.problems.extend(other.problems)


def found(*values: Value) -> Lookup:
    """The step gives these values."""
    return Lookup(values=list(values))


def unknown() -> Lookup:
    """Nothing can be said about this step."""
    return Lookup(unknown=True)


def problem(reason: Problem) -> Lookup:
    """The step fails at run time, for this reason."""
    return Lookup(problems=[reason])
