"""aiohttp's own plugin runs every coroutine test and fixture."""
pytest_plugins = ["aiohttp.pytest_plugin"]
