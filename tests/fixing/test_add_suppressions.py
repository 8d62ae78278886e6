"""``--add-suppressions REASON``: a directive at each finding, never breaking the YAML; a
plain lint afterwards exits 0, and a second run changes nothing."""

import pytest

PINS = ("--cert-file=/c --key-file=/k --client-cert-auth --trusted-ca-file=/ca "
        "--peer-cert-file=/pc --peer-key-file=/pk --peer-client-cert-auth "
        "--peer-trusted-ca-file=/ca --listen-client-urls=https://10.0.0.5:2379 "
        "--listen-peer-urls=https://10.0.0.5:2380")
FLOW_PINS = ", ".join(f"'{flag}'" for flag in PINS.split())
HEAD = ("kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        "  - name: etcd\n"
        "    image: registry.k8s.io/etcd:3.5.21-0\n")


def block_list(*flags, comment=""):
    items = "".join(f"    - {flag}\n" for flag in PINS.split())
    return HEAD + "    command:\n    - etcd\n" + items + "".join(
        f"    - {flag}{comment}\n" for flag in flags)


def suppress_and_check(cli, tmp_path, text, reason="lab cluster, see RISK-12", name="etcd.yaml"):
    """Add suppressions to ``text``; the lint afterwards is clean, a second run is a no-op."""
    target = tmp_path / name
    target.write_bytes(text.encode())
    first = cli("--add-suppressions", reason, name, cwd=tmp_path)
    after = target.read_bytes()
    lint = cli(name, cwd=tmp_path)
    assert (lint.code, lint.out) == (0, "No problems found in 1 file (1 etcd configuration).\n")
    second = cli("--add-suppressions", reason, name, cwd=tmp_path)
    assert (second.code, second.out) == (0, "Added 0 suppressions to 0 files.\n")
    assert target.read_bytes() == after
    return first, after.decode()


def test_end_of_line_on_block_list_items(cli, tmp_path):
    run, text = suppress_and_check(cli, tmp_path, block_list("--auto-tls", "--enable-pprof"))
    assert (run.code, run.out, run.err) == (0, "Added 2 suppressions to 1 file.\n", "")
    assert text == block_list() + (
        "    - --auto-tls  # etcdlint: disable=ETCD003 -- lab cluster, see RISK-12\n"
        "    - --enable-pprof  # etcdlint: disable=ETCD111 -- lab cluster, see RISK-12\n")


def test_several_codes_on_one_line_and_the_files_own_comment_gap(cli, tmp_path):
    text = (HEAD + "    command: [etcd, --auto-tls, --enable-pprof] # one space\n"
            "    args: [" + FLOW_PINS + "]\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="")
    assert run.out == "Added 1 suppression to 1 file.\n"
    assert fixed == text.replace("--enable-pprof] # one space\n",
                                 "--enable-pprof] # one space  # etcdlint: disable=ETCD003,ETCD111\n")


def test_gap_follows_the_files_end_of_line_comments(cli, tmp_path):
    text = block_list("--enable-pprof").replace("    - etcd\n", "    - etcd # the server\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="x")
    assert fixed.endswith("    - --enable-pprof # etcdlint: disable=ETCD111 -- x\n")


def test_crlf_and_bom_are_kept(cli, tmp_path):
    text = "\ufeff" + block_list("--enable-pprof").replace("\n", "\r\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="x")
    assert fixed == text.replace("    - --enable-pprof\r\n",
                                 "    - --enable-pprof  # etcdlint: disable=ETCD111 -- x\r\n")


def test_inside_a_multi_line_flow_sequence(cli, tmp_path):
    text = (HEAD + "    command: [etcd, --client-cert-auth=false,\n"
            "      " + FLOW_PINS.replace("'--client-cert-auth', ", "") + ",\n"
            "      --cert-file=/c, --key-file=/k]\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="x")
    assert fixed == text.replace("--client-cert-auth=false,\n",
                                 "--client-cert-auth=false,  # etcdlint: disable=ETCD002 -- x\n")


def test_first_line_of_a_multi_line_plain_scalar_gets_the_next_line_form(cli, tmp_path):
    text = (HEAD + "    command:\n    - sh\n    - -c\n"
            "    - exec etcd --auto-tls\n"
            "      " + PINS + "\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="x")
    assert fixed == text.replace("    - exec etcd --auto-tls\n",
                                 "    # etcdlint: disable-next-line=ETCD003 -- x\n"
                                 "    - exec etcd --auto-tls\n")


def test_inside_a_block_scalar_the_file_form_is_used_and_merged_later(cli, tmp_path):
    text = ("# a comment of the file\n" + HEAD + "    command:\n    - sh\n    - -c\n    - |\n"
            "      exec etcd --auto-tls \\\n"
            "        " + PINS + "\n")
    run, fixed = suppress_and_check(cli, tmp_path, text, reason="x")
    assert fixed == "# etcdlint: disable-file=ETCD003 -- x\n" + text
    # a new finding in the script later: its code joins the same directive
    target = tmp_path / "etcd.yaml"
    target.write_text(fixed.replace("--auto-tls \\", "--auto-tls --enable-pprof \\"))
    assert cli("--add-suppressions", "x", "etcd.yaml", cwd=tmp_path).code == 0
    assert target.read_text().splitlines()[0] == "# etcdlint: disable-file=ETCD003,ETCD111 -- x"
    assert cli("etcd.yaml", cwd=tmp_path).code == 0


def test_an_existing_directive_on_the_line_is_extended(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_text(HEAD + "    command: [etcd, --auto-tls, --enable-pprof]"
                      "  # etcdlint: disable=ETCD111 -- old reason\n"
                      "    args: [" + FLOW_PINS + "]\n")
    run = cli("--add-suppressions", "new", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "Added 1 suppression to 1 file.\n")
    assert target.read_text().splitlines()[5] == (
        "    command: [etcd, --auto-tls, --enable-pprof]"
        "  # etcdlint: disable=ETCD111,ETCD003 -- old reason")
    assert cli("etcd.yaml", cwd=tmp_path).code == 0


def test_an_existing_next_line_directive_is_extended(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    target.write_text(HEAD + "    command:\n    - sh\n    - -c\n"
                      "    # etcdlint: disable-next-line=ETCD111 -- old\n"
                      "    - exec etcd --auto-tls --enable-pprof\n"
                      "      " + PINS + "\n")
    run = cli("--add-suppressions", "new", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "Added 1 suppression to 1 file.\n")
    assert "    # etcdlint: disable-next-line=ETCD111,ETCD003 -- old\n" in target.read_text()
    assert cli("etcd.yaml", cwd=tmp_path).code == 0


def test_a_file_that_does_not_parse_is_left_alone(cli, tmp_path):
    target = tmp_path / "broken.yaml"
    target.write_text("etcd: [a, b\n")
    run = cli("--add-suppressions", "x", "broken.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (1, "Added 0 suppressions to 0 files.\n")
    assert run.err == ("etcdlint: broken.yaml:2:1: ETCD000 not suppressed: a file etcdlint "
                       "cannot read or parse takes no suppression\n")
    assert target.read_text() == "etcd: [a, b\n"


@pytest.mark.parametrize("args,message", [
    (["--add-suppressions", "x", "-"], "--add-suppressions needs files (not standard input) "
                                       "and a one-line reason"),
    (["--add-suppressions", "two\nlines", "etcd.yaml"], "--add-suppressions needs files (not "
                                                         "standard input) and a one-line reason"),
    (["--add-suppressions", "x", "--fix", "etcd.yaml"], "--add-suppressions does not go with "
                                                        "--fix or --diff"),
])
def test_refused_invocations_exit_2(cli, tmp_path, args, message):
    (tmp_path / "etcd.yaml").write_text(block_list("--enable-pprof"))
    run = cli(*args, cwd=tmp_path, stdin="")
    assert (run.code, run.out, run.err) == (2, "", f"etcdlint: error: {message}\n")
    assert (tmp_path / "etcd.yaml").read_text() == block_list("--enable-pprof")


OVERLAY_BASE = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n"
                "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
                f"    command: [etcd, {FLOW_PINS.replace('--client-cert-auth', '--client-cert-auth=false')}]\n")
OVERLAY_PATCH = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd}\nspec:\n  containers:\n"
                 "  - name: etcd\n    env: [{name: ETCD_AUTO_TLS, value: \"true\"}]\n")


@pytest.mark.parametrize("names", [("aa-overlay", "base"), ("overlay", "zz-base")])
def test_an_overlay_named_without_its_base(cli, tmp_path, names):
    # whichever file comes first, the base (not named) is never written, nor half the files
    overlay, base = names
    files = {f"{base}/kustomization.yaml": "resources: [pod.yaml]\n",
             f"{base}/pod.yaml": OVERLAY_BASE,
             f"{overlay}/kustomization.yaml": f"resources: [../{base}]\npatches:\n- path: patch.yaml\n",
             f"{overlay}/patch.yaml": OVERLAY_PATCH}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    run = cli("--add-suppressions", "lab", f"{overlay}/", cwd=tmp_path)
    # the base's own ETCD002 is not reported when only the overlay is named: it is the
    # base's (reported, and suppressed, when the base is named)
    assert (run.code, run.out, run.err) == (0, "Added 1 suppression to 1 file.\n", "")
    assert (tmp_path / base / "pod.yaml").read_text() == OVERLAY_BASE
    assert (tmp_path / overlay / "patch.yaml").read_text() == OVERLAY_PATCH.replace(
        '"true"}]\n', '"true"}]  # etcdlint: disable=ETCD003 -- lab\n')


def test_no_file_is_written_when_one_cannot_be(cli, tmp_path, monkeypatch):
    import etcdlint.fixing.add_suppressions as add

    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(block_list("--auto-tls"))
    real = add.plan_file

    def plan(text, findings, reason, *more):  # b.yaml changes after it was read, a.yaml planned
        (tmp_path / "b.yaml").write_text(block_list("--enable-pprof"))
        return real(text, findings, reason, *more)

    monkeypatch.setattr(add, "plan_file", plan)
    run = cli("--add-suppressions", "lab", "a.yaml", "b.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("etcdlint: error: b.yaml: changed since it was read: not written\n"
                       "etcdlint: error: no file was written\n")
    assert (tmp_path / "a.yaml").read_text() == block_list("--auto-tls")
