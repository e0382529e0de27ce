async def test_marked_at_collection():  # expect: ALP006:1
    assert True
