from app.client import Client

__all__ = ["Client"]
