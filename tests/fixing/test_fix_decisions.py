"""--fix and --diff respect every decision the user made, and keep the file's last line as it was."""

import pytest

from etcdlint.engine import lint as engine
from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.fixing import run as run_module
from etcdlint.fixing.run import fix_bytes

POD = """apiVersion: v1
kind: Pod
metadata:
  name: etcd{annotation}
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.21-0
    command:
    - etcd
    - --listen-client-urls=https://10.0.0.1:2379
    - --advertise-client-urls=https://10.0.0.1:2379
    - --listen-peer-urls=https://10.0.0.1:2380
    - --initial-advertise-peer-urls=https://10.0.0.1:2380
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt{above}
    - --client-cert-auth=false{comment}
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --peer-client-cert-auth=true
    - --auto-tls
"""


def pod(annotation="", above="", comment=""):
    return POD.format(annotation=annotation, above=above, comment=comment)


FIXED_AUTO_TLS_ONLY = "    - --peer-client-cert-auth=true\n"  # the file's new last line
SUMMARY_ONE_FIX = ("No problems found in 1 file (1 etcd configuration).\n"
                   "Fixed 1 problem in 1 file.\n")

# --- 1. suppressed findings are never fixed --------------------------------------------------

SUPPRESSED = {
    "inline comment": (pod(comment="  # etcdlint: disable=ETCD002 -- lab"), ()),
    "comment above": (pod(above="\n    # etcdlint: disable-next-line=ETCD002"), ()),
    "file comment": ("# etcdlint: disable-file=ETCD002\n" + pod(), ()),
    "annotation": (pod(annotation='\n  annotations:\n    etcdlint.io/ignore: "ETCD002 -- lab"'), ()),
    "--ignore": (pod(), ("--ignore", "ETCD002")),
    "--select": (pod(), ("--select", "ETCD003")),
}


@pytest.mark.parametrize("name", sorted(SUPPRESSED))
def test_a_suppressed_finding_is_not_fixed(cli, tmp_path, name):
    text, flags = SUPPRESSED[name]
    target = tmp_path / "etcd.yaml"
    target.write_text(text)
    expected = text.replace("    - --auto-tls\n", "")
    diff = cli("--diff", *flags, "etcd.yaml", cwd=tmp_path)
    assert diff.code == 1
    changed = [line for line in diff.out.splitlines()[2:] if line[:1] in ("+", "-")]
    assert changed == ["-    - --auto-tls"]
    run = cli("--fix", "--show-fixes", *flags, "etcd.yaml", cwd=tmp_path)
    assert target.read_text() == expected
    line = expected.count("\n") + 1  # the removed line was the last one
    assert run.out == (f"etcd.yaml:{line}:7: ETCD003 fixed: remove --auto-tls (it defaults to false)\n"
                       + SUMMARY_ONE_FIX)
    assert run.code == 0  # it fixed everything it reported
    again = cli(*flags, "etcd.yaml", cwd=tmp_path)  # what the fix hook runs next
    assert again.code == 0 and "ETCD301" not in again.out


@pytest.mark.parametrize("config", [
    "ignore: [ETCD002]\n",
    'per-file-ignores:\n  "etcd.yaml": [ETCD002]\n',
])
def test_a_finding_ignored_by_the_configuration_is_not_fixed(cli, tmp_path, config):
    (tmp_path / ".etcdlint.yaml").write_text(config)
    target = tmp_path / "etcd.yaml"
    target.write_text(pod())
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert target.read_text() == pod().replace("    - --auto-tls\n", "")
    assert run.code == 0 and "ETCD301" not in run.out
    assert cli("--diff", "etcd.yaml", cwd=tmp_path).out == ""


def test_a_suppressed_duplicate_fix_offered_by_another_rule_is_not_applied():
    # The same edit offered twice: once by a suppressed finding, once by one that is not.
    text = pod(comment="  # etcdlint: disable=ETCD002")
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert b"--client-cert-auth=false  # etcdlint: disable=ETCD002\n" in outcome.fixed
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD003"]


def test_a_fix_that_would_leave_a_suppression_without_a_purpose_is_refused(cli, tmp_path):
    # With --config-file, etcd reads the file only: ETCD001 (suppressed here) would go away
    # and the suppression would be reported as unused (ETCD301) after the fix.
    text = ("kind: Pod\nspec:\n  containers:\n"
            "  - command: [etcd, --config=/etc/etcd/etcd.conf.yml]  # etcdlint: disable=ETCD001\n")
    (tmp_path / "etcd.yaml").write_text(text)
    run = cli("--fix", "--unsafe-fixes", "--select", "ETCD001,ETCD209,ETCD301", "etcd.yaml",
              cwd=tmp_path)
    assert (tmp_path / "etcd.yaml").read_text() == text
    assert run.err == ("etcdlint: etcd.yaml:4:23: ETCD209 fix not applied: it would leave a"
                       " suppression without a purpose (ETCD301)\n")
    assert "ETCD301" not in run.out


def test_suppressions_checked_part_by_part():
    # the same in every document of a file: refused everywhere at the cost of a few lints
    doc = ("---\nkind: Pod\nspec:\n  containers:\n"
           "  - command: [etcd, --config=/e.yml]  # etcdlint: disable=ETCD001\n")
    text = doc * 30 + "---\nkind: Pod\nspec:\n  containers:\n  - command: [etcd, --config=/e.yml]\n"
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(select=("ETCD001", "ETCD209", "ETCD301")),
                        ("safe", "unsafe"))
    assert outcome.fixed.decode() == doc * 30 + (
        "---\nkind: Pod\nspec:\n  containers:\n  - command: [etcd, --config-file=/e.yml]\n")
    assert len(outcome.refused) == 30


# --- 2. the last line -------------------------------------------------------------------------

HEAD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n"
        "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n")
ONLY_AUTO_TLS = LintOptions(select=("ETCD003",))

LAST_LINE = [
    ("argv item", "    command:\n    - etcd\n    - --client-cert-auth\n    - --auto-tls",
     "    command:\n    - etcd\n    - --client-cert-auth"),
    ("env entry", "    env:\n    - name: ETCD_NAME\n      value: a\n    - name: ETCD_AUTO_TLS\n"
     "      value: 'true'",
     "    env:\n    - name: ETCD_NAME\n      value: a"),
    ("script continuation", "    command:\n    - sh\n    - -c\n    - |\n"
     "      exec etcd --client-cert-auth \\\n        --auto-tls",
     "    command:\n    - sh\n    - -c\n    - |\n      exec etcd --client-cert-auth"),
]


@pytest.mark.parametrize("name, before, after", LAST_LINE, ids=[c[0] for c in LAST_LINE])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
def test_removing_the_last_line_keeps_the_end_of_the_file(name, before, after, newline, final):
    def shaped(body):
        text = (HEAD + body + ("\n" if final else "")).replace("\n", newline)
        return text.encode()
    outcome = fix_bytes("m.yaml", shaped(before), ONLY_AUTO_TLS, ("safe",))
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD003"]
    assert outcome.fixed == shaped(after)


def test_a_removed_continuation_line_takes_the_backslash_before_it():
    # Removing the last word of a continued command must not join the next command to etcd's.
    body = ("    command:\n    - sh\n    - -c\n    - |\n      exec etcd --client-cert-auth \\\n"
            "        --auto-tls\n      echo done\n")
    outcome = fix_bytes("m.yaml", (HEAD + body).encode(), ONLY_AUTO_TLS, ("safe",))
    assert outcome.refused == []
    assert outcome.fixed.decode() == HEAD + (
        "    command:\n    - sh\n    - -c\n    - |\n      exec etcd --client-cert-auth\n"
        "      echo done\n")


# --- 3. duplicate keys ------------------------------------------------------------------------

KUBEADM = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n"
           "    extraArgs:\n")
DUPLICATES = [
    # removing the later auto-tls would bring back the earlier value
    KUBEADM + "      auto-tls: 'true'\n      client-cert-auth: 'true'\n      auto-tls: 'true'\n",
    KUBEADM + "      client-cert-auth: 'false'\n      client-cert-auth: 'false'\n",
    "client-transport-security:\n  auto-tls: 7\n  auto-tls: true\n  client-cert-auth: true\n"
    "  trusted-ca-file: /c\nname: x\n",
    # the duplicated key is the mapping around the setting
    KUBEADM + "      auto-tls: 'false'\n    extraArgs:\n      auto-tls: 'true'\n",
]


@pytest.mark.parametrize("text", DUPLICATES)
def test_a_fix_on_a_duplicated_key_is_not_offered(text):
    found = lint_file("m.yaml", text.encode(), LintOptions()).diagnostics
    assert "ETCD212" in {d.rule for d in found}
    assert [d.rule for d in found if d.fix is not None] == []
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert (outcome.fixed, outcome.applied, outcome.refused) == (text.encode(), [], [])


@pytest.mark.parametrize("text", DUPLICATES)
def test_a_fix_on_a_duplicated_key_is_refused(text, monkeypatch):
    # were it offered all the same, --fix would refuse it
    monkeypatch.setattr(engine, "_without_fixes_on_duplicates", lambda found, text: found)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed == text.encode()
    assert outcome.applied == []
    assert {reason for _, reason, _, _ in outcome.refused} == {
        "its key is given more than once in the same mapping (ETCD212): remove the duplicate"
        " first"}


def test_a_fix_beside_a_duplicated_key_is_applied():
    text = KUBEADM + "      name: a\n      name: a\n      auto-tls: 'true'\n      client-cert-auth: 'true'\n"
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace("      auto-tls: 'true'\n", "")


def test_a_refused_duplicate_is_explained_once_on_the_command_line(cli, tmp_path, monkeypatch):
    (tmp_path / "k.yaml").write_text(DUPLICATES[0])
    run = cli("k.yaml", cwd=tmp_path)  # not offered: ETCD212 says what to do first
    assert run.out.splitlines()[1] == (
        "k.yaml:8:18: ETCD003 error [CIS 2.3] --auto-tls is true: etcd may serve clients with a "
        "self-signed certificate no client can verify")
    assert cli("--fix", "k.yaml", cwd=tmp_path).err == ""
    monkeypatch.setattr(engine, "_without_fixes_on_duplicates", lambda found, text: found)
    run = cli("--fix", "k.yaml", cwd=tmp_path)
    assert run.err == (
        "etcdlint: k.yaml:8:18: ETCD003 fix not applied: its key is given more than once in the"
        " same mapping (ETCD212): remove the duplicate first\n")
    assert (tmp_path / "k.yaml").read_text() == DUPLICATES[0]


# --- 4. refused fixes cost a few lints, not one per fix ---------------------------------------

NEEDS_CERTS = ("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-{i}\nspec:\n"
               "  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
               "    command:\n    - etcd\n    - --auto-tls\n    - --peer-auto-tls\n"
               "    - --listen-client-urls=https://10.0.0.5:2379\n"
               "    - --listen-peer-urls=https://10.0.0.5:2380\n")
CERTS = ("    - --cert-file=/pki/server.crt\n    - --key-file=/pki/server.key\n"
         "    - --peer-cert-file=/pki/peer.crt\n    - --peer-key-file=/pki/peer.key\n")
# Without certificates, removing --auto-tls (--peer-auto-tls) from an https:// listener makes
# etcd refuse to start: both fixes would add ETCD213 and are refused.
WOULD_ADD_213 = {
    "ETCD003": "it would add ETCD213 (--listen-client-urls has https://10.0.0.5:2379, but "
               "--cert-file and --key-file are not set and --auto-tls is off: etcd refuses to "
               "start (TLS key/cert (--cert-file, --key-file) must be provided for client url "
               "https://10.0.0.5:2379 with HTTPS scheme))",
    "ETCD006": "it would add ETCD213 (--listen-peer-urls has https://10.0.0.5:2380, but "
               "--peer-cert-file and --peer-key-file are not set and --peer-auto-tls is off: "
               "etcd refuses to start (cannot listen on TLS for 10.0.0.5:2380: KeyFile and "
               "CertFile are not presented))",
}


def counting_lints(monkeypatch):
    calls = []
    real = run_module.lint_file

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(run_module, "lint_file", counted)
    return calls


@pytest.mark.parametrize("pods", [1, 40])
def test_every_fix_refused_costs_a_few_lints(monkeypatch, pods, unpredicted):
    # Each pod needs certificates: both auto TLS fixes would add ETCD213 and are refused.
    text = "".join(NEEDS_CERTS.format(i=i) for i in range(pods))
    calls = counting_lints(monkeypatch)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed == text.encode()
    assert sorted({(d.rule, reason) for d, reason, _, _ in outcome.refused}) == sorted(
        WOULD_ADD_213.items())
    assert len(outcome.refused) == 2 * pods
    assert len(calls) <= 5


def test_refused_and_accepted_fixes_in_many_documents(monkeypatch, unpredicted):
    # Odd pods have certificates (their fixes pass), even ones do not (refused): few lints
    # all the same.
    docs = [NEEDS_CERTS.format(i=i) + (CERTS if i % 2 else "") for i in range(30)]
    text = "".join(docs)
    calls = counting_lints(monkeypatch)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    expected = "".join(d.replace("    - --auto-tls\n    - --peer-auto-tls\n", "")
                       if i % 2 else d for i, d in enumerate(docs))
    assert outcome.fixed.decode() == expected
    assert len(outcome.refused) == 30 and len(outcome.applied) == 30
    assert len(calls) <= 8
    final = lint_file("m.yaml", outcome.fixed, LintOptions())
    assert [d.rule for d in final.diagnostics if d.fix is not None] == ["ETCD003", "ETCD006"] * 15
    # the run's own final lint knows they were refused: not offered again
    assert [d.rule for d in outcome.final.diagnostics if d.fix is not None] == []


def as_list_items(count):
    """``count`` NEEDS_CERTS pods as the items of one ``kind: List`` (what ``kubectl get -o yaml``
    prints)."""
    out = ["apiVersion: v1\nkind: List\nitems:\n"]
    for i in range(count):
        pod_lines = NEEDS_CERTS.format(i=i).splitlines()[1:]  # without its "---"
        out.append("".join(("- " if n == 0 else "  ") + line + "\n"
                           for n, line in enumerate(pod_lines)))
    return "".join(out)


def test_every_fix_refused_in_a_list_costs_a_few_lints(monkeypatch, unpredicted):
    text = as_list_items(40)
    calls = counting_lints(monkeypatch)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed == text.encode()
    assert len(outcome.refused) == 80
    assert {reason for _, reason, _, _ in outcome.refused} == set(WOULD_ADD_213.values())
    assert len(calls) <= 5


def test_a_fix_in_one_list_item_is_judged_on_its_own(unpredicted):
    text = as_list_items(3).replace(  # the first pod has certificates: its fix passes
        "      - --auto-tls\n",
        "      - --cert-file=/pki/server.crt\n      - --key-file=/pki/server.key\n"
        "      - --auto-tls\n", 1)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(select=("ETCD003", "ETCD213")),
                        ("safe",))
    assert outcome.fixed.decode() == text.replace("      - --auto-tls\n", "", 1)
    assert [(d.rule, line) for d, _, line, _ in outcome.refused] == [("ETCD003", 30),
                                                                    ("ETCD003", 44)]


# --- 12. file names reach the terminal escaped ------------------------------------------------

def test_control_characters_in_file_names_are_escaped(cli, tmp_path):
    name = "e\x1b[31mvil.yaml"
    (tmp_path / name).write_text(pod())
    show = cli("--diff", name, cwd=tmp_path)
    assert "\x1b" not in show.out
    assert show.out.startswith("--- a/e\\x1b[31mvil.yaml\n+++ b/e\\x1b[31mvil.yaml\n")
    run = cli("--fix", "--show-fixes", "--select", "ETCD002,ETCD003", name, cwd=tmp_path)
    assert "\x1b" not in run.out + run.err
    assert run.out.startswith("e\\x1b[31mvil.yaml:18:26: ETCD002 fixed: ")


def test_a_refused_fix_and_a_write_error_escape_the_file_name(cli, tmp_path, unpredicted):
    name = "a\x07b.yaml"
    (tmp_path / name).write_text(NEEDS_CERTS.format(i=0))
    run = cli("--fix", "--select", "ETCD003,ETCD213", name, cwd=tmp_path)
    assert run.err == ("etcdlint: a\\x07b.yaml:12:7: ETCD003 fix not applied: "
                       f"{WOULD_ADD_213['ETCD003']}\n")
    (tmp_path / "real.yaml").write_text(pod())
    (tmp_path / "l\x1b.yaml").symlink_to(tmp_path / "real.yaml")
    run = cli("--fix", "l\x1b.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "etcdlint: error: l\\x1b.yaml: is a symbolic link" in run.err and "\x1b" not in run.err


def test_a_file_name_that_is_not_utf8(cli, tmp_path):
    import os

    raw = os.fsencode(str(tmp_path)) + b"/bad\xff.yaml"
    with open(raw, "wb") as fh:
        fh.write(pod().encode())
    name = os.fsdecode(b"bad\xff.yaml")
    diff = cli("--diff", name, cwd=tmp_path)
    assert diff.code == 1 and diff.out.startswith("--- a/bad\\xff.yaml\n+++ b/bad\\xff.yaml\n")
    run = cli("--fix", "--show-fixes", name, cwd=tmp_path)
    assert run.code == 0
    assert run.out.splitlines()[0] == "bad\\xff.yaml:18:26: ETCD002 fixed: set --client-cert-auth to true"
    with open(raw, "rb") as fh:
        assert b"--client-cert-auth=true" in fh.read()


def test_a_missing_file_name_is_escaped(cli, tmp_path):
    run = cli("--fix", "no\x1b[2Jpe.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "etcdlint: error: no such file or directory: no\\x1b[2Jpe.yaml\n"
