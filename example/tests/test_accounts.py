"""ALP009: patching a name where it is defined, not where the code under test looks it up."""

from unittest.mock import patch

from app.services.accounts import register


def test_register_patches_the_definition() -> None:
    with patch("app.services.mailer.send_welcome") as send:  # expect: ALP009:10
        register("ann@example.com")
    send.assert_called_once_with("ann@example.com")


def test_register() -> None:
    """The fix: patch the name app.services.accounts looks up."""
    with patch("app.services.accounts.send_welcome") as send:
        register("ann@example.com")
    send.assert_called_once_with("ann@example.com")
