"""PEP 508 environment markers, evaluated simply against the Python that runs flake8.

Only so that ``pytest-asyncio==0.21.1; python_version < "3.8"`` next to ``==0.23.8; python_version >=
"3.8"`` picks the line meant for this Python.  Variables the plugin cannot know (``extra``, anything
unknown) and markers it cannot parse count as "may apply": a declaration is dropped only when its
marker is certainly false here.
"""

from __future__ import annotations

import os
import platform
import re
import sys

_TOKEN = re.compile(
    r"\s*(?:(?P<paren>[()])|(?P<op>===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)|(?P<word>and\b|or\b)"
    r"|(?P<string>'[^']*'|\"[^\"]*\")|(?P<name>[A-Za-z_][A-Za-z0-9_.]*))"
)
_VERSION_VARIABLES = frozenset({"python_version", "python_full_version", "implementation_version"})
Tri = bool | None  # None: unknown


def _environment() -> dict[str, str]:
    return {
        "python_version": "{}.{}".format(*sys.version_info[:2]),
        "python_full_version": platform.python_version(),
        "implementation_version": platform.python_version(),
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
        "platform_machine": platform.machine(),
        "os_name": os.name,
        "implementation_name": sys.implementation.name,
        "platform_python_implementation": platform.python_implementation(),
    }


class _MarkerError(ValueError):
    pass


def marker_applies(marker: str | None) -> bool:
    """False only when the marker is certainly false for the Python running flake8."""
    if not marker or not marker.strip():
        return True
    try:
        return _Parser(marker, _environment()).parse() is not False
    except _MarkerError:
        return True


class _Parser:
    """Recursive descent over ``or`` / ``and`` / parentheses / comparisons, with three-valued logic."""

    def __init__(self, text: str, environment: dict[str, str]) -> None:
        self._tokens = self._tokenize(text)
        self._index = 0
        self._environment = environment

    @staticmethod
    def _tokenize(text: str) -> list[tuple[str, str]]:
        tokens, position = [], 0
        while position < len(text):
            if not text[position:].strip():
                break
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise _MarkerError(text)
            kind = match.lastgroup or ""
            tokens.append((kind, " ".join(match[kind].split())))
            position = match.end()
        return tokens

    def parse(self) -> Tri:
        value = self._or()
        if self._index != len(self._tokens):
            raise _MarkerError("trailing tokens")
        return value

    def _peek(self) -> tuple[str, str]:
        return self._tokens[self._index] if self._index < len(self._tokens) else ("", "")

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if not token[0]:
            raise _MarkerError("unexpected end")
        self._index += 1
        return token

    def _or(self) -> Tri:
        values = [self._and()]
        while self._peek() == ("word", "or"):
            self._take()
            values.append(self._and())
        return True if True in values else (None if None in values else False)

    def _and(self) -> Tri:
        values = [self._atom()]
        while self._peek() == ("word", "and"):
            self._take()
            values.append(self._atom())
        return False if False in values else (None if None in values else True)

    def _atom(self) -> Tri:
        if self._peek() == ("paren", "("):
            self._take()
            value = self._or()
            if self._take() != ("paren", ")"):
                raise _MarkerError("unbalanced parentheses")
            return value
        left = self._value()
        kind, op = self._take()
        if kind != "op":
            raise _MarkerError("expected an operator")
        right = self._value()
        return _compare(left, op, right)

    def _value(self) -> tuple[str | None, bool]:
        """(value or None when unknown, whether it is a version variable)."""
        kind, text = self._take()
        if kind == "string":
            return text[1:-1], False
        if kind == "name":
            return self._environment.get(text), text in _VERSION_VARIABLES
        raise _MarkerError(f"unexpected {text!r}")


def _compare(left: tuple[str | None, bool], op: str, right: tuple[str | None, bool]) -> Tri:
    (a, a_version), (b, b_version) = left, right
    if a is None or b is None:
        return None
    if op == "in":
        return a in b
    if op == "not in":
        return a not in b
    if a_version or b_version:
        versions = _as_versions(a, b)
        if versions is not None:
            return _order(op, *versions)
    if op in ("==", "==="):
        return a == b
    if op == "!=":
        return a != b
    return None


def _as_versions(a: str, b: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    parsed = [re.match(r"\d+(?:\.\d+)*", text.strip()) for text in (a, b)]
    if parsed[0] is None or parsed[1] is None:
        return None
    first, second = (tuple(int(x) for x in match[0].split(".")) for match in (parsed[0], parsed[1]))
    size = max(len(first), len(second))
    return first + (0,) * (size - len(first)), second + (0,) * (size - len(second))


def _order(op: str, a: tuple[int, ...], b: tuple[int, ...]) -> Tri:
    if op == "~=":
        return a >= b and a[: max(len(b) - 1, 1)] == b[: max(len(b) - 1, 1)]
    results = {"==": a == b, "===": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}
    return results.get(op)
