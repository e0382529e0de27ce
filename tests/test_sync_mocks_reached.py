"""ALP007 in process: a test that awaits, with the patch active, a project coroutine that awaits the
patched coroutine function (no assertion on the mock needed), and what keeps such a test silent."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .harness import write_files
from .in_process import lint

APP = {
    "pyproject.toml": '[project]\nname = "x"\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n',
    "app/__init__.py": "",
    "app/svc.py": """
        import asyncio


        async def fetch(x=1):
            return x


        class Client:
            async def get(self):
                return 1


        async def use():
            return await fetch(1)


        async def use_twice():
            first = await fetch(1)
            assert await fetch(2) is not None
            return first


        async def use_conditionally(flag):
            if flag:
                await fetch(1)


        async def use_shadowed(fetch):
            return await fetch(1)


        async def use_client(client):
            return await client.get()
    """,
    "app/guarded.py": """
        async def load():
            return 1


        async def use_guarded():
            try:
                return await load()
            except TypeError:
                return None
    """,
    "app/consumer.py": """
        from app import svc
        import app.svc


        async def through_alias():
            return await svc.fetch(2)


        async def through_dotted():
            await app.svc.fetch(3)
    """,
}


def findings(tmp_path: Path, body: str) -> list[int]:
    """Lines of ALP007 findings in a test module made of the imports and ``body``."""
    header = (
        "import pytest\nfrom unittest.mock import MagicMock, Mock, patch\n"
        "from app import consumer, svc\nfrom app.svc import Client\n\n\n"
    )
    write_files(tmp_path, {**APP, "tests/test_x.py": header + textwrap.dedent(body)}, dedent=True)
    return sorted(hit.row for hit in lint(["--select", "ALP007", "tests"], cwd=tmp_path).hits())


@pytest.mark.parametrize("body", [
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()):\n        await svc.use()\n',
    'async def test_t():\n    with patch("app.svc.fetch", new_callable=MagicMock):\n'
    '        await svc.use_twice()\n',
    'async def test_t(mocker):\n    mocker.patch("app.svc.fetch", new=MagicMock())\n'
    '    x = await svc.use()\n',
    'async def test_t(monkeypatch):\n    monkeypatch.setattr("app.svc.fetch", Mock())\n'
    '    assert await consumer.through_alias() == 2\n',
    '@patch("app.svc.fetch", new=MagicMock())\nasync def test_t():\n    await consumer.through_dotted()\n',
    'async def test_t():\n    patch("app.svc.fetch", new=MagicMock()).start()\n    await svc.fetch()\n',
])
def test_a_sure_await_of_the_target_fires(tmp_path: Path, body: str) -> None:
    lines = body.splitlines()
    patch_line = next(index for index, line in enumerate(lines) if "patch(" in line or "setattr(" in line)
    assert findings(tmp_path, body) == [patch_line + 7]


@pytest.mark.parametrize("body", [
    # the consumer catches the TypeError, or awaits only under a condition, or awaits its parameter
    'import app.guarded\n\n\nasync def test_t():\n    with patch("app.guarded.load", new=MagicMock()):\n'
    '        await app.guarded.use_guarded()\n',
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()):\n'
    '        await svc.use_conditionally(True)\n',
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()):\n'
    '        await svc.use_shadowed(svc.fetch)\n',
    # a method reached through an object is not followed
    'async def test_t():\n    with patch.object(Client, "get", MagicMock()):\n'
    '        await svc.use_client(Client())\n',
    # the test awaits only after the patch stopped, only under a condition, or expects the error
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()):\n'
    '        pass\n    await svc.use()\n',
    'async def test_t(flag=True):\n    patch("app.svc.fetch", new=MagicMock()).start()\n'
    '    if flag:\n        await svc.use()\n',
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()):\n'
    '        with pytest.raises(TypeError):\n            await svc.use()\n',
    # the mock's result is set up: it may be awaitable
    'async def test_t():\n    with patch("app.svc.fetch", new=MagicMock()) as m:\n'
    '        m.return_value = object()\n        await svc.use()\n',
])
def test_no_sure_await_stays_silent(tmp_path: Path, body: str) -> None:
    assert findings(tmp_path, body) == []
