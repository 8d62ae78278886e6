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
