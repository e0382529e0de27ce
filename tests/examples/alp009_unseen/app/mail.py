def send_email(to: str) -> str:
    return f"sent to {to}"


class SmtpClient:
    def deliver(self, to: str) -> str:
        return f"delivered to {to}"


def audit(to: str) -> str:
    return to


def log_signup(to: str) -> str:
    return audit(to)
