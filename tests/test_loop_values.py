"""What a fixture hands over, read in-process: the body reader, the project resolver, the verdict."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.pytest_world.fixtures import extract_module
from flake8_asyncloop.pytest_world.sources import Sources
from flake8_asyncloop.pytest_world.values.parts import Binding, Known
from flake8_asyncloop.pytest_world.values.resolve import ValueResolver
from flake8_asyncloop.pytest_world.values.verdict import Certainty, LoopPair, judge

from .harness import write_files

HEAD = """\
import asyncio
import aiohttp
import asyncpg
import httpx
import redis.asyncio as redis
import pytest_asyncio
from unittest.mock import AsyncMock
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

DB_URL = "postgresql+asyncpg://db/test"
"""


def classify(tmp_path: Path, body: str, extra: dict[str, str] | None = None) -> list[tuple[Binding, str]]:
    """The known parts of the value of fixture ``value`` whose body is ``body``."""
    source = HEAD + "\n\n@pytest_asyncio.fixture\nasync def value(param):\n" + textwrap.indent(
        textwrap.dedent(body), "    ")
    write_files(tmp_path, {"conftest.py": source, **(extra or {})}, dedent=True)
    path = tmp_path / "conftest.py"
    module = extract_module(path, ast.parse(source))
    summary = next(iter(module.fixture_values.values()))
    resolver = ValueResolver(Sources(module), lambda p: (tmp_path,))
    return [(p.binding, p.reason) for p in resolver.resolve(summary, lambda name: None)]


def bindings(parts: list[tuple[Binding, str]]) -> set[Binding]:
    return {binding for binding, _ in parts}


@pytest.mark.parametrize(("body", "expected"), [
    ("async with aiohttp.ClientSession() as s:\n    yield s", Binding.CREATION),
    ("yield asyncio.create_task(asyncio.sleep(1))", Binding.CREATION),
    ("yield asyncio.get_running_loop().create_future()", Binding.CREATION),
    ("loop = asyncio.get_running_loop()\nyield loop.create_task(asyncio.sleep(1))", Binding.CREATION),
    ("r, w = await asyncio.open_connection('h', 1)\nyield r, w", Binding.CREATION),
    ("yield await asyncpg.create_pool()", Binding.CREATION),
    ("async with httpx.AsyncClient() as c:\n    yield c", Binding.LAZY_CLIENT),
    ("async with httpx.AsyncClient() as c:\n    await c.get('/')\n    yield c", Binding.USE),
    ("yield redis.Redis()", Binding.LAZY_CLIENT),
    ("client = redis.from_url('redis://')\nawait client.ping()\nyield client", Binding.USE),
    ("yield create_async_engine(DB_URL)", Binding.LAZY_CLIENT),
    ("engine = create_async_engine(DB_URL)\nasync with AsyncSession(engine) as s:\n    yield s",
     Binding.LAZY_CLIENT),
    ("yield asyncio.Queue()", Binding.LAZY_WAIT),
    ("e = asyncio.Event()\nawait e.wait()\nyield e", Binding.USE),
    ("yield asyncio.Lock()", Binding.LAZY_CONTENDED),
    ("yield await some_library_call()", Binding.AWAITED_UNKNOWN),
    ("async with third_party_client() as c:\n    yield c", Binding.AWAITED_UNKNOWN),
])
def test_loop_bound_values(tmp_path: Path, body: str, expected: Binding) -> None:
    assert expected in bindings(classify(tmp_path, body))


@pytest.mark.parametrize("body", [
    "yield {'a': 1}",
    "await asyncio.sleep(0)\nyield [1, 2]",
    "yield AsyncMock()",
    "yield param.AsyncMock()",
    "yield 'text'",
    "async with httpx.AsyncClient(transport=httpx.ASGITransport(app=param)) as c:\n    await c.get('/')\n"
    "    yield c",
    "t = httpx.MockTransport(lambda r: None)\nasync with httpx.AsyncClient(transport=t) as c:\n    yield c",
    "async with httpx.AsyncClient(app=param) as c:\n    yield c",
    "engine = create_async_engine('sqlite+aiosqlite:///:memory:')\n"
    "async with async_sessionmaker(engine)() as s:\n"
    "    yield s",
    "f = asyncio.get_running_loop().create_future()\nf.set_result(1)\nyield f",
    "t = asyncio.create_task(asyncio.sleep(0))\nawait t\nyield 1",
    "yield some_library_call()",
    "value = json.loads('{}')\nyield value",
])
def test_values_that_survive_a_loop_switch(tmp_path: Path, body: str) -> None:
    found = bindings(classify(tmp_path, body))
    assert not found & {Binding.CREATION, Binding.USE, Binding.LAZY_CLIENT, Binding.LAZY_WAIT,
                        Binding.AWAITED_UNKNOWN}, found


def test_a_task_left_running_binds_whatever_is_yielded(tmp_path: Path) -> None:
    body = "state = {}\nticker = asyncio.create_task(asyncio.sleep(10))\nyield state\nticker.cancel()"
    assert (Binding.CREATION, "starts a task") in classify(tmp_path, body)


def test_a_cancelled_task_does_not(tmp_path: Path) -> None:
    body = "ticker = asyncio.create_task(asyncio.sleep(10))\nticker.cancel()\nyield 1"
    assert Binding.CREATION not in bindings(classify(tmp_path, body))


def test_project_helper_function_is_followed(tmp_path: Path) -> None:
    helper = "import aiohttp\n\n\nasync def make():\n    return aiohttp.ClientSession()\n"
    parts = classify(tmp_path, "from app.clients import make\nyield await make()",
                     {"app/__init__.py": "", "app/clients.py": helper})
    assert (Binding.CREATION, "holds an aiohttp.ClientSession") in parts


def test_project_helper_through_a_reexport_and_a_relative_import(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from .factory import make_client\n",
        "app/factory.py": "import httpx\n\n\ndef make_client():\n"
                          "    return httpx.AsyncClient(transport=httpx.ASGITransport(app=None))\n",
    }
    source_body = "from app import make_client\nasync with make_client() as c:\n    yield c"
    assert bindings(classify(tmp_path, source_body, files)) <= {Binding.SURVIVES}


def test_project_class_that_stores_the_running_loop(tmp_path: Path) -> None:
    keeper = ("import asyncio\n\n\nclass Keeper:\n    def __init__(self):\n"
              "        self.loop = asyncio.get_running_loop()\n")
    parts = classify(tmp_path, "from app.keeper import Keeper\nyield Keeper()",
                     {"app/__init__.py": "", "app/keeper.py": keeper})
    assert (Binding.CREATION, "holds a Keeper that holds the event loop") in parts


def test_project_class_counts_the_methods_the_fixture_ran(tmp_path: Path) -> None:
    conn = ("import asyncio\n\n\nclass Conn:\n    def __init__(self, port):\n        self.port = port\n\n"
            "    async def connect(self):\n"
            "        self.r, self.w = await asyncio.open_connection('h', self.port)\n")
    files = {"app/__init__.py": "", "app/conn.py": conn}
    body = "from app.conn import Conn\nc = Conn(1)\nawait c.connect()\nyield c"
    connected = classify(tmp_path, body, files)
    assert Binding.CREATION in bindings(connected)
    not_connected = classify(tmp_path, "from app.conn import Conn\nyield Conn(1)", files)
    assert Binding.CREATION not in bindings(not_connected)


def test_project_subclass_of_a_known_client(tmp_path: Path) -> None:
    api = "import aiohttp\n\n\nclass Api(aiohttp.ClientSession):\n    pass\n"
    files = {"app/__init__.py": "", "app/api.py": api}
    parts = classify(tmp_path, "from app.api import Api\nyield Api()", files)
    assert Binding.CREATION in bindings(parts)


def test_a_helper_cycle_ends(tmp_path: Path) -> None:
    helper = "def a():\n    return b()\n\n\ndef b():\n    return a()\n"
    files = {"app/__init__.py": "", "app/loop.py": helper}
    parts = classify(tmp_path, "from app.loop import a\nyield await a()", files)
    assert bindings(parts) <= {Binding.AWAITED_UNKNOWN, Binding.UNKNOWN}
    assert Binding.AWAITED_UNKNOWN in bindings(parts)


def _known(binding: Binding, site: int = 1) -> Known:
    return Known(binding, binding.value, site)


@pytest.mark.parametrize(("binding", "pair", "closed", "expected"), [
    (Binding.CREATION, LoopPair("session", "function", "function"), False, Certainty.CERTAIN),
    (Binding.LAZY_CLIENT, LoopPair("function", "session", "session"), False, Certainty.CERTAIN),  # shared
    (Binding.LAZY_CLIENT, LoopPair("function", "session", "function"), True, Certainty.CERTAIN),  # teardown
    (Binding.LAZY_CLIENT, LoopPair("function", "session", "function"), False, Certainty.POSSIBLE),
    (Binding.LAZY_CLIENT, LoopPair("session", "function", "function"), True, Certainty.POSSIBLE),
    (Binding.LAZY_CLIENT, LoopPair("session", "module", "module"), True, Certainty.POSSIBLE),
    (Binding.LAZY_WAIT, LoopPair("function", "session", "session"), False, Certainty.LIKELY),
    (Binding.LAZY_WAIT, LoopPair("function", "session", "function"), False, Certainty.POSSIBLE),
    (Binding.LAZY_CONTENDED, LoopPair("function", "session", "session"), False, Certainty.POSSIBLE),
    (Binding.AWAITED_UNKNOWN, LoopPair("function", "session", "function"), False, Certainty.LIKELY),
    (Binding.SURVIVES, LoopPair("function", "session", "session"), False, Certainty.POSSIBLE),
])
def test_verdict(binding: Binding, pair: LoopPair, closed: bool, expected: Certainty) -> None:
    part = _known(binding)
    assert judge((part,), frozenset({1}) if closed else frozenset(), pair).certainty is expected
