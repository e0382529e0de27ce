"""The registry's cheap tests only skip rules that have nothing to report: every example (and the
example project) gives the same findings with every rule loaded for every file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from flake8_asyncloop import rules

from .harness import EXAMPLES, lint_example

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent / "example"
CASES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() or p.suffix == ".py")


def _everything(monkeypatch: pytest.MonkeyPatch) -> None:
    every = tuple(dataclasses.replace(entry, wants=lambda context: True) for entry in rules.REGISTRY)
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
