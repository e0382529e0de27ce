"""ALP004 against the runtime: the plugin flags exactly the patch targets that fail for real.

A generated project exercises every resolution rule.  Each target is written,
in every call form, as one pytest test; ONE real pytest run applies them all
(``unittest.mock.patch(...).start()``, decorators, the ``mock`` backport,
``mocker``, ``monkeypatch.setattr``/``delattr``, ``patch.object``/``dict``/
``multiple``), each test in a fresh import of the project, and records which
fail.  flake8 must report exactly those, apart from the silences the SPEC
lists, which are asserted separately: each must really fail and stay unflagged.
"""

from __future__ import annotations

import importlib.util
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import NamedTuple

import pytest

from .harness import run_flake8

EXTENSION = "math"  # a compiled stdlib module on this interpreter (checked below)

PROJECT: dict[str, str] = {
    "pyproject.toml": """
        [tool.pytest.ini_options]
        pythonpath = ["src", ".", "libs/shared"]
        asyncio_default_fixture_loop_scope = "function"
    """,
    "app/__init__.py": """
        from .reexport_src import Exported
        from . import imported_sub
        from .star_all import *
        from .star_noall import *
        from .conflict import conflict
    """,
    "app/reexport_src.py": """
        class Exported:
            value = 1
    """,
    "app/imported_sub.py": "thing = 1\n",
    "app/not_imported_sub.py": "thing = 1\n",
    "app/star_all.py": """
        __all__ = ["public_a"]
        public_a = 1
        public_b = 2
    """,
    "app/star_noall.py": """
        import json
        visible = 1
        _hidden = 2
    """,
    "app/conflict.py": """
        helper = 1


        def conflict():
            return helper
    """,
    "app/dynamic_mod.py": """
        def __getattr__(name):
            if name.startswith("dyn_"):
                return 1
            raise AttributeError(name)
    """,
    "app/globals_mod.py": 'globals()["made"] = 1\n',
    "app/opaque_lazy.py": """
        def _load(name):
            if name == "made":
                return 1
            raise AttributeError(name)


        def __getattr__(name):
            return _load(name)
    """,
    "app/lazy/__init__.py": """
        import importlib
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from .client import Client

        _SUBMODULES = ("llm", "tools", "ghost")
        _EXPORTS = {
            "Client": (".client", "Client"),
            "Stale": (".client", "Gone"),
            "External": ("missing_dist.sub", "External"),
        }
        _ALIASES = {"Helper": ".helpers"}


        def __getattr__(name):
            if name in _SUBMODULES:
                module = importlib.import_module(f".{name}", __name__)
                globals()[name] = module
                return module
            if name in _EXPORTS:
                module_name, attribute = _EXPORTS[name]
                return getattr(importlib.import_module(module_name, __name__), attribute)
            if name in _ALIASES:
                return getattr(importlib.import_module(_ALIASES[name], __name__), name)
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    """,
    "app/lazy/llm.py": """
        class Model:
            size = 1
    """,
    "app/lazy/tools.py": "search = 1\n",
    "app/lazy/client.py": """
        class Client:
            def send(self):
                return 1
    """,
    "app/lazy/helpers.py": """
        class Helper:
            pass
    """,
    "app/lazy_any.py": """
        from importlib import import_module


        def __getattr__(name):
            try:
                return import_module(f"app.nested.{name}")
            except ModuleNotFoundError:
                raise AttributeError(name) from None
    """,
    "app/keyed.py": """
        from importlib import import_module

        _import_map = {"Exported": ("app.reexport_src", False), "core": ("app.core", True)}


        def __getattr__(name):
            try:
                target, is_submodule = _import_map[name]
                module = import_module(target)
                if is_submodule:
                    return module
                return getattr(module, name)
            except KeyError:
                raise AttributeError(name)
    """,
    "app/tc_mod.py": """
        import typing as t
        from typing import TYPE_CHECKING as TC

        if TC:
            import json
            from importlib import resources
        else:
            resources = None

        if t.TYPE_CHECKING:
            import os
        if not TC:
            import sys
        else:
            import re
        if TC and sys.version_info >= (3, 8):
            import csv


        def load():
            global resources
            from importlib import resources
            return resources
    """,
    "libs/shared/sharedpkg/__init__.py": "thing = 1\n",
    "app/ext_star.py": f"from {EXTENSION} import *\n",
    "app/base.py": """
        class Base:
            base_attr = 1

            def base_method(self):
                return 1


        class Slotted:
            __slots__ = ("slot_a",)


        class Meta(type):
            meta_attr = 1


        class WithMeta(metaclass=Meta):
            own = 1


        def deco(cls):
            cls.added = 1
            return cls


        @deco
        class Decorated:
            own = 1


        class Registry:
            def __init_subclass__(cls, **kwargs):
                cls.registered = True
    """,
    "app/core/__init__.py": "",
    "app/core/database.py": """
        AsyncSessionLocal = object()
        CONFIG = {"a": 1}


        class Engine:
            def dispose(self):
                return None


        engine = None


        def init():
            global engine
            engine = Engine()
    """,
    "app/services/__init__.py": "",
    "app/services/flow_tracker.py": """
        from typing import TYPE_CHECKING

        from app.base import Base, Registry

        if TYPE_CHECKING:
            from app.core.database import Engine


        class Tracker(Base):
            tracked = 1

            def track(self):
                return 1

            class Inner:
                inner_attr = 1


        class Sub(Registry):
            pass


        def track():
            from app.core.database import AsyncSessionLocal
            return AsyncSessionLocal


        def late():
            global LATE_VALUE
            LATE_VALUE = 1


        ALIAS = Tracker
    """,
    "app/nested/__init__.py": "",
    "app/nested/deep/__init__.py": "from .leaf import leaf_value\n",
    "app/nested/deep/leaf.py": "leaf_value = 1\nother = 2\n",
    "src/srcpkg/__init__.py": "from .core import Service\n",
    "src/srcpkg/core.py": """
        class Service:
            def run(self):
                return 1
    """,
    "nspkg/mod.py": "value = 1\n",
    "tests/conftest.py": """
        import sys

        import pytest

        OWN = ("app", "srcpkg", "nspkg")


        def _purge():
            for name in list(sys.modules):
                if name.split(".")[0] in OWN:
                    del sys.modules[name]


        @pytest.fixture(autouse=True)
        def fresh_project():
            _purge()
            yield
            _purge()
    """,
}

#: Dotted targets, each one resolution rule.
STRING_TARGETS: tuple[str, ...] = (
    "app.services.flow_tracker.track",
    "app.services.flow_tracker.AsyncSessionLocal",  # late import inside track()
    "app.core.database.AsyncSessionLocal",
    "app.services.flow_tracker.trak",  # stale name
    "app.services.flow_tracker.Tracker.track",
    "app.services.flow_tracker.Tracker.base_method",  # inherited
    "app.services.flow_tracker.Tracker.base_attr",
    "app.services.flow_tracker.Tracker.nope",
    "app.services.flow_tracker.Tracker.Inner.inner_attr",
    "app.services.flow_tracker.Tracker.Inner.nope",
    "app.services.flow_tracker.Engine",  # only under TYPE_CHECKING
    "app.services.flow_tracker.LATE_VALUE",  # only assigned by a function
    "app.services.flow_tracker.ALIAS.track",
    "app.services.flow_tracker.ALIAS.nope",
    "app.services.flow_tracker.nope.deeper",
    "app.services.flow_tracker.Sub.registered",
    "app.services.flow_tracker.Sub.nope",  # __init_subclass__ may add names: silent
    "app.core.database.engine",
    "app.core.database.engine.dispose",  # None placeholder
    "app.Exported",
    "app.Exported.value",
    "app.Exported.nope",
    "app.public_a",  # star import honouring __all__
    "app.public_b",
    "app.visible",  # star import without __all__
    "app._hidden",
    "app.json",
    "app.imported_sub",  # submodule the package imports
    "app.not_imported_sub",  # submodule nobody imported
    "app.not_imported_sub.thing",
    "app.conflict.helper",  # package binds a function named like the submodule
    "app.globals_mod.made",
    "app.globals_mod.unmade",
    "app.ext_star.sqrt",
    "app.ext_star.nope",
    "app.nested.deep.leaf.leaf_value",
    "app.nested.deep.leaf_value",
    "app.nested.deep.nope",
    "app.nested.deap.leaf.other",  # missing module under a project package
    "app.base.Slotted.slot_a",
    "app.base.WithMeta.meta_attr",
    "app.base.WithMeta.nope",
    "app.base.Decorated.added",
    "app.base.Decorated.nope",
    "app.base.open",  # a builtin name: mock creates it, monkeypatch does not
    "srcpkg.Service.run",
    "srcpkg.core.Service.nope",
    "srcpkg.Servic",
    "nspkg.mod.value",
    "nspkg.mod.nope",
    "nspkg.missing.value",
    "os.path.expandvars",
    "os.path.nope",
    "os.nope",  # os star-imports a compiled module: silent
    f"{EXTENSION}.nope",
    "missingtop.thing",
    "_pytest.pathlib.fnmatch_ex",
    "_pytest.pathlib.fnmatch_exx",
    # PEP 562 lazy packages: what a module-level __getattr__ dispatching on literal tables gives
    "app.lazy.llm",  # a lazy submodule, cached in globals()
    "app.lazy.llm.Model.size",
    "app.lazy.llm.Model.nope",
    "app.lazy.tools.search",
    "app.lazy.tools.nope",
    "app.lazy.Client",  # a lazy export (not cached: delattr fails)
    "app.lazy.Client.send",
    "app.lazy.Client.nope",
    "app.lazy.Helper",
    "app.lazy.Stale",  # the table names an attribute its module lacks
    "app.lazy.ghost",  # the table names a submodule that does not exist
    "app.lazy.External",  # the table names a module outside the project that is not installed
    "app.lazy.ghost.thing",
    "app.lazy.lm",  # a name the table does not have
    "app.lazy.lm.thing",
    "app.lazy_any.deep",  # __getattr__ imports any name as a module of app.nested
    "app.lazy_any.deep.leaf_value",
    "app.lazy_any.shallow",
    "app.keyed.Exported.value",  # a KeyError from the table, turned into AttributeError
    "app.keyed.Exported.nope",
    "app.keyed.core",
    "app.keyed.Nope",
    "app.opaque_lazy.made",  # a __getattr__ the plugin cannot read
    "app.opaque_lazy.unmade",
    "app.dynamic_mod.dyn_x",
    "app.dynamic_mod.other",
    # TYPE_CHECKING, under any import form of the name
    "app.tc_mod.resources",
    "app.tc_mod.resources.files",  # None at import time, assigned by load()
    "app.tc_mod.json",
    "app.tc_mod.os",
    "app.tc_mod.sys",
    "app.tc_mod.re",
    "app.tc_mod.csv",
    # pytest's pythonpath ini option
    "sharedpkg.thing",
    "sharedpkg.nope",
)

#: (import statement, object expression, attribute) for the object forms.
OBJECT_TARGETS: tuple[tuple[str, str, str], ...] = (
    ("from app.services import flow_tracker", "flow_tracker", "AsyncSessionLocal"),
    ("from app.services import flow_tracker", "flow_tracker", "track"),
    ("from app.services.flow_tracker import Tracker", "Tracker", "nope"),
    ("from app.services.flow_tracker import Tracker", "Tracker", "base_method"),
    ("from app.services.flow_tracker import Tracker", "Tracker", "tracked"),
    ("import app", "app", "not_imported_sub"),
    ("from app import nested", "nested", "deep"),
    ("import app.core.database as db", "db", "engine"),
    ("import app.core.database as db", "db", "engin"),
    ("import os", "os.path", "expandvars"),
    ("import os", "os.path", "nope"),
    ("from app.base import WithMeta", "WithMeta", "nope"),
    ("import app.lazy", "app.lazy", "Client"),
    ("import app.lazy", "app.lazy", "llm"),
    ("import app.lazy", "app.lazy", "lm"),
)

DICT_TARGETS: tuple[str, ...] = (
    "app.core.database.CONFIG",
    "app.core.database.CONFG",
    "app.nested.deep.lef.x",
)
MULTIPLE_TARGETS: tuple[tuple[str, str], ...] = (
    ("app.core.database", "AsyncSessionLocal"),
    ("app.core.database", "nope"),
    ("app.services.flow_tracker", "AsyncSessionLocal"),
    ("app.base", "open"),
    ("app.lazy", "Client"),
    ("app.lazy", "lm"),
)

#: Targets that fail at run time and that ALP004 leaves alone by design (SPEC, "Never a finding").
SILENT_BY_DESIGN: dict[str, str] = {
    "app.services.flow_tracker.Sub.nope": "a base's __init_subclass__ may add names",
    "app.conflict.helper": "the runtimes disagree on a name that is also a submodule",
    "app.opaque_lazy.unmade": "a module-level __getattr__ the plugin cannot read",
    "app.lazy.External": "a lazy table entry in a module outside the project (an optional dependency?)",
    "app.globals_mod.unmade": "writes globals()",
    "app.ext_star.nope": "star import from a C extension",
    "app.base.WithMeta.nope": "a metaclass may add names",
    "app.base.Decorated.nope": "a class decorator may add names",
    "os.nope": "star import from a C extension",
    f"{EXTENSION}.nope": "a C extension",
    "missingtop.thing": "a module that cannot be found",
    "WithMeta.nope#object": "a metaclass may add names",
    "app.opaque_lazy.made": "a module __getattr__ the plugin cannot read (delattr cannot delete its name)",
    "app.base.WithMeta.meta_attr": "a metaclass may add names (delattr cannot delete the metaclass's)",
    "non-literal": "a target that is not a literal string",
}


class Case(NamedTuple):
    name: str
    target: str
    line: int


def _write_project(root: Path) -> None:
    for relative, text in PROJECT.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


class _TestFile:
    """Builds one generated test module and remembers on which line each case's patch call is."""

    def __init__(self, header: str) -> None:
        self.lines = header.strip("\n").splitlines() + [""]
        self.cases: list[Case] = []

    def add(self, name: str, target: str, body: list[str], decorator: str | None = None) -> None:
        self.lines += ["", ""]
        if decorator is not None:
            self.cases.append(Case(name, target, len(self.lines) + 1))
            self.lines.append(decorator)
        signature = body.pop(0)
        self.lines.append(signature)
        for statement in body:
            if statement.startswith("!"):
                self.cases.append(Case(name, target, len(self.lines) + 1))
                statement = statement[1:]
            self.lines.append("    " + statement)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _string_forms() -> dict[str, _TestFile]:
    files = {
        "test_um_start.py": _TestFile("from unittest.mock import patch"),
        "test_um_decorator.py": _TestFile("from unittest import mock"),
        "test_backport_with.py": _TestFile("import mock"),
        "test_mocker.py": _TestFile(""),
        "test_mp_setattr.py": _TestFile(""),
        "test_mp_delattr.py": _TestFile(""),
    }
    for index, target in enumerate(STRING_TARGETS):
        t = repr(target)
        files["test_um_start.py"].add(
            f"test_um_start_{index}", target,
            [f"def test_um_start_{index}():", f"!patcher = patch({t})", "patcher.start()", "patcher.stop()"],
        )
        files["test_um_decorator.py"].add(
            f"test_um_decorator_{index}", target, [f"def test_um_decorator_{index}(patched):", "pass"],
            decorator=f"@mock.patch({t})",
        )
        files["test_backport_with.py"].add(
            f"test_backport_with_{index}", target,
            [f"def test_backport_with_{index}():", f"!with mock.patch({t}):", "    pass"],
        )
        files["test_mocker.py"].add(
            f"test_mocker_{index}", target, [f"def test_mocker_{index}(mocker):", f"!mocker.patch({t})"],
        )
        files["test_mp_setattr.py"].add(
            f"test_mp_setattr_{index}", target,
            [f"def test_mp_setattr_{index}(monkeypatch):", f"!monkeypatch.setattr({t}, None)"],
        )
        files["test_mp_delattr.py"].add(
            f"test_mp_delattr_{index}", target,
            [f"def test_mp_delattr_{index}(monkeypatch):", f"!monkeypatch.delattr({t})"],
        )
    return files


def _other_forms() -> dict[str, _TestFile]:
    objects = _TestFile("from unittest.mock import patch")
    for index, (statement, obj, attribute) in enumerate(OBJECT_TARGETS):
        target = f"{obj}.{attribute}#object"
        a = repr(attribute)
        objects.add(f"test_object_{index}", target, [
            f"def test_object_{index}():", statement, f"!patch.object({obj}, {a}).start()", "patch.stopall()",
        ])
        objects.add(f"test_mocker_object_{index}", target, [
            f"def test_mocker_object_{index}(mocker):", statement, f"!mocker.patch.object({obj}, {a})",
        ])
        objects.add(f"test_mp_object_{index}", target, [
            f"def test_mp_object_{index}(monkeypatch):", statement, f"!monkeypatch.setattr({obj}, {a}, None)",
        ])
        objects.add(f"test_mp_delobject_{index}", target, [
            f"def test_mp_delobject_{index}(monkeypatch):", statement, f"!monkeypatch.delattr({obj}, {a})",
        ])
    dicts = _TestFile("from unittest.mock import DEFAULT, patch")
    for index, target in enumerate(DICT_TARGETS):
        dicts.add(f"test_dict_{index}", target, [
            f"def test_dict_{index}():", f"!with patch.dict({target!r}, {{'b': 2}}):", "    pass",
        ])
        dicts.add(f"test_mocker_dict_{index}", target, [
            f"def test_mocker_dict_{index}(mocker):", f"!mocker.patch.dict({target!r}, {{'b': 2}})",
        ])
    for index, (owner, attribute) in enumerate(MULTIPLE_TARGETS):
        target = f"{owner}.{attribute}"
        dicts.add(f"test_multiple_{index}", target, [
            f"def test_multiple_{index}():",
            f"!with patch.multiple({owner!r}, {attribute}=DEFAULT):",
            "    pass",
        ])
        dicts.add(f"test_mocker_multiple_{index}", target, [
            f"def test_mocker_multiple_{index}(mocker):",
            f"!mocker.patch.multiple({owner!r}, {attribute}=DEFAULT)",
        ])
    return {"test_objects.py": objects, "test_dicts.py": dicts}


def _silenced_forms() -> _TestFile:
    """Escapes the SPEC lists: create=True, raising=False, non-literal targets; and a mock patch nothing
    starts (its result dropped). Each passes or is silent."""
    stale = "app.services.flow_tracker.trak"
    silenced = _TestFile("from unittest.mock import patch")
    silenced.add("test_create", stale, ["def test_create():", f"!patch({stale!r}, create=True).start()",
                                        "patch.stopall()"])
    silenced.add("test_mocker_create", stale, ["def test_mocker_create(mocker):",
                                               f"!mocker.patch({stale!r}, create=True)"])
    silenced.add("test_raising", stale, ["def test_raising(monkeypatch):",
                                         f"!monkeypatch.setattr({stale!r}, 1, raising=False)"])
    silenced.add("test_del_raising", stale, ["def test_del_raising(monkeypatch):",
                                             f"!monkeypatch.delattr({stale!r}, raising=False)"])
    silenced.add("test_never_started", stale, ["def test_never_started():", f"!patch({stale!r})"])
    silenced.add("test_never_started_multiple", stale, [
        "def test_never_started_multiple():", f"!patch.multiple({stale.rpartition('.')[0]!r}, trak=1)",
    ])
    silenced.add("test_non_literal", "non-literal", [
        "def test_non_literal():", f"target = {stale!r}", "!patch(target).start()", "patch.stopall()",
    ])
    return silenced


def _failed_tests(report: Path) -> tuple[set[str], set[str]]:
    tree = ElementTree.parse(report)
    passed, failed = set(), set()
    for case in tree.iter("testcase"):
        name = case.get("name", "")
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(name)
        elif case.find("skipped") is None:
            passed.add(name)
    return passed, failed


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    spec = importlib.util.find_spec(EXTENSION)
    assert spec is not None and spec.origin and not spec.origin.endswith(".py"), "need a compiled module"
    root = tmp_path_factory.mktemp("oracle")
    _write_project(root)
    files = {**_string_forms(), **_other_forms(), "test_silenced.py": _silenced_forms()}
    for name, test_file in files.items():
        (root / "tests" / name).write_text(test_file.text())
    report = root / "report.xml"
    from .harness import ORACLE_ARGS, run_pytest  # the same environment flake8 runs in

    run = run_pytest([*ORACLE_ARGS, f"--junitxml={report}", "tests"], cwd=root)
    passed, failed = _failed_tests(report)
    cases = [case for test_file in files.values() for case in test_file.cases]
    assert len(passed) + len(failed) == len(cases), run.stdout[-3000:]
    lint = run_flake8(["--select", "ALP004", "tests"], cwd=root)
    assert "Traceback" not in lint.stderr and "internal error" not in lint.stderr, lint.stderr
    flagged = {(Path(hit.path).name, hit.row) for hit in lint.hits()}
    return {"files": files, "failed": failed, "flagged": flagged, "lint": lint}


def _outcome(oracle: dict[str, object]) -> list[tuple[str, Case, bool, bool]]:
    files = oracle["files"]
    failed = oracle["failed"]
    flagged = oracle["flagged"]
    assert isinstance(files, dict) and isinstance(failed, set) and isinstance(flagged, set)
    rows = []
    for file_name, test_file in files.items():
        for case in test_file.cases:
            rows.append((file_name, case, case.name in failed, (file_name, case.line) in flagged))
    return rows


def test_plugin_flags_exactly_the_targets_that_fail(oracle: dict[str, object]) -> None:
    wrong = []
    for file_name, case, raised, reported in _outcome(oracle):
        if case.target in SILENT_BY_DESIGN:
            continue
        if raised != reported:
            wrong.append(f"{file_name}:{case.line} {case.name} {case.target}: {raised=}, {reported=}")
    lint = oracle["lint"]
    assert not wrong, "\n".join(wrong) + ("\n" + getattr(lint, "stdout", "") if len(wrong) < 5 else "")


def test_every_form_has_targets_that_fail_and_targets_that_pass(oracle: dict[str, object]) -> None:
    by_file: dict[str, set[bool]] = {}
    for file_name, _case, raised, _reported in _outcome(oracle):
        by_file.setdefault(file_name, set()).add(raised)
    for file_name, outcomes in by_file.items():
        if file_name != "test_silenced.py":
            assert outcomes == {True, False}, file_name


def test_documented_silences_really_fail_and_stay_unflagged(oracle: dict[str, object]) -> None:
    seen_failing = set()
    for _file_name, case, raised, reported in _outcome(oracle):
        if case.target in SILENT_BY_DESIGN:
            assert not reported, case
            if raised:
                seen_failing.add(case.target)
    assert set(SILENT_BY_DESIGN) <= seen_failing, set(SILENT_BY_DESIGN) - seen_failing


def test_escapes_pass_at_run_time_and_stay_unflagged(oracle: dict[str, object]) -> None:
    rows = [row for row in _outcome(oracle) if row[0] == "test_silenced.py"]
    assert len(rows) == 7
    for _file_name, case, raised, reported in rows:
        assert not reported, case
        assert raised == (case.target == "non-literal"), case
