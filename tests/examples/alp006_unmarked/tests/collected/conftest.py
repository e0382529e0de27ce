"""pytest-asyncio's recipe for loop scopes marks at collection: too late for an unmarked test (>= 0.23)."""
import pytest
from pytest_asyncio import is_async_test


def pytest_collection_modifyitems(items):
    for item in items:
        if is_async_test(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)
