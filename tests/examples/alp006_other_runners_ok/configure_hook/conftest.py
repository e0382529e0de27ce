"""A conftest that turns auto mode on for the run."""


def pytest_configure(config):
    config.option.asyncio_mode = "auto"
