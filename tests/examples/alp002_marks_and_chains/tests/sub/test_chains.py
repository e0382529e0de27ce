import pytest


async def test_through_two_sync_fixtures(wrapped):  # expect: ALP002:1
    pass


async def test_through_async_user(user):
    """user itself is flagged where it is defined; the test is on user's loop."""


async def test_wider_fixture_loop(module_loop_helper):  # expect: ALP002:1
    pass


async def test_plugin_fixture(pool):  # expect: ALP002:1
    pass


@pytest.mark.asyncio(scope="package")
async def test_deprecated_scope_keyword(pool):
    pass


@pytest.mark.asyncio(loop_scope="module")
async def test_fixture_narrower_than_test(user):  # expect: ALP002:1
    pass
