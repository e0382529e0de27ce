"""pytest's fixture scopes, narrow to wide, in one place so every rule ranks them alike."""

from __future__ import annotations

SCOPES: tuple[str, ...] = ("function", "class", "module", "package", "session")


def is_scope(name: object) -> bool:
    """True for one of the five scope names pytest accepts (exact spelling, as pytest compares)."""
    return isinstance(name, str) and name in SCOPES


def scope_rank(name: str) -> int:
    """0 for ``function`` up to 4 for ``session``; ValueError for anything else."""
    try:
        return SCOPES.index(name)
    except ValueError:
        raise ValueError(f"{name!r} is not a pytest scope; expected one of {', '.join(SCOPES)}") from None
