"""--fix: exact text after fixing, for every fixable rule in every source form."""

import os

import pytest

from conftest import TESTS, fix
from etcdlint.engine.lint import LintOptions, lint_file

FIXTURES = TESTS / "fixtures" / "fix"
NAMES = sorted(p.name[:-len(".before.yaml")] for p in FIXTURES.glob("*.before.yaml"))


def before(name):
    return (FIXTURES / f"{name}.before.yaml").read_bytes()


def after(name):
    return (FIXTURES / f"{name}.after.yaml").read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_fixed_text_is_exact(name):
    outcome = fix(before(name))
    assert outcome.fixed.decode() == after(name).decode()


@pytest.mark.parametrize("name", NAMES)
def test_second_fix_changes_nothing_and_nothing_fixable_remains(name):
    again = fix(after(name))
    assert again.fixed == after(name) and again.applied == []
    remaining = lint_file("m.yaml", after(name), LintOptions()).diagnostics
    assert [d.rule for d in remaining if d.fix is not None] == []


def test_every_fixable_rule_is_exercised():
    from etcdlint.rules import RULES
    fixed_rules = set()
    for name in NAMES:
        fixed_rules.update(d.rule for d, _, _ in fix(before(name)).applied)
    assert fixed_rules == {r.code for r in RULES if r.fix != "none"}


def test_safe_only_leaves_certificate_paths_to_the_author():
    outcome = fix(before("block_command"), allowed=("safe",))
    text = outcome.fixed.decode()
    assert "--cert-file" not in text and "--peer-key-file" not in text
    assert "    - --client-cert-auth=true   # was: true\n" in text
    assert sorted({d.rule for d, _, _ in outcome.applied}) == [
        "ETCD002", "ETCD003", "ETCD006", "ETCD109", "ETCD111", "ETCD205"]


def test_crlf_is_kept():
    outcome = fix(before("block_command").replace(b"\n", b"\r\n"))
    assert outcome.fixed == after("block_command").replace(b"\n", b"\r\n")


def test_crlf_config_file_insertions_use_crlf():
    outcome = fix(before("config_file").replace(b"\n", b"\r\n"))
    assert outcome.fixed == after("config_file").replace(b"\n", b"\r\n")


def test_bom_is_kept():
    outcome = fix(b"\xef\xbb\xbf" + before("env_block"))
    assert outcome.fixed == b"\xef\xbb\xbf" + after("env_block")


def test_missing_final_newline_stays_missing():
    outcome = fix(before("kubeadm_map").rstrip(b"\n"))
    assert outcome.fixed == after("kubeadm_map").rstrip(b"\n")


def test_tabs_in_comments_and_values_are_kept():
    text = before("kubeadm_list").replace(b"    extraArgs:\n", b"    extraArgs:\t# \ttabs\n")
    outcome = fix(text)
    assert outcome.fixed == after("kubeadm_list").replace(b"    extraArgs:\n",
                                                          b"    extraArgs:\t# \ttabs\n")


def test_several_etcd_pods_in_one_file():
    text = before("args_list") + b"---\n" + before("block_command")
    outcome = fix(text)
    assert outcome.fixed == after("args_list") + b"---\n" + after("block_command")


def test_no_fix_is_offered_that_would_only_add_etcd110():
    # client-cert-auth without a CA would add ETCD110: ETCD002 and ETCD005 offer no fix
    text = ("kind: Pod\nspec:\n  containers:\n  - command: [etcd, --client-cert-auth=false,"
            " --auto-tls]\n")
    outcome = fix(text, allowed=("safe",))
    assert outcome.fixed.decode() == ("kind: Pod\nspec:\n  containers:\n"
                                      "  - command: [etcd, --client-cert-auth=false]\n")
    assert outcome.refused == []
    assert [(d.rule, d.fix) for d in outcome.final.diagnostics
            if d.rule in ("ETCD002", "ETCD005")] == [("ETCD002", None), ("ETCD005", None)]


def test_a_fix_that_would_add_a_finding_is_refused(unpredicted):
    # removing --auto-tls from an https:// listener without certificates adds ETCD213
    text = ("kind: Pod\nspec:\n  containers:\n  - command: [etcd, --auto-tls,"
            " '--listen-client-urls=https://10.0.0.5:2379']\n")
    outcome = fix(text, allowed=("safe",))
    assert outcome.fixed.decode() == text
    assert [(d.rule, reason) for d, reason, _, _ in outcome.refused] == [
        ("ETCD003", "it would add ETCD213 (--listen-client-urls has https://10.0.0.5:2379, but "
                    "--cert-file and --key-file are not set and --auto-tls is off: etcd refuses "
                    "to start (TLS key/cert (--cert-file, --key-file) must be provided for "
                    "client url https://10.0.0.5:2379 with HTTPS scheme))")]


def test_removal_of_the_only_list_item_falls_back_to_false():
    text = ("kind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.17\n"
            "    env:\n    - name: ETCD_AUTO_TLS\n      value: 'true'\n")
    outcome = fix(text, allowed=("safe",), options=LintOptions(select=("ETCD003",)))
    assert outcome.fixed.decode().endswith("    - name: ETCD_AUTO_TLS\n      value: 'false'\n")


def test_fix_with_a_comment_on_the_item_sets_false_instead_of_removing():
    text = ("kind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n"
            "    - --auto-tls  # for the demo\n")
    outcome = fix(text, options=LintOptions(select=("ETCD003",)))
    assert outcome.fixed.decode().endswith("    - --auto-tls=false  # for the demo\n")


def test_escaped_scalars_are_not_edited():
    # a value written with an escape cannot be edited in place: no fix is offered
    text = ('kind: Pod\nspec:\n  containers:\n  - command: [etcd, "--client-cert-auth=\\x66alse"]\n')
    from conftest import lint_files
    result = lint_files({"m.yaml": text})
    diag = next(d for d in result.diagnostics if d.diagnostic.rule == "ETCD002")
    assert diag.diagnostic.fix is None


# --- the command line ------------------------------------------------------------------------

def test_cli_fix_writes_and_exits_0_when_it_fixed_everything(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    os.chmod(target, 0o640)
    run = cli("--fix", "--show-fixes", "etcd.yaml", cwd=tmp_path)
    assert run.code == 0
    assert target.read_bytes() == after("kubeadm_map")
    assert oct(os.stat(target).st_mode & 0o777) == "0o640"
    assert run.out == (
        "etcd.yaml:6:26: ETCD002 fixed: set --client-cert-auth to true\n"
        "etcd.yaml:7:18: ETCD003 fixed: remove --auto-tls (it defaults to false)\n"
        "No problems found in 1 file (1 etcd configuration).\n"
        "Fixed 2 problems in 1 file.\n")
    again = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert again.code == 0
    assert target.read_bytes() == after("kubeadm_map")


def test_cli_fix_exit_non_zero_on_fix_exits_1_when_a_file_changed(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    run = cli("--fix", "--exit-non-zero-on-fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert target.read_bytes() == after("kubeadm_map")
    assert run.out == ("No problems found in 1 file (1 etcd configuration).\n"
                       "Fixed 2 problems in 1 file.\n")
    again = cli("--fix", "--exit-non-zero-on-fix", "etcd.yaml", cwd=tmp_path)
    assert again.code == 0  # nothing changed, nothing remains


def test_cli_fix_exit_1_when_findings_remain(cli, tmp_path):
    (tmp_path / "etcd.yaml").write_bytes(before("block_command"))
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert "ETCD001" in run.out  # certificate paths are unsafe fixes: still reported


def test_cli_diff_writes_nothing(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    run = cli("--diff", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert target.read_bytes() == before("kubeadm_map")
    assert run.out == (
        "--- a/etcd.yaml\n+++ b/etcd.yaml\n@@ -3,6 +3,5 @@\n etcd:\n   local:\n     extraArgs:\n"
        '-      client-cert-auth: "false"  # why?\n-      auto-tls: "true"\n'
        '+      client-cert-auth: "true"  # why?\n'
        "       listen-metrics-urls: http://127.0.0.1:2381\n")
    clean = cli("--diff", "etcd.yaml", "--select", "ETCD104", cwd=tmp_path)
    assert clean.code == 0 and clean.out == ""


def test_cli_fix_with_output_writes_the_report_to_the_file(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("block_command"))
    run = cli("--fix", "--output", "report.txt", "--select", "ETCD002,ETCD003", "etcd.yaml",
              cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        0, "", "No problems found in 1 file (1 etcd configuration). The text report is in "
               "report.txt.\n")
    assert (tmp_path / "report.txt").read_text() == (
        "No problems found in 1 file (1 etcd configuration).\n"
        "Fixed 2 problems in 1 file.\n")


def test_cli_fix_with_output_keeps_the_plain_runs_formats_and_exit_codes(cli, tmp_path):
    import json

    (tmp_path / "etcd.yaml").write_bytes(before("block_command"))
    run = cli("--fix", "--format", "json", "--output", "report.json", "--select", "ETCD001",
              "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        1, "", "Found 2 problems (2 errors) in 1 file. The json report is in report.json.\n")
    report = json.loads((tmp_path / "report.json").read_text())
    assert [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("ETCD001", 6, 7, "--cert-file is not set: etcd serves its clients without TLS"),
        ("ETCD001", 6, 7, "--key-file is not set: etcd serves its clients without TLS")]
    again = cli("--fix", "--exit-zero", "--format", "json", "--output", "report.json",
                "--select", "ETCD001", "etcd.yaml", cwd=tmp_path)
    assert (again.code, again.out) == (0, "")


def test_cli_fix_with_an_unwritable_output_exits_2(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    run = cli("--fix", "--output", "missing/report.txt", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("etcdlint: error: missing/report.txt: cannot write: ")
    assert target.read_bytes() == after("kubeadm_map")  # the fix itself was written


def test_cli_diff_with_output_writes_the_diff_to_the_file(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    run = cli("--diff", "--output", "fix.diff", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (1, "", "Would fix 2 problems in 1 file.\n")
    assert target.read_bytes() == before("kubeadm_map")
    assert (tmp_path / "fix.diff").read_text() == (
        "--- a/etcd.yaml\n+++ b/etcd.yaml\n@@ -3,6 +3,5 @@\n etcd:\n   local:\n     extraArgs:\n"
        '-      client-cert-auth: "false"  # why?\n-      auto-tls: "true"\n'
        '+      client-cert-auth: "true"  # why?\n'
        "       listen-metrics-urls: http://127.0.0.1:2381\n")


def test_cli_fix_on_stdin_prints_the_fixed_text(cli):
    run = cli("--fix", "-", stdin=before("kubeadm_map").decode())
    assert run.out == after("kubeadm_map").decode()
    assert "Fixed 2 problems in 1 file." in run.err


def test_cli_unsafe_fixes(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("block_command"))
    cli("--fix", "--unsafe-fixes", "etcd.yaml", cwd=tmp_path)
    assert target.read_bytes() == after("block_command")


REFUSED_213 = ("etcdlint: etcd.yaml:4:21: ETCD003 fix not applied: "
               "it would add ETCD213 (--listen-client-urls has https://10.0.0.5:2379, but "
               "--cert-file and --key-file are not set and --auto-tls is off: etcd refuses to "
               "start (TLS key/cert (--cert-file, --key-file) must be provided for client url "
               "https://10.0.0.5:2379 with HTTPS scheme))" + "\n")
AUTO_TLS = ("kind: Pod\nspec:\n  containers:\n"
            "  - command: [etcd, --auto-tls, '--listen-client-urls=https://10.0.0.5:2379']\n")


def test_cli_refused_fix_is_explained(cli, tmp_path, unpredicted):
    (tmp_path / "etcd.yaml").write_text(AUTO_TLS)
    run = cli("--fix", "--select", "ETCD003,ETCD213", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.err == REFUSED_213


def test_cli_refused_fix_position_in_a_utf16_file(cli, tmp_path, unpredicted):
    (tmp_path / "etcd.yaml").write_bytes(b"\xff\xfe" + AUTO_TLS.encode("utf-16-le"))
    run = cli("--fix", "--select", "ETCD003,ETCD213", "etcd.yaml", cwd=tmp_path)
    assert run.err == REFUSED_213


def test_a_refused_fix_is_reported_once_across_rounds(unpredicted):
    # the auto-tls fix moves the refused finding; it is neither retried nor reported again
    text = ("kind: Pod\nspec:\n  containers:\n  - command: [etcd, --peer-auto-tls=true,"
            " --auto-tls, '--listen-client-urls=https://10.0.0.5:2379']\n")
    outcome = fix(text, allowed=("safe",), options=LintOptions(select=("ETCD003", "ETCD006",
                                                                        "ETCD213")))
    assert outcome.fixed.decode() == AUTO_TLS
    assert [(d.rule, reason, line, col) for d, reason, line, col in outcome.refused] == [
        ("ETCD003", REFUSED_213[len("etcdlint: etcd.yaml:4:21: ETCD003 fix not applied: "):-1],
         4, 43)]
    assert [(d.rule, line, col) for d, line, col in outcome.applied] == [("ETCD006", 4, 37)]


@pytest.mark.parametrize("before, after, verdict", [
    ("a: !!str x\nb: [1]\n", "a: x\nb: [1]\n", None),  # the same tag, written or implied
    ("a: !!int 5\n", "a: 5\n", "the fixed text changes more than the fixed settings"),
    ("a: !custom 5\n", "a: !other 5\n", "the fixed text changes more than the fixed settings"),
    ("a: [--auto-tls=true, x]\n", "a: [x]\n", None),  # only the fixed setting went
])
def test_verification_compares_tags_and_values(before, after, verdict):
    from etcdlint.fixing.verify import same_documents

    assert same_documents(before, after, ["auto-tls"]) == verdict


def test_diff_ends_with_what_it_would_fix_and_is_coloured_on_request(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_bytes(before("kubeadm_map"))
    plain = cli("--diff", "etcd.yaml", cwd=tmp_path)
    assert (plain.code, plain.err) == (1, "Would fix 2 problems in 1 file.\n")
    assert "\x1b[" not in plain.out
    coloured = cli("--diff", "--color", "always", "etcd.yaml", cwd=tmp_path)
    assert coloured.out.splitlines()[:4] == [
        "\x1b[1m--- a/etcd.yaml\x1b[0m", "\x1b[1m+++ b/etcd.yaml\x1b[0m",
        "\x1b[36m@@ -3,6 +3,5 @@\x1b[0m", " etcd:"]
    assert '\x1b[31m-      client-cert-auth: "false"  # why?\x1b[0m' in coloured.out.splitlines()
    assert '\x1b[32m+      client-cert-auth: "true"  # why?\x1b[0m' in coloured.out.splitlines()
    # without the colour codes, the same diff
    import re
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.out) == plain.out
    quiet = cli("--diff", "-q", "etcd.yaml", cwd=tmp_path)
    assert (quiet.out, quiet.err) == (plain.out, "")
    target.write_bytes(after("kubeadm_map"))
    clean = cli("--diff", "etcd.yaml", cwd=tmp_path)
    assert (clean.code, clean.out, clean.err) == (0, "", "No fix would be applied.\n")


def test_show_fixes_without_fix_or_diff_is_refused(cli, tmp_path):
    (tmp_path / "etcd.yaml").write_bytes(before("kubeadm_map"))
    run = cli("--show-fixes", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("etcdlint: error: --show-fixes goes with --fix or --diff (it lists the "
                       "fixes they apply and refuse); without them, [*] marks what --fix would "
                       "fix and --format full prints each finding's fix as its help line\n")
