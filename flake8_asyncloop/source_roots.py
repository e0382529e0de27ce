"""``--asyncloop-source-roots``: folders resolved the way flake8 resolves its own path options.

flake8 registers the option with ``normalize_paths``: an entry holding a path separator is made
absolute against the folder of the configuration file that set it (the working folder on the
command line), and a bare name (``lib``) is left as written.  Such a name is looked up beside the
configuration file flake8 reads, then in the working folder, so ``asyncloop-source-roots = lib``
means the same folder whichever subfolder flake8 runs in.  An entry that names no folder is said
once on stderr and skipped; the other entries and the rest of the run go on.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable

from .faults import report_ignored

OPTION = "asyncloop-source-roots"
_FLAKE8_FILES = ("setup.cfg", "tox.ini", ".flake8")
_FLAKE8_SECTIONS = ("flake8", "flake8:local-plugins")


def resolve(entries: Iterable[str], options: argparse.Namespace) -> tuple[str, ...]:
    """The absolute folders ``entries`` name; an entry that names none is reported and dropped."""
    config_folder: str | None = None
    folders: list[str] = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        if os.path.isabs(entry):
            candidates = [entry]
        else:
            config_folder = config_folder or flake8_config_folder(options)
            candidates = [os.path.join(config_folder, entry), entry]
        found = [os.path.abspath(c) for c in candidates if os.path.isdir(c)]
        if not found:
            report_ignored(OPTION, f"{entry!r} (no such folder: {os.path.abspath(candidates[0])})")
        folders.extend(found)
    return tuple(dict.fromkeys(os.path.normpath(f) for f in folders))


def flake8_config_folder(options: argparse.Namespace) -> str:
    """The folder flake8 resolves configuration paths against: that of ``--config``, else of the
    file it finds upward from the working folder, else the working folder."""
    cwd = os.path.abspath(os.curdir)
    if getattr(options, "isolated", False):
        return cwd
    explicit = getattr(options, "config", None)
    if isinstance(explicit, str) and explicit:
        return os.path.dirname(os.path.abspath(explicit))
    found = _find_flake8_file(cwd)
    return os.path.dirname(found) if found is not None else cwd


def _find_flake8_file(folder: str) -> str | None:
    """The first of setup.cfg, tox.ini, .flake8 holding a flake8 section, upward from ``folder``
    and not above the home folder, as flake8 searches."""
    home = os.path.abspath(os.path.expanduser("~"))
    while True:
        for name in _FLAKE8_FILES:
            path = os.path.join(folder, name)
            if _has_flake8_section(path):
                return path
        parent = os.path.dirname(folder)
        if parent == folder or parent == home:
            return None
        folder = parent


def _has_flake8_section(path: str) -> bool:
    if not os.path.isfile(path):
        return False
    import configparser  # only for a bare folder name, rarely

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="UTF-8")
    except (UnicodeDecodeError, configparser.Error):
        return False
    return any(section in parser for section in _FLAKE8_SECTIONS)
