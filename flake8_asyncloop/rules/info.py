"""What a rule is, in one place: the single source its page, the README table and its tests read.

As ruff's rule doc comments and Fixit's VALID/INVALID lists do, each rule declares its code,
name, one-line summary, what it concerns (pytest-asyncio or Python releases), the options it
reads, its message templates, its examples (folders or files under ``tests/examples/`` whose
expected findings are ``# expect:`` comments and whose rendered output is a snapshot beside them)
and the prose of its page (what, why, fix).  ``docs/rules/ALP00N.md`` and the README's rule table
are generated from these (``python -m tests.regen``); a test fails when they are stale.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..records import record


@record
class Example:
    """An example under ``tests/examples/``: ``fires`` if it must produce findings of the rule."""

    path: str
    fires: bool


@record
class RuleInfo:
    """The metadata, messages, examples and documentation of one code."""

    code: str
    #: A kebab-case name that says what is wrong ("fixture-loop-narrower-than-cache").
    name: str
    #: One line, for the README table and the page title.
    summary: str
    #: The releases it concerns ("pytest-asyncio >= 0.24", "Python 3.12-3.16").
    concerns: str
    #: The flags of the options it reads (each must exist in ``settings.OPTIONS``).
    options: tuple[str, ...]
    #: Message templates by key: one sentence, what is wrong and the fix.
    messages: Mapping[str, str]
    examples: tuple[Example, ...]
    #: The page's prose in Markdown: sections "What it catches", "Why", "How to fix", ...
    doc: str

    @property
    def default_on(self) -> bool:
        """On in every run unless the registry (``rules.DEFAULT_OFF``) lists the code."""
        from . import DEFAULT_OFF  # noqa: PLC0415 - the registry imports no rule module

        return self.code not in DEFAULT_OFF
