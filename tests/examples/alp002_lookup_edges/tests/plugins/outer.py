pytest_plugins = ["tests.plugins.inner"]
