"""Which keys of etcd's config file etcd reads, and in which YAML type: plain config files
and the top-level keys k3s/RKE2 write there from ``etcd-arg``."""

from conftest import codes, messages

K3S = "cluster-init: true\n"
CONF = ("listen-client-urls: https://10.0.0.1:2379\nlisten-peer-urls: https://10.0.0.1:2380\n"
        "client-transport-security: {cert-file: /s.crt, key-file: /s.key, client-cert-auth: true,"
        " trusted-ca-file: /ca.crt}\n"
        "peer-transport-security: {cert-file: /p.crt, key-file: /p.key, client-cert-auth: true,"
        " trusted-ca-file: /pca.crt}\n")

ONLY_36 = ("etcd 3.6 accepts a peer's certificate whatever address it was issued for (etcd 3.4, "
           "3.5 and 3.7 ignore this top-level key of the config file)")


def test_k3s_experimental_san_skip_is_read_by_etcd_36_only():
    text = K3S + 'etcd-arg: ["experimental-peer-skip-client-san-verification=true"]\n'
    assert messages(text) == [
        "2:60 ETCD109 etcd-arg experimental-peer-skip-client-san-verification is true: " + ONLY_36]


def test_k3s_graduated_san_skip_is_never_read():
    text = K3S + 'etcd-arg: ["peer-skip-client-san-verification=true"]\n'
    assert messages(text) == [
        "2:13 ETCD201 etcd-arg peer-skip-client-san-verification has no effect: k3s writes it as "
        "a top-level key of etcd's config file, which no etcd release reads (etcd 3.6 and later "
        "read peer-transport-security.skip-client-san-verification, which etcd-arg cannot write)"]


def test_config_file_top_level_experimental_san_skip():
    text = CONF + "experimental-peer-skip-client-san-verification: true\n"
    assert messages(text) == [
        "5:49 ETCD109 experimental-peer-skip-client-san-verification is true: " + ONLY_36]


def test_config_file_top_level_graduated_san_skip_is_never_read():
    text = CONF + "peer-skip-client-san-verification: true\n"
    assert messages(text) == [
        "5:1 ETCD201 peer-skip-client-san-verification has no effect at the top level of etcd's "
        "config file: etcd 3.6 and later read peer-transport-security."
        "skip-client-san-verification (etcd 3.4 and 3.5 have no config-file key for it)"]


def test_config_file_section_san_skip_is_read_from_36_on():
    text = CONF.replace("trusted-ca-file: /pca.crt}",
                        "trusted-ca-file: /pca.crt,\n  skip-client-san-verification: true}")
    assert messages(text) == [
        "5:33 ETCD109 peer-transport-security.skip-client-san-verification is true: etcd 3.6 "
        "and later accept a peer's certificate whatever address it was issued for (etcd 3.4 "
        "and 3.5 ignore this key)"]


def test_config_file_san_skip_false_is_clean():
    assert codes(CONF + "experimental-peer-skip-client-san-verification: false\n") == []


def test_config_file_cipher_suites_string_makes_etcd_exit():
    text = CONF + "cipher-suites: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
    assert messages(text) == [
        "5:16 ETCD203 cipher-suites is a string, not a YAML list: etcd cannot read its config "
        "file and exits (write cipher-suites: [TLS_…, TLS_…])"]
    assert codes(CONF + "log-outputs: stderr\n") == ["5:14 ETCD203"]


def test_config_file_cipher_suites_list_is_judged():
    assert codes(CONF + "cipher-suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n") == []
    # (a YAML list is reported as a whole, at its `[`)
    assert codes(CONF + "cipher-suites: [TLS_RSA_WITH_RC4_128_SHA]\n") == ["5:16 ETCD108"]
    assert codes(CONF + "log-outputs: [stderr]\n") == []


def test_k3s_cipher_suites_comma_separated_is_a_string():
    text = K3S + ('etcd-arg: ["cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,'
                  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"]\n')
    assert messages(text) == [
        "2:27 ETCD203 etcd-arg cipher-suites: k3s writes this value to etcd's config file as a "
        "string, not a list: etcd cannot read its config file and exits (write "
        "cipher-suites=[TLS_…,TLS_…])"]


def test_k3s_cipher_suites_yaml_list_is_judged():
    ok = K3S + 'etcd-arg: ["cipher-suites=[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]"]\n'
    assert codes(ok) == []
    weak = K3S + ("etcd-arg: ['cipher-suites=[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "
                  "TLS_RSA_WITH_RC4_128_SHA]']\n")
    # the list as a whole (k3s re-parses it as YAML): `etcd-arg: ['cipher-suites=` is 26 wide
    assert codes(weak) == ["2:27 ETCD108"]


def test_k3s_booleans_are_true_or_false_only():
    # k3s writes 1 as a number and yes as a string; only true/false (any case) become booleans
    assert codes(K3S + 'etcd-arg: ["enable-pprof=1"]\n') == ["2:26 ETCD203"]
    assert codes(K3S + 'etcd-arg: ["enable-pprof=yes"]\n') == ["2:26 ETCD203"]
    assert codes(K3S + 'etcd-arg: ["enable-pprof=TRUE"]\n') == ["2:26 ETCD111"]
    assert codes(K3S + 'etcd-arg: ["enable-pprof=False"]\n') == []
    assert messages(K3S + 'etcd-arg: ["enable-pprof=1"]\n') == [
        "2:26 ETCD203 etcd-arg enable-pprof=1: k3s writes 1 to etcd's config file as a number, "
        "not a boolean: etcd cannot read its config file and exits (write true or false)"]


def test_k3s_boolean_of_a_key_only_etcd_36_reads():
    assert messages(K3S + 'etcd-arg: ["experimental-peer-skip-client-san-verification=1"]\n') == [
        "2:60 ETCD203 etcd-arg experimental-peer-skip-client-san-verification=1: k3s writes 1 to "
        "etcd's config file as a number, not a boolean: etcd 3.6 cannot read its config file and "
        "exits (3.4, 3.5 and 3.7 ignore the key) (write true or false)"]
    assert messages(K3S + 'etcd-arg: ["enable-pprof="]\n') == [
        "2:26 ETCD203 etcd-arg enable-pprof=: k3s writes an empty list to etcd's config file, not "
        "a boolean: etcd cannot read its config file and exits (write true or false)"]


def test_k3s_cli_output_and_fix(cli, tmp_path):
    text = (K3S + "etcd-arg:\n"
            '  - "experimental-peer-skip-client-san-verification=true"\n'
            '  - "cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n')
    (tmp_path / "config.yaml").write_bytes(text.replace("\n", "\r\n").encode())
    run = cli("config.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "config.yaml:3:53: ETCD109 [*] warning etcd-arg experimental-peer-skip-client-san-"
        "verification is true: " + ONLY_36,
        "config.yaml:4:20: ETCD203 error etcd-arg cipher-suites: k3s writes this value to etcd's "
        "config file as a string, not a list: etcd cannot read its config file and exits "
        "(write cipher-suites=[TLS_…,TLS_…])"]
    cli("--fix", "config.yaml", cwd=tmp_path)
    assert (tmp_path / "config.yaml").read_bytes() == (
        b'cluster-init: true\r\netcd-arg:\r\n'
        b'  - "cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\r\n')


def test_k3s_boolean_types_only_for_booleans_of_the_config_file():
    # a flag etcd's config file has no top-level key for (socket-options holds it): not judged
    assert codes(K3S + 'etcd-arg: ["socket-reuse-port=1"]\n') == []
    # a boolean key some releases read (3.7 dropped the experimental ones)
    assert messages(K3S + 'etcd-arg: ["experimental-initial-corrupt-check=yes"]\n') == [
        "2:48 ETCD203 etcd-arg experimental-initial-corrupt-check=yes: k3s writes yes to etcd's "
        "config file as a string, not a boolean: etcd cannot read its config file and exits "
        "(in the etcd releases that read this key) (write true or false)"]
