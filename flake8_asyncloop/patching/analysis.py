"""What one module binds when it is imported: the namespace ``collector`` reads from its tree.

Only statements that run at import time count (see ``collector``).  What
functions bind later (late imports, ``global`` assignments and imports) is kept
apart, because it is what the messages explain, and is read only when a name
turns out to be missing.  Each module is analysed once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import field
from typing import Any, Final

from astroid import nodes

from .. import stamps
from ..caches import CACHES, RunChecks
from ..records import EMPTY, record
from .finder import ModuleLocation
from .syntax import build_tree, own_nodes, qualname

#: Binding kinds.
MODULE: Final = "module"  # ``import a.b as x``: the module a.b
FROM: Final = "from"  # ``from m import n``: attribute (or submodule) n of m
CLASS: Final = "class"
FUNCTION: Final = "function"
NONE: Final = "none"  # ``x = None``
ALIAS: Final = "alias"  # ``x = other.name``: whatever that dotted name is here
VALUE: Final = "value"  # anything else: it exists, its attributes are unknown


@record
class Binding:
    """One way a name gets bound at import time."""

    kind: str
    #: MODULE: the module's name; FROM: the absolute source module; ALIAS: the dotted expression.
    target: str = ""
    #: FROM: the imported name.
    name: str = ""
    node: Any = None


@record
class LateBinding:
    """A name bound only when a function runs: an import inside it, or a ``global`` assignment."""

    function: str
    #: For an import, the qualified name it reads (``app.core.database.AsyncSessionLocal``).
    source: str | None


@record(frozen=False)
class ModuleNamespace:
    """The import-time namespace of one module."""

    name: str
    location: ModuleLocation
    tree: Any
    #: The module's source, to build the full tree when function bodies are needed; "" for a module
    #: analysed from its file, whose source is read again then (``full_source``): keeping the
    #: source of every module a run analyses costs memory, and bodies are needed rarely.
    source: str = ""
    #: Analysed from its file (not a class body, not a tree given with its source).
    from_file: bool = False
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    #: Absolute names of star-imported modules; None for one that cannot be named.
    star_sources: list[str | None] = field(default_factory=list)
    #: ``__all__`` as literal strings; None if absent; ``dynamic_all`` if it is not literal.
    all_names: list[str] | None = None
    dynamic_all: bool = False
    #: Why names may appear that the source does not show, or "".
    dynamic: str = ""
    #: Modules imported at import time (absolute names), for submodule side effects.
    imported_modules: AbstractSet[str] = EMPTY
    #: Names bound only under ``if TYPE_CHECKING:``.
    type_checking: AbstractSet[str] = EMPTY
    #: Module-level ``def __getattr__`` nodes (PEP 562), read by ``lazy`` when a name is missing.
    getattr_functions: list[Any] = field(default_factory=list)
    #: Module-level names changed in place (``T.update(...)``, ``T[k] = v``): no literal table.
    mutated: AbstractSet[str] = EMPTY
    #: The reader of the module's ``__getattr__`` (a ``lazy.LazyNames``), built on first use.
    lazy: Any = None
    #: ``Class.attr = ...`` at module level, and classes touched by ``setattr``.
    class_attrs: dict[str, set[str]] = field(default_factory=dict)
    open_classes: AbstractSet[str] = EMPTY
    #: Class bodies read so far, by ``id`` of the ClassDef (the tree keeps them alive).
    class_bodies: dict[int, ModuleNamespace] = field(default_factory=dict)
    _late: dict[str, list[LateBinding]] | None = None
    _assigned_late: dict[str, list[str]] | None = None

    @property
    def package(self) -> str:
        """The package relative imports start from."""
        return self.name if self.location.is_package else self.name.rpartition(".")[0]

    def absolute(self, module: str | None, level: int) -> str | None:
        """The absolute name of ``from <level dots><module> import``, or None above the top."""
        if not level:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
            return None
        base = parts[: len(parts) - (level - 1)]
        if module:
            base.append(module)
        return ".".join(base) or None

    def full_source(self) -> str:
        """The module's source: the one it was analysed from, else its file read again ("" when that
        cannot be read)."""
        if self.source or not self.from_file or self.location.path is None:
            return self.source
        try:
            with open(self.location.path, "rb") as handle:
                return handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def late_imports(self) -> dict[str, list[LateBinding]]:
        """Names some function imports for itself, by local name."""
        if self._late is None:
            self._scan_functions()
        assert self._late is not None
        return self._late

    def assigned_late(self) -> dict[str, list[str]]:
        """Module names a function assigns through ``global``: name -> functions."""
        if self._assigned_late is None:
            self._scan_functions()
        assert self._assigned_late is not None
        return self._assigned_late

    def _scan_functions(self) -> None:
        """Read what functions bind: needs their bodies, so the full tree is built (rarely: only
        when a name is missing)."""
        late: dict[str, list[LateBinding]] = {}
        assigned: dict[str, list[str]] = {}
        text = self.full_source()
        tree = build_tree(text, self.location, bodies=True) if text else self.tree
        for function in tree.nodes_of_class((nodes.FunctionDef, nodes.AsyncFunctionDef)):
            name = qualname(function)
            globals_here = {n for g in own_nodes(function, nodes.Global) for n in g.names}
            for node in own_nodes(function, (nodes.Import, nodes.ImportFrom)):
                for local, source in self._import_names(node):
                    late.setdefault(local, []).append(LateBinding(name, source))
                    if local in globals_here:  # ``global x`` then ``import x``: binds the module's x
                        assigned.setdefault(local, []).append(name)
            for node in own_nodes(function, nodes.AssignName):
                if node.name in globals_here:
                    assigned.setdefault(node.name, []).append(name)
        self._late, self._assigned_late = late, assigned

    def _import_names(self, node: Any) -> Iterator[tuple[str, str | None]]:
        if isinstance(node, nodes.Import):
            for name, asname in node.names:
                yield (asname or name.split(".")[0]), (name if asname else name.split(".")[0])
            return
        module = self.absolute(node.modname, node.level or 0)
        for name, asname in node.names:
            if name != "*":
                yield asname or name, (f"{module}.{name}" if module else None)


_MODULES: dict[tuple[str, str], tuple[tuple[int, int, int] | None, ModuleNamespace | None]] = {}
CACHES.register(_MODULES.clear)
_CHECKED = RunChecks()


def module_namespace(location: ModuleLocation) -> ModuleNamespace | None:
    """The analysed module, built once per process (and again only if the file changed)."""
    from .collector import analyse  # noqa: PLC0415 - the collector fills this module's types

    if location.path is None:
        return None
    stamps.note(location.path)
    key = (location.path, location.name)
    cached = _MODULES.get(key)
    if cached is not None and _CHECKED.done(key):
        return cached[1]
    try:
        identity = stamps.identity(location.path)
    except OSError:
        _MODULES.pop(key, None)
        return None
    if cached is not None and identity is not None and cached[0] == identity:
        return cached[1]
    info: ModuleNamespace | None
    try:
        with open(location.path, "rb") as handle:
            source = handle.read().decode("utf-8")
        info = analyse(location.name, location, build_tree(source, location))
        info.from_file = True
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError, OSError):
        info = None  # a module that cannot be read or parsed is never a finding
    _MODULES[key] = (identity, info)
    CACHES.grew()
    return info
