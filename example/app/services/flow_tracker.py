"""Records user flows; imports the session factory late to avoid an import cycle."""


async def track(event: str) -> None:
    """Store one event."""
    from app.core.database import AsyncSessionLocal

    session = AsyncSessionLocal()
    await session.add(event)
    await session.commit()
