"""The long-lived caches leave the garbage collector's walks: collected and frozen each time they
double, unfrozen when the caches are reset, and never in the way of freeing per-file garbage."""

from __future__ import annotations

import gc
import weakref

from flake8_asyncloop.caches import CACHES, FIRST_FREEZE, ProcessCaches


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_second_file_freezes_the_start_up_heap() -> None:
    CACHES.reset()  # whatever an in-process lint earlier in this worker left frozen
    assert gc.get_freeze_count() == 0
    caches = ProcessCaches()
    try:
        caches.settle()
        assert gc.get_freeze_count() == 0  # a run of one file pays for no collection
        young = Cycle()
        gone = weakref.ref(young)
        del young
        caches.settle()
        assert gc.get_freeze_count() > 0
        assert gone() is None  # the young collection before the freeze frees what just died
    finally:
        caches.reset()
    assert gc.get_freeze_count() == 0


def test_settle_freezes_again_only_after_the_caches_doubled() -> None:
    CACHES.reset()
    caches = ProcessCaches()
    try:
        caches.settle()
        caches.settle()  # the start-up heap
        started = gc.get_freeze_count()
        for _ in range(FIRST_FREEZE - 1):
            caches.grew()
        caches.settle()
        assert gc.get_freeze_count() <= started  # no freeze (frozen objects may still die)
        caches.grew()
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        caches.settle()  # collects before it freezes: the cycle is freed, not frozen forever
        assert gc.get_freeze_count() > started and gone() is None
        frozen = gc.get_freeze_count()
        for _ in range(FIRST_FREEZE - 1):
            caches.grew()
        caches.settle()  # 15 new against 16 frozen: not yet doubled
        assert gc.get_freeze_count() <= frozen
    finally:
        caches.reset()
    assert gc.get_freeze_count() == 0


def test_reset_unfreezes() -> None:
    for _ in range(FIRST_FREEZE):
        CACHES.grew()
    CACHES.settle()
    assert gc.get_freeze_count() > 0
    CACHES.reset()
    assert gc.get_freeze_count() == 0
