"""ALP009 stays silent: the same unseen patches, but the test asserts nothing about the mock, so an
unseen patch may leave it passing (the real function runs; the test checks something else)."""
from unittest import mock

import pytest

from app import mail
from app.users import welcome


def test_mocker(mocker) -> None:
    mocker.patch("app.mail.send_email", return_value="stub")
    assert welcome("ann@example.com") is not None


def test_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "SmtpClient", mock.MagicMock())
    welcome("ann@example.com")
