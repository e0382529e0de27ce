"""ALP003, asyncio part: deprecated event-loop APIs, matched by qualified name.

Names are matched as written, not against the running stdlib, so a Windows
policy class is caught on Linux and a name that 3.16 removes is still caught.
What stays silent, and why, is in loop_guards: a call whose RuntimeError is
handled, and code that only runs before Python 3.14 — no Python breaks there
(3.12-3.13 only warn when no loop is set, which the rule page says).
The policy API gets one finding per expression (an outer call absorbs the
policy names in its arguments), with advice for library or test code.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import ClassVar, Final

from .base import FileContext, LineRanges, WalkRule
from .event_loop_info import INFO
from .info import RuleInfo
from .loop_guards import (
    GuardedHelpers,
    before_release_branch,
    handled_try_body,
    references,
    silenced_statements,
)

GET_EVENT_LOOP: Final = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})

_POLICY_NAMES: Final = (
    "get_event_loop_policy",
    "set_event_loop_policy",
    "AbstractEventLoopPolicy",
    "DefaultEventLoopPolicy",
    "WindowsSelectorEventLoopPolicy",
    "WindowsProactorEventLoopPolicy",
)
_POLICY_MODULES: Final = ("asyncio", "asyncio.events", "asyncio.windows_events", "asyncio.unix_events")
POLICY_API: Final = frozenset(f"{module}.{name}" for module in _POLICY_MODULES for name in _POLICY_NAMES)

#: The loop factory that replaces a policy class, by the policy's qualified name.
_FACTORIES: Final = {
    **{f"{module}.WindowsSelectorEventLoopPolicy": "asyncio.SelectorEventLoop" for module in _POLICY_MODULES},
    **{f"{module}.WindowsProactorEventLoopPolicy": "asyncio.ProactorEventLoop" for module in _POLICY_MODULES},
    **{f"{module}.DefaultEventLoopPolicy": "asyncio.new_event_loop" for module in _POLICY_MODULES},
    "uvloop.EventLoopPolicy": "uvloop.new_event_loop",
}

_LAST_PARTS: Final = frozenset(name.rsplit(".", 1)[1] for name in GET_EVENT_LOOP | POLICY_API)
#: The Python release where get_event_loop() without a loop raises, and that deprecates the policy API.
BREAKING_RELEASE: Final = (3, 14)
#: Folder names whose files are test code, as pytest projects lay them out.
_TEST_FOLDERS: Final = frozenset({"tests", "test", "testing"})


class EventLoopApiRule(WalkRule):
    """Flags ``asyncio.get_event_loop`` and the event-loop policy API."""

    info: ClassVar[RuleInfo] = INFO
    node_types = (
        ast.Name, ast.Attribute, ast.Call, ast.If, ast.Try, ast.With, ast.AsyncWith,
        ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign,
    )

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        #: Code that only runs on Pythons before 3.14, where neither API breaks or is deprecated.
        self._before_break = LineRanges()
        #: ids of references inside a ``try`` that handles the RuntimeError of 3.14.
        self._handled: set[int] = set()
        #: ids of references run with the no-loop DeprecationWarning ignored.
        self._silenced: set[int] = set()
        #: ids of policy references inside an outer policy call: reported with that call.
        self._absorbed: set[int] = set()
        #: The loop factory to advise, by id of a policy call's function.
        self._factory: dict[int, str] = {}
        self._hook_applies: bool | None = None
        #: ids of references in annotations that stay strings (``from __future__ import annotations``).
        self._annotations: set[int] = set()
        self._string_annotations = any(
            isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"
            and any(alias.name == "annotations" for alias in stmt.names)
            for stmt in context.tree.body
        )
        self._helpers = GuardedHelpers(context.tree)
        #: get_event_loop() findings inside private helpers, kept until every use of the helper is seen.
        self._in_helpers: list[tuple[ast.Name | ast.Attribute, str, str, str]] = []

    def visit(self, node: ast.AST) -> None:
        """Note guards and policy calls; check one name or attribute reference (the node types are
        exclusive: names and attributes, most of what the walk hands over, are tested first)."""
        if isinstance(node, (ast.Name, ast.Attribute)):
            if isinstance(node.ctx, ast.Load):
                self._check_reference(node)
        elif isinstance(node, ast.If):
            self._note_version_guard(node)
        elif isinstance(node, ast.Try):
            if handled_try_body(node, self.context.imports):
                self._handled.update(map(id, references(node.body)))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self._silenced.update(map(id, references(silenced_statements(node, self.context.imports))))
        elif isinstance(node, ast.Call):
            self._helpers.note_call(node)
            self._note_policy_call(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign)):
            self._note_annotations(node)

    def finish(self) -> None:
        """Report the calls in private helpers unless every use of the helper is guarded."""
        for node, key, name, helper in self._in_helpers:
            if not self._helpers.always_guarded(helper):
                self.report_at(node, key, name=name)

    def _check_reference(self, node: ast.Name | ast.Attribute) -> None:
        if isinstance(node, ast.Attribute):
            if node.attr not in _LAST_PARTS:
                return
        else:
            self._helpers.note_name(node, self._handled)
            if node.id not in self.context.imports.imported_names:
                return
        name = self.context.imports.qualified_name(node)
        if name in GET_EVENT_LOOP:
            self._check_get_event_loop(node, name)
        elif name in POLICY_API and id(node) not in self._absorbed and id(node) not in self._annotations:
            if node.lineno not in self._before_break:
                self._report_policy(node, name)

    def _check_get_event_loop(self, node: ast.Name | ast.Attribute, name: str) -> None:
        if id(node) in self._handled or node.lineno in self._before_break:
            return
        if self.context.in_coroutine():
            self.report_at(node, "in-coroutine", name=name)
            return
        key = "warning-ignored" if id(node) in self._silenced else "outside-coroutine"
        helper = self._helpers.helper(self.context.innermost_function())
        if helper is None:
            self.report_at(node, key, name=name)
        else:
            self._in_helpers.append((node, key, name, helper))

    def _report_policy(self, node: ast.Name | ast.Attribute, qualified: str) -> None:
        """Report under asyncio's public name (``asyncio.events.X`` is ``asyncio.X``)."""
        factory = self._factory.get(id(node)) or _FACTORIES.get(qualified)
        name = "asyncio." + qualified.rsplit(".", 1)[1]
        if name == "asyncio.get_event_loop_policy":
            self.report_at(node, "policy-read")
        elif self._in_tests_with_hook():
            self.report_at(node, "policy-in-tests", name=name, factory=factory or "your loop factory")
        else:
            advice = f"loop_factory={factory}" if factory else "a loop_factory"
            self.report_at(node, "policy", name=name, factory=advice)

    def _note_policy_call(self, node: ast.Call) -> None:
        """A policy call absorbs the policy names in its arguments and advises their factory."""
        if self.context.imports.qualified_name(node.func) not in POLICY_API:
            return
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            for inner in ast.walk(argument):
                if not isinstance(inner, (ast.Name, ast.Attribute)):
                    continue
                name = self.context.imports.qualified_name(inner)
                if name in POLICY_API:
                    self._absorbed.add(id(inner))
                if name in _FACTORIES:
                    self._factory.setdefault(id(node.func), _FACTORIES[name])

    def _note_annotations(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.AnnAssign) -> None:
        """Under ``from __future__ import annotations`` a policy type in an annotation is a string: no use.

        Without it, 3.14 evaluates annotations lazily, but ``inspect.signature`` (pytest,
        FastAPI, pydantic) still evaluates them, so they stay reported.
        """
        if not self._string_annotations:
            return
        if isinstance(node, ast.AnnAssign):
            annotations: list[ast.expr] = [node.annotation]
        else:
            args = node.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            annotations = [a.annotation for a in every if a is not None and a.annotation is not None]
            annotations += [node.returns] if node.returns is not None else []
        for annotation in annotations:
            self._annotations.update(id(inner) for inner in ast.walk(annotation))

    def _in_tests_with_hook(self) -> bool:
        """Test code on a pytest-asyncio with the pytest_asyncio_loop_factories hook (>= 1.4)."""
        if self._hook_applies is None:
            from ..pytest_world.versions import semantics_for

            self._hook_applies = is_test_code(self.context.filename) and (
                semantics_for(self.context.settings, _folder(self.context.filename)).version >= (1, 4, 0)
            )
        return self._hook_applies

    def _note_version_guard(self, node: ast.If) -> None:
        """Remember the branch of ``if`` that runs only before Python 3.14, if any."""
        branch = before_release_branch(node, BREAKING_RELEASE, self.context.imports)
        if branch:
            self._before_break.add(branch[0].lineno, branch[-1].end_lineno)


def is_test_code(filename: str) -> bool:
    """A test module, a conftest.py, or a file under a tests/ folder (judged from the working folder)."""
    path = Path(os.path.abspath(filename))
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:  # outside the working folder: judge its own name and parent only
        relative = Path(path.parent.name, path.name)
    name = path.name
    return (
        name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")
        or any(part in _TEST_FOLDERS for part in relative.parts[:-1])
    )


def _folder(filename: str) -> str:
    """The checked file's folder, where the project's pytest-asyncio version is looked up from."""
    return os.path.dirname(os.path.abspath(filename))
