"""``@record`` behaves as ``@dataclass`` does, and compiles nothing until a class is used."""

from __future__ import annotations

import ast
import copy
import dataclasses
import pickle
from pathlib import Path

import pytest

from flake8_asyncloop.records import record

PACKAGE = Path(__file__).resolve().parent.parent / "flake8_asyncloop"


@record
class Point:
    x: int
    y: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False)


@record(frozen=False)
class Box:
    items: list[int] = dataclasses.field(default_factory=list)
    label: str = "box"


@dataclasses.dataclass(frozen=True)
class DataPoint:
    x: int
    y: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False)


@record
class Pair:
    x: int
    note: str = dataclasses.field(default="", compare=False)


@dataclasses.dataclass(frozen=True)
class DataPair:
    x: int
    note: str = dataclasses.field(default="", compare=False)


@record
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


@record
class Labelled(Point):
    label: str = "l"


def test_arguments_defaults_and_factories() -> None:
    first = Point(1)
    assert (first.x, first.y, first.tags, first.note) == (1, 0, [], "")
    assert Point(1, 2, ["a"], "n") == Point(x=1, y=2, tags=["a"], note="n")
    assert Point(1).tags is not Point(1).tags  # a new list per instance
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=2)  # type: ignore[call-arg]


def test_equality_and_hash_match_dataclasses() -> None:
    shapes = [((1,), {}), ((1, 2), {}), ((1, 2, ["t"]), {}), ((1,), {"note": "a"}), ((2,), {"note": "b"})]
    for args_a, kwargs_a in shapes:
        for args_b, kwargs_b in shapes:
            ours = Point(*args_a, **kwargs_a) == Point(*args_b, **kwargs_b)  # type: ignore[arg-type]
            theirs = DataPoint(*args_a, **kwargs_a) == DataPoint(*args_b, **kwargs_b)  # type: ignore
            assert ours == theirs
    assert hash(Pair(1, "a")) == hash(Pair(1, "b"))  # compare=False is not hashed
    assert hash(Pair(1)) == hash(DataPair(1))
    with pytest.raises(TypeError):
        hash(Point(1))  # its list field is unhashable, as in a dataclass
    assert Point(1) != DataPoint(1)
    assert Labelled(1) != Point(1)  # another class is never equal, as with dataclasses
    assert {Pair(3): "p"}[Pair(3)] == "p"


def test_frozen_and_mutable() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    box = Box()
    box.label = "other"
    assert box == Box(label="other")
    assert Box.__hash__ is None  # a mutable record is unhashable, as a dataclass with eq is
    with pytest.raises(TypeError):
        hash(box)


def test_replace_fields_repr_copy_and_pickle() -> None:
    point = Point(1, 2, ["a"], "n")
    assert dataclasses.replace(point, y=5) == Point(1, 5, ["a"], "n")
    assert [f.name for f in dataclasses.fields(Labelled)] == ["x", "y", "tags", "note", "label"]
    assert repr(point) == repr(DataPoint(1, 2, ["a"], "n")).replace("DataPoint", "Point")
    assert copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point
    assert Labelled(1, label="m").label == "m"


def test_post_init_runs() -> None:
    assert Checked(1).value == 1
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)


def test_init_is_compiled_on_first_use_only() -> None:
    @record
    class Unused:
        value: int

    stub = Unused.__dict__["__init__"]
    assert Unused.__dict__["__init__"] is stub  # nothing compiled yet
    assert Unused(3).value == 3
    assert Unused.__dict__["__init__"] is not stub  # compiled once, in place
    assert Unused(4).value == 4


def _decorators(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            found += [ast.unparse(d) for d in node.decorator_list]
    return found


def test_the_package_makes_no_dataclass_at_import() -> None:
    """Every class of the package is a record: a plain dataclass costs every flake8 run its compile."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: @{decorator}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for decorator in _decorators(path)
        if decorator.startswith(("dataclass", "dataclasses.dataclass"))
    ]
    assert offenders == []
