"""Frozen records for figures: what ``@dataclass(frozen=True, slots=True)`` gives — an ``__init__``
from the annotated fields (a base's first), slots, equality, a hash and a repr, and no assignment
after construction — without importing :mod:`dataclasses`, which pulls in :mod:`inspect` and costs
the status bar (run every few seconds) and ``log`` more than their whole budget allows.

mypy checks a ``@figure`` class as a frozen dataclass (``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_kwargs):  # noqa: D103 - a no-op at run time
        return lambda f: f


_MISSING = object()


def field_names(cls: Any) -> tuple[str, ...]:
    """The fields of a record class (or instance), in order."""
    return tuple(cls.__record_fields__)


def as_dict(obj: Any) -> dict[str, Any]:
    """A record's fields as a dict (one level: nested records stay records)."""
    return {name: getattr(obj, name) for name in obj.__record_fields__}


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    names = self.__record_fields__
    if not kwargs and len(args) == len(names):  # every field by position: the common case, made quick
        for put, value in zip(self.__record_setters__, args, strict=True):
            put(self, value)
        return
    if len(args) > len(names):
        raise TypeError(f"{type(self).__name__} takes {len(names)} fields, not {len(args)}")
    values = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in names or key in values:
            raise TypeError(f"{type(self).__name__}: unexpected or repeated field {key!r}")
        values[key] = value
    for name in names:
        value = values.get(name, self.__record_defaults__.get(name, _MISSING))
        if value is _MISSING:
            raise TypeError(f"{type(self).__name__} is missing the field {name!r}")
        object.__setattr__(self, name, value)


def _frozen(self: Any, name: str, value: Any = None) -> None:
    raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return all(getattr(self, n) == getattr(other, n) for n in self.__record_fields__)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in self.__record_fields__))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_fields__)
    return f"{type(self).__name__}({inner})"


@dataclass_transform(frozen_default=True)
def figure(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen, slotted record of its annotated fields."""
    inherited: tuple[str, ...] = getattr(cls, "__record_fields__", ())
    defaults: dict[str, Any] = dict(getattr(cls, "__record_defaults__", {}))
    own = [n for n in cls.__dict__.get("__annotations__", {}) if n not in inherited]
    ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__", *own)}
    for name in own:
        if name in cls.__dict__:
            defaults[name] = cls.__dict__[name]
    ns.update(
        __slots__=tuple(own),
        __record_fields__=inherited + tuple(own),
        __record_defaults__=defaults,
        __init__=_init,
        __setattr__=_frozen,
        __delattr__=_frozen,
        __eq__=_eq,
        __hash__=_hash,
        __repr__=_repr,
    )
    made: type[T] = type(cls.__name__, cls.__bases__, ns)
    # each field's slot written directly (quicker than object.__setattr__ by name)
    made.__record_setters__ = tuple(getattr(made, n).__set__ for n in made.__record_fields__)  # type: ignore[attr-defined]
    return made
