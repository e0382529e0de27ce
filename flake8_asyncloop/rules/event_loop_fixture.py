"""ALP003, pytest-asyncio part: the ``event_loop`` fixture, deprecated in 0.23 and removed in 1.0.

Also a redefined ``event_loop_policy`` fixture, deprecated in 1.4.  A project on
pytest-asyncio <= 0.21 is told nothing: there ``event_loop`` is the way to go.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ..display import display_path
from .base import FileContext, WalkRule
from .event_loop_info import INFO
from .info import RuleInfo

if TYPE_CHECKING:  # the pytest model loads only for files that may hold pytest items
    from ..pytest_world.summary import ClassInfo, FixtureDef, Marks, ModuleSummary
    from ..pytest_world.lookup import Site
    from ..pytest_world.model import PytestModel

EVENT_LOOP = "event_loop"
#: What to do instead of requesting event_loop, for an async requester, a sync one, or a mark.
_INSTEAD = {
    True: "use asyncio.get_running_loop() instead",
    False: "make it async and use asyncio.get_running_loop()",
    None: "use asyncio.get_running_loop() in the tests instead",
}


class EventLoopFixtureRule(WalkRule):
    """Flags definitions and requests of ``event_loop``; reports on the ``def`` line."""

    info: ClassVar[RuleInfo] = INFO

    node_types = (ast.Call,)

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Only files that could define or request fixtures."""
        return context.may_hold_pytest_items()

    def report(self, line: int, col: int, key: str, **values: object) -> None:
        """Every message says how to choose the loop in the words of the project's version."""
        semantics = self.context.pytest_model().semantics
        if semantics.loop_scope_argument:
            choose = "choose loops with loop_scope="
        else:
            choose = "choose loops with scope= on the fixture and the asyncio mark"
        super().report(line, col, key, choose=choose, **values)

    def visit(self, node: ast.AST) -> None:
        """``request.getfixturevalue("event_loop")``: a request made at run time."""
        assert isinstance(node, ast.Call)
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "getfixturevalue" and node.args):
            return
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and first.value == EVENT_LOOP):
            return
        semantics = self.context.pytest_model().semantics
        if semantics.per_scope_loops:
            status = "deprecated in 0.23 and removed in 1.0" if semantics.event_loop_fixture_exists else (
                "removed in 1.0"
            )
            self.report_at(node, "getfixturevalue", status=status)

    def finish(self) -> None:
        """Check every fixture and test of the file, and the class and module marks."""
        from ..pytest_world.lookup import Site

        model = self.context.pytest_model()
        semantics = model.semantics
        if not semantics.per_scope_loops:
            return
        removed = not semantics.event_loop_fixture_exists
        module = model.module
        for fixture in module.all_fixtures:
            if fixture.name == EVENT_LOOP:
                key = "defines-removed" if removed else "defines-deprecated"
                self.report(fixture.def_line, fixture.def_col, key)
            elif fixture.name == "event_loop_policy" and semantics.version >= (1, 4, 0):
                self.report(fixture.def_line, fixture.def_col, "defines-policy")
            if EVENT_LOOP in fixture.params:
                site = Site(module, fixture.classes)
                self._request(model, f"fixture '{fixture.name}'", fixture.def_line, fixture.def_col,
                              site, fixture, fixture.is_async)
        for test in model.tests():
            used = any(name == EVENT_LOOP for name, _, _ in test.marks.usefixtures)
            if EVENT_LOOP in test.params or used:
                self._request(model, f"test '{test.name}'", test.def_line, test.def_col,
                              model.test_site(test), None, test.is_async)
        for classes, marks in _mark_holders(module):
            who = f"the usefixtures mark of class {classes[-1]}" if classes else "the module's usefixtures"
            for name, line, col in marks.usefixtures:
                if name == EVENT_LOOP:
                    self._request(model, who, line, col, Site(module, classes), None)

    def _request(
        self, model: PytestModel, who: str, line: int, col: int, site: Site, requester: FixtureDef | None,
        is_async: bool | None = None,
    ) -> None:
        """Report a request; ``is_async`` (None: a mark, either kind) picks the advice."""
        instead = _INSTEAD[is_async]
        if model.semantics.event_loop_fixture_exists:
            self.report(line, col, "requests-deprecated", who=who, instead=instead)
            return
        own = model.lookup.resolve(EVENT_LOOP, site, requester)
        if own is None:
            self.report(line, col, "requests-removed", who=who, instead=instead)
        else:
            where = f"{display_path(own.path)}:{own.def_line}"
            self.report(line, col, "requests-redefined", who=who, where=where, instead=instead)


def _mark_holders(module: ModuleSummary) -> Iterator[tuple[tuple[str, ...], Marks]]:
    """The module's marks and every class's, with the class path."""
    yield (), module.marks
    pending: list[tuple[tuple[str, ...], ClassInfo]] = [((c.name,), c) for c in module.classes]
    while pending:
        path, cls = pending.pop(0)
        yield path, cls.marks
        pending.extend((path + (inner.name,), inner) for inner in cls.classes)
