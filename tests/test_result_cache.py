"""The whole-file result cache: an unchanged file in an unchanged project is answered from its entry
without running a rule, and every change to what its findings depend on gives, warm, exactly what
a cold run gives — the file, a conftest above it (or a new nearer one), the pytest configuration
(or a new nearer one), a pin or a lock, a patch target's module, a ``pytest_plugins`` module, the
installed pytest-asyncio, an option, the plugin's version."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import flake8_asyncloop
from flake8_asyncloop import checking, stamps
from flake8_asyncloop.caches import CACHES

from .cache_files import rewrite_value, stored_entries
from .harness import Result, write_files
from .in_process import lint

PROJECT = {
    "pytest.ini": "[pytest]\n",
    "requirements.txt": "pytest-asyncio==1.0.0\n",
    "app/__init__.py": "",
    "app/mod.py": "def fetch():\n    return 1\n",
    "tests/__init__.py": "",
    "tests/plugin.py": (
        "import httpx\nimport pytest_asyncio\n\n\n"
        "@pytest_asyncio.fixture(scope='session', loop_scope='session')\n"
        "async def client():\n    async with httpx.AsyncClient() as client:\n        yield client\n"
    ),
    "tests/conftest.py": "pytest_plugins = ['tests.plugin']\n",
    "tests/unit/__init__.py": "",
    "tests/unit/test_api.py": (
        "from unittest import mock\n\nimport pytest\n\nimport app.mod\n\n\n"
        "@pytest.mark.asyncio\nasync def test_home(client):\n    await client.get('/')\n\n\n"
        "@mock.patch('app.mod.fetch')\ndef test_fetch(fetch):\n    assert app.mod.fetch() is fetch()\n\n\n"
        "def test_legacy(event_loop):\n    assert event_loop\n"
    ),
}
#: What the project gives: the session client on the test's function loop, ``event_loop`` gone in 1.0.
FINDINGS = {(9, "ALP002"), (18, "ALP003")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_files(root, PROJECT)
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the rules ran on (not answered from the cache)."""
    seen: list[str] = []
    real = checking.check_file

    def counting(filename: str, *args: object, **kwargs: object) -> list[tuple[int, int, str]]:
        seen.append(os.path.basename(filename))
        return real(filename, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checking, "check_file", counting)
    return seen


def run(root: Path, *extra: str, cache: bool = True) -> Result:
    option = f"--asyncloop-cache-dir={root.parent / 'cache'}" if cache else "--asyncloop-no-cache"
    result = lint(["--select", "ALP", option, *extra, "tests"], cwd=root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def findings(result: Result) -> set[tuple[int, str]]:
    return {(hit.row, hit.code) for hit in result.hits() if hit.path.endswith("test_api.py")}


def test_a_warm_run_runs_no_rule_and_finds_the_same(project: Path, checked: list[str]) -> None:
    cold = run(project)
    assert findings(cold) == FINDINGS and "test_api.py" in checked
    checked.clear()
    warm = run(project)
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr
    assert checked == []


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return change


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def _installed(version: str) -> Callable[[Path], None]:
    """No pin; pytest-asyncio ``version`` installed first on ``sys.path`` (the working folder)."""
    def change(root: Path) -> None:
        (root / "requirements.txt").unlink()
        write_files(root, {f"pytest_asyncio-{version}.dist-info/METADATA": (
            f"Metadata-Version: 2.1\nName: pytest-asyncio\nVersion: {version}\n"
        )})
    return change


CHANGES = {
    "the checked file": _edit("tests/unit/test_api.py", "async def test_home(client)", "def test_home()"),
    "a conftest above it": _write("tests/conftest.py", "pytest_plugins = []\n"),
    "a new nearer conftest": _write(
        "tests/unit/conftest.py", "import pytest_asyncio\n\n\n@pytest_asyncio.fixture\nasync def client():\n"
        "    return 1\n"
    ),
    "the pytest_plugins module": _edit("tests/plugin.py", "loop_scope='session'", "loop_scope='function'"),
    "the pytest config": _write("pytest.ini", "[pytest]\nasyncio_default_test_loop_scope = session\n"),
    "a new nearer pytest config": _write(
        "tests/pytest.ini", "[pytest]\nasyncio_default_test_loop_scope = session\n"
    ),
    "a pin": _write("requirements.txt", "pytest-asyncio==0.21.1\n"),
    "a lock": _write("uv.lock", "[[package]]\nname = 'pytest-asyncio'\nversion = '0.21.1'\n"),
    "a patch target's module": _edit("app/mod.py", "def fetch", "def fetcx"),
    "the installed pytest-asyncio": _installed("0.21.1"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_gives_warm_what_it_gives_cold(change: str, project: Path, checked: list[str]) -> None:
    before = run(project)
    assert findings(before) == FINDINGS
    run(project)
    checked.clear()
    CHANGES[change](project)
    warm = run(project)
    assert "test_api.py" in checked, "the entry was used after the change"
    cold = run(project, cache=False)
    assert findings(cold) != FINDINGS, "the change must change the findings"
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr
    checked.clear()
    assert run(project).stdout == cold.stdout and "test_api.py" not in checked


def test_a_change_to_the_installed_release_is_seen(project: Path, checked: list[str]) -> None:
    _installed("1.0.0")(project)
    assert findings(run(project)) == FINDINGS
    checked.clear()
    metadata = project / "pytest_asyncio-1.0.0.dist-info"
    metadata.rename(project / "pytest_asyncio-0.21.1.dist-info")
    (project / "pytest_asyncio-0.21.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pytest-asyncio\nVersion: 0.21.1\n", encoding="utf-8"
    )
    warm = run(project)
    assert "test_api.py" in checked and warm.stdout == run(project, cache=False).stdout
    assert findings(warm) != FINDINGS


@pytest.mark.parametrize("option", [
    "--asyncloop-default-test-loop-scope=session", "--asyncloop-pytest-asyncio-version=0.21",
    "--asyncloop-loop-mismatch=certain", "--asyncloop-asyncio-mode=auto",
])
def test_another_option_is_another_answer(option: str, project: Path, checked: list[str]) -> None:
    run(project)
    checked.clear()
    warm = run(project, option)
    assert "test_api.py" in checked
    assert warm.stdout == run(project, option, cache=False).stdout


def test_an_option_that_changes_no_finding_keeps_the_entry(project: Path, checked: list[str]) -> None:
    run(project)
    checked.clear()
    run(project, "--asyncloop-explain", "--asyncloop-no-cache")  # skips the cache altogether
    checked.clear()
    run(project, "--max-line-length=200")
    assert checked == []


def test_another_plugin_version_runs_the_rules_again(
    project: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = run(project)
    monkeypatch.setattr(flake8_asyncloop, "__version__", "99.0")
    CACHES.reset()
    checked.clear()
    assert run(project).stdout == cold.stdout and "test_api.py" in checked


def test_the_editor_buffer_on_stdin_is_answered_from_its_entry(project: Path, checked: list[str]) -> None:
    text = (project / "tests" / "unit" / "test_api.py").read_text(encoding="utf-8")
    args = ["--select", "ALP", f"--asyncloop-cache-dir={project.parent / 'cache'}",
            "--stdin-display-name", "tests/unit/test_api.py", "-"]
    cold = lint(args, cwd=project, stdin=text)
    assert findings(cold) == FINDINGS
    checked.clear()
    assert lint(args, cwd=project, stdin=text).stdout == cold.stdout and checked == []
    edited = text.replace("async def test_home(client)", "def test_home()")  # unsaved: the disk is as it was
    assert findings(lint(args, cwd=project, stdin=edited)) == {(18, "ALP003")} and checked


def test_a_corrupt_entry_is_a_miss(project: Path, checked: list[str]) -> None:
    cold = run(project)
    damaged = 0
    for entry in stored_entries(project.parent / "cache"):
        if entry.key.startswith("findings:"):
            rewrite_value(entry, {**entry.value, "findings": [[1, "x", "ALP999 wrong"]]})
            damaged += 1
    assert damaged
    checked.clear()
    assert run(project).stdout == cold.stdout and checked


def test_a_folder_that_cannot_be_listed_then_can(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project folder unlistable: its pin is not found (the installed release applies); once it can
    be listed again (``chmod`` moves its change time), the pin is read again."""
    (project / "requirements.txt").write_text("pytest-asyncio==0.21.1\n", encoding="utf-8")
    monkeypatch.setattr(stamps, "RECENT_NS", 0)  # as if the files were old: their times alone decide
    expected = run(project, cache=False).stdout
    mode = project.stat().st_mode & 0o777
    with monkeypatch.context() as patch:
        if os.geteuid() == 0:  # root lists every folder: make it unlistable for this process only
            _unlistable(patch, project)
        else:
            project.chmod(0o311)
        try:
            blind = run(project)
        finally:
            project.chmod(mode)
    assert blind.stdout != expected, "the unlistable folder must hide the pin"
    assert run(project).stdout == expected


def _unlistable(patch: pytest.MonkeyPatch, folder: Path) -> None:
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(path: object) -> None:
        if isinstance(path, int):  # a file descriptor (shutil.rmtree)
            return
        listed = os.fsdecode(path if path is not None else ".")  # type: ignore[arg-type]
        if os.path.abspath(listed) == str(folder):
            raise PermissionError(13, "Permission denied", str(folder))

    def scandir(path: object = ".") -> object:
        refuse(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def listdir(path: object = ".") -> object:
        refuse(path)
        return real_listdir(path)  # type: ignore[arg-type]

    patch.setattr(os, "scandir", scandir)
    patch.setattr(os, "listdir", listdir)


def test_internal_errors_are_not_cached(
    project: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]
) -> None:
    from flake8_asyncloop.rules import loop_mismatch

    def broken(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loop_mismatch.LoopMismatchRule, "finish", broken)
    assert "internal error" in lint(["--select", "ALP", f"--asyncloop-cache-dir={project.parent / 'cache'}",
                                     "tests"], cwd=project).stderr
    monkeypatch.undo()
    checked.clear()
    monkeypatch.setattr(checking, "check_file", _counting(checked))
    assert findings(run(project)) == FINDINGS and "test_api.py" in checked


def _counting(seen: list[str]) -> Callable[..., list[tuple[int, int, str]]]:
    real = checking.check_file

    def counting(filename: str, *args: object) -> list[tuple[int, int, str]]:
        seen.append(os.path.basename(filename))
        return real(filename, *args)  # type: ignore[arg-type]
    return counting


def test_stderr_lines_are_said_again_from_the_entry(project: Path) -> None:
    (project / "pytest.ini").write_text("[pytest]\nasyncio_mode = sometimes\n", encoding="utf-8")
    cold = run(project)
    assert "asyncio_mode" in cold.stderr
    assert run(project).stderr == cold.stderr


def _modules_after(args: list[str], cwd: Path, stdin: str | None = None) -> list[str]:
    code = (
        "import sys\nfrom flake8.main.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "finally:\n    print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLAKE8"))}
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)
    return proc.stderr.split()


def test_a_warm_run_imports_no_rule(project: Path) -> None:
    args = ["--select", "ALP", "--jobs=1", f"--asyncloop-cache-dir={project.parent / 'cache'}", "tests"]
    assert "flake8_asyncloop.rules.loop_mismatch" in _modules_after(args, project)
    warm = _modules_after(args, project)
    heavy = ("flake8_asyncloop.rules.", "flake8_asyncloop.pytest_world.", "flake8_asyncloop.patching.",
             "astroid", "tomllib", "tomli")
    loaded = [m for m in warm if m.startswith(heavy)]
    # the option parser's scope names, and the module finder that checks the entry's module lookups
    assert loaded == ["flake8_asyncloop.patching.finder", "flake8_asyncloop.pytest_world.scopes"], loaded


def test_a_cold_run_with_patches_loads_no_openssl_and_no_difflib(project: Path) -> None:
    """``hashlib`` loads OpenSSL (``_hashlib``: 3.5 MiB of resident memory, 5 ms), which nothing
    the plugin does needs (its digests are BLAKE2 from ``_blake2``); ``difflib`` is only for the
    close match of a name that is missing."""
    args = ["--select", "ALP", "--jobs=1", f"--asyncloop-cache-dir={project.parent / 'cache'}", "tests"]
    cold = _modules_after(args, project)
    assert "flake8_asyncloop.patching.answers" in cold and "astroid" in cold
    assert "_hashlib" not in cold and "difflib" not in cold
    (project / "tests" / "test_typo.py").write_text(
        "from unittest import mock\n\n\n@mock.patch('app.mod.fetchh')\ndef test_typo(fetch):\n    pass\n"
    )
    assert "difflib" in _modules_after(args, project)  # "did you mean 'fetch'"


@pytest.mark.parametrize(("text", "checked"), [
    ("import asyncio\n\n\nasync def serve():\n    await asyncio.sleep(0)\n", False),  # no rule wants it
    ("import asyncio\n\n\ndef serve():\n    return asyncio.get_event_loop()\n", True),  # ALP003 reads it
])
def test_a_plain_file_imports_no_pytest_model_and_no_toml(text: str, checked: bool, tmp_path: Path) -> None:
    write_files(tmp_path, {
        "pyproject.toml": "[tool.pytest.ini_options]\nasyncio_mode = 'auto'\n",
        "app/service.py": text,
    })
    loaded = _modules_after(["--select", "ALP", "--asyncloop-no-cache", "app/service.py"], tmp_path)
    assert ("flake8_asyncloop.checking" in loaded) is checked
    model = ("flake8_asyncloop.pytest_world.model", "flake8_asyncloop.pytest_world.config",
             "flake8_asyncloop.patching", "tomllib", "tomli", "astroid")
    heavy = [m for m in loaded if m.startswith(model)]
    assert heavy == [], heavy


def test_workers_share_the_rules_only_on_a_likely_cold_run(project: Path) -> None:
    """flake8 forks its ``--jobs`` workers after the options are parsed: on a run the cache cannot
    answer the main process loads the rules first (each worker would import them again); on a warm
    one it loads none."""
    args = ["--select", "ALP", "--jobs=2", f"--asyncloop-cache-dir={project.parent / 'cache'}", "tests"]
    rule = "flake8_asyncloop.rules.loop_mismatch"
    assert rule in _modules_after(args, project)
    assert rule not in _modules_after(args, project)
    assert rule in _modules_after(["--select", "ALP", "--jobs=2", "--asyncloop-no-cache", "tests"], project)


@pytest.mark.parametrize("folder", ["cache", ".asyncloop_cache", "tests/cache"])
def test_a_cache_folder_inside_the_project_keeps_a_warm_run_warm(
    folder: str, project: Path, checked: list[str]
) -> None:
    """The project walks (conftests that add marks, runner evidence) would list the cache's own
    folders, which every new entry changes: a cache inside the project, by any name, is not walked."""
    (project / "tests" / "conftest.py").write_text(
        "pytest_plugins = ['tests.plugin']\n\n\ndef pytest_collection_modifyitems(items):\n"
        "    for item in items:\n        item.add_marker('slow')\n"
    )
    args = ["--select", "ALP", f"--asyncloop-cache-dir={project / folder}", "tests"]
    cold = lint(args, cwd=project)
    tag = (project / folder / "CACHEDIR.TAG").read_text()
    assert checked and tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    checked.clear()
    assert lint(args, cwd=project).stdout == cold.stdout
    assert checked == []


def test_a_file_no_rule_wants_is_neither_checked_nor_cached(project: Path, checked: list[str]) -> None:
    (project / "app" / "models.py").write_text("class Row:\n    key = 'a'\n")
    result = lint(["--select", "ALP", f"--asyncloop-cache-dir={project.parent / 'cache'}", "app", "tests"],
                  cwd=project)
    assert findings(result) == FINDINGS
    assert "models.py" not in checked and "mod.py" not in checked and "test_api.py" in checked
    keys = {entry.key for entry in stored_entries(project.parent / "cache")}
    assert f"findings:{project / 'tests' / 'unit' / 'test_api.py'}" in keys
    assert not any(key.endswith(("models.py", "mod.py", "__init__.py")) for key in keys)
