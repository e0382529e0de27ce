"""ALP009 stays silent: each firing case patched where the code under test looks the name up."""
from unittest import mock
from unittest.mock import patch

import pytest

from app import mail, users
from app.users import welcome


@patch("app.users.SmtpClient")
def test_decorator(client: mock.MagicMock) -> None:
    welcome("ann@example.com")
    client.assert_called_once()


def test_mocker(mocker) -> None:
    mocker.patch("app.users.deliver_email", return_value="stub")
    assert welcome("ann@example.com") == "stub"


def test_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "SmtpClient", mock.MagicMock())
    welcome("ann@example.com")


def test_with_block() -> None:
    with mock.patch.object(users, "deliver_email") as sender:
        welcome("ann@example.com")
    sender.assert_called_once()


def test_read_through_the_module(mocker) -> None:
    sender = mocker.patch("app.mail.send_email")  # users.notify() calls mail.send_email()
    users.notify("ann@example.com")
    sender.assert_called_once()


def test_own_global_read(mocker) -> None:
    audit = mocker.patch("app.mail.audit")  # mail.log_signup() reads its global audit
    welcome("ann@example.com")
    audit.assert_called_once()


def test_patching_a_class_attribute(mocker) -> None:
    deliver = mocker.patch("app.mail.SmtpClient.deliver")  # the class object is shared
    welcome("ann@example.com")
    deliver.assert_called_once()
