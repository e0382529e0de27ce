"""A cache on disk, shared by every flake8 run of a project: answers that cost a parse of other files.

Like ``.pytest_cache`` or ``.ruff_cache``: a folder (``--asyncloop-cache-dir``, by default
``.asyncloop_cache`` in the project's top folder) holding a ``.gitignore`` of ``*`` and one folder
per *namespace* — the cache format, the plugin's version and the digest of its source files, and
the Python version — so another plugin or interpreter never reads an entry it did not write (and
old namespaces are removed when a new one is made).

Entries are JSON of plain data, one file per key — except checked files' entries, kept one file
per folder of checked files and writer (``disk_buckets``) — written to a temporary file in the same
folder and renamed over the old one: parallel ``--jobs`` workers and editor runs read the old file
or the new one, never half of one.  Whatever cannot be read back as this namespace's entry for this
key is a miss; a folder that cannot be written turns the cache off for the run, with one line on
stderr.  Nothing here knows what is stored (see ``patching.answers``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from . import once, stamps
from .caches import CACHES
from .disk_buckets import Buckets, bucket_of, flush_at_exit, flush_waiting, remove_quietly

FORMAT: Final = "2"
DEFAULT_FOLDER: Final = ".asyncloop_cache"
#: The cache folder's tag (https://bford.info/cachedir/): backup tools skip the folder, and so do
#: the plugin's own walks of a project (``is_own_cache``).
CACHE_TAG: Final = "CACHEDIR.TAG"
_TAG_TEXT: Final = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by flake8-asyncloop.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_PACKAGE: Final = Path(__file__).resolve().parent


def namespace() -> str:
    """This plugin's and interpreter's folder name inside the cache."""
    if not _NAMESPACE:
        from . import __version__

        python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
        _NAMESPACE.append(f"v{FORMAT}-{__version__}-{python}-{_code_digest()}")
    return _NAMESPACE[0]


_NAMESPACE: list[str] = []
CACHES.register(_NAMESPACE.clear)


def _code_digest() -> str:
    """The plugin's own source files (names, times, sizes): a changed plugin never reads old answers."""
    found = sorted(_sources(str(_PACKAGE), ""))
    files = "".join(f"{name}:{info.st_mtime_ns}:{info.st_size};" for name, info in found)
    return stamps.digest(files.encode("utf-8", "surrogateescape"), 6)


def _sources(folder: str, prefix: str) -> list[tuple[str, os.stat_result]]:
    """The ``.py`` files below ``folder`` with their stats (``os.scandir``: read at every flake8 start)."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    found.append((prefix + entry.name, entry.stat()))
                elif entry.is_dir() and entry.name != "__pycache__":
                    found += _sources(entry.path, f"{prefix}{entry.name}/")
    except OSError:
        pass
    return found


_CHECKED: Final = "findings:"


def checked_file_key(path: str) -> str:
    """The key of a checked file's entry (``result_cache``), which also carries the parts other
    answers about the file attach to it (``gathering``); kept in its folder's bucket."""
    return _CHECKED + path


class DiskCache:
    """One cache folder; ``load`` and ``store`` never raise."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.enabled = True
        self._space = folder / namespace()
        self._prepared = False
        self._buckets = Buckets(self._space, self._space.name)
        #: Entries being gathered (``gathering``): key -> the parts attached so far.
        self._gathered: dict[str, dict[str, Any]] = {}
        self._loaded: dict[str, Any] = {}

    @contextlib.contextmanager
    def gathering(self, key: str) -> Iterator[dict[str, Any]]:
        """While a file is checked, other answers about it ``attach`` to its entry instead of writing
        an entry of their own: creating a file costs this kind of filesystem 0.2-1 ms, more than
        the rest of storing an entry.  Yields the attached parts, for the entry's writer."""
        parts = self._gathered[key] = {}
        try:
            yield parts
        finally:
            del self._gathered[key]
            self._loaded.pop(key, None)

    def attach(self, key: str, part: str, value: Any) -> bool:
        """Hand ``value`` to the entry of ``key`` being gathered, as ``part``; False when none is."""
        parts = self._gathered.get(key)
        if parts is None or not self.enabled:
            return False
        parts[part] = value
        return True

    def load(self, key: str) -> Any:
        """The value stored for ``key`` in this namespace, or None (read once while it is gathered)."""
        if key not in self._gathered:
            return self._read(key)
        if key not in self._loaded:
            self._loaded[key] = self._read(key)
        return self._loaded[key]

    def _read(self, key: str) -> Any:
        if not self.enabled:
            return None
        bucket = bucket_of(key, _CHECKED)
        if bucket is not None:
            return self._buckets.load(bucket, key)
        try:
            with open(self._path(key), "rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if entry.get("namespace") != self._space.name:
            return None
        return entry.get("value")

    def prepare(self) -> bool:
        """Make the folder now, before any file is checked: a cache folder made later would change
        the listing of the folder it is in, which some answers read.  False: the cache is off."""
        if not self.enabled or self._prepared:
            return self.enabled
        try:
            self._prepare()
            self._prepared = True
        except OSError as exc:
            self._off(exc)
        return self.enabled

    def store(self, key: str, value: Any) -> None:
        """Write ``value`` (JSON-able plain data) for ``key``, atomically (a checked file's entry: with
        its bucket, ``disk_buckets``)."""
        if not self.enabled:
            return
        try:
            self._prepare()
            bucket = bucket_of(key, _CHECKED)
            if bucket is not None:
                self._buckets.store(bucket, key, value)
                flush_at_exit(self.flush)
                return
            entry = {"namespace": self._space.name, "key": key, "value": value}
            data = json.dumps(entry, separators=(",", ":")).encode("utf-8")
        except (OSError, ValueError, TypeError, RecursionError) as exc:
            self._off(exc)
            return
        self._write(self._path(key), data)

    def flush(self) -> None:
        """Finish the buckets of checked files' entries this process writes."""
        if not self.enabled:
            return
        try:
            self._buckets.flush()
        except Exception as exc:  # noqa: BLE001 - also called at exit: one line, never a traceback
            self._off(exc)

    def new_run(self) -> None:
        """Another run of this process: read the buckets again (other runs may have written)."""
        self._buckets.forget()

    def _write(self, path: Path, data: bytes) -> None:
        """Write ``data`` at ``path`` through a temporary file renamed over it; the cache goes off
        (one stderr line) when that fails."""
        if not self.enabled:
            return
        try:
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self._space)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                remove_quietly(temporary)
                raise
        except OSError as exc:
            self._off(exc)

    def _off(self, exc: Exception) -> None:
        self.enabled = False
        self._buckets.drop()
        _say_off(self.folder, exc)

    def _path(self, key: str) -> Path:
        name = stamps.digest(key.encode("utf-8", "surrogateescape"), 20)
        return self._space / f"{name}.json"

    def _prepare(self) -> None:
        """Make the folder (with its ``.gitignore``) and this namespace's folder, dropping old ones."""
        if self._space.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by flake8-asyncloop.\n*\n", encoding="utf-8")
        tag = self.folder / CACHE_TAG
        if not tag.exists():
            tag.write_text(_TAG_TEXT, encoding="utf-8")
        for old in self.folder.iterdir():
            if old.is_dir() and old.name.startswith("v") and old.name != self._space.name:
                shutil.rmtree(old, ignore_errors=True)
        self._space.mkdir(exist_ok=True)


def is_own_cache(folder: str, files: list[str]) -> bool:
    """Whether ``folder``, holding the files ``files``, is a cache folder of this plugin.  A walk of
    the project (which may hold the cache: ``--asyncloop-cache-dir``) skips it: every entry written
    changes what is in it, so an answer that listed it would never hold, and it holds no code."""
    if CACHE_TAG not in files:
        return False
    tag = os.path.join(folder, CACHE_TAG)
    stamps.note(tag)
    try:
        with open(tag, encoding="utf-8", errors="replace") as handle:
            return "flake8-asyncloop" in handle.read(200)
    except OSError:
        return False


def _say_off(folder: Path, exc: Exception) -> None:
    line = (
        f"flake8-asyncloop: cannot write the cache folder {folder} ({type(exc).__name__}: {exc}); "
        "running without a cache (see --asyncloop-cache-dir, --asyncloop-no-cache)\n"
    )
    if once.first_time(f"cache-off:{folder}"):
        sys.stderr.write(line)


_CACHES: dict[Path, DiskCache] = {}
CACHES.register(flush_waiting)  # before the caches are dropped: a long-lived process's entries
CACHES.register(_CACHES.clear)


def new_run() -> None:
    """A run starts: write what an earlier run of this process still keeps, and read afresh."""
    flush_waiting()
    for cache in _CACHES.values():
        cache.new_run()


def cache_for(project: Path, cache_dir: str | None) -> DiskCache | None:
    """The cache of the project whose top folder is ``project``; None when caching is off
    (``cache_dir`` None). ``cache_dir`` "" is the default folder at the project's top."""
    if cache_dir is None:
        return None
    folder = Path(os.path.abspath(cache_dir)) if cache_dir else project / DEFAULT_FOLDER
    cache = _CACHES.get(folder)
    if cache is None:
        cache = _CACHES[folder] = DiskCache(folder)
    return cache
