"""A trylast setup hook runs after pytest's own setup has chosen the loop: its mark comes too late."""
import pytest


@pytest.hookimpl(trylast=True)
def pytest_runtest_setup(item):
    item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)
