"""Whether flake8 is about to fork worker processes for a run the disk cache cannot answer.

flake8 forks its workers (``--jobs``, by default one per processor) after the plugin is loaded and
its options parsed: what the main process imported then, every worker shares.  The rules load on
the first file the disk cache cannot answer, so on a cold run each worker would import them again;
when the run is likely cold (no cache, or none written yet by this plugin version), the checker
loads them in the main process first.  A warm run loads none.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from pathlib import Path

from .disk_cache import DEFAULT_FOLDER, namespace
from .options import Settings
from .project_top import project_top


def forks(options: argparse.Namespace) -> bool:
    """Whether flake8 will check files in forked workers (as flake8's ``Manager`` decides)."""
    jobs = getattr(options, "jobs", None)
    filenames = getattr(options, "filenames", None) or []
    if jobs is None or "-" in filenames or (len(filenames) == 1 and os.path.isfile(filenames[0])):
        return False  # stdin, or one file: flake8 checks it in its own process
    count = (os.cpu_count() or 1) if getattr(jobs, "is_auto", False) else getattr(jobs, "n_jobs", 1)
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    return isinstance(count, int) and count > 1 and method == "fork"


def likely_cold(settings: Settings) -> bool:
    """No disk cache, or none written for this plugin version in the working folder's project."""
    if settings.cache_folder is None:
        return True
    folder = Path(settings.cache_dir) if settings.cache_dir else project_top(Path.cwd()) / DEFAULT_FOLDER
    return not (folder / namespace()).is_dir()
