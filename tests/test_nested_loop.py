"""ALP008 in process: which calls start a loop inside a running one, and what keeps it silent."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.options import Settings
from flake8_asyncloop.rules.base import FileContext
from flake8_asyncloop.rules.nested_loop import NestedLoopRule
from flake8_asyncloop.walker import TreeWalker

from .in_process import lint


@pytest.fixture(autouse=True)
def _outside_any_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative file names must not land in this repository, whose test extras declare nest_asyncio."""
    monkeypatch.chdir(tmp_path)


def keys(source: str, filename: str = "app/mod.py") -> list[tuple[int, str]]:
    """(line, message key) of each ALP008 finding for ``source``."""
    CACHES.reset()
    source = textwrap.dedent(source)
    context = FileContext(filename, source.splitlines(True), ast.parse(source), Settings())
    if not NestedLoopRule.applies_to(context):
        return []
    rule = NestedLoopRule(context)
    TreeWalker(context, [rule]).walk()
    return [(finding.line, _key(finding.text)) for finding in rule.findings]


def _key(text: str) -> str:
    if "cannot be called from a running event loop" in text:
        return "asyncio-run"
    return "runner" if "a Runner cannot" in text else "loop-method"


@pytest.mark.parametrize(("body", "key"), [
    ("asyncio.run(main())", "asyncio-run"),
    ("asyncio.runners.run(main())", "asyncio-run"),
    ("asyncio.Runner().run(main())", "runner"),
    ("asyncio.get_running_loop().run_until_complete(main())", "loop-method"),
    ("asyncio.new_event_loop().run_forever()", "loop-method"),
    ("asyncio.get_event_loop_policy().new_event_loop().run_until_complete(main())", "loop-method"),
])
def test_each_form_in_a_coroutine(body: str, key: str) -> None:
    found = keys(f"import asyncio\nasync def main(): ...\nasync def f():\n    {body}\n")
    assert found == [(4, key)]


def test_import_forms_and_aliases() -> None:
    source = """\
        from asyncio import run as go, Runner, new_event_loop as nel
        import asyncio as aio
        async def f():
            go(g())
            Runner().run(g())
            nel().run_until_complete(g())
            aio.run(g())
        """
    assert [line for line, _ in keys(source)] == [4, 5, 6, 7]


def test_names_bound_to_loops_and_runners() -> None:
    source = """\
        import asyncio
        MODULE_LOOP = asyncio.new_event_loop()
        async def f():
            loop = asyncio.get_running_loop()
            loop.run_until_complete(g())
            MODULE_LOOP.run_forever()
            with asyncio.Runner() as runner:
                runner.run(g())
            r = asyncio.Runner()
            r.run(g())
        """
    assert [line for line, _ in keys(source)] == [5, 6, 8, 10]


def test_parameters_and_attributes_named_like_loops() -> None:
    source = """\
        import asyncio
        async def test_x(event_loop, loop, main_loop, other):
            event_loop.run_until_complete(g())
            loop.run_until_complete(g())
            main_loop.run_forever()
            other.run_until_complete(g())
        class S:
            async def stop(self):
                self._loop.run_until_complete(g())
                self.pool.run_until_complete(g())
        """
    assert [line for line, _ in keys(source)] == [3, 4, 5, 9]


def test_names_bound_to_something_else_are_not_loops() -> None:
    source = """\
        import asyncio
        from unittest import mock
        async def f():
            loop = mock.MagicMock()
            loop.run_until_complete(g())
            runner = make_runner()
            runner.run(g())
            app.run()
        """
    assert keys(source) == []


def test_not_directly_in_the_coroutine() -> None:
    source = """\
        import asyncio, functools
        def sync():
            asyncio.run(g())
        async def f():
            def inner():
                return asyncio.run(g())
            await asyncio.to_thread(lambda: asyncio.run(g()))
            await asyncio.to_thread(asyncio.run, g())
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, functools.partial(asyncio.run, g()))
            class Nested:
                def method(self):
                    asyncio.run(g())
        """
    assert keys(source) == []


TRY = (
    "import asyncio\nasync def f():\n    try:\n        asyncio.run(g())\n"
    "    except {handler}:\n        pass\n"
)


@pytest.mark.parametrize(
    "handler", ["RuntimeError", "Exception", "(ValueError, RuntimeError)", "", "builtins.RuntimeError"]
)
def test_a_handled_runtime_error_is_silent(handler: str) -> None:
    source = TRY.format(handler=handler)
    assert keys(source) == []


def test_an_unrelated_handler_still_fires() -> None:
    source = TRY.format(handler="ValueError")
    assert keys(source) == [(4, "asyncio-run")]


def test_an_is_running_check_keeps_the_function_silent() -> None:
    source = """\
        import asyncio
        async def f():
            loop = asyncio.get_event_loop()
            if loop.is_running():
                return await g()
            return loop.run_until_complete(g())
        """
    assert keys(source) == []


def test_nest_asyncio_in_the_module_silences_all_but_the_runner() -> None:
    source = """\
        import asyncio
        import nest_asyncio
        nest_asyncio.apply()
        async def f():
            asyncio.run(g())
            asyncio.get_running_loop().run_until_complete(g())
            asyncio.Runner().run(g())
        """
    assert keys(source) == [(7, "runner")]


def test_trio_modules_have_no_asyncio_loop_running() -> None:
    assert keys("import trio\nimport asyncio\nasync def f():\n    asyncio.run(g())\n") == []


def test_nest_asyncio_in_a_conftest_above_or_declared(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    (tmp_path / "tests" / "conftest.py").write_text("import nest_asyncio\nnest_asyncio.apply()\n")
    test = tmp_path / "tests" / "unit" / "test_x.py"
    source = "import asyncio\nasync def test_x():\n    asyncio.run(g())\n"
    test.write_text(source)
    assert keys(source, str(test)) == []
    (tmp_path / "tests" / "conftest.py").write_text("\n")
    assert keys(source, str(test)) == [(3, "asyncio-run")]
    (tmp_path / "requirements-dev.txt").write_text("nest-asyncio==1.6.0\n")
    assert keys(source, str(test)) == []


def test_noqa_and_select_work(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(
        "import asyncio\nasync def f():\n    asyncio.run(g())\n    asyncio.run(g())  # noqa: ALP008\n"
    )
    selected = lint(["--select", "ALP008", "mod.py"], tmp_path)
    assert [line.split(":")[1] for line in selected.stdout.splitlines()] == ["3"]
    assert lint(["--select", "ALP006", "mod.py"], tmp_path).stdout == ""
    ignored = lint(["--extend-ignore", "ALP008", "mod.py"], tmp_path)
    assert ignored.stdout and "ALP" not in ignored.stdout  # pycodestyle and pyflakes still report


def test_unittest_test_methods_whose_coroutine_is_dropped() -> None:
    source = """\
    import asyncio
    import unittest
    from unittest import *
    from base import Imported


    class Base(unittest.TestCase):
        pass


    class Left(Base):
        pass


    class Right(Base):
        pass


    class Diamond(Left, Right):
        async def test_dropped(self):
            asyncio.run(main())

        async def helper(self):
            asyncio.run(main())


    class Isolated(Left, unittest.IsolatedAsyncioTestCase):
        async def test_awaited(self):
            asyncio.run(main())


    class Plain(object):
        async def test_awaited(self):
            asyncio.run(main())


    class Star(TestCase):
        async def test_unknown(self):
            asyncio.run(main())


    class Meta(Base, metaclass=type):
        async def test_unknown(self):
            asyncio.run(main())


    class FromElsewhere(Imported):
        async def test_unknown(self):
            asyncio.run(main())
    """
    # Diamond's helper is not called by unittest: whoever calls it runs it inside a loop.
    assert keys(source) == [(24, "asyncio-run"), (29, "asyncio-run"), (34, "asyncio-run")]
