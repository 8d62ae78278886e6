"""A file's results in document order, whichever documents were judged at the end."""

from etcdlint.engine.judgement import FileJudgement


def test_held_documents_take_their_places():
    judged = FileJudgement(lambda found: (found, [f"note {x}" for x in found]), 2)
    judged.take(["a"])
    first = judged.hold()  # (the second document, judged at the end)
    judged.take(["c", "d"])
    second = judged.hold()
    judged.take([])
    judged.take(["e"])
    judged.take_held(first, ["b"])
    judged.take_held(second, ["d2"])
    found, notes = judged.finish()
    assert found == ["a", "b", "c", "d", "d2", "e"]
    assert notes == ["note a", "note b", "note c", "note d", "note d2", "note e"]


def test_nothing_held():
    judged = FileJudgement(lambda found: (found,), 1)
    judged.take([1])
    judged.take([2])
    assert judged.finish() == ([1, 2],)
