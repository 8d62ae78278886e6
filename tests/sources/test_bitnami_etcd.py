"""bitnami/etcd chart values wherever a GitOps repository sets them: Flux HelmRelease, Argo CD
Application / ApplicationSet, k3s HelmChart, an umbrella chart's values.yaml, helm-values
files. Exact positions, the chart's defaults, fixes in the file's style."""

import json
import re
from pathlib import Path

import pytest

from conftest import (ARGO_SET, BITNAMI_SECURE as SECURE, ROOT, UMBRELLA_CHART as CHART, codes,
                      flux, indent, messages)
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes
from etcdlint.repo.prefilter import chart_values_file, may_hold_etcd
from etcdlint.sources.helm import bitnami_etcd
from etcdlint.sources.helm.bitnami_etcd import DEFAULTS, NEWEST
from etcdlint.sources.helm.chart_versions import has_feature, version_range

BOTH = ("safe", "unsafe")

# What the chart's defaults give, every finding at one place (the chart line).
DEFAULT_CODES = ["ETCD001", "ETCD001", "ETCD002", "ETCD004", "ETCD004", "ETCD005", "ETCD007",
                 "ETCD104", "ETCD104", "ETCD104", "ETCD105", "ETCD105"]


def at(position, code_list):
    return [f"{position} {c}" for c in code_list]


def fix(path, data, options=None):
    return fix_bytes(path, data.encode(), options or LintOptions(), BOTH)


# -- Flux HelmRelease ------------------------------------------------------------------------

def test_flux_defaults_are_insecure_at_the_chart_line():
    assert codes(flux()) == at("10:14", DEFAULT_CODES)


def test_flux_secure_values():
    assert codes(flux(SECURE)) == []


def test_flux_each_setting_at_the_key_that_decided_it():
    values = ("auth:\n"
              "  client:\n"
              "    secureTransport: true\n"
              "    existingSecret: etcd-client-certs\n"
              "    enableAuthentication: false\n"
              "  peer:\n"
              "    secureTransport: false\n")
    assert codes(flux(values)) == [
        "20:31 ETCD002", "20:31 ETCD007",  # enableAuthentication: false, at the value
        "22:26 ETCD004", "22:26 ETCD004", "22:26 ETCD005",  # the peer's secureTransport: false
        "22:26 ETCD105", "22:26 ETCD105"]  # its value decides the URL scheme


def test_flux_messages_name_the_chart_value():
    values = "auth:\n  client:\n    secureTransport: true\n    existingSecret: s\n" + \
             "  peer:\n" + indent(SECURE.split("  peer:\n")[1], 0)
    assert messages(flux(values)) == [
        "10:14 ETCD002 --client-cert-auth is not set (auth.client.enableAuthentication is "
        "false by default): etcd accepts clients without a certificate",
        "10:14 ETCD007 --trusted-ca-file is not set (auth.client.enableAuthentication is false "
        "by default): etcd has no CA of its own to check client certificates against"]


def test_flux_messages_name_the_value_written():
    values = SECURE.replace("enableAuthentication: true\n  peer", "enableAuthentication: false\n  peer")
    assert messages(flux(values)) == [
        "20:31 ETCD002 --client-cert-auth is not set (auth.client.enableAuthentication is "
        "false): etcd accepts clients without a certificate",
        "20:31 ETCD007 --trusted-ca-file is not set (auth.client.enableAuthentication is false): "
        "etcd has no CA of its own to check client certificates against"]
    assert messages(flux("auth: ~\n"))[0] == \
        "16:11 ETCD001 --cert-file is not set (auth is null): etcd serves its clients without TLS"


def test_flux_values_from_a_configmap_of_the_same_file():
    extra = ("  valuesFrom:\n"
             "    - kind: ConfigMap\n"
             "      name: etcd-values\n"
             "---\n"
             "apiVersion: v1\n"
             "kind: ConfigMap\n"
             "metadata:\n"
             "  name: etcd-values\n"
             "  namespace: db\n"
             "data:\n"
             "  values.yaml: |\n"
             + indent(SECURE.replace("enableAuthentication: true\n  peer",
                                     "enableAuthentication: false\n  peer"), 4))
    assert codes(flux(extra=extra)) == ["30:31 ETCD002", "30:31 ETCD007"]  # in the string


def test_flux_values_from_a_configmap_of_another_namespace_is_unknown():
    # (helm-controller reads it in the HelmRelease's namespace, ``db``; one without a
    # namespace is wherever the deploy puts it: not known to be ``db``)
    for namespace in ("  namespace: etcd\n", ""):
        extra = ("  valuesFrom:\n    - kind: ConfigMap\n      name: etcd-values\n---\n"
                 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-values\n"
                 + namespace + "data:\n  values.yaml: |\n"
                 + indent(SECURE.replace("enableAuthentication: true\n  peer",
                                         "enableAuthentication: false\n  peer"), 4))
        assert codes(flux(extra=extra)) == [], namespace


def test_flux_values_override_values_from():
    extra = ("  valuesFrom:\n"
             "    - kind: ConfigMap\n"
             "      name: etcd-values\n"
             "---\n"
             "apiVersion: v1\n"
             "kind: ConfigMap\n"
             "metadata:\n"
             "  name: etcd-values\n"
             "  namespace: db\n"
             "data:\n"
             "  values.yaml: |\n"
             + indent(SECURE, 4))
    text = flux("auth:\n  client:\n    secureTransport: false\n", extra=extra)
    assert codes(text) == at("18:26", ["ETCD001", "ETCD001", "ETCD002", "ETCD007",
                                       "ETCD104", "ETCD104", "ETCD104"]) + \
        ["34:9 ETCD215"]  # the ConfigMap's enableAuthentication, now without TLS


def test_flux_values_from_a_secret_or_another_file_is_unknown():
    for kind in ("Secret", "ConfigMap"):
        extra = f"  valuesFrom:\n    - kind: {kind}\n      name: etcd-values\n"
        assert codes(flux(extra=extra)) == []


def test_flux_values_from_unknown_below_known_values():
    # The Secret may set command, args or configuration, which replace etcd's command line:
    # nothing of the release is judged.
    extra = "  valuesFrom:\n    - kind: Secret\n      name: etcd-values\n"
    text = flux("auth:\n  client:\n    secureTransport: false\n", extra=extra)
    assert codes(text) == []


def test_flux_repository_of_the_same_file_decides_the_chart():
    other = ("---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
             "metadata:\n  name: bitnami\nspec:\n  url: https://example.com/charts\n")
    assert codes(flux(extra=other)) == []
    real = other.replace("https://example.com/charts", "oci://registry-1.docker.io/bitnamicharts")
    assert codes(flux(extra=real)) == at("10:14", DEFAULT_CODES)


def test_flux_chart_ref_to_an_oci_repository():
    text = ("apiVersion: helm.toolkit.fluxcd.io/v2\n"
            "kind: HelmRelease\n"
            "metadata:\n  name: etcd\n"
            "spec:\n"
            "  chartRef:\n"
            "    kind: OCIRepository\n"
            "    name: etcd-chart\n"
            "---\n"
            "apiVersion: source.toolkit.fluxcd.io/v1beta2\n"
            "kind: OCIRepository\n"
            "metadata:\n  name: etcd-chart\n"
            "spec:\n"
            "  url: oci://registry-1.docker.io/bitnamicharts/etcd\n"
            "  ref:\n    tag: 12.0.20\n")
    assert codes(text) == at("8:11", DEFAULT_CODES)


def test_flux_substitution_is_unknown():
    text = flux("auth:\n  client:\n    secureTransport: ${ETCD_TLS}\n")
    assert "ETCD001" not in " ".join(codes(text))
    assert codes(text) == at("10:14", ["ETCD004", "ETCD004", "ETCD005", "ETCD105", "ETCD105"])


# -- Argo CD ---------------------------------------------------------------------------------


def test_argo_values_string_at_absolute_lines_and_parameters_override():
    assert codes(ARGO_SET) == [
        "24:41 ETCD002", "24:41 ETCD007",    # inside the helm.values string
        "27:19 ETCD215", "28:19 ETCD215",    # peer TLS values the parameter switched off
        "31:25 ETCD004", "31:25 ETCD004", "31:25 ETCD005",  # the parameter's value decided
        "31:25 ETCD105", "31:25 ETCD105",
        "33:25 ETCD106"]                     # metrics.useSeparateEndpoint (chart 9.4.0+)


def argo_app(helm, revision="12.0.20", repo="https://charts.bitnami.com/bitnami"):
    return ("apiVersion: argoproj.io/v1alpha1\n"
            "kind: Application\n"
            "metadata:\n  name: etcd\n"
            "spec:\n"
            "  source:\n"
            "    chart: etcd\n"
            f"    repoURL: {repo}\n"
            f"    targetRevision: {revision}\n"
            + ("    helm:\n" + indent(helm, 6) if helm else ""))


def test_argo_values_object_secure_and_defaults_insecure():
    assert codes(argo_app("valuesObject:\n" + indent(SECURE, 2))) == []
    assert codes(argo_app("")) == at("7:12", DEFAULT_CODES)
    assert codes(argo_app("", repo="registry-1.docker.io/bitnamicharts")) == \
        at("7:12", DEFAULT_CODES)
    assert codes(argo_app("", repo="https://example.com/charts")) == []


def test_argo_values_object_wins_over_the_values_string():
    helm = "values: |\n  auth: {client: {secureTransport: false}}\n" + \
           "valuesObject:\n" + indent(SECURE, 2)
    assert codes(argo_app(helm)) == []


def test_argo_parameter_override_and_force_string():
    helm = ("valuesObject:\n" + indent(SECURE, 2) +
            "parameters:\n"
            "  - name: auth.client.enableAuthentication\n"
            "    value: \"false\"\n")
    assert codes(argo_app(helm)) == ["23:19 ETCD002", "23:19 ETCD007"]  # the parameter's value
    forced = helm + "    forceString: true\n"  # the string "false" is true to the chart
    assert codes(argo_app(forced)) == []


def test_argo_value_files_make_defaults_unknown():
    assert codes(argo_app("valueFiles:\n  - values-prod.yaml\n")) == []
    helm = "valueFiles:\n  - values-prod.yaml\nvaluesObject:\n  auth:\n    client:\n" \
           "      secureTransport: false\n"
    assert codes(argo_app(helm)) == []  # (the files may replace etcd's command line)


def test_argo_templated_value_is_unknown():
    helm = "valuesObject:\n  auth:\n    client:\n      secureTransport: '{{ .tls }}'\n" + \
           "    peer:\n" + indent(SECURE.split("  peer:\n")[1], 2)
    assert codes(argo_app(helm)) == []


def test_argo_version_gates_the_metrics_value():
    helm = "valuesObject:\n" + indent(SECURE, 2) + "  metrics:\n    useSeparateEndpoint: true\n"
    assert codes(argo_app(helm, "12.0.20")) == ["22:32 ETCD106"]
    assert codes(argo_app(helm, "9.0.0")) == []      # no such value before 9.4.0
    assert codes(argo_app(helm, "9.x")) == []        # some 9.x have it, some not: unknown
    assert codes(argo_app(helm, "^9.4.0")) == ["22:32 ETCD106"]
    assert codes(argo_app("", "7.0.6")) == []        # charts before 8.0.0 are not read


# -- k3s / RKE2 HelmChart --------------------------------------------------------------------

def helmchart(values_content, set_lines=""):
    return ("apiVersion: helm.cattle.io/v1\n"
            "kind: HelmChart\n"
            "metadata:\n  name: etcd\n  namespace: kube-system\n"
            "spec:\n"
            "  chart: oci://registry-1.docker.io/bitnamicharts/etcd\n"
            "  version: 9.15.2\n"
            "  valuesContent: |-\n" + indent(values_content, 4)
            + (f"  set:\n{set_lines}" if set_lines else ""))


def test_k3s_helmchart_secure_and_insecure():
    assert codes(helmchart(SECURE)) == []
    assert codes(helmchart("replicaCount: 3\n")) == at("7:10", DEFAULT_CODES)


def test_k3s_helmchart_set_overrides_values_content():
    lines = ("    auth.client.enableAuthentication: \"false\"\n"
             "    auth.token.type: simple\n")
    assert codes(helmchart(SECURE, lines)) == ["20:40 ETCD002", "20:40 ETCD007", "21:22 ETCD112"]


# -- umbrella chart and helm-values files ----------------------------------------------------


def umbrella(tmp_path, values, chart=CHART):
    (tmp_path / "Chart.yaml").write_text(chart)
    path = tmp_path / "values.yaml"
    path.write_text(values)
    return str(path)


def test_umbrella_values_under_the_alias(tmp_path):
    path = umbrella(tmp_path, "# platform\nkvstore:\n  replicaCount: 3\nweb:\n  replicas: 2\n")
    assert codes(Path(path).read_text(), path) == at("2:1", DEFAULT_CODES)
    path = umbrella(tmp_path, "kvstore:\n" + indent(SECURE, 2))
    assert codes(Path(path).read_text(), path) == []
    path = umbrella(tmp_path, "kvstore:\n  enabled: false\n")
    assert codes(Path(path).read_text(), path) == []


def test_umbrella_without_the_key_points_at_the_first_key(tmp_path):
    path = umbrella(tmp_path, "web:\n  replicas: 2\n")
    assert codes("web:\n  replicas: 2\n", path) == at("1:1", DEFAULT_CODES)


def test_umbrella_values_under_another_dependency_are_not_etcd(tmp_path):
    chart = CHART.replace("oci://registry-1.docker.io/bitnamicharts", "https://example.com/c")
    path = umbrella(tmp_path, "kvstore:\n  replicaCount: 3\n", chart)
    assert codes("kvstore:\n  replicaCount: 3\n", path) == []


def test_umbrella_values_pass_the_prefilter(tmp_path):
    path = umbrella(tmp_path, "kvstore:\n  replicaCount: 3\n")
    assert not may_hold_etcd(b"kvstore:\n  replicaCount: 3\n")
    assert chart_values_file(path)
    assert not chart_values_file(str(tmp_path / "other.yaml"))


def test_helm_values_configuration_names_bare_values_files(tmp_path, cli):
    (tmp_path / ".etcdlint.yaml").write_text('helm-values:\n  "envs/*.yaml": bitnami/etcd\n')
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "prod.yaml").write_text(
        "auth:\n  client:\n    secureTransport: true\n    existingSecret: c\n  peer:\n"
        + SECURE.split("  peer:\n")[1])
    (tmp_path / "envs" / "lab.yaml").write_text(SECURE)
    (tmp_path / "other.yaml").write_text("auth:\n  client:\n    secureTransport: false\n")
    run = cli("--quiet", "envs", "other.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out == (
        "envs/prod.yaml:1:1: ETCD002 error [CIS 2.2] --client-cert-auth is not set "
        "(auth.client.enableAuthentication is false by default): etcd accepts clients "
        "without a certificate\n"
        "envs/prod.yaml:1:1: ETCD007 warning [CIS 2.7] --trusted-ca-file is not set "
        "(auth.client.enableAuthentication is false by default): etcd has no CA of its own to "
        "check client certificates against\n")


def test_helm_values_configuration_is_validated(tmp_path, cli):
    (tmp_path / ".etcdlint.yaml").write_text('helm-values:\n  "envs/*.yaml": bitnami/redis\n')
    run = cli("envs", cwd=tmp_path)
    assert run.code == 2
    assert "helm-values/envs/*.yaml: 'bitnami/redis' is not one of bitnami/etcd" in run.err


def test_release_files_pass_the_prefilter():
    assert may_hold_etcd(flux().encode())
    assert may_hold_etcd(argo_app("").encode())
    assert may_hold_etcd(helmchart("replicaCount: 1\n").encode())


# -- fixes, in the file's style --------------------------------------------------------------

def fixed(path, text, options=None):
    outcome = fix(path, text, options)
    again = fix(path, outcome.fixed.decode(), options)
    assert again.fixed == outcome.fixed  # a second run changes nothing
    return outcome.fixed.decode()


def test_fix_flux_adds_the_value_beside_its_siblings():
    text = flux("auth:\n"
                "  client:\n"
                "    secureTransport: true  # TLS from cert-manager\n"
                "    existingSecret: etcd-client-certs\n"
                "  peer:\n" + indent(SECURE.split("  peer:\n")[1], 0))
    assert fixed("m.yaml", text) == text.replace(
        "        existingSecret: etcd-client-certs\n",
        "        existingSecret: etcd-client-certs\n        enableAuthentication: true\n")


def test_fix_flux_creates_the_maps_it_needs():
    text = flux("# tuned for prod\nreplicaCount: 3\nauth:\n  rbac:\n    create: true\n"
                "  client:\n    secureTransport: true\n    existingSecret: c\n")
    out = fixed("m.yaml", text)
    assert out == text.replace("        existingSecret: c\n",
                               "        existingSecret: c\n        enableAuthentication: true\n")
    # The peer side keeps its findings: its fixes need certificates (display-only).
    assert codes(out) == at("10:14", ["ETCD004", "ETCD004", "ETCD005", "ETCD105", "ETCD105"])
    text = flux("replicaCount: 3  # three members\n")
    secret = text.replace("replicaCount: 3  # three members\n",
                          "replicaCount: 3  # three members\n    auth:\n      client:\n"
                          "        existingSecret: c\n        secureTransport: true\n")
    assert fixed("m.yaml", secret) == secret + "        enableAuthentication: true\n"


def test_fix_flux_turns_on_tls_only_with_a_secret():
    text = flux("auth:\n  client:\n    existingSecret: c  # cert.pem, key.pem, ca.crt\n"
                "    secureTransport: false\n")
    out = fixed("m.yaml", text)
    assert out == text.replace("secureTransport: false", "secureTransport: true") + \
        "        enableAuthentication: true\n"
    assert fixed("m.yaml", flux()) == flux()  # no Secret: nothing to write


def test_fix_flux_creates_spec_values_when_absent():
    text = flux().replace("        name: bitnami\n",
                          "        name: bitnami\n  # values below\n")
    assert fixed("m.yaml", text) == text  # nothing safe to add without certificates
    with_secret = text + "  values:\n    auth:\n      client:\n        secureTransport: true\n" \
                         "        existingSecret: c\n"
    assert fixed("m.yaml", with_secret) == with_secret + "        enableAuthentication: true\n"


def test_fix_argo_values_string_in_place():
    out = fixed("m.yaml", ARGO_SET)
    assert out == ARGO_SET.replace("enableAuthentication: false  # for now",
                                   "enableAuthentication: true  # for now")


def test_fix_argo_parameters_get_a_new_pair():
    helm = ("parameters:\n"
            "  # client TLS from the cert-manager Secret\n"
            "  - name: auth.client.secureTransport\n"
            "    value: \"true\"\n"
            "  - name: auth.client.existingSecret\n"
            "    value: etcd-client-tls\n")
    text = argo_app(helm)
    assert fixed("m.yaml", text) == text + \
        "        - name: auth.client.enableAuthentication\n          value: \"true\"\n"


def test_fix_k3s_values_content_creates_the_client_map():
    text = helmchart("auth:\n  # keep rbac\n  rbac:\n    create: true\n",
                     "    auth.client.secureTransport: \"true\"\n"
                     "    auth.client.existingSecret: etcd-tls\n")
    assert fixed("m.yaml", text) == text.replace(
        "        create: true\n",
        "        create: true\n      client:\n        enableAuthentication: true\n")


def test_fix_umbrella_alias(tmp_path):
    values = ("# platform values\n"
              "kvstore:\n"
              "  auth:\n"
              "    client:\n"
              "      secureTransport: true\n"
              "      existingSecret: etcd-client  # from cert-manager\n"
              "    peer:\n" + indent(SECURE.split("  peer:\n")[1], 2) +
              "web:\n  replicas: 2\n")
    path = umbrella(tmp_path, values)
    assert fixed(path, values) == values.replace(
        "# from cert-manager\n", "# from cert-manager\n      enableAuthentication: true\n")


def test_fix_keeps_crlf():
    text = flux("auth:\n  client:\n    secureTransport: true\n    existingSecret: c\n")
    out = fixed("m.yaml", text.replace("\n", "\r\n"))
    assert out == (text + "        enableAuthentication: true\n").replace("\n", "\r\n")


def test_fix_refuses_folded_strings():
    text = argo_app("values: >\n  auth: {client: {secureTransport: true, existingSecret: c}}\n")
    assert fixed("m.yaml", text) == text


# -- the chart's semantics ------------------------------------------------------------------

DOC = ROOT / "docs" / "bitnami-etcd.md"


def documented_defaults():
    rows = {}
    in_table = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| value | default"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set(cells[0]) <= {"-", " "}:
                continue
            rows[cells[0].strip("`")] = cells[1].strip("`")
    return rows


def shown(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == "":
        return '""'
    if value == []:
        return "[]"
    return str(value)


def test_mapping_table_matches_the_chart_defaults_read():
    assert bitnami_etcd.CHART_VERSION_READ == "12.0.20"
    text = DOC.read_text(encoding="utf-8")
    assert "chart version 12.0.20" in text
    rows = documented_defaults()
    assert rows == {key: shown(value) for key, value in DEFAULTS.items()}


def test_every_value_the_chart_reads_has_a_default():
    path = ROOT / "etcdlint" / "sources" / "helm" / "bitnami_etcd.py"
    source = path.read_text(encoding="utf-8")
    looked = set(re.findall(r'look\(f?"([^"{]+)"\)', source))
    sides = set(re.findall(r'look\(f"\{p\}\.([A-Za-z]+)"\)', source))
    read = looked | {f"auth.{s}.{k}" for s in ("client", "peer") for k in sides}
    read |= {f"auth.token.{k}" for k in ("privateKey.filename", "signMethod", "ttl")}
    read |= {f"containerPorts.{s}" for s in ("client", "peer")}
    assert read <= set(DEFAULTS)


def test_defaults_give_what_the_templates_write():
    from etcdlint.model import Span
    from etcdlint.sources.helm.bitnami_etcd import Release, chart_config
    from etcdlint.sources.helm.values import Values

    config = chart_config(Values([]), Release("r", Span(0, 4), None))
    values = {name: s.value for name, s in config.settings.items()}
    assert values == {
        "listen-client-urls": "http://0.0.0.0:2379",
        "advertise-client-urls": "http://$(MY_POD_NAME).<release>-headless.<namespace>.svc."
                                 "<cluster-domain>:2379,http://<release>.<namespace>.svc."
                                 "<cluster-domain>:2379",
        "listen-peer-urls": "http://0.0.0.0:2380",
        "initial-advertise-peer-urls": "http://$(MY_POD_NAME).<release>-headless.<namespace>."
                                       "svc.<cluster-domain>:2380",
        "auth-token": "jwt,priv-key=/opt/bitnami/etcd/certs/token/jwt-token.pem,"
                      "sign-method=RS256,ttl=10m",
        "initial-cluster": "<release>-0=http://<release>-0.<release>-headless:2380",
    }


@pytest.mark.parametrize("constraint, low, high", [
    (None, (12, 0, 20), (12, 0, 20)),
    ("9.4.1", (9, 4, 1), (9, 4, 1)),
    ("9.x", (9, 0, 0), (9, 10 ** 6, 10 ** 6)),
    ("~12.0.0", (12, 0, 0), (12, 0, 10 ** 6)),
    ("^9.4.0", (9, 4, 0), (9, 10 ** 6, 10 ** 6)),
    (">=8.0.0 <10.0.0", (8, 0, 0), (9, 10 ** 6, 10 ** 6)),
])
def test_version_constraints(constraint, low, high):
    assert version_range(constraint, NEWEST) == (low, high)


def test_version_features():
    assert has_feature(version_range("9.x", NEWEST), (9, 4, 0)) is None
    assert has_feature(version_range("10.x", NEWEST), (9, 4, 0)) is True
    assert has_feature(version_range("8.6.0", NEWEST), (8, 7, 0)) is False
    assert version_range("{{ .version }}", NEWEST) is None


# -- values as Helm reads them ---------------------------------------------------------------

def test_yaml_1_1_booleans_and_quoted_strings():
    yes = SECURE.replace("secureTransport: true", "secureTransport: yes")
    assert codes(flux(yes)) == []
    # A quoted "false" is a non-empty string: the chart's {{ if }} takes it as true.
    quoted = SECURE.replace("enableAuthentication: true\n  peer",
                            "enableAuthentication: \"false\"\n  peer")
    assert codes(flux(quoted)) == []


def test_null_removes_the_charts_map():
    assert codes(flux("auth: ~\n")) == at("16:11", DEFAULT_CODES)  # at the null itself


def test_values_that_are_not_a_map_are_unknown():
    assert codes(flux("[1, 2]\n").replace("  values:\n    [1, 2]", "  values: [1, 2]")) == []
    assert codes(flux().replace("  interval: 10m\n", "  interval: 10m\n  values: [1, 2]\n")) == []
    assert codes(argo_app("values: 5\nparameters: {a: b}\nvalueFiles: x\n")) == []
    assert codes(helmchart("auth: [\n")) == []  # valuesContent that does not parse


def test_extra_env_vars_come_after_the_charts_own():
    values = SECURE + ("extraEnvVars:\n"
                       "  - name: ETCD_ENABLE_PPROF\n"
                       "    value: \"true\"\n"
                       "  - name: ETCD_CLIENT_CERT_AUTH\n"
                       "    value: \"false\"\n"
                       "  - name: ETCD_PEER_CLIENT_CERT_AUTH\n"
                       "    value: '{{ .Values.auth }}'\n")
    assert codes(flux(values)) == ["27:17 ETCD111", "29:17 ETCD002"]  # at the items
    out = fixed("m.yaml", flux(values))
    assert out == flux(values).replace("        value: \"false\"\n", "        value: \"true\"\n") \
        .replace("      - name: ETCD_ENABLE_PPROF\n        value: \"true\"\n", "")


def test_a_config_file_in_extra_env_vars_is_not_judged():
    values = "extraEnvVars:\n  - name: ETCD_CONFIG_FILE\n    value: /etc/etcd.yaml\n"
    assert codes(flux(values)) == []


def test_releases_that_replace_the_command_line_are_not_judged():
    for values in ("args: [--enable-pprof]\n", "configuration: |\n  name: x\n",
                   "existingConfigmap: etcd-conf\n", "diagnosticMode:\n  enabled: true\n"):
        assert codes(flux(values)) == []


def test_umbrella_auto_tls_with_authentication(tmp_path):
    values = ("kvstore:\n  auth:\n    client:\n      secureTransport: true\n"
              "      useAutoTLS: true\n      enableAuthentication: true\n"
              "    peer:\n" + indent(SECURE.split("  peer:\n")[1], 2))
    path = umbrella(tmp_path, values)
    assert messages(values, path) == [
        "5:19 ETCD001 --cert-file is not set (auth.client.useAutoTLS is true): etcd serves its "
        "https:// client URLs with the self-signed certificate --auto-tls "
        "(auth.client.useAutoTLS) generates, which no client can verify",
        "5:19 ETCD001 --key-file is not set (auth.client.useAutoTLS is true): etcd serves its "
        "https:// client URLs with the self-signed certificate --auto-tls "
        "(auth.client.useAutoTLS) generates, which no client can verify",
        "5:19 ETCD002 --client-cert-auth is not set (auth.client.useAutoTLS is true): etcd "
        "accepts clients without a certificate",
        "5:19 ETCD003 --auto-tls (auth.client.useAutoTLS) is true: etcd may serve clients with "
        "a self-signed certificate no client can verify",
        "5:19 ETCD007 --trusted-ca-file is not set (auth.client.useAutoTLS is true): etcd has "
        "no CA of its own to check client certificates against",
        "6:7 ETCD215 auth.client.enableAuthentication is true but has no effect under "
        "auth.client.useAutoTLS: the chart then sets only --auto-tls, so etcd accepts clients "
        "without a certificate"]
    assert fixed(path, values) == values  # certificates needed: nothing written


def test_fix_helm_values_file(tmp_path):
    (tmp_path / ".etcdlint.yaml").write_text('helm-values:\n  "*.yaml": bitnami/etcd\n')
    text = "# lab\nauth:\n  client:\n    secureTransport: true\n    existingSecret: c\n" + \
           "  peer:\n" + SECURE.split("  peer:\n")[1]
    path = tmp_path / "lab.yaml"
    path.write_text(text)
    from etcdlint.config.run import build

    options = build([str(path)], None, None, None).options
    assert fixed(str(path), text, options) == text.replace(
        "existingSecret: c\n", "existingSecret: c\n    enableAuthentication: true\n")


def test_fix_argo_values_string_creates_maps():
    helm = "values: |\n  # prod\n  replicaCount: 3\n  auth:\n    client:\n" \
           "      secureTransport: true\n      existingSecret: c\n"
    text = argo_app(helm)
    assert fixed("m.yaml", text) == text + "            enableAuthentication: true\n"


def test_flux_values_files_of_the_chart_are_unknown():
    text = flux(SECURE).replace("      version:", "      valuesFiles: [values-production.yaml]\n"
                                              "      version:")
    assert codes(text) == []
    assert codes(flux().replace("      version:", "      valuesFiles: [values-production.yaml]\n"
                                             "      version:")) == []


def test_display_only_fixes_are_reported_not_applied(tmp_path, cli):
    (tmp_path / "r.yaml").write_text(flux())
    run = cli("--format", "json", "r.yaml", cwd=tmp_path)
    import json

    fixes = {d["rule"]: d["fix"] for d in json.loads(run.out)["diagnostics"]}
    assert fixes["ETCD002"] == {
        "title": "set auth.client.secureTransport and auth.client.enableAuthentication to "
                 "true, with auth.client.existingSecret naming a Secret that holds the "
                 "certificate, key and CA",
        "applicability": "display-only", "edits": []}
    assert cli("--fix", "--unsafe-fixes", "-q", "r.yaml", cwd=tmp_path).code == 1
    assert (tmp_path / "r.yaml").read_text() == flux()


def test_flux_values_from_a_configmap_beside_the_release(tmp_path):
    extra = "  valuesFrom:\n    - kind: ConfigMap\n      name: etcd-values\n"
    release = tmp_path / "release.yaml"
    release.write_text(flux(extra=extra))
    insecure = "auth:\n  client:\n    secureTransport: false\n"
    (tmp_path / "values-cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-values\n  namespace: db\n"
        "data:\n  values.yaml: |\n" + indent(SECURE, 4))
    assert codes(release.read_text(), str(release)) == []
    # The findings its values decide are placed at the valuesFrom item.
    (tmp_path / "values-cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-values\n  namespace: db\n"
        "data:\n  values.yaml: |\n" + indent(insecure, 4))
    assert codes(release.read_text(), str(release)) == \
        at("10:14", ["ETCD004", "ETCD004", "ETCD005", "ETCD105", "ETCD105"]) + \
        at("16:7", ["ETCD001", "ETCD001", "ETCD002", "ETCD007", "ETCD104", "ETCD104", "ETCD104"])


def test_flux_values_from_a_kustomize_generated_configmap(tmp_path):
    extra = "  valuesFrom:\n    - kind: ConfigMap\n      name: etcd-values\n"
    release = tmp_path / "release.yaml"
    release.write_text(flux(extra=extra))
    (tmp_path / "kustomization.yaml").write_text(
        "namespace: db\nresources: [release.yaml]\nconfigMapGenerator:\n  - name: etcd-values\n"
        "    files:\n      - values.yaml=etcd-values.yaml\n")
    (tmp_path / "etcd-values.yaml").write_text(SECURE)
    assert codes(release.read_text(), str(release)) == []
    (tmp_path / "etcd-values.yaml").write_text(SECURE.replace(
        "enableAuthentication: true\n  peer", "enableAuthentication: false\n  peer"))
    assert codes(release.read_text(), str(release)) == ["16:7 ETCD002", "16:7 ETCD007"]
    outcome = fix(str(release), release.read_text())
    assert outcome.fixed.decode() == release.read_text()  # not this file's value: no fix


@pytest.mark.parametrize("where,expected", [
    ("  namespace: db\n", [
        "10:14 ETCD004", "10:14 ETCD004", "10:14 ETCD005", "10:14 ETCD105", "10:14 ETCD105",
        "16:7 ETCD001", "16:7 ETCD001", "16:7 ETCD002", "16:7 ETCD007", "16:7 ETCD104",
        "16:7 ETCD104", "16:7 ETCD104"]),
    ("  namespace: other\n", []),  # not the release's ConfigMap: its values are not read
    ("", []),  # a namespace on one side only: the deploy decides, the values are unknown
    ('  namespace: ""\n', []),  # (an empty one is none, as in the release's own file)
])
def test_flux_values_from_beside_the_release_follow_its_namespace(tmp_path, where, expected):
    extra = "  valuesFrom:\n    - kind: ConfigMap\n      name: etcd-values\n"
    release = tmp_path / "release.yaml"
    release.write_text(flux(extra=extra))
    (tmp_path / "values-cm.yaml").write_text(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-values\n{where}data:\n"
        "  values.yaml: |\n    auth:\n      client:\n        secureTransport: false\n")
    assert codes(release.read_text(), str(release)) == expected
    # Another ConfigMap of that name in the release's namespace is the one read.
    (tmp_path / "z-values-cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-values\n  namespace: db\n"
        "data:\n  values.yaml: |\n" + indent(SECURE, 4))
    assert codes(release.read_text(), str(release)) == (expected if where == "  namespace: db\n"
                                                         else [])


@pytest.mark.parametrize("kustomization,expected", [
    ("namespace: db\n", ["16:7 ETCD002", "16:7 ETCD007"]),
    ("namespace: other\n", []),
    ("", []),
])
def test_flux_values_from_a_generated_configmap_follow_its_namespace(tmp_path, kustomization,
                                                                    expected):
    extra = "  valuesFrom:\n    - kind: ConfigMap\n      name: etcd-values\n"
    release = tmp_path / "release.yaml"
    release.write_text(flux(extra=extra))
    (tmp_path / "kustomization.yaml").write_text(
        kustomization + "resources: [release.yaml]\nconfigMapGenerator:\n  - name: etcd-values\n"
        "    files:\n      - values.yaml=etcd-values.yaml\n")
    (tmp_path / "etcd-values.yaml").write_text(SECURE.replace(
        "enableAuthentication: true\n  peer", "enableAuthentication: false\n  peer"))
    assert codes(release.read_text(), str(release)) == expected


def test_k3s_helmchartconfig_of_the_same_name_is_layered_on_top():
    config = ("---\napiVersion: helm.cattle.io/v1\nkind: HelmChartConfig\n"
              "metadata:\n  name: etcd\n  namespace: kube-system\nspec:\n"
              "  valuesContent: |-\n    auth:\n      client:\n        enableAuthentication: false\n")
    assert codes(helmchart(SECURE) + config) == ["29:31 ETCD002", "29:31 ETCD007"]
    other = config.replace("  name: etcd\n", "  name: traefik\n")
    assert codes(helmchart(SECURE) + other) == []


def test_every_rule_reads_what_extra_env_vars_set():
    values = SECURE + ("extraEnvVars:\n"
                       "  - name: ETCD_TLS_MIN_VERSION\n"
                       "    value: TLS1.1\n"
                       "  - name: ETCD_CIPHER_SUITES\n"
                       "    value: TLS_RSA_WITH_RC4_128_SHA\n"
                       "  - name: ETCD_AUTH_TOKEN\n"
                       "    value: simple\n")
    assert codes(flux(values)) == ["27:16 ETCD107", "29:16 ETCD108", "31:16 ETCD112"]


@pytest.mark.parametrize("key,value,says", [
    ("command", "[/bin/sh, -c, 'exec etcd']", "replaces etcd's command line"),
    ("configuration", "'client-transport-security: {}'", "gives etcd a config file"),
])
def test_a_release_that_replaces_what_etcd_runs_is_not_judged_and_says_so(
        tmp_path, cli, key, value, says):
    (tmp_path / "etcd.yaml").write_text(flux(f"{key}: {value}\n"))
    run = cli("etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, (
        "No problems found in 1 file (1 etcd configuration).\n"
        f"etcd.yaml:10:14: note: the chart value {key} {says}, which etcdlint does not "
        "model: this release is not judged\n"))
    report = json.loads(cli("--format", "json", "etcd.yaml", cwd=tmp_path).out)
    assert report["summary"]["notes"] == [
        f"etcd.yaml:10:14: note: the chart value {key} {says}, which etcdlint does not model: "
        "this release is not judged"]
