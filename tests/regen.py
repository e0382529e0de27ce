"""Regenerate what is derived from the rules' single source: ``python -m tests.regen``.

Writes each example's findings snapshot (``tests/examples/*.findings.txt``), each rule's page
(``docs/rules/ALP00N.md``) and the README's rule table.  ``--check`` writes nothing and exits 1
when something is stale (the test suite asserts the same).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from flake8_asyncloop.rule_pages import render_page, render_table, replace_table
from flake8_asyncloop.rules import INFOS

from . import snapshots
from .harness import EXAMPLES, lint_example

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECT = ROOT / "example"


def all_examples() -> list[Path]:
    """Every example: the files and folders under tests/examples, and the bundled example project."""
    found = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".py" or p.is_dir())
    return [*found, EXAMPLE_PROJECT]


def current_snapshots() -> dict[Path, list[str]]:
    """Lint every example now and render its findings."""
    rendered = {}
    for example in all_examples():
        with tempfile.TemporaryDirectory() as folder:
            rendered[example] = snapshots.rendered(lint_example(example, Path(folder)))
    return rendered


def expected_files(rendered: dict[Path, list[str]]) -> dict[Path, str]:
    """Every generated file and the text it must hold."""
    by_name = {example.name: lines for example, lines in rendered.items()}
    files = {snapshots.snapshot_path(example): "".join(line + "\n" for line in lines)
             for example, lines in rendered.items()}
    for info, module in INFOS:
        files[ROOT / "docs" / "rules" / f"{info.code}.md"] = render_page(info, module, by_name)
    readme = ROOT / "README.md"
    files[readme] = replace_table(readme.read_text(encoding="utf-8"), render_table([i for i, _ in INFOS]))
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """The generated files whose text on disk differs."""
    return [path for path, text in files.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str]) -> int:
    files = expected_files(current_snapshots())
    outdated = stale(files)
    if "--check" in argv:
        for path in outdated:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if outdated else 0
    for path in outdated:
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
