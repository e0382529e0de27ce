"""Configuration only: the fixtures live in tests/fixtures/."""

from tests.fixtures.http import client

__all__ = ["client"]
