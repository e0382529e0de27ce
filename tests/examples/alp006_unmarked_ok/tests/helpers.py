"""Not a test module (python_files): pytest never collects these."""


async def test_connection():
    return True
