"""The registry's cheap tests only skip rules that have nothing to report: every example (and the
example project) gives the same findings with every rule loaded for every file, and a file no gate
opens for (not even checked) is one no rule would run on."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from flake8_asyncloop import rules
from flake8_asyncloop.options import Settings
from flake8_asyncloop.rules.base import FileContext

from .harness import EXAMPLES, lint_example

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent / "example"
CASES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() or p.suffix == ".py")


def _everything(monkeypatch: pytest.MonkeyPatch) -> None:
    every = tuple(
        dataclasses.replace(entry, gate=lambda text, filename: True, pytest_items=False)
        for entry in rules.REGISTRY
    )
    monkeypatch.setattr(rules, "REGISTRY", every)


@pytest.mark.parametrize("case", [*CASES, "the example project"])
def test_the_cheap_tests_drop_no_finding(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = EXAMPLE_PROJECT if case == "the example project" else EXAMPLES / case
    (tmp_path / "gated").mkdir()
    (tmp_path / "every").mkdir()
    gated = lint_example(source, tmp_path / "gated")
    _everything(monkeypatch)
    assert lint_example(source, tmp_path / "every").stdout == gated.stdout


def test_default_off_codes_are_codes() -> None:
    codes = {info.code for info, _ in rules.INFOS}
    assert set(rules.DEFAULT_OFF) <= codes
    assert all(info.default_on == (info.code not in rules.DEFAULT_OFF) for info, _ in rules.INFOS)


def test_every_rule_class_is_registered_once() -> None:
    assert len({(entry.module, entry.name) for entry in rules.REGISTRY}) == len(rules.REGISTRY)
    assert {rule.info.code for rule in rules.RULES} == {info.code for info, _ in rules.INFOS}


def _python_files() -> list[Path]:
    """Real files of every kind: this package, the examples, and stdlib modules and tests."""
    stdlib = Path(ast.__file__).parent
    found = [*Path(rules.__file__).parent.parent.rglob("*.py"), *EXAMPLES.rglob("*.py")]
    for folder in ("asyncio", "unittest", "test/test_asyncio", "json", "email"):
        found += sorted((stdlib / folder).rglob("*.py"))
    return found


def test_a_file_no_gate_opens_for_is_one_no_rule_runs_on() -> None:
    skipped = 0
    files = _python_files()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines(keepends=True)
        if not rules.wanted_by_none(str(path), lines):
            continue
        skipped += 1
        context = FileContext(str(path), lines, ast.parse(text), Settings())
        assert rules.rules_for(context) == [], path
    assert 20 < skipped < len(files) - 20  # both kinds are there


@pytest.mark.parametrize(("name", "text", "none"), [
    ("models.py", "from dataclasses import dataclass\n\n\n@dataclass\nclass Row:\n    key: str\n", True),
    ("__init__.py", "", True),
    ("conftest.py", "", False),
    ("test_x.py", "def test_x():\n    pass\n", False),
    ("helpers.py", "from unittest import mock\n\nstop = mock.patch('a.b')\n", False),
    ("loops.py", "import asyncio\n\nasync def go():\n    asyncio.run(go())\n", False),
    ("legacy.py", "loop = asyncio.get_event_loop()\n", False),
    ("unicode.py", "\u00e9t\u00e9 = 1\n", False),  # not ASCII: the word tests cannot tell
])
def test_what_no_rule_wants(name: str, text: str, none: bool) -> None:
    assert rules.wanted_by_none(name, text.splitlines(keepends=True)) is none
