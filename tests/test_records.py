"""Record classes, with and without slots."""

import pickle

import pytest

from etcdlint.model import Diagnostic, Setting
from etcdlint.records import field, init_field, record, replace
from etcdlint.text.span import Span


@record(slots=True)
class Slotted:
    name: str
    count: int = 1
    items: tuple = field(default_factory=tuple)


@record(frozen=False, slots=True)
class Mutable:
    name: str


def test_a_slotted_record_has_no_dict_and_stays_frozen():
    item = Slotted("a")
    assert not hasattr(item, "__dict__")
    assert (item.name, item.count, item.items) == ("a", 1, ())
    with pytest.raises(AttributeError, match="Slotted is immutable"):
        item.count = 2
    with pytest.raises(AttributeError):
        item.other = 1
    assert replace(item, count=3) == Slotted("a", 3)
    assert hash(Slotted("a")) == hash(item)
    assert repr(item) == "Slotted(name='a', count=1, items=())"


def test_a_mutable_slotted_record():
    item = Mutable("a")
    item.name = "b"
    assert item == Mutable("b")


def test_slotted_records_pickle_as_their_values():
    diag = Diagnostic("ETCD002", "2.2", "error", "m", "f.yaml", Span(3, 9))
    assert pickle.loads(pickle.dumps(diag)) == diag
    assert pickle.loads(pickle.dumps(Slotted("a", 2, (1,)))) == Slotted("a", 2, (1,))


def test_a_template_value_still_makes_a_setting_dynamic():
    setting = Setting("cert-file", "{{ .Values.cert }}", "flag", Span(0, 1), Span(0, 1))
    assert setting.dynamic and not setting.known
    assert pickle.loads(pickle.dumps(setting)).dynamic


@record(slots=True)
class Derived:
    text: str
    length: int = -1

    def __post_init__(self):
        if self.length < 0:
            init_field(self, "length", len(self.text))


@record
class DerivedWithDict:
    text: str
    upper: str = ""

    def __post_init__(self):
        init_field(self, "upper", self.text.upper())


def test_post_init_sets_a_field_of_a_frozen_record_once_made():
    assert (Derived("abc").length, Derived("abc", 7).length) == (3, 7)
    assert DerivedWithDict("ab").upper == "AB"
    assert pickle.loads(pickle.dumps(Derived("abcd"))) == Derived("abcd", 4)
    with pytest.raises(AttributeError, match="Derived is immutable"):
        Derived("a").length = 2


def _kinds_of_calls(cls):
    """Records made every way ``__init__`` can be called, and what each call raised."""
    made = []
    for args, kwargs in [(("a",), {}), (("a", 2), {}), (("a", 2, (1,)), {}),
                         ((), {"name": "b"}), (("c",), {"items": (3,)}),
                         ((), {"items": (4,), "count": 5, "name": "d"})]:
        made.append(cls(*args, **kwargs))
    for args, kwargs in [((), {}), (("a", 1, (), 9), {}), (("a",), {"name": "b"}),
                         (("a",), {"other": 1})]:
        with pytest.raises(TypeError) as raised:
            cls(*args, **kwargs)
        made.append(str(raised.value).split("__init__() ", 1)[1].split(":")[0])
    return made


def test_a_record_class_makes_the_same_records_before_and_after_its_init_is_compiled():
    from etcdlint import records

    @record(slots=True)
    class Counted:
        name: str
        count: int = 1
        items: tuple = field(default_factory=tuple)

    @record
    class WithDict:
        name: str
        count: int = 1
        items: list = field(default_factory=list)

        def __post_init__(self):
            init_field(self, "count", self.count * 10)

    for cls in (Counted, WithDict):
        generic = cls.__init__
        before = _kinds_of_calls(cls)
        for _ in range(records.COMPILE_AFTER):
            cls("x")
        assert cls.__init__ is not generic  # (compiled and put in its place by now)
        assert _kinds_of_calls(cls) == before
    assert before[:6] == [WithDict("a", 1), WithDict("a", 2), WithDict("a", 2, (1,)),
                          WithDict("b"), WithDict("c", 1, (3,)), WithDict("d", 5, (4,))]
    assert [(r.count, r.items) for r in before[:2]] == [(10, []), (20, [])]
    assert before[6:] == ["missing 1 required positional argument",
                          "takes from 2 to 4 positional arguments but 5 were given",
                          "got multiple values for argument 'name'",
                          "got an unexpected keyword argument 'other'"]
