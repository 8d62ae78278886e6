"""Big files are read a document at a time: the same findings, a bounded memory, no collector
rescanning every node."""

import gc

import pytest

import etcdlint.engine.documents as documents
from conftest import CORPUS, ROOT, codes, lint_files, lint_peak, pod

CONFIGMAP = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd-env}\ndata:\n"
             "  ETCD_CLIENT_CERT_AUTH: 'false'\n")
ENV_FROM = pod("    command: [etcd]\n    envFrom:\n    - configMapRef: {name: etcd-env}\n")
MISSING = ["ETCD001", "ETCD001", "ETCD004", "ETCD004", "ETCD005", "ETCD007", "ETCD104",
           "ETCD105"]


def test_a_configmap_after_the_pod_that_reads_it():
    # the pod's adapters look the ConfigMap up before it is read: located again at the end
    assert codes(CONFIGMAP + "---\n" + ENV_FROM) == ["5:27 ETCD002"] + [
        f"15:15 {code}" for code in MISSING]
    assert codes(ENV_FROM + "---\n" + CONFIGMAP) == [f"9:15 {code}" for code in MISSING] + [
        "17:27 ETCD002"]


def test_the_last_configmap_of_a_name_is_read_wherever_the_pod_is():
    other = CONFIGMAP.replace("'false'", "'true'")
    assert "23:27 ETCD002" in codes(ENV_FROM + "---\n" + other + "---\n" + CONFIGMAP)
    assert not [c for c in codes(ENV_FROM + "---\n" + CONFIGMAP + "---\n" + other)
                if c.endswith("ETCD002")]


DUPLICATE = "kind: Service\nmetadata: {name: a}\nspec: {type: A, type: B}\n"
FILLER = "".join(f"---\nkind: Service\nmetadata: {{name: s{i}}}\n" for i in range(200))


@pytest.mark.parametrize("hold", [0, 10 ** 9])
def test_duplicate_keys_far_from_the_etcd_document(monkeypatch, hold):
    monkeypatch.setattr(documents, "HOLD_CHARS", hold)
    etcd = "---\n" + pod("    command: [etcd, --auto-tls]\n")
    found = codes(DUPLICATE + FILLER + etcd)
    assert "3:17 ETCD212" in found and found.count("3:17 ETCD212") == 1
    assert codes(etcd + "---\n" + DUPLICATE).count("14:17 ETCD212") == 1
    # a file that does not configure etcd: its duplicate keys are not etcdlint's business
    assert codes(DUPLICATE + FILLER + "---\nimage: etcd\n") == []


def _findings(paths):
    out = []
    for path in paths:
        result = lint_files({str(path): path.read_bytes()})
        out.extend((d.diagnostic.path, d.start.line, d.start.column, d.diagnostic.rule,
                    d.diagnostic.message) for d in result.diagnostics)
    return out


@pytest.mark.parametrize("where", ["examples and fixtures", "corpus"])
def test_holding_no_document_finds_the_same(monkeypatch, where):
    if where == "corpus":
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpus is not present")
        paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml"))
    else:
        paths = sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
    held = _findings(paths)
    monkeypatch.setattr(documents, "HOLD_CHARS", 0)
    assert _findings(paths) == held
    assert len(held) > 50


def _many_documents(count):
    return "etcd: {}\n" + "".join(
        f"---\nkind: Service\nmetadata: {{name: s{i}, labels: {{app: a{i}}}}}\n"
        f"spec:\n  ports:\n  - {{port: 80, targetPort: 8080}}\n" for i in range(count))


def test_memory_does_not_grow_with_the_documents_of_a_file():
    text = _many_documents(5000).encode()
    result, peak = lint_peak({"many.yaml": text}, {"warm.yaml": _many_documents(10)})
    assert result.diagnostics == []
    # the bytes, their text and the line index take about 3x; every node at once took 100x
    assert peak < 15 * len(text), peak / len(text)


def test_the_collector_is_held_off_while_documents_are_read():
    text = _many_documents(3000) + "---\n" + pod("    command: [etcd, --auto-tls]\n")
    collections = []

    def note(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    try:
        found = codes(text)
    finally:
        gc.callbacks.remove(note)
    assert gc.isenabled()
    assert "18011:21 ETCD003" in found
    # (the one a collector turned on again may start at once sees only the youngest objects)
    assert collections in ([], [0]), collections


def test_a_mounted_config_file_of_a_configmap_further_down():
    from conftest import MOUNTED

    configmap, statefulset = MOUNTED.split("---\n")
    # the findings of tests/test_sources.py, the ConfigMap's 16 lines down, the StatefulSet's 9 up
    assert codes(statefulset + "---\n" + configmap) == ["10:59 ETCD201"] + [
        f"22:5 {code}" for code in ("ETCD001", "ETCD001", "ETCD002", "ETCD004", "ETCD004",
                                    "ETCD005", "ETCD007", "ETCD104", "ETCD105")] + [
        "24:19 ETCD111"]


SMALL_POD = "kind: Pod\nmetadata: {{name: etcd-{i}}}\nspec:\n  containers:\n  - name: etcd\n" \
            "    command: [etcd]\n"


def test_memory_of_a_file_of_many_findings():
    # nine findings for each pod: what is held for each is what decides the peak
    count = 2000
    text = "---\n".join(SMALL_POD.format(i=i) for i in range(count)).encode()
    result, peak = lint_peak({"many.yaml": text}, {"warm.yaml": SMALL_POD.format(i=0)})
    assert len(result.diagnostics) == 9 * count
    assert result.configurations == count
    # a dict per record, a message and two positions per finding, each configuration held
    # whole until the file was judged: about 95x; now about 30x
    assert peak < 40 * len(text), peak / len(text)


def test_findings_of_alike_configurations_share_their_text_and_positions():
    result = lint_files({"m.yaml": "---\n".join(SMALL_POD.format(i=i) for i in range(3))})
    first, second = result.diagnostics[0], result.diagnostics[9]
    assert (first.start.line, second.start.line) == (6, 13)
    assert first.diagnostic.message is second.diagnostic.message
    assert result.diagnostics[1].start is first.start
