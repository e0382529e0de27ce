"""The registry: every rule the checker runs, in code order, where it lives, which files can need it,
and which codes are off by default — read without importing any rule module.

flake8 imports this plugin at every start, and a warm run answers most files from the disk cache
(``result_cache``) without running a rule: so a rule's module, and the pytest model or the patch
resolver it imports, loads only for a file that can need it.  Each rule's ``wants`` is a cheap test
of the file's text (and, for the pytest-model rules, the top level of its tree) that is true for
every file the rule can report on: the rule's own ``applies_to`` then decides as before.  Each code's
``RuleInfo`` (in the rule's module) stays the single source of its metadata and documentation.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from ..records import record

if TYPE_CHECKING:
    from .base import FileContext, Rule
    from .info import RuleInfo

    RULES: tuple[type[Rule], ...]
    INFOS: tuple[tuple[RuleInfo, str], ...]

#: Codes that are off unless selected (flake8's extend-default-ignore): a code not yet right on every
#: real suite ships off, with the reason on its page.  The single source of "on by default".
DEFAULT_OFF: tuple[str, ...] = ()

#: What a test, a fixture, a mark or a pytest hook cannot be written without (``relevance``).
_PYTEST_WORDS: Final = re.compile(r"pytest|event_loop|\bdef[\s\\]+test")
#: The names ALP003's API check resolves (``event_loop_api._LAST_PARTS``) all hold one of these.
_LOOP_API_WORDS: Final = ("event_loop", "EventLoopPolicy")
#: Every patch call the patch rules read calls one of these (``targets._CALL_NAMES``, ``MOCK_PATCH``).
_PATCH_WORDS: Final = ("patch", "setattr", "delattr")


def _words(text: str) -> str | None:
    """The text the word tests read, None when it is not ASCII: identifiers are NFKC-normalised, so a
    test of the text could miss a name spelt with other characters."""
    return text if text.isascii() else None


def _pytest_words(text: str | None, filename: str) -> bool:
    return text is None or bool(_PYTEST_WORDS.search(text))


def _loop_api_words(text: str | None, filename: str) -> bool:
    return text is None or any(word in text for word in _LOOP_API_WORDS)


def _patch_words(text: str | None, filename: str) -> bool:
    return text is None or any(word in text for word in _PATCH_WORDS)


def _conftest_name(text: str | None, filename: str) -> bool:
    return os.path.basename(filename) == "conftest.py"


def _loop_start_words(text: str | None, filename: str) -> bool:
    return text is None or ("async" in text and "run" in text)


@record
class Registered:
    """One rule class: its module (under this package), its name there, and the cheap test a file
    must pass for the module to load: ``gate`` on the file's name and text, then, for the rules
    that read the pytest model, the top level of its tree."""

    module: str
    name: str
    gate: Callable[[str | None, str], bool]
    pytest_items: bool = False

    def wants(self, context: FileContext) -> bool:
        """Whether the rule can have something to report in the file (loads no rule module)."""
        if not self.gate(_words(context.text), context.filename):
            return False
        return not self.pytest_items or context.may_hold_pytest_items()

    def load(self) -> type[Rule]:
        """The rule class (importing its module)."""
        rule: type[Rule] = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.name)
        return rule


REGISTRY: Final = (
    Registered("fixture_loop_scope", "FixtureLoopScopeRule", _pytest_words, pytest_items=True),
    Registered("loop_mismatch", "LoopMismatchRule", _pytest_words, pytest_items=True),
    Registered("event_loop_api", "EventLoopApiRule", _loop_api_words),
    Registered("event_loop_fixture", "EventLoopFixtureRule", _pytest_words, pytest_items=True),
    Registered("patch_targets", "PatchTargetRule", _patch_words),
    Registered("conftest_length", "ConftestLengthRule", _conftest_name),
    Registered("unrun_async", "UnrunAsyncRule", _pytest_words, pytest_items=True),
    Registered("sync_mock_for_async", "SyncMockForAsyncRule", _patch_words),
    Registered("nested_loop", "NestedLoopRule", _loop_start_words),
    Registered("unseen_patch", "UnseenPatchRule", _patch_words),
)

#: The modules that declare each code's ``RuleInfo``, in code order.
INFO_MODULES: Final = (
    "fixture_loop_scope", "loop_mismatch", "event_loop_info", "patch_targets", "conftest_length",
    "unrun_async_info", "sync_mock_for_async", "nested_loop_info", "unseen_patch",
)


def wanted_by_none(filename: str, lines: list[str]) -> bool:
    """Whether no rule can have anything to do in the file, by its name and text alone (the gates of
    ``rules_for``): such a file has no finding, and is neither checked nor cached."""
    text = _words("".join(lines))
    return not any(entry.gate(text, filename) for entry in REGISTRY)


def rules_for(context: FileContext) -> list[type[Rule]]:
    """The rules that have something to do in this file, in code order."""
    return [rule for entry in REGISTRY if entry.wants(context) for rule in [entry.load()]
            if rule.applies_to(context)]


def __getattr__(name: str) -> Any:
    """``RULES`` (every rule class) and ``INFOS`` (each code's ``RuleInfo`` and its module), imported
    on first use: the tests and the page generator read them, a flake8 run does not."""
    if name == "RULES":
        return tuple(entry.load() for entry in REGISTRY)
    if name == "INFOS":
        modules = [importlib.import_module(f"{__name__}.{module}") for module in INFO_MODULES]
        return tuple((module.INFO, module.__name__) for module in modules)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
