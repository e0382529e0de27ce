from tests.fixtures.clients import *  # noqa: F401,F403
