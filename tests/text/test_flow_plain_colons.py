"""A ``:`` inside a plain scalar of a flow collection (``[etcd, --x=http://a:2379]``) is valid
YAML that kubectl and compose read: such files are linted and fixed like any other, with the
same positions."""

from etcdlint.text import compose as composing
from etcdlint.text.compose import compose_documents

HEAD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n"
MISSING_TLS = [
    "{L}:15: ETCD001 error [CIS 2.1] --cert-file is not set: etcd serves its clients without TLS",
    "{L}:15: ETCD001 error [CIS 2.1] --key-file is not set: etcd serves its clients without TLS",
]
MISSING_PEER = [
    "{L}:15: ETCD004 error [CIS 2.4] --peer-cert-file is not set: etcd members replicate data "
    "to each other without TLS",
    "{L}:15: ETCD004 error [CIS 2.4] --peer-key-file is not set: etcd members replicate data "
    "to each other without TLS",
    "{L}:15: ETCD005 error [CIS 2.5] --peer-client-cert-auth is not set (default false): "
    "etcd accepts peers without a certificate; no fix: set --peer-trusted-ca-file first (true "
    "without it would trust the system's public CAs, ETCD110)",
    "{L}:15: ETCD007 warning [CIS 2.7] --trusted-ca-file is not set: etcd has no CA of its own "
    "to check client certificates against",
    "{L}:15: ETCD105 warning --listen-peer-urls is not set: etcd talks to its peers on its "
    "default http://localhost:2380, without TLS",
]
NO_CLIENT_AUTH = ("{L}:15: ETCD002 error [CIS 2.2] --client-cert-auth is not set (default "
                  "false): etcd accepts clients without a certificate; no fix: set "
                  "--trusted-ca-file first (true without it would trust the system's public "
                  "CAs, ETCD110)")


def _lint(cli, tmp_path, name, text):
    (tmp_path / name).write_text(text)
    return cli(name, cwd=tmp_path)


def _lines(name, line, items):
    return [f"{name}:" + item.format(L=line) for item in items]


def test_flow_list_of_command_flags(cli, tmp_path):
    run = _lint(cli, tmp_path, "pod.yaml", HEAD + "    command: [etcd, "
                "--listen-client-urls=http://0.0.0.0:2379, --client-cert-auth=false]\n")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == _lines("pod.yaml", 8, MISSING_TLS + MISSING_PEER) + [
        "pod.yaml:8:42: ETCD104 error --listen-client-urls has http://0.0.0.0:2379: etcd serves "
        "clients without TLS (--client-cert-auth is ignored on it)",
        "pod.yaml:8:82: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate; no fix: set --trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)",
        "Found 9 problems (7 errors, 2 warnings) in 1 file.",
    ]


def test_flow_mapping_of_an_env_var(cli, tmp_path):
    run = _lint(cli, tmp_path, "env.yaml", HEAD + "    command: [etcd]\n"
                "    env: [{name: ETCD_LISTEN_CLIENT_URLS, value: http://0.0.0.0:2379}]\n")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == _lines(
        "env.yaml", 8, MISSING_TLS + [NO_CLIENT_AUTH] + MISSING_PEER) + [
        "env.yaml:9:50: ETCD104 error --listen-client-urls has http://0.0.0.0:2379: etcd serves "
        "clients without TLS",
        "Found 9 problems (7 errors, 2 warnings) in 1 file.",
    ]


def test_compose_command_list(cli, tmp_path):
    run = _lint(cli, tmp_path, "compose.yaml", "services:\n  etcd:\n"
                "    image: quay.io/coreos/etcd:v3.5.9\n"
                "    command: [etcd, --listen-client-urls, http://0.0.0.0:2379, "
                "--advertise-client-urls, http://etcd:2379]\n")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == _lines(
        "compose.yaml", 4, MISSING_TLS + [NO_CLIENT_AUTH] + MISSING_PEER) + [
        "compose.yaml:4:43: ETCD104 error --listen-client-urls has http://0.0.0.0:2379: etcd "
        "serves clients without TLS",
        "compose.yaml:4:89: ETCD104 error --advertise-client-urls has http://etcd:2379: etcd "
        "serves clients without TLS",
        "Found 10 problems (8 errors, 2 warnings) in 1 file.",
    ]


def test_documents_before_the_colon_are_not_repeated():
    text = "a: 1\n---\nb: [x:y]\n---\nc: {k: v:w}\n"
    docs, failure = compose_documents(text)
    assert failure is None
    assert [(k.value, k.start_mark.line, k.start_mark.column) for d in docs for k, _ in d.value] \
        == [("a", 0, 0), ("b", 2, 0), ("c", 4, 0)]
    assert docs[1].value[0][1].value[0].value == "x:y"
    assert docs[2].value[0][1].value[0][1].value == "v:w"


def test_invalid_yaml_after_such_a_colon_is_still_reported(cli, tmp_path):
    run = _lint(cli, tmp_path, "pod.yaml", HEAD + "    command: [etcd, --x=http://a:1]\n"
                "    args: [\n")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines()[0] == ("pod.yaml:10:1: ETCD000 error invalid YAML: expected the "
                                       "node content, but found '<stream end>' (while parsing a "
                                       "flow node)")


def test_the_pure_composer_keeps_the_nesting_limit():
    docs, failure = compose_documents("kind: Pod\na: [x:y]\nb: " + "[" * 300 + "]" * 300 + "\n")
    assert docs == []
    assert (failure.message, failure.line, failure.column, failure.invalid) == (
        "nesting deeper than 200 levels: this document and those after it are not read",
        2, 202, False)


def test_only_texts_the_c_composer_refuses_are_composed_again(monkeypatch):
    calls = []
    real = composing._compose_all

    def spy(text, pure):
        calls.append(pure)
        return real(text, pure)

    monkeypatch.setattr(composing, "_compose_all", spy)
    assert compose_documents("a: [x, 'y:z']\nb: {c: d}\n")[1] is None
    assert compose_documents("a: [x, y\n")[1] is not None
    assert calls == [False, False]
    assert compose_documents("a: [x, y:z]\n")[1] is None
    assert calls == [False, False, False, True]


LINE = ("    command: [etcd, --listen-client-urls=https://0.0.0.0:2379, --cert-file=/pki/s.crt, "
        "--key-file=/pki/s.key, --trusted-ca-file=/pki/ca.crt, --client-cert-auth={}, "
        "--listen-peer-urls=https://0.0.0.0:2380, --peer-cert-file=/pki/p.crt, "
        "--peer-key-file=/pki/p.key, --peer-trusted-ca-file=/pki/ca.crt, "
        "--peer-client-cert-auth=true]  # keep\r\n")
ENV = "    env: [{name: ETCD_ADVERTISE_CLIENT_URLS, value: https://10.0.0.1:2379}]\r\n"


def test_fix_inside_a_flow_list_with_colons(cli, tmp_path):
    head = HEAD.replace("\n", "\r\n").encode()
    target = tmp_path / "pod.yaml"
    target.write_bytes(head + LINE.format("false").encode() + ENV.encode())
    run = cli("pod.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (1, (
        "pod.yaml:8:161: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate\nFound 1 problem (1 error) in 1 file.\n"
        "[*] 1 fixable with --fix.\n"))
    run = cli("--fix", "pod.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert target.read_bytes() == head + LINE.format("true").encode() + ENV.encode()
    again = cli("--fix", "pod.yaml", cwd=tmp_path)
    assert again.code == 0 and "Fixed 0 problems" in again.out
    assert target.read_bytes() == head + LINE.format("true").encode() + ENV.encode()
