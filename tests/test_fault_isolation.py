"""Fault isolation, through the real flake8: one rule failing on one file costs only that rule there.

A ``python -c`` driver (one process, a forked child per case) replaces one rule's
method with one that raises for a single file, then runs ``flake8.main.cli.main``:
no hook in the plugin, just the failure a bug would cause.  Every other rule must
still report on that file, every rule on the other file, the failure must be said
once on stderr with the file and the rule, and flake8's exit code must be the usual one.
"""

from __future__ import annotations

import json
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

#: Runs every case in a child forked from one interpreter that imported flake8 and the plugin: the
#: child replaces the rule's method, then runs ``flake8.main.cli.main`` with its own output files.
DRIVER = textwrap.dedent(
    """\
    import importlib, json, os, sys
    from flake8.main import cli
    import flake8_asyncloop.checker

    def run(case):
        for fd, name in ((1, "stdout"), (2, "stderr")):
            handle = os.open(case[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(handle, fd)
            os.close(handle)
        os.chdir(case["cwd"])
        rule = getattr(importlib.import_module(case["module"]), case["cls"])
        original = getattr(rule, case["method"])

        def failing(self, *args):
            if os.path.basename(os.path.dirname(self.context.filename)) == case["fail_in"]:
                raise ValueError("forced failure")
            return original(self, *args)

        setattr(rule, case["method"], failing)
        return cli.main(case["args"])

    codes = []
    for case in json.loads(sys.argv[1]):
        sys.stdout.flush()
        sys.stderr.flush()
        if os.fork() == 0:
            code = 1
            try:
                code = run(case)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        codes.append(os.waitstatus_to_exitcode(os.wait()[1]))
    print(json.dumps(codes))
    """
)

RULES = [
    ("flake8_asyncloop.rules.event_loop_api", "EventLoopApiRule", "visit", "ALP003"),
    ("flake8_asyncloop.rules.patch_targets", "PatchTargetRule", "visit", "ALP004"),
    ("flake8_asyncloop.rules.fixture_loop_scope", "FixtureLoopScopeRule", "finish", "ALP001"),
    ("flake8_asyncloop.rules.conftest_length", "ConftestLengthRule", "finish", "ALP005"),
]
#: (rule module, class, method, jobs, the folder whose file fails): the 8 cases and the control.
CASES = [(module, cls, method, jobs, "broken") for module, cls, method, _ in RULES for jobs in ("1", "2")]
CONTROL = ("flake8_asyncloop.rules.event_loop_api", "EventLoopApiRule", "visit", "1", "nowhere")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Result]:
    """Every case, each in a fresh folder with a broken/ and a healthy/ conftest, by one driver."""
    cases = []
    for module, cls, method, jobs, fail_in in [*CASES, CONTROL]:
        root = tmp_path_factory.mktemp("case")
        for folder in ("broken", "healthy"):
            (root / folder).mkdir()
            (root / folder / "conftest.py").write_text(CONFTEST)
        args = ["--select", "ALP", "--asyncloop-max-conftest-lines", "5", "--jobs", jobs, "broken", "healthy"]
        cases.append({"module": module, "cls": cls, "method": method, "fail_in": fail_in, "args": args,
                      "cwd": str(root), "stdout": str(root / "stdout"), "stderr": str(root / "stderr")})
    proc = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(cases)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    codes = json.loads(proc.stdout.splitlines()[-1])
    return {
        (case["module"], case["cls"], case["method"], case["args"][5], case["fail_in"]):
            Result(code, Path(case["stdout"]).read_text(), Path(case["stderr"]).read_text())
        for case, code in zip(cases, codes)
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("module", "cls", "method", "code"), RULES)
def test_one_failing_rule_costs_only_itself_on_one_file(
    results: dict[tuple[str, ...], Result], module: str, cls: str, method: str, code: str, jobs: str
) -> None:
    result = results[(module, cls, method, jobs, "broken")]
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


def test_the_driver_alone_changes_nothing(results: dict[tuple[str, ...], Result]) -> None:
    """The control: the same driver, failing for no folder, gives every code on both files, silently."""
    result = results[CONTROL]
    assert {(hit.path, hit.row, hit.code) for hit in result.hits()} == {
        (path, row, code) for path in ("broken/conftest.py", "healthy/conftest.py") for row, code in ALL_CODES
    }
    assert result.stderr == ""
    assert result.returncode == 1
