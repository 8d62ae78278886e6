"""A configuration etcdlint cannot use: exit 2 and one line naming the file, the line and what
is wrong, quickly, whatever the file holds."""

import time

import pytest

POD = "kind: Pod\nspec:\n  containers:\n  - command: [etcd]\n"

# The "billion laughs": 354 bytes whose aliases name 9 ** 9 strings, under a key the schema
# knows (its error message alone would spell them all out).
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")) \
    + "exclude: *i\n"


def _run(cli, tmp_path, name, content):
    (tmp_path / "etcd.yaml").write_text(POD)
    target = tmp_path / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    start = time.perf_counter()
    run = cli("etcd.yaml", cwd=tmp_path)
    return run, time.perf_counter() - start, str(target)


def test_an_alias_bomb_is_refused_at_once(cli, tmp_path):
    assert len(BOMB) == 354
    run, seconds, path = _run(cli, tmp_path, ".etcdlint.yaml", BOMB)
    assert (run.code, run.out) == (2, "")
    # a..d expand to 10 + 91 + 820 + 7,381 values; e's 66,430 pass the 10,000
    assert run.err == f"etcdlint: error: {path}:5: aliases expand to more than 10000 values\n"
    assert seconds < 2


TOOL = "[project]\nname = 'x'\n\n[tool.etcdlint]\n"


@pytest.mark.parametrize("name,content,line,message", [
    (".etcdlint.yaml", 'exclude: ["\\\\"]\n', 1,
     "exclude/0: '\\\\' is not a gitignore-style pattern (Invalid git pattern: '\\\\')"),
    ("pyproject.toml", TOOL + 'exclude = ["a/", "\\\\"]\n', 5,
     "exclude/1: '\\\\' is not a gitignore-style pattern (Invalid git pattern: '\\\\')"),
    (".etcdlint.yaml", "per-file-ignores:\n  'lab/\\': [ETCD002]\n", 2,
     "per-file-ignores: 'lab/\\\\' is not a gitignore-style pattern (Invalid git pattern: "
     "'lab/\\\\')"),
    (".etcdlint.yaml", "exclude: " + "[" * 5000 + "]" * 5000 + "\n", 1,
     "nesting deeper than 200 levels"),
    (".etcdlint.yaml", "exclude:\n" + "".join(" " * i + "- \n" for i in range(1, 3000)), 201,
     "nesting deeper than 200 levels"),
    ("pyproject.toml", TOOL + "exclude = " + "[" * 5000 + "]" * 5000 + "\n", 5,
     "nesting deeper than 200 levels"),
    ("pyproject.toml", TOOL + "select = [\"ETCD1\",\n", 5, "not valid TOML: Invalid value"),
    ("pyproject.toml", TOOL + "select = 'ETCD1\n", 5, "not valid TOML: Expected \"'\""),
    ("pyproject.toml", TOOL + 'select = "ETCD1\n', 5,
     "not valid TOML: Illegal character '\\n' (column 16)"),
    ("pyproject.toml", b"[tool.etcdlint]\nselect = ['\xff']\n", 2,
     "not valid UTF-8 (byte 27)"),
    (".etcdlint.yaml", "select: [ETCD1]\nignore: []\nselect: [ETCD0]\n", 3,
     "key 'select' appears twice in this mapping (first on line 1)"),
    (".etcdlint.yaml", "select: [ETCD1]\n---\nignore: [ETCD2]\n", 3,
     "a second YAML document: a configuration is one document"),
    (".etcdlint.yaml", "max-file-size: !!int ten\n", 1, "'ten' is not a YAML int"),
    (".etcdlint.yaml", "exclude: [!regex 'a.*']\n", 1,
     "the tag '!regex' has no meaning in a configuration"),
    (".etcdlint.yaml", "- ETCD1\n", 1, "the configuration must be a mapping"),
    (".etcdlint.yaml", b"ignore: [ETCD1]\nselect: ['\xc3(']\n", 2, "not valid UTF-8 (byte 26)"),
])
def test_configuration_errors(cli, tmp_path, name, content, line, message):
    run, seconds, path = _run(cli, tmp_path, name, content)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"etcdlint: error: {path}:{line}: {message}\n"
    assert seconds < 5


def test_yaml_types_anchors_and_merges_still_read(cli, tmp_path):
    run, _, _ = _run(cli, tmp_path, ".etcdlint.yaml",
                     "select: &codes [ETCD104]\nmax-file-size: 0x100000\n"
                     "exempt-single-member: True\nper-file-ignores:\n  'other/*': *codes\n")
    assert run.err == ""
    assert run.out == ("etcd.yaml:4:15: ETCD104 warning --listen-client-urls is not set: etcd serves "
                       "clients on its default http://localhost:2379, without TLS\n"
                       "Found 1 problem (1 warning) in 1 file.\n")


def test_brackets_in_toml_strings_and_comments_are_not_nesting(cli, tmp_path):
    run, _, _ = _run(cli, tmp_path, "pyproject.toml",
                     "[project]\nname = 'x'\ndescription = \"\"\"" + "[" * 300 + "\n\"\"\"\n"
                     "# " + "{" * 300 + "\n[tool.etcdlint]\nselect = ['ETCD104', \"[[[\"]\n")
    assert (run.code, run.out) == (2, "")
    assert run.err == (f"etcdlint: error: {tmp_path / 'pyproject.toml'}:7: select/1: '[[[' does "
                       "not match '^ETCD[0-9]{0,3}$'; allowed: rule codes like ETCD002, or "
                       "prefixes like ETCD1\n")
