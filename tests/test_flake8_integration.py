"""The plugin behaves as flake8 users expect: entry point, noqa, stdin, --jobs, config files, bad options."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .harness import Hit, run_flake8
from .in_process import lint

SOURCE = textwrap.dedent(
    """\
    import asyncio


    def main():
        asyncio.get_event_loop()
        asyncio.get_event_loop()  # noqa: ALP003
        asyncio.get_event_loop()  # noqa: E501
    """
)


def test_version_lists_the_plugin(tmp_path: Path) -> None:
    result = run_flake8(["--version"], cwd=tmp_path)
    assert "flake8-asyncloop" in result.stdout


def test_noqa_silences_only_the_named_code(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(SOURCE)
    result = lint(["--select", "ALP", "mod.py"], cwd=tmp_path)
    assert result.hits() == {Hit("mod.py", 5, 5, "ALP003"), Hit("mod.py", 7, 5, "ALP003")}
    assert result.returncode == 1


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(SOURCE)
    assert lint(["--select", "E,W,F", "mod.py"], cwd=tmp_path).hits() == set()
    assert lint(["--extend-ignore", "ALP003", "mod.py"], cwd=tmp_path).hits() == set()


def test_stdin_with_display_name_applies_name_based_rules(tmp_path: Path) -> None:
    conftest = "x = 1\n" * 12
    result = lint(
        ["--select", "ALP", "--asyncloop-max-conftest-lines", "10",
         "--stdin-display-name", "tests/conftest.py", "-"],
        cwd=tmp_path,
        stdin=conftest,
    )
    assert result.hits() == {Hit("tests/conftest.py", 1, 1, "ALP005")}
    assert "12 lines" in result.messages()[0] and "10" in result.messages()[0]


def test_stdin_reports_findings(tmp_path: Path) -> None:
    result = run_flake8(["--select", "ALP", "-"], cwd=tmp_path, stdin=SOURCE)
    assert result.hits() == {Hit("stdin", 5, 5, "ALP003"), Hit("stdin", 7, 5, "ALP003")}


def test_jobs_two_gives_the_same_findings_as_one(tmp_path: Path) -> None:
    for index in range(6):
        (tmp_path / f"mod{index}.py").write_text(SOURCE)
        (tmp_path / f"pkg{index}").mkdir()
        (tmp_path / f"pkg{index}" / "conftest.py").write_text("x = 1\n" * (index + 8))
    args = ["--select", "ALP", "--asyncloop-max-conftest-lines", "10", "."]
    serial = run_flake8(["--jobs", "1", *args], cwd=tmp_path)
    parallel = run_flake8(["--jobs", "2", *args], cwd=tmp_path)
    assert parallel.hits() == serial.hits()
    assert len(serial.hits()) == 6 * 2 + 3  # two per module, conftests of 11, 12 and 13 lines


@pytest.mark.parametrize(
    ("config_file", "section"),
    [("setup.cfg", "flake8"), ("tox.ini", "flake8"), (".flake8", "flake8")],
)
def test_options_read_from_config_files(tmp_path: Path, config_file: str, section: str) -> None:
    (tmp_path / config_file).write_text(f"[{section}]\nselect = ALP\nasyncloop-max-conftest-lines = 5\n")
    (tmp_path / "conftest.py").write_text("x = 1\n" * 6)
    result = lint(["conftest.py"], cwd=tmp_path)
    assert result.hits() == {Hit("conftest.py", 1, 1, "ALP005")}
    (tmp_path / "conftest.py").write_text("x = 1\n" * 5)
    assert lint(["conftest.py"], cwd=tmp_path).hits() == set()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", ""])
def test_bad_option_value_on_the_command_line(tmp_path: Path, value: str) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    result = lint([f"--asyncloop-max-conftest-lines={value}", "mod.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert "--asyncloop-max-conftest-lines" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_value_in_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncloop-max-conftest-lines = lots\n")
    (tmp_path / "mod.py").write_text("x = 1\n")
    result = lint(["mod.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert "--asyncloop-max-conftest-lines" in result.stderr and "lots" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["default", "pylint", "quiet-filename"])
def test_output_formats(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "mod.py").write_text(SOURCE)
    result = lint(["--select", "ALP", f"--format={fmt}", "mod.py"], cwd=tmp_path)
    assert result.returncode == 1
    assert "mod.py" in result.stdout
    if fmt == "pylint":
        assert "[ALP003]" in result.stdout


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = ALP\nper-file-ignores =\n    legacy/*: ALP003\n")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.py").write_text(SOURCE)
    (tmp_path / "new.py").write_text(SOURCE)
    hits = lint(["."], cwd=tmp_path).hits()
    assert {hit.path for hit in hits} == {"new.py"}


@pytest.mark.parametrize(
    ("version", "hook_named"), [("1.5", True), ("1.4", True), ("1.3", False), ("0.21", False)]
)
def test_policy_advice_names_the_hook_only_in_tests_where_pytest_asyncio_has_it(
    tmp_path: Path, version: str, hook_named: bool
) -> None:
    source = "import asyncio\n\nasyncio.set_event_loop_policy(None)\n"
    (tmp_path / "mod.py").write_text(source)
    (tmp_path / "test_mod.py").write_text(source)
    args = ["--select", "ALP", f"--asyncloop-pytest-asyncio-version={version}", "."]
    result = lint(args, cwd=tmp_path)
    assert result.hits() == {Hit("mod.py", 3, 1, "ALP003"), Hit("test_mod.py", 3, 1, "ALP003")}
    by_file = dict(zip((line.split(":", 1)[0] for line in result.stdout.splitlines()), result.messages()))
    assert "pytest_asyncio_loop_factories" not in by_file["./mod.py"]
    assert ("pytest_asyncio_loop_factories" in by_file["./test_mod.py"]) is hook_named
