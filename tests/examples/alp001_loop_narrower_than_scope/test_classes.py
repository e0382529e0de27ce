import pytest_asyncio


class TestThings:
    @pytest_asyncio.fixture(scope="class")  # expect: ALP001:5
    async def per_class(self):
        return 1

    @pytest_asyncio.fixture(scope="class", loop_scope="class")
    async def per_class_ok(self):
        return 1

    async def test_it(self, per_class):  # expect: ALP006:5
        assert per_class
