"""Deeply nested YAML: reported at the first level too deep, never a crash of the run."""

import subprocess
import sys

import pytest

from conftest import codes, messages, pod

TOO_DEEP = "nesting deeper than 200 levels: this document and those after it are not read"
ETCD_POD = pod("    command: [etcd, --auto-tls]\n")


def _run(*args, cwd):
    # A crash of the C parser would kill pytest itself: etcdlint runs in its own process.
    return subprocess.run([sys.executable, "-m", "etcdlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("indicator", ["- ", "? "])
def test_deep_block_nesting_is_reported_and_the_run_goes_on(tmp_path, indicator):
    (tmp_path / "deep.yaml").write_text("etcd: 1\n---\n" + indicator * 50_000 + "x\n")
    (tmp_path / "pod.yaml").write_text(ETCD_POD)
    run = _run("--select", "ETCD000,ETCD003", "deep.yaml", "pod.yaml", cwd=tmp_path)
    assert run.stderr == ""
    assert run.returncode == 1
    # level 201 is the 201st indicator, at column 2 * 200 + 1
    assert run.stdout.splitlines() == [
        f"deep.yaml:3:401: ETCD000 error {TOO_DEEP}",
        "pod.yaml:9:21: ETCD003 [*] error [CIS 2.3] --auto-tls is set: etcd may serve clients "
        "with a self-signed certificate no client can verify",
        "Found 2 problems (2 errors) in 2 files.",
        "[*] 1 fixable with --fix.",
    ]


def test_deep_flow_nesting_in_a_subprocess(tmp_path):
    (tmp_path / "deep.yaml").write_text("etcd: " + "[" * 50_000 + "]" * 50_000 + "\n")
    run = _run("-q", "deep.yaml", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout == f"deep.yaml:1:206: ETCD000 error {TOO_DEEP}\n"


@pytest.mark.parametrize("levels", [240, 260, 5000])
def test_the_same_place_whichever_parser_reads_it(levels):
    # 240 levels: the C parser, then the nodes are measured; 260 and more: the pure parser
    assert messages("- " * levels + "x\n", path="etcd.yaml") == []  # (the pre-filter: no etcd)
    text = "etcd: 1\n---\n" + "- " * levels + "x\n"
    assert messages(text) == [f"3:401 ETCD000 {TOO_DEEP}"]


def test_two_hundred_levels_are_read():
    assert codes("etcd: 1\n---\n" + "- " * 199 + "x\n") == []
    assert codes("etcd: 1\n---\n" + "- " * 200 + "x\n") == ["3:401 ETCD000"]
    assert codes("etcd: " + "[" * 199 + "]" * 199 + "\n") == []
    assert codes("etcd: " + "[" * 200 + "]" * 200 + "\n") == ["1:206 ETCD000"]


def test_documents_before_the_deep_one_are_linted():
    text = ETCD_POD + "---\n" + "- " * 300 + "x\n---\n" + ETCD_POD
    assert [m for m in messages(text) if "ETCD003" in m or "ETCD000" in m] == [
        "9:21 ETCD003 --auto-tls is set: etcd may serve clients with a self-signed "
        "certificate no client can verify",
        f"11:401 ETCD000 {TOO_DEEP}"]


def test_aliases_do_not_count_as_levels():
    # an alias is the node it names: 150 levels, named again 150 levels down, is read
    text = "etcd: &a " + "[" * 150 + "]" * 150 + "\nx: " + "[" * 150 + "*a" + "]" * 150 + "\n"
    assert codes(text) == []


def test_fixing_a_deep_document_reports_it(cli, tmp_path):
    text = ETCD_POD + "    x:\n    " + "- " * 1200 + "x\n"
    (tmp_path / "pod.yaml").write_text(text)
    run = cli("--fix", "pod.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    # level 201: the 197th dash, the container being level 4
    assert run.out == (f"pod.yaml:11:397: ETCD000 error {TOO_DEEP}\n"
                       "Found 1 problem (1 error) in 1 file.\n"
                       "Fixed 0 problems in 0 files.\n")
    assert (tmp_path / "pod.yaml").read_text() == text


def test_a_fix_is_not_verified_on_data_aliases_nest_too_deeply(cli, tmp_path):
    nested = "[" * 150 + "{}" + "]" * 150
    text = (ETCD_POD + f"    a: &a {nested}\n    b: &b {nested.replace('{}', '*a')}\n"
            f"    c: {nested.replace('{}', '*b')}\n")
    (tmp_path / "pod.yaml").write_text(text)
    run = cli("--fix", "--select", "ETCD003", "pod.yaml", cwd=tmp_path)
    assert run.err == ("etcdlint: pod.yaml:9:21: ETCD003 fix not applied: its aliases nest "
                       "deeper than 200 levels: a fix cannot be verified on it\n")
    assert run.code == 1
    assert (tmp_path / "pod.yaml").read_text() == text


@pytest.mark.parametrize("name,text", [
    ("cr.yaml", "etcd: 1\r---\r" + "- " * 50_000 + "x\r"),
    ("ls.yaml", "etcd: 1\n---\u2028" + "- " * 50_000 + "x\n"),
])
def test_lines_ended_by_other_breaks(tmp_path, name, text):
    # libyaml ends a line at a lone CR, NEL, LS or PS too: nesting after one is measured
    (tmp_path / name).write_bytes(text.encode())
    run = _run("-q", name, cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "")
    column = 401 if name == "cr.yaml" else 405  # (LS is a line break for YAML, not for lines)
    line = 3 if name == "cr.yaml" else 2
    assert run.stdout == f"{name}:{line}:{column}: ETCD000 error {TOO_DEEP}\n"


def _depth(node, seen=None):
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    seen = set() if seen is None else seen
    if id(node) in seen:
        return 0
    seen.add(id(node))
    if isinstance(node, MappingNode):
        return 1 + max([max(_depth(k, seen), _depth(v, seen)) for k, v in node.value] or [0])
    if isinstance(node, SequenceNode):
        return 1 + max([_depth(v, seen) for v in node.value] or [0])
    return 1


def test_the_bound_is_never_below_the_depth():
    import random

    from etcdlint.text import nesting
    from etcdlint.text.nesting import depth_bound
    from etcdlint.text.compose import compose_documents

    pieces = ["- ", "? ", ": ", "a: ", "[", "]", "{", "}", ", ", "x", " ", "  ", "\n", "\r",
              "\r\n", "---\n", "...\n", "\u2028", "'", '"', "# ", "|\n", "&a ", "*a", "-\t"]
    rng = random.Random(11)
    parsed = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        docs, failure = compose_documents(text)
        if failure is None:
            parsed += 1
        bound = depth_bound(text, floor=0)  # (no floor: the bound itself is tested)
        block = bound - text.count("[") - text.count("{")
        boundary = nesting._patterns(0, nesting._other_line_breaks(text))[1]
        per_document = block + nesting._max_brackets_per_document(text, boundary, 0)
        for doc in docs:
            assert _depth(doc) <= min(bound, per_document), repr(text)
    assert parsed > 300


def test_a_long_chain_of_merge_keys():
    from ruamel.yaml.cyaml import CBaseLoader

    from etcdlint.text.yamlnodes import get_path, map_items, seq_items

    lines = ["kind: Pod", "m0: &m0 {command: [etcd, --auto-tls]}"]
    lines += [f"m{i}: &m{i} {{<<: *m{i - 1}}}" for i in range(1, 1500)]
    lines.append("spec:\n  containers:\n  - <<: *m1499\n    name: etcd")
    text = "\n".join(lines) + "\n"
    # map_items follows a chain of merges longer than Python's recursion limit
    doc = CBaseLoader(text).get_single_node()
    container = seq_items(get_path(doc, "spec", "containers"))[0]
    assert [k.value for k, _ in map_items(container)] == ["command", "name"]
    # go-yaml (kubectl) refuses the file: each merge decodes the chain before it again, and
    # past m297 (line 299, the `<<` key) aliases make more than 99% of what it decoded
    assert messages(text, path="merge.yaml") == [
        "299:14 ETCD000 aliases that expand to far more data than the document holds (YAML "
        "readers refuse it: \"document contains excessive aliasing\"): this document and those "
        "after it are not read"]


def _recursive_map_items(node, seen=None):
    # how map_items read merges before it kept a stack of its own
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from etcdlint.text.yamlnodes import is_merge_key

    if not isinstance(node, MappingNode):
        return []
    if not any(is_merge_key(k) for k, _ in node.value):
        return node.value
    seen = set() if seen is None else seen
    seen.add(id(node))
    merged, own = [], []
    for key, value in node.value:
        if is_merge_key(key):
            for src in value.value if isinstance(value, SequenceNode) else [value]:
                if id(src) not in seen:
                    merged.extend(_recursive_map_items(src, seen))
        else:
            own.append((key, value))
    if not merged:
        return own
    keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    return [(k, v) for k, v in merged if not (isinstance(k, ScalarNode) and k.value in keys)] + own


def test_merges_read_as_before():
    import random

    from etcdlint.text.compose import compose_documents
    from etcdlint.text.yamlnodes import map_items

    rng = random.Random(5)
    for _ in range(300):
        lines = []
        for i in range(rng.randint(1, 8)):
            names = [f"*m{j}" for j in rng.sample(range(i), rng.randint(0, i))] if i else []
            merge = (f"<<: [{', '.join(names)}], " if len(names) > 1 else
                     f"<<: {names[0]}, " if names else "")
            own = ", ".join(f"k{rng.randint(0, 4)}: v{i}" for _ in range(rng.randint(0, 3)))
            lines.append(f"m{i}: &m{i} {{{merge}{own}}}")
        docs, failure = compose_documents("\n".join(lines) + "\n")
        if failure is not None:  # (a key repeated in one flow mapping: still valid YAML)
            continue
        for _, value in docs[0].value:
            assert map_items(value) == _recursive_map_items(value)


def test_json_of_many_small_objects_is_composed_by_the_c_composer(monkeypatch):
    # 1,500 brackets but two levels: measured by the C event parser, not sent to the pure
    # composer (many times slower) for its bracket count; a text as deep as its brackets
    # still goes there
    import etcdlint.text.compose as yamlnodes

    chosen = []
    real = yamlnodes._compose_all

    def recording(text, pure):
        chosen.append(pure)
        return real(text, pure)

    monkeypatch.setattr(yamlnodes, "_compose_all", recording)
    wide = "[" + ", ".join(f'{{"op": "add", "path": "/a/{i}", "value": 1}}'
                           for i in range(1500)) + "]\n"
    docs, failure = yamlnodes.compose_documents(wide)
    assert failure is None and len(docs[0].value) == 1500
    assert yamlnodes.event_depth(wide) == 4  # document, list, mapping, scalar
    deep = "[" * 1500 + "]" * 1500 + "\n"
    assert yamlnodes.compose_documents(deep)[1].message.startswith("nesting deeper than 200")
    assert chosen == [False, True]


def test_the_c_event_parser_stops_past_the_depth_asked():
    # libyaml checks every open flow level at each token: reading 100,000 brackets took 28 s.
    # Past the depth asked, nothing more is read: the text after it is not valid YAML, and the
    # depth so far is the answer.
    from etcdlint.text.nesting import event_depth

    deep = "[" * 5000 + "]" * 5000 + "\n"
    assert event_depth(deep) == 5002  # the 5,000 lists, the document and a scalar's level
    assert event_depth(deep, 1000) == 1001
    broken = "[" * 1200 + "}}} : ]\n"
    assert event_depth(broken) is None
    assert event_depth(broken, 1000) == 1001
