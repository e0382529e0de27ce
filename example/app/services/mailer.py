"""Renders the welcome mail."""


def send_welcome(to: str) -> str:
    """Send the welcome mail to ``to``."""
    return f"welcome {to}"
