"""``@record``: a dataclass whose methods cost nothing until they are used.

``dataclasses.dataclass`` compiles each class's ``__init__``, ``__eq__``, ``__hash__``,
``__repr__`` and frozen ``__setattr__`` from generated source when the class is made: about 1 ms
of CPU a class, some 90 ms for this plugin's classes, paid by every flake8 run before the first
file is checked.  ``record`` lets ``dataclasses`` collect the fields (so ``dataclasses.fields`` and
``dataclasses.replace`` work as before) and gives the class shared methods instead: ``__init__`` is
compiled the first time the class is instantiated (instances are made often, so it is the one
method worth compiling), the others read the fields generically.  A run compiles only the
initialisers of the classes it uses.

Semantics follow ``@dataclass`` (``frozen=True`` by default): positional or keyword arguments in
field order, ``default`` and ``default_factory``, ``field(compare=False)``, equality only between
instances of the same class, a hash for frozen records and none for mutable ones, assignment to a
frozen record raising ``dataclasses.FrozenInstanceError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda function: function

C = TypeVar("C", bound=type)
_INIT_DEFAULT = object()  # a default_factory field's argument when it was not given
#: The one empty set that records' read-only set fields share: a run keeps many records whose sets
#: are mostly empty, and each empty set of their own would cost 216 bytes.
EMPTY: frozenset[Any] = frozenset()


@overload
def record(cls: C, /) -> C: ...


@overload
def record(*, frozen: bool = True) -> Callable[[C], C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, frozen: bool = True) -> Any:
    """Make ``cls`` a dataclass (frozen unless ``frozen=False``) without generating its code now."""

    def make(klass: Any) -> Any:
        return _make(klass, frozen)

    return make if cls is None else make(cls)


def _make(cls: Any, frozen: bool) -> Any:
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # fields only: nothing compiled
    cls.__record_compared__ = tuple(f.name for f in dataclasses.fields(cls) if f.compare)
    cls.__init__ = _first_init(cls)
    own = cls.__dict__
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if "__repr__" not in own:
        cls.__repr__ = _repr
    if "__eq__" not in own:
        cls.__eq__ = _eq
    if not explicit_hash:
        cls.__hash__ = _hash if frozen else None
    if frozen:
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    return cls


def _first_init(cls: Any) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's real one, puts it in its place and calls it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if cls.__dict__.get("__init__") is __init__:
            cls.__init__ = _compile_init(cls)
        cls.__init__(self, *args, **kwargs)

    return __init__


def _compile_init(cls: Any) -> Callable[..., None]:
    """The class's ``__init__``: one parameter per field, in order, with the fields' defaults."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_INIT_DEFAULT": _INIT_DEFAULT}
    parameters: list[str] = []
    lines: list[str] = []
    for index, spec in enumerate(dataclasses.fields(cls)):
        name = spec.name
        value = name
        if spec.default is not dataclasses.MISSING:
            namespace[f"_default{index}"] = spec.default
            parameters.append(f"{name}=_default{index}")
        elif spec.default_factory is not dataclasses.MISSING:
            namespace[f"_factory{index}"] = spec.default_factory
            parameters.append(f"{name}=_INIT_DEFAULT")
            value = f"_factory{index}() if {name} is _INIT_DEFAULT else {name}"
        else:
            parameters.append(name)
        lines.append(f"    _set(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(lines) or "    pass") + "\n"
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own text
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _compared(instance: Any) -> tuple[Any, ...]:
    return tuple(getattr(instance, name) for name in instance.__record_compared__)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self: Any) -> int:
    return hash(_compared(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
