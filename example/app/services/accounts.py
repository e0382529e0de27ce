"""Accounts: binds send_welcome at import time, as most code does."""

from app.services.mailer import send_welcome


def register(email: str) -> str:
    """Create the account and welcome its owner."""
    return send_welcome(email)
