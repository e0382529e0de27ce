"""ALP004: a patch target that does not exist where it is patched.

The walk only collects literal targets; the modules they name are read (with
astroid, imported lazily) after the walk, and only when there is a target.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from ..patching.project_files import conftests
from ..patching.targets import PatchTarget
from .info import Example, RuleInfo
from .patch_rule import PatchRule

if TYPE_CHECKING:
    from ..patching.values import Problem

_FIX_TARGET = "correct the target"
#: Problems that a call of the function they name fixes: a test module or conftest may make it.
_ASSIGNED_BY_A_CALL: Final = frozenset({"none-placeholder", "late-assignment"})


INFO = RuleInfo(
    code="ALP004",
    name="patch-target-not-found",
    summary="a `patch` / `mocker.patch` / `monkeypatch.setattr` target that does not exist where it is "
            "patched",
    concerns="unittest.mock, the mock backport, pytest-mock, pytest's monkeypatch",
    options=("--asyncloop-source-roots",),
    messages={
        "late-import": (
            "{api} target '{target}' does not exist: {owner} imports {name} only inside {function}(); "
            "patch '{suggestion}' instead"
        ),
        "late-import-unnamed": (
            "{api} target '{target}' does not exist: {owner} imports {name} only inside {function}(); "
            "patch {name} in the module it is imported from"
        ),
        "late-assignment": (
            "{api} target '{target}' does not exist until {function}() runs (a global statement binds "
            "{name}); bind it at module level, or patch what {function}() assigns"
        ),
        "type-checking": (
            "{api} target '{target}' does not exist at run time: {owner} imports {name} only under "
            "TYPE_CHECKING; patch it where the code reads it at run time"
        ),
        "missing-attribute": (
            "{api} target '{target}' does not exist: module {owner} has no attribute '{name}'{hint}; "
            + _FIX_TARGET
        ),
        "missing-class-attribute": (
            "{api} target '{target}' does not exist: class {owner} has no attribute '{name}'{hint}; "
            + _FIX_TARGET
        ),
        "missing-module": (
            "{api} target '{target}' does not exist: no module {owner}.{name} and no attribute "
            "'{name}' in {owner}{hint}; " + _FIX_TARGET
        ),
        "none-placeholder": (
            "{api} target '{target}' fails: {owner}.{name} is None until {function}() assigns it; "
            "patch '{owner}.{name}' itself"
        ),
        "lazy-target-missing": (
            "{api} target '{target}' does not exist: the __getattr__ of {owner} maps '{name}' to "
            "{detail}, which does not exist; correct the target or that table entry"
        ),
        "lazy-delete": (
            "{api} target '{target}' cannot be deleted: {owner} provides '{name}' through its module "
            "__getattr__; use monkeypatch.setattr instead"
        ),
        "inherited-delete": (
            "{api} target '{target}' cannot be deleted: class {owner} inherits '{name}'; delete it on "
            "the base class, or use monkeypatch.setattr"
        ),
        "submodule-not-imported": (
            "{api} target '{target}' does not exist yet: package {owner} does not import its "
            "submodule {name}; import {owner}.{name} in the test first"
        ),
    },
    examples=(
        Example("alp004_targets", fires=True),
        Example("alp004_targets_ok", fires=False),
    ),
    doc="""\
## What it catches

A literal patch target that does not exist at the moment the patch starts:

- `unittest.mock.patch` and the `mock` backport's `patch` (decorator, context manager, `.start()`),
  `patch.object(obj, "x")`, `patch.dict("a.b.D", ...)`, `patch.multiple("a.b", x=..., y=...)`;
- pytest-mock's `mocker.patch` and `.object` / `.dict` / `.multiple` / `.context_manager`, also on
  `class_mocker`, `module_mocker`, `package_mocker` and `session_mocker`;
- pytest's `monkeypatch.setattr("a.b.c", value)`, `monkeypatch.delattr("a.b.c")` and their object forms
  (`monkeypatch.setattr(obj, "x", value)`), also on `pytest.MonkeyPatch()` and `monkeypatch.context()`.

Imports are followed whatever the aliases (`from unittest import mock`, `import mock`,
`from unittest.mock import patch as p`). `mocker`/`monkeypatch` are recognised as pytest injects them:
a parameter of an enclosing function with the fixture's name, or any parameter annotated
`MockerFixture`/`MonkeyPatch`. Another object with a `patch` method (`client.patch("/url")`) is never
a patcher, nor is a name the function rebinds.

The finding is reported on the first line of the patch call or decorator, so `# noqa: ALP004` there
silences it.

## Why it fails at run time

`mock.patch` imports the longest importable prefix of the target and reads the rest as attributes; the
last one must exist (unless `create=True`). When it does not:

```
AttributeError: <module 'app.services.flow_tracker' from '...'> does not have the attribute
'AsyncSessionLocal'
```

`monkeypatch.setattr("a.b.c", v)` raises
`AttributeError: 'module' object at app.services.flow_tracker has no attribute 'AsyncSessionLocal'`,
and a missing module on the way raises `ModuleNotFoundError`.

Such targets hide well: a test that CI deselects, or a target left stale by a rename, fails only when
somebody runs it.

## The findings

- **imports X only inside f()** — a late import: the name is bound in `f`'s frame, not in the module;
  patch the module `f()` imports it from — the message gives that target
- **has no attribute 'X' (did you mean 'Y'?)** — stale or misspelt target; correct it
- **class C has no attribute 'X' in its body or its bases** — same, for `mod.Class.attr`; correct it
- **there is no module a.b** — a missing module under one of the project's packages; correct it
- **a.b.X is None when the module is imported and only assigned inside f()** — a `None` placeholder
  filled by `global` assignment; patch `a.b.X` itself, or what `f()` builds
- **imports X only under 'if TYPE_CHECKING:'** — the import never runs; patch X where the code reads it
  at run time
- **binds X only when f() runs** — a `global X` assignment with no module-level binding; bind X at
  module level
- **is a submodule that package P does not import** — the last part is a module nobody imported yet;
  import it in the test, or patch a name inside it
- **the module `__getattr__` of P looks 'X' up as M, which does not exist** — a lazy package's table
  names a module or attribute that is gone; correct the target, or the table
- **cannot be deleted: P provides 'X' through its module `__getattr__`** — `monkeypatch.delattr` on a
  lazily provided name the package does not store; use `monkeypatch.setattr`
- **cannot be deleted: class C inherits 'X'** — `monkeypatch.delattr` on an inherited class attribute;
  delete it on the base class

## Example

```python
# app/services/flow_tracker.py
def track():
    from app.core.database import AsyncSessionLocal
    ...

# tests/test_flow.py
@patch("app.services.flow_tracker.AsyncSessionLocal")   # ALP004
def test_track(session): ...
```

```
ALP004 patch() target 'app.services.flow_tracker.AsyncSessionLocal' does not exist when the patch
starts: app.services.flow_tracker imports AsyncSessionLocal only inside track(), so it is no module
attribute and the patch raises AttributeError: <module 'app.services.flow_tracker' from '...'> does not
have the attribute 'AsyncSessionLocal'; patch 'app.core.database.AsyncSessionLocal' instead, where
track() reads it at each call
```

Fix: `@patch("app.core.database.AsyncSessionLocal")`.

## Never reported (by design)

- a patch in (or decorating) an `async def test_*`, `setUp` or `tearDown` of a plain `unittest.TestCase`:
  the case drops the coroutine, so the patch never starts and the test passes; nor in such a method
  of a class whose base cannot be followed (one made at run time, an installed package's) — an
  `IsolatedAsyncioTestCase`'s or pytest's are reported;
- `create=True` (any value but a literal false one), `raising=False`, `**kwargs` that may carry them;
- a target that is not a literal string (`patch(TARGET)`, f-strings, concatenation);
- a `None` placeholder or a name bound by `global` in a function, when the test module or a
  `conftest.py` above it calls that function (by name) anywhere: it may well run before the patch;
- a mock `patch(...)` (or `.object`, `.dict`, `.multiple`) whose result the statement drops: nothing
  starts it, so its target is never looked up (`mocker.patch` and `monkeypatch` apply at the call);
- an object form whose object is not an imported module or class (`patch.object(self.client, "x")`);
- a module that cannot be found (not installed in the lint environment) or parsed; a C extension or
  bytecode-only module; a missing submodule of an installed (non-project) package;
- a module whose module-level `__getattr__` the plugin cannot read (see below), one that writes
  `globals()`/`vars()`, calls `exec`, sets attributes through `sys.modules`, or star-imports something
  unresolvable (`from posix import *`);
- a class with a decorator, a metaclass other than `ABCMeta`/`type`, class keywords, a non-literal
  `__slots__`, a base that cannot be resolved, or a base defining `__init_subclass__`;
- a package that binds a name that is also one of its submodules (`unittest.mock` on 3.11+ and the
  `mock` backport resolve such a target differently);
- a builtin name on a module under `mock.patch` (mock creates it); `monkeypatch` is still checked;
- dunder names;
- a target inside a block that expects the patch to fail: `with pytest.raises(AttributeError):`,
  `with self.assertRaises(AttributeError):` (also `ImportError`, `ModuleNotFoundError`, `Exception`,
  `BaseException`, or a tuple holding one of them).

## How targets are found — the plugin never imports your code

Modules are searched where the test run imports them from, most likely first:

1. the test file's import folder (the first folder upward without `__init__.py`, as pytest's default
   `prepend` import mode puts on `sys.path`);
2. pytest's `pythonpath` ini option, relative to the ini file that sets it;
3. the project folder and its `src/`: pytest's rootdir and the nearest folder upward holding
   `pyproject.toml`, `setup.cfg`, `setup.py`, `tox.ini`, `pytest.ini`, `.flake8` or `.git`; where there
   is none, the folder flake8 runs in (as `python -m pytest` run there has it);
4. the folders of `--asyncloop-source-roots`;
5. the `sys.path` of the interpreter running flake8.

The same folders serve the loop-scope rules' fixture lookup (`pytest_plugins`, fixture imports), and
the project folder is where it stops collecting `conftest.py` files.

Each module is parsed with astroid (no transforms, no inference, nothing imported) once per process,
and read as it runs, not as it reads:

- `if TYPE_CHECKING:` blocks bind nothing (whatever `TYPE_CHECKING` was imported as, `typing.` too, also
  `and`-ed with another test); their `else:` does. A name that is `None` at import time and assigned
  only by a function through `global` (an assignment or an import) is the `None`-placeholder finding.
- A module-level `__getattr__` (PEP 562 lazy packages) is run in the head for the name a target asks
  for: tests of the name against literal tables (dicts, tuples, lists, sets, `__all__`) and strings,
  `importlib.import_module` of a literal, of a table entry or of an f-string of the name (relative to
  `__name__`, `__package__` or `__spec__.parent`), `getattr` on what it imported, local imports,
  `globals()[name] = ...` caching, `try` blocks whose handlers raise `AttributeError`, and the final
  `raise AttributeError`. A name the function raises for is missing; a name it imports is followed into
  the module it names. Anything else on the way (a helper function, a loop, a table changed in place)
  leaves that name unknown, and nothing is reported about it.

Function bodies are otherwise read only when a name turns out to be missing. Files without a literal
patch target never load astroid.
""",
)


class PatchTargetRule(PatchRule):
    """Collects patch targets during the walk (shared with the other patch rules) and resolves them
    at the end."""

    info: ClassVar[RuleInfo] = INFO

    def finish(self) -> None:
        """Resolve every collected target; only now is the resolver (and astroid) loaded."""
        targets = self._patches.targets()
        if not targets:
            return
        answers = self._patches.answers()
        for target in targets:
            for problem in answers.problems(target):
                if problem.kind.value in _ASSIGNED_BY_A_CALL and self._test_side_calls(problem.function):
                    continue  # the test module or a conftest runs the function that binds the name
                self._report(target, problem)
        self._patches.flush()

    def _test_side_calls(self, function: str) -> bool:
        """Whether the checked file or a conftest above it calls ``function`` (by its last name)."""
        name = function.rpartition(".")[2]
        if any(_called_name(node) == name for node in ast.walk(self.context.tree)):
            return True
        pattern = re.compile(rf"\b{re.escape(name)}\s*\(")
        for conftest in conftests(self.context.filename):
            try:
                text = Path(conftest).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if pattern.search(text):
                return True
        return False

    def _report(self, target: PatchTarget, problem: Problem) -> None:
        key = problem.kind.value
        if key == "missing-module" and not problem.in_path:
            key = "missing-attribute"
        if key == "late-import" and not problem.suggestion:
            key = "late-import-unnamed"
        self.report(
            target.line,
            target.col,
            key,
            api=target.api,
            target=_shown(target, problem),
            owner=problem.owner,
            name=problem.name,
            function=problem.function,
            suggestion=problem.suggestion,
            detail=problem.detail,
            hint=f" (did you mean '{problem.suggestion}'?)" if problem.suggestion else "",
        )


def _called_name(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _shown(target: PatchTarget, problem: Problem) -> str:
    """The target as written; for ``patch.multiple``, the attribute that is missing."""
    if target.written == target.owner and target.attributes and problem.name in target.attributes:
        return f"{target.owner}.{problem.name}"
    return target.written
