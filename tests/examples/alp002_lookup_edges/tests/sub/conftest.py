import pytest


@pytest.fixture
def client(client):
    """Override-and-extend: the sync override hands on the session client from the conftest above."""
    return client
