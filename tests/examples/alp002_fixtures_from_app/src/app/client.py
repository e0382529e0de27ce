class Client:
    """Application code: never a fixture."""
