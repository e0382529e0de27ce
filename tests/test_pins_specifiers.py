"""pins: version constraints (PEP 440 and Poetry), known releases, environment markers, PEP 508 lines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from flake8_asyncloop.pytest_world.pins.markers import marker_applies
from flake8_asyncloop.pytest_world.pins.releases import KNOWN_RELEASES, NEWEST, newest_allowed
from flake8_asyncloop.pytest_world.pins.requirement import RequirementError, parse_requirement
from flake8_asyncloop.pytest_world.pins.specifiers import ConstraintError, parse_pep440, parse_poetry

HERE = Path("requirements.txt")


@pytest.mark.parametrize(
    ("spec", "allowed", "refused"),
    [
        ("==0.21.2", [(0, 21, 2)], [(0, 21, 1), (0, 21, 3)]),
        ("==0.21", [(0, 21, 0)], [(0, 21, 2)]),
        ("===0.21.2", [(0, 21, 2)], [(0, 21, 1)]),
        ("==0.21.*", [(0, 21, 0), (0, 21, 2)], [(0, 23, 0), (0, 2, 1)]),
        ("!=0.21.*", [(0, 23, 0)], [(0, 21, 2)]),
        ("!=0.23.5", [(0, 23, 4), (0, 23, 6)], [(0, 23, 5)]),
        (">=0.24,<0.25", [(0, 24, 0), (0, 24, 9)], [(0, 23, 8), (0, 25, 0), (1, 5, 0)]),
        (">0.23,<=0.24", [(0, 23, 1), (0, 24, 0)], [(0, 23, 0), (0, 24, 1)]),
        ("~=0.21.0", [(0, 21, 0), (0, 21, 2)], [(0, 23, 0), (0, 20, 3)]),
        ("~=0.21", [(0, 21, 0), (0, 26, 0)], [(1, 0, 0), (0, 20, 0)]),
        ("<1", [(0, 26, 0)], [(1, 0, 0)]),
        (" >= 0.23 , < 0.24 ", [(0, 23, 8)], [(0, 24, 0)]),
        ("==1.4.1.post1", [(1, 4, 1)], [(1, 4, 0)]),
        (">=0.23.0a1", [(0, 23, 0)], [(0, 21, 2)]),
        ("", [(0, 1, 0), (1, 5, 0)], []),
    ],
)
def test_pep440(spec: str, allowed: list[tuple[int, int, int]], refused: list[tuple[int, int, int]]) -> None:
    constraint = parse_pep440(spec)
    assert all(constraint.allows(version) for version in allowed)
    assert not any(constraint.allows(version) for version in refused)


@pytest.mark.parametrize(
    ("spec", "exact"),
    [("==0.21.2", (0, 21, 2)), ("==0.21", (0, 21, 0)), ("===1.0.0", (1, 0, 0)), ("==0.21.*", None),
     (">=0.21", None), ("~=0.21.0", None), (">=0.21,==0.21.2", (0, 21, 2)), ("", None)],
)
def test_exact_pins(spec: str, exact: tuple[int, int, int] | None) -> None:
    assert parse_pep440(spec).exact == exact


@pytest.mark.parametrize("spec", ["=0.21", "0.21", ">=", "~=1", ">=0.2x", "<0.21.*", "==0.*.1", ">=0.21;"])
def test_pep440_rejects(spec: str) -> None:
    with pytest.raises(ConstraintError):
        parse_pep440(spec)


@pytest.mark.parametrize(
    ("spec", "allowed", "refused", "exact"),
    [
        ("^0.21.1", [(0, 21, 1), (0, 21, 2)], [(0, 21, 0), (0, 23, 0)], None),
        ("^0.24", [(0, 24, 0)], [(0, 25, 0), (0, 23, 8)], None),
        ("^1.2", [(1, 2, 0), (1, 5, 0)], [(2, 0, 0), (1, 1, 1)], None),
        ("^0.0.3", [(0, 0, 3)], [(0, 0, 4)], None),
        ("~0.21.1", [(0, 21, 2)], [(0, 22, 0), (0, 21, 0)], None),
        ("~1", [(1, 5, 0)], [(2, 0, 0)], None),
        ("~1.4", [(1, 4, 1)], [(1, 5, 0)], None),
        ("*", [(0, 1, 0), (1, 5, 0)], [], None),
        ("0.21.2", [(0, 21, 2)], [(0, 21, 1)], (0, 21, 2)),
        ("=0.21.2", [(0, 21, 2)], [(0, 21, 1)], (0, 21, 2)),
        ("0.21.*", [(0, 21, 1)], [(0, 23, 0)], None),
        (">=0.21, <0.22", [(0, 21, 2)], [(0, 23, 0)], None),
        (">= 0.21 < 0.22", [(0, 21, 2)], [(0, 23, 0)], None),
        ("^0.21 || ^0.23", [(0, 21, 2), (0, 23, 8)], [(0, 24, 0)], None),
        ("~=0.21", [(0, 23, 0)], [(1, 0, 0)], None),
    ],
)
def test_poetry(spec: str, allowed: list[tuple[int, int, int]], refused: list[tuple[int, int, int]],
                exact: tuple[int, int, int] | None) -> None:
    constraint = parse_poetry(spec)
    assert all(constraint.allows(version) for version in allowed)
    assert not any(constraint.allows(version) for version in refused)
    assert constraint.exact == exact


def test_poetry_rejects_garbage() -> None:
    with pytest.raises(ConstraintError):
        parse_poetry("latest")


@pytest.mark.parametrize(
    ("spec", "newest"),
    [(">=0.24,<0.25", (0, 24, 0)), ("<0.22", (0, 21, 2)), ("~=0.23.0", (0, 23, 8)), ("<1", (0, 26, 0)),
     (">=0.21", NEWEST), (">=2", NEWEST), ("==0.22.*", None), ("<0.1", None), ("<1.4.1", (1, 4, 0))],
)
def test_newest_allowed(spec: str, newest: tuple[int, int, int] | None) -> None:
    assert newest_allowed(parse_pep440(spec)) == newest


def test_known_releases_leave_out_yanked_and_fold_post_releases() -> None:
    assert (0, 22, 0) not in KNOWN_RELEASES  # yanked on PyPI
    assert KNOWN_RELEASES.count((1, 4, 1)) == 1  # 1.4.1 and 1.4.1.post1
    assert list(KNOWN_RELEASES) == sorted(KNOWN_RELEASES, reverse=True)
    assert NEWEST == (1, 5, 0)


THIS = "{}.{}".format(*sys.version_info[:2])


@pytest.mark.parametrize(
    ("marker", "applies"),
    [
        (None, True),
        ("", True),
        (f'python_version == "{THIS}"', True),
        (f'python_version != "{THIS}"', False),
        ('python_version < "3.8"', False),
        ('python_version >= "3.8"', True),
        ("python_version >= '3.10' and python_version < '4'", True),
        ('python_version < "3.8" or sys_platform == "no-such-os"', False),
        ('(python_version < "3.8" or extra == "test") and os_name == "posix"', True),  # extra is unknown
        ('extra == "test"', True),
        ('platform_python_implementation == "PyPy"', sys.implementation.name == "pypy"),
        ('sys_platform in "linux darwin win32"', True),
        ('"3.8" > python_version', False),
        ("python_version <", True),  # unreadable: may apply
        ("python_version < '3.8' )", True),
    ],
)
def test_markers(marker: str | None, applies: bool) -> None:
    assert marker_applies(marker) is applies


@pytest.mark.parametrize(
    ("line", "text", "exact", "is_range"),
    [
        ("pytest-asyncio==0.21.2", "pytest-asyncio==0.21.2", (0, 21, 2), False),
        ("Pytest_Asyncio == 0.21.2", "Pytest_Asyncio == 0.21.2", (0, 21, 2), False),
        ("pytest.asyncio[testing]>=0.23,<0.24", "pytest.asyncio[testing]>=0.23,<0.24", None, True),
        ("pytest-asyncio (>=0.23)", "pytest-asyncio (>=0.23)", None, True),
        ("pytest-asyncio", "pytest-asyncio", None, False),
        ("pytest-asyncio==0.21.1; python_version < '3.8'", None, None, False),
        ("pytest-asyncio @ https://example.invalid/pa.zip", None, None, False),
    ],
)
def test_requirement(line: str, text: str | None, exact: tuple[int, int, int] | None, is_range: bool) -> None:
    declaration = parse_requirement(line, HERE, 3)
    assert declaration is not None
    assert declaration.exact == exact and declaration.is_range is is_range
    assert (declaration.source, declaration.line) == (HERE, 3)
    if text is not None:
        assert declaration.text == text


def test_requirement_for_another_package_is_none() -> None:
    assert parse_requirement("pytest==8.0", HERE, 1) is None
    assert parse_requirement("pytest-asyncio-foo==0.21.2", HERE, 1) is None


def test_another_tracked_package_is_never_pytest_asyncio() -> None:
    """A tracked async runner (asked about by ALP006) keeps its own name, so no version search sees it."""
    declaration = parse_requirement("pytest-asyncio-cooperative==0.21.2", HERE, 1)
    assert declaration is not None and declaration.package == "pytest-asyncio-cooperative"
    unreadable = parse_requirement("pytest-trio==not.a.version", HERE, 1)
    assert unreadable is not None and unreadable.constraint is None and unreadable.package == "pytest-trio"


def test_marker_excluded_pin_is_neither_exact_nor_range() -> None:
    declaration = parse_requirement('pytest-asyncio==0.21.1; python_version < "3.8"', HERE, 1)
    assert declaration is not None and not declaration.applies
    assert declaration.exact is None and not declaration.is_range


@pytest.mark.parametrize("line", ["pytest-asyncio==abc", "pytest-asyncio>=0.21.*", "pytest-asyncio latest"])
def test_unreadable_requirement(line: str) -> None:
    with pytest.raises(RequirementError, match="pytest-asyncio"):
        parse_requirement(line, HERE, 1)
