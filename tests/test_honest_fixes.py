"""``[*]`` and "N fixable with --fix" count only fixes --fix may apply: no fix is offered
that would only trade the finding for ETCD110, and after a --fix run a refused fix is no
longer marked or counted. A refusal names each new finding and why it is reported."""

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
    "without a certificate",
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
    "e.yaml:6:7: ETCD005{} error [CIS 2.5] --peer-client-cert-auth is not set (default false): "
    "etcd accepts peers without a certificate",
    "e.yaml:11:7: ETCD006{} error [CIS 2.6] --peer-auto-tls is set: etcd members may use "
    "self-signed certificates they cannot verify",
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


def test_a_refused_fix_is_not_marked_after_fix_and_its_reason_names_the_new_finding(cli,
                                                                                     tmp_path):
    (tmp_path / "e.yaml").write_text(PEER_AUTO)
    run = cli("e.yaml", cwd=tmp_path)  # (a plain lint cannot know these two are refused)
    assert run.out.splitlines() == [line.format(" [*]") for line in AUTO_FINDINGS] + [
        "[*] 2 fixable with --fix (2 more with --fix --unsafe-fixes)."]
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
    assert run.out.splitlines() == [line.format("") for line in AUTO_FINDINGS] + [
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
