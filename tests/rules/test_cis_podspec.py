"""CIS 2.1-2.7 on pod specs: every way a flag can be written, with exact positions (the cases of
one rule are in its ``test_etcdNNN_*.py``)."""

import pytest

from conftest import CIS_SECURE as SECURE, codes, command_pod, messages, pod, with_flag

def flow(flags):
    """Flow-sequence items; those with ':' quoted (URL flags come last in SECURE)."""
    return "".join(f', "{f}"' if ":" in f else f", {f}" for f in flags)


CASES = [
    ("secure", SECURE, []),
    ("single dash false", with_flag("client-cert-auth", "-client-cert-auth=false"),
     ["13:25 ETCD002"]),
    ("single dash bare", with_flag("client-cert-auth", "-client-cert-auth"), []),
    # last occurrence wins
    ("duplicate, last true", SECURE + ["--client-cert-auth=false", "--client-cert-auth=true"],
     ["21:7 ETCD207"]),
    ("duplicate, last false", SECURE + ["--client-cert-auth=false"],
     ["13:7 ETCD207", "21:26 ETCD002"]),
    ("duplicate auto-tls, last false", SECURE + ["--auto-tls", "--auto-tls=false"],
     ["21:7 ETCD207"]),
    # split values: two argv items
    ("split value", ["--cert-file", "/p/server.crt"] + with_flag("cert-file", None), []),
    ("split value eats next flag", ["--cert-file", "--key-file=/p/server.key"]
     + with_flag("cert-file", None)[1:], ["10:7 ETCD001", "18:28 ETCD213"]),  # --cert-file took it as its value
    ("one item with a space is one token",
     ["--cert-file /p/server.crt"] + with_flag("cert-file", None),
     ["10:7 ETCD001", "11:9 ETCD204", "18:28 ETCD213"]),
]


@pytest.mark.parametrize("spelling", ["1", "t", "T", "TRUE", "true", "True"])
def test_go_true_spellings(spelling):
    flags = with_flag("client-cert-auth", f"--client-cert-auth={spelling}")
    assert codes(command_pod(flags)) == []


@pytest.mark.parametrize("spelling", ["0", "f", "F", "FALSE", "false", "False"])
def test_go_false_spellings(spelling):
    flags = with_flag("client-cert-auth", f"--client-cert-auth={spelling}")
    assert codes(command_pod(flags)) == ["13:26 ETCD002"]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected


def test_absolute_binary_path():
    text = command_pod(with_flag("client-cert-auth", "--client-cert-auth=false"),
                       binary="/usr/local/bin/etcd")
    assert codes(text) == ["13:26 ETCD002"]


def test_missing_setting_points_at_absolute_binary():
    text = command_pod(with_flag("cert-file", None), binary="/usr/local/bin/etcd")
    assert messages(text) == [
        "10:7 ETCD001 --cert-file is not set: etcd refuses to start with an https:// client URL "
        "without it",
        "17:28 ETCD213 --listen-client-urls has https://10.0.0.5:2379, but --cert-file is not set: "
        "etcd refuses to start (KeyFile and CertFile must both be present[key: /p/server.key, "
        "cert: ])"]


def test_args_beside_command():
    text = pod("    command: [etcd]\n    args:\n" + "".join(
        f"    - {f}\n" for f in with_flag("client-cert-auth", "--client-cert-auth=False")))
    assert codes(text) == ["13:26 ETCD002"]


def test_args_only_first_arg_is_the_binary():
    text = pod("    args:\n    - /usr/local/bin/etcd\n" + "".join(
        f"    - {f}\n" for f in with_flag("peer-client-cert-auth", None)))
    assert codes(text) == ["10:7 ETCD005"]


def test_args_only_in_an_etcd_image_are_etcds_flags():
    # a flag cannot be executed: the image's entrypoint runs etcd with these arguments
    text = pod("    args:\n" + "".join(f"    - {f}\n" for f in ["--auto-tls"]))
    assert codes(text) == ["8:12 ETCD001", "8:12 ETCD001", "8:12 ETCD002", "8:12 ETCD004",
                           "8:12 ETCD004", "8:12 ETCD005", "8:12 ETCD007", "8:12 ETCD104",
                           "8:12 ETCD105", "10:7 ETCD003"]


def test_flow_sequence_positions():
    text = pod('    command: ["etcd", "--cert-file=/c", "--key-file=/k", "--client-cert-auth=f",\n'
               '      "--trusted-ca-file=/ca", "--peer-cert-file=/pc", "--peer-key-file=/pk",\n'
               "      '--peer-client-cert-auth=0']\n")
    # line 9: `    command: [` is 14 chars; "etcd" at 15; "--cert-file=/c" at 23;
    # "--key-file=/k" at 41; "--client-cert-auth=f" at 58, its value at 58 + 1 + 19 = 78.
    # line 11: the quote at 7, the flag at 8, its 24 characters up to 31, the value at 32.
    # no listen URLs: etcd's plaintext localhost defaults are reported at the binary (9:15)
    assert codes(text) == ["9:15 ETCD104", "9:15 ETCD105", "9:78 ETCD002", "11:32 ETCD005"]


def test_env_vars_alone():
    text = pod(
        "    command: [etcd]\n"
        "    env:\n"
        "    - name: ETCD_CERT_FILE\n"
        "      value: /c\n"
        "    - name: ETCD_KEY_FILE\n"
        "      value: /k\n"
        "    - name: ETCD_CLIENT_CERT_AUTH\n"
        '      value: "false"\n'
        "    - name: ETCD_TRUSTED_CA_FILE\n"
        "      value: /ca\n"
        "    - name: ETCD_PEER_CERT_FILE\n"
        "      value: /pc\n"
        "    - name: ETCD_PEER_KEY_FILE\n"
        "      value: /pk\n"
        "    - name: ETCD_PEER_CLIENT_CERT_AUTH\n"
        "      value: 'True'\n"
        "    - name: ETCD_PEER_AUTO_TLS\n"
        "      value: '1'\n")
    # `      value: "` ends at column 14: "false" at line 16 and '1' at line 26 start at 15.
    # ETCD_PEER_CLIENT_CERT_AUTH without ETCD_PEER_TRUSTED_CA_FILE: ETCD110 at its value.
    assert codes(text) == ["9:15 ETCD104", "9:15 ETCD105", "16:15 ETCD002", "24:15 ETCD110",
                           "26:15 ETCD006"]


def test_flag_wins_over_env_and_the_conflict_is_reported():
    text = pod(
        "    command: [etcd" + flow(SECURE) + "]\n"
        "    env:\n"
        "    - name: ETCD_CLIENT_CERT_AUTH\n"
        '      value: "false"\n')
    assert codes(text) == ["11:13 ETCD208"]


def test_empty_env_value_is_ignored():
    text = pod(
        "    command: [etcd" + flow(with_flag("client-cert-auth", None))
        + "]\n"
        "    env:\n"
        "    - name: ETCD_CLIENT_CERT_AUTH\n"
        '      value: ""\n')
    assert codes(text) == ["9:15 ETCD002"]


def test_value_from_is_unknown_not_guessed():
    text = pod(
        "    command: [etcd" + flow(with_flag("client-cert-auth", None))
        + "]\n"
        "    env:\n"
        "    - name: ETCD_CLIENT_CERT_AUTH\n"
        "      valueFrom:\n"
        "        configMapKeyRef: {name: etcd, key: auth}\n")
    assert codes(text) == []


def test_kubernetes_var_expansion_points_at_reference():
    text = pod(
        "    command:\n"
        "    - etcd\n"
        "    - --client-cert-auth=$(AUTH)\n"
        + "".join(f"    - {f}\n" for f in with_flag("client-cert-auth", None)) +
        "    env:\n"
        "    - name: AUTH\n"
        "      value: 'false'\n")
    assert codes(text) == ["11:26 ETCD002"]


def test_unresolved_kubernetes_reference_from_field_ref_is_unknown():
    text = pod(
        "    command:\n"
        "    - etcd\n"
        "    - --client-cert-auth=$(AUTH)\n"
        + "".join(f"    - {f}\n" for f in with_flag("client-cert-auth", None)) +
        "    env:\n"
        "    - name: AUTH\n"
        "      valueFrom: {fieldRef: {fieldPath: metadata.name}}\n")
    assert codes(text) == []


def test_escaped_dollar_is_literal():
    text = command_pod(with_flag("cert-file", "--cert-file=/p/$$(NAME).crt"))
    assert codes(text) == []


SHELL_SCRIPT = pod(
    "    command:\n"
    "    - /bin/sh\n"
    "    - -ec\n"
    "    - |\n"
    "      echo starting etcd on 2379\n"
    "      exec etcd --cert-file /p/s.crt --key-file=/p/s.key \\\n"
    "        --client-cert-auth false \\\n"
    "        --trusted-ca-file=/p/ca.crt --peer-auto-tls \\\n"
    "        --peer-cert-file=/p/p.crt --peer-key-file '/p/p.key' --peer-client-cert-auth=\"0\"\n")


def test_shell_wrapper_positions():
    # line 14: `      exec etcd` -> etcd at column 12.
    # `--client-cert-auth false`: a bare boolean (true); `false` is a stray word etcd rejects.
    # line 16: --peer-auto-tls at column 37; line 17: --peer-client-cert-auth= at 62-85,
    # the quote at 86, "0" at column 87. No listen URLs: the defaults are reported at etcd.
    assert codes(SHELL_SCRIPT) == ["14:12 ETCD104", "14:12 ETCD105", "15:28 ETCD206",
                                   "16:37 ETCD006", "17:87 ETCD005"]


def test_shell_wrapper_messages():
    assert messages(SHELL_SCRIPT)[2] == (
        "15:28 ETCD206 'false' is not a flag: boolean flags take no separate value, write "
        "--client-cert-auth=false; etcd refuses to start")
    assert messages(SHELL_SCRIPT)[4] == (
        "17:87 ETCD005 --peer-client-cert-auth is 0: etcd accepts peers without a certificate; "
        "no fix: set --peer-trusted-ca-file first (true without it would trust the system's "
        "public CAs, ETCD110)")


def test_shell_wrapper_command_plus_args():
    text = pod(
        "    command: [sh, -c]\n"
        "    args:\n"
        "    - exec /usr/local/bin/etcd --auto-tls "
        + " ".join(SECURE) + " > /var/log/etcd.log 2>&1\n")
    # `    - exec /usr/local/bin/etcd --auto-tls`: the binary at 12-30, --auto-tls at 32.
    assert codes(text) == ["11:32 ETCD003"]


def test_shell_with_several_etcd_commands():
    text = pod(
        "    command:\n"
        "    - bash\n"
        "    - -c\n"
        "    - |\n"
        "      if [ -f /data/member ]; then\n"
        "        exec etcd --data-dir /data\n"
        "      else\n"
        "        exec etcd --data-dir /data --initial-cluster-state new\n"
        "      fi\n")
    found = codes(text)
    assert found.count("14:14 ETCD002") == 1 and found.count("16:14 ETCD002") == 1


def test_shell_variables_expand_from_literal_env():
    text = pod(
        "    command: [sh, -c, 'exec etcd --client-cert-auth=${AUTH} "
        + " ".join(with_flag("client-cert-auth", None)) + "']\n"
        "    env:\n"
        "    - {name: AUTH, value: 'false'}\n")
    # `    command: [sh, -c, 'exec etcd --client-cert-auth=` -> ${AUTH} at column 53.
    assert codes(text) == ["9:53 ETCD002"]


def test_shell_variable_unknown_is_not_judged():
    text = pod(
        "    command: [sh, -c, 'exec etcd --client-cert-auth=${AUTH} "
        + " ".join(with_flag("client-cert-auth", None)) + "']\n")
    assert codes(text) == []


@pytest.mark.parametrize("script", [
    "until nc -z etcd 2379; do sleep 1; done; exec /app/server",
    "etcdctl --endpoints=http://etcd:2379 endpoint health",
    "echo etcd --auto-tls",
    "exec etcdutl snapshot restore /backup.db",
])
def test_shell_scripts_that_do_not_run_etcd(script):
    text = pod("    command: [/bin/sh, -c]\n    args: [" + repr(script) + "]\n")
    assert codes(text) == []


@pytest.mark.parametrize("command", ["[etcdctl, get, /]", "[nc, -z, etcd, '2379']",
                                     "[/usr/local/bin/etcdutl, --help]"])
def test_commands_that_are_not_etcd(command):
    assert codes(pod(f"    command: {command}\n")) == []


def test_image_entrypoint_with_env_only():
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: e\nspec:\n  containers:\n"
        "  - name: etcd\n"
        "    image: gcr.io/etcd-development/etcd:v3.6.5\n"
        "    env:\n"
        "    - {name: ETCD_AUTO_TLS, value: 'true'}\n")
    # missing settings point at the image; ETCD_AUTO_TLS's value 'true' at 10:37.
    assert codes(text) == ["8:12 ETCD001", "8:12 ETCD001", "8:12 ETCD002", "8:12 ETCD004",
                           "8:12 ETCD004", "8:12 ETCD005", "8:12 ETCD007", "8:12 ETCD104",
                           "8:12 ETCD105", "10:37 ETCD003"]


def test_image_that_is_not_etcd_without_command_is_skipped():
    text = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n"
    assert codes(text) == []


def test_init_containers():
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: e\nspec:\n"
        "  initContainers:\n"
        "  - name: seed\n"
        "    image: registry.k8s.io/etcd:3.5.21-0\n"
        "    command: [etcd, --auto-tls=true"
        + flow(SECURE) + "]\n"
        "  containers:\n"
        "  - name: app\n"
        "    image: busybox\n"
        "    command: [sleep, infinity]\n")
    # `    command: [etcd, --auto-tls=` -> true at column 32.
    assert codes(text) == ["9:32 ETCD003"]


WORKLOADS = {
    "Deployment": "spec:\n  template:\n    spec:\n",
    "StatefulSet": "spec:\n  template:\n    spec:\n",
    "DaemonSet": "spec:\n  template:\n    spec:\n",
    "ReplicaSet": "spec:\n  template:\n    spec:\n",
    "ReplicationController": "spec:\n  template:\n    spec:\n",
    "Job": "spec:\n  template:\n    spec:\n",
    "DeploymentConfig": "spec:\n  template:\n    spec:\n",
    "CronJob": "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n",
    "PodTemplate": "template:\n  spec:\n",
    "Pod": "spec:\n",
}


@pytest.mark.parametrize("kind", sorted(WORKLOADS))
def test_every_workload_kind(kind):
    head = f"kind: {kind}\nmetadata:\n  name: x\n" + WORKLOADS[kind]
    indent = " " * (len(WORKLOADS[kind].splitlines()[-1]) - len(WORKLOADS[kind].splitlines()[-1].lstrip()) + 2)
    line = head.count("\n") + 2  # the `command:` line below `containers:`
    text = (head + f"{indent}containers:\n{indent}- command: [etcd"
            + flow(with_flag("client-cert-auth", "--client-cert-auth=0")) + "]\n")
    col = len(f"{indent}- command: [etcd, --cert-file=/p/server.crt, --key-file=/p/server.key, "
              "--client-cert-auth=") + 1
    assert codes(text) == [f"{line}:{col} ETCD002"]


def test_kind_list_items():
    text = (
        "apiVersion: v1\n"
        "kind: List\n"
        "items:\n"
        "- kind: Pod\n"
        "  spec:\n"
        "    containers:\n"
        "    - command: [etcd, --auto-tls" + flow(SECURE) + "]\n"
        "- kind: ConfigMap\n"
        "  data: {etcd: '--auto-tls'}\n")
    assert codes(text) == ["7:23 ETCD003"]


def test_multi_document_absolute_lines():
    secure = command_pod(SECURE)
    insecure = command_pod(with_flag("peer-client-cert-auth", "--peer-client-cert-auth=false"))
    text = secure + "---\n# comment\n" + "kind: ConfigMap\ndata: {a: etcd}\n---\n" + insecure
    offset = secure.count("\n") + 5
    assert codes(text) == [f"{17 + offset}:31 ETCD005"]


def test_crlf_file_positions():
    text = command_pod(with_flag("client-cert-auth", "--client-cert-auth=false")).replace("\n", "\r\n")
    assert codes(text) == ["13:26 ETCD002"]


def test_bom_file_positions():
    data = b"\xef\xbb\xbf" + command_pod(with_flag("client-cert-auth", "--client-cert-auth=false")).encode()
    assert codes(data) == ["13:26 ETCD002"]


def test_unicode_before_the_token_counts_code_points():
    text = command_pod(with_flag("cert-file", "--cert-file=/p/\u00e9t\u00e9.crt")
                       + ["--auto-tls=yes-\u00e9", "--peer-auto-tls=true"])
    assert codes(text) == ["21:18 ETCD205", "22:23 ETCD006"]


def test_a_run_keeps_only_the_settings_cross_file_rules_read():
    import pickle

    from etcdlint.engine.lint import LintOptions, lint_file
    from etcdlint.engine.run import for_run
    from etcdlint.rules import RULES, RUN_SETTINGS

    assert RUN_SETTINGS == {"trusted-ca-file"}
    assert [r.code for r in RULES if r.check_run is not None and not r.run_settings] == [
        "ETCD101", "ETCD102", "ETCD103", "ETCD214"]  # these read only the API server side
    etcd = command_pod(with_flag("trusted-ca-file", "--trusted-ca-file=/ca.crt"))
    config, = for_run(lint_file("etcd.yaml", etcd.encode(), LintOptions())).etcd
    assert list(config.settings) == ["trusted-ca-file"]
    assert config.get("trusted-ca-file").value == "/ca.crt"
    with pytest.raises(KeyError, match="'cert-file' is not kept for the cross-file rules"):
        config.get("cert-file")
    with pytest.raises(KeyError, match="'key-file' is not kept"):
        "key-file" in config.settings
    assert "trusted-ca-file" in config.settings
    copy = pickle.loads(pickle.dumps(config))  # as a worker process sends it back
    assert copy == config and copy.settings.kept == RUN_SETTINGS
    with pytest.raises(KeyError):
        copy.get("key-file")
