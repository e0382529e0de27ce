"""The pytest-asyncio release a project declares, read statically from its dependency files.

``declared_version(folder, installed)`` is the entry point; the modules are one concern each:
version constraints (``specifiers``), environment markers (``markers``), one declaration
(``requirement``), the known releases (``releases``), the readers (``locks``, ``pyproject``,
``tool_configs``, ``requirement_files``), which folders and files are read (``folders``) and the
precedence between declarations (``choose``).  Only the standard library (and tomli on 3.10) is used.
"""

from .choose import Choice, declared_version, every_declaration, where
from .folders import clear_cache, search_folders
from .releases import KNOWN_RELEASES, NEWEST
from .specifiers import Version

__all__ = ["KNOWN_RELEASES", "NEWEST", "Choice", "Version", "clear_cache", "declared_version",
           "every_declaration", "search_folders", "where"]
