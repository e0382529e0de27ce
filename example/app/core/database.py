"""The database session factory the services use."""


class AsyncSession:
    """Stands in for an SQLAlchemy AsyncSession."""

    async def add(self, item: object) -> None:
        """Store ``item``."""

    async def commit(self) -> None:
        """Commit the unit of work."""


def AsyncSessionLocal() -> AsyncSession:  # noqa: N802 - named as SQLAlchemy projects do
    """Open a session."""
    return AsyncSession()
