from app import mail
from app.mail import SmtpClient, audit, log_signup
from app.mail import send_email as deliver_email


def welcome(to: str) -> str:
    log_signup(to)
    SmtpClient().deliver(to)
    return deliver_email(to)


def notify(to: str) -> str:
    audit(to)
    return mail.send_email(to)
