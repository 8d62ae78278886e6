"""What a Kustomize build costs grows with what it reads, not faster: each base built once,
each file composed once and on its own, one plan per content during --fix, JSON patches
without a copy per operation. (Times are measured in benchmarks/untrusted_kustomize.py.)"""

import pytest

import etcdlint.repo.kustomize.builder as builder
import etcdlint.repo.kustomize.json6902 as json6902
import etcdlint.repo.kustomize.overlays as overlays
from etcdlint.text.compose import compose_documents

from conftest import write
from test_kustomize import BASE_ETCD, CERT_AUTH_OFF, lines


def diamond(root, levels):
    """Levels of two kustomizations, each listing both of the next; the last ones list the
    same base, which holds one resource file (a file above a kustomization is not for it to
    name: kustomize's LoadRestrictionsRootOnly)."""
    files = {"kustomization.yaml": "resources:\n- l1a\n- l1b\n", "pod/etcd.yaml": BASE_ETCD,
             "pod/kustomization.yaml": "resources:\n- etcd.yaml\n"}
    for level in range(1, levels + 1):
        for side in "ab":
            body = (f"resources:\n- ../l{level + 1}a\n- ../l{level + 1}b\n" if level < levels
                    else "resources:\n- ../pod\n")
            files[f"l{level}{side}/kustomization.yaml"] = body
    write(root, files)


@pytest.fixture
def composed(monkeypatch):
    """The texts the overlay builder composes, in order."""
    texts = []

    def counting(text, *more, **options):
        texts.append(text)
        return compose_documents(text, *more, **options)

    monkeypatch.setattr(builder, "compose_documents", counting)
    return texts


def test_each_base_is_built_once_and_a_resource_added_twice_is_refused(tmp_path, cli,
                                                                        composed):
    diamond(tmp_path, 6)
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 15 files (1 etcd configuration).",
        "l5a/kustomization.yaml:3:3: note: StatefulSet.v1.apps/etcd.db is added twice: kustomize "
        "refuses to build the overlay (may not add resource with an already registered id; "
        "its resources are linted as they are)"]
    # the resource file once: its base is built once (not 2 ** 6 times)
    assert composed == [BASE_ETCD]


def test_files_of_a_build_are_composed_on_their_own(tmp_path, cli, composed):
    patches = {f"overlays/lab/p{i}.yaml": CERT_AUTH_OFF.replace("=false", "=true" if i < 39
                                                                else "=false")
               for i in range(40)}
    write(tmp_path, {"base/kustomization.yaml": "resources:\n- etcd.yaml\n",
                     "base/etcd.yaml": BASE_ETCD,
                     "overlays/lab/kustomization.yaml": "resources:\n- ../../base\npatches:\n"
                     + "".join(f"- path: p{i}.yaml\n" for i in range(40))})
    write(tmp_path, patches)
    run = cli(".", cwd=tmp_path)
    assert lines(run)[0] == ("overlays/lab/p39.yaml:15:30: ETCD002 [*] error [CIS 2.2] "
                             "--client-cert-auth is false: etcd accepts clients without a "
                             "certificate")
    # each file's own text, no padding in front of it: as many characters as the files hold
    assert composed == [BASE_ETCD] + [patches[f"overlays/lab/p{i}.yaml"] for i in range(40)]


TWO_FINDINGS = CERT_AUTH_OFF.replace("--peer-client-cert-auth=true",
                                     "--peer-client-cert-auth=false")


@pytest.mark.parametrize("mode", ["--diff", "--fix"])
def test_fix_and_diff_make_one_plan_per_content_not_per_fix_tried(tmp_path, cli, monkeypatch,
                                                                    mode):
    write(tmp_path, {"base/kustomization.yaml": "resources:\n- etcd.yaml\n",
                     "base/etcd.yaml": BASE_ETCD,
                     "overlays/lab/kustomization.yaml": "resources:\n- ../../base\n"
                                                        "patches:\n- path: etcd.yaml\n",
                     "overlays/lab/etcd.yaml": TWO_FINDINGS})
    plans = []
    real = overlays.plan_overlays

    def counting(*args, **kwargs):
        plans.append(dict(args[3] or {}) if len(args) > 3 else kwargs.get("overrides"))
        return real(*args, **kwargs)

    monkeypatch.setattr(overlays, "plan_overlays", counting)
    run = cli(mode, "-j", "1", ".", cwd=tmp_path)
    assert run.code == (1 if mode == "--diff" else 0), run.out + run.err
    fixed = TWO_FINDINGS.replace("-auth=false", "-auth=true")
    if mode == "--fix":
        assert (tmp_path / "overlays/lab/etcd.yaml").read_text() == fixed
    # the files as they are, after the first fix, after both: three plans (not one more for
    # every question asked of each)
    assert len(plans) == 3
    assert [sorted(v.decode() for v in p.values()) for p in plans] == [
        [], [TWO_FINDINGS.replace("--client-cert-auth=false", "--client-cert-auth=true")],
        [fixed]]


def test_a_json_patch_copies_the_nodes_on_its_paths_once(monkeypatch):
    made = []
    real_map, real_seq = json6902.MappingNode, json6902.SequenceNode

    def counting(kind):
        def make(*args, **kwargs):
            made.append(kind.__name__)
            return kind(*args, **kwargs)
        return make

    monkeypatch.setattr(json6902, "MappingNode", counting(real_map))
    monkeypatch.setattr(json6902, "SequenceNode", counting(real_seq))
    (doc,), _ = compose_documents("metadata:\n  labels: {a: b}\nspec:\n  list: [x]\n")
    ops = "".join(f"- op: add\n  path: /metadata/labels/l{i}\n  value: v{i}\n"
                  f"- op: add\n  path: /spec/list/-\n  value: w{i}\n" for i in range(500))
    (operations,), _ = compose_documents(ops)
    out = json6902.apply_operations(doc, operations)
    # the document, metadata, labels, spec and the list: once each for 1,000 operations
    assert sorted(made) == ["MappingNode"] * 4 + ["SequenceNode"]
    labels = out.value[0][1].value[0][1]
    assert [k.value for k, _ in labels.value][:3] == ["a", "l0", "l1"] and len(labels.value) == 501
    assert len(out.value[1][1].value[0][1].value) == 501
    assert len(doc.value[0][1].value[0][1].value) == 1  # the base is unchanged
