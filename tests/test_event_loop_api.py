"""ALP003's asyncio part, in process: which message a call gets, and where test-code advice applies."""

from __future__ import annotations

import ast
import os
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.findings import Finding
from flake8_asyncloop.rules.base import FileContext
from flake8_asyncloop.rules.event_loop_api import (
    _FACTORIES,
    GET_EVENT_LOOP,
    POLICY_API,
    EventLoopApiRule,
    is_test_code,
)
from flake8_asyncloop.options import Settings
from flake8_asyncloop.walker import TreeWalker

NEWEST = Settings(pytest_asyncio_version=(1, 5, 0))


def findings(source: str, filename: str = "app/mod.py", settings: Settings = NEWEST) -> list[Finding]:
    """ALP003 findings of the asyncio rule alone for ``source`` checked as ``filename``."""
    source = textwrap.dedent(source)
    context = FileContext(filename, source.splitlines(True), ast.parse(source), settings)
    rule = EventLoopApiRule(context)
    TreeWalker(context, [rule]).walk()
    return rule.findings


def only_text(source: str, **kwargs: object) -> str:
    found = findings(source, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0].text


def test_in_a_coroutine_it_works_and_is_not_called_deprecated() -> None:
    text = only_text("import asyncio\nasync def f():\n    asyncio.get_event_loop()\n")
    assert "works in a coroutine" in text and "asyncio.get_running_loop()" in text
    assert "deprecat" not in text and "3.14" not in text


def test_outside_a_coroutine_it_is_deprecated_with_the_314_error() -> None:
    text = only_text("import asyncio\ndef f():\n    asyncio.get_event_loop()\n")
    assert "deprecated" in text and "RuntimeError on Python 3.14" in text and "asyncio.run()" in text


def test_an_ignored_warning_is_told_what_still_breaks() -> None:
    text = only_text(
        """
        import asyncio, warnings
        def f():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                asyncio.get_event_loop()
        """
    )
    assert "DeprecationWarning ignored still raises RuntimeError on Python 3.14" in text
    assert "catch RuntimeError" in text


def test_a_coroutine_with_the_warning_ignored_gets_the_coroutine_advice() -> None:
    text = only_text(
        """
        import asyncio, warnings
        async def f():
            with warnings.catch_warnings(action="ignore"):
                asyncio.get_event_loop()
        """
    )
    assert "works in a coroutine" in text


@pytest.mark.parametrize(
    "message",
    ["There is no current event loop", "There is no current", "there is NO current event loop",
     ".*event loop", ""],
)
def test_filter_messages_are_regexes_matched_at_the_start_ignoring_case(message: str) -> None:
    source = f"""
        import asyncio, warnings
        def f():
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", {message!r})
                asyncio.get_event_loop()
        """
    assert "DeprecationWarning ignored" in only_text(source)


@pytest.mark.parametrize(
    "arguments",
    ['"ignore", "event loop"', '"ignore", "[unclosed"', '"ignore", category=UserWarning',
     '"ignore", module="gql"', '"default"', "*args", '"ignore", message=pattern'],
)
def test_filters_that_do_not_cover_the_warning(arguments: str) -> None:
    source = f"""
        import asyncio, warnings
        def f(args, pattern):
            with warnings.catch_warnings():
                warnings.filterwarnings({arguments})
                asyncio.get_event_loop()
        """
    assert "outside a coroutine is deprecated" in only_text(source)


def test_policy_call_gives_one_finding_with_the_factory_of_its_argument() -> None:
    source = "import asyncio\nasyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())\n"
    found = findings(source)
    assert [(f.line, f.col) for f in found] == [(2, 0)]
    assert found[0].text.startswith("asyncio.set_event_loop_policy is event-loop policy API")
    assert "loop_factory=asyncio.SelectorEventLoop to asyncio.run() or asyncio.Runner" in found[0].text
    assert "pytest_asyncio_loop_factories" not in found[0].text


def test_uvloop_policy_argument_advises_uvloop_factory() -> None:
    text = only_text("import asyncio, uvloop\nasyncio.set_event_loop_policy(uvloop.EventLoopPolicy())\n")
    assert "loop_factory=uvloop.new_event_loop" in text


def test_submodule_names_are_reported_by_their_public_name() -> None:
    text = only_text("import asyncio.windows_events as w\nw.WindowsProactorEventLoopPolicy()\n")
    assert text.startswith("asyncio.WindowsProactorEventLoopPolicy is")
    assert "loop_factory=asyncio.ProactorEventLoop" in text


@pytest.mark.parametrize("filename", ["tests/conftest.py", "conftest.py", "pkg/test_loops.py",
                                      "loops_test.py", "tests/helpers/loops.py", "testing/util.py"])
def test_test_code_gets_the_hook_on_pytest_asyncio_14(filename: str) -> None:
    source = "import asyncio\nasyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())\n"
    text = only_text(source, filename=filename, settings=Settings(pytest_asyncio_version=(1, 4, 0)))
    assert "in tests return asyncio.SelectorEventLoop from a pytest_asyncio_loop_factories hook" in text
    assert "asyncio.run()" not in text
    older = only_text(source, filename=filename, settings=Settings(pytest_asyncio_version=(1, 3, 0)))
    assert "pytest_asyncio" not in older and "loop_factory=asyncio.SelectorEventLoop" in older


@pytest.mark.parametrize("filename", ["app/loops.py", "src/pkg/testament.py", "contest.py", "attest/mod.py"])
def test_library_code_never_hears_of_the_hook(filename: str) -> None:
    assert not is_test_code(filename)
    text = only_text("import asyncio\nclass P(asyncio.AbstractEventLoopPolicy): pass\n", filename=filename)
    assert "pytest" not in text and "a loop_factory to asyncio.run()" in text


@pytest.mark.parametrize("filename", ["app/mod.py", "tests/test_mod.py"])
def test_reading_the_policy_is_told_where_the_loop_comes_from_instead(filename: str) -> None:
    """anyio's tests read the policy to learn the loop class; PTB's ask it for a new loop."""
    text = only_text("import asyncio\nasyncio.get_event_loop_policy().new_event_loop()\n", filename=filename)
    assert text.startswith("asyncio.get_event_loop_policy() is event-loop policy API")
    assert "asyncio.get_running_loop()" in text and "asyncio.new_event_loop()" in text
    assert "loop_factor" not in text


def test_test_folders_above_the_working_folder_do_not_count(tmp_path: Path) -> None:
    project = tmp_path / "tests" / "checkout"
    (project / "pkg").mkdir(parents=True)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert not is_test_code(str(project / "pkg" / "mod.py"))
        assert is_test_code(str(project / "pkg" / "test_mod.py"))
    finally:
        os.chdir(cwd)


def test_every_message_fits_in_200_characters() -> None:
    """The longest names and factories, in every template, as the rule fills them."""
    longest_name = max((f"asyncio.{name.rsplit('.', 1)[1]}" for name in POLICY_API), key=len)
    longest_factory = max(_FACTORIES.values(), key=len)
    factories = {"policy": (f"loop_factory={longest_factory}", "a loop_factory"),
                 "policy-in-tests": (longest_factory, "your loop factory")}
    api_keys = ("in-coroutine", "outside-coroutine", "warning-ignored", "policy", "policy-read",
                "policy-in-tests")
    for key in api_keys:
        template = EventLoopApiRule.info.messages[key]
        name = longest_name if key.startswith("policy") else max(GET_EVENT_LOOP, key=len)
        for factory in factories.get(key, ("",)):
            text = template.format(name=name, factory=factory)
            assert len(text) <= 200, (key, len(text))
