"""ALP002 stays silent: values that never reach the test, sync tests, unknown loops."""
from unittest import mock

import pytest

LOOP = "session"


@pytest.mark.usefixtures("client")
@pytest.mark.asyncio
async def test_usefixtures_hands_nothing_on():
    pass


@pytest.mark.asyncio
async def test_autouse_hands_nothing_on():
    pass


def test_sync_test_runs_on_no_loop(client):
    assert client


@pytest.mark.asyncio
@pytest.mark.parametrize("client", [1, 2])
async def test_parametrize_replaces_the_fixture(client):
    pass


@pytest.mark.asyncio
async def test_third_party_fixture(mocker, unknown_plugin_fixture):
    pass


async def test_unmarked_in_strict_mode(client):  # expect: ALP006:1
    """pytest-asyncio does not run it at all in strict mode (no loop to compare)."""


@pytest.mark.asyncio(loop_scope=LOOP)
async def test_non_literal_mark(client):
    pass


@pytest.mark.asyncio(loop_scope="session")
async def test_same_loop(client, session_user):
    pass


@pytest.mark.asyncio
async def test_strict_mode_plain_fixture(plain_async_in_strict_mode, explicit_none):
    pass


@pytest.mark.asyncio
@mock.patch("os.getcwd")
async def test_mock_argument_is_not_a_fixture(client):
    """The patch decorator fills the first parameter with a mock."""


class Helper:
    @pytest.mark.asyncio
    async def test_not_collected(self, client):
        """Not a Test* class: pytest does not collect it."""


class TestWithInit:
    def __init__(self):
        self.x = 1

    @pytest.mark.asyncio
    async def test_not_collected_either(self, client):
        pass
