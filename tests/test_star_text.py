"""``star_text.cannot_export`` skips a star-imported module only when reading it would find that it
binds nothing to the name: checked case by case, and against the full reading on real modules."""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest

from flake8_asyncloop.patching.finder import ModuleFinder
from flake8_asyncloop.patching.resolver import Resolver
from flake8_asyncloop.patching.star_text import cannot_export


def _skips(tmp_path: Path, source: str, name: str) -> bool:
    (tmp_path / "mod.py").write_text(source, encoding="utf-8")
    location = ModuleFinder((str(tmp_path),), (str(tmp_path),)).find("mod")
    assert location is not None
    return cannot_export(location, name)


SKIPPED = [
    ("x = 1\n", "sleep"),
    ("from . import events\nloop = events.sleep()\n", "sleep"),
    ("x = events .sleep\n", "sleep"),
    ("# call sleep() first\nx = 1\n", "sleep"),
    ("__all__ = ('a', 'b')\na = b = 1\n", "sleep"),
    ("__all__ = [\n    'a',  # the first\n    'b',\n]  # done\na = b = 1\n", "sleep"),
    ("def sleeper():\n    pass\n", "sleep"),
]

KEPT = [
    ("def sleep():\n    pass\n", "sleep"),  # bound
    ("from .tasks import sleep\n", "sleep"),
    ("import x as sleep\n", "sleep"),
    ("__all__ = ['sleep']\n", "sleep"),  # exported by name
    ("# see it.\nsleep = 1\n", "sleep"),  # the dot ends a comment on the line before
    ("x = '#'; sleep = 1\n", "sleep"),  # the # is in a string
    ("from .tasks import *\n", "sleep"),  # another star import
    ("from .tasks import*\n", "sleep"),
    ("globals()['sl' + 'eep'] = 1\n", "sleep"),  # dynamic
    ("exec('sleep = 1')\n", "sleep"),
    ("import sys\nsys.modules[__name__].x = 1\n", "sleep"),
    ("setattr(sys.modules[__name__], 'x', 1)\n", "sleep"),
    ("def __getattr__(name):\n    return 1\n", "sleep"),
    ("__all__ = base.__all__ + ['a']\n", "sleep"),  # not one literal
    ("__all__ = ['a'] + extra\n", "sleep"),
    ("__all__ = ['a']\n__all__ += more\n", "sleep"),
    ("if x:\n    __all__ = ['a']\n", "sleep"),
    ("x = 'é'\n", "sleep"),  # non-ASCII: identifiers may be normalised
    ("x = 1\n", "__doc__"),  # dunders stay with the full reading
]


@pytest.mark.parametrize(("source", "name"), SKIPPED)
def test_skipped(tmp_path: Path, source: str, name: str) -> None:
    assert _skips(tmp_path, source, name)


@pytest.mark.parametrize(("source", "name"), KEPT)
def test_kept(tmp_path: Path, source: str, name: str) -> None:
    assert not _skips(tmp_path, source, name)


def test_packages_and_unreadable_files_are_kept(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n")
    finder = ModuleFinder((str(tmp_path),), (str(tmp_path),))
    for name in ("pkg", "latin"):
        location = finder.find(name)
        assert location is not None and not cannot_export(location, "sleep")


_STDLIB = Path(sysconfig.get_paths()["stdlib"])
_PACKAGES = ("asyncio", "email", "json", "concurrent.futures", "unittest", "xml.etree", "importlib")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_AFTER_DOT = re.compile(r"\.[ \t]*([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"#[^\n]*")


def test_agrees_with_the_full_reading_on_the_stdlib() -> None:
    """Every module of these packages, every word of its text and a few it lacks: a skip always means
    the full reading finds no value and nothing unknown."""
    finder = ModuleFinder((str(_STDLIB),), ())
    resolver = Resolver(finder, ())
    skipped = 0
    for package in _PACKAGES:
        folder = _STDLIB.joinpath(*package.split("."))
        for path in sorted(folder.glob("*.py")):
            location = finder.find(f"{package}.{path.stem}")
            if location is None or path.stem == "__init__":
                continue
            for name in _names_to_try(path.read_text(encoding="utf-8", errors="replace")):
                if not cannot_export(location, name):
                    continue
                skipped += 1
                full = resolver._exports(location, name, set())
                assert not full.values and not full.unknown, (location.name, name)
    assert skipped > 300  # the check really ran on many names


def _names_to_try(text: str) -> list[str]:
    """Names written after a dot or in comments (what a skip rests on), some bare ones, a few absent."""
    after_dot = set(_AFTER_DOT.findall(text))
    in_comments = {word for comment in _COMMENT.findall(text) for word in _WORD.findall(comment)}
    bare = set(_WORD.findall(text))
    names = sorted(after_dot | in_comments)
    return names[:: max(1, len(names) // 40)] + sorted(bare)[::50] + ["not_there", "sleep", "gather"]
