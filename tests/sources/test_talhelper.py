"""talhelper talconfig.yaml: Talos patches of the control-plane nodes."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "talhelper"


def talconfig(node_patch="", group_patch="", common_patch="", override=False):
    text = ("clusterName: lab\n"
            "endpoint: https://10.0.0.10:6443\n"
            "nodes:\n"
            "  - hostname: cp-0\n"
            "    ipAddress: 10.0.0.11\n"
            "    controlPlane: true\n")
    if override:
        text += "    overridePatches: true\n"
    if node_patch:
        text += "    patches:\n      - |-\n" + node_patch
    text += ("  - hostname: w-0\n"
             "    ipAddress: 10.0.0.21\n"
             "    controlPlane: false\n")
    if group_patch:
        text += "controlPlane:\n  patches:\n    - |-\n" + group_patch
    if common_patch:
        text += "patches:\n  - |-\n" + common_patch
    return text


def args(indent, **values):
    pad = " " * indent
    lines = [f"{pad}cluster:\n", f"{pad}  etcd:\n", f"{pad}    extraArgs:\n"]
    lines += [f"{pad}      {k.replace('_', '-')}: \"{v}\"\n" for k, v in values.items()]
    return "".join(lines)


def test_talhelper_without_patches_is_secure():
    result = lint_files({"talconfig.yaml": talconfig()}, LintOptions(prefilter=False))
    assert result.configurations == 1 and result.diagnostics == []


def test_node_patch_positions_are_those_of_the_file():
    text = talconfig(node_patch=args(8, enable_pprof="true"))
    assert messages(text) == [
        "12:30 ETCD111 --enable-pprof is true: /debug/pprof is served on the client URLs"]


def test_global_patches_come_last_and_win_over_group_and_node():
    text = talconfig(node_patch=args(8, enable_pprof="true"),
                     common_patch=args(4, enable_pprof="false"))
    assert codes(text) == []
    text = talconfig(node_patch=args(8, enable_pprof="false"),
                     group_patch=args(6, enable_pprof="true"))
    assert codes(text) == []  # the group's patches come before the node's


def test_override_patches_drops_the_group_patches():
    text = talconfig(node_patch=args(8, snapshot_count="5000"),
                     group_patch=args(6, enable_pprof="true"))
    assert codes(text) == ["22:28 ETCD111"]
    assert codes(talconfig(node_patch=args(8, snapshot_count="5000"),
                           group_patch=args(6, enable_pprof="true"), override=True)) == []


def test_json6902_patch_in_a_string_and_templated_values():
    patch = ("        - op: add\n"
             "          path: /cluster/etcd/extraArgs/listen-metrics-urls\n"
             "          value: http://0.0.0.0:2381\n")
    assert codes(talconfig(node_patch=patch)) == ["11:18 ETCD106"]
    assert codes(talconfig(node_patch=patch.replace("http://0.0.0.0:2381",
                                                    "${METRICS_URL}"))) == []
    assert codes(talconfig(node_patch=args(8, enable_pprof="${PPROF}"))) == []


def test_file_patches_are_not_read():
    text = talconfig().replace("    controlPlane: true\n",
                               "    controlPlane: true\n    patches:\n"
                               "      - \"@./patches/etcd.yaml\"\n")
    result = lint_files({"talconfig.yaml": text}, LintOptions(prefilter=False))
    assert result.configurations == 1 and result.diagnostics == []


def test_talhelper_fix_inside_a_patch_string():
    text = talconfig(node_patch=args(8, enable_pprof="true", snapshot_count="5000"))
    outcome = fix_bytes("talconfig.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == talconfig(node_patch=args(8, snapshot_count="5000"))
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD111"]


EXPECTED = {
    "talconfig.yaml": ["36:34 ETCD106"],
    "talconfig-json6902.yaml": ["12:28 ETCD111", "23:15 ETCD202"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_talhelper_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]


def test_each_patch_is_read_once_for_all_control_plane_nodes(monkeypatch):
    from etcdlint.sources import talos_patches

    read = []
    real = talos_patches.inner_documents
    monkeypatch.setattr(talos_patches, "inner_documents",
                        lambda node, ctx: read.append(node.value) or real(node, ctx))
    nodes = "".join(f"  - {{hostname: cp-{i}, controlPlane: true}}\n" for i in range(3))
    text = ("clusterName: lab\nnodes:\n" + nodes + "controlPlane:\n  patches:\n"
            "    - '{cluster: {etcd: {extraArgs: {enable-pprof: \"true\", "
            "listen-metrics-urls: \"http://0.0.0.0:2381\"}}}}'\n"
            "patches:\n"
            "  - '[{op: remove, path: /cluster/etcd/extraArgs/enable-pprof}]'\n"
            "  - '{cluster: {etcd: {extraArgs: {enable-pprof: \"true\"}}}}'\n"
            "  - '{cluster: {etcd: {extraArgs: {listen-metrics-urls: \"${URL}\"}}}}'\n")
    # every node: the group's pprof is removed, then set again by the second top-level patch;
    # the group's metrics URL is replaced by a talhelper variable (unknown, not judged)
    result = lint_files({"talconfig.yaml": text})
    assert result.configurations == 3
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}"
            for d in result.diagnostics] == ["11:51 ETCD111"]
    assert len(read) == 4  # the group's patch and the three top-level ones, once each


@pytest.mark.parametrize("patch", ["'x: &x {y: *x}'", "'cluster: [a'", "'# only a comment'"])
def test_a_patch_talos_cannot_read_makes_the_arguments_before_it_unknown(patch):
    # a recursive alias (refused by every YAML reader) or YAML that does not parse: Talos
    # refuses the patch, so what the arguments end up as is not known (the note at the
    # extraArgs that set them); a patch of comments only changes nothing
    text = ("clusterName: lab\nnodes:\n  - {hostname: cp-0, controlPlane: true}\n"
            "patches:\n  - '{cluster: {etcd: {extraArgs: {enable-pprof: \"true\"}}}}'\n"
            f"  - {patch}\n")
    result = lint_files({"talconfig.yaml": text})
    found = [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics]
    if "comment" in patch:
        assert (found, result.notes) == (["5:51 ETCD111"], [])
    else:
        assert found == []
        assert result.notes == [
            "talconfig.yaml:5:24: note: a patch that is not YAML Talos reads: not modelled, the "
            "etcd arguments of talhelper node cp-0 set before it are not judged, nor missing ones"]
