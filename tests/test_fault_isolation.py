"""Fault isolation, through the real flake8: one rule failing on one file costs only that rule there.

A ``python -c`` driver replaces one rule's method with one that raises for a
single file, then runs ``flake8.main.cli.main``: no hook in the plugin, just the
failure a bug would cause.  Every other rule must still report on that file,
every rule on the other file, the failure must be said once on stderr with the
file and the rule, and flake8's exit code must be the usual one.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .harness import Result

CONFTEST = textwrap.dedent(
    """\
    import asyncio
    from unittest import mock

    import pytest_asyncio


    @pytest_asyncio.fixture(scope="session", loop_scope="function")
    async def client():
        yield asyncio.get_event_loop()


    @mock.patch("os.path.nothere")
    def helper(patched):
        return patched
    """
)
#: Every code CONFTEST triggers (with a conftest limit of 5 lines), at its line.
ALL_CODES = {(1, "ALP005"), (7, "ALP001"), (9, "ALP003"), (12, "ALP004")}

DRIVER = textwrap.dedent(
    """\
    import os, sys
    from {module} import {cls} as rule

    original = rule.{method}

    def failing(self, *args):
        if os.path.basename(os.path.dirname(self.context.filename)) == "{fail_in}":
            raise ValueError("forced failure")
        return original(self, *args)

    rule.{method} = failing
    from flake8.main import cli
    sys.exit(cli.main(sys.argv[1:]))
    """
)


def run_with_failing_rule(tmp_path: Path, module: str, cls: str, method: str, jobs: str,
                          fail_in: str = "broken") -> Result:
    for folder in ("broken", "healthy"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "conftest.py").write_text(CONFTEST)
    driver = DRIVER.format(module=module, cls=cls, method=method, fail_in=fail_in)
    args = ["--select", "ALP", "--asyncloop-max-conftest-lines", "5", "--jobs", jobs, "broken", "healthy"]
    proc = subprocess.run([sys.executable, "-c", driver, *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("module", "cls", "method", "code"),
    [
        ("flake8_asyncloop.rules.event_loop_api", "EventLoopApiRule", "visit", "ALP003"),
        ("flake8_asyncloop.rules.patch_targets", "PatchTargetRule", "visit", "ALP004"),
        ("flake8_asyncloop.rules.fixture_loop_scope", "FixtureLoopScopeRule", "finish", "ALP001"),
        ("flake8_asyncloop.rules.conftest_length", "ConftestLengthRule", "finish", "ALP005"),
    ],
)
def test_one_failing_rule_costs_only_itself_on_one_file(
    tmp_path: Path, module: str, cls: str, method: str, code: str, jobs: str
) -> None:
    result = run_with_failing_rule(tmp_path, module, cls, method, jobs)
    found = {(hit.path, hit.row, hit.code) for hit in result.hits()}
    broken = {(row, c) for path, row, c in found if path == "broken/conftest.py"}
    healthy = {(row, c) for path, row, c in found if path == "healthy/conftest.py"}
    assert healthy == ALL_CODES
    assert broken == {(row, c) for row, c in ALL_CODES if c != code}
    ours = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(ours) == 1, result.stderr
    assert "broken/conftest.py" in ours[0] and code in ours[0] and cls in ours[0]
    assert "ValueError: forced failure" in ours[0]
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # findings were reported, as without the failure


def test_the_driver_alone_changes_nothing(tmp_path: Path) -> None:
    """The control: the same driver, failing for no folder, gives every code on both files, silently."""
    result = run_with_failing_rule(tmp_path, "flake8_asyncloop.rules.event_loop_api", "EventLoopApiRule",
                                   "visit", "1", fail_in="nowhere")
    assert {(hit.path, hit.row, hit.code) for hit in result.hits()} == {
        (path, row, code) for path in ("broken/conftest.py", "healthy/conftest.py") for row, code in ALL_CODES
    }
    assert result.stderr == ""
    assert result.returncode == 1
