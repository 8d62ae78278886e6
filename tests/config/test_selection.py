"""Rule selection as ruff resolves it: the more specific selector wins; ``extend-select`` and
``extend-ignore``; a command-line ``--select`` replaces the configuration's selection."""

import pytest

from etcdlint.config.run import KNOWN_CODES
from etcdlint.config.selection import enabled_codes

POD = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command: [etcd, --client-cert-auth=false, --auto-tls, --enable-pprof,\n"
    "      --cert-file=/c, --key-file=/k, --trusted-ca-file=/ca, --peer-cert-file=/pc,\n"
    "      --peer-key-file=/pk, --peer-client-cert-auth, --peer-trusted-ca-file=/ca,\n"
    "      '--listen-client-urls=https://10.0.0.5:2379', '--listen-peer-urls=https://10.0.0.5:2380']\n"
)
ALL = ["ETCD002", "ETCD003", "ETCD111"]  # what POD has


@pytest.mark.parametrize("select,extend,ignore,expected", [
    (None, [], [], ALL),
    (["ETCD002"], [], ["ETCD0"], ["ETCD002"]),        # more specific select wins
    (["ETCD0"], [], ["ETCD002"], ["ETCD003"]),        # more specific ignore wins
    (["ETCD002"], [], ["ETCD002"], []),               # equally specific: ignore wins
    (["ETCD"], [], ["ETCD00"], ["ETCD111"]),
    (None, ["ETCD002"], ["ETCD0"], ["ETCD002", "ETCD111"]),
    (["ETCD1"], ["ETCD003"], [], ["ETCD003", "ETCD111"]),
    (["ETCD1"], [], ["ETCD111"], []),
])
def test_specificity_table(select, extend, ignore, expected):
    enabled = enabled_codes(KNOWN_CODES, select, extend, ignore)
    assert sorted(c for c in enabled if c in ALL) == expected


def found(run):
    return [line.split(" ")[1] for line in run.out.splitlines() if line.startswith("etcd.yaml:")]


def setup(tmp_path, config=None):
    (tmp_path / "etcd.yaml").write_text(POD)
    if config is not None:
        (tmp_path / ".etcdlint.yaml").write_text(config)


def test_select_a_code_ignore_its_prefix_on_the_command_line(cli, tmp_path):
    setup(tmp_path)
    run = cli("--select", "ETCD002", "--ignore", "ETCD0", "etcd.yaml", cwd=tmp_path)
    assert run.out == ("etcd.yaml:5:40: ETCD002 [*] error [CIS 2.2] --client-cert-auth is "
                       "false: etcd accepts clients without a certificate\n"
                       "Found 1 problem (1 error) in 1 file.\n"
                       "[*] 1 fixable with --fix.\n")
    run = cli("--select", "ETCD0", "--ignore", "ETCD002", "etcd.yaml", cwd=tmp_path)
    assert found(run) == ["ETCD003"]


@pytest.mark.parametrize("config,expected", [
    ("select: [ETCD0]\nignore: [ETCD002]\n", ["ETCD003"]),
    ("ignore: [ETCD0]\nextend-select: [ETCD002]\n", ["ETCD002", "ETCD111"]),
    ("select: [ETCD1]\nextend-select: [ETCD003]\n", ["ETCD003", "ETCD111"]),
    ("extend-ignore: [ETCD1, ETCD003]\n", ["ETCD002"]),
    ("select: [ETCD0]\nextend-ignore: [ETCD00]\nextend-select: [ETCD003]\n", ["ETCD003"]),
])
def test_configuration_keys(cli, tmp_path, config, expected):
    setup(tmp_path, config)
    assert found(cli("etcd.yaml", cwd=tmp_path)) == expected


def test_command_line_select_replaces_the_configurations_selection(cli, tmp_path):
    setup(tmp_path, "select: [ETCD1]\nignore: [ETCD002]\nextend-select: [ETCD003]\n")
    assert found(cli("etcd.yaml", cwd=tmp_path)) == ["ETCD003", "ETCD111"]
    assert found(cli("--select", "ETCD002", "etcd.yaml", cwd=tmp_path)) == ["ETCD002"]
    # a command-line --ignore alone adds to the configuration's selection
    assert found(cli("--ignore", "ETCD003", "etcd.yaml", cwd=tmp_path)) == ["ETCD111"]


def test_per_file_ignores_still_apply(cli, tmp_path):
    setup(tmp_path, "extend-select: [ETCD002]\nper-file-ignores:\n  'etcd.yaml': [ETCD002]\n")
    assert found(cli("etcd.yaml", cwd=tmp_path)) == ["ETCD003", "ETCD111"]


def test_an_unknown_code_in_extend_keys_exits_2(cli, tmp_path):
    setup(tmp_path, "extend-select: [ETCD999]\n")
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == (f"etcdlint: error: {tmp_path / '.etcdlint.yaml'}:1: 'ETCD999' "
                       "matches no rule; 'etcdlint rules' lists the rules\n")
