"""A long-lived process (an editor's, a tool that runs flake8 in-process on every save) runs the
plugin again and again: what its caches kept must not outlive an edit.  After each edit the next
run in the same process says what a new process would."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .harness import write_files
from .in_process import lint

_PATCH_TEST = (
    'from unittest import mock\n\n\ndef test_a():\n    with mock.patch("app.mod.name"):\n        pass\n'
)
_UNMARKED = "async def test_a():\n    pass\n"

_CONFTEST = (
    "import pytest_asyncio\n\n\n@pytest_asyncio.fixture(scope={scope!r})\nasync def engine():\n    yield 1\n"
)
_LOOP_INI = "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
_FIXTURE_PROJECT = {"pytest.ini": _LOOP_INI, "tests/test_a.py": "async def test_a(engine):\n    pass\n"}

_CLIENT_CONFTEST = (
    "import httpx\nimport pytest_asyncio\n\n\n@pytest_asyncio.fixture(scope={scope!r})\n"
    "async def client():\n    async with httpx.AsyncClient() as c:\n        yield c\n"
)
_USES_CLIENT = 'async def test_a(client):\n    await client.get("/")\n'

_EVENT_LOOP_FIXTURE = (
    "import asyncio\nimport pytest\n\n\n@pytest.fixture\ndef event_loop():\n"
    "    loop = asyncio.new_event_loop()\n    yield loop\n    loop.close()\n"
)
_SYNC_MOCK_TEST = (
    "from unittest import mock\nfrom app import mod\n\n\nasync def test_a():\n"
    '    with mock.patch("app.mod.fetch", new=mock.MagicMock()):\n        await mod.use()\n'
)

_UNSEEN_PROJECT = {
    "pytest.ini": "[pytest]\n",
    "app/__init__.py": "",
    "app/mail.py": "def send(to):\n    return 'real'\n",
    "app/users.py": "from app.mail import send\n\n\ndef welcome(to):\n    return send(to)\n",
    "tests/test_a.py": (
        "from unittest.mock import patch\n\nfrom app.users import welcome\n\n\ndef test_welcome():\n"
        '    with patch("app.mail.send") as sender:\n        welcome("ann")\n'
        "    sender.assert_called_once()\n"
    ),
}

_ASYNC_MOD = "async def fetch():\n    return 1\n\n\nasync def use():\n    return await fetch()\n"
_AUDIT = "import app.mail\n\n\ndef check():\n    return {}\n"

#: name: (files, edit, the codes expected before the edit, the codes expected after it[, what to
#: check: "tests" by default])
SCENARIOS: dict[str, tuple[Any, ...]] = {
    "config-mode-auto": (
        {"pytest.ini": "[pytest]\nasyncio_mode = strict\n", "tests/test_a.py": _UNMARKED},
        {"pytest.ini": "[pytest]\nasyncio_mode = auto\n"},
        ["ALP006"],
        [],
    ),
    "config-mode-strict": (
        {"pytest.ini": "[pytest]\nasyncio_mode = auto\n", "tests/test_a.py": _UNMARKED},
        {"pytest.ini": "[pytest]\nasyncio_mode = strict\n"},
        [],
        ["ALP006"],
    ),
    "config-created": (  # pytest.ini wins over setup.cfg
        {"setup.cfg": "[tool:pytest]\nasyncio_mode = strict\n", "tests/test_a.py": _UNMARKED},
        {"pytest.ini": "[pytest]\nasyncio_mode = auto\n"},
        ["ALP006"],
        [],
    ),
    "conftest-fixture-narrowed": (
        {**_FIXTURE_PROJECT, "tests/conftest.py": _CONFTEST.format(scope="session")},
        {"tests/conftest.py": _CONFTEST.format(scope="function")},
        ["ALP001"],
        [],
    ),
    "conftest-fixture-widened": (
        {**_FIXTURE_PROJECT, "tests/conftest.py": _CONFTEST.format(scope="function")},
        {"tests/conftest.py": _CONFTEST.format(scope="session")},
        [],
        ["ALP001"],
    ),
    "pin-raised": (  # pytest-asyncio 1.0 ignores an event_loop fixture
        {
            "requirements.txt": "pytest-asyncio==0.21.1\n",
            "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
            "tests/conftest.py": _EVENT_LOOP_FIXTURE,
            "tests/test_a.py": "async def test_a():\n    pass\n",
        },
        {"requirements.txt": "pytest-asyncio==1.0.0\n"},
        [],
        ["ALP003"],
    ),
    "pin-rewritten-alike": (  # same size, modification time put back
        {
            "requirements.txt": "pytest-asyncio==0.21.1\n",
            "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
            "tests/conftest.py": _EVENT_LOOP_FIXTURE,
            "tests/test_a.py": "async def test_a():\n    pass\n",
        },
        {"requirements.txt": "pytest-asyncio==1.0.01\n"},
        [],
        ["ALP003"],
    ),
    "patched-function-made-async": (
        {
            "app/__init__.py": "",
            "app/mod.py": "def fetch():\n    return 1\n\n\nasync def use():\n    return fetch()\n",
            "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
            "tests/test_a.py": _SYNC_MOCK_TEST,
        },
        {"app/mod.py": "async def fetch():\n    return 1\n\n\nasync def use():\n    return await fetch()\n"},
        [],
        ["ALP007"],
    ),
    "conftest-rewritten-alike": (  # same size, modification time put back; only the test is checked
        {"pytest.ini": "[pytest]\nasyncio_mode = auto\n", "tests/test_a.py": _USES_CLIENT,
         "tests/conftest.py": _CLIENT_CONFTEST.format(scope="session") + "#x\n"},
        {"tests/conftest.py": _CLIENT_CONFTEST.format(scope="function") + "#\n"},
        ["ALP002"],
        [],
        "tests/test_a.py",
    ),
    "package-module-starts-reading-the-name": (  # ALP009's merged reads of the package
        {**_UNSEEN_PROJECT, "app/audit.py": _AUDIT.format("1")},
        {"app/audit.py": _AUDIT.format("app.mail.send")},
        ["ALP009"],
        [],
    ),
    "package-module-stops-reading-the-name": (
        {**_UNSEEN_PROJECT, "app/audit.py": _AUDIT.format("app.mail.send")},
        {"app/audit.py": _AUDIT.format("1")},
        [],
        ["ALP009"],
    ),
    "package-module-calls-without-await": (  # ALP007 holds only while every call is awaited
        {
            "app/__init__.py": "",
            "app/mod.py": _ASYNC_MOD,
            "app/jobs.py": "from app import mod\n\n\ndef run():\n    return 1\n",
            "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
            "tests/test_a.py": _SYNC_MOCK_TEST,
        },
        {"app/jobs.py": "from app import mod\n\n\ndef run():\n    return mod.fetch()\n"},
        ["ALP007"],
        [],
    ),
    "module-gains-the-name": (
        {"app/__init__.py": "", "app/mod.py": "x = 1\n", "tests/test_a.py": _PATCH_TEST},
        {"app/mod.py": "x = 1\nname = 2\n"},
        ["ALP004"],
        [],
    ),
    "module-rewritten-alike": (  # same size, modification time put back: only the change time moved
        {"app/__init__.py": "", "app/mod.py": "x = 1\nnome = 2\n", "tests/test_a.py": _PATCH_TEST},
        {"app/mod.py": "x = 1\nname = 2\n"},
        ["ALP004"],
        [],
    ),
    "module-loses-the-name": (
        {"app/__init__.py": "", "app/mod.py": "x = 1\nname = 2\n", "tests/test_a.py": _PATCH_TEST},
        {"app/mod.py": "x = 1\n"},
        [],
        ["ALP004"],
    ),
    "module-created": (
        {"app/__init__.py": "", "tests/test_a.py": _PATCH_TEST},
        {"app/mod.py": "name = 2\n"},
        ["ALP004"],
        [],
    ),
}


def _codes(output: str) -> list[str]:
    return [line.split(": ", 1)[1][:6] for line in output.splitlines()]


@pytest.mark.parametrize("cache", ["disk cache", "no disk cache"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_next_run_of_the_process_sees_an_edit(name: str, cache: str, tmp_path: Path) -> None:
    files, edit, before, after, *target = SCENARIOS[name]
    write_files(tmp_path, files)
    args = ["--isolated", "--select=ALP"]
    on = cache == "disk cache"
    args += [f"--asyncloop-cache-dir={tmp_path / '.c'}"] if on else ["--asyncloop-no-cache"]
    args.append(target[0] if target else "tests")
    first = lint(args, tmp_path)
    assert _codes(first.stdout) == before, first
    again = lint(args, tmp_path, fresh=False)  # a warm run: every cache has what the edit must undo
    assert _codes(again.stdout) == before, again
    times = {path: (tmp_path / path).stat() for path in edit if (tmp_path / path).exists()}
    write_files(tmp_path, edit)
    for path, stat in times.items():  # put back: only the change time, size or text tells
        os.utime(tmp_path / path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = lint(args, tmp_path, fresh=False)
    assert _codes(edited.stdout) == after, edited
    assert _codes(lint(args, tmp_path).stdout) == after  # what a new process says
