"""The registry of rules the shared walk runs, in code order."""

from __future__ import annotations

from .base import Rule
from .conftest_length import ConftestLengthRule
from .event_loop_api import EventLoopApiRule
from .event_loop_fixture import EventLoopFixtureRule
from .fixture_loop_scope import FixtureLoopScopeRule
from .loop_mismatch import LoopMismatchRule
from .patch_targets import PatchTargetRule

RULES: tuple[type[Rule], ...] = (
    FixtureLoopScopeRule,
    LoopMismatchRule,
    EventLoopApiRule,
    EventLoopFixtureRule,
    PatchTargetRule,
    ConftestLengthRule,
)
