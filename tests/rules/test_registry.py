"""The rule registry's table (etcdlint/rules/__init__.py) says of every rule what its module
says, so that a run can import a rule's module only when it needs the rule."""

from importlib import import_module
from pathlib import Path

import etcdlint.rules as registry
from etcdlint.engine.suppress import comment_directives
from etcdlint.rules.base import RuleOptions, RunView
from etcdlint.sources import FileContext, locate_all
from etcdlint.text.compose import compose_documents
from etcdlint.text.textfile import LineIndex
from conftest import etcd_pod

RULES_DIR = Path(registry.__file__).parent
APISERVER = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command:
    - kube-apiserver
    - --etcd-servers=http://10.0.0.5:2379
    - --client-ca-file=/p/ca.crt
"""


def every_module():
    """``{code: module name}`` from the rule modules themselves (every etcdNNN_*.py)."""
    found = {}
    for path in sorted(RULES_DIR.glob("etcd[0-9][0-9][0-9]_*.py")):
        module = import_module(f"etcdlint.rules.{path.stem}")
        found[module.RULE.code] = path.stem
    return found


def kind_of(rule):
    kinds = [kind for kind, there in (
        (registry.CHECK, rule.check), (registry.DOCUMENTS, rule.check_documents),
        (registry.SUPPRESSIONS, rule.check_suppressions)) if there is not None]
    if rule.check_run is not None:
        kinds.append("run")
    return kinds


def test_the_table_names_every_rule_module_by_its_code_in_code_order():
    modules = every_module()
    assert {code: module for code, (module, _) in registry.MODULES.items()} == modules
    assert list(registry.ALL_CODES) == sorted(modules)
    assert registry.CODES == frozenset(modules)


def test_the_table_gives_each_rule_the_kind_of_check_its_module_has():
    for code, (module, kind) in registry.MODULES.items():
        rule = import_module(f"etcdlint.rules.{module}").RULE
        expected = ["run"] if kind in (registry.RUN_ON_ETCD, registry.RUN_ON_APISERVERS) \
            else [kind] if kind else []
        assert (code, kind_of(rule)) == (code, expected)


def test_the_table_gives_each_cross_file_check_the_settings_it_reads():
    for code in registry.ALL_CODES:
        rule = registry.rule(code)
        assert (code, registry.RUN_SETTINGS_BY_CODE.get(code, ())) == (code, rule.run_settings)
    assert registry.RUN_SETTINGS == frozenset(
        name for rule in registry.RULES for name in rule.run_settings)


def test_rules_and_by_code_hold_every_rule_in_order():
    assert [rule.code for rule in registry.RULES] == list(registry.ALL_CODES)
    assert all(registry.BY_CODE[code] is registry.rule(code) for code in registry.ALL_CODES)


def configurations(text, path="m.yaml"):
    documents, _ = compose_documents(text)
    return list(locate_all(FileContext(path, text, documents)))


def test_a_cross_file_check_on_api_servers_finds_nothing_in_a_run_without_one():
    """What lets a run that found no API server leave these rules' modules unimported."""
    etcd = configurations(etcd_pod(), "etcd.yaml")
    assert etcd and etcd[0].__class__.__name__ == "EtcdConfig"
    run = RunView(etcd, [])
    for code in registry.codes_of(registry.RUN_ON_APISERVERS):
        assert (code, list(registry.rule(code).check_run(run, RuleOptions()))) == (code, [])
    # (and with the API server, each of them has something to say of this one)
    with_api = RunView(etcd, configurations(APISERVER, "api.yaml"))
    assert [code for code in registry.codes_of(registry.RUN_ON_APISERVERS)
            if list(registry.rule(code).check_run(with_api, RuleOptions()))] == [
        "ETCD101", "ETCD102", "ETCD103"]


def test_a_cross_file_check_on_etcd_finds_nothing_in_a_run_without_etcd():
    apiservers = configurations(APISERVER, "api.yaml")
    assert apiservers and apiservers[0].__class__.__name__ == "ApiServerConfig"
    run = RunView([], apiservers)
    for code in registry.codes_of(registry.RUN_ON_ETCD):
        assert (code, list(registry.rule(code).check_run(run, RuleOptions()))) == (code, [])


def test_a_suppression_check_finds_nothing_in_a_file_without_suppressions():
    for code in registry.codes_of(registry.SUPPRESSIONS):
        check = registry.rule(code).check_suppressions
        assert (code, list(check("m.yaml", [], registry.CODES, registry.CODES))) == (code, [])
    # (and with one that suppresses nothing, or names no rule, one of them speaks)
    text = "kind: ConfigMap  # etcdlint: disable-file=ETCD002,ETCD999\n"
    suppressions = comment_directives(text, LineIndex(text))
    assert [(d.rule, d.message) for code in registry.codes_of(registry.SUPPRESSIONS) for d in
            registry.rule(code).check_suppressions("m.yaml", suppressions, registry.CODES,
                                                   registry.CODES)] == [
        ("ETCD301", "ETCD002 in this suppression suppresses nothing"),
        ("ETCD302", "ETCD999 in this suppression is not an etcdlint rule")]


def test_checks_are_the_enabled_configuration_checks_in_order_made_once():
    enabled = frozenset(("ETCD216", "ETCD001", "ETCD007", "ETCD212", "ETCD002"))
    first = registry.checks(enabled)
    assert [rule.code for rule in first] == ["ETCD001", "ETCD002", "ETCD216"]
    assert registry.checks(frozenset(enabled)) is first


def test_run_checks_follow_what_the_run_found_and_the_selection():
    every = lambda code: True  # noqa: E731
    assert [r.code for r in registry.run_checks(every, False, False)] == []
    assert [r.code for r in registry.run_checks(every, True, False)] == ["ETCD007"]
    assert [r.code for r in registry.run_checks(every, False, True)] == [
        "ETCD101", "ETCD102", "ETCD103", "ETCD214"]
    assert [r.code for r in registry.run_checks(lambda code: code != "ETCD102", True, True)] \
        == ["ETCD007", "ETCD101", "ETCD103", "ETCD214"]


def test_an_unknown_attribute_is_an_attribute_error():
    try:
        registry.NO_SUCH_NAME
    except AttributeError as exc:
        assert str(exc) == "module 'etcdlint.rules' has no attribute 'NO_SUCH_NAME'"
    else:
        raise AssertionError("no AttributeError")
