import pytest


@pytest.mark.asyncio
async def test_session(session):  # expect: ALP002:1
    await session.get("http://localhost:8000")


@pytest.mark.asyncio
async def test_api(api):  # expect: ALP002:1
    await api.get("/")


@pytest.mark.asyncio
async def test_counter(counter):  # expect: ALP002:1
    assert counter["ticks"] >= 0


@pytest.mark.asyncio
async def test_notifier(notifier):  # expect: ALP002:1
    assert notifier.loop


@pytest.mark.asyncio
async def test_two_bound_fixtures_one_finding(pool, session):  # expect: ALP002:1
    assert pool and session


@pytest.mark.asyncio(loop_scope="session")
async def test_on_the_fixtures_loop(session, api, counter, notifier, pool):
    assert session and api and counter and notifier and pool


@pytest.mark.asyncio
async def test_silenced(session):  # noqa: ALP002
    assert session
