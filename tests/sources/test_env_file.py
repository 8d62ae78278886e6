"""etcd's environment files: alone (an etcd started with those variables only), joined to
the unit of their folder that names them, and fixed line by line."""

from conftest import codes
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

SECURE = ("ETCD_CERT_FILE=/pki/server.crt\nETCD_KEY_FILE=/pki/server.key\n"
          "ETCD_CLIENT_CERT_AUTH=true\nETCD_TRUSTED_CA_FILE=/pki/ca.crt\n"
          "ETCD_PEER_CERT_FILE=/pki/peer.crt\nETCD_PEER_KEY_FILE=/pki/peer.key\n"
          "ETCD_PEER_CLIENT_CERT_AUTH=true\nETCD_PEER_TRUSTED_CA_FILE=/pki/ca.crt\n"
          'ETCD_LISTEN_CLIENT_URLS="https://0.0.0.0:2379"\n'
          "ETCD_ADVERTISE_CLIENT_URLS=https://10.0.0.1:2379\n"
          "ETCD_LISTEN_PEER_URLS='https://0.0.0.0:2380'\n")


def test_a_secure_env_file_is_clean():
    assert codes("# etcd\nETCD_NAME=default\n" + SECURE, "etc/etcd/etcd.conf") == []


def test_an_insecure_env_file():
    text = ("#[Member]\nETCD_NAME=default\n"
            'ETCD_LISTEN_CLIENT_URLS="http://localhost:2379,http://10.0.0.1:2379"\n'
            "#ETCD_CERT_FILE=\"\"\nETCD_AUTO_TLS=true\n")
    assert codes(text, "etc/etcd/etcd.conf") == [
        "2:1 ETCD001", "2:1 ETCD001", "2:1 ETCD002", "2:1 ETCD004", "2:1 ETCD004",
        "2:1 ETCD005", "2:1 ETCD007", "2:1 ETCD105",
        "3:26 ETCD104", "3:48 ETCD104",
        "5:15 ETCD003",
    ]


def test_names_of_env_files():
    text = "ETCD_AUTO_TLS=true\n"
    for path in ("etcd.env", "etcd-node1.env", "etc/default/etcd"):
        assert "1:15 ETCD003" in codes(text, path), path
    assert codes(text, "other.env") == []


def test_an_etcd_conf_of_yaml_is_etcds_config_file():
    found = codes("listen-client-urls: https://0.0.0.0:2379\nauto-tls: true\n", "etcd.conf")
    assert "1:21 ETCD213" in found and "2:1 ETCD201" in found


def test_an_env_file_joined_to_its_unit(tmp_path, cli):
    (tmp_path / "etcd.service").write_text(
        "[Service]\nEnvironmentFile=-/etc/etcd/etcd.conf\n"
        "ExecStart=/usr/bin/etcd --peer-auto-tls\n")
    (tmp_path / "etcd.conf").write_text(SECURE.replace("ETCD_CLIENT_CERT_AUTH=true",
                                                       "ETCD_CLIENT_CERT_AUTH=false"))
    run = cli(str(tmp_path))
    found = [line.split(" ")[:2] for line in run.out.splitlines() if ": ETCD" in line]
    assert [(p.rsplit("/", 1)[1], c) for p, c in found] == [
        ("etcd.conf:3:23:", "ETCD002"), ("etcd.service:3:25:", "ETCD006")]


def test_fix_an_env_line_exact_bytes():
    text = ("ETCD_NAME=a\r\nETCD_AUTO_TLS=true\r\nETCD_CLIENT_CERT_AUTH=false\r\n"
            "ETCD_TRUSTED_CA_FILE=/pki/ca.crt\r\n")
    outcome = fix_bytes("etcd.env", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed == (b"ETCD_NAME=a\r\nETCD_CLIENT_CERT_AUTH=true\r\n"
                             b"ETCD_TRUSTED_CA_FILE=/pki/ca.crt\r\n")
    assert fix_bytes("etcd.env", outcome.fixed, LintOptions(), ("safe",)).fixed == outcome.fixed


def test_fix_adds_a_missing_variable_after_the_last_line():
    text = SECURE.replace("ETCD_CLIENT_CERT_AUTH=true\n", "").rstrip("\n")
    outcome = fix_bytes("etcd.env", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text + "\nETCD_CLIENT_CERT_AUTH=true"
