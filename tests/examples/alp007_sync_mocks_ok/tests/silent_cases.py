"""ALP007 stays silent: the twin of each firing case with its fix, and mocks that never break await."""
import asyncio
from unittest import mock
from unittest.mock import AsyncMock, MagicMock, Mock, patch

import pytest

from app import mail, users
from app.mail import Mailer


async def test_new_asyncmock(mocker) -> None:
    sender = mocker.patch("app.mail.send_email", new=AsyncMock())
    await users.welcome("ann@example.com")
    sender.assert_called_once_with("ann@example.com")


async def test_new_callable_asyncmock() -> None:
    with patch("app.mail.send_email", new_callable=AsyncMock) as sender:
        await users.welcome("ann@example.com")
    assert sender.called


@patch.object(Mailer, "deliver")  # no new: patch picks an AsyncMock for a coroutine function
async def test_decorated_method(deliver: Mock) -> None:
    await users.welcome("ann@example.com")
    deliver.assert_called_once()


async def test_monkeypatch_with_awaitable_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.mail.send_email", AsyncMock(return_value="sent"))
    assert await users.welcome("ann@example.com")


async def test_local_mock_configured(mocker) -> None:
    fake = mock.MagicMock()
    fake.side_effect = AsyncMock(return_value="sent")
    mocker.patch.object(mail, "send_email", fake)
    await users.welcome("ann@example.com")
    assert fake.call_count == 1


def test_sync_test_running_a_loop() -> None:
    patch("app.mail.send_email", AsyncMock()).start()
    asyncio.run(users.welcome("ann@example.com"))
    mail.send_email.assert_called()
    patch.stopall()


async def test_spec_wraps_side_effect(mocker) -> None:
    real = mail.send_email
    mocker.patch("app.mail.send_email", new=MagicMock(spec=real)).assert_not_called()  # async itself
    mocker.patch("app.mail.send_email", new=MagicMock(wraps=real)).assert_not_called()  # gives the coroutine
    mocker.patch("app.mail.send_email", new=MagicMock(side_effect=RuntimeError("down")))
    mocker.patch("app.mail.send_email", new_callable=MagicMock, spec=real)
    await users.welcome("ann@example.com")


async def test_sync_target(mocker) -> None:
    render = mocker.patch("app.mail.render", new=MagicMock(return_value="Hi"))
    await users.welcome("ann@example.com")
    render.assert_called_once()


async def test_not_called(mocker) -> None:
    sender = mocker.patch("app.mail.send_email", new=MagicMock())
    sender.assert_not_called()


async def test_dispatched_on_its_kind(mocker) -> None:
    handler = mocker.patch("app.mail.on_signup", new=MagicMock(return_value="ok"))
    assert await users.signed_up("ann@example.com") == "ok"
    handler.assert_called_once()


def test_sync_test_runs_no_loop() -> None:
    with patch("app.mail.send_email", new=MagicMock()) as sender:
        coroutine = users.welcome("ann@example.com")  # never run: this test runs no loop
    coroutine.close()
    assert sender.call_count == 0
