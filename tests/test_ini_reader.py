"""The plugin's INI reader agrees with pytest's own parser (iniconfig, as pytest calls it) on any text."""

from __future__ import annotations

from pathlib import Path

import iniconfig
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_asyncloop.pytest_world.ini import IniError, parse_ini

# Lines pytest accepts, and (rarer, since one of them ends the comparison) lines it rejects.
GOOD = [
    "[pytest]", "[tool:pytest]", "[ pytest ]", "[pytest] # note", "[pytest", "[x];c",
    "asyncio_mode = auto", "asyncio_mode=auto  # comment", "asyncio_mode: auto", "a:b = c", "a = b:c",
    "key =", "= value", "  continued", "\tmore", "# comment", "; comment", "  # indented comment",
    "", "   ", "addopts = -o x=y", "k = v ; not a comment", "k\u00a0= v", "k = v\x0cw",
]
BAD = ["[]", "key", "\ufeff[pytest]"]
FRAGMENTS = GOOD * 4 + BAD


def pytest_reading(text: str, tmp_path: Path) -> dict[str, dict[str, str]] | None:
    """What pytest's loader sees: IniConfig(path) on the file, None when it raises ParseError."""
    path = tmp_path / "tox.ini"
    path.write_text(text, encoding="utf-8")
    try:
        parsed = iniconfig.IniConfig(str(path))
    except iniconfig.ParseError:
        return None
    return {name: dict(parsed.sections[name]) for name in parsed.sections}


def plugin_reading(text: str) -> dict[str, dict[str, str]] | None:
    try:
        return parse_ini(text)
    except IniError:
        return None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10))
def test_same_sections_and_values_as_pytest(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    text = "\n".join(lines) + "\n"
    assert plugin_reading(text) == pytest_reading(text, tmp_path_factory.mktemp("ini"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[pytest]\nasyncio_mode = auto  # fast\n", {"pytest": {"asyncio_mode": "auto  # fast"}}),
        ("[pytest]\naddopts =\n    -ra\n    -q\n", {"pytest": {"addopts": "-ra\n-q"}}),
        ("[pytest]\nKey: Value\n", {"pytest": {"Key": "Value"}}),
        ("# only a comment\n", {}),
    ],
)
def test_examples(text: str, expected: dict[str, dict[str, str]]) -> None:
    assert parse_ini(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = 1\n", "line 1: no section header"),
        ("[a]\n[a]\n", "line 2: duplicate section 'a'"),
        ("[a]\nk = 1\nk = 2\n", "line 3: duplicate name 'k'"),
        ("[a]\njust words\n", "line 2: unexpected line"),
        ("  indented first\n", "line 1: unexpected value continuation"),
        ("[]\n", "line 1: empty section name"),
    ],
)
def test_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(IniError, match=message):
        parse_ini(text)
