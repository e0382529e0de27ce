"""Fuzzing: generated and hostile programs go through the checker, which must never raise.

The checker class is driven directly, as flake8 drives it (tree, filename, lines),
under the file names that switch rules on: a plain module, a test module and a
conftest.  It must neither raise nor write an internal error on stderr.

The suite draws a share of the generated examples (the syntax-tree ones cost ~0.6 s each to make);
``ASYNCLOOP_FUZZ=full python -m pytest tests/test_fuzz.py`` draws the full budget.
"""

from __future__ import annotations

import ast
import os
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies

from flake8_asyncloop.checker import AsyncLoopChecker

NAMES = ("module.py", "test_generated.py", "conftest.py")
#: Examples per generated-program test: (the suite's share, the full budget).
_FULL = os.environ.get("ASYNCLOOP_FUZZ") == "full"
GRAMMAR_EXAMPLES = 60 if _FULL else 30
TREE_EXAMPLES = 20 if _FULL else 8


def check_source(source: str, filename: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Run the checker over ``source``; fail on an exception or an internal error report."""
    with warnings.catch_warnings():  # generated code like 1() is valid syntax that compile() warns about
        warnings.simplefilter("ignore", SyntaxWarning)
        tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for finding in AsyncLoopChecker(tree, filename, lines).run():
        line, col, text, _ = finding
        assert line >= 1 and col >= 0 and text.startswith("ALP"), finding
    err = capsys.readouterr().err
    assert "internal error" not in err, err


def _from_grammar() -> strategies.SearchStrategy[str]:
    """hypothesmith builds its Python grammar on import (~1 s): only the worker that fuzzes pays it."""
    import hypothesmith

    return hypothesmith.from_grammar()


def _from_node() -> strategies.SearchStrategy[str]:
    import hypothesmith

    return hypothesmith.from_node()


@settings(max_examples=GRAMMAR_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=strategies.deferred(_from_grammar))
def test_generated_programs_never_raise(source: str, tmp_path_factory: pytest.TempPathFactory,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in NAMES:
        check_source(source, str(folder / name), capsys)


@settings(max_examples=TREE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=strategies.deferred(_from_node))
def test_generated_syntax_trees_never_raise(source: str, tmp_path_factory: pytest.TempPathFactory,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in NAMES:
        check_source(source, str(folder / name), capsys)


HOSTILE = {
    "everything-shadowed": """
        import asyncio, pytest, pytest_asyncio, unittest.mock as mock
        asyncio = pytest = pytest_asyncio = mock = None
        @pytest.fixture
        async def f(): ...
        @mock.patch("")
        def test_x(): asyncio.get_event_loop()
    """,
    "odd-decorators-and-args": """
        import pytest, pytest_asyncio
        from unittest.mock import patch
        @pytest_asyncio.fixture(*[], **{}, scope=lambda n, c: "session", loop_scope=1)
        async def a(request, *args, b=2, **kw): yield
        @pytest_asyncio.fixture()()()
        async def b(): ...
        @pytest.mark.asyncio(loop_scope=None)
        @pytest.mark.asyncio(loop_scope="nonsense", scope="module")
        async def test_a(a, b, event_loop): ...
        @patch(f"{__name__}.x")
        @patch("." * 300)
        @patch("a" + ".b" * 200)
        @patch(target="os.path.nothere", new_callable=None)
        @patch.object(None, "")
        @patch.multiple("os", **{"": 1})
        @patch.dict({}, {})
        def test_b(*m): ...
    """,
    "pytestmark-shapes": """
        import pytest
        pytestmark = pytest.mark.asyncio
        pytestmark: list = [pytest.mark.asyncio(loop_scope="module"), *[], None]
        pytestmark += [1]
        class TestC:
            pytestmark = (pytest.mark.asyncio(loop_scope="class"),)
            @pytest.fixture(scope="class", name=None, autouse=...)
            async def f(self): ...
            async def test_a(self, f, /, g=1, *, h): ...
    """,
    "pytest-plugins-and-stars": """
        from . import *
        from .. import nothing
        from .fixtures.db import *
        pytest_plugins = ["tests.fixtures.missing", 1, None, f"x{1}"]
        pytest_plugins = "single"
        def __getattr__(name): ...
        globals()["x"] = 1
    """,
    "monkeypatch-forms": """
        def test_m(monkeypatch, mocker, class_mocker):
            monkeypatch.setattr("os", 1)
            monkeypatch.setattr("os.", 1)
            monkeypatch.setattr(".os", 1)
            monkeypatch.setattr("os.path.join")
            monkeypatch.delattr("os.nothere", raising=False)
            monkeypatch.setattr(mocker, "patch", None)
            mocker.patch("sys.modules.nothing.x")
            mocker.patch.object(mocker, "object")
            class_mocker.patch.dict("os.environ", {"A": "1"}, clear=True)
    """,
    "walrus-and-comprehensions": """
        import asyncio
        async def f():
            [(loop := asyncio.get_event_loop()) for _ in range(3)]
            return {k: (lambda: asyncio.get_event_loop_policy())() for k in (yield)}
        class K(metaclass=type, **{}):
            get_event_loop = asyncio.get_event_loop
            def __init_subclass__(cls, /, **kw): asyncio.set_event_loop_policy(None)
    """,
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_programs_never_raise(key: str, name: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = textwrap.dedent(HOSTILE[key])
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "__init__.py").write_text(source)
    check_source(source, str(tmp_path / name), capsys)
