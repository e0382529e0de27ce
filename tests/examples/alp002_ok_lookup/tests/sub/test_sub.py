async def test_uses_the_nearest_client(client):
    pass
