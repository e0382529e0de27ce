"""Every example under tests/examples yields exactly the findings written beside its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import EXAMPLES, check_example, expected_hits

ALL_EXAMPLES = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".py" or p.is_dir())


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: p.name)
def test_example(example: Path, tmp_path: Path) -> None:
    check_example(example, tmp_path)


def test_examples_cover_every_code_both_ways() -> None:
    """Each code has an example that must fire and one that must stay silent."""
    fired = {hit.code for example in ALL_EXAMPLES for hit in expected_hits(example)}
    assert {"ALP001", "ALP002", "ALP003", "ALP004", "ALP005"} <= fired
    for code in sorted(fired):
        silent = [p for p in ALL_EXAMPLES if p.name.startswith(code.lower()) and "_ok" in p.name]
        assert silent, f"{code} needs examples that must not fire"
