"""The registry: every rule the checker runs, in code order, and every code's single source."""

from __future__ import annotations

from . import (
    conftest_length, event_loop_info, fixture_loop_scope, loop_mismatch, nested_loop_info, patch_targets,
    sync_mock_for_async, unrun_async_info, unseen_patch,
)
from .base import Rule
from .conftest_length import ConftestLengthRule
from .event_loop_api import EventLoopApiRule
from .event_loop_fixture import EventLoopFixtureRule
from .fixture_loop_scope import FixtureLoopScopeRule
from .info import RuleInfo
from .loop_mismatch import LoopMismatchRule
from .nested_loop import NestedLoopRule
from .patch_targets import PatchTargetRule
from .sync_mock_for_async import SyncMockForAsyncRule
from .unrun_async import UnrunAsyncRule
from .unseen_patch import UnseenPatchRule

RULES: tuple[type[Rule], ...] = (
    FixtureLoopScopeRule,
    LoopMismatchRule,
    EventLoopApiRule,
    EventLoopFixtureRule,
    PatchTargetRule,
    ConftestLengthRule,
    UnrunAsyncRule,
    SyncMockForAsyncRule,
    NestedLoopRule,
    UnseenPatchRule,
)

#: Each code's ``RuleInfo`` and the module that declares it, in code order.
INFOS: tuple[tuple[RuleInfo, str], ...] = tuple(
    (module.INFO, module.__name__)
    for module in (
        fixture_loop_scope, loop_mismatch, event_loop_info, patch_targets, conftest_length, unrun_async_info,
        sync_mock_for_async, nested_loop_info, unseen_patch,
    )
)

#: Codes that are off unless selected (flake8's extend-default-ignore).
DEFAULT_OFF: tuple[str, ...] = tuple(info.code for info, _ in INFOS if not info.default_on)
