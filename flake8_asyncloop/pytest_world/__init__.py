"""What pytest and pytest-asyncio will do with the project: configuration, versions, scopes, fixtures."""
