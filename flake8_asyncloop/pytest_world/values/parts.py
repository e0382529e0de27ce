"""What a fixture hands to its requesters, as plain data: the parts of its value and how each is bound.

A summary is built from the fixture's body once, when its module is read, and
holds no syntax tree: calls into the project's own helpers and the fixture's
own parameters stay *deferred* (a name to resolve) until a loop mismatch needs
them, so reading a conftest stays cheap and a summary can be kept between runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ...records import record


class Binding(Enum):
    """How a value depends on the event loop it was made on (SPEC §1 ALP002, runtime facts)."""

    #: Bound from creation: a task, a pending future, streams, an aiohttp session, the loop itself.
    CREATION = "creation"
    #: A lazy value the fixture already used on its own loop (a request sent, an event waited on).
    USE = "use"
    #: A network client that binds on its first request: fails when shared by tests on other loops,
    #: or at teardown when the fixture closes it after the test's narrower loop is gone.
    LAZY_CLIENT = "lazy-client"
    #: A primitive that binds when something waits on it (Event, Queue, Condition, Barrier).
    LAZY_WAIT = "lazy-wait"
    #: A lock or semaphore: binds only when contended, which sequential tests rarely do.
    LAZY_CONTENDED = "lazy-contended"
    #: Made by an ``await`` the plugin cannot see into: counted as bound (SPEC's default).
    AWAITED_UNKNOWN = "awaited-unknown"
    #: Not classified, not awaited to make: counted as not bound.
    UNKNOWN = "unknown"
    #: Survives a loop switch: mocks, ASGI/mock-transport clients, sqlite engines, plain data.
    SURVIVES = "survives"


@record
class Known:
    """A part of the value whose binding is known, and the words that say why."""

    binding: Binding
    reason: str  # "holds an aiohttp.ClientSession", "starts a task"
    site: int  # the line that made it: identifies the part when the fixture later uses it


@record
class Deferred:
    """A part made by a call into the project, or handed over from a fixture parameter.

    ``name`` is a qualified name as the module's imports spell it (``app.db.make_engine``),
    a name local to ``module`` (``make_engine``), or, for ``param``, the parameter's name.
    """

    kind: str  # "call" or "param"
    name: str
    module: Path
    awaited: bool
    args: tuple[Part, ...]  # what the call was given: a constructed object holds what it was given
    used: tuple[str, ...]  # methods the fixture awaited on the result before handing it over
    site: int


Part = Known | Deferred


@record
class ValueSummary:
    """Everything ALP002 needs to know about the value an async fixture hands over."""

    parts: tuple[Part, ...]
    #: Lines of parts the fixture closes in its teardown (after ``yield``, or by ``async with``).
    closed: frozenset[int] = frozenset()
    #: The fixture awaited something to make its value (``await``, ``async with``).
    awaited: bool = False


EMPTY = ValueSummary(())
