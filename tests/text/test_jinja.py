"""Jinja-templated YAML (*.yaml.j2, *.yml.j2): tags set aside, blocks unknown, the rest judged."""

import json

from conftest import codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes
from etcdlint.repo.discover import discover
from etcdlint.text.jinja import mask
from etcdlint.text.templates import MASK

POD = ("apiVersion: v1\n"
       "kind: Pod\n"
       "metadata:\n"
       "  name: etcd\n"
       "spec:\n"
       "  containers:\n"
       "    - name: etcd\n"
       "      image: registry.k8s.io/etcd:3.5.15-0\n"
       "      command:\n"
       "        - etcd\n"
       "        - --cert-file=/pki/server.crt\n"
       "        - --key-file=/pki/server.key\n"
       "        - --trusted-ca-file=/pki/ca.crt\n"
       "        - --listen-client-urls=https://{{ ip }}:2379\n"
       "        - --advertise-client-urls=https://{{ ip }}:2379\n"
       "        - --listen-peer-urls=https://{{ ip }}:2380\n"
       "        - --peer-trusted-ca-file=/pki/ca.crt\n")


def test_mask_keeps_every_position():
    text = "a: {{ x }}\n{% if y %}\nb: 1 {# note #}\n{% endif %}\nc: {%- set z = 1 %}2\n"
    masked = mask(text)
    assert len(masked.text) == len(text)
    assert masked.text == ("a: " + MASK * 7 + "\n" + " " * 10 + "\nb: 1 " + " " * 10 + "\n"
                           + " " * 11 + "\nc: " + " " * 16 + "2\n")
    assert masked.blocks == ((11, 49),)
    assert masked.tags == ((3, 10), (11, 21), (27, 37), (38, 49), (53, 69))


def test_unclosed_block_runs_to_the_end_and_raw_is_not_scanned():
    masked = mask("{% raw %}{{ x }}{% endraw %}\nk: v\n{% for i in l %}\nm: n\n")
    assert masked.blocks == ((0, 28), (34, 56))
    assert masked.text.startswith(" " * 9 + "{{ x }}" + " " * 12 + "\nk: v\n")


def test_inside_a_conditional_block_neither_set_nor_unset_outside_judged():
    text = POD + ("{% if peer_tls %}\n"
                  "        - --peer-cert-file=/pki/peer.crt\n"
                  "        - --peer-key-file=/pki/peer.key\n"
                  "        - --client-cert-auth=false\n"
                  "{% else %}\n"
                  "        - --peer-auto-tls=true\n"
                  "{% endif %}\n"
                  "        - --peer-client-cert-auth=true\n"
                  "        - --enable-pprof=true\n")
    # client-cert-auth and the peer certificate files are in the block: neither set nor unset
    assert codes(text, "etcd.yaml.j2") == ["26:26 ETCD111"]


def test_the_same_file_without_its_block_is_judged_in_full():
    text = POD + ("        - --peer-client-cert-auth=true\n"
                  "        - --enable-pprof=true\n")
    assert codes(text, "etcd.yaml.j2") == ["10:11 ETCD002", "10:11 ETCD004", "10:11 ETCD004",
                                           "19:26 ETCD111"]


def test_a_templated_value_is_never_judged_nor_fixed():
    text = POD + ("        - --client-cert-auth={{ cert_auth }}\n"
                  "        - --peer-cert-file=/pki/peer.crt\n"
                  "        - --peer-key-file=/pki/peer.key\n"
                  "        - --peer-client-cert-auth=true\n")
    assert codes(text, "etcd.yml.j2") == []


def test_talos_config_rendered_by_jinja():
    text = ("version: v1alpha1\n"
            "machine:\n"
            "  type: controlplane\n"
            "  token: {{ talos_token }}\n"
            "cluster:\n"
            "  clusterName: {{ cluster_name }}\n"
            "  etcd:\n"
            "    extraArgs:\n"
            "      listen-metrics-urls: http://0.0.0.0:2381\n"
            "{% if debug %}\n"
            "      enable-pprof: \"true\"\n"
            "{% endif %}\n")
    assert messages(text, "talos/controlplane.yaml.j2") == [
        "9:28 ETCD106 --listen-metrics-urls has http://0.0.0.0:2381: metrics and health "
        "endpoints are served to the network without TLS"]


def test_an_expression_where_a_map_belongs_is_unknown_not_a_type_error():
    text = ("version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  etcd:\n"
            "    extraArgs: {{ etcd_args | to_yaml }}\n")
    assert codes(text, "talos.yaml.j2") == []


def test_not_yaml_once_tags_are_aside_is_skipped_and_counted(tmp_path, cli):
    (tmp_path / "etcd.yaml.j2").write_text("etcd:\n  extraArgs: {% if x %}\n  b: [\n"
                                           "{% endif %}\n")
    (tmp_path / "plain.yaml.j2").write_text("kind: ConfigMap\n")
    run = cli(str(tmp_path))
    assert run.code == 0
    assert run.out.splitlines() == [
        "No problems found in 2 files (0 etcd configurations).",
        "Skipped 1 Jinja template (not YAML once its tags are set aside: lint the rendered "
        "file)."]
    run = cli("--format", "json", str(tmp_path))
    assert json.loads(run.out)["summary"]["skipped_jinja_templates"] == 1
    # the same text as plain YAML is an error
    (tmp_path / "etcd.yaml").write_text("etcd:\n  extraArgs: {% if x %}\n")
    assert "ETCD000" in cli(str(tmp_path / "etcd.yaml")).out


def test_fix_outside_blocks_keeps_the_template_and_skips_edits_into_a_block():
    text = POD + ("        - --client-cert-auth=false\n"
                  "        - --peer-cert-file=/pki/peer.crt\n"
                  "        - --peer-key-file=/pki/peer.key\n"
                  "        - --peer-client-cert-auth=false\n"
                  "{% if more %}\n"
                  "        - --auto-tls=true\n"
                  "{% endif %}\n")
    assert codes(text, "etcd.yaml.j2") == ["18:30 ETCD002", "21:35 ETCD005"]
    outcome = fix_bytes("etcd.yaml.j2", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace("cert-auth=false", "cert-auth=true")


def test_no_fix_inserts_into_a_block():
    text = POD + ("        - --peer-cert-file=/pki/peer.crt\n"
                  "        - --peer-key-file=/pki/peer.key\n"
                  "{% if x %}\n"
                  "        - --peer-client-cert-auth=true\n"
                  "{% endif %}\n")
    result = lint_files({"etcd.yaml.j2": text})
    found = [(d.start.line, d.diagnostic.rule, d.diagnostic.fix is not None)
             for d in result.diagnostics]
    assert found == [(10, "ETCD002", False)]
    plain = lint_files({"etcd.yaml": text.replace("{% if x %}\n", "").replace(
        "{% endif %}\n", "")})
    assert [(d.diagnostic.rule, d.diagnostic.fix is not None) for d in plain.diagnostics] == \
        [("ETCD002", True)]


def test_discovery_walks_jinja_yaml_only(tmp_path):
    for name in ("a.yaml.j2", "b.yml.j2", "c.conf.j2", "d.j2", "e.yaml"):
        (tmp_path / name).write_text("x: 1\n")
    found = [f.display.rsplit("/", 1)[-1] for f in discover([str(tmp_path)])]
    assert found == ["a.yaml.j2", "b.yml.j2", "e.yaml"]


def test_an_api_server_inside_a_block_is_not_judged():
    text = ("apiVersion: kubeadm.k8s.io/v1beta4\n"
            "kind: ClusterConfiguration\n"
            "etcd:\n"
            "{% if etcd_deployment_type == \"kubeadm\" %}\n"
            "  local:\n"
            "    imageTag: \"{{ etcd_image_tag }}\"\n"
            "{% else %}\n"
            "  external:\n"
            "      endpoints:\n"
            "{% for endpoint in etcd_access_addresses.split(',') %}\n"
            "      - {{ endpoint }}\n"
            "{% endfor %}\n"
            "{% endif %}\n")
    assert codes(text, "kubeadm-images.yaml.j2") == []
    plain = text.replace("{% if etcd_deployment_type == \"kubeadm\" %}\n", "")
    plain = plain[:plain.index("  local:")] + plain[plain.index("  external:"):]
    assert codes(plain, "kubeadm.yaml.j2") == ["4:3 ETCD102", "4:3 ETCD103"]


UNIT = ("[Service]\n"
        "ExecStart=/usr/local/bin/etcd \\\n"
        "  --name {{ inventory_hostname }} \\\n"
        "  --cert-file=/etc/etcd/server.pem --key-file=/etc/etcd/server-key.pem \\\n"
        "  --peer-cert-file=/etc/etcd/peer.pem --peer-key-file=/etc/etcd/peer-key.pem \\\n"
        "  --trusted-ca-file=/etc/etcd/ca.pem --peer-trusted-ca-file=/etc/etcd/ca.pem \\\n"
        "  --listen-client-urls https://{{ ip }}:2379 \\\n"
        "  --advertise-client-urls https://{{ ip }}:2379 \\\n"
        "  --listen-peer-urls https://{{ ip }}:2380 \\\n"
        "  --peer-client-cert-auth \\\n")


def test_a_templated_unit_is_read_as_a_unit():
    text = UNIT + "  --client-cert-auth=false\n"
    assert codes(text, "etcd.service.j2") == ["11:22 ETCD002"]
    fixed = fix_bytes("etcd.service.j2", text.encode(), LintOptions(), ("safe",)).fixed
    assert fixed.decode() == UNIT + "  --client-cert-auth=true\n"


def test_a_templated_env_file_with_a_block():
    text = ("ETCD_CERT_FILE=/pki/server.crt\n"
            "ETCD_KEY_FILE=/pki/server.key\n"
            "ETCD_TRUSTED_CA_FILE=/pki/ca.crt\n"
            "ETCD_PEER_CERT_FILE=/pki/peer.crt\n"
            "ETCD_PEER_KEY_FILE=/pki/peer.key\n"
            "ETCD_PEER_TRUSTED_CA_FILE=/pki/ca.crt\n"
            "ETCD_LISTEN_CLIENT_URLS=https://{{ ip }}:2379\n"
            "ETCD_ADVERTISE_CLIENT_URLS=https://{{ ip }}:2379\n"
            "ETCD_LISTEN_PEER_URLS=https://{{ ip }}:2380\n"
            "ETCD_PEER_CLIENT_CERT_AUTH=true\n"
            "{% if secure %}\n"
            "ETCD_CLIENT_CERT_AUTH=true\n"
            "{% endif %}\n"
            "ETCD_AUTO_TLS=true\n")
    assert codes(text, "etcd.env.j2") == ["14:15 ETCD003"]
    assert codes(text.replace("{% if secure %}\nETCD_CLIENT_CERT_AUTH=true\n{% endif %}\n", ""),
                 "etcd.env.j2") == ["1:1 ETCD002", "11:15 ETCD003"]
