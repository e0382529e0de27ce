"""Value kinds for the loop-value runtime oracle (tests/test_oracle_loop_values.py).

Each kind is an async fixture named ``value`` in a test module of its own, with
three tests that use the value as real code would.  Each loop layout (``LAYOUTS``)
is one project holding every kind; ``fails_in`` says, from SPEC §1 ALP002's
runtime table, in which layouts the kind's tests fail, so the runtime and the
plugin cannot agree by both being wrong.  Servers (HTTP, TCP echo) run in
threads on 127.0.0.1, started and stopped by the project's own conftest.
"""

from __future__ import annotations

from dataclasses import dataclass

#: fixture decorator arguments, test mark, per layout.
LAYOUTS: dict[str, tuple[str, str]] = {
    # Function-scoped fixture on a session loop, tests on function loops (fastapi-users' layout).
    "fixture_loop_wider": ('loop_scope="session"', "@pytest.mark.asyncio"),
    # The seed's layout: a session fixture shared by function-loop tests.
    "shared_session_value": ('scope="session", loop_scope="session"', "@pytest.mark.asyncio"),
    # The other direction: a function-loop fixture, tests on the session loop.
    "test_loop_wider": ("", '@pytest.mark.asyncio(loop_scope="session")'),
    # A module value shared by tests that all run on one (session) loop.
    "module_value_one_test_loop": ('scope="module", loop_scope="module"',
                                   '@pytest.mark.asyncio(loop_scope="session")'),
    # Control: same loop on both sides.
    "same_loop": ('scope="session", loop_scope="session"', '@pytest.mark.asyncio(loop_scope="session")'),
}
ALL_MISMATCHED = frozenset(LAYOUTS) - {"same_loop"}


@dataclass(frozen=True)
class Kind:
    """A fixture value: its extra parameters, its body (which binds and yields ``value``), a test's use."""

    params: str
    body: str
    use: str
    fails_in: frozenset[str] = frozenset()


BOUND = ALL_MISMATCHED
SHARED = frozenset({"shared_session_value"})
CLOSED_LAZY_CLIENT = frozenset({"fixture_loop_wider", "shared_session_value"})

KINDS: dict[str, Kind] = {
    "task": Kind("", "value = asyncio.create_task(asyncio.sleep(0.01, result=1))\nyield value",
                 "assert await asyncio.wait_for(asyncio.shield(value), 1) == 1", BOUND),
    "background_task": Kind(
        "",
        "state = {'n': 0}\n\nasync def tick():\n    while True:\n        state['n'] += 1\n"
        "        await asyncio.sleep(0.005)\n\nticker = asyncio.create_task(tick())\nyield state\n"
        "ticker.cancel()",
        "start = value['n']\nawait asyncio.sleep(0.05)\nassert value['n'] > start", BOUND),
    "pending_future": Kind(
        "", "value = asyncio.get_running_loop().create_future()\nyield value",
        "if not value.done():\n    asyncio.get_running_loop().call_soon(value.set_result, 1)\n"
        "assert await asyncio.wait_for(value, 1) == 1", BOUND),
    "done_future": Kind("", "value = asyncio.get_running_loop().create_future()\nvalue.set_result(1)\n"
                        "yield value",
                        "assert await value == 1"),
    "streams": Kind(
        "echo_port",
        "reader, writer = await asyncio.open_connection('127.0.0.1', echo_port)\nvalue = (reader, writer)\n"
        "yield value\nwriter.close()",
        "reader, writer = value\nwriter.write(b'x\\n')\nawait writer.drain()\n"
        "assert await asyncio.wait_for(reader.readline(), 2) == b'x\\n'", BOUND),
    "server": Kind(
        "",
        "async def handle(reader, writer):\n    writer.write(await reader.readline())\n"
        "    await writer.drain()\n"
        "    writer.close()\n\nserver = await asyncio.start_server(handle, '127.0.0.1', 0)\n"
        "yield server.sockets[0].getsockname()[1]\nserver.close()",
        "reader, writer = await asyncio.open_connection('127.0.0.1', value)\nwriter.write(b'x\\n')\n"
        "await writer.drain()\nassert await asyncio.wait_for(reader.readline(), 2) == b'x\\n'\n"
        "writer.close()",
        BOUND),
    "aiohttp_session": Kind("http_url", "async with aiohttp.ClientSession() as value:\n    yield value",
                            "async with value.get(http_url) as response:\n    assert response.status == 200",
                            BOUND),
    "httpx_default_closed": Kind("http_url", "async with httpx.AsyncClient() as value:\n    yield value",
                                 "assert (await value.get(http_url)).status_code == 200", CLOSED_LAZY_CLIENT),
    "httpx_default_not_closed": Kind("http_url", "value = httpx.AsyncClient()\nyield value",
                                     "assert (await value.get(http_url)).status_code == 200", SHARED),
    "httpx_used_in_fixture": Kind(
        "http_url",
        "async with httpx.AsyncClient() as value:\n    await value.get(http_url)\n    yield value",
        "assert (await value.get(http_url)).status_code == 200", BOUND),
    "httpx_asgi": Kind(
        "",
        "transport = httpx.ASGITransport(app=APP)\n"
        "async with httpx.AsyncClient(transport=transport, base_url='http://t') as value:\n"
        "    await value.get('/')\n    yield value",
        "assert (await value.get('/')).status_code == 200"),
    "httpx_mock_transport": Kind(
        "",
        "handler = httpx.MockTransport(lambda request: httpx.Response(200))\n"
        "async with httpx.AsyncClient(transport=handler) as value:\n    await value.get('http://t/')\n"
        "    yield value",
        "assert (await value.get('http://t/')).status_code == 200"),
    "sqlalchemy_aiosqlite_engine": Kind(
        "",
        "value = create_async_engine(SQLITE_URL)\nasync with value.begin() as connection:\n"
        "    await connection.execute(text('select 1'))\nyield value\nawait value.dispose()",
        "async with value.connect() as connection:\n"
        "    assert (await connection.execute(text('select 1'))).scalar() == 1"),
    "sqlalchemy_aiosqlite_session": Kind(
        "",
        "engine = create_async_engine('sqlite+aiosqlite:///:memory:')\n"
        "async with async_sessionmaker(engine)() as value:\n    await value.execute(text('select 1'))\n"
        "    yield value\nawait engine.dispose()",
        "assert (await value.execute(text('select 1'))).scalar() == 1"),
    "aiosqlite_connection": Kind(
        "",
        "async with aiosqlite.connect(':memory:') as value:\n    await value.execute('select 1')\n"
        "    yield value",
        "async with value.execute('select 1') as cursor:\n    assert (await cursor.fetchone())[0] == 1"),
    "fakeredis_client": Kind("", "value = fakeredis.FakeAsyncRedis()\nawait value.set('a', '1')\n"
                             "yield value\n"
                             "await value.aclose()", "assert await value.get('a') == b'1'"),
    "anyio_event": Kind("", "value = anyio.Event()\nyield value",
                        "asyncio.get_running_loop().call_later(0.01, value.set)\nawait value.wait()"),
    "anyio_memory_stream": Kind(
        "", "send, receive = anyio.create_memory_object_stream(10)\nyield send, receive",
        "send, receive = value\n\nasync def later():\n    await asyncio.sleep(0.01)\n"
        "    await send.send(1)\n\n"
        "sender = asyncio.create_task(later())\nassert await receive.receive() == 1\nawait sender"),
    "queue_waited_on_by_tests": Kind(
        "", "value = asyncio.Queue()\nyield value",
        "asyncio.get_running_loop().call_later(0.01, value.put_nowait, 1)\n"
        "assert await asyncio.wait_for(value.get(), 1) == 1", SHARED),
    "event_waited_on_by_tests": Kind(
        "", "value = asyncio.Event()\nyield value",
        "value.clear()\nasyncio.get_running_loop().call_later(0.01, value.set)\n"
        "await asyncio.wait_for(value.wait(), 1)", SHARED),
    "event_waited_on_in_fixture": Kind(
        "",
        "value = asyncio.Event()\nasyncio.get_running_loop().call_later(0.01, value.set)\n"
        "await value.wait()\n"
        "yield value",
        "value.clear()\nasyncio.get_running_loop().call_later(0.01, value.set)\n"
        "await asyncio.wait_for(value.wait(), 1)", BOUND),
    "lock_uncontended": Kind("", "value = asyncio.Lock()\nyield value",
                             "async with value:\n    await asyncio.sleep(0)"),
    "stores_running_loop": Kind("", "value = LoopKeeper()\nyield value",
                                "assert await value.ping() == 'pong'",
                                BOUND),
    "project_helper_session": Kind(
        "http_url", "value = await make_session()\nyield value\nawait value.close()",
        "async with value.get(http_url) as response:\n    assert response.status == 200", BOUND),
    "project_helper_asgi_client": Kind("", "async with make_asgi_client() as value:\n    yield value",
                                       "assert (await value.get('/')).status_code == 200"),
    "project_class_connected_in_fixture": Kind(
        "echo_port", "value = EchoConnection(echo_port)\nawait value.connect()\nyield value",
        "assert await value.echo(b'x') == b'x'", BOUND),
    "project_class_connected_by_tests": Kind(
        "echo_port", "value = EchoConnection(echo_port)\nyield value",
        "await value.connect()\nassert await value.echo(b'x') == b'x'"),
    "awaited_third_party_call": Kind(
        "echo_port",
        "value = await asyncio.wait_for(asyncio.open_connection('127.0.0.1', echo_port), 5)\nyield value",
        "reader, writer = value\nwriter.write(b'x\\n')\nawait writer.drain()\n"
        "assert await asyncio.wait_for(reader.readline(), 2) == b'x\\n'", BOUND),
    "mock": Kind("", "value = AsyncMock(return_value=1)\nyield value", "assert await value() == 1"),
    "plain_data_after_awaits": Kind("", "await asyncio.sleep(0)\nvalue = {'a': 1}\nyield value",
                                    "assert value['a'] == 1"),
    "sync_unknown_call": Kind("", "value = json.loads('{\"a\": 1}')\nyield value", "assert value['a'] == 1"),
}

#: Where the plugin and the runtime knowingly differ (documented on docs/rules/ALP002.md): a
#: shared Queue that no test waits on while empty passes but is flagged (likely); a shared Lock
#: that a test contends for fails but is not flagged by default (contention is rare in sequential tests).
KNOWN_LIMITS: dict[str, tuple[Kind, bool]] = {
    "queue_never_waited_on": (Kind("", "value = asyncio.Queue()\nyield value",
                                   "value.put_nowait(1)\nassert await value.get() == 1"), True),
    "lock_contended_by_tests": (Kind(
        "", "value = asyncio.Lock()\nyield value",
        "async def hold():\n    async with value:\n        await asyncio.sleep(0.01)\n\n"
        "holder = asyncio.create_task(hold())\nawait asyncio.sleep(0)\nasync with value:\n    pass\n"
        "await holder", SHARED), False),
}

CONFTEST = '''\
"""Servers for the value oracle: an HTTP server and a TCP echo server, each in a thread on 127.0.0.1."""
import http.server
import socketserver
import threading

import pytest


class _Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class _HttpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(1024):
            self.request.sendall(data)


class _EchoServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def http_url():
    server = _serve(_HttpServer(("127.0.0.1", 0), _Hello))
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def echo_port():
    server = _serve(_EchoServer(("127.0.0.1", 0), _Echo))
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
'''

HELPERS = '''\
"""The project's own helpers and classes, which the plugin follows statically."""
import asyncio

import aiohttp
import httpx
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

APP = Starlette(routes=[Route("/", lambda request: PlainTextResponse("ok"))])


async def make_session():
    return aiohttp.ClientSession()


def make_asgi_client():
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=APP), base_url="http://t")


class LoopKeeper:
    """Keeps the loop it was made on, as many clients do."""

    def __init__(self):
        self.loop = asyncio.get_running_loop()

    async def ping(self):
        future = self.loop.create_future()
        self.loop.call_soon(future.set_result, "pong")
        return await future


class EchoConnection:
    """Connects when asked: bound to the loop its connect() ran on."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def echo(self, data):
        self.writer.write(data + b"\\n")
        await self.writer.drain()
        return (await asyncio.wait_for(self.reader.readline(), 2)).rstrip(b"\\n")
'''

PRELUDE = '''\
import asyncio
import json
from unittest.mock import AsyncMock

import aiohttp
import aiosqlite
import anyio
import fakeredis
import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from helpers import APP, EchoConnection, LoopKeeper, make_asgi_client, make_session

SQLITE_URL = "sqlite+aiosqlite:///:memory:"
'''


def _indent(code: str, spaces: int) -> str:
    return "\n".join((" " * spaces + line) if line else "" for line in code.splitlines())


def test_module(kind: Kind, layout: str) -> str:
    """One kind's module under one layout: the fixture and three tests."""
    args, mark = LAYOUTS[layout]
    params = ", ".join(p for p in ("value", kind.params) if p)
    text = PRELUDE + f"\n\n@pytest_asyncio.fixture({args})\nasync def value({kind.params}):\n"
    text += _indent(kind.body, 4) + "\n"
    for index in range(3):
        text += f"\n\n{mark}\nasync def test_{index}({params}):\n{_indent(kind.use, 4)}\n"
    return text


def project_files(layout: str) -> dict[str, str]:
    """Every kind (and every known limit) under one layout, as one project."""
    files = {
        "pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = function\npythonpath = .\n",
        "conftest.py": CONFTEST,
        "helpers.py": HELPERS,
    }
    kinds = {**KINDS, **{name: kind for name, (kind, _) in KNOWN_LIMITS.items()}}
    for name, kind in kinds.items():
        files[f"test_{name}.py"] = test_module(kind, layout)
    return files
