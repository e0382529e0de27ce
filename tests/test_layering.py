"""Dependencies point one way: the flake8 glue imports the rules, the rules the pytest model and the
patch resolver, those only small shared helpers — so the model and the rules run without flake8."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

#: Importing each of these must not import flake8.
WITHOUT_FLAKE8 = [
    "flake8_asyncloop.pytest_world.model",
    "flake8_asyncloop.pytest_world.config",
    "flake8_asyncloop.pytest_world.lookup",
    "flake8_asyncloop.pytest_world.versions",
    "flake8_asyncloop.pytest_world.explain",
    "flake8_asyncloop.patching.check",
    "flake8_asyncloop.rules",
    "flake8_asyncloop.walker",
]


@pytest.mark.parametrize("module", WITHOUT_FLAKE8)
def test_imports_no_flake8(module: str) -> None:
    code = (
        f"import sys; import {module}; "
        "loaded = sorted(m for m in sys.modules if m == 'flake8' or m.startswith('flake8.')); "
        "print(','.join(loaded))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"


PACKAGE = Path(__file__).resolve().parent.parent / "flake8_asyncloop"
#: Which top-level modules of the package each layer may import (besides its own package).
_SHARED = {"caches", "disk_cache", "display", "faults", "imports", "once", "options", "parsing", "records",
           "project_top", "shared_stamps", "stamps", "statements", "toml_loader"}
ALLOWED = {
    "pytest_world": _SHARED | {"pytest_world"},
    "patching": _SHARED | {"pytest_world", "patching"},
    "rules": _SHARED | {"findings", "pytest_world", "patching", "rules"},
}


def _package_imports(path: Path) -> set[str]:
    """The first component below ``flake8_asyncloop`` of every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative_to = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(relative_to[: len(relative_to) - (node.level - 1)])
            parts = base + (node.module.split(".") if node.module else [])
            if parts:
                found.add(parts[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flake8_asyncloop."):
            found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_dependencies_point_one_way(layer: str) -> None:
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        wrong = _package_imports(path) - ALLOWED[layer]
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"
