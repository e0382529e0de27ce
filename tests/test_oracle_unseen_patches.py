"""ALP009 against the runtime: a flagged patch is really never seen, a silent one really is.

Each scenario is its own top-level package (a source module defining ``send``, a consumer, and
whatever else the scenario needs) and its own test file, which imports the consumer as the
scenario says, patches ``send`` in every call form and, while the patch is active, runs the
consumer's entry point and checks the consumer's own reference.  ONE real pytest run records, for
each patch, whether the code under test saw it and whether the consumer's reference is still the
original; flake8 must flag exactly the patches never seen, apart from the silences the rule's page
lists, which are asserted separately (each really unseen, and unflagged).
"""

from __future__ import annotations

import json
from typing import NamedTuple
from xml.etree import ElementTree

import pytest

from .harness import ORACLE_ARGS, run_flake8, run_pytest, write_files

SOURCE = """
def send(x=1):
    return "original"


class Client:
    def go(self):
        return "original"
"""

CONFTEST = """
import json
import os
from unittest.mock import patch

import pytest

RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results.jsonl")


def fake(*args, **kwargs):
    return "patched"


class FakeClient:
    def go(self):
        return "patched"


def record(case, result, unchanged):
    with open(RESULTS, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"case": case, "seen": result == "patched", "unchanged": unchanged}) + "\\n")


@pytest.fixture(autouse=True)
def stop_patches():
    yield
    patch.stopall()
"""


class Scenario(NamedTuple):
    """A package ``{p}`` and how its test imports and runs it; ``expect`` is fire, seen or unseen."""

    name: str
    files: dict[str, str]
    imports: str
    entry: str
    consumer_ref: str | None
    expect: str
    attribute: str = "send"
    replacement: str = "MagicMock(side_effect=fake)"
    #: The call forms it is written in (all by default).
    forms: tuple[str, ...] = ()


def module(*blocks: str) -> str:
    """A module's text from its blocks (imports, functions), two blank lines apart."""
    return "\n\n\n".join(blocks) + "\n"


RUN = "def run():\n    return {}"
OTHER = "def other():\n    return send()"

C = "consumer.py"
IMPORT_CONSUMER = "from {p} import consumer"
SOURCE_IMPORTS = "from {p} import source\nfrom {p}.source import send"

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("basic", {C: module("from {p}.source import send", RUN.format("send()"))},
             IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "fire"),
    Scenario("alias", {C: module("from {p}.source import send as deliver", RUN.format("deliver()"))},
             "import {p}.consumer as consumer", "consumer.run()", "{p}.consumer.deliver", "fire"),
    Scenario("relative", {C: module("from .source import send", RUN.format("send()"))},
             "from {p}.consumer import run", "run()", "{p}.consumer.send", "fire"),
    Scenario("reexport", {
        "impl.py": "def send(x=1):\n    return 'original'\n",
        "source.py": "from {p}.impl import send\n",
        C: module("from {p}.impl import send", RUN.format("send()")),
    }, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "fire"),
    Scenario("class", {C: module("from .source import Client", RUN.format("Client().go()"))},
             IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.Client", "fire", "Client",
             "MagicMock(side_effect=FakeClient)"),
    Scenario("method_user", {C: module(
        "from .source import send", "class Service:\n    def run(self):\n        return send()"
    )}, "from {p}.consumer import Service", "Service().run()", "{p}.consumer.send", "fire"),
    # Seen: something reads send through the module when it runs.
    Scenario("through_module", {C: module("from {p} import source", RUN.format("source.send()"))},
             IMPORT_CONSUMER, "consumer.run()", None, "seen"),
    Scenario("both", {C: module(SOURCE_IMPORTS, RUN.format("source.send()"), OTHER)},
             IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    Scenario("own_global", {
        "source.py": SOURCE + "\n\ndef notify():\n    return send()\n",
        C: module("from .source import notify, send", RUN.format("notify()"), OTHER),
    }, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    Scenario("late_import", {C: "def run():\n    from .source import send\n\n    return send()\n"},
             IMPORT_CONSUMER, "consumer.run()", None, "seen"),
    Scenario("helper_reads", {
        "helper.py": module("from {p} import source", "def go():\n    return source.send()"),
        C: module("from . import helper\nfrom .source import send", RUN.format("helper.go()"), OTHER),
    }, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    Scenario("type_checking", {C: module(
        "from typing import TYPE_CHECKING\n\nfrom {p} import source\n\nif TYPE_CHECKING:\n"
        "    from {p}.source import send",
        RUN.format("source.send()"),
    )}, IMPORT_CONSUMER, "consumer.run()", None, "seen"),
    Scenario("dotted_string", {C: module(
        "from pkgutil import resolve_name\n\nfrom .source import send",
        RUN.format("resolve_name('{p}.source.send')()"), OTHER,
    )}, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    Scenario("getattr", {C: module(SOURCE_IMPORTS, RUN.format("getattr(source, 'send')()"), OTHER)},
             IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    Scenario("module_handed_on", {C: module(
        SOURCE_IMPORTS + "\n\nMODULES = [source]", RUN.format("MODULES[0].send()"), OTHER,
    )}, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "seen"),
    # Unseen, and silent by design.
    Scenario("module_level_use", {C: module(
        "from .source import send\n\nHANDLERS = {{'x': send}}", RUN.format("HANDLERS['x']()"),
    )}, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "unseen"),
    Scenario("sibling_reads", {
        "other.py": module("from {p} import source", "def go():\n    return source.send()"),
        C: module("from .source import send", RUN.format("send()")),
    }, IMPORT_CONSUMER, "consumer.run()", "{p}.consumer.send", "unseen"),
    # Imported by the test only while patched: the consumer binds the mock (one form: it stays bound).
    Scenario("imported_under_patch", {C: module("from .source import send", RUN.format("send()"))},
             "", "__import__('{p}.consumer').consumer.run()", "{p}.consumer.send", "seen",
             forms=("patch_start",)),
)

#: Scenarios whose patch is never seen but which ALP009 leaves alone, and why (the rule's page).
SILENT_BY_DESIGN: dict[str, str] = {
    "module_level_use": "the consumer only uses the name at import time (a table holds the original)",
    "sibling_reads": "another module of the package reads the name through the module",
}

#: Call forms: ``{t}`` the target, ``{a}`` the attribute, ``{r}`` the replacement; ``!`` marks the patch.
FORMS: dict[str, list[str]] = {
    "patch_start": ["!m = patch({t}, {r}).start()", "{check}", "m.assert_called()"],
    "with_block": ["!with patch({t}, new={r}) as m:", "    {check}", "    m.assert_called_once()"],
    "object_form": ["!m = patch.object(_source, {a}, {r}).start()", "{check}", "assert m.called"],
    "mocker": ["!m = mocker.patch({t}, new={r})", "{check}", "assert m.call_count == 1"],
    "monkeypatch": ["m = {r}", "!monkeypatch.setattr({t}, m)", "{check}", "m.assert_called()"],
    "monkeypatch_object": [
        "m = {r}", "!monkeypatch.setattr(_source, {a}, m)", "{check}", "m.assert_called()",
    ],
    # The test asserts nothing about the mock: an unseen patch may leave it passing, so never a finding.
    "no_assertion": ["!mocker.patch({t}, new={r})", "{check}"],
}
#: The forms whose test asserts the mock was called (the evidence ALP009 needs).
ASSERTING = frozenset(FORMS) - {"no_assertion"}

HEADER = """
from pkgutil import resolve_name
from unittest.mock import MagicMock, patch

from conftest import FakeClient, fake, record
from {p} import source as _source
{imports}

ORIGINAL = resolve_name({target})
"""


class Case(NamedTuple):
    scenario: Scenario
    form: str
    case: str
    file: str
    line: int


def _package(scenario: Scenario) -> str:
    return f"s_{scenario.name}"


def _project() -> tuple[dict[str, str], list[Case]]:
    files = {"pyproject.toml": "[tool.pytest.ini_options]\n", "tests/conftest.py": CONFTEST.lstrip("\n")}
    cases: list[Case] = []
    for scenario in SCENARIOS:
        p = _package(scenario)
        files[f"{p}/__init__.py"] = ""
        files[f"{p}/source.py"] = SOURCE.lstrip("\n")
        for relative, text in scenario.files.items():
            files[f"{p}/{relative}"] = text.format(p=p)
        test_file = f"tests/test_{p}.py"
        files[test_file] = _test_text(scenario, test_file, cases)
    return files, cases


def _test_text(scenario: Scenario, test_file: str, cases: list[Case]) -> str:
    p = _package(scenario)
    target = f"{p}.source.{scenario.attribute}"
    header = HEADER.format(p=p, imports=scenario.imports.format(p=p), target=repr(target))
    lines = header.strip("\n").splitlines()
    ref = "None"
    if scenario.consumer_ref:
        ref = f"resolve_name({scenario.consumer_ref.format(p=p)!r}) is ORIGINAL"
    for form, statements in FORMS.items():
        if scenario.forms and form not in scenario.forms:
            continue
        case = f"{scenario.name}/{form}"
        check = f"record({case!r}, {scenario.entry.format(p=p)}, {ref})"
        lines += ["", "", f"def test_{form}(mocker, monkeypatch):"]
        for statement in statements:
            text = statement.format(
                t=repr(target), a=repr(scenario.attribute), r=scenario.replacement, check=check
            )
            if text.startswith("!"):
                cases.append(Case(scenario, form, case, test_file, len(lines) + 1))
                text = text[1:]
            lines.append("    " + text)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("unseen")
    files, cases = _project()
    write_files(root, files)
    report = root / "report.xml"
    run = run_pytest([*ORACLE_ARGS, f"--junitxml={report}", "tests"], cwd=root)
    results = [json.loads(line) for line in (root / "results.jsonl").read_text().splitlines()]
    by_case = {r["case"]: r for r in results}
    failed = {
        (case.get("classname", ""), case.get("name", ""))
        for case in ElementTree.parse(report).iter("testcase")
        if case.find("failure") is not None or case.find("error") is not None
    }
    for case in cases:
        module = case.file.removesuffix(".py").replace("/", ".")
        by_case[case.case]["failed"] = (module, f"test_{case.form}") in failed
    assert len(by_case) == len(cases), run.stdout[-3000:]
    lint = run_flake8(["--select", "ALP009", "tests"], cwd=root)
    assert "Traceback" not in lint.stderr and "internal error" not in lint.stderr, lint.stderr
    flagged = {(hit.path, hit.row) for hit in lint.hits()}
    return {"cases": cases, "results": by_case, "flagged": flagged, "stdout": lint.stdout}


def _rows(oracle: dict[str, object]) -> list[tuple[Case, dict[str, object], bool]]:
    cases, results, flagged = oracle["cases"], oracle["results"], oracle["flagged"]
    assert isinstance(cases, list) and isinstance(results, dict) and isinstance(flagged, set)
    return [(case, results[case.case], (case.file, case.line) in flagged) for case in cases]


def test_every_flagged_patch_is_never_seen_and_the_consumer_keeps_the_original(
    oracle: dict[str, object],
) -> None:
    flagged = [(case, result) for case, result, reported in _rows(oracle) if reported]
    assert flagged
    wrong = [case.case for case, result in flagged if result["seen"] or result["unchanged"] is not True]
    assert not wrong, wrong


def test_every_flagged_patch_fails_its_test(oracle: dict[str, object]) -> None:
    """The test asserts the mock was called: a patch never seen fails it (no finding on a passing test)."""
    wrong = [case.case for case, result, reported in _rows(oracle) if reported and not result["failed"]]
    assert not wrong, wrong


def test_every_silent_patch_is_seen_by_the_code_under_test(oracle: dict[str, object]) -> None:
    wrong = [
        case.case for case, result, reported in _rows(oracle)
        if not reported and case.scenario.name not in SILENT_BY_DESIGN and case.form in ASSERTING
        and not result["seen"]
    ]
    assert not wrong, wrong


def test_a_test_asserting_nothing_about_the_mock_passes_unseen_and_stays_silent(
    oracle: dict[str, object],
) -> None:
    rows = [row for row in _rows(oracle) if row[0].form == "no_assertion"]
    unseen = [(case, result) for case, result, reported in rows if case.scenario.expect == "fire"]
    assert unseen and all(not result["seen"] and not result["failed"] for _, result in unseen)
    assert not any(reported for _, _, reported in rows)


def test_scenarios_behave_as_designed(oracle: dict[str, object]) -> None:
    """Each scenario is what it says at run time, and the designed fires are all flagged."""
    for case, result, reported in _rows(oracle):
        expect = case.scenario.expect
        assert result["seen"] == (expect == "seen"), case.case
        assert reported == (expect == "fire" and case.form in ASSERTING), (case.case, oracle["stdout"])


def test_documented_silences_are_really_unseen_and_stay_unflagged(oracle: dict[str, object]) -> None:
    rows = [(case, result, reported) for case, result, reported in _rows(oracle)
            if case.scenario.name in SILENT_BY_DESIGN]
    assert {case.scenario.name for case, _, _ in rows} == set(SILENT_BY_DESIGN)
    for case, result, reported in rows:
        assert not result["seen"] and not reported, case.case


def test_messages_name_the_consumers_own_reference(oracle: dict[str, object]) -> None:
    stdout = oracle["stdout"]
    assert isinstance(stdout, str)
    assert "patch 's_alias.consumer.deliver' instead" in stdout
    assert "patch 's_reexport.consumer.send' instead" in stdout
