"""``etcd --version`` and ``etcd --help`` print and exit: such a command line is no server."""

import pytest

from conftest import codes

CRONJOB = (
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: etcd-check}\n"
    "spec:\n"
    "  schedule: '0 * * * *'\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        spec:\n"
    "          initContainers:\n"
    "          - name: version\n"
    "            image: registry.k8s.io/etcd:3.5.21-0\n"
    "            command: {command}\n"
    "          containers:\n"
    "          - name: main\n"
    "            image: busybox\n"
    "            command: [sleep, '10']\n"
)


@pytest.mark.parametrize("command", [
    '["etcd", "--version"]',
    '["etcd", "-version"]',
    '["etcd", "--version=true"]',
    '["etcd", "--version=1"]',
    '["etcd", "--help"]',
    '["etcd", "-h"]',
    '["etcd", "--help=true"]',
    '["etcd", "--help=false"]',  # Go's flag package answers any -help with its usage
    '["/usr/local/bin/etcd", "--name=x", "--version"]',
    '["etcd", "-h", "--no-such-flag"]',  # Go stops at -h before the unknown flag
    '["sh", "-c", "etcd --help | head -1; sleep 10"]',
    '["sh", "-c", "exec etcd --version"]',
])
def test_version_and_help_are_not_servers(command):
    assert codes(CRONJOB.replace("{command}", command)) == []


SERVER = ["13:23 ETCD001", "13:23 ETCD001", "13:23 ETCD002", "13:23 ETCD004", "13:23 ETCD004",
          "13:23 ETCD005", "13:23 ETCD007", "13:23 ETCD104", "13:23 ETCD105"]


@pytest.mark.parametrize("command,expected", [
    # --version=false runs the server: judged as one (no TLS at all)
    ('["etcd", "--version=false"]', SERVER),
    # the last --version wins
    ('["etcd", "--version", "--version=false"]', SERVER + ["13:31 ETCD207"]),
    # a stray word: etcd refuses to start before it looks at --version
    ('["etcd", "--version", "now"]', SERVER + ["13:44 ETCD206"]),
    # an unknown flag before -h: Go's flag package fails on it first
    ('["etcd", "--no-such-flag=1", "-h"]', SERVER + ["13:34 ETCD204"]),
    # a value etcdlint cannot know is not guessed to be true
    ('["sh", "-c", "etcd --version=$PRINT"]', [c.replace("13:23", "13:36") for c in SERVER]),
])
def test_what_still_is_judged(command, expected):
    assert codes(CRONJOB.replace("{command}", command)) == expected


def test_entrypoint_flags_and_compose():
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: v}\nspec:\n  containers:\n"
           "  - name: v\n    image: quay.io/coreos/etcd:v2.3.8\n    args: [--version]\n")
    assert codes(pod) == []
    compose = ("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.9\n"
               "    command: etcd --version\n")
    assert codes(compose, path="compose.yaml") == []
    compose_server = compose.replace("--version", "--version=false")
    assert codes(compose_server, path="compose.yaml") != []


def test_cli_exit_code_and_output(cli, tmp_path):
    (tmp_path / "cronjob.yaml").write_text(CRONJOB.replace("{command}", '["etcd", "--version"]'))
    run = cli("cronjob.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "No problems found in 1 file (0 etcd configurations).\n")
