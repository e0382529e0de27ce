"""The bundled example project (the README's first command) shows every rule where its comments say."""

from __future__ import annotations

from pathlib import Path

from flake8_asyncloop.rules import INFOS

from .harness import check_example, expected_hits

EXAMPLE = Path(__file__).parent.parent / "example"


def test_example_project_findings(tmp_path: Path) -> None:
    check_example(EXAMPLE, tmp_path)


def test_example_project_shows_every_rule() -> None:
    assert {hit.code for hit in expected_hits(EXAMPLE)} == {info.code for info, _ in INFOS}
