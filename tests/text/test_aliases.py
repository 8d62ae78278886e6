"""YAML aliases: every text etcdlint composes (a linted file, a Kustomize patch, a
kustomization, a configuration) has the aliases YAML readers refuse refused alike, and none
is expanded past go-yaml's limits (etcdlint/text/aliases.py)."""

import pytest

from conftest import messages, write

from etcdlint.text.compose import compose_documents

POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-01\nspec:\n  containers:\n"
       "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
       "    command: [etcd, --client-cert-auth=false]\n")


def billion_laughs_patch() -> str:
    """A 440-byte strategic-merge patch whose aliases name 9 ** 9 strings."""
    lines = ["apiVersion: v1", "kind: Pod", "metadata: {name: etcd-01}", "spec:", "  x:",
             '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"    {name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


RECURSIVE_PATCH = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd-01}\nspec:\n"
                   "  x: &x {y: *x}\n")
# 150 levels named from 150 levels down, and again: 450 levels once expanded
NESTED = "[" * 150 + "{}" + "]" * 150
DEEP_PATCH = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd-01}\nspec:\n"
              f"  a: &a {NESTED}\n  b: &b {NESTED.replace('{}', '*a')}\n"
              f"  c: {NESTED.replace('{}', '*b')}\n")

BASE_LINES = [
    "pod.yaml:9:14: ETCD001 error [CIS 2.1] --cert-file and --key-file are not set: etcd "
    "serves clients without TLS",
]


def _overlay(tmp_path, patch):
    write(tmp_path, {"kustomization.yaml": "resources: [pod.yaml]\n"
                                           "patchesStrategicMerge: [patch.yaml]\n",
                     "pod.yaml": POD, "patch.yaml": patch})


NOTE = ("kustomization.yaml:2:25: note: patch.yaml holds {}: not modelled, the overlay is not "
        "built (its resources are linted as they are)")


@pytest.mark.parametrize("patch,holds", [
    (billion_laughs_patch(), "aliases that expand to far more data than the document holds "
                             "(YAML readers refuse it: \"document contains excessive aliasing\")"),
    (RECURSIVE_PATCH, "an alias inside the value of its own anchor (YAML readers refuse it: "
                      "\"anchor value contains itself\")"),
    (DEEP_PATCH, "aliases that nest deeper than 200 levels once expanded"),
], ids=["billion-laughs", "recursive", "deep"])
def test_an_overlay_whose_patch_aliases_are_refused_is_not_built(cli, tmp_path, patch, holds):
    _overlay(tmp_path, patch)
    run = cli("--select", "ETCD002", ".", cwd=tmp_path)
    assert run.err == ""
    assert run.code == 1
    # the pod is linted as it is: its own --client-cert-auth=false
    assert run.out.splitlines() == [
        "pod.yaml:9:40: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate; no fix: set --trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)",
        "Found 1 problem (1 error) in 1 file.",
        NOTE.format(holds)]


def test_the_billion_laughs_patch_is_440_bytes():
    assert len(billion_laughs_patch()) == 440


def test_a_recursive_alias_in_a_linted_file():
    assert messages("kind: Pod\nspec: &s\n  containers: [{command: [etcd]}, *s]\n") == [
        "3:15 ETCD000 an alias inside the value of its own anchor (YAML readers refuse it: "
        "\"anchor value contains itself\"): this document and those after it are not read"]


def test_a_recursive_alias_in_the_configuration(cli, tmp_path):
    write(tmp_path, {"etcd.yaml": POD, ".etcdlint.yaml": "select: [ETCD002]\nx: &x {y: *x}\n"})
    run = cli("etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == (f"etcdlint: error: {tmp_path / '.etcdlint.yaml'}:2: an alias inside the "
                       "value of its own anchor (YAML readers refuse it: \"anchor value contains "
                       "itself\")\n")


def test_a_recursive_kustomization_is_not_built(cli, tmp_path):
    write(tmp_path, {"kustomization.yaml": "resources: &r [pod.yaml, *r]\n", "pod.yaml": POD})
    run = cli("--select", "ETCD002", ".", cwd=tmp_path)
    assert run.err == ""
    assert run.out.splitlines()[-1] == (
        "kustomization.yaml:1:1: note: the kustomization holds an alias inside the value of its "
        "own anchor (YAML readers refuse it: \"anchor value contains itself\"): not modelled, "
        "the overlay is not built (its resources are linted as they are)")


def _problem(text, expanded=False):
    docs, failure = compose_documents(text)
    assert failure is None or failure.line is not None
    from ruamel.yaml.cyaml import CBaseLoader

    from etcdlint.text.aliases import alias_problem

    found = alias_problem(CBaseLoader(text).get_single_node(), expanded)
    return None if found is None else (found[0], found[1].start_mark.line + 1,
                                       found[1].start_mark.column + 1)


def test_go_yaml_alias_ratio():
    # 101 aliases of a 10-node list: 1,010 of the 1,126 nodes decoded come from aliases (90%)
    ten = "[" + ", ".join("x" * 9) + "]"
    assert _problem(f"a: &a {ten}\nb: [" + ", ".join(["*a"] * 101) + "]\n") is None
    # a 200-node list aliased k times: 200k of 205 + 201k nodes; over 99% from k = 201 on
    big = "[" + ", ".join("x" * 199) + "]"
    assert _problem(f"a: &a {big}\nb: [" + ", ".join(["*a"] * 200) + "]\n") is None
    assert _problem(f"a: &a {big}\nb: [" + ", ".join(["*a"] * 201) + "]\n") == ("excessive", 2, 4)
    # an alias node is decoded outside the expansion: a scalar's aliases stay under 50%
    assert _problem("a: &a x\nb: [" + ", ".join(["*a"] * 5000) + "]\n") is None


def test_a_merge_key_is_not_decoded_but_its_value_is():
    # 1,100 mappings each merging a 2-node one: 2,200 of 3,303 nodes from aliases
    text = "m: &m {k: v}\nl:\n" + "".join("- {<<: *m}\n" for _ in range(1100))
    assert _problem(text) is None


def test_recursion_and_expanded_depth_are_found_where_the_alias_is():
    assert _problem("a:\n  b: &b [1, {c: *b}]\n") == ("recursive", 2, 14)
    assert _problem(DEEP_PATCH) is None
    # b already nests 152 + 151 levels once its *a (in the 150th bracket) is expanded
    assert _problem(DEEP_PATCH, expanded=True) == ("too deep", 6, 158)
