"""The examples under tests/examples are projects for flake8 to read, never tests for pytest to run."""

collect_ignore = ["examples"]
