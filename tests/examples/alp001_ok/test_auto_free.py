import pytest


@pytest.fixture(scope="module")
def sync_module_fixture():
    return 1


def test_sync(sync_module_fixture):
    assert sync_module_fixture
