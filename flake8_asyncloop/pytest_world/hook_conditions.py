"""Which tests a collection hook touches: the filters it applies to items, as a small logic.

A hook such as ``pytest_collection_modifyitems`` selects the items it marks with
``is_async_test(item)``, ``"integration" in item.nodeid`` or
``item.get_closest_marker("slow")``.  The reader turns each filter it understands
into one of the conditions below and every other one into ``UNKNOWN``; the model
then evaluates them per test in three-valued logic (``None``: cannot tell), so a
filter the plugin cannot evaluate leaves that test's loop scope unknown instead
of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final, Union

from ..records import record


@record
class Const:
    """Always true, always false, or a filter the plugin cannot evaluate (``None``)."""

    value: bool | None


@record
class All:
    parts: tuple[Cond, ...]


@record
class AnyOf:
    parts: tuple[Cond, ...]


@record
class Negated:
    part: Cond


@record
class IsAsyncTest:
    """``is_async_test(item)``: pytest-asyncio turned the item into its own test class."""


@record
class IsCoroutine:
    """``inspect.iscoroutinefunction(item.function)`` and its spellings."""


@record
class HasMark:
    """``item.get_closest_marker(name)`` is not None."""

    name: str


@record
class Text:
    """A string test on an item attribute.

    ``subject``: nodeid, name, originalname, path (``str(item.path)``), filename
    (``item.path.name``) or parts (``item.path.parts``); ``op``: contains, startswith,
    endswith, equals, or part (membership in ``parts``).
    """

    subject: str
    op: str
    values: tuple[str, ...]


Cond = Union[Const, All, AnyOf, Negated, IsAsyncTest, IsCoroutine, HasMark, Text]

TRUE: Final = Const(True)
FALSE: Final = Const(False)
UNKNOWN: Final = Const(None)


def both(left: Cond, right: Cond) -> Cond:
    """``left and right``, folding constants so common conditions stay small."""
    if left == TRUE or right == FALSE:
        return right
    if right == TRUE or left == FALSE:
        return left
    return All((left, right))


def either(left: Cond, right: Cond) -> Cond:
    """``left or right``."""
    if left == FALSE or right == TRUE:
        return right
    if right == FALSE or left == TRUE:
        return left
    return AnyOf((left, right))


def negate(cond: Cond) -> Cond:
    if isinstance(cond, Const):
        return cond if cond.value is None else Const(not cond.value)
    if isinstance(cond, Negated):
        return cond.part
    return Negated(cond)


@record
class ItemFacts:
    """What the plugin knows of one test item, as the filters above ask about it.

    ``nodeid`` is None when the rootdir (its prefix) is unknown; ``parametrized`` is
    True when the test's own decorators parametrize it (its name then ends in an id
    the plugin cannot compute).  ``marks``: names of the marks on the function, its
    classes and its module; ``added``: mark names some hook adds (None: a hook adds a
    mark the plugin cannot name), so their absence proves nothing.
    """

    nodeid: str | None
    nodeid_tail: str
    name: str
    path: str
    parts: tuple[str, ...]
    is_async: bool
    converted: bool
    parametrized: bool
    marks: frozenset[str]
    added: frozenset[str] | None


def evaluate(cond: Cond, facts: ItemFacts, has_asyncio: Callable[[], bool | None]) -> bool | None:
    """Three-valued truth of ``cond`` for one item; ``has_asyncio`` answers for the asyncio
    mark, which earlier hooks may have added."""
    if isinstance(cond, Const):
        return cond.value
    if isinstance(cond, All):
        return _all(evaluate(part, facts, has_asyncio) for part in cond.parts)
    if isinstance(cond, AnyOf):
        return _any(evaluate(part, facts, has_asyncio) for part in cond.parts)
    if isinstance(cond, Negated):
        inner = evaluate(cond.part, facts, has_asyncio)
        return None if inner is None else not inner
    if isinstance(cond, IsAsyncTest):
        return facts.converted
    if isinstance(cond, IsCoroutine):
        return facts.is_async
    if isinstance(cond, HasMark):
        return has_asyncio() if cond.name == "asyncio" else _has_mark(cond.name, facts)
    return _text(cond, facts)


def _all(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def _has_mark(name: str, facts: ItemFacts) -> bool | None:
    if name in facts.marks:
        return True
    if facts.parametrized or facts.added is None or name in facts.added:
        return None  # a parameter's marks=, or a hook, may add it
    return False


def _text(cond: Text, facts: ItemFacts) -> bool | None:
    if cond.subject == "parts":
        return any(value in facts.parts for value in cond.values)
    known, text, complete = _subject(cond.subject, facts)
    results = [_match(cond.op, known, text, complete, value) for value in cond.values]
    return _any(results)


def _subject(subject: str, facts: ItemFacts) -> tuple[bool, str, bool]:
    """(is the start known, the text, is the end known) for one item attribute."""
    if subject == "nodeid":
        if facts.nodeid is None:
            return False, facts.nodeid_tail, not facts.parametrized
        return True, facts.nodeid, not facts.parametrized
    if subject == "name":
        return True, facts.name, not facts.parametrized
    if subject == "filename":
        return True, facts.path.rsplit("/", 1)[-1], True
    if subject == "path":
        return True, facts.path, True
    return True, facts.name, True  # originalname: the function's name, never an id


def _match(op: str, known_start: bool, text: str, known_end: bool, value: str) -> bool | None:
    """One string test; a part the plugin cannot see (rootdir prefix, parameter id) makes
    a negative answer unknown."""
    if op == "contains":
        return True if value in text else (None if not (known_start and known_end) else False)
    if op == "startswith":
        return text.startswith(value) if known_start else None
    if op == "endswith":
        return text.endswith(value) if known_end else None
    if op == "equals":
        return text == value if known_start and known_end else None
    return None
