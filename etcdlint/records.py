"""Record classes: frozen dataclasses that can have ``__slots__`` on Python 3.9.

The reason for this module is ``slots``: etcdlint supports Python 3.9, whose ``dataclasses``
has no ``slots=True`` (it came in 3.10), and a run holds some records by the hundred thousand
(a finding and its position), where a ``__dict__`` per object would be most of its memory.
Import time is not the reason: pathspec and jsonschema, which etcdlint uses, import
``dataclasses`` anyway.

``@record`` turns annotated class attributes into an ``__init__`` (defaults and
``field(default_factory=…)`` allowed), ``__eq__``, ``__hash__`` and ``__repr__``; frozen by
default. A ``__post_init__`` method runs at the end of ``__init__``, where ``init_field`` may
set a field of the frozen record being made. ``replace`` and ``fields`` work like their
``dataclasses`` namesakes. ``slots=True`` gives the class ``__slots__`` instead of a
``__dict__``; such records pickle as their field values.
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

_MISSING = object()


class _Factory:
    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


def field(*, default_factory: Callable[[], Any]) -> Any:
    return _Factory(default_factory)


def record(cls=None, *, frozen: bool = True, slots: bool = False):
    def wrap(cls):
        names = list(cls.__dict__.get("__annotations__", {}))
        defaults = {name: cls.__dict__.get(name, _MISSING) for name in names}
        if slots:
            cls = _with_slots(cls, names)
        elif any(isinstance(default, _Factory) for default in defaults.values()):
            for name, default in defaults.items():
                if isinstance(default, _Factory):
                    delattr(cls, name)
        cls.__init__ = _first_init(cls, names, defaults, slots)
        cls._fields = tuple(names)
        cls.__eq__ = _eq
        cls.__repr__ = _repr
        if slots:
            cls.__reduce__ = _reduce
        if frozen:
            cls.__hash__ = _hash
            cls.__setattr__ = _frozen
            cls.__delattr__ = _frozen
        else:
            cls.__hash__ = None
        return cls

    return wrap if cls is None else wrap(cls)


# A record class's ``__init__`` is compiled (the way ``dataclasses`` makes its own) when the
# class makes its ``COMPILE_AFTER``-th record; before that, a generic one binds the arguments.
# Most record classes make a few records a run (a run over one manifest: 25 classes, none
# more than 35 records), and compiling the ``__init__`` of every one at import took a tenth
# of a run's start; a class that makes thousands soon has the compiled one.
COMPILE_AFTER = 64


def _first_init(cls, names, defaults, slots):
    """The class's ``__init__`` until it is compiled: it binds the arguments as the compiled
    one does (``_bind``); at the class's ``COMPILE_AFTER``-th record it compiles that one
    (``_make_init``), puts it in its place and runs it."""
    made = 0
    post_init = "__post_init__" in cls.__dict__

    def __init__(self, *args, **kwargs):
        nonlocal made
        made += 1
        if made >= COMPILE_AFTER:
            init = cls.__init__ = _make_init(cls, names, defaults, slots)
            init(self, *args, **kwargs)
            return
        values = _bind(names, defaults, args, kwargs)
        if slots:
            for name, value in zip(names, values):
                cls.__dict__[name].__set__(self, value)
        else:
            self.__dict__.update(zip(names, values))
        if post_init:
            self.__post_init__()

    return __init__


def _bind(names, defaults, args, kwargs) -> list:
    """The field values ``__init__(*args, **kwargs)`` gives, in field order (a factory called
    for each field left out that has one, in field order); Python's own TypeError for a call
    that does not fit."""
    if len(args) > len(names):
        required = sum(1 for name in names if defaults[name] is _MISSING)
        takes = (f"{len(names) + 1}" if required == len(names) else
                 f"from {required + 1} to {len(names) + 1}")
        raise TypeError(f"__init__() takes {takes} positional arguments but {len(args) + 1} "
                        "were given")
    given = dict(zip(names, args))
    for name, value in kwargs.items():
        if name not in defaults:
            raise TypeError(f"__init__() got an unexpected keyword argument {name!r}")
        if name in given:
            raise TypeError(f"__init__() got multiple values for argument {name!r}")
        given[name] = value
    missing = [repr(name) for name in names if name not in given and defaults[name] is _MISSING]
    if missing:
        listed = missing[0] if len(missing) == 1 else \
            ", ".join(missing[:-1]) + ("," if len(missing) > 2 else "") + f" and {missing[-1]}"
        raise TypeError(f"__init__() missing {len(missing)} required positional argument"
                        f"{'s' if len(missing) > 1 else ''}: {listed}")
    values = []
    for name in names:
        if name in given:
            values.append(given[name])
        else:
            default = defaults[name]
            values.append(default.factory() if isinstance(default, _Factory) else default)
    return values


def _make_init(cls, names, defaults, slots):
    namespace = {"_MISSING": _MISSING}
    params, body = [], []
    for name in names:
        default = defaults[name]
        if isinstance(default, _Factory):
            namespace[f"_f_{name}"] = default.factory
            params.append(f"{name}=_MISSING")
            value = f"_f_{name}() if {name} is _MISSING else {name}"
        elif default is not _MISSING:
            namespace[f"_d_{name}"] = default
            params.append(f"{name}=_d_{name}")
            value = name
        else:
            params.append(name)
            value = name
        if slots:  # (the slot's own setter: a frozen class refuses setattr)
            namespace[f"_s_{name}"] = cls.__dict__[name].__set__
            body.append(f"    _s_{name}(self, {value})")
        else:
            body.append(f"    _d[{name!r}] = {value}")
    if "__post_init__" in cls.__dict__:
        body.append("    self.__post_init__()")
    first = "" if slots else "    _d = self.__dict__\n"
    source = f"def __init__(self, {', '.join(params)}):\n{first}" + "\n".join(body)
    exec(source, namespace)  # the same technique dataclasses uses, for the same speed
    return namespace["__init__"]


def _with_slots(cls, names):
    """``cls`` made again with a slot for each field (slots can only be given at creation)."""
    namespace = {key: value for key, value in cls.__dict__.items()
                 if key not in names and key not in ("__dict__", "__weakref__")}
    namespace["__slots__"] = tuple(names)  # (defaults: known to the generated __init__)
    new = type(cls)(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = cls.__qualname__
    return new


def _reduce(self):
    return self.__class__, _values(self)


def _values(obj) -> Tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in obj._fields)


def _eq(self, other) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self) -> int:
    return hash(_values(self))


def _repr(self) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
    return f"{self.__class__.__name__}({inner})"


def _frozen(self, *args) -> None:
    raise AttributeError(f"{self.__class__.__name__} is immutable")


def init_field(obj, name: str, value: Any) -> None:
    """Set the field ``name`` of ``obj``, a record being made (from its ``__post_init__``),
    frozen or not."""
    slot = type(obj).__dict__.get(name)
    if slot is not None and hasattr(slot, "__set__"):
        slot.__set__(obj, value)
    else:
        obj.__dict__[name] = value


def replace(obj, **changes):
    values = {name: getattr(obj, name) for name in obj._fields}
    values.update(changes)
    return obj.__class__(**values)


def fields(obj) -> Tuple[str, ...]:
    return obj._fields


def is_record(obj) -> bool:
    return not isinstance(obj, type) and isinstance(getattr(type(obj), "_fields", None), tuple) \
        and not isinstance(obj, tuple)
