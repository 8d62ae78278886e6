"""cloud-init, Butane and Ignition: units, drop-ins and env files inside the config's strings."""

from conftest import codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes
from etcdlint.text.escaped import data_url, string_token
from etcdlint.text.tokens import exact_token
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import map_get

SECURE_ENV = ("ETCD_CERT_FILE=/pki/server.crt\n"
              "ETCD_KEY_FILE=/pki/server.key\n"
              "ETCD_TRUSTED_CA_FILE=/pki/ca.crt\n"
              "ETCD_CLIENT_CERT_AUTH=true\n"
              "ETCD_PEER_CERT_FILE=/pki/peer.crt\n"
              "ETCD_PEER_KEY_FILE=/pki/peer.key\n"
              "ETCD_PEER_TRUSTED_CA_FILE=/pki/ca.crt\n"
              "ETCD_PEER_CLIENT_CERT_AUTH=true\n"
              "ETCD_LISTEN_CLIENT_URLS=https://10.0.0.1:2379\n"
              "ETCD_ADVERTISE_CLIENT_URLS=https://10.0.0.1:2379\n"
              "ETCD_LISTEN_PEER_URLS=https://10.0.0.1:2380\n")


def _indent(text, width):
    return "".join(" " * width + line + "\n" for line in text.splitlines())


def butane(exec_start="/usr/bin/etcd", dropin="", env=SECURE_ENV):
    text = ("variant: fcos\n"
            "version: 1.5.0\n"
            "systemd:\n"
            "  units:\n"
            "    - name: etcd.service\n"
            "      enabled: true\n"
            "      contents: |\n"
            "        [Service]\n"
            "        EnvironmentFile=/etc/etcd/etcd.env\n"
            f"        ExecStart={exec_start}\n")
    if dropin:
        text += ("      dropins:\n"
                 "        - name: 10-override.conf\n"
                 "          contents: |\n" + _indent(dropin, 12))
    return text + ("storage:\n"
                   "  files:\n"
                   "    - path: /etc/etcd/etcd.env\n"
                   "      contents:\n"
                   "        inline: |\n" + _indent(env, 10))


def test_butane_unit_with_its_environment_file_is_clean():
    result = lint_files({"etcd.bu": butane()})
    assert result.configurations == 1
    assert result.diagnostics == []


def test_butane_findings_point_into_the_unit_its_dropin_and_its_file():
    text = butane("/usr/bin/etcd --client-cert-auth=false",
                  dropin="[Service]\nEnvironment=ETCD_LISTEN_METRICS_URLS=http://0.0.0.0:2381\n",
                  env=SECURE_ENV.replace("ETCD_PEER_CLIENT_CERT_AUTH=true",
                                         "ETCD_PEER_AUTO_TLS=true"))
    assert messages(text, "etcd.bu") == [
        "10:19 ETCD005 --peer-client-cert-auth is not set (default false): etcd accepts peers "
        "without a certificate",
        "10:52 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "15:50 ETCD106 --listen-metrics-urls has http://0.0.0.0:2381: metrics and health "
        "endpoints are served to the network without TLS",
        "24:11 ETCD208 ETCD_CLIENT_CERT_AUTH is set and --client-cert-auth is on the command "
        "line: etcd 3.4 and later exit at start-up (conflicting environment variable is "
        "shadowed by corresponding command-line flag); 3.3 and earlier ignore the variable",
        "28:30 ETCD006 --peer-auto-tls is true: etcd members may use self-signed certificates "
        "they cannot verify"]


def test_butane_dropin_clears_execstart():
    text = butane("/usr/bin/etcd", dropin="[Service]\nExecStart=\n"
                                          "ExecStart=/usr/bin/etcd --auto-tls\n")
    assert codes(text, "etcd.bu") == ["16:37 ETCD003"]


def test_butane_fix_edits_the_literal_block_in_place():
    text = butane("/usr/bin/etcd --client-cert-auth=false --enable-pprof",
                  env=SECURE_ENV.replace("ETCD_CLIENT_CERT_AUTH=true\n", ""))
    fixed = fix_bytes("etcd.bu", text.encode(), LintOptions(), ("safe",)).fixed.decode()
    assert fixed == butane("/usr/bin/etcd --client-cert-auth=true",
                           env=SECURE_ENV.replace("ETCD_CLIENT_CERT_AUTH=true\n", ""))


UNIT_JSON = ("[Service]\\nEnvironmentFile=/etc/etcd/etcd.env\\n"
             "ExecStart=/usr/bin/etcd --client-cert-auth=false\\n")


SECURE_URL = "data:," + SECURE_ENV.replace("\n", "%0A").replace("ETCD_CLIENT_CERT_AUTH=true%0A", "")


def ignition(unit=UNIT_JSON, env_url=SECURE_URL + "ETCD_AUTO_TLS=true%0A"):
    return ('{"ignition": {"version": "3.4.0"},\n'
            ' "systemd": {"units": [{"name": "etcd.service", "enabled": true,\n'
            f'   "contents": "{unit}"}}]}},\n'
            ' "storage": {"files": [{"path": "/etc/etcd/etcd.env",\n'
            f'   "contents": {{"source": "{env_url}"}}}}]}}}}\n')


def test_ignition_escaped_unit_and_data_url_positions():
    text = ignition()
    lines = text.splitlines()
    assert codes(text, "etcd.ign") == ["3:107 ETCD002", "5:438 ETCD003"]
    assert lines[2][106:111] == "false" and lines[4][437:441] == "true"
    assert codes(ignition(UNIT_JSON.replace("=false", "=true"), SECURE_URL), "etcd.ign") == []


def test_ignition_fix_replaces_in_place_only():
    text = ignition(env_url=SECURE_URL + "ETCD_AUTO_TLS=true%0AETCD_ENABLE_PPROF=true")
    fixed = fix_bytes("etcd.ign", text.encode(), LintOptions(), ("safe",)).fixed.decode()
    # values replaced in the JSON string and the data URL; nothing added or removed there
    assert fixed == ignition(UNIT_JSON.replace("=false", "=true"),
                             SECURE_URL + "ETCD_AUTO_TLS=false%0AETCD_ENABLE_PPROF=false")


def test_ignition_remote_or_base64_contents_are_not_read():
    text = ignition(env_url="data:;base64,RVRDRF9BVVRPX1RMUz10cnVl")
    # the unit's environment file is unknown: nothing is judged missing, the flag is judged
    assert codes(text, "etcd.ign") == ["3:107 ETCD002"]


CLOUD = ("#cloud-config\n"
         "write_files:\n"
         "  - path: /etc/systemd/system/etcd.service\n"
         "    content: |\n"
         "      [Service]\n"
         "      EnvironmentFile=-/etc/default/etcd\n"
         "      ExecStart=/usr/local/bin/etcd\n"
         "  - path: /etc/default/etcd\n"
         "    content: |\n" + _indent(SECURE_ENV, 6))


def test_cloud_init_unit_joined_to_its_env_file_is_clean():
    result = lint_files({"user-data.yaml": CLOUD})
    assert result.configurations == 1
    assert result.diagnostics == []


def test_cloud_init_fixes_keep_the_block_indentation():
    text = CLOUD.replace("      ETCD_CLIENT_CERT_AUTH=true\n", "")
    assert codes(text, "user-data.yaml") == ["7:17 ETCD002"]
    fixed = fix_bytes("user-data.yaml", text.encode(), LintOptions(), ("safe",)).fixed
    assert fixed.decode() == text.replace("ExecStart=/usr/local/bin/etcd\n",
                                          "ExecStart=/usr/local/bin/etcd --client-cert-auth=true\n")
    alone = text.replace("  - path: /etc/systemd/system/etcd.service\n    content: |\n"
                         "      [Service]\n      EnvironmentFile=-/etc/default/etcd\n"
                         "      ExecStart=/usr/local/bin/etcd\n", "")
    assert codes(alone, "user-data.yaml") == ["5:7 ETCD002"]
    fixed = fix_bytes("user-data.yaml", alone.encode(), LintOptions(), ("safe",)).fixed
    assert fixed.decode() == alone + "      ETCD_CLIENT_CERT_AUTH=true\n"


def test_cloud_init_encoded_content_is_not_read_and_runcmd_is():
    text = ("#cloud-config\n"
            "write_files:\n"
            "  - path: /etc/default/etcd\n"
            "    encoding: b64\n"
            "    content: RVRDRF9BVVRPX1RMUz10cnVl\n"
            "runcmd:\n"
            "  - [docker, run, -d, quay.io/coreos/etcd:v3.5.17, etcd, --enable-pprof]\n"
            "  - etcd --listen-client-urls http://0.0.0.0:2379 &\n")
    missing = ["ETCD001", "ETCD001", "ETCD002", "ETCD004", "ETCD004", "ETCD005", "ETCD007"]
    assert codes(text, "user-data.yaml") == (
        [f"7:52 {code}" for code in missing + ["ETCD104", "ETCD105"]] + ["7:58 ETCD111"]
        + [f"8:5 {code}" for code in missing + ["ETCD105"]] + ["8:31 ETCD104"])
    fixed = fix_bytes("user-data.yaml", text.encode(), LintOptions(), ("safe",)).fixed
    assert b"[docker, run, -d, quay.io/coreos/etcd:v3.5.17, etcd]\n" in fixed


def test_a_yaml_file_that_is_none_of_them_is_not_read():
    text = "variant: fcos\nsystemd:\n  units:\n    - name: etcd.service\n      contents: " \
           "\"[Service]\\nExecStart=/usr/bin/etcd --auto-tls\\n\"\n"
    assert lint_files({"x.yaml": text}).configurations == 0


def test_escaped_string_and_data_url_tokens_place_each_character():
    text = 'k: "a\\nb\\u0041"\n'
    node = map_get(compose_documents(text)[0][0], "k")
    token = string_token(node, text)
    assert token.text == "a\nbA"
    assert token.starts == (4, 5, 7, 8) and token.ends == (5, 7, 8, 14)
    url = data_url(exact_token("data:,A%3DB%C3%A9", 10))
    assert url.text == "A=Bé"
    assert url.starts == (16, 17, 20, 21) and url.ends == (17, 20, 21, 27)
    assert data_url(exact_token("data:;base64,QQ==", 0)) is None


def test_cloud_init_reads_an_unknown_encoding_as_text_and_skips_appends():
    entry = ("#cloud-config\n"
             "write_files:\n"
             "  - path: /etc/etcd/etcd.env\n"
             "{extra}"
             "    content: |\n"
             "      ETCD_AUTO_TLS=true\n")
    assert codes(entry.format(extra="    encoding: text/x-env\n"), "u.yaml")[-1] == "6:21 ETCD003"
    assert lint_files({"u.yaml": entry.format(extra="    append: true\n")}).configurations == 0
    assert lint_files({"u.yaml": entry.format(extra="    encoding: gz+b64\n")}).configurations == 0


def test_butane_inline_is_read_whatever_its_compression():
    text = butane("/usr/bin/etcd --client-cert-auth=false").replace(
        "      contents:\n        inline:", "      contents:\n        compression: gzip\n"
        "        inline:")
    assert codes(text, "etcd.bu") == ["10:52 ETCD002", "20:11 ETCD208"]


def test_discovery_walks_butane_and_ignition_files(tmp_path, cli):
    (tmp_path / "etcd.bu").write_text(butane("/usr/bin/etcd --client-cert-auth=false"))
    (tmp_path / "etcd.ign").write_text(ignition())
    run = cli(str(tmp_path))
    assert [line.split(": ")[0].rsplit("/", 1)[-1] for line in run.out.splitlines()
            if ": ETCD" in line] == ["etcd.bu:10:52", "etcd.bu:19:11", "etcd.ign:3:107",
                                                "etcd.ign:5:438"]
