"""pins: every reader finds pytest-asyncio where projects write it, and survives files it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flake8_asyncloop import once
from flake8_asyncloop.pytest_world.pins.folders import folder_declarations

from .harness import write_files

Row = tuple[str, int | None, str, bool]  # file, line, how it reads, locked


@pytest.fixture(autouse=True)
def fresh_messages() -> None:
    """Each test may see the same stderr line as an earlier one."""
    once.forget()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


def rows(folder: Path) -> set[Row]:
    """The declarations of one folder, as (file relative to it, line, constraint, locked)."""
    return {
        (d.source.relative_to(folder).as_posix(), d.line, str(d.constraint), d.locked)
        for d in folder_declarations(folder)
    }


UV_LOCK = """\
version = 1
requires-python = ">=3.10"

[[package]]
name = "pytest"
version = "8.4.0"
dependencies = [
    { name = "pytest-asyncio" },
]

[[package]]
name = "pytest-asyncio"
version = "0.21.2"
source = { registry = "https://pypi.org/simple" }
"""


@pytest.mark.parametrize("name", ["uv.lock", "poetry.lock", "pdm.lock"])
def test_package_locks(project: Path, name: str) -> None:
    write_files(project, {name: UV_LOCK})
    assert rows(project) == {(name, 12, "==0.21.2", True)}


def test_uv_lock_with_two_releases_for_two_pythons(project: Path) -> None:
    second = '\n[[package]]\nname = "pytest-asyncio"\nversion = "1.5.0"\n'
    write_files(project, {"uv.lock": UV_LOCK + second})
    assert rows(project) == {("uv.lock", 12, "==0.21.2", True), ("uv.lock", 17, "==1.5.0", True)}


def test_pipfile_lock(project: Path) -> None:
    document = {"_meta": {}, "default": {"httpx": {"version": "==0.27.0"}},
                "develop": {"pytest-asyncio": {"hashes": [], "version": "==0.23.8"}}}
    write_files(project, {"Pipfile.lock": json.dumps(document, indent=4)})
    assert rows(project) == {("Pipfile.lock", 9, "==0.23.8", True)}


def test_pipfile(project: Path) -> None:
    pipfile = '[packages]\nhttpx = "*"\n\n[dev-packages]\npytest-asyncio = "==0.23.8"\n'
    write_files(project, {"Pipfile": pipfile})
    assert rows(project) == {("Pipfile", 5, "==0.23.8", False)}


PYPROJECT = """\
[project]
name = "demo"
dependencies = ["httpx"]

[project.optional-dependencies]
test = ["pytest", "pytest-asyncio>=0.23,<0.24"]

[dependency-groups]
dev = ["pytest-asyncio==0.21.2", {include-group = "lint"}]
lint = ["flake8"]

[tool.pdm.dev-dependencies]
test = ["pytest-asyncio~=0.24.0"]

[tool.uv]
dev-dependencies = ["pytest-asyncio==0.26.0"]
override-dependencies = ["pytest-asyncio==1.0.0"]

[tool.hatch.envs.test]
dependencies = ["pytest-asyncio<1"]

[tool.rye]
dev-dependencies = ["pytest-asyncio==0.23.5"]
"""


def test_pyproject_pep_621_735_pdm_uv_hatch_rye(project: Path) -> None:
    write_files(project, {"pyproject.toml": PYPROJECT})
    assert rows(project) == {
        ("pyproject.toml", 6, ">=0.23,<0.24", False),
        ("pyproject.toml", 9, "==0.21.2", False),
        ("pyproject.toml", 13, "~=0.24.0", False),
        ("pyproject.toml", 16, "==0.26.0", False),
        ("pyproject.toml", 17, "==1.0.0", False),
        ("pyproject.toml", 20, "<1", False),
        ("pyproject.toml", 23, "==0.23.5", False),
    }


POETRY = """\
[tool.poetry.dependencies]
python = "^3.9"
pytest-asyncio = "0.21.2"

[tool.poetry.dev-dependencies]
pytest-asyncio = "^0.21"

[tool.poetry.group.test.dependencies]
pytest_asyncio = { version = "~0.23.5", optional = true }

[tool.poetry.group.old.dependencies]
pytest-asyncio = [
    { version = "0.17.2", python = "<3.7" },
    { version = "*", python = ">=3.7" },
]

[tool.poetry.group.git.dependencies]
pytest-asyncio = { git = "https://example.invalid/pytest-asyncio.git" }
"""


def test_poetry_tables(project: Path) -> None:
    write_files(project, {"pyproject.toml": POETRY})
    declarations = folder_declarations(project)
    found = {(d.line, str(d.constraint), d.exact, d.is_range, d.applies) for d in declarations}
    assert found == {
        (3, "==0.21.2", (0, 21, 2), False, True),
        (6, ">=0.21,<0.22", None, True, True),
        (9, ">=0.23.5,<0.24", None, True, True),
        (12, "==0.17.2", None, False, False),  # its python = "<3.7" excludes this Python
        (12, "*", None, False, True),
        (18, "None", None, False, True),  # a git dependency: no release
    }


def test_pyproject_tox_tables(project: Path) -> None:
    write_files(project, {"pyproject.toml": (
        '[tool.tox.env_run_base]\ndeps = ["pytest-asyncio==0.23.8"]\n'
        '[tool.tox.env.old]\ndeps = ["pytest-asyncio<0.22", { replace = "ref", of = ["x"] }]\n'
    )})
    assert rows(project) == {("pyproject.toml", 2, "==0.23.8", False), ("pyproject.toml", 4, "<0.22", False)}


def test_pyproject_legacy_tox_ini(project: Path) -> None:
    write_files(project, {"pyproject.toml": (
        '[tool.tox]\nlegacy_tox_ini = """\n[testenv]\ndeps =\n    pytest\n    pytest-asyncio==0.21.1\n"""\n'
    )})
    assert rows(project) == {("pyproject.toml", 6, "==0.21.1", False)}


def test_setup_cfg(project: Path) -> None:
    write_files(project, {"setup.cfg": (
        "[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    httpx\n"
        "tests_require =\n    pytest-asyncio>=0.21  # the tests\n\n"
        "[options.extras_require]\ntest =\n    pytest\n    pytest-asyncio==0.21.1\n"
    )})
    assert rows(project) == {("setup.cfg", 8, ">=0.21", False), ("setup.cfg", 13, "==0.21.1", False)}


def test_setup_py_string_literals_without_running_it(project: Path) -> None:
    write_files(project, {"setup.py": (
        "import os\nfrom setuptools import setup\n\n"
        'tests_requires = [\n    "pytest==8.4.0",\n    "pytest-asyncio==1.4.0",\n]\n'
        'os.system("echo never run")\n'
        'setup(name="demo", description="tests with pytest-asyncio and more", tests_require=tests_requires,\n'
        '      extras_require={"old": ["pytest-asyncio<0.22; python_version < \'3.8\'"]})\n'
    )})
    found = {(d.line, str(d.constraint), d.applies) for d in folder_declarations(project)}
    assert found == {(6, "==1.4.0", True), (10, "<0.22", False)}


def test_tox_ini_every_testenv_with_factors_and_includes(project: Path) -> None:
    write_files(project, {
        "tox.ini": (
            "[tox]\nenvlist = py,old\n\n[testenv]\ndeps =\n    -r{toxinidir}/ci/test.txt\n    pytest\n\n"
            "[testenv:old]\ndeps =\n    py38: pytest-asyncio==0.21.1\n    {[testenv]deps}\n"
            "    -c ci/constraints.txt\n\n[testenv:lint]\ndeps = flake8\n"
        ),
        "ci/test.txt": "pytest\npytest-asyncio>=0.23\n",
        "ci/constraints.txt": "pytest-asyncio<0.24\n",
    })
    assert rows(project) == {
        ("ci/test.txt", 2, ">=0.23", False),
        ("tox.ini", 11, "==0.21.1", False),
        ("ci/constraints.txt", 1, "<0.24", False),
    }


def test_tox_toml(project: Path) -> None:
    write_files(project, {"tox.toml": '[env_run_base]\ndeps = ["pytest", "pytest-asyncio==0.25.3"]\n'})
    assert rows(project) == {("tox.toml", 2, "==0.25.3", False)}


def test_requirements_files_follow_includes_relative_to_the_including_file(project: Path) -> None:
    write_files(project, {
        "requirements-dev.txt": "-r requirements/test.txt\n--requirement=requirements.txt\n",
        "requirements.txt": "httpx\n",
        "requirements/test.txt": "-c ../constraints/pins.txt\npytest\n",
        "constraints/pins.txt": (
            "# pinned by pip-compile\npytest==8.4.0 \\\n    --hash=sha256:abc\n"
            "pytest-asyncio==0.21.2 \\\n    --hash=sha256:def \\\n    --hash=sha256:012\n"
            "    # via -r requirements/test.in\n"
        ),
    })
    assert rows(project) == {("constraints/pins.txt", 4, "==0.21.2", False)}


def test_requirement_file_names_and_the_requirements_folder(project: Path) -> None:
    write_files(project, {
        "dev-requirements.txt": "pytest-asyncio>=0.21\n",
        "requirements_test.in": "pytest-asyncio<1\n",
        "requirements-dev.lock": "pytest-asyncio==0.24.0\n",
        "constraints.txt": "pytest-asyncio!=0.23.0\n",
        "requirements/ci/py38.txt": "pytest-asyncio==0.21.1 ; python_version < '3.8'\n",
        "notes.txt": "pytest-asyncio==0.1.0\n",
        "docs/requirements.txt": "pytest-asyncio==0.2.0\n",  # another folder: read when searched from there
    })
    assert rows(project) == {
        ("dev-requirements.txt", 1, ">=0.21", False),
        ("requirements_test.in", 1, "<1", False),
        ("requirements-dev.lock", 1, "==0.24.0", False),
        ("constraints.txt", 1, "!=0.23.0", False),
        ("requirements/ci/py38.txt", 1, "==0.21.1", False),
    }


def test_include_cycles_and_duplicates_are_read_once(project: Path) -> None:
    write_files(project, {
        "requirements.txt": "-r requirements-test.txt\npytest-asyncio==0.21.2\n",
        "requirements-test.txt": "-r requirements.txt\n-c requirements.txt\n",
    })
    assert rows(project) == {("requirements.txt", 2, "==0.21.2", False)}


def test_a_local_package_without_a_locked_version_says_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(project, {"uv.lock": '[[package]]\nname = "pytest-asyncio"\nsource = { editable = "." }\n'})
    assert rows(project) == set()
    assert capsys.readouterr().err == ""


def test_other_packages_are_never_parsed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project, {
        "requirements.txt": "-e .\nweird package name ===\nhttps://example.invalid/x.zip\n${PIN}\n"
                            "--index-url https://example.invalid\npytest-asyncio-cooperative==0.1\n",
        "pyproject.toml": '[project]\ndependencies = ["!!!", 3, {a = 1}]\n[tool.poetry]\ndependencies = 7\n',
    })
    assert rows(project) == set()
    assert capsys.readouterr().err == ""


# --- files the plugin cannot read: one stderr line each, never a crash ------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("uv.lock", '[[package]\nname = "pytest-asyncio"\n', "invalid TOML"),
        ("poetry.lock", "package = 3\n", "'package' entry is not an array"),
        ("pyproject.toml", "[project\n", "invalid TOML"),
        ("Pipfile", "[dev-packages\n", "invalid TOML"),
        ("Pipfile.lock", "{not json", "invalid JSON"),
        ("Pipfile.lock", "[1, 2]", "not a JSON object"),
        ("tox.ini", "deps = outside a section\n", "invalid INI"),
        ("setup.cfg", "[options]\ninstall_requires =\n  x\n[options]\n[[[\n", "invalid INI"),
        ("tox.toml", "env_run_base = [", "invalid TOML"),
        ("setup.py", "setup(\n", "not valid Python"),
        ("requirements.txt", b"pytest-asyncio==0.21.2\n\xff\xfe\n", "not UTF-8"),
    ],
)
def test_malformed_file(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes, reason: str
) -> None:
    write_files(project, {name: content, "requirements-ci.txt": "pytest-asyncio==0.23.8\n"})
    assert rows(project) == {("requirements-ci.txt", 1, "==0.23.8", False)}
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("flake8-asyncloop: ignored the whole file (")
    assert reason in lines[0] and lines[0].endswith(f" in {name}")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"requirements.txt": "pytest-asyncio==0.21.x\n"}, "line 1: 'pytest-asyncio==0.21.x'"),
        ({"requirements.txt": "-r missing.txt\n"}, "line 1: the included missing.txt (unreadable"),
        ({"pyproject.toml": '[dependency-groups]\nt = ["pytest-asyncio>=>0.2"]\n'}, "'pytest-asyncio>=>0.2'"),
        ({"pyproject.toml": '[tool.poetry.dependencies]\npytest-asyncio = "newest"\n'}, "'newest'"),
        ({"uv.lock": '[[package]]\nname = "pytest-asyncio"\nversion = "x"\n'}, "'pytest-asyncio x'"),
    ],
)
def test_unreadable_declaration_is_skipped_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: str
) -> None:
    write_files(project, files)
    assert rows(project) == set()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and expected in lines[0], lines
    assert lines[0].endswith(f"a pytest-asyncio declaration in {next(iter(files))}")


def test_unreadable_folder_entry_is_not_a_crash(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "requirements.txt").mkdir()  # a folder where a file is expected
    (project / "requirements-dev.txt").symlink_to(project / "nowhere.txt")
    assert rows(project) == set()
    assert capsys.readouterr().err == ""
