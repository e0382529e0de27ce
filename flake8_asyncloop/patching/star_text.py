"""Which star-imported modules cannot give a name, seen from their text, without parsing them.

``asyncio/__init__.py`` star-imports twenty modules; resolving ``asyncio.sleep`` reads them from
the last back until one binds ``sleep``, and parsing one costs milliseconds (most of a cold run's
time on a suite that patches ``asyncio``).  A module binds a name at import time only where the
name is written as a plain identifier (``def sleep``, ``sleep =``, ``import sleep``,
``'sleep'`` in ``__all__``), not after a dot (``events.sleep``), unless something the text
cannot show binds it.  That something is exactly what ``collector`` calls dynamic, a non-literal
``__all__``, a module ``__getattr__`` or another star import, and each needs a word this module
looks for.  When none of them is in the text and the name is never written bare, the module's
answer is known without reading it: it does not bind the name (``resolver._exports`` would find
the same).  Anything unusual (a package, non-ASCII text, an ``__all__`` that is not one literal
line-start assignment) is left to the full reading.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Final

from .. import stamps
from .finder import SOURCE, ModuleLocation

#: Words any dynamic binding needs (``exec``, ``globals()``, ``setattr``, ``sys.modules``).
_DYNAMIC_WORDS: Final = ("exec", "globals", "vars", "locals", "modules", "setattr", "delattr")
_WORD_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: A star import (``from m import *``, ``import*``); the pattern starts with a literal, so it is fast.
_STAR_IMPORT: Final = re.compile(r"import[\s\\]*\*")
_ALL: Final = "__all__"
_ALL_START: Final = re.compile(r"__all__[ \t]*=[ \t]*([(\[])")
_LINE_REST: Final = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|$)")
#: How many closing brackets to try for the end of a literal ``__all__``.
_CLOSE_TRIES: Final = 64


def cannot_export(location: ModuleLocation, name: str) -> bool:
    """True only when ``from <location> import *`` surely binds nothing to ``name``."""
    if location.kind != SOURCE or location.is_package or location.path is None:
        return False
    if name.startswith("__") and name.endswith("__"):
        return False
    stamps.note(location.path)
    try:
        with open(location.path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not text.isascii() or _dynamic(text) or not _plain_all(text):
        return False
    return not _written_bare(text, name)


def _dynamic(text: str) -> bool:
    """Whether the text has a word a binding the reading cannot see needs, or a star import."""
    if "__getattr__" in text or _STAR_IMPORT.search(text):
        return True
    return any(next(_words(text, word), -1) >= 0 for word in _DYNAMIC_WORDS)


def _words(text: str, word: str) -> Iterator[int]:
    """Where ``word`` is written as a whole identifier (``str.find``: much faster than a regex)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before not in _WORD_CHARS and after not in _WORD_CHARS:
            yield start
        start = text.find(word, end)


def _plain_all(text: str) -> bool:
    """No ``__all__``, or exactly one: a line-start assignment of a literal list or tuple of strings."""
    first = text.find(_ALL)
    if first < 0:
        return True
    if text.find(_ALL, first + 1) >= 0 or (first and text[first - 1] != "\n"):
        return False
    start = _ALL_START.match(text, first)
    if start is None:
        return False
    opening = start.end(1) - 1
    closer = ")" if start.group(1) == "(" else "]"
    end = opening
    for _ in range(_CLOSE_TRIES):
        end = text.find(closer, end + 1)
        if end < 0:
            return False
        try:
            value = ast.literal_eval(text[opening:end + 1])
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        strings = isinstance(value, (tuple, list)) and all(isinstance(item, str) for item in value)
        return strings and _LINE_REST.match(text, end + 1) is not None
    return False


def _written_bare(text: str, name: str) -> bool:
    """Whether ``name`` appears anywhere as an identifier that does not follow a dot on its line
    (``events.sleep``) and is not in a comment; a dot on an earlier line may end a comment, so
    it does not count."""
    for start in _words(text, name):
        before = text[text.rfind("\n", 0, start) + 1:start]
        if "#" in before and "'" not in before and '"' not in before:
            continue  # no quote before the ``#`` on this line: it starts a comment
        stripped = before.rstrip(" \t")
        if not stripped.endswith("."):
            return True
    return False
