"""In auto mode an unmarked async test already carries a bare asyncio mark: append=True comes after it."""
import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.asyncio(loop_scope="session"))
