"""In-process tests of how a module is read as it runs: TYPE_CHECKING blocks and PEP 562 lazy
``__getattr__`` (the runtime oracle in test_oracle_patch_targets.py proves the outcomes)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.patching.analysis import ModuleNamespace, module_namespace
from flake8_asyncloop.patching.finder import ModuleFinder
from flake8_asyncloop.patching.lazy import (
    EXISTS, IMPORTS_MODULE, RAISES, READS_ATTRIBUTE, UNKNOWN, LazyAnswer, lazy_names,
)


def _module(tmp_path: Path, source: str, name: str = "pkg") -> ModuleNamespace:
    """Write ``source`` as package ``name`` and analyse it as the resolver does."""
    init = tmp_path / name / "__init__.py"
    init.parent.mkdir(parents=True, exist_ok=True)
    init.write_text(textwrap.dedent(source))
    location = ModuleFinder((str(tmp_path),), (str(tmp_path),)).find(name)
    assert location is not None
    info = module_namespace(location)
    assert info is not None
    return info


def _answer(tmp_path: Path, source: str, name: str) -> LazyAnswer:
    reader = lazy_names(_module(tmp_path, source))
    assert reader is not None
    return reader.answer(name)


# -- TYPE_CHECKING ---------------------------------------------------------------


@pytest.mark.parametrize("header, test", [
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING"),
    ("from typing import TYPE_CHECKING as TC", "TC"),
    ("import typing", "typing.TYPE_CHECKING"),
    ("import typing as t", "t.TYPE_CHECKING"),
    ("from typing_extensions import TYPE_CHECKING as _TC", "_TC"),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING and sys.version_info >= (3, 9)"),
])
def test_type_checking_blocks_do_not_bind_and_their_else_does(tmp_path: Path, header: str, test: str) -> None:
    info = _module(tmp_path, f"""
        import sys
        {header}

        if {test}:
            import json
            from os import path
        else:
            path = None
    """)
    assert "json" not in info.bindings and "json" in info.type_checking
    assert [b.kind for b in info.bindings["path"]] == ["none"]


def test_negated_type_checking_runs_its_body_not_its_else(tmp_path: Path) -> None:
    info = _module(tmp_path, """
        from typing import TYPE_CHECKING as TC

        if not TC:
            import json
        else:
            import csv
        if TC or len([]) == 0:  # may run: both are read as bindings
            import re
    """)
    assert "json" in info.bindings and "csv" in info.type_checking and "re" in info.bindings


def test_a_global_import_in_a_function_is_a_late_assignment(tmp_path: Path) -> None:
    info = _module(tmp_path, """
        resources = None


        def load():
            global resources
            from importlib import resources
            return resources


        def local_only():
            import json
            return json
    """)
    assert info.assigned_late() == {"resources": ["load"]}
    assert set(info.late_imports()) == {"resources", "json"}


# -- PEP 562 -------------------------------------------------------------------------

SUBMODULES = """
    import importlib

    _SUBMODULES = ("llm", "tools")


    def __getattr__(name):
        if name in _SUBMODULES:
            module = importlib.import_module(f".{name}", __name__)
            globals()[name] = module
            return module
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
"""


def test_submodule_table(tmp_path: Path) -> None:
    expected = LazyAnswer(IMPORTS_MODULE, "pkg.llm", listed=True, stored=True)
    assert _answer(tmp_path, SUBMODULES, "llm") == expected
    assert _answer(tmp_path, SUBMODULES, "other").kind == RAISES


def test_names_of_the_tables_are_suggestions(tmp_path: Path) -> None:
    reader = lazy_names(_module(tmp_path, SUBMODULES))
    assert reader is not None and reader.names() == {"llm", "tools"}


EXPORTS = """
    from importlib import import_module as load
    from typing import TYPE_CHECKING

    _EXPORTS = {"Client": (".client", "Client"), "Old": ("pkg.legacy", "New"), "Value": 42}
    _ALIASES: dict[str, str] = {"Helper": ".helpers"}

    if TYPE_CHECKING:
        from .client import Client
    else:
        def __getattr__(name: str, /):
            if name in _EXPORTS:
                module_name, attribute = _EXPORTS[name]
                return getattr(load(module_name, __spec__.parent), attribute)
            target = _ALIASES.get(name)
            if target is None:
                raise AttributeError(name)
            return getattr(load(target, package=__package__), name)
"""


@pytest.mark.parametrize("name, expected", [
    ("Client", LazyAnswer(READS_ATTRIBUTE, "pkg.client", "Client", listed=True)),
    ("Old", LazyAnswer(READS_ATTRIBUTE, "pkg.legacy", "New", listed=True)),
    ("Helper", LazyAnswer(READS_ATTRIBUTE, "pkg.helpers", "Helper", listed=True)),
    ("Value", LazyAnswer(UNKNOWN)),  # a table value that is not a module path: unpacking it is unknown
    ("Other", LazyAnswer(RAISES)),
])
def test_export_tables(tmp_path: Path, name: str, expected: LazyAnswer) -> None:
    assert _answer(tmp_path, EXPORTS, name) == expected


def test_literal_comparisons_and_local_from_imports(tmp_path: Path) -> None:
    source = """
        import warnings


        def __getattr__(name):
            if name == "MRKLChain" or name == "Agent":
                from pkg.agents import MRKLChain
                warnings.warn("moved")
                return MRKLChain
            elif name.startswith("legacy_"):
                return None
            else:
                raise AttributeError(f"Could not find: {name}")
    """
    answer = _answer(tmp_path, source, "Agent")
    assert (answer.kind, answer.module, answer.attribute, answer.from_import) == (
        READS_ATTRIBUTE, "pkg.agents", "MRKLChain", True
    )
    assert answer.stored  # a call ran on the way: it may have cached the value
    assert _answer(tmp_path, source, "legacy_x").kind == EXISTS
    assert _answer(tmp_path, source, "Other").kind == RAISES


def test_not_in_globals_wrapper_and_set_tables(tmp_path: Path) -> None:
    source = """
        import importlib

        __attributes = {"encode": "serialize"}
        __submodules = frozenset({"conv"})
        __all__ = ["encode", "conv"]


        def __getattr__(name):
            if name not in globals():
                if name in __attributes:
                    module = importlib.import_module(f".{__attributes[name]}", __name__)
                    globals()[name] = getattr(module, name)
                elif name in __submodules:
                    globals()[name] = importlib.import_module("." + name, __name__)
                else:
                    raise AttributeError(f"module {__name__} has no attribute {name}")
            return globals()[name]
    """
    assert _answer(tmp_path, source, "encode") == LazyAnswer(
        READS_ATTRIBUTE, "pkg.serialize", "encode", listed=True, stored=True
    )
    assert _answer(tmp_path, source, "conv").module == "pkg.conv"
    assert _answer(tmp_path, source, "nope").kind == RAISES


def test_any_name_imported_under_a_try_that_raises(tmp_path: Path) -> None:
    source = """
        from importlib import import_module


        def __getattr__(name):
            try:
                return import_module(f"{__name__}.{name}")
            except ModuleNotFoundError:
                raise AttributeError(name) from None
    """
    answer = _answer(tmp_path, source, "anything")
    assert (answer.kind, answer.module) == (IMPORTS_MODULE, "pkg.anything")
    assert not answer.listed and answer.guarded  # any name: a missing one is just not there


@pytest.mark.parametrize("source", [
    # a helper the reader cannot follow (langchain's import_attr)
    "def __getattr__(name):\n    return _load(name)\n",
    # a table changed in place
    "T = {'a': '.a'}\nT.update(b='.b')\n\n\ndef __getattr__(name):\n    if name in T:\n        return 1\n"
    "    raise AttributeError(name)\n",
    # a table bound twice
    "T = ('a',)\nT = T + ('b',)\n\n\ndef __getattr__(name):\n    if name in T:\n        return 1\n"
    "    raise AttributeError(name)\n",
    # two definitions
    "import sys\nif sys.version_info > (3,):\n    def __getattr__(name):\n"
    "        raise AttributeError(name)\n"
    "else:\n    def __getattr__(name):\n        return 1\n",
    # a handler that does more than raise
    "def __getattr__(name):\n    try:\n        return _CACHE[name]\n    except KeyError:\n        pass\n"
    "    raise AttributeError(name)\n",
    # another exception than AttributeError
    "def __getattr__(name):\n    raise ImportError('install the extra')\n",
    # a loop
    "def __getattr__(name):\n    for x in ():\n        pass\n    raise AttributeError(name)\n",
    # no single name parameter
    "def __getattr__(*args):\n    raise AttributeError(args)\n",
])
def test_what_cannot_be_read_stays_unknown(tmp_path: Path, source: str) -> None:
    assert _answer(tmp_path, source, "b").kind == UNKNOWN


def test_assigned_getattr_keeps_the_module_dynamic(tmp_path: Path) -> None:
    source = "import lazy_loader\n__getattr__, __dir__, __all__ = lazy_loader.attach(__name__)\n"
    info = _module(tmp_path, source + "__getattr__ = lazy_loader.attach(__name__)[0]\n")
    assert info.dynamic and lazy_names(info) is None


def test_a_class_getattr_is_not_a_module_getattr(tmp_path: Path) -> None:
    info = _module(tmp_path, "class Proxy:\n    def __getattr__(self, name):\n        return 1\n")
    assert not info.getattr_functions and not info.dynamic


def test_key_error_handled_as_attribute_error_and_mixed_tuple_entries(tmp_path: Path) -> None:
    """stripe's form: a dict of (module, is_submodule) read inside ``try: ... except KeyError``."""
    source = """
        from importlib import import_module

        _import_map = {"Account": ("pkg._account", False), "billing": ("pkg.billing", True)}


        def __getattr__(name):
            try:
                target, is_submodule = _import_map[name]
                module = import_module(target)
                if is_submodule:
                    return module
                return getattr(module, name)
            except KeyError:
                raise AttributeError()
    """
    account = _answer(tmp_path, source, "Account")
    assert (account.kind, account.module, account.attribute, account.guarded) == (
        READS_ATTRIBUTE, "pkg._account", "Account", False  # KeyError only: an import failure stays one
    )
    assert _answer(tmp_path, source, "billing").kind == IMPORTS_MODULE
    assert _answer(tmp_path, source, "Nope").kind == RAISES


def test_key_error_escaping_is_unknown(tmp_path: Path) -> None:
    source = """
        _MAP = {"a": "pkg.a"}


        def __getattr__(name):
            return _MAP[name]
    """
    assert _answer(tmp_path, source, "a").kind == EXISTS
    assert _answer(tmp_path, source, "b").kind == UNKNOWN  # KeyError, not AttributeError
