"""``[*]`` and "N fixable with --fix" count only fixes --fix applies: no fix is offered that
the configuration already says --fix would refuse (one that would trade the finding for
ETCD110, be reported again under auto TLS, or stop etcd, ETCD213), and the finding says why;
after a --fix run a refused fix is no longer marked or counted. A refusal names each new
finding and why it is reported; refusals are summed up by reason."""

from etcdlint.fixing.refusals import added_reason
from etcdlint.model import Diagnostic, Span

POD = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command:\n"
    "    - etcd\n"
    "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
    "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
    "    - --client-cert-auth=false\n"
    "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
    "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
    "    - --peer-client-cert-auth\n"
    "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --listen-client-urls=https://10.0.0.5:2379\n"
    "    - --listen-peer-urls=https://10.0.0.5:2380\n"
)
NO_CA = [
    "e.yaml:6:7: ETCD007 warning [CIS 2.7] --trusted-ca-file is not set: etcd has no CA of its "
    "own to check client certificates against",
    "e.yaml:9:26: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts clients "
    "without a certificate; no fix: set --trusted-ca-file first (true without it would trust "
    "the system's public CAs, ETCD110)",
    "Found 2 problems (1 error, 1 warning) in 1 file.",
]
PEER_AUTO = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command:\n"
    "    - etcd\n"
    "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
    "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
    "    - --client-cert-auth=true\n"
    "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --peer-auto-tls\n"
    "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --listen-client-urls=https://10.0.0.5:2379\n"
    "    - --listen-peer-urls=https://10.0.0.5:2380\n"
)
AUTO_FINDINGS = [
    "e.yaml:6:7: ETCD004 error [CIS 2.4] --peer-cert-file is not set: etcd members talk TLS "
    "with the self-signed certificates --peer-auto-tls generates, which they cannot verify",
    "e.yaml:6:7: ETCD004 error [CIS 2.4] --peer-key-file is not set: etcd members talk TLS "
    "with the self-signed certificates --peer-auto-tls generates, which they cannot verify",
    "e.yaml:6:7: ETCD005 error [CIS 2.5] --peer-client-cert-auth is not set (default false): "
    "etcd accepts peers without a certificate; no fix: set --peer-cert-file and --peer-key-file "
    "first (--peer-auto-tls replaces these settings, so true would be reported again, ETCD005)",
    "e.yaml:11:7: ETCD006 error [CIS 2.6] --peer-auto-tls is set: etcd members may use "
    "self-signed certificates they cannot verify; no fix: set --peer-cert-file and "
    "--peer-key-file first (without --peer-auto-tls, etcd would refuse to start: "
    "--listen-peer-urls has https://10.0.0.5:2380, ETCD213)",
    "Found 4 problems (4 errors) in 1 file.",
]


def test_no_fix_is_offered_that_would_add_etcd110(cli, tmp_path):
    (tmp_path / "e.yaml").write_text(POD)
    run = cli("e.yaml", cwd=tmp_path)
    assert (run.code, run.out.splitlines()) == (1, NO_CA)
    run = cli("--fix", "e.yaml", cwd=tmp_path)
    assert (run.code, run.err, run.out.splitlines()) == (
        1, "", NO_CA + ["Fixed 0 problems in 0 files."])
    assert (tmp_path / "e.yaml").read_text() == POD


def test_with_the_ca_the_fix_is_offered_and_applied(cli, tmp_path):
    text = POD.replace("    - --client-cert-auth=false\n", "    - --client-cert-auth=false\n"
                       "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n")
    (tmp_path / "e.yaml").write_text(text)
    assert cli("e.yaml", cwd=tmp_path).out.splitlines() == [
        "e.yaml:9:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    run = cli("--fix", "e.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert (tmp_path / "e.yaml").read_text() == text.replace("auth=false", "auth=true")


def test_fixes_auto_tls_would_undo_are_not_offered_and_the_finding_says_why(cli, tmp_path):
    (tmp_path / "e.yaml").write_text(PEER_AUTO)
    run = cli("e.yaml", cwd=tmp_path)
    assert run.out.splitlines() == AUTO_FINDINGS + [
        "No fixes available with --fix (2 with --fix --unsafe-fixes)."]
    run = cli("--fix", "e.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == AUTO_FINDINGS + [
        "No fixes available with --fix (2 with --fix --unsafe-fixes).",
        "Fixed 0 problems in 0 files."]
    assert (tmp_path / "e.yaml").read_text() == PEER_AUTO
    # the unsafe fixes set the certificate files; the two fixes then follow in the next round
    run = cli("--fix", "--unsafe-fixes", "e.yaml", cwd=tmp_path)
    assert (run.code, run.err, run.out.splitlines()) == (0, "", [
        "No problems found in 1 file (1 etcd configuration).", "Fixed 4 problems in 1 file."])
    assert (tmp_path / "e.yaml").read_text() == PEER_AUTO.replace(
        "    - --peer-auto-tls\n", "") + (
        "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
        "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
        "    - --peer-client-cert-auth=true\n")


def test_a_refused_fix_is_not_marked_after_fix_and_its_reason_names_the_new_finding(
        cli, tmp_path, unpredicted):
    (tmp_path / "e.yaml").write_text(PEER_AUTO)
    run = cli("--fix", "e.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.err.splitlines() == [
        "etcdlint: e.yaml:6:7: ETCD005 fix not applied: it would report ETCD005 again "
        "(--peer-client-cert-auth is true, but --peer-auto-tls replaces etcd's peer TLS settings "
        "with its self-signed certificate, and --peer-client-cert-auth and --peer-trusted-ca-file "
        "with them: etcd accepts peers without a certificate)",
        "etcdlint: e.yaml:11:7: ETCD006 fix not applied: it would add ETCD213 "
        "(--listen-peer-urls has https://10.0.0.5:2380, but --peer-cert-file and --peer-key-file "
        "are not set and --peer-auto-tls is off: etcd refuses to start (cannot listen on TLS for "
        "10.0.0.5:2380: KeyFile and CertFile are not presented))"]
    unmarked = [line.split("; no fix: ")[0] for line in AUTO_FINDINGS]
    assert run.out.splitlines() == unmarked + [
        "No fixes available with --fix (2 with --fix --unsafe-fixes).",
        "Fixed 0 problems in 0 files."]
    assert (tmp_path / "e.yaml").read_text() == PEER_AUTO


def _d(rule, message, start=0):
    return Diagnostic(rule=rule, cis=None, severity="error", message=message, path="m.yaml",
                      span=Span(start, start + 1))


def test_added_reason_words():
    fixed = [_d("ETCD005", "--peer-client-cert-auth is not set")]
    before = fixed + [_d("ETCD110", "old one")]
    after = [_d("ETCD110", "old one"), _d("ETCD110", "new one"), _d("ETCD005", "dropped")]
    assert added_reason(["ETCD110", "ETCD005"], before, after, fixed) == (
        "it would report ETCD005 again (dropped) and add ETCD110 (new one)")
    assert added_reason(["ETCD203"], [], [], fixed) == (
        "it would add ETCD203 (A configuration value of the wrong type, refused at start-up)")


# -- a fix must keep the etcd the text runs ------------------------------------------------

def _write_compose(tmp_path, command):
    text = ("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.21\n"
            f"    command: {command}\n")
    (tmp_path / "compose.yaml").write_text(text)
    return text


def test_a_default_decides_the_value_the_fix_is_at_most_unsafe(cli, tmp_path):
    # the reproduction: the fix removed `--enable-pprof=${P:-true` and left `etcd}`,
    # no etcd was found after it, and the run said "No problems found"
    text = _write_compose(tmp_path, "etcd --enable-pprof=${P:-true} --trusted-ca-file=/ca "
                                    "--client-cert-auth")
    run = cli("--fix", "--select", "ETCD111", "compose.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        "compose.yaml:4:39: ETCD111 warning --enable-pprof is true: /debug/pprof is served on the "
        "client URLs\n"
        "Found 1 problem (1 warning) in 1 file.\n"
        "No fixes available with --fix (1 with --fix --unsafe-fixes).\n"
        "Fixed 0 problems in 0 files.\n")
    assert (tmp_path / "compose.yaml").read_text() == text
    run = cli("--format", "json", "--select", "ETCD111", "compose.yaml", cwd=tmp_path)
    import json

    fix = json.loads(run.out)["diagnostics"][0]["fix"]
    assert (fix["title"], fix["applicability"]) == (
        "remove --enable-pprof (it defaults to false); the value comes from the default of "
        "${P:-true}: the deploying environment decides it", "unsafe")
    # applied, the removal takes the whole word, up to the default's `}`
    run = cli("--fix", "--unsafe-fixes", "--select", "ETCD111", "compose.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert (tmp_path / "compose.yaml").read_text() == text.replace(
        "--enable-pprof=${P:-true} ", "")


def test_editing_a_default_says_the_environment_decides(cli, tmp_path):
    text = _write_compose(tmp_path, "etcd --client-cert-auth=${C:-false} --trusted-ca-file=/ca")
    run = cli("--fix", "--select", "ETCD002", "compose.yaml", cwd=tmp_path)
    assert run.code == 1 and (tmp_path / "compose.yaml").read_text() == text
    run = cli("--fix", "--unsafe-fixes", "--select", "ETCD002", "compose.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert (tmp_path / "compose.yaml").read_text() == text.replace("${C:-false}", "${C:-true}")


def _judged(before_text, after_text, code, after_offset=0):
    from etcdlint.engine.lint import LintOptions, lint_file
    from etcdlint.fixing.verdict import judge

    options = LintOptions()
    before = lint_file("p.yaml", before_text.encode(), options, keep_documents=True)
    after = lint_file("p.yaml", after_text.encode(), options, keep_documents=True)
    applied = [d for d in before.diagnostics if d.rule == code and d.span.start >= after_offset]
    return judge(before_text, after_text, before, after, applied, frozenset(("ETCD003",)))


ONE = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [etcd, --auto-tls]\n"


def test_a_fix_that_loses_the_etcd_configuration_is_refused():
    verdict = _judged(ONE, ONE.replace("[etcd, --auto-tls]", "[etcdx]"), "ETCD003")
    assert verdict.problem is None
    assert verdict.by_part == {
        (0, -1): "the fixed text would run 0 configurations of etcd where it runs 1"}


def test_a_fix_that_changes_the_program_is_refused_in_its_document():
    other = ONE.replace("[etcd, --auto-tls]", "[/usr/bin/etcd, --auto-tls]")
    verdict = _judged(other + "---\n" + ONE, other + "---\n" + ONE.replace(
        "[etcd, --auto-tls]", "[/usr/local/bin/etcd]"), "ETCD003", len(other))
    assert verdict.problem is None
    assert verdict.by_part == {(1, -1): "the fixed text would run '/usr/local/bin/etcd' where "
                                        "it runs 'etcd' (container etcd of Pod (unnamed))"}


# --- a [*] is a promise: what a plain run counts, --fix fixes ------------------------------

PKI = "/etc/kubernetes/pki/etcd"
CERTS = (f"    - --cert-file={PKI}/server.crt\n    - --key-file={PKI}/server.key\n"
         f"    - --trusted-ca-file={PKI}/ca.crt\n")
PEER_CERTS = (f"    - --peer-cert-file={PKI}/peer.crt\n    - --peer-key-file={PKI}/peer.key\n"
              f"    - --peer-trusted-ca-file={PKI}/ca.crt\n")
LISTEN = ("    - --listen-client-urls=https://10.0.0.5:2379\n"
          "    - --listen-peer-urls=https://10.0.0.5:2380\n")


def etcd_pod(lines: str) -> str:
    return "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n" + lines


# Every refusal the configuration predicts, beside fixes that apply: (file, text).
EVERY_REFUSAL = {
    # client (peer) certificate checks without their CA: would add ETCD110
    "ca/client.yaml": etcd_pod(CERTS.replace(f"    - --trusted-ca-file={PKI}/ca.crt\n", "")
                               + PEER_CERTS + "    - --client-cert-auth=false\n"
                               + "    - --peer-client-cert-auth\n" + LISTEN),
    "ca/peer.yaml": etcd_pod(CERTS + "    - --client-cert-auth\n" + PEER_CERTS.replace(
        f"    - --peer-trusted-ca-file={PKI}/ca.crt\n", "")
        + "    - --peer-client-cert-auth=False\n" + LISTEN),
    # auto TLS serving the listeners: certificate checks would be reported again, and
    # removing auto TLS would stop etcd (ETCD213)
    "auto/client.yaml": etcd_pod("    - --auto-tls\n    - --client-cert-auth=false\n"
                                 f"    - --trusted-ca-file={PKI}/ca.crt\n" + PEER_CERTS
                                 + "    - --peer-client-cert-auth\n" + LISTEN),
    "auto/peer.yaml": etcd_pod(CERTS + "    - --client-cert-auth\n    - --peer-auto-tls\n"
                               f"    - --peer-trusted-ca-file={PKI}/ca.crt\n" + LISTEN),
    "auto/metrics.yaml": etcd_pod(
        "    - --auto-tls\n    - --listen-client-urls=http://127.0.0.1:2379\n"
        "    - --listen-metrics-urls=https://127.0.0.1:2381\n" + PEER_CERTS
        + "    - --peer-client-cert-auth\n    - --listen-peer-urls=https://10.0.0.5:2380\n"),
    # the only entry of a mapping: set to false rather than removed (the mapping would be null)
    "kubeadm/cluster.yaml": ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                             "etcd:\n  local:\n    extraArgs:\n      peer-auto-tls: \"true\"\n"),
    # a key given twice: ETCD212 says to remove the duplicate first
    "twice/kubeadm.yaml": ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                           "etcd:\n  local:\n    extraArgs:\n      auto-tls: 'true'\n"
                           "      client-cert-auth: 'true'\n      auto-tls: 'true'\n"),
    # fixes that apply
    "fine/auto.yaml": etcd_pod(CERTS + "    - --auto-tls\n    - --client-cert-auth=0\n"
                               + PEER_CERTS + "    - --peer-client-cert-auth\n" + LISTEN),
    "fine/env.yaml": ("kind: Pod\nspec:\n  containers:\n  - name: etcd\n"
                      "    image: quay.io/coreos/etcd:v3.5.17\n"
                      "    env:\n    - name: ETCD_AUTO_TLS\n      value: 'true'\n"),
}


def write_tree(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def fixable_then_fixed(cli, root):
    """(the plain run's "[*] N fixable" N, --fix's "Fixed N problems" N, --fix's stderr)."""
    plain = cli(".", cwd=root).out.splitlines()
    counted = [line for line in plain if line.startswith("[*] ")]
    promised = int(counted[0].split()[1]) if counted else 0
    run = cli("--fix", ".", cwd=root)
    fixed = [line for line in run.out.splitlines() if line.startswith("Fixed ")]
    return promised, int(fixed[0].split()[1]), run.err


def test_every_marked_fix_is_applied_on_a_tree_with_every_predicted_refusal(cli, tmp_path):
    write_tree(tmp_path, EVERY_REFUSAL)
    assert fixable_then_fixed(cli, tmp_path) == (4, 4, "")
    assert (tmp_path / "kubeadm/cluster.yaml").read_text().endswith(
        "    extraArgs:\n      peer-auto-tls: \"false\"\n")
    assert (tmp_path / "fine/env.yaml").read_text().endswith("      value: 'false'\n")
    for name in ("ca/client.yaml", "ca/peer.yaml", "auto/client.yaml", "auto/peer.yaml",
                 "auto/metrics.yaml", "twice/kubeadm.yaml"):
        assert (tmp_path / name).read_text() == EVERY_REFUSAL[name], name
    assert cli(".", cwd=tmp_path).out.splitlines()[-1] == (  # nothing marked any more
        "No fixes available with --fix (6 with --fix --unsafe-fixes).")


def test_every_marked_fix_is_applied_on_the_examples(cli, tmp_path):
    import shutil
    from conftest import ROOT

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    assert fixable_then_fixed(cli, tmp_path / "examples") == (5, 5, "")


# --- refusals in brief ---------------------------------------------------------------------

NEEDS_CERTS = ("---\nkind: Pod\nmetadata:\n  name: etcd-{i}\nspec:\n  containers:\n"
               "  - name: etcd\n    command:\n    - etcd\n    - --auto-tls\n    - --peer-auto-tls\n"
               "    - --listen-client-urls=https://10.0.0.{i}:2379\n"
               "    - --listen-peer-urls=https://10.0.0.{i}:2380\n")
SUMMARY = [
    "etcdlint: ETCD003 fix not applied 4 times, first at a.yaml:10:7: it would add ETCD213 "
    "(--listen-client-urls has https://10.0.0.0:2379, but --cert-file and --key-file are not "
    "set and --auto-tls is off: etcd refuses to start (TLS key/cert (--cert-file, --key-file) "
    "must be provided for client url https://10.0.0.0:2379 with HTTPS scheme))",
    "etcdlint: ETCD006 fix not applied 4 times, first at a.yaml:11:7: it would add ETCD213 "
    "(--listen-peer-urls has https://10.0.0.0:2380, but --peer-cert-file and --peer-key-file "
    "are not set and --peer-auto-tls is off: etcd refuses to start (cannot listen on TLS for "
    "10.0.0.0:2380: KeyFile and CertFile are not presented))",
    "etcdlint: b.yaml:4:23: ETCD209 fix not applied: it would leave a suppression without a "
    "purpose (ETCD301)",
    "etcdlint: --show-fixes lists each of the 9 fixes not applied",
]


def refusing_tree(root):
    (root / "a.yaml").write_text("".join(NEEDS_CERTS.format(i=i) for i in range(3)))
    (root / "c.yaml").write_text(NEEDS_CERTS.format(i=9))
    (root / "b.yaml").write_text("kind: Pod\nspec:\n  containers:\n"
                                 "  - command: [etcd, --config=/etc/etcd/etcd.conf.yml]"
                                 "  # etcdlint: disable=ETCD001\n")


def test_refusals_are_summed_up_by_rule_and_reason(cli, tmp_path, unpredicted):
    refusing_tree(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run = cli("--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert (run.code, run.err.splitlines()) == (1, SUMMARY)
    assert run.out.splitlines()[-1] == "Fixed 0 problems in 0 files."
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_show_fixes_lists_every_refusal(cli, tmp_path, unpredicted):
    refusing_tree(tmp_path)
    err = cli("--fix", "--unsafe-fixes", "--show-fixes", ".", cwd=tmp_path).err.splitlines()
    assert [line.split(" fix not applied: ")[0] for line in err] == [
        "etcdlint: a.yaml:10:7: ETCD003", "etcdlint: a.yaml:11:7: ETCD006",
        "etcdlint: a.yaml:23:7: ETCD003", "etcdlint: a.yaml:24:7: ETCD006",
        "etcdlint: a.yaml:36:7: ETCD003", "etcdlint: a.yaml:37:7: ETCD006",
        "etcdlint: b.yaml:4:23: ETCD209",
        "etcdlint: c.yaml:10:7: ETCD003", "etcdlint: c.yaml:11:7: ETCD006"]
    assert err[0] == "etcdlint: a.yaml:10:7: ETCD003 fix not applied: " + SUMMARY[0].split(
        "a.yaml:10:7: ")[1]


def test_quiet_fix_prints_the_findings_only(cli, tmp_path, unpredicted):
    refusing_tree(tmp_path)
    run = cli("--fix", "--unsafe-fixes", "-q", ".", cwd=tmp_path)
    plain = cli("--unsafe-fixes", "-q", ".", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out == plain.out.replace(" [*]", "")
    assert all(line.split(": ")[1].startswith("ETCD") for line in run.out.splitlines())


def test_the_peer_fix_withheld_for_a_missing_ca_says_why_in_the_report_and_after_fix(cli,
                                                                                      tmp_path):
    text = etcd_pod(CERTS + "    - --client-cert-auth\n" + PEER_CERTS.replace(
        f"    - --peer-trusted-ca-file={PKI}/ca.crt\n", "")
        + "    - --peer-client-cert-auth=False\n" + LISTEN)
    (tmp_path / "e.yaml").write_text(text)
    line = ("e.yaml:13:31: ETCD005 error [CIS 2.5] --peer-client-cert-auth is False: etcd "
            "accepts peers without a certificate; no fix: set --peer-trusted-ca-file first (true "
            "without it would trust the system's public CAs, ETCD110)")
    run = cli("e.yaml", cwd=tmp_path)
    assert (run.code, run.out.splitlines()) == (1, [line, "Found 1 problem (1 error) in 1 file."])
    run = cli("--fix", "e.yaml", cwd=tmp_path)
    assert (run.code, run.err, run.out.splitlines()) == (
        1, "", [line, "Found 1 problem (1 error) in 1 file.", "Fixed 0 problems in 0 files."])
    assert (tmp_path / "e.yaml").read_text() == text
