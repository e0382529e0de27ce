"""Lint the whole standard library of every installed Python 3.10-3.13, and every
benchmark sdist, with ``--select ALP``, and fail on any traceback or internal error.

Each interpreter gets its own venv (``benchmarks/.cache/venvs/crash-3.X``) with
the pinned flake8 and this checkout installed, so the plugin runs under the
Python whose stdlib it reads.  Interpreters come from ``pyenv root``/versions
(the newest patch release of each minor version); without pyenv, only the
running interpreter is checked.  Every ALP finding is written to
``results/crash-check-<python>.txt`` for a human to read: each one must be a
finding a maintainer of that code would thank us for.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import corpora
import measure
import venvs

MINORS = ("3.10", "3.11", "3.12", "3.13")
_FINDING = re.compile(r"^.+?:\d+:\d+: ALP\d+ ", re.MULTILINE)


def installed_pythons() -> list[str]:
    """The newest pyenv build of each minor version 3.10-3.13, else this interpreter."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return [sys.executable]
    root = Path(subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout.strip())
    found = []
    for minor in MINORS:
        builds = sorted((p for p in (root / "versions").glob(f"{minor}.*") if _is_release(p.name, minor)),
                        key=lambda p: tuple(int(x) for x in p.name.split(".")))
        if builds and (builds[-1] / "bin" / "python").exists():
            found.append(str(builds[-1] / "bin" / "python"))
    return found or [sys.executable]


def _is_release(name: str, minor: str) -> bool:
    return re.fullmatch(re.escape(minor) + r"\.\d+", name) is not None


def run(cache: Path, results: Path, pythons: list[str] | None = None) -> int:
    """Check every interpreter; return 1 if any run crashed or reported an internal error."""
    results.mkdir(parents=True, exist_ok=True)
    sdists = corpora.sdist_corpora(cache)
    failed = False
    for python in pythons or installed_pythons():
        failed |= check_python(python, cache, results, sdists)
    return 1 if failed else 0


def check_python(python: str, cache: Path, results: Path, sdists: list[corpora.Corpus]) -> bool:
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # No flake8 pin here: 7.5 needs Python >= 3.11; pip picks the newest one each Python can run.
    variant = venvs.ensure(venvs.Variant(f"crash-{version}", ("-e", str(venvs.REPO)),
                                         cache / "venvs" / f"crash-{version}"), python)
    stdlib = corpora.stdlib_dir(python)
    targets = [corpora.Corpus(f"stdlib {version}", stdlib, (".",), "stdlib")]
    targets += [corpora.Corpus(c.name, c.cwd, (".",), c.group) for c in sdists]
    report_lines = [f"# flake8 --select ALP, CPython {version} ({python})"]
    failed = False
    for corpus in targets:
        command = [str(variant.flake8), "--isolated", "--select", "ALP", "--jobs", "2",
                   "--extend-exclude", "site-packages", "."]
        outcome = measure.run_once(command, corpus.cwd)
        stdout = outcome.stdout
        findings = _FINDING.findall(stdout)
        counts = Counter(line.split(": ", 1)[1].split()[0] for line in stdout.splitlines() if ": ALP" in line)
        status = "CRASH " + "; ".join(outcome.problems) if outcome.problems else "ok"
        print(f"[crash-check] {version} {corpus.name}: {status}, {outcome.seconds:.0f} s, "
              f"{len(findings)} findings {dict(counts)}", flush=True)
        report_lines += [f"\n## {corpus.name} ({corpus.cwd}): {status}, findings {dict(counts)}",
                         *outcome.problems, *[line for line in stdout.splitlines() if ": ALP" in line]]
        failed |= bool(outcome.problems)
    (results / f"crash-check-{version}.txt").write_text("\n".join(report_lines) + "\n")
    return failed
