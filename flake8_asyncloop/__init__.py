"""flake8-asyncloop: catch event-loop mistakes in async pytest suites before they run."""

__version__ = "0.1.0"
