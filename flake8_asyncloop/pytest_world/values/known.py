"""Third-party constructors whose values ALP002 knows, and how each is bound to its loop.

One table, keyed by the qualified name a call resolves to through the module's
imports; extend it by adding a row.  Each row was checked against the real
runtime (pytest-asyncio 1.5, fixture loop != test loop, both directions): see
the runtime table in SPEC §1 ALP002 and tests/test_oracle_loop_values.py.
A row with ``binding=None`` is transparent: the object holds what it was given
(an ``AsyncSession(engine)`` is as bound as its engine).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from ...records import record
from .parts import Binding

#: Reads a call's argument: how the value it evaluates to is bound (None: nothing known), and
#: its literal text if it is a string the module spells out (directly or through a module constant).
BindingOf = Callable[[ast.expr], Binding | None]
TextOf = Callable[[ast.expr], str | None]
Refine = Callable[[ast.Call, BindingOf, TextOf], tuple[Binding, str]]


@record
class Constructor:
    """How the value of one third-party call is bound, and why (the message's words)."""

    binding: Binding | None
    reason: str = ""
    refine: Refine | None = None
    #: What keeps running on the loop after the call returns: "task" (until awaited or
    #: cancelled) or "server" (until closed); either makes a fixture loop-bound whatever it yields.
    runs: str = ""


def _names(prefixes: Iterable[str], *names: str) -> list[str]:
    return [f"{prefix}.{name}" for prefix in prefixes for name in names]


def _rows(names: Iterable[str], row: Constructor) -> dict[str, Constructor]:
    return dict.fromkeys(names, row)


STARTS_TASK = "starts a task"

# -- refinements -----------------------------------------------------------------------

_IN_PROCESS_TRANSPORTS = frozenset(
    _names(("httpx", "httpx._transports.asgi", "httpx._transports.mock"), "ASGITransport", "MockTransport")
)
_NETWORK_TRANSPORTS = frozenset(_names(("httpx", "httpx._transports.default"), "AsyncHTTPTransport"))


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _httpx_client(call: ast.Call, binding_of: BindingOf, text: TextOf) -> tuple[Binding, str]:
    """An ``httpx.AsyncClient`` binds through its transport: in-process transports never do."""
    if _keyword(call, "app") is not None:
        return Binding.SURVIVES, "an httpx.AsyncClient over an in-process ASGI app"
    transport = _keyword(call, "transport")
    if transport is None:
        return Binding.LAZY_CLIENT, "holds an httpx.AsyncClient"
    binding = binding_of(transport)
    if binding is Binding.SURVIVES:
        return Binding.SURVIVES, "an httpx.AsyncClient over an in-process transport"
    if binding is Binding.LAZY_CLIENT:
        return Binding.LAZY_CLIENT, "holds an httpx.AsyncClient"
    return Binding.UNKNOWN, "an httpx.AsyncClient with a transport the plugin cannot see"


#: SQLAlchemy async drivers, by the ``+driver`` of the URL, that talk to a server over the loop.
_NETWORK_DRIVERS = frozenset({"asyncpg", "psycopg", "psycopg_async", "aiomysql", "asyncmy", "aioodbc"})
#: Drivers that run in a thread of their own and answer on whatever loop awaits them.
_THREAD_DRIVERS = frozenset({"aiosqlite"})


def _sqlalchemy_engine(call: ast.Call, binding_of: BindingOf, text: TextOf) -> tuple[Binding, str]:
    """An async engine is bound as its driver is; the URL says which driver."""
    url_arg = call.args[0] if call.args else _keyword(call, "url")
    url = text(url_arg) if url_arg is not None else None
    if url is None:
        return Binding.UNKNOWN, "an SQLAlchemy engine whose URL the plugin cannot read"
    scheme = url.split(":", 1)[0]
    driver = scheme.partition("+")[2]
    if driver in _THREAD_DRIVERS:
        return Binding.SURVIVES, f"an SQLAlchemy engine over {driver}"
    if driver in _NETWORK_DRIVERS:
        return Binding.LAZY_CLIENT, f"holds an SQLAlchemy engine with the {driver} driver"
    return Binding.UNKNOWN, f"an SQLAlchemy engine with driver {driver or scheme!r}"


# -- the table ------------------------------------------------------------------------------

_ASYNCIO = ("asyncio", "asyncio.tasks", "asyncio.events", "asyncio.streams", "asyncio.queues",
            "asyncio.locks", "asyncio.futures")
_MOCKS = ("unittest.mock", "mock")
_REDIS = ("redis.asyncio", "redis.asyncio.client", "redis.asyncio.cluster", "aioredis", "aioredis.client")

KNOWN: dict[str, Constructor] = {
    **_rows(_names(_ASYNCIO, "create_task", "ensure_future"),
            Constructor(Binding.CREATION, STARTS_TASK, runs="task")),
    **_rows(_names(_ASYNCIO, "Future"), Constructor(Binding.CREATION, "holds a pending future")),
    **_rows(_names(_ASYNCIO, "get_running_loop", "get_event_loop"),
            Constructor(Binding.CREATION, "holds the event loop")),
    **_rows(_names(_ASYNCIO, "open_connection", "open_unix_connection"),
            Constructor(Binding.CREATION, "holds asyncio streams")),
    **_rows(_names(_ASYNCIO, "start_server", "start_unix_server"),
            Constructor(Binding.CREATION, "starts a server on its loop", runs="server")),
    **{name: Constructor(Binding.LAZY_WAIT, f"holds an asyncio.{name.rsplit('.', 1)[1]}")
       for name in _names(_ASYNCIO, "Queue", "LifoQueue", "PriorityQueue", "Event", "Condition", "Barrier")},
    **{name: Constructor(Binding.LAZY_CONTENDED, f"holds an asyncio.{name.rsplit('.', 1)[1]}")
       for name in _names(_ASYNCIO, "Lock", "Semaphore", "BoundedSemaphore")},
    # aiohttp: a session (and its connector) takes the running loop when it is made.
    **_rows(_names(("aiohttp", "aiohttp.client"), "ClientSession"),
            Constructor(Binding.CREATION, "holds an aiohttp.ClientSession")),
    **_rows(_names(("aiohttp", "aiohttp.connector"), "TCPConnector", "UnixConnector"),
            Constructor(Binding.CREATION, "holds an aiohttp connector")),
    **_rows(_names(("aiohttp.test_utils",), "TestServer", "TestClient", "RawTestServer"),
            Constructor(Binding.CREATION, "holds an aiohttp test server or client", runs="server")),
    **_rows(_names(("aiohttp.web", "aiohttp.web_runner"), "AppRunner", "TCPSite", "UnixSite"),
            Constructor(Binding.CREATION, "runs an aiohttp server on its loop", runs="server")),
    **_rows(_names(("aiohttp.web", "aiohttp.web_app"), "Application"),
            Constructor(Binding.SURVIVES, "an aiohttp Application")),
    # httpx: bound through its transport.
    **_rows(_names(("httpx", "httpx._client"), "AsyncClient"), Constructor(None, refine=_httpx_client)),
    **_rows(_IN_PROCESS_TRANSPORTS, Constructor(Binding.SURVIVES, "an in-process httpx transport")),
    **_rows(_NETWORK_TRANSPORTS, Constructor(Binding.LAZY_CLIENT, "holds an httpx transport")),
    **_rows(_names(("httpx",), "Client", "get", "post", "Response"),
            Constructor(Binding.SURVIVES, "sync httpx")),
    # Servers' drivers.
    **_rows(_names(("asyncpg", "asyncpg.connection", "asyncpg.pool"), "connect", "create_pool"),
            Constructor(Binding.CREATION, "holds an asyncpg connection or pool")),
    **_rows(_names(_REDIS, "Redis", "StrictRedis", "from_url", "Redis.from_url", "ConnectionPool",
                   "ConnectionPool.from_url", "RedisCluster", "BlockingConnectionPool"),
            Constructor(Binding.LAZY_CLIENT, "holds a redis.asyncio client")),
    **_rows(_names(("aioredis",), "create_redis_pool", "create_redis", "create_pool", "create_connection"),
            Constructor(Binding.CREATION, "holds an aioredis connection")),
    **_rows(_names(("fakeredis", "fakeredis.aioredis"), "FakeAsyncRedis", "FakeRedis",
                   "FakeAsyncRedis.from_url", "FakeRedis.from_url", "FakeServer"),
            Constructor(Binding.SURVIVES, "a fakeredis client")),
    **_rows(_names(("sqlalchemy.ext.asyncio", "sqlalchemy.ext.asyncio.engine"), "create_async_engine"),
            Constructor(None, refine=_sqlalchemy_engine)),
    **_rows(_names(("sqlalchemy.ext.asyncio", "sqlalchemy.ext.asyncio.session", "sqlalchemy.orm"),
                   "AsyncSession", "async_sessionmaker", "async_scoped_session", "sessionmaker"),
            Constructor(None)),
    **_rows(_names(("aiosqlite", "aiosqlite.core"), "connect", "Connection"),
            Constructor(Binding.SURVIVES, "an aiosqlite connection")),
    **_rows(_names(("anyio",), "Event", "create_memory_object_stream"),
            Constructor(Binding.SURVIVES, "an anyio primitive")),
    **_rows(_names(_MOCKS, "Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock",
                   "PropertyMock", "create_autospec", "patch", "patch.object", "patch.dict",
                   "patch.multiple"),
            Constructor(Binding.SURVIVES, "a mock")),
    **_rows(_names(("starlette.testclient", "fastapi.testclient"), "TestClient"),
            Constructor(Binding.SURVIVES, "a sync TestClient (runs its own loop)")),
}

#: Attribute names of pytest-mock's ``mocker`` that make mocks.
MOCKER_FACTORIES = frozenset({"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "PropertyMock",
                              "create_autospec", "patch", "spy", "stub", "async_stub"})
#: Methods that start a task or a future on the receiver's loop (``loop.create_task``, ``tg.create_task``).
TASK_METHODS = frozenset({"create_task", "create_future", "start_soon", "start"})
#: Methods a teardown calls to close a client or engine.
CLOSE_METHODS = frozenset({"aclose", "close", "dispose", "disconnect", "shutdown", "wait_closed"})


def lookup(qualified: str) -> Constructor | None:
    """The row for ``qualified``, if the table has one."""
    return KNOWN.get(qualified)
