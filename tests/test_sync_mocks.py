"""ALP007 in process: which replacements are synchronous mocks, what the test shows about them, and the
rule through flake8 (noqa, select, stdin, sharing ALP004's work)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.patching.file_patches import FilePatches
from flake8_asyncloop.patching.mock_usage import Usage, runs_coroutines, usage
from flake8_asyncloop.patching.module_reads import reads_of_tree
from flake8_asyncloop.patching.sync_mocks import SyncMock, sync_replacement
from flake8_asyncloop.rules.base import FileContext
from flake8_asyncloop.rules.sync_mock_for_async import SyncMockForAsyncRule
from flake8_asyncloop.settings import Settings
from flake8_asyncloop.walker import TreeWalker

from .harness import Hit, write_files
from .in_process import lint

HEADER = """\
from unittest import mock
from unittest.mock import AsyncMock, MagicMock, Mock, patch
"""


def replacements(body: str) -> list[tuple[SyncMock | None, Usage | None]]:
    """Each patch call of ``body`` (a test module): its sync mock, and how the test uses it."""
    source = HEADER + textwrap.dedent(body)
    tree = ast.parse(source)
    context = FileContext("tests/test_x.py", source.splitlines(True), tree, Settings())
    TreeWalker(context, [SyncMockForAsyncRule(context)]).walk()
    patches = context.shared(FilePatches)
    found: list[tuple[SyncMock | None, Usage | None]] = []
    for site in patches.sites():
        assert site.target.call is not None
        for attribute in site.target.attributes:
            mocker = lambda name: patches.is_mocker(name, site.enclosing)  # noqa: E731
            mock = sync_replacement(site, attribute, tree, mocker)
            used = usage(mock, attribute, site.target.call, tree) if mock is not None else None
            found.append((mock, used))
    return found


def only(body: str) -> tuple[SyncMock | None, Usage | None]:
    [found] = replacements(body)
    return found


@pytest.mark.parametrize(("call", "shown", "fix"), [
    ('patch("a.b.f", new=MagicMock())', "MagicMock()", "AsyncMock()"),
    ('patch("a.b.f", MagicMock())', "MagicMock()", "AsyncMock()"),
    ('patch("a.b.f", new=mock.Mock(name="x"))', "Mock(...)", "AsyncMock(...)"),
    ('patch("a.b.f", new=Mock)', "Mock", "AsyncMock()"),
    ('patch("a.b.f", new_callable=MagicMock)', "new_callable=MagicMock", "new_callable=AsyncMock"),
    ('patch("a.b.f", new_callable=mock.Mock, return_value=3)', "new_callable=Mock", "new_callable=AsyncMock"),
    ('patch.object(b, "f", MagicMock())', "MagicMock()", "AsyncMock()"),
    ('patch.multiple("a.b", f=MagicMock())', "MagicMock()", "AsyncMock()"),
    ('patch("a.b.f", new=MagicMock(return_value=MagicMock()))', "MagicMock(...)", "AsyncMock(...)"),
])
def test_synchronous_mocks(call: str, shown: str, fix: str) -> None:
    mock, _ = only(f"import a.b as b\n\n\ndef test():\n    {call}.start()\n")
    assert mock is not None and (mock.shown, mock.fix) == (shown, fix)


@pytest.mark.parametrize("call", [
    'patch("a.b.f")',
    'patch("a.b.f", new=AsyncMock())',
    'patch("a.b.f", new_callable=AsyncMock)',
    'patch("a.b.f", new=fake)',
    'patch("a.b.f", new=MagicMock(spec=f))',
    'patch("a.b.f", new=MagicMock(spec_set=f))',
    'patch("a.b.f", new=MagicMock(f))',
    'patch("a.b.f", new=MagicMock(wraps=f))',
    'patch("a.b.f", new=MagicMock(side_effect=f))',
    'patch("a.b.f", new=MagicMock(return_value=future()))',
    'patch("a.b.f", new=MagicMock(**options))',
    'patch("a.b.f", new_callable=MagicMock, spec=f)',
    'patch("a.b.f", new_callable=MagicMock, side_effect=f)',
    'patch("a.b.f", new_callable=MagicMock, **options)',
    'patch("a.b.f", autospec=True)',
    'patch("a.b.f", new=NonCallableMagicMock())',
    'patch.dict("a.b.D", {"k": MagicMock()})',
])
def test_replacements_that_never_break_await(call: str) -> None:
    found = replacements(f"def test():\n    {call}.start()\n")
    assert found or "**" in call or "patch.dict" in call  # those two name no attribute to replace
    assert all(mock is None for mock, _ in found)


def test_a_local_bound_once_is_followed_and_one_bound_twice_is_not() -> None:
    mock, _ = only("def test():\n    fake = MagicMock()\n    patch('a.b.f', fake).start()\n")
    assert mock is not None and "fake" in mock.names
    mock, _ = only("def test(x):\n    fake = MagicMock()\n    fake = x\n    patch('a.b.f', fake).start()\n")
    assert mock is None


def test_mocker_mocks_and_monkeypatch_values() -> None:
    body = """\
    def test(mocker, monkeypatch):
        mocker.patch("a.b.f", new=mocker.MagicMock())
        mocker.patch("a.b.f", new_callable=mocker.Mock)
        monkeypatch.setattr("a.b.f", MagicMock())
        monkeypatch.setattr(b, "f", value=Mock())
        monkeypatch.delattr("a.b.f")
        other.patch("a.b.f", new=other.MagicMock())
    """
    found = replacements("import a.b as b\n\n\n" + textwrap.dedent(body))
    shown = [mock.shown if mock else None for mock, _ in found]
    assert shown == ["MagicMock()", "new_callable=Mock", "MagicMock()", "Mock()", None]


@pytest.mark.parametrize(("evidence", "called", "returns", "configured"), [
    ("fake.assert_called_once_with(1)", True, False, False),
    ("fake.assert_any_call(1)", True, False, False),
    ("assert fake.called", True, False, False),
    ("assert not fake.called", False, False, False),
    ("assert fake.call_count == 2", True, False, False),
    ("assert fake.call_count == 0", False, False, False),
    ("fake.assert_not_called()", False, False, False),
    ("assert fake.call_args == ((1,), {})", True, False, False),
    ("fake.return_value = {'id': 1}", False, True, False),
    ("fake.return_value = make_future()", False, False, True),
    ("fake.side_effect = coroutine", False, False, True),
    ("fake.configure_mock(return_value=1)", False, False, True),
    ("fake.return_value.json.return_value = 1", False, False, True),
    ("keep(fake)", False, False, True),
    ("return fake", False, False, True),
    ("svc.f.assert_called()", True, False, False),
])
def test_what_the_test_shows(evidence: str, called: bool, returns: bool, configured: bool) -> None:
    head = "async def test():\n    with patch('a.svc.f', new=MagicMock()) as fake:\n"
    _, used = only(f"{head}        {evidence}\n")
    assert used is not None
    assert (used.called, used.returns, used.configured) == (called, returns, configured)


def test_a_decorators_mock_is_read_in_the_function_it_decorates() -> None:
    _, used = only("@patch('a.b.f', new_callable=MagicMock)\nasync def test(f):\n    f.assert_called()\n")
    assert used is not None and used.called and not used.configured
    mock, _ = only("@patch('a.b.f', new_callable=MagicMock)\nclass TestX:\n    pass\n")
    assert mock is None


def test_a_fixture_setting_the_result_up_counts_and_another_test_does_not() -> None:
    head = (
        "import pytest\n\n\nasync def test():\n    patch('a.b.f', new=MagicMock()).start()\n"
        "    b.f.assert_called()\n"
    )
    _, used = only(head + "\n\ndef test_other():\n    b.f.return_value = make_future()\n")
    assert used is not None and not used.configured
    _, used = only(head + "\n\n@pytest.fixture\ndef ready():\n    b.f.return_value = make_future()\n")
    assert used is not None and used.configured


@pytest.mark.parametrize(("source", "runs"), [
    ("async def test():\n    pass\n", True),
    ("def test():\n    asyncio.run(main())\n", True),
    ("def test(loop):\n    loop.run_until_complete(main())\n", True),
    ("def test():\n    main()\n", False),
])
def test_where_coroutines_run(source: str, runs: bool) -> None:
    assert runs_coroutines(ast.parse(source).body[0]) is runs


def test_call_sites_awaited_or_not() -> None:
    reads = reads_of_tree(ast.parse(textwrap.dedent("""\
        async def main(client):
            await client.fetch()
            await asyncio.wait_for(client.load(), 1)
            register(callback=client.hook)
            client.sync()
            client.fetch.assert_called()
    """)), "app.main", False)
    assert "fetch" in reads.awaited_calls and "fetch" not in reads.other_uses
    assert {"load", "hook", "sync"} <= reads.other_uses and "wait_for" in reads.awaited_calls


# -- through flake8 ---------------------------------------------------------------

PROJECT = {
    "pyproject.toml": "[tool.pytest.ini_options]\n",
    "app/__init__.py": "",
    "app/svc.py": "async def fetch():\n    return 1\n\n\nasync def use():\n    return await fetch()\n",
    "tests/test_svc.py": textwrap.dedent("""\
        from unittest.mock import MagicMock, patch

        from app import svc


        async def test_use():
            with patch("app.svc.fetch", new=MagicMock()) as fetch:
                await svc.use()
            fetch.assert_called_once()
    """),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path, PROJECT)
    return tmp_path


def test_select_noqa_and_stdin(project: Path) -> None:
    finding = Hit("tests/test_svc.py", 7, 10, "ALP007")
    assert lint(["--select", "ALP007", "tests"], cwd=project).hits() == {finding}
    assert lint(["tests"], cwd=project).hits() == {finding}  # on by default
    assert lint(["--select", "ALP004", "tests"], cwd=project).hits() == set()
    assert lint(["--extend-ignore", "ALP007", "tests"], cwd=project).hits() == set()
    text = PROJECT["tests/test_svc.py"]
    args = ["--select", "ALP007", "--stdin-display-name", "tests/test_svc.py", "-"]
    stdin = lint(args, cwd=project, stdin=text)
    assert stdin.hits() == {finding}
    test = project / "tests" / "test_svc.py"
    test.write_text(text.replace("new=MagicMock()) as fetch:", "new=MagicMock()) as fetch:  # noqa: ALP007"))
    assert lint(["--select", "ALP007", "tests"], cwd=project).hits() == set()


@pytest.mark.parametrize("jobs", [
    "def later():\n    return svc.fetch()\n",
    "async def later():\n    try:\n        await svc.fetch()\n    except Exception:\n        pass\n",
    "async def later():\n    with suppress(TypeError):\n        await svc.fetch()\n",
    "def later():\n    return register(svc.fetch)\n",
    "async def later():\n    await asyncio.gather(svc.fetch())\n",
])
def test_a_call_that_may_not_fail_silences_the_name(project: Path, jobs: str) -> None:
    (project / "app" / "jobs.py").write_text("from app import svc\n\n\n" + jobs)
    assert lint(["--select", "ALP007", "tests"], cwd=project).hits() == set()


def test_a_test_expecting_the_error_is_silent(project: Path) -> None:
    test = PROJECT["tests/test_svc.py"].replace(
        "        await svc.use()", "        with pytest.raises(TypeError):\n            await svc.use()"
    )
    (project / "tests" / "test_svc.py").write_text("import pytest\n" + test)
    assert lint(["--select", "ALP007", "tests"], cwd=project).hits() == set()


def test_one_collection_for_every_patch_rule(project: Path) -> None:
    source = PROJECT["tests/test_svc.py"]
    path = str(project / "tests/test_svc.py")
    context = FileContext(path, source.splitlines(True), ast.parse(source), Settings())
    from flake8_asyncloop.rules import RULES

    rules = [rule(context) for rule in RULES]
    TreeWalker(context, rules).walk()
    assert len(context.shared(FilePatches).sites()) == 1
