"""Runtime oracle for ALP001 and ALP002: the plugin flags exactly the tests that fail.

Each scenario of ``oracle_scenarios.py`` is written out as a small project; one
flake8 run checks them all, and real pytest with pytest-asyncio 1.5.0 runs each
one in its own process (two at a time, forked from one warmed-up interpreter).

How findings map to tests: a probe plugin loaded into pytest records, for every
collected test, the source span (file, first line incl. decorators, last line)
of the test function and of every fixture in its closure as pytest itself
resolved it (``item.fixturenames`` with ``name2fixturedefs``), so autouse and
``usefixtures`` fixtures count too.  A test is *flagged* when an ALP001 finding
(on a fixture's decorator line) or an ALP002 finding (on a test's or fixture's
``def`` line) falls inside one of those spans: a fixture whose setup fails
fails every test that uses it.  A test *fails* when any of its phases fails.
Each scenario also states which tests must fail, so the two sides cannot agree
by both being wrong.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import harness
from .harness import Run, run_flake8, write_files
from .oracle_scenarios import SCENARIOS as BASE_SCENARIOS, Scenario
from .oracle_scenarios_hooks import HOOK_SCENARIOS

SCENARIOS = BASE_SCENARIOS + HOOK_SCENARIOS

PROBE = '''\
import inspect
import json
import os

_records = {}


def _span(func):
    func = inspect.unwrap(getattr(func, "__func__", func))
    try:
        lines, start = inspect.getsourcelines(func)
        return [os.path.realpath(inspect.getsourcefile(func)), start, start + len(lines) - 1]
    except (OSError, TypeError):
        return None


def pytest_collection_finish(session):
    for item in session.items:
        spans = [_span(item.function)]
        definitions = item._fixtureinfo.name2fixturedefs
        for name in item.fixturenames:
            if definitions.get(name):
                spans.append(_span(definitions[name][-1].func))
        _records[item.nodeid] = {"spans": [s for s in spans if s], "failed": False, "why": ""}


def pytest_runtest_logreport(report):
    record = _records.get(report.nodeid)
    if record is not None and report.failed:
        record["failed"] = True
        record["why"] += f"{report.when}: {str(report.longrepr).splitlines()[-1][:300]}\\n"


def pytest_sessionfinish(session):
    with open(os.environ["ORACLE_OUT"], "w") as out:
        json.dump(_records, out)
'''


@dataclass
class Outcome:
    """What pytest and flake8 said about one scenario."""

    failed: dict[str, str]
    flagged: dict[str, list[str]]
    tests: list[str]
    pytest_output: str


def write_project(root: Path, scenario: Scenario) -> Path:
    project = root / scenario.name
    write_files(project, scenario.files)
    return project


def run_pytests(projects: list[Path], probe_dir: Path) -> list[tuple[dict[str, dict[str, object]], str]]:
    """Real pytest in each project, each its own process (forked from one server, two at a time)."""
    args = ["-p", "oracle_probe", "-p", "no:cacheprovider", "-q", "-rA", "-W", "ignore::DeprecationWarning"]
    runs = [Run(project, [*args, "--rootdir", str(project), str(project)],
                {"ORACLE_OUT": str(project.parent / f"{project.name}.json")}) for project in projects]
    env = {"PYTHONPATH": str(probe_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    results = []
    for run, proc in zip(runs, harness.run_pytests(runs, env, hide=("PYTEST_", "PYTHONPATH"), jobs=2)):
        out = Path(run.env["ORACLE_OUT"])
        output = proc.stdout + proc.stderr
        if proc.returncode not in (0, 1) or not out.exists():
            results.append(({}, output))
        else:
            results.append((json.loads(out.read_text()), output))
    return results


def findings_by_file(root: Path) -> dict[str, list[tuple[int, str]]]:
    """One flake8 run over every scenario: {real path: [(line, 'ALP00N message')]}."""
    result = run_flake8(["--select", "ALP001,ALP002", "--format", "%(path)s|%(row)d|%(code)s %(text)s", "."],
                        cwd=root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    found: dict[str, list[tuple[int, str]]] = {}
    for line in result.stdout.splitlines():
        path, row, text = line.split("|", 2)
        found.setdefault(os.path.realpath(root / path), []).append((int(row), text))
    return found


def flagged_tests(records: dict[str, dict[str, object]], findings: dict[str, list[tuple[int, str]]]
                  ) -> dict[str, list[str]]:
    flagged: dict[str, list[str]] = {}
    for nodeid, record in records.items():
        spans = record["spans"]
        assert isinstance(spans, list)
        for path, first, last in spans:
            for row, text in findings.get(path, []):
                if first <= row <= last:
                    flagged.setdefault(nodeid, []).append(text)
    return flagged


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("oracle")
    probe_dir = tmp_path_factory.mktemp("probe")
    (probe_dir / "oracle_probe.py").write_text(PROBE)
    projects = {s.name: write_project(root, s) for s in SCENARIOS}
    findings = findings_by_file(root)
    runs = dict(zip(projects, run_pytests(list(projects.values()), probe_dir)))
    results = {}
    for name, (records, output) in runs.items():
        failed = {n: str(r["why"]) for n, r in records.items() if r["failed"]}
        results[name] = Outcome(failed, flagged_tests(records, findings), sorted(records), output)
    return results


def test_there_are_enough_scenarios_both_ways() -> None:
    assert len(SCENARIOS) >= 30
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)
    failing = [s for s in SCENARIOS if s.fails]
    assert len(failing) >= 12 and len(SCENARIOS) - len(failing) >= 8


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_flagged_tests_are_exactly_the_failing_tests(
    scenario: Scenario, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[scenario.name]
    assert outcome.tests, f"pytest collected nothing:\n{outcome.pytest_output}"
    assert set(outcome.failed) == set(scenario.fails), (
        f"pytest disagrees with the scenario's expectation: {outcome.failed}\n{outcome.pytest_output}"
    )
    assert set(outcome.flagged) == set(outcome.failed), (
        f"flagged: {outcome.flagged}\nfailed: {outcome.failed}"
    )
