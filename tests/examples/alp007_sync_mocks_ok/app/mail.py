async def send_email(to: str) -> str:
    return f"sent to {to}"


def render(to: str) -> str:
    return f"Hello {to}"


class Mailer:
    async def deliver(self, to: str) -> str:
        return f"delivered to {to}"


async def on_signup(to: str) -> str:
    return to
