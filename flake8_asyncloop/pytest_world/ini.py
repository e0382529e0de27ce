"""Read INI files exactly as pytest does (its ``iniconfig`` parser), without depending on it.

``configparser`` differs in ways that change values: it lower-cases keys, interpolates ``%``,
strips inline comments when asked and tolerates duplicates.  pytest's parser keeps keys as written,
keeps ``value  # comment`` whole, joins continuation lines with newlines and rejects duplicate
sections or keys, lines outside a section and lines that are neither ``key = value`` nor
``key: value`` — so a value that pytest would reject is rejected here too.
"""

from __future__ import annotations

_COMMENT_CHARS = "#;"
_BOM = "\N{BYTE ORDER MARK}"


class IniError(ValueError):
    """The file is not valid INI for pytest; the message names the line."""


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Sections → keys → values (continuation lines joined with newlines)."""
    sections: dict[str, dict[str, str]] = {}
    section: dict[str, str] | None = None
    last: tuple[dict[str, str], str] | None = None  # the value a continuation line extends
    for lineno, line in enumerate(text.removeprefix(_BOM).splitlines(), start=1):
        kind, name, value = _classify(line, lineno)
        if kind == "section":
            if name in sections:
                raise IniError(f"line {lineno}: duplicate section {name!r}")
            section = sections[name] = {}
            last = None
        elif kind == "value":
            if section is None:
                raise IniError(f"line {lineno}: no section header before {line.strip()!r}")
            if name in section:
                raise IniError(f"line {lineno}: duplicate name {name!r}")
            section[name] = value
            last = (section, name)
        elif kind == "continuation":
            if last is None:
                raise IniError(f"line {lineno}: unexpected value continuation {value!r}")
            owner, key = last
            owner[key] = f"{owner[key]}\n{value}" if owner[key] else value
    return sections


def _classify(raw: str, lineno: int) -> tuple[str, str, str]:
    """("blank"|"section"|"value"|"continuation", name, value) for one line."""
    line = "" if raw.lstrip()[:1] in tuple(_COMMENT_CHARS) else raw.rstrip()
    if not line:
        return "blank", "", ""
    if line[0] == "[":
        header = line
        for char in _COMMENT_CHARS:
            header = header.split(char)[0].rstrip()
        if header[-1] == "]":
            name = header[1:-1]
            if not name:
                raise IniError(f"line {lineno}: empty section name")
            return "section", name, ""
        return "continuation", "", line.strip()
    if line[0].isspace():
        return "continuation", "", line.strip()
    name, value = _split_assignment(line, lineno)
    return "value", name.strip(), value.strip()


def _split_assignment(line: str, lineno: int) -> tuple[str, str]:
    name, equals, value = line.partition("=")
    if equals and ":" not in name:
        return name, value
    name, colon, value = line.partition(":")
    if colon:
        return name, value
    raise IniError(f"line {lineno}: unexpected line {line!r}")
