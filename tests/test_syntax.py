"""``patching.syntax.build_tree``: the stripped astroid tree the patch rules read a module from, and
the namespace ``patching.collector.analyse`` collects from it."""

from __future__ import annotations

from pathlib import Path

from astroid import nodes

from flake8_asyncloop.patching.collector import analyse
from flake8_asyncloop.patching.finder import ModuleLocation
from flake8_asyncloop.patching.syntax import build_tree
from flake8_asyncloop.records import EMPTY

SOURCE = '''\
import os


class Client:
    retries = 3

    @property
    async def session(self) -> "Session":
        return await os.open(self.retries)


def __getattr__(name):
    if name == "lazy":
        return 1
    raise AttributeError(name)


def helper(x: int = 2) -> int:
    import json
    return json.dumps(x)
'''


def _tree(tmp_path: Path, bodies: bool = False) -> nodes.Module:
    path = tmp_path / "mod.py"
    path.write_text(SOURCE)
    return build_tree(SOURCE, ModuleLocation("pkg.mod", "source", str(path), (), True), bodies=bodies)


def test_bodies_are_stripped_but_a_module_getattr_and_the_namespace_stay(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    assert tree.name == "pkg.mod" and tree.file == str(tmp_path / "mod.py")
    client, getattr_, helper = (tree.body[1], tree.body[2], tree.body[3])
    assert isinstance(client, nodes.ClassDef)
    assert [n.name for n in client.body[0].targets] == ["retries"]
    session = client.body[1]
    assert isinstance(session, nodes.AsyncFunctionDef) and session.name == "session"
    assert [d.as_string() for d in session.decorators.nodes] == ["property"]
    # astroid puts a decorated function at its first decorator's line
    assert [type(n) for n in session.body] == [nodes.Pass] and session.lineno == 7
    assert len(getattr_.body) == 2  # PEP 562: the body says which names exist
    assert [type(n) for n in helper.body] == [nodes.Pass] and helper.args.args == []


def test_bodies_are_kept_when_asked(tmp_path: Path) -> None:
    helper = _tree(tmp_path, bodies=True).body[3]
    assert [type(n) for n in helper.body] == [nodes.Import, nodes.Return]
    assert [a.name for a in helper.args.args] == ["x"]


def test_no_keyword_positions_are_worked_out(tmp_path: Path) -> None:
    """astroid tokenizes each ``def``/``class`` line for ``position`` when it has the source; nothing
    here reads it, so it is not given the source (``position`` stays None)."""
    tree = _tree(tmp_path)
    assert all(node.position is None for node in tree.nodes_of_class((nodes.ClassDef, nodes.FunctionDef)))


NAMESPACE = """\
from typing import TYPE_CHECKING as TC
import os.path

if TC:
    from app import Hidden

TABLE = {}
TABLE.update(a=1)
setattr(Open, "x", 1)
"""


def test_a_namespace_keeps_what_it_collected_read_only_and_shares_the_empty_sets(tmp_path: Path) -> None:
    path = tmp_path / "ns.py"
    path.write_text(NAMESPACE)
    location = ModuleLocation("pkg.ns", "source", str(path), (), True)
    info = analyse("pkg.ns", location, build_tree(NAMESPACE, location))
    assert info.type_checking == {"Hidden"} and info.mutated == {"TABLE"} and info.open_classes == {"Open"}
    assert {"os.path", "typing.TYPE_CHECKING"} <= info.imported_modules
    assert all(isinstance(s, frozenset) for s in (info.type_checking, info.mutated, info.imported_modules))
    plain = analyse("pkg.plain", location, build_tree("X = 1\n", location))
    assert plain.type_checking is plain.mutated is plain.open_classes is plain.imported_modules is EMPTY
