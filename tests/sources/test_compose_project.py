"""docker-compose services that run etcd: command and entrypoint (lists and strings),
environment (map and list), env_file, interpolation, anchors and merge keys."""

import shutil

import pytest

from conftest import TESTS, codes, fix, lint_files, messages
from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.fixing.run import fix_bytes
from etcdlint.sources.compose_project.strings import interpolate, split_words
from etcdlint.sources.compose_project.dotenv import parse_dotenv
from etcdlint.text.tokens import exact_token

FIXTURES = TESTS / "fixtures" / "sources" / "compose"
TLS = ("      - --cert-file=/pki/server.crt\n"
       "      - --key-file=/pki/server.key\n"
       "      - --client-cert-auth=true\n"
       "      - --trusted-ca-file=/pki/ca.crt\n"
       "      - --peer-cert-file=/pki/peer.crt\n"
       "      - --peer-key-file=/pki/peer.key\n"
       "      - --peer-client-cert-auth=true\n"
       "      - --peer-trusted-ca-file=/pki/ca.crt\n"
       "      - --listen-client-urls=https://0.0.0.0:2379\n"
       "      - --advertise-client-urls=https://etcd:2379\n"
       "      - --listen-peer-urls=https://0.0.0.0:2380\n")


def service(body, image="quay.io/coreos/etcd:v3.5.21"):
    return f"services:\n  etcd:\n    image: {image}\n" + body


def words(text, variables=None):
    placed = interpolate(exact_token(text, 0), variables or {})
    split = split_words(placed)
    return [w.text for w in split.tokens], split.error


# -- how compose reads strings ------------------------------------------------------------

@pytest.mark.parametrize("text, variables, expected, dynamic", [
    ("a$$b", {}, "a$b", False),
    ("${A}", {"A": "x"}, "x", False),
    ("$A-$B", {"A": "x", "B": "y"}, "x-y", False),
    ("${A}", {}, "${A}", True),
    ("${A:-d}", {}, "d", False),
    ("${A:-d}", {"A": ""}, "d", False),
    ("${A-d}", {"A": ""}, "", False),
    ("${A-${B:-n}}", {}, "n", False),
    ("${A:?set it}", {}, "${A:?set it}", True),
    ("${A:?set it}", {"A": "v"}, "v", False),
    ("${A:+alt}", {"A": "v"}, "alt", False),
    ("${A:+alt}", {"A": ""}, "", False),
    ("${A:+alt}", {}, "${A:+alt}", True),
    ("${A+alt}", {"A": ""}, "alt", False),
    ("cost: $ 5", {}, "cost: $ 5", False),
])
def test_interpolation(text, variables, expected, dynamic):
    placed = interpolate(exact_token(text, 0), variables)
    assert (placed.text, placed.dynamic, placed.error) == (expected, dynamic, None)


def test_a_default_keeps_its_own_position():
    placed = interpolate(exact_token("--x=${A:-false}", 10), {})
    assert placed.token().sub_span(4, 9) == (19, 24)  # "false" inside the braces


def test_invalid_interpolation_is_refused():
    assert interpolate(exact_token("${A", 0), {}).error == "invalid interpolation format '${A'"
    assert interpolate(exact_token("${1x}", 0), {}).error is not None


@pytest.mark.parametrize("text, expected", [
    ("etcd --name a", ["etcd", "--name", "a"]),
    ("etcd  --name='a b' \"c\\\"d\"", ["etcd", "--name=a b", 'c"d']),
    ("etcd 'it\\s'", ["etcd", "it\\s"]),
    ("etcd ''", ["etcd", ""]),
    ("etcd a\\ b", ["etcd", "a b"]),
    ("etcd --x=$(hostname) `id`", ["etcd", "--x=$(hostname)", "`id`"]),
    ("etcd --a; echo --b", ["etcd", "--a"]),
    ("etcd --a 2>/dev/null", ["etcd", "--a"]),
    ("etcd --a|tee log", ["etcd", "--a"]),
])
def test_command_string_words(text, expected):
    assert words(text) == (expected, None)


@pytest.mark.parametrize("text", ["etcd 'open", 'etcd "open', "etcd (x)", "etcd a\\"])
def test_command_strings_compose_refuses(text):
    assert words(text)[1] is not None


def test_dotenv_lines():
    text = ("# comment\n"
            "A=1\n"
            "export B = two words # note\n"
            "C='lit $x'\n"
            "D=\"esc\\n$HOME\"\n"
            "E=\"multi\nline\"\n"
            "F: colon\n"
            "G\n"
            "H=${A}\n")
    assert parse_dotenv(text) == [("A", "1"), ("B", "two words"), ("C", "lit $x"), ("D", None),
                                  ("E", "multi\nline"), ("F", "colon"), ("G", None),
                                  ("H", None)]
    assert parse_dotenv("A B=1\n") is None


# -- services ------------------------------------------------------------------------------

def test_secure_command_list():
    assert codes(service("    command:\n      - etcd\n" + TLS)) == []


def test_insecure_command_list():
    text = service("    command:\n      - etcd\n" + TLS.replace("auth=true", "auth=false", 1)
                   .replace("https://0.0.0.0:2380", "http://0.0.0.0:2380"))
    # line 8 holds --client-cert-auth=false: its value at column 28; line 16 the peer URL
    assert codes(text) == ["8:28 ETCD002", "16:28 ETCD105"]


def test_command_string_positions():
    text = service("    command: etcd --listen-client-urls http://0.0.0.0:2379"
                   " --client-cert-auth=0\n")
    assert messages(text)[-2:] == [
        "4:40 ETCD104 --listen-client-urls has http://0.0.0.0:2379: etcd serves clients "
        "without TLS (--client-cert-auth is ignored on it)",
        "4:79 ETCD002 --client-cert-auth is 0: etcd accepts clients without a certificate; no "
        "fix: set --trusted-ca-file first (true without it would trust the system's public "
        "CAs, ETCD110)"]
    assert codes(text)[0] == "4:14 ETCD001"  # missing settings: at the word etcd


def test_command_string_refused_by_compose():
    text = service("    command: \"etcd --name 'etcd0\"\n")
    assert messages(text) == [
        "4:14 ETCD202 docker compose refuses this command: invalid command line string "
        "(an unterminated quote or substitution)"]


def test_flags_only_command_in_an_etcd_image_with_entrypoint_etcd():
    text = service("    command: [\"--client-cert-auth=false\"]\n",
                   image="quay.io/coreos/etcd:v2.3.8")
    found = codes(text)
    assert found[:2] == ["3:12 ETCD001", "3:12 ETCD001"] and found[-1] == "4:35 ETCD002"


def test_entrypoint_and_command_together():
    text = service("    entrypoint: /usr/local/bin/etcd\n"
                   "    command:\n" + TLS.replace("--peer-client-cert-auth=true",
                                                  "--peer-client-cert-auth=false"))
    assert codes(text) == ["12:33 ETCD005"]
    # with an entrypoint, the image's own entrypoint is not used: flags alone are not etcd's
    only_flags = service("    entrypoint: [/bin/true]\n    command:\n" + TLS)
    assert lint_files({"m.yaml": only_flags}).configurations == 0


def test_sh_c_script_with_escaped_dollars():
    text = service("    entrypoint: [\"/bin/sh\", \"-c\"]\n"
                   "    command:\n"
                   "      - exec etcd --name $${HOSTNAME} --client-cert-auth=false\n")
    assert codes(text)[-1] == "6:58 ETCD002"


def test_environment_map_list_and_precedence():
    as_map = service("    environment:\n"
                     "      ETCD_CLIENT_CERT_AUTH: \"false\"\n"
                     "      ETCD_AUTO_TLS: 'true'\n", image="bitnami/etcd:3.5.11")
    assert codes(as_map)[-2:] == ["5:31 ETCD002", "6:23 ETCD003"]
    as_list = service("    environment:\n"
                      "      - ETCD_CLIENT_CERT_AUTH=false\n"
                      "      - ETCD_AUTO_TLS\n", image="bitnami/etcd:3.5.11")
    # a bare name is taken from compose's own environment: unknown, not judged
    assert codes(as_list)[-1] == "5:31 ETCD002"
    assert "ETCD003" not in " ".join(codes(as_list))


def test_unknown_variables_are_not_judged():
    text = service("    command:\n      - etcd\n" +
                   TLS.replace("--client-cert-auth=true", "--client-cert-auth=${CCA}"))
    assert codes(text) == []
    # a word that is only a variable could be any flags: nothing is reported missing
    text = service("    command: etcd ${ETCD_FLAGS} --listen-client-urls=http://0.0.0.0:2379\n")
    assert codes(text) == ["4:54 ETCD104"]


HOST_IP_COMMAND = ("    command: etcd -name etcd0 -advertise-client-urls http://${host_ip}:2379 "
                   "-listen-client-urls http://0.0.0.0:2379\n")


def test_an_unset_variable_inside_a_word_keeps_the_word():
    # compose substitutes the empty string for host_ip: the word is http://:2379, and
    # -listen-client-urls is the next flag, not -advertise-client-urls's value
    assert words("etcd -advertise-client-urls http://${host_ip}:2379 -listen-client-urls "
                 "http://0.0.0.0:2379") == (
        ["etcd", "-advertise-client-urls", "http://${host_ip}:2379", "-listen-client-urls",
         "http://0.0.0.0:2379"], None)
    assert messages(service(HOST_IP_COMMAND)) == [
        "4:14 ETCD001 --cert-file is not set: etcd serves its clients without TLS",
        "4:14 ETCD001 --key-file is not set: etcd serves its clients without TLS",
        "4:14 ETCD002 --client-cert-auth is not set (default false): etcd accepts clients "
        "without a certificate; no fix: set --trusted-ca-file first (true without it would "
        "trust the system's public CAs, ETCD110)",
        "4:14 ETCD004 --peer-cert-file is not set: etcd members replicate data to each other "
        "without TLS",
        "4:14 ETCD004 --peer-key-file is not set: etcd members replicate data to each other "
        "without TLS",
        "4:14 ETCD005 --peer-client-cert-auth is not set (default false): etcd accepts peers "
        "without a certificate; no fix: set --peer-trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)",
        "4:14 ETCD007 --trusted-ca-file is not set: etcd has no CA of its own to check client "
        "certificates against",
        "4:14 ETCD105 --listen-peer-urls is not set: etcd talks to its peers on its default "
        "http://localhost:2380, without TLS",
        "4:54 ETCD104 --advertise-client-urls has http://${host_ip}:2379: etcd serves clients "
        "without TLS",
        "4:97 ETCD104 --listen-client-urls has http://0.0.0.0:2379: etcd serves clients "
        "without TLS"]


MISSING = ["ETCD001", "ETCD001", "ETCD004", "ETCD004", "ETCD005", "ETCD007", "ETCD104",
           "ETCD105"]


@pytest.mark.parametrize("body,expected", [
    # a list item is one argument whatever the variable holds
    ("    command: [etcd, --advertise-client-urls, 'http://${host_ip}:2379', "
     "--client-cert-auth=false]\n",
     [f"4:15 {c}" for c in MISSING] + ["4:47 ETCD104", "4:91 ETCD002"]),
    # a word that opens with an unknown variable, as a flag's value: that value is unknown
    # (not judged), the words after it keep their places
    ("    command: etcd --advertise-client-urls ${scheme}://h:2379 --client-cert-auth=false\n",
     [f"4:14 {c}" for c in MISSING] + ["4:81 ETCD002"]),
    ("    command: [etcd, --advertise-client-urls, '${url}', --client-cert-auth=false]\n",
     [f"4:15 {c}" for c in MISSING] + ["4:75 ETCD002"]),
    # where a flag could stand, it may be one: nothing is reported missing
    ("    command: [etcd, '${flag}', --client-cert-auth=false]\n", ["4:51 ETCD002"]),
    ("    command: etcd ${flags} --client-cert-auth=false\n", ["4:47 ETCD002"]),
])
def test_where_an_unknown_variable_sits_in_a_word(body, expected):
    assert codes(service(body)) == expected


def test_defaults_are_used():
    text = service("    command:\n      - etcd\n" +
                   TLS.replace("--client-cert-auth=true", "--client-cert-auth=${CCA:-false}"))
    assert codes(text) == ["8:35 ETCD002"]
    assert fix(text).fixed.decode() == text.replace("${CCA:-false}", "${CCA:-true}")


def test_merge_keys_are_shallow_and_members_are_several():
    text = (FIXTURES / "patroni" / "docker-compose.yml").read_text()
    found = codes(text)
    # the shared anchor's listeners and initial cluster once; each member its own missing
    # settings and peer URL
    assert found[:2] == ["6:28 ETCD105", "7:30 ETCD104"]
    assert [c for c in found if c.endswith("ETCD105")] == [
        "6:28 ETCD105", "8:27 ETCD105", "24:62 ETCD105", "30:62 ETCD105", "36:62 ETCD105"]
    assert lint_files({"m.yaml": text}).configurations == 3
    own_env = ("x-e: &e\n"
               "  image: bitnami/etcd:3.5\n"
               "  environment:\n"
               "    ETCD_CLIENT_CERT_AUTH: \"true\"\n"
               "services:\n"
               "  etcd:\n"
               "    <<: *e\n"
               "    environment:\n"
               "      ETCD_NAME: etcd\n")
    assert "7:5 ETCD002" not in codes(own_env)  # (the anchor's map is replaced, not merged)
    assert [c for c in codes(own_env) if "ETCD002" in c] == ["2:10 ETCD002"]


def test_fix_inserts_into_the_environment_map_and_list():
    env = ("      ETCD_CERT_FILE: /pki/server.crt\n"
           "      ETCD_KEY_FILE: /pki/server.key\n"
           "      ETCD_TRUSTED_CA_FILE: /pki/ca.crt\n"
           "      ETCD_PEER_CERT_FILE: /pki/peer.crt\n"
           "      ETCD_PEER_KEY_FILE: /pki/peer.key\n"
           "      ETCD_PEER_TRUSTED_CA_FILE: /pki/ca.crt\n"
           "      ETCD_PEER_CLIENT_CERT_AUTH: \"true\"\n"
           "      ETCD_LISTEN_CLIENT_URLS: https://0.0.0.0:2379\n"
           "      ETCD_ADVERTISE_CLIENT_URLS: https://etcd:2379\n"
           "      ETCD_LISTEN_PEER_URLS: https://0.0.0.0:2380\n")
    text = service("    environment:\n" + env, image="bitnami/etcd:3.5.11")
    assert codes(text) == ["3:12 ETCD002"]
    assert fix(text).fixed.decode() == text + "      ETCD_CLIENT_CERT_AUTH: true\n"
    as_list = service("    environment:\n" + "".join(
        "      - " + line.strip().replace(": ", "=", 1).replace('"', "") + "\n"
        for line in env.splitlines()), image="bitnami/etcd:3.5.11")
    assert codes(as_list) == ["3:12 ETCD002"]
    assert fix(as_list).fixed.decode() == as_list + "      - ETCD_CLIENT_CERT_AUTH=true\n"


def test_fix_appends_to_a_command_string():
    text = service("    command: \"etcd " + " ".join(
        line.strip()[2:] for line in TLS.splitlines() if "client-cert-auth=" not in line
        or "peer" in line) + "\"\n")
    assert codes(text) == ["4:15 ETCD002"]
    assert fix(text).fixed.decode() == text.replace(":2380\"", ":2380 --client-cert-auth=true\"")


def test_env_file_and_dot_env_beside_the_compose_file(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "tls-cluster", project)
    path = project / "compose.yaml"
    options = LintOptions()
    result = lint_file(str(path), path.read_bytes(), options)
    assert [d.rule for d in result.diagnostics] == [] and len(result.etcd) == 3
    # image tag from .env: etcd 3.5
    assert {c.version for c in result.etcd} == {(3, 5)}
    env = project / "etcd-tls.env"
    env.write_text(env.read_text().replace("ETCD_CLIENT_CERT_AUTH=true",
                                           "ETCD_CLIENT_CERT_AUTH=false"))
    # the env file's value, reported at the env_file entry (line 5) once for the three
    # members that share it, never edited
    assert codes(path.read_text(), path=str(path)) == ["5:7 ETCD002"]
    outcome = fix_bytes(str(path), path.read_bytes(), options, ("safe", "unsafe"))
    assert outcome.fixed == path.read_bytes()
    env.unlink()  # not in the repository: the environment is unknown, nothing is missing
    result = lint_file(str(path), path.read_bytes(), options)
    assert result.diagnostics == []


def test_regression_milvus_and_apisix_stacks():
    milvus = (FIXTURES / "milvus" / "docker-compose.yml").read_text()
    assert codes(milvus) == [
        "14:14 ETCD001", "14:14 ETCD001", "14:14 ETCD002", "14:14 ETCD004", "14:14 ETCD004",
        "14:14 ETCD005", "14:14 ETCD007", "14:14 ETCD105", "14:42 ETCD104", "14:84 ETCD104"]
    apisix = (FIXTURES / "apisix" / "docker-compose.yaml").read_text()
    assert codes(apisix) == [
        "14:12 ETCD001", "14:12 ETCD001", "14:12 ETCD002", "14:12 ETCD004", "14:12 ETCD004",
        "14:12 ETCD005", "14:12 ETCD007", "14:12 ETCD105", "21:36 ETCD104", "22:33 ETCD104"]


def test_prefilter_lets_compose_files_through():
    from etcdlint.repo.prefilter import may_hold_etcd
    assert may_hold_etcd(b"services:\n  kv:\n    build: .\n    entrypoint: etcd --name kv\n")
    assert may_hold_etcd(b"services:\n  kv:\n    build: .\n    environment: {ETCD_NAME: kv}\n")


def test_extends_makes_missing_settings_unknown():
    text = service("    extends: {file: common.yml, service: etcd-base}\n"
                   "    command: etcd --listen-client-urls=http://0.0.0.0:2379\n")
    assert codes(text) == ["5:40 ETCD104"]


def test_fix_removes_an_environment_entry():
    env = "".join(f"      ETCD_{k}: {v}\n" for k, v in (
        ("CERT_FILE", "/pki/s.crt"), ("KEY_FILE", "/pki/s.key"), ("CLIENT_CERT_AUTH", '"true"'),
        ("TRUSTED_CA_FILE", "/pki/ca.crt"), ("PEER_CERT_FILE", "/pki/p.crt"),
        ("PEER_KEY_FILE", "/pki/p.key"), ("PEER_CLIENT_CERT_AUTH", '"true"'),
        ("PEER_TRUSTED_CA_FILE", "/pki/ca.crt"), ("LISTEN_CLIENT_URLS", "https://0.0.0.0:2379"),
        ("ADVERTISE_CLIENT_URLS", "https://etcd:2379"),
        ("LISTEN_PEER_URLS", "https://0.0.0.0:2380")))
    secure = service("    environment:\n" + env, image="bitnami/etcd:3.5.11")
    assert codes(secure) == []
    insecure = secure.replace("      ETCD_PEER_KEY_FILE", "      ETCD_PEER_AUTO_TLS: \"true\"\n"
                                                        "      ETCD_PEER_KEY_FILE")
    assert codes(insecure) == ["10:28 ETCD006"]
    assert fix(insecure).fixed.decode() == secure


@pytest.mark.parametrize("body", [
    "    command: 5\n",
    "    command: [etcd, [nested], {a: b}]\n",
    "    command: {etcd: x}\n",
    "    entrypoint: [etcd]\n    command: !!binary aGVsbG8=\n",
    "    environment: [1, {a: b}, null, '=x']\n    command: [etcd]\n",
    "    environment: {ETCD_AUTO_TLS: [true], ETCD_NAME: {a: b}, '': x}\n    command: [etcd]\n",
    "    env_file: [{required: false}, {path: [x]}, null, /etc/passwd, ../../nope.env]\n"
    "    command: [etcd]\n",
    "    image: [quay.io/coreos/etcd]\n    command: [--name]\n",
    "    command: etcd --name=" + "${A:-" * 400 + "x" + "}" * 400 + "\n",
    "    command: etcd --name=${A:-${B}\n",
    "    command: 'etcd $(('\n",
])
def test_odd_services_never_crash(body):
    result = lint_files({"m.yaml": service(body)})
    assert result.internal_errors == []


def test_deeply_nested_defaults_are_unknown():
    placed = interpolate(exact_token("${A:-" * 40 + "x" + "}" * 40, 0), {})
    assert placed.dynamic and placed.error is None


def test_an_image_named_for_etcd_with_server_variables():
    text = ("services:\n"
            "  etcd0:\n"
            "    image: 'etcd-server:${IMAGE_TAG:-latest}'\n"
            "    environment:\n"
            "      ETCD_LISTEN_CLIENT_URLS: \"http://0.0.0.0:2379\"\n")
    assert codes(text)[-1] == "5:33 ETCD104"
    assert codes(text.replace("ETCD_LISTEN_CLIENT_URLS", "ETCD_ENDPOINTS")) == []


def test_sh_c_inside_a_command_string():
    text = service("    command: sh -c \"exec etcd --name=$$HOSTNAME --client-cert-auth=false\"\n")
    assert codes(text)[-1] == "4:68 ETCD002"
    folded = service("    command: >\n"
                     "      /bin/sh -ec 'mkdir -p /data &&\n"
                     "      exec etcd --data-dir=/data --client-cert-auth=false'\n")
    assert codes(folded)[-1] == "6:53 ETCD002"


def test_fix_in_a_flow_command_list_with_crlf():
    flags = [line.strip()[2:] for line in TLS.splitlines()]
    secure = service("    command: [etcd, " + ", ".join(f'"{f}"' for f in flags) + "]\n")
    insecure = secure.replace('"--client-cert-auth=true"', '"--client-cert-auth=false"')
    assert codes(insecure) == ["4:102 ETCD002"]
    crlf = insecure.replace("\n", "\r\n").encode()
    assert fix(crlf).fixed == secure.replace("\n", "\r\n").encode()


# -- what variables may add is bounded ------------------------------------------------------

def test_what_variables_add_to_a_string_is_bounded():
    from etcdlint.sources.compose_project.strings import MAX_ADDED, Interpolation

    budget = Interpolation(10)
    assert interpolate(exact_token("${A}-$A", 0), {"A": "abcd"}, budget).text == "abcd-abcd"
    assert budget.left == 2
    # over what is left: the string as written, every character unknown
    placed = interpolate(exact_token("x$A", 7), {"A": "abcd"}, budget)
    assert (placed.text, placed.capped, placed.dynamic) == ("x$A", True, True)
    assert placed.starts == (7, 8, 9)
    assert (budget.left, budget.capped) == (2, 1)
    # a default written in the file costs nothing; a variable in a default does
    assert interpolate(exact_token("${B:-long default}", 0), {}, budget).text == "long default"
    assert interpolate(exact_token("${B:-$A}", 0), {"A": "abc"}, budget).capped
    assert MAX_ADDED == 262_144


def test_a_long_env_value_named_many_times_is_not_expanded(tmp_path):
    # a 100 KB .env value named 1,000 times in a 2 KB command: 100 MB once expanded
    (tmp_path / ".env").write_text("A=" + "v" * 100_000 + "\n")
    (tmp_path / "compose.yaml").write_text(service(
        "    command: etcd --client-cert-auth=false --name=" + "$A" * 1000 + "\n"))
    result = lint_file(str(tmp_path / "compose.yaml"),
                       (tmp_path / "compose.yaml").read_bytes(), LintOptions())
    # the literal flags are still read; the capped word is unknown, so nothing is missing
    assert [(d.rule, d.span.start) for d in result.diagnostics] == [("ETCD002", 94)]  # `false`
    assert [config.complete for config in result.etcd] == [False]
    assert result.notes == [
        f"{tmp_path / 'compose.yaml'}:3:12: note: variables add more than 262,144 characters to "
        "the strings of this compose file: the strings past that are not read, and what they "
        "hold is unknown"]
