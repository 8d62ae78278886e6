"""A configuration etcdlint cannot use: exit 2 and one line naming the file, the line and what
is wrong, whatever the file holds. (How long the hostile ones take is measured by
benchmarks/untrusted.py.)"""

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
    return cli("etcd.yaml", cwd=tmp_path), str(target)


def test_an_alias_bomb_is_refused_at_once(cli, tmp_path):
    assert len(BOMB) == 354
    run, path = _run(cli, tmp_path, ".etcdlint.yaml", BOMB)
    assert (run.code, run.out) == (2, "")
    # go-yaml's limit: once past 1,000 nodes decoded, at most 99% of them may come from
    # aliases; the fourth *c on line 4 takes them from 98.97% to 99.15% (so the expansion
    # stops there, line 4 of 10)
    assert run.err == (f"etcdlint: error: {path}:4: aliases that expand to far more data than "
                       "the document holds (YAML readers refuse it: \"document contains "
                       "excessive aliasing\")\n")


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
    # a bracket range pathspec turns into a regular expression Python refuses, in every key
    # that holds patterns
    (".etcdlint.yaml", 'exclude: ["[z-a]"]\n', 1,
     "exclude/0: '[z-a]' is not a gitignore-style pattern (bad character range z-a in '[z-a]')"),
    (".etcdlint.yaml", "select: [ETCD1]\ncluster-roots:\n  - clusters/*\n  - 'x/[9-0]'\n", 4,
     "cluster-roots/1: 'x/[9-0]' is not a gitignore-style pattern (bad character range 9-0 in "
     "'x/[9-0]')"),
    (".etcdlint.yaml", "helm-values:\n  'values/[z-a].yaml': bitnami/etcd\n", 2,
     "helm-values: 'values/[z-a].yaml' is not a gitignore-style pattern (bad character range "
     "z-a in 'values/[z-a].yaml')"),
    (".etcdlint.yaml", "per-file-ignores:\n  '[b-a]/*': [ETCD002]\n", 2,
     "per-file-ignores: '[b-a]/*' is not a gitignore-style pattern (bad character range b-a in "
     "'[b-a]/*')"),
    ("pyproject.toml", TOOL + 'cluster-roots = ["\\\\"]\n', 5,
     "cluster-roots/0: '\\\\' is not a gitignore-style pattern (Invalid git pattern: '\\\\')"),
])
def test_configuration_errors(cli, tmp_path, name, content, line, message):
    run, path = _run(cli, tmp_path, name, content)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"etcdlint: error: {path}:{line}: {message}\n"


@pytest.mark.parametrize("name,content,line", [
    (".etcdlint.yaml", "exclude: " + "[" * 5000 + "]" * 10 + " : : }}} \"\n", 1),
    (".etcdlint.yaml", "exclude:\n" + "".join(" " * i + "- \n" for i in range(1, 3000))
     + "\t: [\n", 201),
    ("pyproject.toml", TOOL + "exclude = " + "[" * 5000 + " = \"\n", 5),
])
def test_nothing_past_the_nesting_limit_is_read(cli, tmp_path, name, content, line):
    # the text past level 200 is not valid YAML or TOML: the reading stops at the limit
    run, path = _run(cli, tmp_path, name, content)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"etcdlint: error: {path}:{line}: nesting deeper than 200 levels\n"


def test_yaml_types_anchors_and_merges_still_read(cli, tmp_path):
    run, _ = _run(cli, tmp_path, ".etcdlint.yaml",
                  "select: &codes [ETCD104]\nmax-file-size: 0x100000\n"
                  "exempt-single-member: True\nper-file-ignores:\n  'other/*': *codes\n")
    assert run.err == ""
    assert run.out == ("etcd.yaml:4:15: ETCD104 warning --listen-client-urls is not set: etcd serves "
                       "clients on its default http://localhost:2379, without TLS\n"
                       "Found 1 problem (1 warning) in 1 file.\n")


def test_brackets_in_toml_strings_and_comments_are_not_nesting(cli, tmp_path):
    run, _ = _run(cli, tmp_path, "pyproject.toml",
                  "[project]\nname = 'x'\ndescription = \"\"\"" + "[" * 300 + "\n\"\"\"\n"
                  "# " + "{" * 300 + "\n[tool.etcdlint]\nselect = ['ETCD104', \"[[[\"]\n")
    assert (run.code, run.out) == (2, "")
    assert run.err == (f"etcdlint: error: {tmp_path / 'pyproject.toml'}:7: select/1: '[[[' is "
                       "not a rule code: codes look like ETCD002, prefixes like ETCD1\n")


ALLOWED_KEYS = ("baseline, cluster-roots, exclude, exempt-single-member, extend-ignore, "
                "extend-select, fail-on, helm-values, ignore, max-file-size, per-file-ignores, "
                "respect-gitignore, select, severity")


def _unknown(key, near=None):
    if near:
        return f"{key!r} is not a configuration key (did you mean {near!r}?)"
    return f"{key!r} is not a configuration key; keys are: {ALLOWED_KEYS}"


@pytest.mark.parametrize("name,content,line", [
    (".etcdlint.yaml", "select: [ETCD0]\nignore: [ETCD112]\nunknown-key: 1\n", 3),
    ("pyproject.toml", TOOL + 'select = ["ETCD0"]\nignore = ["ETCD112"]\nunknown-key = 1\n', 7),
    ("pyproject.toml", TOOL + 'select = ["ETCD0"]\n"unknown-key" = 1\n[tool.other]\nx = 1\n', 6),
])
def test_an_unknown_key_is_reported_on_its_own_line(cli, tmp_path, name, content, line):
    run, path = _run(cli, tmp_path, name, content)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"etcdlint: error: {path}:{line}: {_unknown('unknown-key')}\n"


def test_every_error_of_a_yaml_configuration_is_reported_by_line(cli, tmp_path):
    run, path = _run(cli, tmp_path, ".etcdlint.yaml",
                     "selct: [ETCD002]\nignore: [ETCD999, ETCD1, etcd2]\nseverity:\n"
                     "  ETCD002: fatal\n  etcd1: error\nexclude: ['\\']\nother: 2\n")
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == _errors(path, [
        (1, _unknown("selct", "select")),
        (2, "ignore/2: 'etcd2' is not a rule code: codes look like ETCD002, prefixes like "
            "ETCD1 (did you mean 'ETCD2'?)"),
        (2, "'ETCD999' matches no rule; 'etcdlint rules' lists the rules"),
        (4, "severity/ETCD002: 'fatal' is not one of error, warning, note"),
        (5, "severity: 'etcd1' is not a rule code: codes look like ETCD002, prefixes like "
            "ETCD1"),
        (6, "exclude/0: '\\\\' is not a gitignore-style pattern (Invalid git pattern: '\\\\')"),
        (7, _unknown("other")),
    ])


def test_every_error_of_a_pyproject_table_is_reported_by_line(cli, tmp_path):
    run, path = _run(cli, tmp_path, "pyproject.toml",
                     TOOL + 'selector = 1\nexclude = "a"\n\n[tool.etcdlint.severity]\n'
                     'ETCD002 = "fatal"\n\n[tool.other]\nselect = 3\n')
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == _errors(path, [
        (5, _unknown("selector", "select")),
        (6, "exclude: 'a' is not a list"),
        (9, "severity/ETCD002: 'fatal' is not one of error, warning, note"),
    ])


def _errors(path, problems):
    return [f"etcdlint: error: {path}:{line}: {message}" for line, message in problems]


def _rules():
    from etcdlint.config.run import KNOWN_CODES

    return ", ".join(KNOWN_CODES)


def test_values_of_the_wrong_type_are_each_reported_without_a_traceback(cli, tmp_path):
    run, path = _run(cli, tmp_path, ".etcdlint.yaml",
                     "exclude: 1\nper-file-ignores: [a]\nselect: 3\nseverity: [x]\n"
                     "ignore: [1, ETCD9]\nhelm-values: {'a/*': nope}\n")
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == _errors(path, [
        (1, "exclude: 1 is not a list"),
        (2, "per-file-ignores: ['a'] is not a mapping"),
        (3, "select: 3 is not a list"),
        (4, "severity: ['x'] is not a mapping"),
        (5, "ignore/0: 1 is not a string"),
        (5, "'ETCD9' matches no rule; 'etcdlint rules' lists the rules"),
        (6, "helm-values/a/*: 'nope' is not one of bitnami/etcd"),
    ])


def test_keys_of_a_pyproject_sub_table_are_found_in_it(cli, tmp_path):
    run, path = _run(cli, tmp_path, "pyproject.toml",
                     TOOL + 'select = ["ETCD1"]\n[tool.etcdlint.per-file-ignores]\n'
                     '"a/\\\\" = ["ETCD999"]\n"b/*" = ["ETCD002", "x"]\n')
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == _errors(path, [
        (7, "'ETCD999' matches no rule; 'etcdlint rules' lists the rules"),
        (7, "per-file-ignores: 'a/\\\\' is not a gitignore-style pattern (Invalid git pattern: "
            "'a/\\\\')"),
        (8, "per-file-ignores/b/*/1: 'x' is not a rule code: codes look like ETCD002, "
            "prefixes like ETCD1"),
    ])


def test_dotted_and_quoted_pyproject_keys_are_found(cli, tmp_path):
    run, path = _run(cli, tmp_path, "pyproject.toml",
                     TOOL + 'select = ["ETCD1"]\nseverity.ETCD002 = "fatal"\n'
                     '"severity" . \'ETCD003\' = "bad"\n')
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == [
        f"etcdlint: error: {path}:{line}: severity/{code}: {value!r} is not one of error, "
        "warning, note"
        for line, code, value in [(6, "ETCD002", "fatal"), (7, "ETCD003", "bad")]]


@pytest.mark.parametrize("content,message", [
    ("fial-on: error\n", "'fial-on' is not a configuration key (did you mean 'fail-on'?)"),
    ("fail-on: eror\n", "fail-on: 'eror' is not one of error, warning, note (did you mean "
                        "'error'?)"),
    ("select: [ETCD2011]\n", "select/0: 'ETCD2011' is not a rule code: codes look like "
                             "ETCD002, prefixes like ETCD1 (did you mean 'ETCD201'?)"),
    ("ignore: [ETCD0O2]\n", "ignore/0: 'ETCD0O2' is not a rule code: codes look like "
                            "ETCD002, prefixes like ETCD1 (did you mean 'ETCD002'?)"),
    ("extend-select: [ETCD120]\n", "'ETCD120' matches no rule (did you mean 'ETCD102'?)"),
    ("extend-select: [ETCD217]\n", "'ETCD217' matches no rule (did you mean 'ETCD216'?)"),
    ("ignore: [ETCD0O1]\n", "ignore/0: 'ETCD0O1' is not a rule code: codes look like "
                            "ETCD002, prefixes like ETCD1 (did you mean 'ETCD001'?)"),
])
def test_a_near_miss_is_answered_with_the_nearest_name(cli, tmp_path, content, message):
    run, path = _run(cli, tmp_path, ".etcdlint.yaml", content)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"etcdlint: error: {path}:1: {message}\n"


def test_a_mistyped_code_on_the_command_line_gets_the_nearest_code(cli, tmp_path):
    run = cli("--select", "ETCD0021", ".", cwd=tmp_path)
    assert (run.code, run.err) == (2, "etcdlint: error: --select: 'ETCD0021' matches no rule "
                                      "(did you mean 'ETCD002'?)\n")
