"""A generated suite whose application package grows with it, at several sizes, for issue 11's
question: does the plugin's extra cost stay linear in the number of files?

A real suite that doubles usually doubles its application too, so each test package here has its
own application package (a service module and a models module) that its tests import and patch
by string, as ``mock.patch("app.area3.service.Service3.load")`` does: the patch rules read one more
application module for every 20 test files, and the fixture model reads one more conftest.  A few
files carry the mistakes the plugin exists for (a patch target that does not exist, a patch the
test never sees), so the findings of the run can be compared between versions.  The files are
written once per layout and size.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FILES_PER_PACKAGE = 20
#: Test packages at each measured size: 400, 800 and 1,600 test files.
SIZES = (20, 40, 80)
VERSION = "v2"

_CORE = '''\
"""Shared infrastructure every area uses."""
import asyncio


class Database:
    """A connection the services share."""

    def __init__(self, url: str = "sqlite://") -> None:
        self.url = url

    async def fetch(self, query: str) -> list[str]:
        await asyncio.sleep(0)
        return [query]

    def close(self) -> None:
        self.url = ""


def retry(value: str, attempts: int = 3) -> str:
    for _ in range(attempts):
        if value:
            return value
    return ""
'''

_MODELS = '''\
"""Records of area {n}."""
from dataclasses import dataclass, field


@dataclass
class Record{n}:
    """One row of area {n}."""

    key: str
    tags: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"{{self.key}}:{n}"


@dataclass
class Summary{n}:
    records: list[Record{n}] = field(default_factory=list)

    def count(self) -> int:
        return len(self.records)
'''

_SERVICE = '''\
"""The service of area {n}."""
import asyncio

from app.core import Database, retry
from app.area{n}.models import Record{n}, Summary{n}

TIMEOUT = {n}


class Service{n}:
    """Loads the records of area {n}."""

    def __init__(self, db: Database | None = None) -> None:
        self.db = db or Database()

    async def load(self) -> list[Record{n}]:
        rows = await self.db.fetch("area{n}")
        return [Record{n}(row) for row in rows]

    async def summary(self) -> Summary{n}:
        return Summary{n}(await self.load())

    def name(self) -> str:
        return retry("area{n}")


async def fetch_all(db: Database) -> list[Record{n}]:
    await asyncio.sleep(0)
    return [Record{n}(row) for row in await db.fetch("all")]


def helper(value: str) -> str:
    return retry(value)
'''

_AREA_INIT = '''\
from app.area{n}.service import Service{n}, fetch_all

__all__ = ["Service{n}", "fetch_all"]
'''

_CONFTEST = '''\
import pytest_asyncio

from app.area{n}.service import Service{n}


@pytest_asyncio.fixture
async def service_{n}(db_session):
    yield Service{n}()
'''

_ROOT_CONFTEST = '''\
"""Fixtures shared by every area."""
import pytest
import pytest_asyncio

from app.core import Database


@pytest.fixture
def db_settings():
    return {"url": "sqlite://"}


@pytest_asyncio.fixture
async def db_session(db_settings):
    yield Database(db_settings["url"])
'''

_TEST = '''\
"""Tests of area {n}, part {i}."""
from unittest import mock

import pytest

from app.area{n} import service
from app.area{n}.service import Service{n}


@pytest.mark.asyncio
async def test_load_{i}(service_{n}):
    target = "app.area{n}.service.Service{n}.load"
    with mock.patch(target, return_value=[]) as load:
        assert await service_{n}.summary() is not None
    assert load.called


@pytest.mark.asyncio
async def test_fetch_{i}(db_session, mocker):
    fetch = mocker.patch("app.area{n}.service.fetch_all", return_value=[])
    assert await service.fetch_all(db_session) == []
    assert fetch.await_count == 1


def test_helper_{i}():
    with mock.patch.object(service, "helper", return_value="x"):
        assert service.helper("y") == "x"
    with mock.patch("app.core.retry", return_value="z"):
        assert Service{n}().name() == "z"


@pytest.mark.asyncio
async def test_timeout_{i}(service_{n}, monkeypatch):
    monkeypatch.setattr("app.area{n}.service.TIMEOUT", 0)
    assert service.TIMEOUT == 0
{mistakes}'''

#: Written into the first file of each package: what the plugin reports (ALP004, ALP009).
_MISTAKES = '''

@pytest.mark.asyncio
async def test_mistakes(db_session):
    with mock.patch("app.area{n}.service.Service{n}.reload"):
        assert Service{n}() is not None
    with mock.patch("app.core.retry", return_value="z") as retry:
        assert Service{n}().name() == "z"
    retry.assert_called_once()
'''


def layout(packages: int) -> str:
    """The folder name of one size."""
    return f"growing-{packages}x{FILES_PER_PACKAGE}-{VERSION}"


def growing_suite(cache: Path, packages: int) -> Path:
    """The generated project's root for ``packages`` test packages (written once)."""
    root = cache / "synthetic" / layout(packages)
    if (root / "done").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nasyncio_default_fixture_loop_scope = "function"\n'
    )
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "core.py").write_text(_CORE)
    (root / "tests" / "__init__.py").write_text("")
    (root / "tests" / "conftest.py").write_text(_ROOT_CONFTEST)
    for n in range(packages):
        _write_area(root, n)
    (root / "done").write_text(layout(packages))
    return root


def _write_area(root: Path, n: int) -> None:
    app = root / "app" / f"area{n}"
    app.mkdir()
    (app / "__init__.py").write_text(_AREA_INIT.format(n=n))
    (app / "models.py").write_text(_MODELS.format(n=n))
    (app / "service.py").write_text(_SERVICE.format(n=n))
    tests = root / "tests" / f"area{n}"
    tests.mkdir()
    (tests / "__init__.py").write_text("")
    (tests / "conftest.py").write_text(_CONFTEST.format(n=n))
    for i in range(FILES_PER_PACKAGE):
        first = i == 0
        text = _TEST.format(
            n=n, i=i, mistakes=_MISTAKES.format(n=n) if first else "",
        )
        (tests / f"test_{i}.py").write_text(text)
