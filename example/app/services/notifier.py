"""Notifications; the signup flow awaits them."""


async def notify(user: str) -> None:
    """Tell the user they are in."""


async def signup(user: str) -> str:
    """Register the user, then notify them."""
    await notify(user)
    return user
