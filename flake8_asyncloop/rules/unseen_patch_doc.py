"""The page prose of ALP009 (kept apart: the rule module stays about the rule)."""

DOC = """\
## What it catches

TODO
"""
