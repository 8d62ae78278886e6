"""Dockerfiles whose final stage runs etcd: ENTRYPOINT and CMD in exec and shell form,
ENV in both syntaxes, ARG defaults, an etcd base image's entrypoint, continuations."""

from conftest import codes
from etcdlint.engine.lint import LintOptions
from etcdlint.etcd.dockerfile import read_instructions
from etcdlint.fixing.run import fix_bytes
from etcdlint.text.tokens import exact_token

SECURE = ('"--cert-file=/pki/server.crt", "--key-file=/pki/server.key", '
          '"--client-cert-auth=true", "--trusted-ca-file=/pki/ca.crt", '
          '"--peer-cert-file=/pki/peer.crt", "--peer-key-file=/pki/peer.key", '
          '"--peer-client-cert-auth=true", "--peer-trusted-ca-file=/pki/ca.crt", '
          '"--listen-client-urls=https://0.0.0.0:2379", '
          '"--advertise-client-urls=https://10.0.0.1:2379", '
          '"--listen-peer-urls=https://0.0.0.0:2380"')


def test_instructions_continuations_and_escape_directive():
    text = "# escape=`\nFROM a\nRUN x `\n# c\n\n  y\ncmd [\"etcd\"]\n"
    found = read_instructions(exact_token(text, 0))
    assert [(i.keyword, i.rest.text) for i in found] == [
        ("from", "a"), ("run", "x   y"), ("cmd", '["etcd"]')]


def test_a_secure_dockerfile_is_clean():
    text = f"FROM alpine\nENTRYPOINT [\"/usr/local/bin/etcd\", {SECURE}]\n"
    assert codes(text, "Dockerfile") == []


def test_an_insecure_dockerfile():
    text = ("ARG CA=/pki/ca.crt\n"
            "FROM golang AS build\n"
            "ENTRYPOINT [\"sh\"]\n"
            "FROM quay.io/coreos/etcd:v3.5.21\n"
            "ARG CA\n"
            "ENV ETCD_TRUSTED_CA_FILE=${CA} \\\n"
            "    ETCD_AUTO_TLS=true\n"
            "ENV ETCD_PEER_AUTO_TLS 1\n"
            'ENTRYPOINT ["/usr/local/bin/etcd", "--listen-client-urls=http://0.0.0.0:2379"]\n')
    assert codes(text, "Dockerfile.prod") == [
        "7:19 ETCD003",
        "8:24 ETCD006",
        "9:13 ETCD001", "9:13 ETCD001", "9:13 ETCD002", "9:13 ETCD004", "9:13 ETCD004",
        "9:13 ETCD005", "9:13 ETCD105",
        "9:58 ETCD104",
    ]


def test_flags_only_cmd_on_an_etcd_image_and_shell_form():
    assert codes('FROM registry.k8s.io/etcd:3.5.9-0\nCMD ["--auto-tls", ' + SECURE + "]\n",
                 "etcd.Dockerfile") == ["2:7 ETCD003"]
    text = ("FROM alpine\nSHELL [\"/bin/bash\", \"-c\"]\n"
            "CMD exec etcd --peer-auto-tls " + SECURE.replace('"', "").replace(",", "") + "\n")
    assert codes(text, "Dockerfile") == ["3:15 ETCD006"]


def test_not_etcd():
    assert codes("FROM alpine\nCMD [\"nginx\"]\n# etcd\n", "Dockerfile") == []


def test_fix_a_dockerfile_flag_exact_bytes():
    text = f'FROM alpine\nENTRYPOINT ["/usr/local/bin/etcd", "--auto-tls", {SECURE}]\n'
    outcome = fix_bytes("Dockerfile", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace('"--auto-tls", ', "")


def test_an_arg_default_decides_and_is_not_fixed():
    from etcdlint.engine.lint import lint_file

    text = (f'ARG TLS=true\nFROM alpine\nARG TLS\nENV ETCD_AUTO_TLS=${{TLS}}\n'
            f'CMD ["etcd", {SECURE}]\n')
    found = lint_file("Dockerfile", text.encode(), LintOptions()).diagnostics
    assert [(d.rule, text[d.span.start:d.span.end], d.fix) for d in found] == [
        ("ETCD003", "true", None)]  # (the global ARG's default, which the stage declares)
    assert codes(text.replace("ARG TLS=true", "ARG TLS"), "Dockerfile") == []  # no default
    assert codes(text.replace("ARG TLS\nENV", "ENV"), "Dockerfile") == []  # not declared


def test_a_here_document_is_not_instructions():
    text = ('FROM alpine\nRUN <<EOF\nCMD ["etcd", "--auto-tls"]\nEOF\n'
            'COPY <<-"END" /x\n\tENTRYPOINT ["etcd"]\n\tEND\nCMD ["nginx"]\n')
    found = read_instructions(exact_token(text, 0))
    assert [i.keyword for i in found] == ["from", "run", "copy", "cmd"]
    assert codes(text, "Dockerfile") == []
