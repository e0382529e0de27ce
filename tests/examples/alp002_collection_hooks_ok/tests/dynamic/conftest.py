"""A mark the plugin cannot read: these tests' loop is unknown, so they get no ALP002."""
import os

import pytest


def pytest_runtest_setup(item):
    scope = os.environ.get("DYNAMIC_LOOP_SCOPE", "session")
    item.add_marker(pytest.mark.asyncio(loop_scope=scope), append=False)
