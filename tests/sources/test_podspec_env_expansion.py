"""``$(VAR)`` in a container's ``env[].value``, expanded as the kubelet expands it (kubernetes
``pkg/kubelet/kubelet_pods.go``, ``makeEnvironmentVariables``: ``runtimeVal =
expansion.Expand(envVar.Value, mappingFunc)``, ``mappingFunc`` reading the variables set so
far: ``envFrom``'s, then the ``env`` items before it). ``$$`` is a literal ``$``; a reference
to an undefined variable stays as written; one to a variable whose value etcdlint cannot read
(``valueFrom``) makes the value unknown, and its known parts are still judged, as on the
command line."""

from conftest import fix, lint_files, messages

FLAGS = ["--cert-file=/p/s.crt", "--key-file=/p/s.key", "--trusted-ca-file=/p/ca.crt",
         "--peer-cert-file=/p/p.crt", "--peer-key-file=/p/p.key", "--peer-client-cert-auth=true",
         "--peer-trusted-ca-file=/p/ca.crt", "--listen-client-urls=https://10.0.0.5:2379",
         "--listen-peer-urls=https://10.0.0.5:2380"]


def etcd(*items, flags=(), env_from=""):
    """A Pod running etcd with TLS everywhere but ``--client-cert-auth``: ``- etcd`` is line
    9; ``env:`` follows the flags (line 19 without ``flags``): the first item's ``value`` is
    on line 21, the second's on 23, …"""
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd}\nspec:\n  containers:\n"
            "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n    command:\n"
            + "".join(f"    - {f}\n" for f in ["etcd", *FLAGS, *flags])
            + env_from + "    env:\n" + "".join(items))


def var(name, value):
    """An ``env`` item of two lines; ``value`` is written as it is (quote it yourself): it
    starts at column 14."""
    return f"    - name: {name}\n      value: {value}\n"


def field_ref(name, path="status.podIP"):
    """An ``env`` item of three lines whose value the kubelet reads from the pod."""
    return f"    - name: {name}\n      valueFrom:\n        fieldRef: {{fieldPath: {path}}}\n"


def invalid(name, value):
    return (f"ETCD205 {name}={value!r} is not a boolean etcd accepts (1, t, T, TRUE, true, "
            "True, 0, f, F, FALSE, false, False): etcd refuses to start")


def offered_fixes(text):
    return [d.diagnostic.fix for d in lint_files({"m.yaml": text}).diagnostics]


def test_a_reference_is_judged_by_the_value_it_expands_to():
    # (read as written, "$(A)" was an invalid boolean)
    assert messages(etcd(var("A", '"true"'), var("ETCD_CLIENT_CERT_AUTH", '"$(A)"'))) == []


def test_an_invalid_expanded_value_is_reported_at_the_reference_without_a_fix():
    text = etcd(var("A", "maybe"), var("ETCD_CLIENT_CERT_AUTH", '"$(A)"'))
    # (line 23: the second item's value; inside the quotes, column 15)
    assert messages(text) == [f"23:15 {invalid('ETCD_CLIENT_CERT_AUTH', 'maybe')}"]
    # Writing true over "$(A)" is not the edit the fix was made for (it replaces "maybe"):
    # withheld, and --fix leaves the file as it is.
    assert offered_fixes(text) == [None]
    assert fix(text).fixed == text.encode()


def test_a_doubled_dollar_is_one_literal_dollar():
    text = etcd(var("A", '"true"'), var("ETCD_CLIENT_CERT_AUTH", '"$$(A)"'))
    assert messages(text) == [f"23:15 {invalid('ETCD_CLIENT_CERT_AUTH', '$(A)')}"]
    assert offered_fixes(text) == [None]


def test_an_undefined_reference_stays_as_written_and_its_fix_is_exact():
    text = etcd(var("ETCD_CLIENT_CERT_AUTH", '"$(UNDEFINED)"'))
    assert messages(text) == [f"21:15 {invalid('ETCD_CLIENT_CERT_AUTH', '$(UNDEFINED)')}"]
    assert fix(text).fixed.decode() == text.replace('"$(UNDEFINED)"', '"true"')


def test_a_reference_to_a_value_etcdlint_cannot_read_makes_the_setting_unknown():
    # (neither an invalid boolean nor "not set": etcd gets whatever the pod's IP is)
    assert messages(etcd(field_ref("POD_IP"), var("ETCD_CLIENT_CERT_AUTH", "$(POD_IP)"))) == []


def test_the_known_scheme_of_a_partly_unknown_url_is_still_judged():
    # As for ``--initial-advertise-peer-urls=http://$(POD_IP):2380`` on the command line: the
    # host is unknown, the scheme is not, and the value has no fix (it is not known whole).
    text = etcd(field_ref("POD_IP"), var("ETCD_CLIENT_CERT_AUTH", "true"),
                var("ETCD_INITIAL_ADVERTISE_PEER_URLS", "http://$(POD_IP):2380"))
    assert messages(text) == [
        "26:14 ETCD105 --initial-advertise-peer-urls has http://$(POD_IP):2380: etcd talks to "
        "its peers without TLS (--peer-cert-file, --peer-key-file and --peer-client-cert-auth "
        "are ignored on it)"]
    assert offered_fixes(text) == [None]


def test_a_known_expansion_is_placed_at_its_reference():
    text = etcd(var("PLAIN", "http://10.0.0.6:2380"), var("ETCD_CLIENT_CERT_AUTH", "true"),
                var("ETCD_INITIAL_ADVERTISE_PEER_URLS", '"https://10.0.0.5:2380,$(PLAIN)"'))
    # (the second URL comes whole from ``$(PLAIN)``, at column 37 of line 25)
    assert messages(text) == [
        "25:37 ETCD105 --initial-advertise-peer-urls has http://10.0.0.6:2380: etcd talks to "
        "its peers without TLS (--peer-cert-file, --peer-key-file and --peer-client-cert-auth "
        "are ignored on it)"]


def test_each_value_sees_only_the_variables_before_it():
    before = etcd(var("ETCD_CLIENT_CERT_AUTH", "$(A)"), var("A", '"true"'))
    assert messages(before) == [f"21:14 {invalid('ETCD_CLIENT_CERT_AUTH', '$(A)')}"]


def test_a_later_definition_replaces_an_earlier_one():
    assert messages(etcd(var("A", "maybe"), var("A", '"true"'),
                         var("ETCD_CLIENT_CERT_AUTH", "$(A)"))) == []
    # (redefined after it is read: the value read stays)
    assert messages(etcd(var("A", '"true"'), var("ETCD_CLIENT_CERT_AUTH", "$(A)"),
                         var("A", "maybe"))) == []


def test_an_env_from_value_is_referenced():
    configmap = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                 "data: {AUTH: maybe}\n---\n")
    env_from = "    envFrom:\n    - configMapRef: {name: settings}\n      prefix: P_\n"
    text = configmap + etcd(var("ETCD_CLIENT_CERT_AUTH", "$(P_AUTH)"), env_from=env_from)
    # (the pod starts on line 6: its ``env`` item's value on line 29)
    assert messages(text) == [f"29:14 {invalid('ETCD_CLIENT_CERT_AUTH', 'maybe')}"]
    assert messages(text.replace("AUTH: maybe", "AUTH: 'true'")) == []


def test_the_command_line_reads_the_expanded_values():
    text = etcd(var("A", '"true"'), var("B", "$(A)"), flags=["--client-cert-auth=$(B)"])
    assert messages(text) == []


SECRET_ENV_FROM = "    envFrom:\n    - secretRef: {name: etcd-settings}\n"


def test_an_undefined_reference_is_unknown_where_an_unread_source_may_define_it():
    # The Secret may hold A: the kubelet would expand it, and etcdlint cannot know to what.
    text = etcd(var("ETCD_CLIENT_CERT_AUTH", '"$(A)"'), env_from=SECRET_ENV_FROM)
    assert messages(text) == []
    assert fix(text).fixed == text.encode()


def test_an_undefined_reference_on_the_command_line_is_unknown_with_an_unread_source():
    flags = ["--client-cert-auth=$(A)"]
    assert messages(etcd(var("B", '"1"'), flags=flags, env_from=SECRET_ENV_FROM)) == []
    # Without the Secret, the reference stays as written: etcd is given "$(A)".
    assert messages(etcd(var("B", '"1"'), flags=flags)) == [
        "19:26 ETCD205 --client-cert-auth='$(A)' is not a boolean etcd accepts (1, t, T, TRUE, "
        "true, True, 0, f, F, FALSE, false, False): etcd refuses to start"]
