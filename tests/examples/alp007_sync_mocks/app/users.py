import asyncio

from app import mail


async def welcome(to: str) -> str:
    await mail.send_email(to)
    body = mail.render(to)
    return await mail.Mailer().deliver(body)


async def signed_up(to: str) -> object:
    handler = mail.on_signup  # sync or async: a callback registry dispatches on its kind
    if asyncio.iscoroutinefunction(handler):
        return await handler(to)
    return handler(to)
