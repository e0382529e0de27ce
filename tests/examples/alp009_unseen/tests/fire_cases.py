"""ALP009 fires: the test patches where the name is defined; app.users imported it before the patch."""
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
    mocker.patch("app.mail.send_email", return_value="stub")  # expect: ALP009:5
    assert welcome("ann@example.com") == "stub"


def test_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "SmtpClient", mock.MagicMock())  # expect: ALP009:5
    welcome("ann@example.com")


def test_with_block() -> None:
    with mock.patch.object(mail, "send_email") as sender:  # expect: ALP009:10
        welcome("ann@example.com")
    sender.assert_called_once()
