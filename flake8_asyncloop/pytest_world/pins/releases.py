"""The pytest-asyncio releases on PyPI, for "the newest release a range allows".

Taken from ``pip index versions pytest-asyncio`` (which leaves out yanked releases, such as
0.22.0: pip never picks a yanked release for a range, so neither does the plugin).  Post releases
(0.23.5.post1, 1.4.1.post1) behave as their release and are listed once, as it.  Add a row when
pytest-asyncio releases; a range above the newest row means "newer than this plugin knows", which
gets the newest behaviour.
"""

from __future__ import annotations

from .specifiers import Constraint, Version

KNOWN_RELEASES: tuple[Version, ...] = (
    (1, 5, 0), (1, 4, 1), (1, 4, 0), (1, 3, 0), (1, 2, 0), (1, 1, 1), (1, 1, 0), (1, 0, 0),
    (0, 26, 0), (0, 25, 3), (0, 25, 2), (0, 25, 1), (0, 25, 0), (0, 24, 0),
    (0, 23, 8), (0, 23, 7), (0, 23, 6), (0, 23, 5), (0, 23, 4), (0, 23, 3), (0, 23, 2), (0, 23, 1),
    (0, 23, 0), (0, 21, 2), (0, 21, 1), (0, 21, 0), (0, 20, 3), (0, 20, 2), (0, 20, 1), (0, 20, 0),
    (0, 19, 0), (0, 18, 3), (0, 18, 2), (0, 18, 1), (0, 18, 0), (0, 17, 2), (0, 17, 1), (0, 17, 0),
    (0, 16, 0), (0, 15, 1), (0, 15, 0), (0, 14, 0), (0, 12, 0), (0, 11, 0), (0, 10, 0), (0, 9, 0),
    (0, 8, 0), (0, 7, 0), (0, 6, 0), (0, 5, 0), (0, 4, 1), (0, 3, 0), (0, 2, 0), (0, 1, 3), (0, 1, 2),
    (0, 1, 1), (0, 1, 0),
)
NEWEST: Version = KNOWN_RELEASES[0]
_BEYOND_NEWEST: tuple[Version, ...] = (
    (NEWEST[0], NEWEST[1], NEWEST[2] + 1),
    (NEWEST[0], NEWEST[1] + 1, 0),
    (NEWEST[0] + 1, 0, 0),
)


def newest_allowed(constraint: Constraint) -> Version | None:
    """The newest known release the constraint allows; NEWEST when it only allows later ones."""
    for release in KNOWN_RELEASES:
        if constraint.allows(release):
            return release
    if any(constraint.allows(later) for later in _BEYOND_NEWEST):
        return NEWEST
    return None
