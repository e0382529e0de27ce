"""flake8-asyncloop: catch event-loop mistakes in async pytest suites before they run."""

__version__ = "0.2.0.dev0"
