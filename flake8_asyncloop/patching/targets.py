"""Recognise patch calls and read their literal targets, during the shared walk.

Call forms: ``unittest.mock``/``mock`` ``patch`` (decorator, context manager,
``.start()`` -- all one call), ``patch.object``, ``patch.dict``, ``patch.multiple``;
pytest-mock's ``mocker.patch`` and its ``.object``/``.dict``/``.multiple``/
``.context_manager`` on every scoped mocker; pytest's ``monkeypatch.setattr`` and
``delattr`` in the string and the object form.

``mocker`` and ``monkeypatch`` are fixtures, so they are recognised as what
pytest injects: a parameter of an enclosing function with the fixture's name
(unannotated, or annotated with the fixture's type), or any parameter annotated
``MockerFixture``/``MonkeyPatch``, or a local bound by ``pytest.MonkeyPatch()``
or ``<monkeypatch>.context()``.  A name the function rebinds to anything else,
an attribute (``self.mocker``) or any other object with a ``patch`` method
(``client.patch("/url")``) is not a patcher.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Final

from ..imports import ImportTracker, dotted_text
from ..records import record

STRING: Final = "string"
OBJECT: Final = "object"
MOCK: Final = "mock"
MONKEYPATCH: Final = "monkeypatch"

MOCK_PATCH: Final = frozenset({"unittest.mock.patch", "mock.patch", "mock.mock.patch"})
MOCKER_FIXTURES: Final = frozenset(
    {"mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"}
)
MOCKER_TYPES: Final = frozenset({"MockerFixture", "MockFixture"})
MONKEYPATCH_TYPES: Final = frozenset({"MonkeyPatch"})
MONKEYPATCH_FACTORIES: Final = frozenset({
    "pytest.MonkeyPatch", "_pytest.monkeypatch.MonkeyPatch",
    "pytest.MonkeyPatch.context", "_pytest.monkeypatch.MonkeyPatch.context",
})
#: ``patch.multiple`` keywords that are options, not attributes to patch.
MULTIPLE_OPTIONS: Final = frozenset({"target", "spec", "create", "spec_set", "autospec", "new_callable"})
#: What follows ``patch`` in a call: the method of the patch API it is.
PATCH_METHODS: Final = frozenset({"object", "dict", "multiple", "context_manager"})

_CALL_NAMES: Final = frozenset({"patch", "setattr", "delattr", *PATCH_METHODS})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


@record
class PatchTarget:
    """One literal target of one patch call, ready to resolve."""

    line: int
    col: int
    #: The call as the user wrote it, for messages: ``patch()``, ``mocker.patch.object()``.
    api: str
    family: str
    #: Resolved like an import path (submodules may be imported).
    owner: str
    #: Then read with getattr only; empty for ``patch.dict`` (the whole path is the object).
    attributes: tuple[str, ...]
    #: The target as a dotted name, for messages.
    written: str
    #: STRING (a dotted path) or OBJECT (an object and an attribute name).
    form: str = "string"
    #: ``monkeypatch.delattr``: a class attribute must be the class's own, not inherited.
    deletes: bool = False
    #: The call itself, for the rules that read its other arguments (``new``, ``new_callable``).
    call: ast.Call | None = dataclasses.field(default=None, compare=False, repr=False)


class PatchCallReader:
    """Turns patch calls into targets; knows nothing about the modules they name."""

    def __init__(self, imports: ImportTracker) -> None:
        self._imports = imports
        self._locals: dict[int, _FunctionBindings] = {}

    def read(self, call: ast.Call, enclosing: tuple[ast.AST, ...]) -> list[PatchTarget]:
        """Every literal target of ``call`` if it is a patch call; else nothing."""
        func = call.func
        if not isinstance(func, (ast.Attribute, ast.Name)):
            return []
        if isinstance(func, ast.Attribute) and func.attr not in _CALL_NAMES:
            return []
        if isinstance(func, ast.Name) and func.id == "setattr":
            return []
        qualified = self._imports.qualified_name(func)
        if qualified in MOCK_PATCH:
            return self._patch(call, "patch", "patch", MOCK)
        if qualified is not None and isinstance(func, ast.Attribute):
            base = self._imports.qualified_name(func.value)
            if base in MOCK_PATCH and func.attr in PATCH_METHODS:
                return self._patch(call, func.attr, f"patch.{func.attr}", MOCK)
        if qualified is not None or not isinstance(func, ast.Attribute):
            return []
        return self._fixture_call(call, func, enclosing)

    def _fixture_call(
        self, call: ast.Call, func: ast.Attribute, enclosing: tuple[ast.AST, ...]
    ) -> list[PatchTarget]:
        if func.attr in ("setattr", "delattr") and isinstance(func.value, ast.Name):
            if self._receiver_kind(func.value.id, enclosing) == MONKEYPATCH:
                return self._monkeypatch(call, func.attr, f"{func.value.id}.{func.attr}")
            return []
        if func.attr == "patch" and isinstance(func.value, ast.Name):
            if self._receiver_kind(func.value.id, enclosing) == MOCKER:
                return self._patch(call, "patch", f"{func.value.id}.patch", MOCK)
            return []
        inner = func.value
        if (
            func.attr in PATCH_METHODS
            and isinstance(inner, ast.Attribute)
            and inner.attr == "patch"
            and isinstance(inner.value, ast.Name)
            and self._receiver_kind(inner.value.id, enclosing) == MOCKER
        ):
            return self._patch(call, func.attr, f"{inner.value.id}.patch.{func.attr}", MOCK)
        return []

    # -- the call forms --------------------------------------------------------

    def _patch(self, call: ast.Call, method: str, api: str, family: str) -> list[PatchTarget]:
        api += "()"
        if method == "patch":
            if _creates(call, 3):
                return []
            return self._dotted(call, _argument(call, 0, "target"), api, family)
        if method in ("object", "context_manager"):
            if _creates(call, 4):
                return []
            obj, attribute = _argument(call, 0, "target"), _argument(call, 1, "attribute")
            return self._object(call, obj, attribute, api, family)
        if method == "dict":
            text = _string(_argument(call, 0, "in_dict"))
            if text is None or "." not in text:
                return []
            return [self._target(call, api, family, text, (), text)]
        if _creates(call, 2):
            return []
        names = tuple(k.arg for k in call.keywords if k.arg is not None and k.arg not in MULTIPLE_OPTIONS)
        owner_node = _argument(call, 0, "target")
        text = _string(owner_node)
        owner = text if text is not None else self._qualified(owner_node)
        if not owner or not names:
            return []
        return [self._target(call, api, family, owner, names, owner, STRING if text else OBJECT)]

    def _monkeypatch(self, call: ast.Call, method: str, api: str) -> list[PatchTarget]:
        api += "()"
        raising = _argument(call, 3 if method == "setattr" else 2, "raising")
        if raising is not None and not (isinstance(raising, ast.Constant) and raising.value is True):
            return []
        has_value = len(call.args) >= 3 or any(k.arg == "value" for k in call.keywords)
        has_name = len(call.args) >= 2 or any(k.arg == "name" for k in call.keywords)
        string_form = not has_value if method == "setattr" else not has_name
        if string_form:
            found = self._dotted(call, _argument(call, 0, "target"), api, MONKEYPATCH)
        else:
            obj, name = _argument(call, 0, "target"), _argument(call, 1, "name")
            found = self._object(call, obj, name, api, MONKEYPATCH)
        return [dataclasses.replace(t, deletes=method == "delattr") for t in found]

    def _dotted(self, call: ast.Call, node: ast.expr | None, api: str, family: str) -> list[PatchTarget]:
        text = _string(node)
        if text is None or "." not in text:
            return []
        owner, _, attribute = text.rpartition(".")
        return [self._target(call, api, family, owner, (attribute,), text)]

    def _object(
        self, call: ast.Call, obj: ast.expr | None, name: ast.expr | None, api: str, family: str
    ) -> list[PatchTarget]:
        attribute = _string(name)
        owner = self._qualified(obj)
        if not owner or not attribute:
            return []
        return [self._target(call, api, family, owner, (attribute,), f"{owner}.{attribute}", OBJECT)]

    def _target(
        self, call: ast.Call, api: str, family: str, owner: str, attributes: tuple[str, ...], written: str,
        form: str = STRING,
    ) -> PatchTarget:
        line, col = call.lineno, call.col_offset
        return PatchTarget(line, col, api, family, owner, attributes, written, form, call=call)

    def _qualified(self, node: ast.expr | None) -> str | None:
        if node is None or isinstance(node, ast.Constant):
            return None
        return self._imports.qualified_name(node)

    # -- fixtures --------------------------------------------------------------

    def receiver_kind(self, name: str, enclosing: tuple[ast.AST, ...]) -> str | None:
        """MOCKER or MONKEYPATCH when the local ``name`` is that fixture where it is used, else None."""
        return self._receiver_kind(name, enclosing)

    def _receiver_kind(self, name: str, enclosing: tuple[ast.AST, ...]) -> str | None:
        """MOCKER or MONKEYPATCH when ``name`` is that fixture where it is used, else None."""
        for node in reversed(enclosing):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            bindings = self._locals.get(id(node))
            if bindings is None:
                bindings = self._locals[id(node)] = _FunctionBindings(node)
            if name in bindings.parameters:
                return self._parameter_kind(name, bindings.parameters[name])
            if name in bindings.assigned:
                kinds = {self._value_kind(value, enclosing) for value in bindings.assigned[name]}
                return kinds.pop() if len(kinds) == 1 else None
            if name in bindings.declared:
                continue
        return None

    def _parameter_kind(self, name: str, annotation: ast.expr | None) -> str | None:
        if annotation is None:
            if name in MOCKER_FIXTURES:
                return MOCKER
            return MONKEYPATCH if name == "monkeypatch" else None
        text = _string(annotation)
        if text is None:
            text = self._imports.qualified_name(annotation) or dotted_text(annotation)
        last = (text or "").rsplit(".", 1)[-1]
        if last in MOCKER_TYPES:
            return MOCKER
        return MONKEYPATCH if last in MONKEYPATCH_TYPES else None

    def _value_kind(self, value: ast.expr | None, enclosing: tuple[ast.AST, ...]) -> str | None:
        """``pytest.MonkeyPatch()``, ``pytest.MonkeyPatch.context()``, ``monkeypatch.context()``."""
        if not isinstance(value, ast.Call):
            return None
        if self._imports.qualified_name(value.func) in MONKEYPATCH_FACTORIES:
            return MONKEYPATCH
        func = value.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "context"
            and isinstance(func.value, ast.Name)
            and self._receiver_kind(func.value.id, enclosing) == MONKEYPATCH
        ):
            return MONKEYPATCH
        return None


MOCKER: Final = "mocker"


class _FunctionBindings:
    """What a function binds locally: parameters (with annotations) and assigned names.  The body
    is read only when a name is not a parameter (``mocker`` and ``monkeypatch`` usually are)."""

    def __init__(self, function: FunctionNode) -> None:
        args = function.args
        extra = [a for a in (args.vararg, args.kwarg) if a is not None]
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]
        self.parameters: dict[str, ast.expr | None] = {a.arg: a.annotation for a in every}
        self._function = function
        self._assigned: dict[str, list[ast.expr | None]] | None = None
        self._declared: set[str] = set()

    @property
    def assigned(self) -> dict[str, list[ast.expr | None]]:
        """Names the body binds, with the values assigned (None where not a plain assignment)."""
        if self._assigned is None:
            self._assigned = {}
            function = self._function
            body = [function.body] if isinstance(function, ast.Lambda) else function.body
            for statement in body:
                self._collect(statement)
        return self._assigned

    @property
    def declared(self) -> set[str]:
        """Names the body declares ``global`` or ``nonlocal``."""
        self.assigned  # noqa: B018 - read with the assignments, in one walk
        return self._declared

    def _collect(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            self._declared.update(node.names)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, node.value)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self._bind(node.optional_vars, node.context_expr)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            self._bind(node.target, None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.assigned.setdefault(node.name, []).append(None)
            return
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self.assigned.setdefault((alias.asname or alias.name).split(".")[0], []).append(None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self.assigned.setdefault(node.name, []).append(None)
        if isinstance(node, ast.Lambda):
            return
        for child in ast.iter_child_nodes(node):
            self._collect(child)

    def _bind(self, target: ast.AST, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element.value if isinstance(element, ast.Starred) else element, None)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return None


def _creates(call: ast.Call, index: int) -> bool:
    """``create=`` other than a literal false value (or a ``*args``/``**kwargs`` that may hold it)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return True
    value = _argument(call, index, "create")
    return value is not None and not (isinstance(value, ast.Constant) and not value.value)


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None
