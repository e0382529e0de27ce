"""Whether a loop mismatch fails at run time, given what the fixture's value is (SPEC §1 ALP002).

Measured with real pytest-asyncio 1.5 (tests/test_oracle_loop_values.py): a value bound
from creation or by use fails in both directions; a lazily bound client fails when one
value is shared by requesters on several loops, or when the fixture closes it at teardown
after the requester's narrower loop is gone; a primitive fails when shared and waited on;
what survives never fails.
"""

from __future__ import annotations

from enum import IntEnum

from ...records import record
from ..scopes import scope_rank
from .parts import Binding, Known


class Certainty(IntEnum):
    """How sure a finding is; ``--asyncloop-loop-mismatch`` chooses the lowest one reported."""

    POSSIBLE = 1  # loops differ, nothing says the value cares
    LIKELY = 2  # SPEC's default for what the plugin cannot see into, and waited-on primitives
    CERTAIN = 3  # the runtime table says it fails


STRICTNESS = {"all": Certainty.POSSIBLE, "likely": Certainty.LIKELY, "certain": Certainty.CERTAIN}


@record
class LoopPair:
    """The requester's loop, and the async fixture's loop and caching scope."""

    requester_loop: str
    fixture_loop: str
    fixture_scope: str

    @property
    def shared(self) -> bool:
        """One cached value serves requesters on several loops (the requester's loop is narrower)."""
        return scope_rank(self.requester_loop) < scope_rank(self.fixture_scope)

    @property
    def requester_loop_ends_first(self) -> bool:
        """The requester's loop is closed before the fixture's teardown runs on its own loop."""
        return scope_rank(self.requester_loop) < scope_rank(self.fixture_loop)


@record
class Verdict:
    """How sure, and the words that say why the value is loop-bound."""

    certainty: Certainty
    reason: str


def judge(parts: tuple[Known, ...], closed: frozenset[int], pair: LoopPair) -> Verdict:
    """The strongest reason among the value's parts to fail on the requester's loop."""
    best = Verdict(Certainty.POSSIBLE, "")
    for part in parts:
        certainty = _certainty(part, closed, pair)
        if certainty > best.certainty:
            best = Verdict(certainty, _why(part, closed, pair))
    return best


def _certainty(part: Known, closed: frozenset[int], pair: LoopPair) -> Certainty:
    binding = part.binding
    if binding in (Binding.CREATION, Binding.USE):
        return Certainty.CERTAIN
    if binding is Binding.LAZY_CLIENT:
        if pair.shared or (part.site in closed and pair.requester_loop_ends_first):
            return Certainty.CERTAIN
    elif binding is Binding.LAZY_WAIT:
        if pair.shared:
            return Certainty.LIKELY
    elif binding is Binding.AWAITED_UNKNOWN:
        return Certainty.LIKELY
    return Certainty.POSSIBLE


def _why(part: Known, closed: frozenset[int], pair: LoopPair) -> str:
    held = part.reason.removeprefix("holds ")
    if part.binding is Binding.LAZY_CLIENT and not pair.shared:
        return f"closes {held} at teardown"
    if part.binding in (Binding.LAZY_CLIENT, Binding.LAZY_WAIT):
        return f"shares {held} across loops"
    return part.reason
