"""Broken and hostile input: a clear diagnostic or a clean skip, never a traceback."""

import json
import os
import sys

import pytest

from conftest import MINIMAL_POD as POD, codes, lint_files, messages


@pytest.mark.parametrize("text,expected", [
    ("etcd: [a, b\n", "2:1 ETCD000 invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ("etcd:\n\t- a\n", "2:1 ETCD000 invalid YAML: found character that cannot start any token (while scanning for the next token)"),
    ("etcd: 'unterminated\n", "2:1 ETCD000 invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
    ("etcd: *nope\n", "1:7 ETCD000 invalid YAML: found undefined alias"),
    ("etcd: a\n b: c\n", "2:3 ETCD000 invalid YAML: mapping values are not allowed in this context"),
])
def test_invalid_yaml(text, expected):
    assert messages(text) == [expected]


def test_invalid_yaml_keeps_the_documents_before_it():
    found = codes(POD + "---\netcd: [\n")
    assert found == ["6:7 ETCD001", "6:7 ETCD001", "6:7 ETCD004", "6:7 ETCD004", "6:7 ETCD005",
                     "6:7 ETCD007", "6:7 ETCD104", "6:7 ETCD105", "7:26 ETCD002", "10:1 ETCD000"]


@pytest.mark.parametrize("text", ["", "\n\n", "---\n---\n", "# only a comment about etcd\n",
                                  "- etcd\n- list\n", "etcd\n", "42\n", "~\n", "--- !!binary etcd\n"])
def test_empty_and_non_mapping_documents(text):
    result = lint_files({"x.yaml": text})
    assert [d.diagnostic.rule for d in result.diagnostics] in ([], ["ETCD000"])
    assert result.configurations == 0


def test_utf8_bom_and_utf16():
    assert codes(b"\xef\xbb\xbf" + POD.encode())[-1] == "7:26 ETCD002"
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        assert codes(bom + POD.encode(enc))[-1] == "7:26 ETCD002"


def test_invalid_utf8_and_binary():
    assert messages(b"etcd: \xc3\x28\n") == ["1:1 ETCD000 invalid UTF-8 at byte 6"]
    assert messages(b"command: [etcd]\x00\x01\x02binary") == [
        "1:1 ETCD000 binary content (NUL byte): not a YAML text file"]
    # UTF-16 without a BOM is recognised the way YAML says (a NUL beside the first character)
    assert codes(POD.encode("utf-16-le"))[-1] == "7:26 ETCD002"
    assert codes(POD.encode("utf-16-be"))[-1] == "7:26 ETCD002"


def test_binary_without_etcd_is_skipped_cleanly():
    assert lint_files({"a.yaml": b"\x00\x01\x02\xff"}).diagnostics == []


def test_files_that_merely_mention_etcd_are_not_parsed():
    # the pre-filter: "etcd" in a value, but none of the structures etcd settings live in
    broken = "kind: ConfigMap\ndata:\n  backend: etcd\n  wait: [until nc -z etcd 2379\n"
    assert lint_files({"a.yaml": broken}).diagnostics == []
    from etcdlint.engine.lint import LintOptions
    unfiltered = lint_files({"a.yaml": broken}, LintOptions(prefilter=False))
    assert [d.diagnostic.rule for d in unfiltered.diagnostics] == ["ETCD000"]


def test_very_long_line():
    text = POD.replace("- etcd\n", "- etcd\n    - --name=" + "x" * 200_000 + "\n")
    assert codes(text)[-1] == "8:26 ETCD002"


def test_size_limit(cli, tmp_path):
    content = POD + "# etcd " + "x" * 2000 + "\n"
    (tmp_path / "big.yaml").write_text(content)
    (tmp_path / ".etcdlint.yaml").write_text("max-file-size: 1000\n")
    run = cli("big.yaml", cwd=tmp_path)
    why = (f"file is {len(content):,} bytes, over max-file-size (1,000 bytes): skipped (raise "
           "it with the max-file-size key or --max-file-size)")
    assert run.out.splitlines()[0] == f"big.yaml:1:1: ETCD000 error {why}"
    fixing = cli("--fix", "big.yaml", cwd=tmp_path)
    assert fixing.code == 2
    assert fixing.err == f"etcdlint: error: big.yaml: {why}\n"
    assert (tmp_path / "big.yaml").read_text() == content
    # the command line's limit replaces the configuration's
    raised = cli("--max-file-size", "3000", "--select", "ETCD000,ETCD002", "big.yaml",
                 cwd=tmp_path)
    assert raised.out == ("big.yaml:7:26: ETCD002 error [CIS 2.2] --client-cert-auth is false: "
                          "etcd accepts clients without a certificate; no fix: set "
                          "--trusted-ca-file first (true without it would trust the system's "
                          "public CAs, ETCD110)\n"
                          "Found 1 problem (1 error) in 1 file.\n")
    lowered = cli("--max-file-size=10", "big.yaml", cwd=tmp_path)
    assert lowered.out.splitlines()[0] == (
        f"big.yaml:1:1: ETCD000 error file is {len(content):,} bytes, over max-file-size "
        "(10 bytes): skipped (raise it with the max-file-size key or --max-file-size)")
    for bad in ("0", "x"):
        with pytest.raises(SystemExit) as exit:
            cli("--max-file-size", bad, "big.yaml", cwd=tmp_path)
        assert exit.value.code == 2


def test_deep_nesting_is_refused_not_crashed():
    # level 201 is the 200th bracket, after the 6 columns of `etcd: `
    assert messages("etcd: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        "1:206 ETCD000 nesting deeper than 200 levels: this document and those after it are "
        "not read"]
    deep_blocks = "etcd:\n" + "".join(" " * i + "a:\n" for i in range(1, 2500))
    assert codes(deep_blocks) == ["200:200 ETCD000"]


def test_directives_in_text_read_by_the_pure_parser():
    # Text that could nest deeply (here a line indented by 600 spaces) goes to ruamel.yaml's
    # pure parser, which needs its own place to record %YAML and %TAG directives.
    deep = "|\n" + " " * 600 + "text"
    assert codes(f"%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n{POD}x: !e!y {deep}\n") == \
        ["9:7 ETCD001", "9:7 ETCD001", "9:7 ETCD004", "9:7 ETCD004", "9:7 ETCD005",
         "9:7 ETCD007", "9:7 ETCD104", "9:7 ETCD105", "10:26 ETCD002"]


def test_alias_bomb_is_linear():
    lines = ["kind: Pod", 'a0: &a0 ["etcd"]']
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines.append("spec:\n  containers:\n  - command: *a29")
    result = lint_files({"bomb.yaml": "\n".join(lines) + "\n"})  # finishes: nothing is expanded
    assert result.configurations == 0
    # go-yaml (kubectl) refuses it: past 1,000 nodes decoded, over 99% from aliases (a5)
    assert codes("\n".join(lines) + "\n") == ["6:5 ETCD000"]


def test_merge_key_bomb_is_linear():
    lines = ['kind: Pod', 'm0: &m0 {command: [etcd, --auto-tls]}']
    for i in range(1, 40):
        lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 9)}]}}")
    lines.append("spec:\n  containers:\n  - <<: *m39\n    name: etcd")
    # counted as go-yaml decodes merges: every merged alias in full; the sequence of m3's
    # merge key is where aliases pass 99% of what was decoded
    assert codes("\n".join(lines) + "\n") == ["5:14 ETCD000"]


def test_anchors_and_merge_keys_in_pod_specs():
    text = ("x-etcd: &etcd\n  image: registry.k8s.io/etcd:3.5.21-0\n"
            "  command: [etcd, --client-cert-auth=false]\n"
            "kind: Pod\nspec:\n  containers:\n  - <<: *etcd\n    name: etcd\n")
    assert codes(text)[-1] == "3:38 ETCD002"


def test_nested_collections_in_argv_are_not_a_container():
    text = "kind: Pod\nspec:\n  containers:\n  - command: [etcd, {a: b}, [c]]\n"
    assert lint_files({"m.yaml": text}).configurations == 0


def test_helm_rendered_stream():
    text = ("---\n# Source: etcd/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\n"
            "metadata: {name: etcd}\ndata: {x: y}\n---\n# Source: etcd/templates/statefulset.yaml\n"
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n"
            "      containers:\n      - command: [etcd, --auto-tls]\n")
    assert "15:25 ETCD003" in codes(text)


def test_symlinks_and_loops(cli, tmp_path):
    (tmp_path / "real.yaml").write_text(POD)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a directory loop: not followed
    run = cli(".", cwd=tmp_path)
    assert run.code == 1
    lines = run.out.splitlines()
    # a link to a file the walk reads anyway is read once, under the file's own name
    assert [line.split(":")[0] for line in lines if "ETCD002" in line] == ["real.yaml"]
    # in a tree, links that lead nowhere (dangling, loops) are skipped; directory links are
    # not followed
    assert not any(line.startswith(("dangling.yaml", "loop.yaml", "sub/")) for line in lines)
    warning = ("etcdlint: warning: {}: a symbolic link that leads to no file (dangling, or a "
               "loop): skipped\n")
    assert run.err == warning.format("dangling.yaml") + warning.format("loop.yaml")
    # named, they are skipped the same way (they were an ETCD000 finding)
    for name in ("dangling.yaml", "loop.yaml"):
        named = cli(name, cwd=tmp_path)
        assert (named.code, named.out) == (
            0, "No problems found in 0 files (0 etcd configurations).\n")
        assert named.err == (warning.format(name)
                             + f"etcdlint: warning: no file to lint found in {name}\n")


def test_unreadable_file_and_directory(cli, tmp_path, monkeypatch):
    (tmp_path / "ok.yaml").write_text(POD)
    (tmp_path / "secret.yaml").write_text(POD)
    (tmp_path / "locked").mkdir()
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def fake_scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    run = cli(".", cwd=tmp_path)
    lines = run.out.splitlines()
    assert "locked:1:1: ETCD000 error cannot read: Permission denied" in lines
    assert "secret.yaml:1:1: ETCD000 error cannot read: Permission denied" in lines
    assert any(line.startswith("ok.yaml:7:26: ETCD002") for line in lines)
    assert run.code == 1
    fixing = cli("--fix", "secret.yaml", cwd=tmp_path)
    assert fixing.code == 2
    assert fixing.err == "etcdlint: error: secret.yaml: cannot read: Permission denied\n"


def test_internal_error_in_a_rule_is_reported_and_the_run_goes_on(cli, tmp_path, monkeypatch):
    from etcdlint.records import replace
    import etcdlint.rules as registry
    from etcdlint.rules import etcd003_auto_tls

    def boom(config, options):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(etcd003_auto_tls, "RULE", replace(etcd003_auto_tls.RULE, check=boom))
    monkeypatch.setattr(registry, "_CHECKS", {})  # (the lists of checks made so far)
    (tmp_path / "a.yaml").write_text(POD)
    run = cli("a.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "etcdlint: a.yaml: internal error in ETCD003: RuntimeError: kaboom\n"
    assert "a.yaml:7:26: ETCD002" in run.out


def test_internal_error_in_a_cross_file_rule_is_reported_and_the_run_goes_on(cli, tmp_path,
                                                                            monkeypatch):
    from etcdlint.records import replace
    from etcdlint.rules import etcd007_unique_ca

    def boom(run, options):
        yield from ()
        raise RuntimeError("kaboom")

    monkeypatch.setattr(etcd007_unique_ca, "RULE", replace(etcd007_unique_ca.RULE,
                                                           check_run=boom))
    (tmp_path / "a.yaml").write_text(POD)
    run = cli("a.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "etcdlint: internal error in ETCD007: RuntimeError: kaboom\n"
    assert "a.yaml:7:26: ETCD002" in run.out


def test_internal_error_in_a_file_is_reported_and_other_files_linted(cli, tmp_path, monkeypatch):
    import etcdlint.engine.lint as engine
    real = engine.read_documents

    def flaky(path, text, *args):
        if path == "a.yaml":
            raise ValueError("bad day")
        return real(path, text, *args)

    monkeypatch.setattr(engine, "read_documents", flaky)
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / "b.yaml").write_text(POD)
    run = cli(".", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "etcdlint: a.yaml: internal error: ValueError: bad day\n"
    assert run.out.startswith("b.yaml:")


# --- output safety ---------------------------------------------------------------------------

ANSI = POD.replace("--client-cert-auth=false", '"--client-cert-auth=\\e[2J\\e]0;pwned\\a\\u202e"')


def test_text_and_github_output_escape_terminal_controls(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(ANSI)
    for fmt in ("text", "github"):
        out = cli("--format", fmt, "a.yaml", cwd=tmp_path).out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b[2J" in out


def test_json_and_sarif_stay_valid_for_any_input(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(ANSI)
    json.loads(cli("--format", "json", "a.yaml", cwd=tmp_path).out)
    json.loads(cli("--format", "sarif", "a.yaml", cwd=tmp_path).out)


@pytest.mark.skipif(sys.platform == "darwin", reason="file names must be valid UTF-8 there")
def test_undecodable_file_name(cli, tmp_path):
    name = os.fsdecode(b"etcd-\xff.yaml")
    (tmp_path / name).write_text(POD)
    text = cli(".", cwd=tmp_path).out
    assert "etcd-\\xff.yaml:7:26: ETCD002" in text
    report = json.loads(cli("--format", "json", ".", cwd=tmp_path).out)
    assert report["diagnostics"][-1]["path"] == "etcd-\\xff.yaml"
    sarif = json.loads(cli("--format", "sarif", ".", cwd=tmp_path).out)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "etcd-%FF.yaml"


def test_a_named_pipe_is_read_to_its_end(cli, tmp_path):
    # `etcdlint <(helm template ...)`: the writer sends the manifest in pieces.
    import threading
    import time

    fifo = tmp_path / "rendered.yaml"
    os.mkfifo(fifo)
    text = POD + "    - --auto-tls\n"

    def write():
        with open(fifo, "w") as fh:
            for i in range(0, len(text), 20):
                fh.write(text[i:i + 20])
                fh.flush()
                time.sleep(0.01)

    writer = threading.Thread(target=write)
    writer.start()
    run = cli(str(fifo))
    writer.join()
    assert run.code == 1
    lines = run.out.splitlines()
    assert f"{fifo}:7:26: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts clients " \
        "without a certificate; no fix: set --trusted-ca-file first (true without it would " \
        "trust the system's public CAs, ETCD110)" in lines
    assert f"{fifo}:8:7: ETCD003 [*] error [CIS 2.3] --auto-tls is set: etcd may serve clients with a " \
        "self-signed certificate no client can verify" in lines
