"""ALP007 against the runtime: the plugin flags exactly the patches whose replacement breaks ``await``.

A generated project defines coroutine functions (module functions, methods, static and class
methods, inherited, re-exported), and, as controls, a sync function, an async generator and a
decorated ``async def``.  Each is used by a consumer the way its kind is used (awaited, called,
iterated with ``async for``).  Every replacement form is written against every target as one
pytest-asyncio test that patches it and runs the consumer; ONE real pytest run records which
fail with ``TypeError: object ... can't be used in 'await' expression``.  flake8 must flag exactly
those, apart from the silences the rule's page lists, which are asserted separately.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import NamedTuple

import pytest

from .harness import ORACLE_ARGS, run_flake8, run_pytest, write_files

PROJECT: dict[str, str] = {
    "pyproject.toml": """
        [tool.pytest.ini_options]
        asyncio_mode = "auto"
        asyncio_default_fixture_loop_scope = "function"
    """,
    "app/__init__.py": "",
    "app/svc.py": """
        def deco(function):
            return function


        async def fetch(x=1):
            return "real"


        def sync_fetch(x=1):
            return "real"


        async def agen():
            yield "real"


        @deco
        async def decorated(x=1):
            return "real"


        class Client:
            async def send(self, x=1):
                return "real"

            @staticmethod
            async def ssend(x=1):
                return "real"

            @classmethod
            async def csend(cls, x=1):
                return "real"


        class Sub(Client):
            pass


        async def dispatched(x=1):
            return "real"


        async def fired(x=1):
            return "real"
    """,
    "app/reexport.py": "from app.svc import fetch\n",
    "app/consumer.py": """
        import asyncio

        from app import reexport, svc


        async def use_fetch():
            return await svc.fetch()


        async def use_sync_fetch():
            return svc.sync_fetch()


        async def use_agen():
            return [item async for item in svc.agen()]


        async def use_decorated():
            return await svc.decorated()


        async def use_send():
            return await svc.Client().send()


        async def use_ssend():
            return await svc.Client.ssend()


        async def use_csend():
            return await svc.Client.csend()


        async def use_sub_send():
            return await svc.Sub().send()


        async def use_reexported():
            return await reexport.fetch()


        async def use_dispatched():
            handler = svc.dispatched
            if asyncio.iscoroutinefunction(handler):
                return await handler()
            return handler()


        async def use_fired():
            return use_fire()


        def use_fire():
            coroutine = svc.fired()
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            return "fired"
    """,
    "tests/conftest.py": """
        import asyncio
        from unittest.mock import patch

        import mock
        import pytest

        AWAIT_ERROR = "can't be used in 'await' expression"


        async def check(consume):
            \"\"\"Fails only for the error ALP007 announces; any other outcome passes.\"\"\"
            try:
                await consume()
            except TypeError as exc:
                if AWAIT_ERROR in str(exc):
                    raise
            except Exception:
                pass


        @pytest.fixture(autouse=True)
        def stop_patches():
            \"\"\"A failing test stops at its error: its patches are stopped here.\"\"\"
            yield
            patch.stopall()
            mock.patch.stopall()


        def awaitable():
            future = asyncio.get_running_loop().create_future()
            future.set_result("awaited")
            return future
    """,
}

#: (target, consumer in app.consumer, the expression the test reads the mock through).
TARGETS: tuple[tuple[str, str, str], ...] = (
    ("app.svc.fetch", "fetch", "svc.fetch"),
    ("app.svc.sync_fetch", "sync_fetch", "svc.sync_fetch"),
    ("app.svc.agen", "agen", "svc.agen"),
    ("app.svc.decorated", "decorated", "svc.decorated"),
    ("app.svc.Client.send", "send", "Client.send"),
    ("app.svc.Client.ssend", "ssend", "Client.ssend"),
    ("app.svc.Client.csend", "csend", "Client.csend"),
    ("app.svc.Sub.send", "sub_send", "Sub.send"),
    ("app.reexport.fetch", "reexported", "reexport.fetch"),
    ("app.svc.dispatched", "dispatched", "svc.dispatched"),
    ("app.svc.fired", "fired", "svc.fired"),
)

#: Replacement forms: statements with ``{t}`` (the target as a literal), ``{o}``/``{a}``/``{an}`` (object
#: and attribute), ``{c}`` (the consumer), ``{e}`` (the mock read through the module); the one marked
#: ``!`` is the patch call.  Unless a form runs it, the test then awaits the consumer and asserts the
#: mock was called (through ``{e}``).
FORMS: dict[str, list[str]] = {
    "new_magicmock": ["!patch({t}, new=MagicMock()).start()"],
    "positional_magicmock": ["!patch({t}, MagicMock()).start()"],
    "new_callable_magicmock": ["!patch({t}, new_callable=MagicMock).start()"],
    "new_callable_mock_literal": ["!patch({t}, new_callable=Mock, return_value=3).start()"],
    "literal_return": ["!patch({t}, new=MagicMock(return_value=None)).start()"],
    "mock_return": ["!patch({t}, new=Mock(return_value=MagicMock())).start()"],
    "local_name": ["fake = MagicMock()", "!patch({t}, fake).start()"],
    "local_name_called": [
        "fake = MagicMock()", "!patch({t}, fake).start()", "await check(consumer.use_{c})",
        "fake.assert_called_once()",
    ],
    "with_block": ["!with patch({t}, new=MagicMock()) as fake:", "    await check(consumer.use_{c})",
                   "    assert fake.called"],
    "returns_only": [
        "!with patch({t}, new=MagicMock(return_value={{'id': 1}})):", "    await check(consumer.use_{c})",
    ],
    "returns_later": [
        "!fake = mocker.patch({t}, new_callable=MagicMock)", "fake.return_value = 'data'",
        "await check(consumer.use_{c})",
    ],
    "call_count": [
        "!with patch({t}, new_callable=Mock) as fake:", "    await check(consumer.use_{c})",
        "    assert fake.call_count == 1",
    ],
    "object_form": ["!patch.object({o}, {a}, MagicMock()).start()"],
    "mocker": ["!mocker.patch({t}, new=mocker.MagicMock())"],
    "mocker_object": ["!mocker.patch.object({o}, {a}, new=Mock())"],
    "mocker_new_callable": ["!mocker.patch({t}, new_callable=mocker.MagicMock)"],
    "monkeypatch": ["!monkeypatch.setattr({t}, MagicMock())"],
    "monkeypatch_object": ["!monkeypatch.setattr({o}, {a}, MagicMock())"],
    "backport": ["!mock.patch({t}, new=mock.MagicMock()).start()"],
    "multiple": ["!patch.multiple({mo}, {an}=MagicMock()).start()"],
    "sync_test_runs_loop": ["!patch({t}, new=MagicMock()).start()", "asyncio.run(check(consumer.use_{c}))",
                            "{e}.assert_called()"],
    # Never a finding: each makes the call awaitable, or may.
    "ok_no_new": ["!patch({t}).start()"],
    "ok_asyncmock": ["!patch({t}, new=AsyncMock()).start()"],
    "ok_async_function": ["!patch({t}, new=fake_coroutine).start()"],
    "ok_spec": ["!patch({t}, new=MagicMock(spec=resolve_name({t}))).start()"],
    "ok_new_callable_spec": ["!patch({t}, new_callable=MagicMock, spec=resolve_name({t})).start()"],
    "ok_wraps": ["!patch({t}, new=MagicMock(wraps=resolve_name({t}))).start()"],
    "ok_side_effect": ["!patch({t}, new=MagicMock(side_effect=fake_coroutine)).start()"],
    "ok_awaitable_return": ["!patch({t}, new=MagicMock(return_value=awaitable())).start()"],
    "ok_configured_local": [
        "fake = MagicMock()", "fake.return_value = awaitable()", "!patch({t}, fake).start()",
    ],
    "ok_configured_result": [
        "!with patch({t}, new_callable=MagicMock) as fake:",
        "    fake.side_effect = fake_coroutine",
        "    await check(consumer.use_{c})",
        "    fake.assert_called()",
    ],
    "ok_configured_mocker": [
        "!fake = mocker.patch({t}, new=mocker.MagicMock())", "fake.return_value = awaitable()",
    ],
    "ok_configured_module": ["!patch({t}, new=MagicMock()).start()", "{e}.return_value = awaitable()"],
    "ok_autospec": ["!patch({t}, autospec=True).start()"],
    "ok_not_called": ["!patch({t}, new=MagicMock()).start()", "{e}.assert_not_called()"],
    # The test itself awaits the consumer, with the patch active: every error propagates.
    "reached_direct": ["!patch({t}, new=MagicMock()).start()", "await consumer.use_{c}()"],
    "reached_with": ["!with patch({t}, new=MagicMock()):", "    await consumer.use_{c}()"],
    "reached_mocker": [
        "!mocker.patch({t}, new_callable=mocker.MagicMock)", "result = await consumer.use_{c}()",
    ],
    "reached_monkeypatch": [
        "!monkeypatch.setattr({t}, Mock())", "assert await consumer.use_{c}() is not None",
    ],
    "ok_reached_raises": [
        "!patch({t}, new=MagicMock()).start()", "with pytest.raises(TypeError):",
        "    await consumer.use_{c}()",
    ],
    "ok_reached_after_patch_stops": [
        "!with patch({t}, new=MagicMock()):", "    pass", "await consumer.use_{c}()",
    ],
    # Silent by design: the test shows neither a call nor a use of the result.
    "unproven_conditional": [
        "!patch({t}, new=MagicMock()).start()", "if consumer:", "    await consumer.use_{c}()",
    ],
    "unproven_no_evidence": ["!patch({t}, new=MagicMock()).start()", "await check(consumer.use_{c})"],
    "unproven_mock_class": ["!patch({t}, new=Mock).start()", "await check(consumer.use_{c})"],
}

#: Forms written only for targets with an object form (``{o}``): the class or module and attribute.
OBJECT_FORMS = frozenset({"object_form", "mocker_object", "monkeypatch_object", "multiple"})

#: Replacements that break ``await`` and that ALP007 leaves alone by design (the rule's page).
SILENT_BY_DESIGN: dict[tuple[str, str], str] = {
    ("app.svc.decorated", "*"): "an async def under a decorator the plugin cannot read may return anything",
    ("*", "unproven_no_evidence"): "the test shows neither that the code calls the mock nor that it uses "
                                   "its result",
    ("*", "unproven_mock_class"): "the class itself replaces the target: the test cannot show it is called",
    ("*", "unproven_conditional"): "the test awaits the consumer only under a condition",
    **{
        (method, form): "the consumer reaches the method through an object or class, which is not followed"
        for method in (
            "app.svc.Client.send", "app.svc.Client.ssend", "app.svc.Client.csend", "app.svc.Sub.send",
        )
        for form in ("reached_direct", "reached_with", "reached_mocker", "reached_monkeypatch")
    },
}

HEADER = """
import asyncio
from pkgutil import resolve_name

import pytest
from unittest.mock import AsyncMock, MagicMock, Mock, patch

import mock

from app import consumer, reexport, svc
from app.svc import Client, Sub
from conftest import awaitable, check


async def fake_coroutine(*args, **kwargs):
    return "fake"
"""


class Case(NamedTuple):
    name: str
    form: str
    target: str
    line: int


def _object_parts(target: str) -> tuple[str, str, str]:
    """The object expression, the attribute and the owner's dotted name of a target."""
    owner, _, attribute = target.rpartition(".")
    last = owner.rpartition(".")[2]
    expression = last if last in ("Client", "Sub") else "svc" if owner == "app.svc" else ""
    return expression, attribute, owner


def _statements(form: str, statements: list[str]) -> list[str]:
    """The form's statements, then (unless it does it itself) the consumer's run and the evidence."""
    if any("check(" in s or "consumer.use_" in s for s in statements):
        return statements
    if form.startswith("ok_not_called"):
        return statements
    if form.startswith(("ok_", "unproven_")):
        return [*statements, "await check(consumer.use_{c})"]
    return [*statements, "await check(consumer.use_{c})", "{e}.assert_called()"]


def _test_file() -> tuple[str, list[Case]]:
    lines = HEADER.strip("\n").splitlines()
    cases: list[Case] = []
    for index, (target, consume, expression) in enumerate(TARGETS):
        obj, attribute, owner = _object_parts(target)
        for form, statements in FORMS.items():
            if form in OBJECT_FORMS and not obj:
                continue
            name = f"test_{form}_{index}"
            kind = "def" if form.startswith("sync_") else "async def"
            lines += ["", "", f"{kind} {name}(mocker, monkeypatch):"]
            for statement in _statements(form, statements):
                text = statement.format(
                    t=repr(target), o=obj, a=repr(attribute), an=attribute, c=consume, mo=repr(owner),
                    e=expression,
                )
                if text.startswith("!"):
                    cases.append(Case(name, form, target, len(lines) + 1))
                    text = text[1:]
                lines.append("    " + text)
    return "\n".join(lines) + "\n", cases


def _failures(report: Path) -> tuple[set[str], set[str]]:
    """Tests that failed with the error ALP007 announces, and the others (passed, or failed otherwise:
    a form that awaits the consumer itself lets every error through)."""
    passed, failed = set(), set()
    for case in ElementTree.parse(report).iter("testcase"):
        name = case.get("name", "")
        problems = [*case.iter("failure"), *case.iter("error")]
        text = " ".join(f"{p.get('message', '')} {p.text or ''}" for p in problems)
        (failed if "can't be used in 'await' expression" in text else passed).add(name)
    return passed, failed


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("sync_mocks")
    write_files(root, {name: textwrap.dedent(text).lstrip("\n") for name, text in PROJECT.items()})
    text, cases = _test_file()
    (root / "tests" / "test_sync_mocks.py").write_text(text)
    report = root / "report.xml"
    run = run_pytest([*ORACLE_ARGS, f"--junitxml={report}", "tests"], cwd=root)
    passed, failed = _failures(report)
    assert len(passed) + len(failed) == len(cases), run.stdout[-3000:]
    lint = run_flake8(["--select", "ALP007", "tests"], cwd=root)
    assert "Traceback" not in lint.stderr and "internal error" not in lint.stderr, lint.stderr
    flagged = {hit.row for hit in lint.hits()}
    return {"cases": cases, "failed": failed, "flagged": flagged, "stdout": lint.stdout}


def _silent_by_design(case: Case) -> bool:
    keys = ((case.target, case.form), (case.target, "*"), ("*", case.form))
    return any(key in SILENT_BY_DESIGN for key in keys)


def _rows(oracle: dict[str, object]) -> list[tuple[Case, bool, bool]]:
    cases, failed, flagged = oracle["cases"], oracle["failed"], oracle["flagged"]
    assert isinstance(cases, list) and isinstance(failed, set) and isinstance(flagged, set)
    return [(case, case.name in failed, case.line in flagged) for case in cases]


def test_plugin_flags_exactly_the_replacements_that_break_await(oracle: dict[str, object]) -> None:
    wrong = [
        f"{case.name} {case.form} {case.target}: {raised=} {reported=}"
        for case, raised, reported in _rows(oracle)
        if raised != reported and not _silent_by_design(case)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_fire_form_fails_on_a_coroutine_function_and_every_ok_form_passes(
    oracle: dict[str, object],
) -> None:
    outcomes: dict[str, set[bool]] = {}
    for case, raised, _reported in _rows(oracle):
        if case.target == "app.svc.fetch":
            outcomes.setdefault(case.form, set()).add(raised)
    for form, raised in outcomes.items():
        assert raised == {not form.startswith("ok_")}, form
    assert len(outcomes) == len(FORMS)


def test_documented_silences_really_fail_and_stay_unflagged(oracle: dict[str, object]) -> None:
    silent = [(case, raised, reported) for case, raised, reported in _rows(oracle) if _silent_by_design(case)]
    assert silent
    assert not any(reported for _case, _raised, reported in silent)
    assert any(raised for _case, raised, _reported in silent)
