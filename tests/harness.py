"""Run the real flake8 (through the installed ``ALP`` entry point) and compare findings.

Expected findings sit in the example files themselves, as a comment on the line
they belong to: ``# expect: ALP003:12`` (code and flake8's 1-based column; several
separated by spaces).  An example is a single file or a folder (a small project);
either is copied to a temporary folder so no configuration of this repository leaks in.
A file or folder may carry extra flake8 arguments on a line ``# flake8-args: ...``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

EXAMPLES = Path(__file__).parent / "examples"
_EXPECT = re.compile(r"#\s*expect:\s*((?:ALP\d{3}:\d+\s*)+)")
_ARGS = re.compile(r"^#\s*flake8-args:\s*(.+)$", re.MULTILINE)
_OUTPUT = re.compile(r"^(?P<path>.+?):(?P<row>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<text>.*)$")


class Hit(NamedTuple):
    """A finding as flake8 prints it, keyed for set comparison."""

    path: str
    row: int
    col: int
    code: str


class Result(NamedTuple):
    """What one flake8 process did."""

    returncode: int
    stdout: str
    stderr: str

    def hits(self) -> set[Hit]:
        """Every ALP finding in the output."""
        found = set()
        for line in self.stdout.splitlines():
            match = _OUTPUT.match(line)
            if match and match["code"].startswith("ALP"):
                path = os.path.normpath(match["path"])
                found.add(Hit(path, int(match["row"]), int(match["col"]), match["code"]))
        return found

    def messages(self) -> list[str]:
        """The text of every ALP finding, in output order."""
        return [m["text"] for line in self.stdout.splitlines() if (m := _OUTPUT.match(line))]


#: ``ASYNCLOOP_TEST_CACHE=folder`` runs every test's flake8 through a disk cache there (twice over
#: the suite: cold, then warm); by default the tests keep none, so they leave nothing behind.
TEST_CACHE = os.environ.get("ASYNCLOOP_TEST_CACHE", "")


def cache_args(args: Sequence[str]) -> list[str]:
    """The cache option a test's flake8 run gets, unless the test chose one itself."""
    if any(a.startswith("--asyncloop-cache-dir") or a == "--asyncloop-no-cache" for a in args):
        return []
    return [f"--asyncloop-cache-dir={TEST_CACHE}"] if TEST_CACHE else ["--asyncloop-no-cache"]


def _run_module(module: str, args: Sequence[str], cwd: Path, stdin: str | None = None) -> Result:
    """Run ``python -m module`` in ``cwd``, free of this run's pytest and flake8 settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLAKE8"))}
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_flake8(args: Sequence[str], cwd: Path, stdin: str | None = None) -> Result:
    """Run ``python -m flake8`` in ``cwd`` as a user would."""
    return _run_module("flake8", [*cache_args(args), *args], cwd, stdin)


def run_flake8_command(args: Sequence[str], cwd: Path) -> Result:
    """Run the ``flake8`` command itself, as a shell does: unlike ``python -m flake8``, it does not
    put the working folder on ``sys.path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLAKE8"))}
    command = Path(sys.executable).parent / "flake8"
    proc = subprocess.run(
        [str(command), *cache_args(args), *args], cwd=cwd, capture_output=True, text=True, env=env,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


#: Options of an oracle's pytest run that reads its outcomes from a JUnit report: pytest's own traceback
#: rendering parses the test file again for every frame (~80 ms a failure: half a minute for the
#: oracles' few hundred), the native one is cheap and keeps the exception line the report carries.
ORACLE_ARGS = ("-p", "no:cacheprovider", "-q", "--tb=native")


def run_pytest(args: Sequence[str], cwd: Path) -> Result:
    """Run the real pytest (same interpreter, same plugins) in ``cwd``, isolated from this run's options."""
    return _run_module("pytest", args, cwd)


class Run(NamedTuple):
    """One ``python -m pytest`` for ``run_pytests``: where, with what, and environment variables it reads."""

    cwd: Path
    args: Sequence[str]
    env: Mapping[str, str] = {}


def run_pytests(runs: Sequence[Run], env: Mapping[str, str] = {}, hide: tuple[str, ...] = ("PYTEST_",),
                jobs: int = 1, timeout: int = 300, preload: Sequence[str] = ()) -> list[Result]:
    """Many real pytest runs (``jobs`` at a time) forked from one warmed-up interpreter: each as
    ``run_pytest`` would give it, for a fraction of the start-up (see ``tests/pytest_server.py``).
    The server's environment is this one less the ``hide`` prefixes plus ``env``: what Python reads at
    start (``PYTHONPATH``) goes there; ``Run.env`` only holds what a run reads later.  ``preload``
    names libraries every run imports (never a pytest plugin's): the server imports them once."""
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAKE8", *hide))}
    request = {"jobs": jobs, "timeout": timeout, "preload": list(preload),
               "runs": [{"cwd": str(r.cwd), "args": list(r.args), "env": dict(r.env)} for r in runs]}
    with tempfile.TemporaryDirectory() as folder:
        asked, answer = Path(folder) / "request.json", Path(folder) / "answer.json"
        asked.write_text(json.dumps(request))
        proc = subprocess.run([sys.executable, str(Path(__file__).with_name("pytest_server.py")), str(asked),
                               str(answer)], capture_output=True, text=True, env={**server_env, **env},
                              timeout=timeout + 60 * len(runs))
        assert proc.returncode == 0 and answer.exists(), proc.stdout + proc.stderr
        return [Result(**result) for result in json.loads(answer.read_text())]


def write_files(root: Path, files: Mapping[str, str | bytes], dedent: bool = False) -> None:
    """Write ``files`` (relative path -> text or bytes) below ``root``, making folders as needed."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if dedent else content, encoding="utf-8")


def _python_files(root: Path) -> list[Path]:
    """An example's Python files: the file itself, or every .py file of the folder."""
    return [root] if root.is_file() else sorted(root.rglob("*.py"))


def expected_hits(root: Path) -> set[Hit]:
    """The findings written as ``# expect:`` comments in every .py file under ``root``."""
    base = root.parent if root.is_file() else root
    hits = set()
    for file in _python_files(root):
        rel = os.path.normpath(str(file.relative_to(base)))
        for row, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                for item in match[1].split():
                    code, col = item.split(":")
                    hits.add(Hit(rel, row, int(col), code))
    return hits


def example_args(root: Path) -> list[str]:
    """Extra flake8 arguments an example asks for with ``# flake8-args:``."""
    args: list[str] = []
    for file in _python_files(root):
        for match in _ARGS.finditer(file.read_text(encoding="utf-8")):
            args.extend(match[1].split())
    return args


def copy_example(example: Path, dest: Path) -> Path:
    """Copy an example into ``dest``; return the path to lint, relative to ``dest``."""
    if example.is_dir():
        shutil.copytree(example, dest / example.name)
    else:
        shutil.copy(example, dest / example.name)
    return Path(example.name)


def lint_example(example: Path, tmp_path: Path, extra: Sequence[str] = ()) -> Result:
    """Lint a copy of an example with ``--select ALP`` and its own ``# flake8-args:``, in-process."""
    from .in_process import lint

    target = copy_example(example, tmp_path)
    cwd = tmp_path / target if example.is_dir() else tmp_path
    path = "." if example.is_dir() else str(target)
    result = lint(["--select", "ALP", *example_args(example), *extra, path], cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result


def check_example(example: Path, tmp_path: Path, extra: Sequence[str] = ()) -> Result:
    """Assert an example's findings are exactly its ``# expect:`` comments, rendered as its snapshot."""
    from . import snapshots

    result = lint_example(example, tmp_path, extra)
    expected = expected_hits(example)
    actual = result.hits()
    missing = sorted(expected - actual)
    extra_hits = sorted(actual - expected)
    assert not missing and not extra_hits, (
        f"missing: {missing}\nunexpected: {extra_hits}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    if not extra:
        stored = snapshots.read(example)
        assert stored is not None, f"no snapshot for {example.name}: run python -m tests.regen"
        assert snapshots.rendered(result) == stored, "messages changed: review, then python -m tests.regen"
    return result
