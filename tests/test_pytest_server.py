"""A forked run of ``harness.run_pytests`` is what a real ``python -m pytest`` process is, and runs
cannot see each other — the runtime oracles rely on both when they batch their sessions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .harness import Result, Run, run_pytest, run_pytests, write_files

PROBE = '''\
import os
import sys


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"probe: argv0={os.path.basename(sys.argv[0])} path0={sys.path[0]}")
    terminalreporter.write_line(f"probe: value={os.environ.get('SERVER_VALUE')}")
'''

PROJECT = {
    "pytest.ini": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
    "helper.py": "ANSWER = 42\n",  # importable only through sys.path[0], the folder pytest ran in
    "sub/test_parity.py": (
        "import asyncio\nimport os\nimport warnings\n\nimport helper\n\n\n"
        "def test_helper_and_environment():\n"
        "    assert helper.ANSWER == int(os.environ['SERVER_VALUE'])\n\n\n"
        "async def test_rewritten_assertion():\n    await asyncio.sleep(0)\n    values = [1, 2]\n"
        "    assert values == [1, 3]\n\n\n"
        "def test_warning():\n    warnings.warn(UserWarning('shown in the summary'))\n"
    ),
}

ARGS = ["-p", "parity_probe", "-p", "no:cacheprovider", "-rA", "sub"]


def _timeless(result: Result) -> tuple[int, str, str]:
    return result.returncode, re.sub(r"in \d+\.\d+s", "in Ns", result.stdout), result.stderr


FIRST = {"conftest.py": "import os\n\nos.environ['LEFT_BEHIND'] = '1'\n",
         "test_first.py": "import sys\n\n\ndef test_first():\n    assert 'conftest' in sys.modules\n"}
SECOND = {"test_second.py": "import os\nimport sys\n\n\ndef test_second():\n"
                            "    assert 'LEFT_BEHIND' not in os.environ\n"
                            "    assert 'conftest' not in sys.modules\n"}


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("server")
    for name, files in {"probe": {"parity_probe.py": PROBE}, "project": PROJECT, "first": FIRST,
                        "second": SECOND}.items():
        write_files(root / name, files)
    return {name: root / name for name in ("probe", "project", "first", "second")}


@pytest.fixture(scope="module")
def forked(folders: dict[str, Path]) -> list[Result]:
    """One server, one run after the other: the parity project, then first, second, first again."""
    runs = [Run(folders["project"], ARGS, {"SERVER_VALUE": "42"})]
    runs += [Run(folders[name], ["-p", "no:cacheprovider", "-q"]) for name in ("first", "second", "first")]
    return run_pytests(runs, env={"PYTHONPATH": str(folders["probe"])})


def test_a_forked_run_prints_what_a_real_process_prints(
    folders: dict[str, Path], forked: list[Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = folders["project"]
    monkeypatch.setenv("PYTHONPATH", str(folders["probe"]))
    monkeypatch.setenv("SERVER_VALUE", "42")
    real = run_pytest(ARGS, cwd=project)
    assert real.returncode == 1 and "1 failed, 2 passed, 1 warning" in real.stdout, real.stdout + real.stderr
    assert f"probe: argv0=__main__.py path0={project}" in real.stdout
    assert "assert [1, 2] == [1, 3]" in real.stdout
    assert _timeless(forked[0]) == _timeless(real)


def test_runs_do_not_see_each_other(forked: list[Result]) -> None:
    assert [r.returncode for r in forked[1:]] == [0, 0, 0], [r.stdout for r in forked[1:]]
    assert "1 passed" in forked[2].stdout
