"""ConfigMaps that pods of the same file read (``envFrom``, a mounted ``--config-file``), before
or after them: a ConfigMap is kept by name and place, composed again when a pod looks it up,
with every finding where it stands in the file."""

from conftest import lint_peak, messages

ENV = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd-env}\ndata:\n"
       "  ETCD_CLIENT_CERT_AUTH: 'false'\n  ETCD_AUTO_TLS: \"true\"\n")
CONFIG = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-config\ndata:\n"
          "  etcd.yml: |\n    name: etcd-0\n    enable-pprof: true\n"
          "    client-transport-security: {auto-tls: true}\n")
FILLER = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata:\n  a: b\n"
POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd}\nspec:\n  containers:\n"
       "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
       "    command: [etcd, --config-file=/etc/etcd/etcd.yml]\n"
       "    envFrom:\n    - configMapRef: {name: etcd-env}\n"
       "    volumeMounts:\n    - {name: config, mountPath: /etc/etcd}\n"
       "  volumes:\n  - name: config\n    configMap: {name: etcd-config}\n")
ENV_POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd-2}\nspec:\n  containers:\n"
           "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
           "    command: [etcd, --cert-file=/p/s.crt, --key-file=/p/s.key]\n"
           "    envFrom:\n    - configMapRef: {name: etcd-env}\n")

IGNORED = "{} ETCD201 {} has no effect: with --config-file etcd ignores every ETCD_* variable"
CONFIG_FILE = [
    "{L}:5 ETCD004 peer-transport-security.cert-file is not set: etcd members replicate data to "
    "each other without TLS",
    "{L}:5 ETCD004 peer-transport-security.key-file is not set: etcd members replicate data to "
    "each other without TLS",
    "{L}:5 ETCD005 peer-transport-security.client-cert-auth is not set (default false): etcd "
    "accepts peers without a certificate; no fix: set peer-transport-security.trusted-ca-file "
    "first (true without it would trust the system's public CAs, ETCD110)",
    "{L}:5 ETCD104 listen-client-urls is not set: etcd serves clients on its default "
    "http://localhost:2379, without TLS",
    "{L}:5 ETCD105 listen-peer-urls is not set: etcd talks to its peers on its default "
    "http://localhost:2380, without TLS",
    "{M}:19 ETCD111 enable-pprof is true: /debug/pprof is served on the client URLs",
    "{N}:5 ETCD001 client-transport-security.cert-file is not set: etcd serves its clients "
    "without TLS",
    "{N}:5 ETCD001 client-transport-security.key-file is not set: etcd serves its clients "
    "without TLS",
    "{N}:5 ETCD002 client-transport-security.client-cert-auth is not set (default false): etcd "
    "accepts clients without a certificate; no fix: set "
    "client-transport-security.trusted-ca-file first (true without it would trust the "
    "system's public CAs, ETCD110)",
    "{N}:5 ETCD007 client-transport-security.trusted-ca-file is not set: etcd has no CA of its "
    "own to check client certificates against",
    "{N}:43 ETCD003 client-transport-security.auto-tls is true: etcd may serve clients with a "
    "self-signed certificate no client can verify",
]


def config_file_at(line):
    return [m.format(L=line, M=line + 1, N=line + 2) for m in CONFIG_FILE]


def ignored_at(line):
    return [IGNORED.format(f"{line}:3", "ETCD_CLIENT_CERT_AUTH"),
            IGNORED.format(f"{line + 1}:3", "ETCD_AUTO_TLS")]


def joined(*documents):
    return "---\n".join(documents)


def test_a_configmap_before_the_pod_and_one_after_it():
    text = joined(ENV, FILLER, POD, FILLER, CONFIG)
    assert messages(text) == ignored_at(5) + config_file_at(42)


def test_a_configmap_after_the_pod_and_one_before_it():
    text = joined(CONFIG, POD, ENV)
    assert messages(text) == config_file_at(7) + ignored_at(31)


ENV_POD_OWN = [
    "{L}:15 ETCD004 --peer-cert-file is not set: etcd members replicate data to each other "
    "without TLS",
    "{L}:15 ETCD004 --peer-key-file is not set: etcd members replicate data to each other "
    "without TLS",
    "{L}:15 ETCD005 --peer-client-cert-auth is not set (default false): etcd accepts peers "
    "without a certificate; no fix: set --peer-trusted-ca-file first (true without it would "
    "trust the system's public CAs, ETCD110)",
    "{L}:15 ETCD007 --trusted-ca-file is not set: etcd has no CA of its own to check client "
    "certificates against",
    "{L}:15 ETCD104 --listen-client-urls is not set: etcd serves clients on its default "
    "http://localhost:2379, without TLS (--cert-file, --key-file and --client-cert-auth are "
    "ignored on it)",
    "{L}:15 ETCD105 --listen-peer-urls is not set: etcd talks to its peers on its default "
    "http://localhost:2380, without TLS",
]
FROM_ENV = [
    "{L}:27 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate; "
    "no fix: set --trusted-ca-file first (true without it would trust the system's public CAs, "
    "ETCD110)",
    "{M}:19 ETCD003 --auto-tls is true: etcd may serve clients with a self-signed certificate "
    "no client can verify",
]


def env_pod_at(line):
    return [m.format(L=line) for m in ENV_POD_OWN]


def from_env_at(line):
    return [m.format(L=line, M=line + 1) for m in FROM_ENV]


def test_values_read_from_a_configmap_before_the_pod():
    assert messages(joined(ENV, FILLER, ENV_POD)) == from_env_at(5) + env_pod_at(21)


def test_values_read_from_a_configmap_after_the_pod():
    assert messages(joined(ENV_POD, FILLER, ENV)) == env_pod_at(8) + from_env_at(22)


def test_crlf_line_breaks_keep_the_places():
    text = joined(ENV, FILLER, POD, FILLER, CONFIG).replace("\n", "\r\n")
    assert messages(text) == ignored_at(5) + config_file_at(42)


def test_a_configmap_that_starts_on_its_document_marker_line():
    env = ("--- {apiVersion: v1, kind: ConfigMap, metadata: {name: etcd-env}, data: "
           "{ETCD_CLIENT_CERT_AUTH: 'false', ETCD_AUTO_TLS: 'true'}}\n")
    assert messages(joined(POD, CONFIG) + env) == config_file_at(23) + [
        IGNORED.format("26:74", "ETCD_CLIENT_CERT_AUTH"),
        IGNORED.format("26:106", "ETCD_AUTO_TLS")]


def test_a_stream_with_a_directive():
    text = "%YAML 1.2\n---\n" + joined(POD, FILLER, CONFIG, ENV)
    assert messages(text) == config_file_at(31) + ignored_at(39)


def test_a_configmap_read_by_several_pods():
    # (the second pod's configuration is the first's: its findings are the same ones)
    second = POD.replace("{name: etcd}", "{name: etcd-b}")
    assert messages(joined(POD, ENV, second, CONFIG)) == ignored_at(21) + config_file_at(46)


def _configmaps(count):
    entries = "".join(f"  SETTING_{k}: \"value-{k}\"\n" for k in range(10))
    return joined(ENV, *(f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app-{i}}}\n"
                         f"data:\n{entries}" for i in range(count)), ENV_POD)


def test_configmaps_no_pod_reads_are_not_held():
    text = _configmaps(3000).encode()
    result, peak = lint_peak({"many.yaml": text}, {"warm.yaml": _configmaps(3)})
    assert [(d.start.line, d.diagnostic.rule) for d in result.diagnostics[:2]] == [
        (5, "ETCD002"), (6, "ETCD003")]
    # the bytes, their text and the line index take about 3x; every ConfigMap's data held
    # until the end of the file took about 14x
    assert peak < 8 * len(text), peak / len(text)
