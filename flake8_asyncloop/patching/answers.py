"""The patch rules' questions about one file, answered from the disk cache when nothing they read
has changed, so a warm run never imports astroid.

The questions are what ALP004, ALP007 and ALP009 ask the resolver: the problems of a target, whether
a target's attribute is a coroutine function, and which consumer never sees a patch.  Each is keyed
by what it reads of the test file (the target as written — not its line — and digests of the file's
imports and run-time reads), so an edit elsewhere in the test keeps the answers.  The answers of a
file are stored together, with the stamps of every path they read (``stamps``) and every module
lookup they made; one changed stamp, one module found elsewhere, or other search roots, and the
whole entry is recomputed.  Answers are plain data: ``Problem`` fields, a bool, a consumer pair.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from .. import shared_stamps, stamps
from ..caches import PerRun
from ..disk_cache import DiskCache, cache_for, checked_file_key
from ..pytest_world.project import project_folder
from .finder import ModuleFinder, location_data
from .module_reads import module_level_imports
from .roots import finder_for
from .targets import PatchTarget
from .values import Problem, ProblemKind, Unseen

if TYPE_CHECKING:
    from .file_patches import FilePatches
    from .unseen import UnseenPatches

T = TypeVar("T")

#: Answers that read more paths and modules than this are not stored.
MAX_DEPENDENCIES: Final = 3000
#: The part of a checked file's entry the answers attach to (``disk_cache.DiskCache.gathering``).
PART: Final = "patch_answers"


class PatchAnswers:
    """The answers for one file: from its cache entry while that holds, else from the resolver."""

    def __init__(self, patches: FilePatches) -> None:
        context = patches.context
        self._patches = patches
        self._filename = context.filename
        self._finder = finder_for(context.filename, context.settings.source_roots)
        path = os.path.abspath(context.filename)
        self._key = path
        self._cache = cache_for(project_folder(Path(path).parent), context.settings.cache_folder)
        self._recorder = stamps.Recorder()
        self._answers: dict[str, Any] = {}
        self._dirty = False
        self._imports = _digest(sorted(patches.file_imports))
        self._roots_key = json.dumps(self._finder.roots)
        self._unseen: UnseenPatches | None = None
        if self._cache is not None:
            self._load(self._cache)

    @property
    def finder(self) -> ModuleFinder:
        """The process's module finder for this file's roots (no astroid)."""
        return self._finder

    def problems(self, target: PatchTarget) -> list[Problem]:
        """ALP004: the problems of ``target`` (``Resolver.check``)."""
        def compute() -> Any:
            problems = self._patches.resolver().check(target)
            return [{**dataclasses.asdict(p), "kind": p.kind.value} for p in problems]

        def decode(stored: Any) -> list[Problem]:
            return [Problem(**{**fields, "kind": ProblemKind(fields["kind"])}) for fields in stored]

        return self._ask(["check", *_target(target), self._imports], compute, decode, shared=True)

    def is_coroutine(self, target: PatchTarget, attribute: str) -> bool:
        """ALP007: whether ``owner.attribute`` is a plain coroutine function when the patch starts."""
        def compute() -> Any:
            from .awaitables import coroutine_functions  # noqa: PLC0415

            lookup = self._patches.resolver().resolve(target, attribute)
            return lookup is not None and coroutine_functions(lookup.values) is not None

        question = ["coroutine", *_target(target), attribute, self._imports]
        return self._ask(question, compute, bool, shared=True)

    def unseen(
        self, tree: ast.Module, lines: list[str], target: PatchTarget, attribute: str
    ) -> Unseen | None:
        """ALP009: the consumer that never sees the patch of ``owner.attribute``, or None.  Asked in two
        steps: whether a consumer bound the name (from the test's imports), and only if one did,
        whether anything else sees the patch (from the test's whole text)."""
        def candidate() -> Any:
            found = self._unseen_patches(tree).candidate(target, attribute)
            return None if found is None else [found[1].consumer, found[1].local]

        imports = _digest(list(module_level_imports(tree)))
        question = [*_target(target), attribute, self._imports, imports]
        found = self._ask(["consumer", *question], candidate, _unseen)
        if found is None:
            return None

        def seen() -> Any:
            patches = self._unseen_patches(tree)
            again = patches.candidate(target, attribute)
            return again is None or patches.seen(again[0], attribute, again[1])

        text = _digest("".join(lines)) if self._cache is not None else ""
        return None if self._ask(["seen", *question, text], seen, bool) else found

    def flush(self) -> None:
        """Store the file's answers if any was computed this run, unless they read so many files
        (a whole large package, for ALP009) that checking them would cost what answering does."""
        if not self._dirty or self._cache is None:
            return
        self._dirty = False
        paths = self._recorder.stamped()
        if paths is None or len(paths) + len(self._recorder.modules) > MAX_DEPENDENCIES:
            return
        entry = {
            "roots": self._finder.roots,
            "stamps": shared_stamps.pack(self._cache, self._recorder, paths),
            "modules": self._recorder.modules,
            "answers": self._current_answers(),
        }
        if not self._cache.attach(checked_file_key(self._key), PART, entry):
            self._cache.store(self._key, entry)  # no entry of the file's findings is being written

    def _current_answers(self) -> dict[str, Any]:
        """The answers about the file's targets as they are now, with its imports as they are now:
        an entry edited for hours does not keep every question it was ever asked."""
        targets = [_target(t) for t in self._patches.targets()]
        kept = {}
        for key, value in self._answers.items():
            question = json.loads(key)
            if question[1:7] in targets and self._imports in question:
                kept[key] = value
        return kept

    def _ask(
        self, question: list[Any], compute: Callable[[], Any], decode: Callable[[Any], T],
        shared: bool = False,
    ) -> T:
        key = json.dumps(question)
        if key in self._answers:
            try:
                return decode(self._answers[key])
            except (TypeError, ValueError, KeyError, IndexError):
                pass  # an entry this version did not write: answer again
        if shared:
            value = self._shared(key, compute)
        elif self._cache is None:
            value = compute()
        else:
            with stamps.recording(self._recorder):
                value = compute()
            self._dirty = True
        self._answers[key] = value
        return decode(value)

    def _shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """An answer that depends on the target and the file's imports alone: computed once per run
        for every file that asks it with the same roots, and what computing it read is added to
        each asking file's record."""
        answers = _ANSWERS.current()
        memo_key = (self._roots_key, key)
        found = answers.get(memo_key)
        if found is None or (found[1] is None and self._cache is not None):
            if self._cache is None:
                found = (compute(), None)
            else:
                with stamps.recording(stamps.Recorder()) as recorded:
                    found = (compute(), recorded.seal())
            answers[memo_key] = found
        value, read = found
        if self._cache is not None and read is not None:
            with stamps.recording(self._recorder):
                stamps.replay(read)  # into this file's record and every one open around it
            for key in read.done:
                self._recorder.mark(key)
            self._dirty = True
        return value

    def _load(self, cache: DiskCache) -> None:
        """Take the stored answers if every path and module they read is as it was: attached to the
        entry of the file's findings, or in an entry of their own."""
        whole = cache.load(checked_file_key(self._key))
        parts = whole.get("parts") if isinstance(whole, dict) else None
        entry = parts.get(PART) if isinstance(parts, dict) else None
        if entry is None:
            entry = cache.load(self._key)
        if not isinstance(entry, dict) or entry.get("roots") != self._finder.roots:
            return
        modules, answers = entry.get("modules"), entry.get("answers")
        if not (isinstance(modules, dict) and isinstance(answers, dict)):
            return
        held = shared_stamps.holding(cache, entry.get("stamps"))
        if held is None:
            return
        if not all(location_data(self._finder.find(name)) == where for name, where in modules.items()):
            return
        shared_stamps.take(self._recorder, *held)
        self._recorder.modules.update(modules)
        self._recorder.roots = self._finder.roots
        self._answers.update(answers)
        stamps.replay(self._recorder)  # the whole file's findings depend on what these answers read

    def _unseen_patches(self, tree: ast.Module) -> UnseenPatches:
        if self._unseen is None:
            from .unseen import UnseenPatches  # noqa: PLC0415 - astroid only when an answer is missing

            self._unseen = UnseenPatches(self._filename, tree, self._patches.resolver())
        return self._unseen


#: This run's shared answers (``PatchAnswers._shared``), by key: the answer with what computing it
#: read (None when it was computed without recording).
_ANSWERS: PerRun[tuple[str, str], tuple[Any, stamps.Recorder | None]] = PerRun()


def _unseen(stored: Any) -> Unseen | None:
    return None if stored is None else Unseen(str(stored[0]), str(stored[1]))


def _target(target: PatchTarget) -> list[Any]:
    """What the resolver reads of a target: not where it is written."""
    return [target.api, target.family, target.owner, list(target.attributes), target.form, target.deletes]


def _digest(value: Any) -> str:
    return stamps.digest(json.dumps(value).encode("utf-8", "surrogateescape"), 12)
