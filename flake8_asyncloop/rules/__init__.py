"""The registry of rules the shared walk runs, in code order."""

from __future__ import annotations

from .base import Rule
from .conftest_length import ConftestLengthRule
from .event_loop_api import EventLoopApiRule
from .patch_targets import PatchTargetRule

RULES: tuple[type[Rule], ...] = (
    EventLoopApiRule,
    PatchTargetRule,
    ConftestLengthRule,
)
