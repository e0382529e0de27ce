"""Check one file: the rules it can need, fed by one walk of its tree (imported on the first file the
disk cache cannot answer)."""

from __future__ import annotations

import ast

from .caches import CACHES
from .options import Settings
from .rules import REGISTRY, rules_for
from .rules.base import FileContext
from .walker import TreeWalker


def check_file(
    filename: str, lines: list[str], tree: ast.Module, settings: Settings
) -> list[tuple[int, int, str]]:
    """Every finding of the file, as ``(line, col, "ALP00N message")``."""
    CACHES.settle()
    context = FileContext(filename, lines, tree, settings)
    rules = [rule(context) for rule in rules_for(context)]
    TreeWalker(context, rules).walk()
    findings = [finding for rule in rules for finding in rule.findings]
    return [(finding.line, finding.col, f"{finding.code} {finding.text}") for finding in findings]


def load_rules() -> None:
    """Import every rule module now (before flake8 forks its workers)."""
    for entry in REGISTRY:
        entry.load()
