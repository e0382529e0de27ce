from app import Client  # noqa: F401
from app.pytest_helpers import api_client, database_fixture  # noqa: F401
