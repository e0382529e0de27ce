"""ALP009 in process: what a file reads at run time, which consumer keeps its own reference, and the
rule through flake8 (noqa, select, stdin, silences)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.patching import project_files
from flake8_asyncloop.patching.finder import ModuleLocation
from flake8_asyncloop.patching.module_reads import ModuleReads, mentions, merged_reads, reads_of_tree
from flake8_asyncloop.records import EMPTY

from .harness import Hit, write_files
from .in_process import lint


def reads(source: str, module: str = "app.consumer") -> object:
    return reads_of_tree(ast.parse(textwrap.dedent(source)), module, False)


def test_reads_through_every_alias_of_a_module() -> None:
    found = reads("""\
        import app.mail
        import app.mail as m
        from app import mail as post
        from . import sibling

        def run():
            app.mail.send()
            m.audit
            getattr(post, "render")
            sibling.go()
    """)
    assert {("app.mail", "send"), ("app.mail", "audit"), ("app.mail", "render"), ("app.sibling", "go")} <= (
        getattr(found, "attributes")
    )


def test_mock_api_reads_escapes_late_imports_strings_and_rebinding() -> None:
    found = reads("""\
        import importlib
        from app import mail

        MODULES = [mail]

        def run(name):
            from app.mail import send
            from .mail import *
            mail.send.assert_called_once()
            getattr(mail, name)
            importlib.reload(mail)
            return "app.mail.send", send()
    """)
    assert ("app.mail", "send") in getattr(found, "mock_attributes")
    assert ("app.mail", "send") not in getattr(found, "attributes")
    assert "app.mail" in getattr(found, "escaped")
    assert {("app.mail", "send"), ("app.mail", "*")} <= getattr(found, "late_imports")
    assert "app.mail.send" in getattr(found, "dotted_strings")
    assert getattr(found, "rebinds")
    assert "send" in getattr(found, "function_loads")


BASE = {
    "pyproject.toml": "[tool.pytest.ini_options]\n",
    "app/__init__.py": "",
    "app/mail.py": "def send(to):\n    return 'real'\n",
    "app/users.py": "from app.mail import send\n\n\ndef welcome(to):\n    return send(to)\n",
}
TEST = """\
from unittest.mock import patch

from app.users import welcome


def test_welcome():
    with patch("app.mail.send") as sender:
        welcome("ann")
    sender.assert_called_once()
"""


def _lint(tmp_path: Path, extra: dict[str, str], test: str = TEST, args: tuple[str, ...] = ()) -> set[Hit]:
    write_files(tmp_path, {**BASE, **extra, "tests/test_users.py": test})
    result = lint(["--select", "ALP009", *args, "tests"], cwd=tmp_path)
    assert result.stderr == "", result.stderr
    return result.hits()


FINDING = Hit("tests/test_users.py", 7, 10, "ALP009")


def test_the_classic(tmp_path: Path) -> None:
    assert _lint(tmp_path, {}) == {FINDING}


def test_noqa_select_and_stdin(tmp_path: Path) -> None:
    call = 'patch("app.mail.send") as sender:'
    noqa = TEST.replace(call, call + "  # noqa: ALP009")
    assert _lint(tmp_path, {}, noqa) == set()
    assert lint(["--select", "ALP004", "tests"], cwd=tmp_path).hits() == set()
    assert lint(["tests"], cwd=tmp_path).hits() == set()  # written with the noqa
    args = ["--select", "ALP009", "--stdin-display-name", "tests/test_users.py", "-"]
    assert lint(args, cwd=tmp_path, stdin=TEST).hits() == {FINDING}


@pytest.mark.parametrize("extra", [
    {"app/jobs.py": "from app import mail\n\n\ndef later():\n    return mail.send('x')\n"},
    {"app/jobs.py": "import app.mail\n\n\ndef later():\n    return app.mail.send('x')\n"},
    {"app/jobs.py": "def later():\n    from app.mail import send\n    return send('x')\n"},
    {"app/jobs.py": "from app import mail\n\nHANDLERS = [mail]\n"},
    {"app/jobs.py": "TASKS = {'welcome': 'app.mail.send'}\n"},
    {"app/mail.py": BASE["app/mail.py"] + "\n\ndef notify():\n    return send('x')\n"},
    {"tests/conftest.py": "import sys\n\nsys.modules.pop('app.users', None)\n"},
    {"app/jobs.py": "def later(module):\n    return getattr(module, 'send')('x')\n"},
    {"pyproject.toml": "[project.entry-points.mail]\nsmtp = 'app.mail:send'\n"},
])
def test_something_reads_the_name_through_the_module(tmp_path: Path, extra: dict[str, str]) -> None:
    assert _lint(tmp_path, extra) == set()


@pytest.mark.parametrize("test", [
    TEST.replace("from app.users import welcome\n", "").replace('        welcome("ann")', (
        '        from app.users import welcome\n        welcome("ann")'
    )),
    TEST.replace("    sender.assert_called_once()", "    assert app.mail.send('x')").replace(
        "from unittest.mock import patch\n", "from unittest.mock import patch\n\nimport app.mail\n"
    ),
    TEST.replace("from app.users import welcome\n", "if TYPE_CHECKING:\n    from app.users import welcome\n"),
    TEST.replace("with patch(\"app.mail.send\")", "with patch.dict(\"app.mail.TABLE\", {})"),
    TEST.replace("with patch(\"app.mail.send\")", "with patch(\"app.users.send\")"),
])
def test_the_test_does_something_that_may_make_the_patch_seen(tmp_path: Path, test: str) -> None:
    assert _lint(tmp_path, {}, test) == set()


def test_a_consumer_that_also_reads_through_the_module_is_no_consumer(tmp_path: Path) -> None:
    users = BASE["app/users.py"] + "\n\nfrom app import mail\n\n\ndef again():\n    return mail.send('x')\n"
    assert _lint(tmp_path, {"app/users.py": users}) == set()


def test_a_re_export_and_an_alias(tmp_path: Path) -> None:
    files = {
        "app/api.py": "from app.mail import send\n",
        "app/users.py": "from app.api import send as deliver\n\n\ndef welcome(to):\n    return deliver(to)\n",
    }
    write_files(tmp_path, {**BASE, **files, "tests/test_users.py": TEST})
    result = lint(["--select", "ALP009", "tests"], cwd=tmp_path)
    assert result.hits() == {FINDING}
    assert result.messages() == [
        "patch() target 'app.mail.send' is never seen: app.users imported send before the patch and keeps "
        "its own; patch 'app.users.deliver' instead"
    ]


def test_modules_outside_the_project_are_not_judged(tmp_path: Path) -> None:
    users = "from os.path import basename\n\n\ndef welcome(to):\n    return basename(to)\n"
    test = TEST.replace('patch("app.mail.send")', 'patch("os.path.basename")')
    assert _lint(tmp_path, {"app/users.py": users}, test) == set()


CASE_TEST = """\
import unittest
from unittest.mock import patch

from app.users import welcome


class SyncBase(unittest.TestCase):
    pass


class AsyncBase(unittest.IsolatedAsyncioTestCase):
    pass


class TestWelcome({base}):
    async def test_welcome(self):
        with patch("app.mail.send") as sender:
            welcome("ann")
        sender.assert_called_once()

    @patch("app.mail.send")
    async def test_decorated(self, sender):
        welcome("ann")
        sender.assert_called_once()
"""
CASE_FINDINGS = {Hit("tests/test_users.py", 17, 14, "ALP009"), Hit("tests/test_users.py", 21, 6, "ALP009")}


@pytest.mark.parametrize(("base", "expected"), [
    ("SyncBase", set()),  # the coroutine is dropped: neither patch ever starts, both tests pass
    ("AsyncBase", CASE_FINDINGS),
])
def test_test_methods_whose_coroutine_nobody_awaits(tmp_path: Path, base: str, expected: set[Hit]) -> None:
    assert _lint(tmp_path, {}, CASE_TEST.format(base=base)) == expected


def test_the_packages_are_read_once_per_run_for_every_test_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each package module's reads are merged once per run, not asked again for each test folder;
    the next run of a long-lived process merges them again (it may have been edited)."""
    asked: list[str] = []
    real = project_files.module_reads

    def counting(location: ModuleLocation) -> object:
        asked.append(location.name)
        return real(location)

    monkeypatch.setattr(project_files, "module_reads", counting)
    tests = {f"tests/t{n}/test_users.py": TEST for n in range(4)}
    write_files(tmp_path, {**BASE, "app/jobs.py": "def later():\n    return 1\n", **tests})
    args = ["--select", "ALP009", "--asyncloop-no-cache", "tests"]
    assert len(lint(args, cwd=tmp_path).hits()) == 4
    assert sorted(asked) == ["app", "app.jobs", "app.mail", "app.users"]
    assert len(lint(args, cwd=tmp_path, fresh=False).hits()) == 4
    assert len(asked) == 8


@pytest.mark.parametrize(("limit", "expected"), [(3, {FINDING}), (2, set())])
def test_more_package_files_than_the_limit_is_a_doubt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, expected: set[Hit]
) -> None:
    monkeypatch.setattr(project_files, "MAX_FILES", limit)  # the package has three modules
    assert _lint(tmp_path, {}) == expected


def test_merged_reads_unite_every_question() -> None:
    first = reads("import app.mail\n\ndef run():\n    app.mail.send()\n")
    second = reads("import importlib\nfrom app import mail\n\nimportlib.reload(mail)\nX = 'app.mail:send'\n")
    merged = merged_reads([first, second])  # type: ignore[list-item]
    assert ("app.mail", "send") in merged.attributes and "app.mail.send" in merged.dotted_strings
    assert merged.rebinds and not merged_reads([first]).rebinds  # type: ignore[list-item]
    assert merged_reads([]) == ModuleReads()


def test_a_files_reads_are_read_only_and_share_one_empty_set() -> None:
    found = reads("import app.mail\n\ndef run():\n    app.mail.send()\n")
    assert isinstance(found, ModuleReads)
    assert ("app.mail", "send") in found.attributes and isinstance(found.attributes, frozenset)
    assert found.escaped is EMPTY and found.looked_up is EMPTY  # no set of its own for what it never reads
    assert merged_reads([found]).escaped is EMPTY


@pytest.mark.parametrize(("word", "expected"), [
    ("send", True), ("audit_log", True), ("_private", True), ("mail", True),
    ("sen", False), ("end", False), ("audit", False), ("log", False), ("nowhere", False),
])
def test_mentions_finds_whole_identifiers_only(tmp_path: Path, word: str, expected: bool) -> None:
    path = tmp_path / "mod.py"
    path.write_text("from app import mail\n\ndef send(x):\n    mail.audit_log(_private, x)  # é\n")
    assert mentions(str(path), word) is expected
    assert mentions(str(tmp_path / "absent.py"), word)  # a file that cannot be read: every word may be there
