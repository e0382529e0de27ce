"""ALP009 fires: the test patches where the name is defined, app.users imported it before the patch,
and the test asserts the mock was called (so it fails)."""
from unittest import mock
from unittest.mock import patch

import pytest

from app import mail
from app.users import welcome


@patch("app.mail.SmtpClient")  # expect: ALP009:2
def test_decorator(client: mock.MagicMock) -> None:
    welcome("ann@example.com")
    client.assert_called_once()


def test_mocker(mocker) -> None:
    sender = mocker.patch("app.mail.send_email", return_value="stub")  # expect: ALP009:14
    welcome("ann@example.com")
    assert sender.call_count == 1


def test_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> None:
    client = mock.MagicMock()
    monkeypatch.setattr(mail, "SmtpClient", client)  # expect: ALP009:5
    welcome("ann@example.com")
    assert client.called


def test_with_block() -> None:
    with mock.patch.object(mail, "send_email") as sender:  # expect: ALP009:10
        welcome("ann@example.com")
    sender.assert_called_once()
