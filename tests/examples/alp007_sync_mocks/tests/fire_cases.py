"""ALP007 fires: a MagicMock/Mock in place of a coroutine function the code awaits, in each call form."""
from unittest import mock
from unittest.mock import MagicMock, Mock, patch

import pytest

from app import mail, users
from app.mail import Mailer


async def test_new_magicmock(mocker) -> None:
    sender = mocker.patch("app.mail.send_email", new=MagicMock())  # expect: ALP007:14
    await users.welcome("ann@example.com")
    sender.assert_called_once_with("ann@example.com")


async def test_new_callable() -> None:
    with patch("app.mail.send_email", new_callable=MagicMock) as sender:  # expect: ALP007:10
        await users.welcome("ann@example.com")
    assert sender.called


@patch.object(Mailer, "deliver", new_callable=Mock)  # expect: ALP007:2
async def test_decorated_method(deliver: Mock) -> None:
    await users.welcome("ann@example.com")
    deliver.assert_called_once()


async def test_monkeypatch_with_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.mail.send_email", MagicMock(return_value="sent"))  # expect: ALP007:5
    assert await users.welcome("ann@example.com")


async def test_local_mock(mocker) -> None:
    fake = mock.MagicMock()
    mocker.patch.object(mail, "send_email", fake)  # expect: ALP007:5
    await users.welcome("ann@example.com")
    assert fake.call_count == 1


def test_sync_test_running_a_loop() -> None:
    import asyncio

    patch("app.mail.send_email", MagicMock()).start()  # expect: ALP007:5
    asyncio.run(users.welcome("ann@example.com"))
    mail.send_email.assert_called()
    patch.stopall()
