"""Helm chart templates are not linted as YAML; ``{{ … }}`` values are unknown anywhere."""

import json

from conftest import codes

from conftest import write

CHART = {
    "charts/etcd/Chart.yaml": "apiVersion: v2\nname: etcd\nversion: 0.1.0\n",
    "charts/etcd/values.yaml": "clientCertAuth: true\n",
    # not YAML at all until rendered
    "charts/etcd/templates/statefulset.yaml": (
        "{{- if .Values.enabled }}\n"
        "apiVersion: apps/v1\n"
        "kind: StatefulSet\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "      - name: etcd\n"
        "        command:\n"
        "        - etcd\n"
        "        {{- toYaml .Values.extraArgs | nindent 8 }}\n"
        "{{- end }}\n"),
    # parses, and would give ETCD205 and ETCD104 (and "not set" findings) if linted
    "charts/etcd/templates/sub/pod.yaml": (
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        "  - name: etcd\n"
        "    command:\n"
        "    - etcd\n"
        "    - --client-cert-auth={{ .Values.clientCertAuth }}\n"
        "    - --listen-client-urls={{ .Values.scheme }}://0.0.0.0:2379\n"),
    # a subchart's templates
    "charts/etcd/charts/backup/Chart.yaml": "apiVersion: v2\nname: backup\nversion: 0.1.0\n",
    "charts/etcd/charts/backup/templates/job.yaml": "{{ include \"backup.job\" . }}\n",
}


def test_chart_templates_give_no_diagnostic_and_are_counted(tmp_path, cli):
    write(tmp_path, CHART)
    run = cli("charts", cwd=tmp_path)
    assert run.out.splitlines() == [
        "No problems found in 3 files (0 etcd configurations).",
        "Skipped 3 Helm chart templates (not YAML until rendered: lint the output of helm "
        "template).",
    ]
    assert run.code == 0
    run = cli("--format", "json", "charts", cwd=tmp_path)
    assert json.loads(run.out)["summary"]["skipped_templates"] == 3
    # named one by one (pre-commit), the same
    run = cli("charts/etcd/templates/statefulset.yaml", "charts/etcd/templates/sub/pod.yaml",
              cwd=tmp_path)
    assert run.out.splitlines() == [
        "No problems found in 0 files (0 etcd configurations).",
        "Skipped 2 Helm chart templates (not YAML until rendered: lint the output of helm "
        "template).",
    ]
    assert run.code == 0


def test_a_templates_directory_without_chart_is_linted(tmp_path, cli):
    write(tmp_path, {"templates/pod.yaml": CHART["charts/etcd/templates/sub/pod.yaml"]})
    run = cli("templates", cwd=tmp_path)
    assert run.code == 1
    assert "Skipped" not in run.out


def test_rendered_chart_on_standard_input_is_linted(tmp_path, cli):
    write(tmp_path, CHART)
    rendered = CHART["charts/etcd/templates/sub/pod.yaml"].replace(
        "{{ .Values.clientCertAuth }}", "false").replace("{{ .Values.scheme }}", "https")
    run = cli("-", "--stdin-filename", "charts/etcd/templates/sub/pod.yaml",
              "--select", "ETCD002", stdin=rendered, cwd=tmp_path)
    assert run.out.splitlines()[0] == (
        "charts/etcd/templates/sub/pod.yaml:8:26: ETCD002 error [CIS 2.2] --client-cert-auth is "
        "false: etcd accepts clients without a certificate; no fix: set --trusted-ca-file first "
        "(true without it would trust the system's public CAs, ETCD110)")


TEMPLATED = (
    "apiVersion: v1\n"
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    image: registry.k8s.io/etcd:3.5.21-0\n"
    "    command:\n"
    "    - etcd\n"
    "    - --cert-file=/pki/server.crt\n"
    "    - --key-file=/pki/server.key\n"
    "    - --trusted-ca-file=/pki/etcd-ca.crt\n"
    "    - --client-cert-auth={{ .Values.clientCertAuth }}\n"
    "    - --listen-client-urls={{ .Values.scheme }}://0.0.0.0:2379,http://10.0.0.1:2379\n"
    "    - --{{ .Values.flagName }}=1\n"
    "    env:\n"
    "    - name: ETCD_PEER_AUTO_TLS\n"
    "      value: '{{ .Values.peerAutoTls }}'\n")


def test_template_values_elsewhere_are_unknown():
    # judged: the peer settings not set, and the one known plaintext URL; never the templates
    assert codes(TEMPLATED) == [
        "8:7 ETCD004", "8:7 ETCD004", "8:7 ETCD005", "8:7 ETCD105", "13:64 ETCD104"]


def test_a_template_word_may_render_to_any_flag():
    text = TEMPLATED.replace("    - --{{ .Values.flagName }}=1\n",
                             "    - '{{ .Values.extraArgs }}'\n")
    assert codes(text) == ["13:64 ETCD104"]  # nothing is "not set", nothing is a stray word


def test_template_values_are_never_fixed(tmp_path, cli):
    path = tmp_path / "pod.yaml"
    path.write_bytes(TEMPLATED.encode())
    run = cli("--fix", "--unsafe-fixes", str(path))
    assert b"{{ .Values.clientCertAuth }}" in path.read_bytes()
    assert b"'{{ .Values.peerAutoTls }}'" in path.read_bytes()
    assert "{{" not in "".join(line for line in run.err.splitlines() if "fixed" in line)
