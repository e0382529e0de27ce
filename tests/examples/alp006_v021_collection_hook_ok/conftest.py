"""pytest-asyncio 0.21 runs a test that a collection hook marks (0.23 and later do not)."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.21
import inspect

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.asyncio, append=False)
