async def test_self_named_override(client):  # expect: ALP002:1
    pass


async def test_star_import_honours_all(engine, pool):  # expect: ALP002:1
    pass


async def test_star_import_cycle(queue):  # expect: ALP002:1
    pass


async def test_nested_pytest_plugins(broker):  # expect: ALP002:1
    pass
