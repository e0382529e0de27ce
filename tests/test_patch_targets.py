"""ALP004 through the real flake8: the SPEC's example, never importing the checked code, options."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .harness import Hit
from .in_process import lint

DATABASE = "AsyncSessionLocal = object()\n"
FLOW_TRACKER = textwrap.dedent(
    """\
    def track():
        from app.core.database import AsyncSessionLocal

        return AsyncSessionLocal
    """
)
TEST = textwrap.dedent(
    """\
    from unittest.mock import patch


    def test_track():
        with patch("app.services.flow_tracker.AsyncSessionLocal"):
            pass
    """
)


def _project(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _spec_example(root: Path, src: str = "") -> None:
    _project(root, {
        "setup.cfg": "[flake8]\n",
        f"{src}app/__init__.py": "",
        f"{src}app/core/__init__.py": "",
        f"{src}app/core/database.py": DATABASE,
        f"{src}app/services/__init__.py": "",
        f"{src}app/services/flow_tracker.py": FLOW_TRACKER,
        "tests/test_flow.py": TEST,
    })


def test_spec_example_names_the_function_and_the_target_to_patch(tmp_path: Path) -> None:
    _spec_example(tmp_path)
    result = lint(["--select", "ALP004", "tests"], cwd=tmp_path)
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}
    assert result.messages() == [
        "patch() target 'app.services.flow_tracker.AsyncSessionLocal' does not exist: "
        "app.services.flow_tracker imports AsyncSessionLocal only inside track(); "
        "patch 'app.core.database.AsyncSessionLocal' instead"
    ]


def test_src_layout_is_searched(tmp_path: Path) -> None:
    _spec_example(tmp_path, src="src/")
    result = lint(["--select", "ALP004", "tests"], cwd=tmp_path)
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}


def test_noqa_on_the_call_line(tmp_path: Path) -> None:
    _spec_example(tmp_path)
    test = tmp_path / "tests" / "test_flow.py"
    test.write_text(TEST.replace('AsyncSessionLocal"):', 'AsyncSessionLocal"):  # noqa: ALP004'))
    assert lint(["--select", "ALP004", "tests"], cwd=tmp_path).hits() == set()


def test_stdin_with_display_name(tmp_path: Path) -> None:
    _spec_example(tmp_path)
    result = lint(
        ["--select", "ALP004", "--stdin-display-name", "tests/test_flow.py", "-"], cwd=tmp_path, stdin=TEST
    )
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}


def test_source_roots_option(tmp_path: Path) -> None:
    _spec_example(tmp_path, src="lib/")
    assert lint(["--select", "ALP004", "tests"], cwd=tmp_path).hits() == set()
    result = lint(["--select", "ALP004", "--asyncloop-source-roots", "lib", "tests"], cwd=tmp_path)
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncloop-source-roots = lib, other\n")
    (tmp_path / "other").mkdir()
    result = lint(["--select", "ALP004", "tests"], cwd=tmp_path)
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}


def test_bad_source_root_is_one_stderr_line_and_the_run_goes_on(tmp_path: Path) -> None:
    _spec_example(tmp_path, src="lib/")
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncloop-source-roots = nowhere, lib\n")
    result = lint(["--select", "ALP004", "tests"], cwd=tmp_path)
    assert result.returncode == 1  # findings, not a usage error
    assert result.hits() == {Hit("tests/test_flow.py", 5, 10, "ALP004")}
    [line] = result.stderr.splitlines()
    assert line.startswith("flake8-asyncloop: ignored 'nowhere' (no such folder: ")
    assert line.endswith("nowhere) in asyncloop-source-roots")
    cli = lint(["--select", "ALP004", "--asyncloop-source-roots", "nope,lib", "tests"], cwd=tmp_path)
    assert cli.hits() == result.hits() and "'nope'" in cli.stderr
    assert "nowhere" not in cli.stderr  # the command line overrides the config file


@pytest.mark.parametrize("value", ["lib", "./lib", "lib/", "lib/../lib"])
def test_source_roots_in_config_are_relative_to_its_folder(tmp_path: Path, value: str) -> None:
    """flake8 run from a subfolder: a config path means the same folder (issue 9)."""
    _spec_example(tmp_path, src="lib/")
    (tmp_path / "setup.cfg").write_text(f"[flake8]\nasyncloop-source-roots = {value}\n")
    result = lint(["--select", "ALP004", "."], cwd=tmp_path / "tests")
    assert result.hits() == {Hit("test_flow.py", 5, 10, "ALP004")}, result.stderr
    assert result.stderr == ""


def test_source_roots_on_the_command_line_are_relative_to_the_working_folder(tmp_path: Path) -> None:
    _spec_example(tmp_path, src="tests/lib/")
    (tmp_path / "setup.cfg").write_text("[flake8]\n")
    for value in ("lib", "./lib"):
        args = ["--select", "ALP004", "--asyncloop-source-roots", value, "."]
        result = lint(args, cwd=tmp_path / "tests")
        assert result.hits() == {Hit("test_flow.py", 5, 10, "ALP004")}, result.stderr


def test_checked_code_is_never_imported_or_run(tmp_path: Path) -> None:
    """A module that writes a file when imported: linting its patch targets must not create it."""
    marker = tmp_path / "IMPORTED"
    side_effect = f"open({str(marker)!r}, 'w').close()\n"
    _project(tmp_path, {
        "pyproject.toml": "",
        "app/__init__.py": side_effect,
        "app/loud.py": side_effect + "value = 1\nfrom .quiet import *\n",
        "app/quiet.py": side_effect + "__all__ = ['shared']\nshared = 1\n",
        "app/ext.py": side_effect,
        "conftest.py": side_effect,
        "tests/test_loud.py": textwrap.dedent(
            """\
            from unittest.mock import patch

            import app.loud


            @patch("app.loud.value")
            @patch("app.loud.missing")
            @patch("app.loud.shared")
            @patch("app.ext.anything")
            def test_it(*mocks):
                patch.object(app.loud, "shared").start()
            """
        ),
    })
    result = lint(["--select", "ALP004", "--jobs", "1", "tests"], cwd=tmp_path)
    expected = {Hit("tests/test_loud.py", 7, 2, "ALP004"), Hit("tests/test_loud.py", 9, 2, "ALP004")}
    assert result.hits() == expected
    assert not marker.exists()


def test_files_without_targets_never_load_astroid(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("import sys\nfrom unittest import mock\nprint(sys.argv, mock)\n")
    (tmp_path / "probe.py").write_text(textwrap.dedent(
        """\
        import sys
        from flake8.main.cli import main

        try:
            main(["--select", "ALP", "--jobs", "1", "plain.py"])
        except SystemExit:
            pass
        print("ASTROID" if "astroid" in sys.modules else "NO-ASTROID")
        """
    ))
    out = subprocess.run(
        [sys.executable, "probe.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip().endswith("NO-ASTROID"), out.stdout + out.stderr


def test_a_mock_patch_nothing_starts_is_not_looked_up(tmp_path: Path) -> None:
    """``patch("a.b")`` alone never starts (no AttributeError at run time); ``mocker.patch`` and a
    started or bound patch do."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "m.py").write_text("x = 1\n")
    (tmp_path / "test_dead.py").write_text(
        "from unittest.mock import patch\n\n\n"
        "def test_a():\n    patch('app.m.gone')\n    patch.multiple('app.m', gone=1)\n\n\n"
        "def test_b(mocker):\n    mocker.patch('app.m.gone')\n\n\n"
        "def test_c():\n    patch('app.m.gone').start()\n\n\n"
        "def test_d():\n    p = patch('app.m.gone')\n    p.start()\n"
    )
    rows = sorted(hit.row for hit in lint(["--select", "ALP004", "test_dead.py"], cwd=tmp_path).hits())
    assert rows == [10, 14, 18]


@pytest.mark.parametrize(("caller", "where", "fires"), [
    ("", "", True),
    ("tz._load()\n", "test", False),
    ("from app.tz import _load\n_load()\n", "test", False),
    ("import app.tz\n\n\ndef pytest_configure(config):\n    app.tz._load()\n", "conftest", False),
    ("def unrelated():\n    load_other()\n", "conftest", True),
])
def test_a_placeholder_the_test_side_fills_is_silent(
    tmp_path: Path, caller: str, where: str, fires: bool,
) -> None:
    """``resources = None`` filled by ``_load()``: silent when the test module or a conftest calls it."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "tz.py").write_text(
        "resources = None\n\n\ndef _load():\n    global resources\n    from importlib import resources\n"
    )
    (tmp_path / "tests").mkdir()
    test = "from unittest.mock import patch\nfrom app import tz\n" + (caller if where == "test" else "")
    test += "\n\n@patch('app.tz.resources.files')\ndef test_files(files):\n    pass\n"
    (tmp_path / "tests" / "test_tz.py").write_text(test)
    (tmp_path / "tests" / "conftest.py").write_text(caller if where == "conftest" else "")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    hits = lint(["--select", "ALP004", "tests"], cwd=tmp_path).hits()
    assert bool(hits) == fires, hits


@pytest.mark.parametrize(("consumer", "fires"), [
    ("import logging.config\nimport app.pkg.sub\n", False),  # a module the test imports imports both
    ("from app.pkg import sub\nimport logging\n", False),
    ("import logging\n", True),
])
def test_a_submodule_imported_by_a_module_the_test_imports_exists(
    tmp_path: Path, consumer: str, fires: bool,
) -> None:
    (tmp_path / "app" / "pkg").mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "pkg" / "__init__.py").write_text("")
    (tmp_path / "app" / "pkg" / "sub.py").write_text("x = 1\n")
    (tmp_path / "app" / "server.py").write_text(consumer)
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    (tmp_path / "test_sub.py").write_text(
        "from unittest.mock import patch\n\nimport app.server\n\n\n"
        "def test_sub(mocker):\n    mocker.patch('app.pkg.sub')\n"
        + ("    mocker.patch('logging.config')\n" if "logging.config" in consumer or fires else "")
    )
    hits = lint(["--select", "ALP004", "test_sub.py"], cwd=tmp_path).hits()
    assert bool(hits) == fires, hits


@pytest.mark.parametrize(("base", "fires"), [
    ("unittest.TestCase", False),  # the coroutine is dropped: the patch never starts, the test passes
    ("unittest.IsolatedAsyncioTestCase", True),
])
def test_async_test_methods_nobody_awaits(tmp_path: Path, base: str, fires: bool) -> None:
    _spec_example(tmp_path)
    (tmp_path / "tests/test_flow.py").write_text(textwrap.dedent(f"""\
        import unittest
        from unittest.mock import patch


        class TestTrack({base}):
            async def test_track(self):
                with patch("app.services.flow_tracker.AsyncSessionLocal"):
                    pass
    """))
    result = lint(["--select", "ALP004", "tests"], cwd=tmp_path)
    assert result.hits() == ({Hit("tests/test_flow.py", 7, 14, "ALP004")} if fires else set())
