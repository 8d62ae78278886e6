"""Cluster API Talos: TalosControlPlane and TalosConfig patches reaching cluster.etcd.extraArgs."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "talos-capi"

HEAD = ("apiVersion: controlplane.cluster.x-k8s.io/v1alpha3\n"
        "kind: TalosControlPlane\n"
        "metadata:\n"
        "  name: cp\n"
        "spec:\n"
        "  controlPlaneConfig:\n"
        "    controlplane:\n"
        "      generateType: controlplane\n")


def test_talos_control_plane_defaults_are_secure():
    result = lint_files({"cp.yaml": HEAD}, LintOptions(prefilter=False))
    assert result.configurations == 1 and result.diagnostics == []


def test_json6902_ops_set_and_replace_extra_args():
    text = HEAD + ("      configPatches:\n"
                   "        - op: add\n"
                   "          path: /cluster/etcd/extraArgs\n"
                   "          value:\n"
                   "            enable-pprof: \"true\"\n"
                   "            cert-file: /tmp/x.crt\n"
                   "        - op: replace\n"
                   "          path: /cluster/etcd/extraArgs/listen-metrics-urls\n"
                   "          value: http://0.0.0.0:2381\n")
    assert messages(text) == [
        "13:28 ETCD111 --enable-pprof is true: /debug/pprof is served on the client URLs",
        "14:13 ETCD202 Talos refuses extraArgs cert-file (extra arg \"cert-file\" is not "
        "allowed): Talos sets it itself, and etcd does not start",
        "17:18 ETCD106 --listen-metrics-urls has http://0.0.0.0:2381: metrics and health "
        "endpoints are served to the network without TLS",
    ]


def test_a_later_op_on_the_map_replaces_earlier_keys_and_remove_drops_them():
    text = HEAD + ("      configPatches:\n"
                   "        - op: add\n"
                   "          path: /cluster/etcd/extraArgs/enable-pprof\n"
                   "          value: \"true\"\n"
                   "        - op: add\n"
                   "          path: /cluster/etcd\n"
                   "          value:\n"
                   "            extraArgs: {listen-metrics-urls: \"http://0.0.0.0:2381\"}\n"
                   "        - op: remove\n"
                   "          path: /cluster/etcd/extraArgs/listen-metrics-urls\n")
    assert codes(text) == []
    assert codes(text[:text.index("        - op: remove")]) == ["16:47 ETCD106"]


MOVE = ("      configPatches:\n"
        "        - op: add\n"
        "          path: /cluster/etcd/extraArgs/enable-pprof\n"
        "          value: \"true\"\n"
        "        - op: move\n"
        "          from: /cluster/etcd/extraArgs/enable-pprof\n"
        "          path: /machine/env/PPROF\n")


def test_a_move_or_copy_on_the_arguments_makes_them_unknown_and_says_so(tmp_path, cli):
    (tmp_path / "cp.yaml").write_text(HEAD + MOVE)
    run = cli("cp.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, (
        "No problems found in 1 file (1 etcd configuration).\n"
        "cp.yaml:11:17: note: the JSON patch move to /machine/env/PPROF: not modelled, the "
        "etcd arguments of TalosControlPlane cp controlPlaneConfig.controlplane set before it "
        "are not judged, nor missing ones\n"))
    # set again after it: known again
    later = MOVE + ("        - op: add\n"
                    "          path: /cluster/etcd/extraArgs/enable-pprof\n"
                    "          value: \"true\"\n")
    assert codes(HEAD + later) == ["18:19 ETCD111"]
    # a copy elsewhere, and a test, change nothing etcdlint reads
    other = MOVE.replace("from: /cluster/etcd/extraArgs/enable-pprof", "from: /machine/type") \
        .replace("op: move", "op: copy") + ("        - op: test\n"
                                            "          path: /machine/type\n"
                                            "          value: controlplane\n")
    assert codes(HEAD + other) == ["12:19 ETCD111"]


def test_strategic_patches_apply_after_configpatches_and_merge_by_key():
    text = HEAD + ("      configPatches:\n"
                   "        - op: add\n"
                   "          path: /cluster/etcd/extraArgs\n"
                   "          value: {enable-pprof: \"true\", snapshot-count: \"5000\"}\n"
                   "      strategicPatches:\n"
                   "        - |\n"
                   "          cluster:\n"
                   "            etcd:\n"
                   "              extraArgs:\n"
                   "                enable-pprof: \"false\"\n"
                   "                peer-auto-tls: \"true\"\n")
    assert codes(text) == ["19:17 ETCD202"]


def test_talos_config_template_for_workers_runs_no_etcd():
    text = (FORMS / "talosconfigtemplate.yaml").read_text()
    assert lint_files({"t.yaml": text}).configurations == 0
    assert codes(text.replace("generateType: worker", "generateType: controlplane")) == [
        "11:17 ETCD202"]


def test_user_supplied_machine_config_is_read_under_patches():
    text = ("apiVersion: bootstrap.cluster.x-k8s.io/v1alpha3\n"
            "kind: TalosConfig\n"
            "metadata:\n"
            "  name: cp-0\n"
            "spec:\n"
            "  generateType: none\n"
            "  data: |\n"
            "    machine:\n"
            "      type: controlplane\n"
            "    cluster:\n"
            "      etcd:\n"
            "        extraArgs:\n"
            "          enable-pprof: \"true\"\n")
    assert codes(text) == ["13:26 ETCD111"]
    assert codes(text.replace("type: controlplane", "type: worker")) == []


def test_talos_capi_fix_inside_a_strategic_patch():
    text = HEAD + ("      strategicPatches:\n"
                   "        - |\n"
                   "          cluster:\n"
                   "            etcd:\n"
                   "              extraArgs:\n"
                   "                enable-pprof: \"true\"\n"
                   "                election-timeout: \"5000\"\n")
    outcome = fix_bytes("cp.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace("                enable-pprof: \"true\"\n", "")
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD111"]


def test_talos_capi_fix_on_a_json6902_value_sets_false():
    text = HEAD + ("      configPatches:\n"
                   "        - op: add\n"
                   "          path: /cluster/etcd/extraArgs/enable-pprof\n"
                   "          value: \"true\"\n")
    outcome = fix_bytes("cp.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace('value: "true"', 'value: "false"')


EXPECTED = {
    "taloscontrolplane.yaml": ["24:34 ETCD106", "31:32 ETCD111"],
    "taloscontrolplane-secure.yaml": [],
    "talosconfigtemplate.yaml": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_talos_capi_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]
